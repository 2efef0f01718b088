/** `qar export FILE.qar --out X.json`: the lossless JSON export (values, change log, narrative, images, comments). */
import { openWorkspace } from '../service';
import { parseArgs, requireExtension } from './args';
import type { CliCommand } from './types';

const USAGE = 'qar export 工作区.qar --out 输出.json';

export const command: CliCommand = {
  summary: '把工作区完整导出为 JSON（含修改记录和图片）',
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['工作区文件（.qar）'],
      options: { out: 'string' },
      required: ['out'],
    });
    const out = a.strings.out!;
    requireExtension(out, '.json', '输出文件');
    const s = await openWorkspace(a.positionals[0]!, { readonly: true });
    try {
      const bytes = s.exportJsonFile(out);
      console.log(`已导出到 ${out}（${(bytes / 1024).toFixed(1)} KB）。`);
    } finally {
      s.close();
    }
    return 0;
  },
};
