/**
 * District aggregates: many schools' indicator values → one figure per indicator and year, per school level.
 *
 * Rates are never averaged. Each indicator gets one method, decided from the framework:
 * - 合计 (sum): counts, 万元 totals, areas, hours … (additive quantities);
 * - 按公式 (formula): an indicator with a formula that is a ratio of sums (e.g. grad_placed / grad_total * 100)
 *   is recomputed from the district sums of its inputs, over the schools that have every input that year, so a
 *   district 毕业去向落实率 = Σ 落实人数 / Σ 毕业生数 and 生师比 = Σ 折合在校生 / Σ 教师总数;
 * - 加权平均 (weighted): a rate the framework gives no parts for (满意度, 月收入, 生均拨款 …) is weighted by the
 *   base it is a share of (WEIGHTS below), which equals the ratio of the underlying sums;
 * - 最小值 (min) for "…（最低值）" indicators; otherwise 不汇总 (no honest way to combine).
 *
 * Aggregates cannot lie: each school's values come from core/values (the same path as its grid, findings and
 * report: a derived value is computed from its parts, a stale stored copy never wins), and a value that cannot be
 * right — outside its type's range (a share above 100%, a negative count), a part larger than its whole, a stored
 * derived value that conflicts with its formula — is left out of every figure it would enter and listed per
 * school with the reason (`excluded`). An aggregate that would still fall outside its range is not given as a
 * figure (`withheld` says why). Pure: no I/O.
 */
import { type ExprNode, evaluate, identifiersOf, parseExpr } from '../framework/expr';
import { allIndicators, type Framework, type Indicator } from '../framework/schema';
import type { SchoolLevel, SchoolProfile } from '../model';
import { formatIndicatorValue } from '../report/format';
import { valueFramework } from '../values/compile';
import { readableFormula } from '../values/explain';
import { boundedByWhole, rangeProblem } from '../values/range';
import { type IndicatorValues, valuesOf } from '../values/resolve';

export type ReviewLevel = '高职' | '中职';
export type AggregateMethod = 'sum' | 'formula' | 'weighted' | 'min' | 'none';

/** 职业本科 reports with the 高职 tables (教职成司函〔2023〕28号), so it is aggregated with 高职. */
export function reviewLevel(level: SchoolLevel): ReviewLevel {
  return level === '中职' ? '中职' : '高职';
}

/**
 * Bases for rates that have no formula in the frameworks: the rate is a share of this quantity (an expression
 * over the same school's values), so weighting by it reproduces Σ part / Σ base.
 */
export const WEIGHTS: Readonly<Record<string, string>> = {
  grad_local_rate: 'grad_placed',
  grad_relevance_rate: 'grad_contract + grad_flexible + grad_startup',
  grad_monthly_income: 'grad_contract + grad_flexible + grad_startup',
  grad_promotion_rate: 'grad_total',
  sat_graduates: 'grad_total',
  sat_graduates_recent: 'grad_total',
  sat_graduates_3y: 'grad_total',
  sat_employers: 'grad_total',
  sat_students: 'students_fulltime',
  sat_course_ideology: 'students_fulltime',
  sat_course_professional: 'students_fulltime',
  funding_per_student: 'students_fulltime',
  dual_certificate_rate: 'students_fulltime',
  retention_rate: 'students_fulltime',
};

export interface AggregateRow {
  tableId: string;
  tableName: string;
  indicatorId: string;
  name: string;
  unit: string;
  type: Indicator['type'];
  decimals: number;
  /** 0 for a whole, 1 for a part (其中), 2 for a part of a part */
  indent: number;
  method: AggregateMethod;
  /** Chinese: how the figure was obtained, e.g. 「按公式：毕业去向落实人数合计 ÷ 毕业生数合计 × 100」 */
  methodText: string;
  /** district value per year (null = no school has the data, or not aggregable) */
  values: Record<number, number | null>;
  /** schools that contributed per year */
  contributing: Record<number, number>;
  /** schools whose data was left out per year (their values are listed in LevelAggregate.excluded) */
  excludedCount: Record<number, number>;
  /** a figure not given because it would fall outside the indicator's range: why, per year */
  withheld: Record<number, string>;
  /** schools that marked the indicator 「不适用」 that year (no value; core/values ResolvedValue.notApplicable) */
  notApplicable: Record<number, number>;
  /** method 'formula': the indicators it is computed from (each a row of its own), else [] */
  inputs: string[];
}

/** One school's value left out of the aggregates, and why. */
export interface AggregateExclusion {
  school: string;
  code: string;
  year: number;
  indicatorId: string;
  /** the indicator's name */
  name: string;
  /** the value as the school's grid shows it ('' when it has none) */
  value: string;
  /** Chinese: 「百分比应在 0～100 之间」, 「填报值 3389人 与按公式计算的 2184人 不一致」 … */
  reason: string;
  /** the aggregate rows this school is missing from because of it */
  rows: string[];
}

/** What aggregateLevel needs of a school: its stored values and marks (core/values), and its name for the exclusion list. */
export interface AggregateSchool {
  values: Iterable<{ year: number; indicatorId: string; value: number | null; notApplicable?: boolean }>;
  profile?: Pick<SchoolProfile, 'name' | 'code'>;
}

export interface LevelAggregate {
  level: ReviewLevel;
  frameworkId: string;
  frameworkTitle: string;
  schoolCount: number;
  years: number[];
  rows: AggregateRow[];
  /** every value left out, per school, in school then table order */
  excluded: AggregateExclusion[];
}

/** Is the expression a sum of terms (each an indicator or constant, scaled by constants)? */
function isLinear(n: ExprNode): boolean {
  switch (n.type) {
    case 'num':
    case 'id':
      return true;
    case 'unary':
      return (n.op === '-' || n.op === '+') && isLinear(n.arg);
    case 'binary':
      if (n.op === '+' || n.op === '-') return isLinear(n.left) && isLinear(n.right);
      if (n.op === '*') return (isConst(n.left) && isLinear(n.right)) || (isLinear(n.left) && isConst(n.right));
      if (n.op === '/') return isLinear(n.left) && isConst(n.right);
      return false;
    default:
      return false;
  }
}
function isConst(n: ExprNode): boolean {
  return identifiersOf(n).length === 0 && isLinear(n);
}

/** True when evaluating the formula over summed inputs gives the district value: linear, or linear ÷ linear (× const). */
export function isRatioOfSums(n: ExprNode): boolean {
  if (isLinear(n)) return true;
  if (n.type !== 'binary') return false;
  if (n.op === '/' && isLinear(n.left) && isLinear(n.right)) return true;
  if (n.op === '*' || n.op === '/') {
    if (isConst(n.right)) return isRatioOfSums(n.left);
    if (n.op === '*' && isConst(n.left)) return isRatioOfSums(n.right);
  }
  return false;
}

/** Parsed formulas of a framework (core/values compiles them once per framework object). */
function frameworkFormulas(fw: Framework): Map<string, ExprNode> {
  const m = new Map<string, ExprNode>();
  for (const d of valueFramework(fw).derived) if (d.formula) m.set(d.ind.id, d.formula);
  return m;
}

function nameOf(fw: Framework, id: string): string {
  return allIndicators(fw).find((i) => i.id === id)?.name ?? id;
}

/** 「毕业去向落实人数合计 ÷ 毕业生数合计 × 100」: the formula in words, for the 汇总方法 column. */
function formulaText(fw: Framework, src: string): string {
  return readableFormula(src, (id) => `${nameOf(fw, id)}合计`);
}

function isAdditive(ind: Indicator): boolean {
  if (ind.type === 'count') return true;
  if (ind.type === 'money') return ind.unit.includes('万');
  if (ind.type === 'number') return !ind.unit.includes('/') && !ind.id.endsWith('_min');
  return false;
}

interface Plan {
  method: AggregateMethod;
  text: string;
  formula?: ExprNode;
  inputs?: string[];
  weight?: ExprNode;
}

function planFor(fw: Framework, ind: Indicator, formulas: Map<string, ExprNode>): Plan {
  const f = formulas.get(ind.id);
  if (f && ind.formula) {
    if (isRatioOfSums(f)) {
      return {
        method: 'formula',
        text: `按公式：${formulaText(fw, ind.formula)}`,
        formula: f,
        inputs: identifiersOf(f),
      };
    }
    return { method: 'none', text: '不汇总（公式不是“合计之比”，无法由各校数据合成）' };
  }
  const w = WEIGHTS[ind.id];
  if (w) {
    const node = parseExpr(w);
    const known = identifiersOf(node).every((id) => allIndicators(fw).some((i) => i.id === id));
    if (known)
      return { method: 'weighted', text: `加权平均（权数：${formulaText(fw, w).replace(/合计/g, '')}）`, weight: node };
  }
  if (ind.id.endsWith('_min')) return { method: 'min', text: '各校最小值' };
  if (isAdditive(ind)) return { method: 'sum', text: '各校合计' };
  return { method: 'none', text: '不汇总（比率类指标，缺少可合计的分子分母）' };
}

function depthOf(byId: Map<string, Indicator>, ind: Indicator): number {
  let d = 0;
  let cur: Indicator | undefined = ind;
  while (cur?.partOf && byId.has(cur.partOf) && d < 3) {
    d++;
    cur = byId.get(cur.partOf);
  }
  return d;
}

/** One school's values (core/values) and what is wrong with any of them. */
class SchoolValues {
  readonly vals: IndicatorValues;
  /** by year, then indicator id: null = no problem */
  private readonly problems = new Map<number, Map<string, string | null>>();
  constructor(
    readonly school: AggregateSchool,
    fw: Framework,
    private readonly byId: ReadonlyMap<string, Indicator>,
    private readonly parts: ReadonlyMap<string, readonly Indicator[]>,
  ) {
    this.vals = valuesOf(school, fw);
  }

  value(year: number, id: string): number | undefined {
    return this.vals.value(id, year);
  }

  evalAt(year: number, n: ExprNode): number | undefined {
    const r = evaluate(n, this.vals.scope(year));
    return typeof r === 'number' && Number.isFinite(r) ? r : undefined;
  }

  /** Why this value cannot enter an aggregate; undefined when it can (or when there is none). */
  problem(year: number, id: string): string | undefined {
    let m = this.problems.get(year);
    if (!m) {
      m = new Map();
      this.problems.set(year, m);
    }
    let p = m.get(id);
    if (p === undefined) {
      p = this.findProblem(year, id) ?? null;
      m.set(id, p);
    }
    return p ?? undefined;
  }

  private fmt(v: number, ind: Indicator): string {
    return `${formatIndicatorValue(v, ind)}${ind.type === 'percent' ? '%' : ind.unit}`;
  }

  private findProblem(year: number, id: string): string | undefined {
    const ind = this.byId.get(id);
    const r = this.vals.resolve(id, year);
    if (!ind || r.value === undefined) return undefined;
    if (r.conflict && r.stored !== undefined && r.computed !== undefined) {
      return `填报值 ${this.fmt(r.stored, ind)} 与按公式计算的 ${this.fmt(r.computed, ind)} 不一致`;
    }
    const range = rangeProblem(ind, r.value);
    if (range) return `${r.origin === 'computed' ? '按公式计算为' : '填报为'} ${this.fmt(r.value, ind)}，${range}`;
    const whole = ind.partOf ? this.byId.get(ind.partOf) : undefined;
    if (whole && boundedByWhole(ind, whole)) {
      const w = this.vals.value(whole.id, year);
      if (w !== undefined && r.value > w + 1e-9 * Math.max(1, Math.abs(w))) {
        return `其中项 ${this.fmt(r.value, ind)} 大于「${whole.name}」${this.fmt(w, whole)}`;
      }
    }
    for (const part of this.parts.get(id) ?? []) {
      if (!boundedByWhole(part, ind)) continue;
      const p = this.vals.value(part.id, year);
      if (p !== undefined && p > r.value + 1e-9 * Math.max(1, Math.abs(r.value))) {
        return `${this.fmt(r.value, ind)} 小于其中项「${part.name}」${this.fmt(p, part)}`;
      }
    }
    return undefined;
  }
}

/** Collects the exclusions of one level, one entry per school, year and indicator. */
class Exclusions {
  private readonly byKey = new Map<string, AggregateExclusion>();
  constructor(private readonly byId: ReadonlyMap<string, Indicator>) {}

  add(s: SchoolValues, index: number, year: number, id: string, reason: string, row: string): void {
    const key = `${index}|${year}|${id}`;
    const hit = this.byKey.get(key);
    if (hit) {
      if (!hit.rows.includes(row)) hit.rows.push(row);
      return;
    }
    const ind = this.byId.get(id);
    const v = s.value(year, id);
    this.byKey.set(key, {
      school: s.school.profile?.name ?? `第 ${index + 1} 所学校`,
      code: s.school.profile?.code ?? '',
      year,
      indicatorId: id,
      name: ind?.name ?? id,
      value: v === undefined || !ind ? '' : formatIndicatorValue(v, ind),
      reason,
      rows: [row],
    });
  }

  list(order: ReadonlyMap<string, number>): AggregateExclusion[] {
    return [...this.byKey.entries()]
      .sort(([a], [b]) => {
        const [ai, ay, aid] = a.split('|');
        const [bi, by, bid] = b.split('|');
        return (
          Number(ai) - Number(bi) ||
          (order.get(aid ?? '') ?? 0) - (order.get(bid ?? '') ?? 0) ||
          Number(ay) - Number(by)
        );
      })
      .map(([, e]) => e);
  }
}

/** One aggregate row's running figures for one year, added to school by school. */
interface Acc {
  /** sum or minimum */
  acc: number;
  /** formula: the district sums of its inputs */
  sums: Map<string, number>;
  num: number;
  den: number;
  n: number;
  excluded: number;
  /** schools that marked it 不适用 */
  na: number;
}

/**
 * Aggregates one level's schools over the given years with that level's framework.
 *
 * School by school: each school's values (core/values) are resolved, its contribution added to every row and year,
 * and then dropped, so memory does not grow with the number of schools (a province reviews 1 000). Sums are still
 * added in school order, and exclusions are listed in school, then indicator, then year order.
 */
export function aggregateLevel(
  schools: Iterable<AggregateSchool>,
  fw: Framework,
  years: readonly number[],
  level: ReviewLevel,
): LevelAggregate {
  const formulas = frameworkFormulas(fw);
  const all = allIndicators(fw);
  const byId = new Map(all.map((i) => [i.id, i]));
  const parts = new Map<string, Indicator[]>();
  for (const i of all) if (i.partOf) parts.set(i.partOf, [...(parts.get(i.partOf) ?? []), i]);
  const exclusions = new Exclusions(byId);
  const plans = [...fw.tables]
    .sort((a, b) => a.order - b.order)
    .flatMap((table) => {
      const tableById = new Map(table.indicators.map((i) => [i.id, i]));
      return table.indicators.map((ind) => ({
        table,
        ind,
        indent: depthOf(tableById, ind),
        plan: planFor(fw, ind, formulas),
      }));
    });
  const accs: Acc[][] = plans.map(({ plan }) =>
    years.map(() => ({
      acc: plan.method === 'min' ? Number.POSITIVE_INFINITY : 0,
      sums: new Map((plan.inputs ?? []).map((i) => [i, 0])),
      num: 0,
      den: 0,
      n: 0,
      excluded: 0,
      na: 0,
    })),
  );
  let count = 0;
  for (const school of schools) {
    const index = count++;
    const e = new SchoolValues(school, fw, byId, parts);
    plans.forEach(({ ind, plan }, k) => {
      years.forEach((y, j) => {
        addSchool(plan, ind, e, index, y, accs[k]?.[j] as Acc, (s, i, id, reason) =>
          exclusions.add(s, i, y, id, reason, ind.name),
        );
      });
    });
  }
  const rows: AggregateRow[] = plans.map(({ table, ind, indent, plan }, k) => {
    const values: Record<number, number | null> = {};
    const contributing: Record<number, number> = {};
    const excludedCount: Record<number, number> = {};
    const withheld: Record<number, string> = {};
    const notApplicable: Record<number, number> = {};
    years.forEach((y, j) => {
      const a = accs[k]?.[j] as Acc;
      notApplicable[y] = a.na;
      const r = resultOf(plan, a);
      const range = r.value === null ? undefined : rangeProblem(ind, r.value);
      values[y] = range ? null : r.value;
      if (range && r.value !== null)
        withheld[y] = `汇总结果 ${formatIndicatorValue(r.value, ind)} 超出合理范围（${range}），未列出`;
      contributing[y] = r.n;
      excludedCount[y] = r.excluded;
    });
    return {
      tableId: table.id,
      tableName: table.name,
      indicatorId: ind.id,
      name: ind.name,
      unit: ind.unit,
      type: ind.type,
      decimals: ind.decimals,
      indent,
      method: plan.method,
      methodText: plan.text,
      values,
      contributing,
      excludedCount,
      withheld,
      notApplicable,
      inputs: plan.method === 'formula' ? [...(plan.inputs ?? [])] : [],
    };
  });
  return {
    level,
    frameworkId: fw.id,
    frameworkTitle: fw.title,
    schoolCount: count,
    years: [...years],
    rows,
    excluded: exclusions.list(new Map(all.map((i, k) => [i.id, k]))),
  };
}

type Exclude = (s: SchoolValues, index: number, id: string, reason: string) => void;

/**
 * The ids of `wanted` that keep this school out (their problems are reported through `exclude`): a school
 * enters a figure only when every value the figure reads from it is sound.
 */
function blocked(s: SchoolValues, index: number, y: number, wanted: readonly string[], exclude: Exclude): boolean {
  let out = false;
  for (const id of wanted) {
    const why = s.problem(y, id);
    if (why) {
      exclude(s, index, id, why);
      out = true;
    }
  }
  return out;
}

/** Adds school `e` (the `index`-th) to one row's figures for year `y`. */
function addSchool(
  plan: Plan,
  ind: Indicator,
  e: SchoolValues,
  index: number,
  y: number,
  a: Acc,
  exclude: Exclude,
): void {
  const id = ind.id;
  // marked 不适用 by the school (for a derived row: every part it lacks is so marked): counted, never a value
  if (e.vals.resolve(id, y).notApplicable) {
    a.na++;
    return;
  }
  switch (plan.method) {
    case 'sum':
    case 'min': {
      const v = e.value(y, id);
      if (v === undefined) return;
      if (blocked(e, index, y, [id], exclude)) {
        a.excluded++;
        return;
      }
      a.acc = plan.method === 'sum' ? a.acc + v : Math.min(a.acc, v);
      a.n++;
      return;
    }
    case 'formula': {
      // only schools that have every input: a school with a numerator but no denominator would bias the ratio
      const inputs = plan.inputs ?? [];
      const vals = inputs.map((x) => e.value(y, x));
      if (vals.some((v) => v === undefined)) return;
      // the school's own figure (a computed share above 100% …) and every input must be sound
      if (blocked(e, index, y, [id, ...inputs], exclude)) {
        a.excluded++;
        return;
      }
      a.n++;
      inputs.forEach((x, k) => {
        a.sums.set(x, (a.sums.get(x) ?? 0) + (vals[k] as number));
      });
      return;
    }
    case 'weighted': {
      const v = e.value(y, id);
      const w = plan.weight ? e.evalAt(y, plan.weight) : undefined;
      if (v === undefined || w === undefined || w <= 0) return;
      const weightIds = plan.weight ? identifiersOf(plan.weight) : [];
      if (blocked(e, index, y, [id, ...weightIds], exclude)) {
        a.excluded++;
        return;
      }
      a.num += v * w;
      a.den += w;
      a.n++;
      return;
    }
    default:
      return;
  }
}

/** A row's figure for one year from its running figures. */
function resultOf(plan: Plan, a: Acc): { value: number | null; n: number; excluded: number } {
  switch (plan.method) {
    case 'sum':
    case 'min':
      return { value: a.n > 0 ? a.acc : null, n: a.n, excluded: a.excluded };
    case 'formula': {
      if (a.n === 0 || !plan.formula) return { value: null, n: 0, excluded: a.excluded };
      const r = evaluate(plan.formula, { get: (x) => a.sums.get(x), prev: () => undefined });
      return { value: typeof r === 'number' && Number.isFinite(r) ? r : null, n: a.n, excluded: a.excluded };
    }
    case 'weighted':
      return { value: a.den > 0 ? a.num / a.den : null, n: a.n, excluded: a.excluded };
    default:
      return { value: null, n: 0, excluded: 0 };
  }
}
