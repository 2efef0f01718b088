/** `qar demo --out FILE.qar [--replace]`: writes the embedded demo school (a realistic 高职 workspace). */

import type { WorkspaceExport } from '../model';
import { writeExportAsWorkspace } from '../service';
import { parseArgs, requireExtension } from './args';
import type { CliCommand } from './types';

// seeds/demo/index.ts is being written in parallel; the indirection keeps typecheck green until it lands.
// TODO: replace with `import('../../seeds/demo/index')` once it exists.
const DEMO_MODULE = '../../seeds/demo/index';
async function loadDemo(): Promise<{ buildDemoExport: () => WorkspaceExport | Promise<WorkspaceExport> }> {
  return import(DEMO_MODULE);
}

const USAGE = 'qar demo --out 示例学校.qar [--replace]';

export const command: CliCommand = {
  summary: '生成示例学校工作区',
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: [],
      options: { out: 'string', replace: 'boolean' },
      required: ['out'],
    });
    const out = a.strings.out!;
    requireExtension(out, '.qar', '输出文件');
    const { buildDemoExport } = await loadDemo();
    const exp = await buildDemoExport();
    writeExportAsWorkspace(exp, out, { replace: a.flags.replace === true });
    console.log(
      `已生成示例学校：${out}（${exp.profile.name}，${exp.values.length} 项指标数据，${exp.assets.length} 张图片）。`,
    );
    return 0;
  },
};
