/**
 * `qar report`'s arguments and their rules, in a module of their own: the command (./report.ts) refuses with them,
 * and its photo head start (./report-head-start.ts), which runs before the command loads, starts nothing for
 * arguments the command will refuse (photos handed to sharp cannot be called back, and would hold the refusal's
 * exit until they were done).
 */
import { CHART_EXPORT_MODES, type ChartExportMode } from '../docx/chart-modes';
import { getReportStyles } from '../docx/styles';
import { QarError } from '../errors';
import { reportFormatOf } from '../pdf/report-format';
import { parseArgs } from './args';

export const REPORT_USAGE =
  'qar report 工作区.qar [--year 年度] [--styles official（公文版式）|report（报告版式）|official-gb2312] [--charts native|png] --out 报告.docx|报告.pdf';

export interface ReportArgs {
  path: string;
  out: string;
  format: 'docx' | 'pdf';
  charts: ChartExportMode;
  year?: number;
  /** --styles, checked to name a layout */
  styles?: string;
}

function parseCharts(text: string | undefined): ChartExportMode {
  if (text === undefined) return 'native';
  if ((CHART_EXPORT_MODES as readonly string[]).includes(text)) return text as ChartExportMode;
  throw new QarError(
    'BAD_INPUT',
    `参数有误：--charts 应为 native（可编辑的 Word 图表）或 png（图片），收到「${text}」。用法：${REPORT_USAGE}`,
  );
}

function parseYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const y = Number(text);
  if (!/^\d{4}$/.test(text) || y < 2000 || y > 2100) {
    throw new QarError('BAD_INPUT', `参数有误：年度「${text}」不是 2000–2100 之间的四位年份。用法：${REPORT_USAGE}`);
  }
  return y;
}

/** The report's arguments, or a Chinese QarError naming what is wrong. */
export function parseReportArgs(args: readonly string[]): ReportArgs {
  const a = parseArgs(args, {
    usage: REPORT_USAGE,
    positionals: ['工作区文件（.qar）'],
    options: { year: 'string', out: 'string', styles: 'string', charts: 'string' },
    required: ['out'],
  });
  const out = a.strings.out as string;
  if (!/\.(docx|pdf)$/i.test(out))
    throw new QarError(
      'BAD_INPUT',
      `参数有误：输出文件应以 .docx 或 .pdf 结尾（收到「${out}」）。用法：${REPORT_USAGE}`,
    );
  const format = reportFormatOf(out);
  const charts = parseCharts(a.strings.charts);
  const year = parseYear(a.strings.year);
  // an unknown --styles is refused before the file is opened
  const styles = a.strings.styles;
  if (styles !== undefined) getReportStyles(styles);
  return {
    path: a.positionals[0] as string,
    out,
    format,
    charts,
    ...(year !== undefined ? { year } : {}),
    ...(styles !== undefined ? { styles } : {}),
  };
}
