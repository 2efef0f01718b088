/**
 * `qar export FILE.qar --out X.json`: the lossless JSON export (values, change log, narrative, images, comments).
 * `qar export FILE.qar --out X.xlsx`: the indicator workbook for editors (one sheet per table, years as columns).
 */
import { QarError } from '../errors';
import { writeAtomically } from '../fs/atomic';
import { handOverNotice, openWorkspace } from '../service';
import { exportWorkspaceXlsx } from '../xlsx/session';
import { parseArgs } from './args';
import { fileSizeText } from './file-size';
import type { CliCommand } from './types';

const USAGE = 'qar export 工作区.qar --out 输出.json|输出.xlsx';

export const command: CliCommand = {
  summary: '把工作区完整导出为 JSON（含修改记录和图片），或把指标数据导出为 Excel',
  usage: USAGE,
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['工作区文件（.qar）'],
      options: { out: 'string' },
      required: ['out'],
    });
    const out = a.strings.out!;
    const lower = out.toLowerCase();
    const xlsx = lower.endsWith('.xlsx');
    if (!xlsx && !lower.endsWith('.json')) {
      throw new QarError(
        'BAD_INPUT',
        `参数有误：输出文件「${out}」应以 .json 结尾（完整导出）或以 .xlsx 结尾（指标数据表）。`,
      );
    }
    const s = await openWorkspace(a.positionals[0]!, { readonly: true });
    try {
      const notice = handOverNotice(s);
      if (notice) console.log(notice);
      const bytes = xlsx ? await exportXlsx(s, out) : s.exportJsonFile(out);
      console.log(`已导出到 ${out}（${fileSizeText(bytes)}）。`);
    } finally {
      s.close();
    }
    return 0;
  },
};

async function exportXlsx(s: Awaited<ReturnType<typeof openWorkspace>>, out: string): Promise<number> {
  const bytes = await exportWorkspaceXlsx(s);
  writeAtomically(out, bytes, '文件是否正在 Excel 中打开');
  return bytes.length;
}
