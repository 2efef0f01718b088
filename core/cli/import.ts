/** `qar import X.json --into Y.qar [--replace]`: writes a JSON export as a new workspace file (atomically). */
import { importJsonFile } from '../service';
import { parseArgs, requireExtension } from './args';
import type { CliCommand } from './types';

const USAGE = 'qar import 导出.json --into 工作区.qar [--replace]';

export const command: CliCommand = {
  summary: '把 JSON 导出文件还原为工作区文件（.qar）',
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['JSON 文件'],
      options: { into: 'string', replace: 'boolean' },
      required: ['into'],
    });
    const input = a.positionals[0]!;
    const into = a.strings.into!;
    requireExtension(input, '.json', '输入文件（目前只支持 JSON 导出文件）');
    requireExtension(into, '.qar', '目标文件');
    const exp = importJsonFile(input, into, { replace: a.flags.replace === true });
    console.log(
      `已导入到 ${into}：${exp.profile.name}，${exp.values.length} 项指标数据，${exp.blocks.length} 个内容块，${exp.assets.length} 张图片。`,
    );
    return 0;
  },
};
