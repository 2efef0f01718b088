/**
 * Writing derived values back: the stored copy of a derived indicator is only a copy (the computed value wins,
 * see resolve.ts), and these plans keep the file's copies honest. Both return value changes for the service to
 * write in the same transaction as the user's change, logged with how = 'derived'.
 *
 * - planRecompute (「按公式重新计算」): each conflicting copy (or each given cell) becomes its computed value,
 *   rounded to the indicator's decimals (as a school would type it). Chosen over rewriting files on open: opening
 *   must never change a file (a reviewer opens schools' files read-only and checks their hashes), and a copy that
 *   disagrees may be the school's real 填报值, which a person should look at before it is replaced.
 * - planFollow (on every edit): a copy that agreed with its formula before the edit follows it after — the new
 *   computed value, or cleared when the formula can no longer be computed (else the old number would come back
 *   as a 填报值). A copy that did not agree (a 填报值, a conflict) is left for the user: nothing they typed is
 *   changed behind their back.
 */
import type { Framework } from '../framework/schema';
import { valueFramework } from './compile';
import { type CellRef, IndicatorValues, roundTo, type StoredLookup, storedFromRows } from './resolve';

export interface PlannedValue {
  year: number;
  indicatorId: string;
  value: number | null;
}

type Rows = Iterable<{ year: number; indicatorId: string; value: number | null }>;

/** The conflicting copies among `cells` (default: every derived cell of every year) set to their computed value. */
export function planRecompute(fw: Framework, rows: Rows, cells?: readonly CellRef[]): PlannedValue[] {
  const list = [...rows];
  const vals = new IndicatorValues(fw, storedFromRows(list));
  const targets =
    cells ??
    (() => {
      const years = [...new Set(list.map((r) => r.year))].sort((a, b) => a - b);
      return years.flatMap((year) => vals.vf.derived.map((d) => ({ indicatorId: d.ind.id, year })));
    })();
  const out: PlannedValue[] = [];
  const seen = new Set<string>();
  for (const c of targets) {
    const k = `${c.year}|${c.indicatorId}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const r = vals.resolve(c.indicatorId, c.year);
    if (!r.conflict || r.computed === undefined) continue;
    const ind = vals.vf.byId.get(c.indicatorId)?.ind;
    out.push({ year: c.year, indicatorId: c.indicatorId, value: roundTo(r.computed, ind?.decimals ?? 4) });
  }
  return out;
}

/** How many times planFollow re-resolves: each round settles one more level of formulas reading formulas. */
const MAX_ROUNDS = 8;

/** The derived copies that follow `changes` (never a cell the changes themselves set). */
export function planFollow(
  fw: Framework,
  rows: Rows,
  changes: readonly { year: number; indicatorId: string; value: number | null }[],
): PlannedValue[] {
  const vf = valueFramework(fw);
  if (vf.derived.length === 0 || changes.length === 0) return [];
  const base = new Map<string, number | null>();
  for (const r of rows) base.set(`${r.year}|${r.indicatorId}`, r.value);
  const before = new IndicatorValues(fw, lookupOf(base));
  const own = new Set(changes.map((c) => `${c.year}|${c.indicatorId}`));
  // the years a change can reach: its own, and the next (a formula may read prev())
  const years = [...new Set(changes.flatMap((c) => [c.year, c.year + 1]))];
  const candidates: { indicatorId: string; year: number; decimals: number }[] = [];
  for (const year of years) {
    for (const d of vf.derived) {
      if (own.has(`${year}|${d.ind.id}`)) continue;
      const b = before.resolve(d.ind.id, year);
      if (b.stored !== undefined && b.origin === 'computed' && !b.conflict)
        candidates.push({ indicatorId: d.ind.id, year, decimals: d.ind.decimals });
    }
  }
  if (candidates.length === 0) return [];
  const after = new Map(base);
  for (const c of changes) after.set(`${c.year}|${c.indicatorId}`, c.value);
  let plan = new Map<string, PlannedValue>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const overlay = new Map(after);
    for (const [k, p] of plan) overlay.set(k, p.value);
    const vals = new IndicatorValues(fw, lookupOf(overlay));
    const next = new Map<string, PlannedValue>();
    for (const c of candidates) {
      const k = `${c.year}|${c.indicatorId}`;
      const r = vals.resolve(c.indicatorId, c.year);
      const value = r.computed === undefined ? null : roundTo(r.computed, c.decimals);
      if (value !== base.get(k)) next.set(k, { year: c.year, indicatorId: c.indicatorId, value });
    }
    if (samePlan(plan, next)) break;
    plan = next;
  }
  return [...plan.values()];
}

function lookupOf(m: ReadonlyMap<string, number | null>): StoredLookup {
  return (id, year) => m.get(`${year}|${id}`);
}

function samePlan(a: ReadonlyMap<string, PlannedValue>, b: ReadonlyMap<string, PlannedValue>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k)?.value !== v.value) return false;
  return true;
}
