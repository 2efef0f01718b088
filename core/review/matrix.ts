/**
 * The compliance matrix: schools × rules, each cell 通过 / 未通过 / 待核实 / 无数据 (or blank when the rule does
 * not apply to that school: another level's framework, or a rule for other school categories), with counts per
 * school and per rule. Built from the validation engine's `ruleStatus`. Pure.
 */
import type { Framework } from '../framework/schema';
import { BUILTIN_RULES } from '../validate/rules/index';
import type { ValidationResult } from '../validate/types';
import type { ReviewLevel } from './aggregate';

export type CellStatus = 'pass' | 'fail' | 'unconfirmed' | 'nodata';
export const CELL_STATUSES: readonly CellStatus[] = ['pass', 'fail', 'unconfirmed', 'nodata'];
export const STATUS_LABEL: Readonly<Record<CellStatus, string>> = {
  pass: '通过',
  fail: '未通过',
  unconfirmed: '待核实',
  nodata: '无数据',
};

/** Titles of the engine's built-in checks (not in any framework file), from the rule modules themselves. */
export const BUILTIN_RULE_TITLES: Readonly<Record<string, string>> = Object.fromEntries(
  BUILTIN_RULES.map((m) => [m.id, m.title]),
);

export interface MatrixRule {
  id: string;
  title: string;
  /** levels whose framework has this rule */
  levels: ReviewLevel[];
}

export type StatusCounts = Record<CellStatus, number>;

export interface MatrixRow {
  name: string;
  code: string;
  level: ReviewLevel;
  /** by rule id; absent = not applicable */
  cells: Record<string, CellStatus>;
  counts: StatusCounts;
}

export interface ComplianceMatrix {
  rules: MatrixRule[];
  rows: MatrixRow[];
  /** per rule id: how many schools are in each status */
  ruleCounts: Record<string, StatusCounts>;
}

export interface MatrixInput {
  name: string;
  code: string;
  level: ReviewLevel;
  fw: Framework;
  result: Pick<ValidationResult, 'ruleStatus'>;
}

export const emptyCounts = (): StatusCounts => ({ pass: 0, fail: 0, unconfirmed: 0, nodata: 0 });

/** Columns: the built-in checks, then 高职 framework rules in file order, then rules only the 中职 framework has. */
export function buildComplianceMatrix(schools: readonly MatrixInput[]): ComplianceMatrix {
  const rules = new Map<string, MatrixRule>();
  const add = (id: string, title: string, level: ReviewLevel) => {
    const r = rules.get(id);
    if (!r) rules.set(id, { id, title, levels: [level] });
    else if (!r.levels.includes(level)) r.levels.push(level);
  };
  const ordered = [...schools].sort((a, b) => (a.level === b.level ? 0 : a.level === '高职' ? -1 : 1));
  const seenFw = new Set<Framework>();
  for (const s of ordered) {
    for (const [id, title] of Object.entries(BUILTIN_RULE_TITLES)) add(id, title, s.level);
    if (seenFw.has(s.fw)) continue;
    seenFw.add(s.fw);
    for (const r of s.fw.rules) add(r.id, r.title, s.level);
  }
  const ruleCounts: Record<string, StatusCounts> = {};
  for (const id of rules.keys()) ruleCounts[id] = emptyCounts();
  const rows: MatrixRow[] = schools.map((s) => {
    const cells: Record<string, CellStatus> = {};
    const counts = emptyCounts();
    for (const [id, st] of Object.entries(s.result.ruleStatus)) {
      if (!rules.has(id)) add(id, id, s.level);
      cells[id] = st;
      counts[st]++;
      ruleCounts[id] ??= emptyCounts();
      (ruleCounts[id] as StatusCounts)[st]++;
    }
    return { name: s.name, code: s.code, level: s.level, cells, counts };
  });
  return { rules: [...rules.values()], rows, ruleCounts };
}
