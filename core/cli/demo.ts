/** `qar demo FILE.qar [--replace]` (or `--out FILE.qar`, as `qar new` takes it): writes the embedded demo school (a realistic 高职 workspace). */

import { writeExportAsWorkspace } from '../service';
import { outputPositionalOrOut, parseArgs, requireExtension } from './args';
import type { CliCommand } from './types';

const USAGE = 'qar demo 示例学校.qar [--replace]（或 qar demo --out 示例学校.qar）';

export const command: CliCommand = {
  summary: '生成示例学校工作区',
  usage: USAGE,
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: [],
      optional: ['输出文件'],
      options: { out: 'string', replace: 'boolean' },
    });
    const out = outputPositionalOrOut(a, USAGE);
    requireExtension(out, '.qar', '输出文件');
    // lazy: the demo (its images and narrative) is only loaded by this command
    const { buildDemoExport } = await import('../../seeds/demo/index');
    const exp = buildDemoExport();
    writeExportAsWorkspace(exp, out, { replace: a.flags.replace === true });
    console.log(
      `已生成示例学校：${out}（${exp.profile.name}，${exp.values.length} 项指标数据，${exp.assets.length} 张图片）。`,
    );
    return 0;
  },
};
