/**
 * What the compliance matrix shows under its filters (pure, so a test can check it without a browser): the rule
 * columns (by table, severity and status), the school rows (by status and a name search), the header groups
 * (runs of the same 规则类别 or 数据表 over the columns), and each school's counts over the columns shown.
 */
import type { ReviewRunOut } from '../../../core/api/review-contract';
import type { CellStatus } from './status';

export type MatrixRule = ReviewRunOut['rules'][number];
export type StatusFilter = 'all' | 'fail' | 'unconfirmed' | 'issues' | 'nodata';
export type SeverityFilter = 'all' | MatrixRule['severity'];
export type GroupBy = 'kind' | 'table';

export interface MatrixFilter {
  /** a ruleTables id, or 'all' */
  table: string;
  severity: SeverityFilter;
  status: StatusFilter;
  /** part of a school's name or code */
  query: string;
  groupBy: GroupBy;
}

export const DEFAULT_MATRIX_FILTER: MatrixFilter = {
  table: 'all',
  severity: 'all',
  status: 'all',
  query: '',
  groupBy: 'kind',
};

export const STATUS_FILTER_LABEL: Readonly<Record<StatusFilter, string>> = {
  all: '全部状态',
  fail: '未通过',
  unconfirmed: '待核实',
  issues: '未通过或待核实',
  nodata: '无数据',
};

const WANTED: Readonly<Record<StatusFilter, readonly CellStatus[] | null>> = {
  all: null,
  fail: ['fail'],
  unconfirmed: ['unconfirmed'],
  issues: ['fail', 'unconfirmed'],
  nodata: ['nodata'],
};

export interface MatrixRowView {
  /** index into result.schools / result.rows */
  index: number;
  name: string;
  code: string;
  level: string;
  cells: Record<string, CellStatus>;
  /** over the columns shown */
  counts: Record<CellStatus, number>;
}

export interface MatrixGroup {
  label: string;
  /** index of the first column in rules */
  start: number;
  span: number;
}

export interface MatrixViewModel {
  rules: MatrixRule[];
  rows: MatrixRowView[];
  groups: MatrixGroup[];
  /** column indexes that start a group (drawn with a stronger left border) */
  groupStarts: ReadonlySet<number>;
}

/** A rule that reads most of the tables (the built-in checks, 正文数字) is grouped as 多张数据表. */
const MANY_TABLES = 4;

function tableGroup(rule: MatrixRule, names: ReadonlyMap<string, string>): string {
  if (rule.tables.length >= MANY_TABLES) return '多张数据表';
  const first = rule.tables[0];
  return first ? (names.get(first) ?? first) : '其他';
}

export function matrixView(r: ReviewRunOut, f: MatrixFilter): MatrixViewModel {
  const wanted = WANTED[f.status];
  let rules = r.rules.filter(
    (rule) =>
      (f.table === 'all' || rule.tables.includes(f.table)) &&
      (f.severity === 'all' || rule.severity === f.severity) &&
      (!wanted || wanted.some((st) => (r.ruleCounts[rule.id]?.[st] ?? 0) > 0)),
  );
  const names = new Map(r.ruleTables.map((t) => [t.id, t.name]));
  const labelOf = (rule: MatrixRule) => (f.groupBy === 'kind' ? rule.group : tableGroup(rule, names));
  if (f.groupBy === 'table') {
    // columns by table order (多张数据表 last), keeping the kind order within a table
    const rank = new Map(r.ruleTables.map((t, i) => [t.name, i]));
    const key = (rule: MatrixRule) => rank.get(labelOf(rule)) ?? r.ruleTables.length;
    rules = rules
      .map((rule, i) => ({ rule, i }))
      .sort((a, b) => key(a.rule) - key(b.rule) || a.i - b.i)
      .map((x) => x.rule);
  }

  const q = f.query.trim().toLowerCase();
  const rows: MatrixRowView[] = [];
  r.schools.forEach((s, index) => {
    const row = r.rows[index];
    if (!row) return;
    if (q && !s.name.toLowerCase().includes(q) && !s.code.toLowerCase().includes(q)) return;
    const counts: Record<CellStatus, number> = { pass: 0, fail: 0, unconfirmed: 0, nodata: 0 };
    for (const rule of rules) {
      const st = row.cells[rule.id] as CellStatus | undefined;
      if (st) counts[st]++;
    }
    if (wanted && !wanted.some((st) => counts[st] > 0)) return;
    rows.push({
      index,
      name: s.name,
      code: s.code,
      level: s.level,
      cells: row.cells as Record<string, CellStatus>,
      counts,
    });
  });

  const groups: MatrixGroup[] = [];
  rules.forEach((rule, i) => {
    const label = labelOf(rule);
    const last = groups[groups.length - 1];
    if (last && last.label === label) last.span++;
    else groups.push({ label, start: i, span: 1 });
  });
  return { rules, rows, groups, groupStarts: new Set(groups.map((g) => g.start)) };
}

/** Where the keyboard is in the grid: row -1 is the rule headers, column -1 the school names. */
export interface GridPos {
  r: number;
  c: number;
}

/** The next position for a key (Excel's moves), or null when the key is not a move. */
export function moveInGrid(
  pos: GridPos,
  key: string,
  mod: { ctrl: boolean },
  size: { rows: number; cols: number },
  page = 10,
): GridPos | null {
  const maxR = size.rows - 1;
  const maxC = size.cols - 1;
  const clamp = (p: GridPos): GridPos => ({
    r: Math.max(-1, Math.min(maxR, p.r)),
    c: Math.max(-1, Math.min(maxC, p.c)),
  });
  switch (key) {
    case 'ArrowUp':
      return clamp({ r: mod.ctrl ? -1 : pos.r - 1, c: pos.c });
    case 'ArrowDown':
      return clamp({ r: mod.ctrl ? maxR : pos.r + 1, c: pos.c });
    case 'ArrowLeft':
      return clamp({ r: pos.r, c: mod.ctrl ? -1 : pos.c - 1 });
    case 'ArrowRight':
      return clamp({ r: pos.r, c: mod.ctrl ? maxC : pos.c + 1 });
    case 'Home':
      return clamp(mod.ctrl ? { r: 0, c: -1 } : { r: pos.r, c: -1 });
    case 'End':
      return clamp(mod.ctrl ? { r: maxR, c: maxC } : { r: pos.r, c: maxC });
    case 'PageUp':
      return clamp({ r: pos.r - page, c: pos.c });
    case 'PageDown':
      return clamp({ r: pos.r + page, c: pos.c });
    default:
      return null;
  }
}
