/** Labels and CSS classes of the compliance matrix statuses (colours as in the 审核汇总 workbook). */
import type { ReviewRunOut } from '../../../core/api/review-contract';

export type CellStatus = 'pass' | 'fail' | 'unconfirmed' | 'nodata';
export const STATUSES: readonly CellStatus[] = ['pass', 'fail', 'unconfirmed', 'nodata'];
export const STATUS_LABEL: Readonly<Record<CellStatus, string>> = {
  pass: '通过',
  fail: '未通过',
  unconfirmed: '待核实',
  nodata: '无数据',
};
export const SEVERITY_LABEL = { error: '错误', warning: '警告', info: '提示' } as const;

export type ReviewFinding = ReviewRunOut['findings'][number];

/** A comment target in words, for the dialog and the thread list. */
export function targetText(t: ReviewFinding['target'], r: ReviewRunOut | null): string {
  switch (t.type) {
    case 'cell': {
      const f = r?.findings.find(
        (x) =>
          x.target.type === 'cell' &&
          x.target.indicatorId === t.indicatorId &&
          x.target.year === t.year &&
          x.target.tableId === t.tableId,
      );
      return f ? f.where : `${t.tableId} · ${t.indicatorId} · ${t.year}年`;
    }
    case 'block':
      return '报告中的一段内容';
    case 'finding': {
      const rule = r?.rules.find((x) => x.id === t.ruleId);
      return rule ? `规则「${rule.title}」` : `规则 ${t.ruleId}`;
    }
    default:
      return '整个工作区';
  }
}

export function sameTarget(a: ReviewFinding['target'], b: ReviewFinding['target']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
