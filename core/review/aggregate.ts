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
 * Pure: no I/O.
 */
import { type ExprNode, evaluate, identifiersOf, parseExpr } from '../framework/expr';
import { allIndicators, type Framework, type Indicator } from '../framework/schema';
import type { SchoolLevel, Workspace } from '../model';

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
}

export interface LevelAggregate {
  level: ReviewLevel;
  frameworkId: string;
  frameworkTitle: string;
  schoolCount: number;
  years: number[];
  rows: AggregateRow[];
}

const MAX_DEPTH = 8;

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

/** One school's values: stored, else computed from the indicator's formula (derived values need not be typed). */
export class EffectiveValues {
  private readonly stored = new Map<string, number>();
  constructor(
    ws: Pick<Workspace, 'values'>,
    private readonly formulas: ReadonlyMap<string, ExprNode>,
  ) {
    for (const v of ws.values)
      if (v.value !== null && Number.isFinite(v.value)) this.stored.set(`${v.year}|${v.indicatorId}`, v.value);
  }
  get(year: number, id: string, depth = 0): number | undefined {
    const s = this.stored.get(`${year}|${id}`);
    if (s !== undefined) return s;
    const f = this.formulas.get(id);
    if (!f || depth > MAX_DEPTH) return undefined;
    const r = evaluate(f, { get: (x) => this.get(year, x, depth + 1), prev: () => undefined });
    return typeof r === 'number' && Number.isFinite(r) ? r : undefined;
  }
  evalAt(year: number, n: ExprNode): number | undefined {
    const r = evaluate(n, { get: (x) => this.get(year, x), prev: () => undefined });
    return typeof r === 'number' && Number.isFinite(r) ? r : undefined;
  }
}

/** Parsed formulas of a framework (cached per framework object: the shipped ones are frozen singletons). */
const formulaCache = new WeakMap<Framework, Map<string, ExprNode>>();
export function frameworkFormulas(fw: Framework): Map<string, ExprNode> {
  let m = formulaCache.get(fw);
  if (!m) {
    m = new Map();
    for (const ind of allIndicators(fw)) if (ind.formula) m.set(ind.id, parseExpr(ind.formula));
    formulaCache.set(fw, m);
  }
  return m;
}

function nameOf(fw: Framework, id: string): string {
  return allIndicators(fw).find((i) => i.id === id)?.name ?? id;
}

/** 「毕业去向落实人数合计 ÷ 毕业生数合计 × 100」: the formula in words, for the 汇总方法 column. */
function formulaText(fw: Framework, src: string): string {
  return src
    .replace(/[a-z][a-z0-9_]*/g, (id) => `${nameOf(fw, id)}合计`)
    .replace(/\*/g, '×')
    .replace(/\//g, '÷');
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

/** Aggregates one level's schools over the given years with that level's framework. */
export function aggregateLevel(
  schools: readonly Pick<Workspace, 'values'>[],
  fw: Framework,
  years: readonly number[],
  level: ReviewLevel,
): LevelAggregate {
  const formulas = frameworkFormulas(fw);
  const eff = schools.map((ws) => new EffectiveValues(ws, formulas));
  const rows: AggregateRow[] = [];
  for (const table of [...fw.tables].sort((a, b) => a.order - b.order)) {
    const byId = new Map(table.indicators.map((i) => [i.id, i]));
    for (const ind of table.indicators) {
      const plan = planFor(fw, ind, formulas);
      const values: Record<number, number | null> = {};
      const contributing: Record<number, number> = {};
      for (const y of years) {
        const r = aggregateOne(plan, ind.id, eff, y);
        values[y] = r.value;
        contributing[y] = r.n;
      }
      rows.push({
        tableId: table.id,
        tableName: table.name,
        indicatorId: ind.id,
        name: ind.name,
        unit: ind.unit,
        type: ind.type,
        decimals: ind.decimals,
        indent: depthOf(byId, ind),
        method: plan.method,
        methodText: plan.text,
        values,
        contributing,
      });
    }
  }
  return {
    level,
    frameworkId: fw.id,
    frameworkTitle: fw.title,
    schoolCount: schools.length,
    years: [...years],
    rows,
  };
}

function aggregateOne(plan: Plan, id: string, eff: EffectiveValues[], y: number): { value: number | null; n: number } {
  switch (plan.method) {
    case 'sum': {
      let sum = 0;
      let n = 0;
      for (const e of eff) {
        const v = e.get(y, id);
        if (v !== undefined) {
          sum += v;
          n++;
        }
      }
      return { value: n > 0 ? sum : null, n };
    }
    case 'min': {
      let min = Number.POSITIVE_INFINITY;
      let n = 0;
      for (const e of eff) {
        const v = e.get(y, id);
        if (v !== undefined) {
          min = Math.min(min, v);
          n++;
        }
      }
      return { value: n > 0 ? min : null, n };
    }
    case 'formula': {
      // only schools that have every input: a school with a numerator but no denominator would bias the ratio
      const inputs = plan.inputs ?? [];
      const sums = new Map(inputs.map((i) => [i, 0]));
      let n = 0;
      for (const e of eff) {
        const vals = inputs.map((i) => e.get(y, i));
        if (vals.some((v) => v === undefined)) continue;
        n++;
        inputs.forEach((i, k) => {
          sums.set(i, (sums.get(i) ?? 0) + (vals[k] as number));
        });
      }
      if (n === 0 || !plan.formula) return { value: null, n: 0 };
      const r = evaluate(plan.formula, { get: (x) => sums.get(x), prev: () => undefined });
      return { value: typeof r === 'number' && Number.isFinite(r) ? r : null, n };
    }
    case 'weighted': {
      let num = 0;
      let den = 0;
      let n = 0;
      for (const e of eff) {
        const v = e.get(y, id);
        const w = plan.weight ? e.evalAt(y, plan.weight) : undefined;
        if (v === undefined || w === undefined || w <= 0) continue;
        num += v * w;
        den += w;
        n++;
      }
      return { value: den > 0 ? num / den : null, n };
    }
    default:
      return { value: null, n: 0 };
  }
}
