/**
 * Values of derived indicators (those with a formula) that a workspace does not store.
 *
 * The grid shows derived cells computed and the Excel import ignores their rows, so a school that typed only
 * the inputs stores none of them; the report appendix and the charts still need 毕业去向落实率, 生师比, 生均… as
 * the validator computes them. A stored (non-null) value is kept as is: a stored value that disagrees with its
 * formula is the validator's business (derived rules), not the printer's. Pure.
 */
import { type ExprNode, evaluate, parseExpr } from './expr';
import { allIndicators, type Framework } from './schema';

export interface ComputedValue {
  year: number;
  indicatorId: string;
  value: number;
}

/** formulas read formulas at most this deep (the loader refuses cycles; this only bounds a hostile file) */
const MAX_DEPTH = 16;

const formulaCache = new WeakMap<Framework, Map<string, ExprNode>>();
function formulasOf(fw: Framework): Map<string, ExprNode> {
  let m = formulaCache.get(fw);
  if (!m) {
    m = new Map();
    for (const ind of allIndicators(fw)) if (ind.formula?.trim()) m.set(ind.id, parseExpr(ind.formula));
    formulaCache.set(fw, m);
  }
  return m;
}

/** Every derived value computable from `values` that is not stored, for every year the values mention. */
export function computeMissingDerived(
  values: readonly { year: number; indicatorId: string; value: number | null }[],
  fw: Framework,
): ComputedValue[] {
  const formulas = formulasOf(fw);
  if (formulas.size === 0) return [];
  const stored = new Map<string, number>();
  const years = new Set<number>();
  for (const v of values) {
    years.add(v.year);
    if (v.value !== null && Number.isFinite(v.value)) stored.set(`${v.year}\u0000${v.indicatorId}`, v.value);
  }
  const out: ComputedValue[] = [];
  for (const year of [...years].sort((a, b) => a - b)) {
    const memo = new Map<string, number | undefined>();
    const get = (id: string, depth: number): number | undefined => {
      const s = stored.get(`${year}\u0000${id}`);
      if (s !== undefined) return s;
      if (memo.has(id)) return memo.get(id);
      const f = formulas.get(id);
      if (!f || depth > MAX_DEPTH) return undefined;
      const r = evaluate(f, { get: (x) => get(x, depth + 1), prev: () => undefined });
      const v = typeof r === 'number' && Number.isFinite(r) ? r : undefined;
      memo.set(id, v);
      return v;
    };
    for (const id of formulas.keys()) {
      if (stored.has(`${year}\u0000${id}`)) continue;
      const v = get(id, 0);
      if (v !== undefined) out.push({ year, indicatorId: id, value: v });
    }
  }
  return out;
}
