/**
 * The report's typography as data (templates/report/styles*.json): fonts, sizes, spacing, page margins. The
 * built-in layouts are compiled in and checked against ./styles-schema.ts by the tests (each parses to exactly
 * itself: valid, with every default already written out), not at each start.
 */
import stylesDefault from '../../templates/report/styles.json';
import stylesGb2312 from '../../templates/report/styles-gb2312.json';
import stylesReport from '../../templates/report/styles-report.json';
import { QarError } from '../errors';
import type { ReportStyles } from './styles-schema';

export type { ReportStyles, TextStyle } from './styles-schema';

/** The built-in layouts as they are shipped (tests/docx-styles.test.ts: each is exactly what the schema gives). */
export const BUILTIN_STYLES: Readonly<Record<string, unknown>> = {
  official: stylesDefault,
  'official-gb2312': stylesGb2312,
  report: stylesReport,
};

/** The built-in layouts a workspace or an export can choose (id and name). */
export const REPORT_LAYOUTS = ['official', 'report', 'official-gb2312'] as const;
export type ReportLayoutId = (typeof REPORT_LAYOUTS)[number];
export function reportLayouts(): { id: ReportLayoutId; name: string; layoutName: string }[] {
  return REPORT_LAYOUTS.map((id) => {
    const st = getReportStyles(id);
    return { id, name: st.name, layoutName: st.layoutName };
  });
}
const cache = new Map<string, ReportStyles>();

/** A built-in style template by id: 'official' (公文版式, default), 'report' (报告版式) or 'official-gb2312'. */
export function getReportStyles(id = 'official'): ReportStyles {
  const hit = cache.get(id);
  if (hit) return hit;
  const data = BUILTIN_STYLES[id];
  if (!data)
    throw new QarError('NOT_FOUND', `没有名为「${id}」的报告样式，可用：${Object.keys(BUILTIN_STYLES).join('、')}。`);
  // a copy: callers may not change the shipped data under each other
  const styles = structuredClone(data) as ReportStyles;
  cache.set(id, styles);
  return styles;
}
