/**
 * A framework prepared for value resolution, once per framework object (WeakMap): each indicator with its
 * parsed formula (if any) and the tolerance within which a stored copy of a derived value agrees with its
 * formula. Pure; shared by the Node side and the renderer.
 */
import { type ExprNode, parseExpr } from '../framework/expr';
import { allIndicators, type Framework, type Indicator } from '../framework/schema';

export interface ValueIndicator {
  readonly ind: Indicator;
  /** parsed formula of a derived indicator; null when the formula is refused (it can then never be computed) */
  readonly formula?: ExprNode | null;
  /** largest |stored − computed| that is not a conflict, in the indicator's unit */
  readonly tolerance: number;
}

export interface ValueFramework {
  readonly fw: Framework;
  readonly byId: ReadonlyMap<string, ValueIndicator>;
  /** derived indicators in table order */
  readonly derived: readonly ValueIndicator[];
}

/**
 * Half a unit of the last declared decimal: a stored copy that is the computed value rounded to the indicator's
 * decimals (what the report prints) agrees. A framework `derived` rule for the indicator may declare a wider
 * tolerance (platform figures rounded differently); the wider one wins, so the grid's conflict marker, the
 * derived rule's finding and the aggregates' exclusions are the same set.
 */
export function conflictTolerance(ind: Pick<Indicator, 'decimals'>, ruleTolerance = 0): number {
  return Math.max(0.5 * 10 ** -ind.decimals, ruleTolerance);
}

const cache = new WeakMap<Framework, ValueFramework>();

export function valueFramework(fw: Framework): ValueFramework {
  const hit = cache.get(fw);
  if (hit) return hit;
  const ruleTol = new Map<string, number>();
  for (const r of fw.rules) {
    if (r.kind === 'derived') ruleTol.set(r.indicator, Math.max(ruleTol.get(r.indicator) ?? 0, r.tolerance));
  }
  const byId = new Map<string, ValueIndicator>();
  const derived: ValueIndicator[] = [];
  for (const ind of allIndicators(fw)) {
    let formula: ExprNode | null | undefined;
    if (ind.formula?.trim()) {
      try {
        formula = parseExpr(ind.formula);
      } catch {
        // the loader and the validator refuse such a framework with a message; here it simply never computes
        formula = null;
      }
    }
    const vi: ValueIndicator = {
      ind,
      ...(formula !== undefined ? { formula } : {}),
      tolerance: conflictTolerance(ind, ruleTol.get(ind.id)),
    };
    byId.set(ind.id, vi);
    if (formula !== undefined) derived.push(vi);
  }
  const out: ValueFramework = { fw, byId, derived };
  cache.set(fw, out);
  return out;
}
