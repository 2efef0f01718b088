/**
 * THE value of an indicator for a year: the one computation path from stored data to every place a number
 * appears (grid, validation, report model and appendix, charts, Excel export, review aggregates, district draft).
 * Pure: the renderer imports it too.
 *
 * The rule for stored vs computed (docs/architecture.md, 「指标值」):
 * - An input indicator (no formula): its stored value → origin 'input'; none → 'missing'. Missing is never 0.
 * - A derived indicator (formula) whose formula can be computed from its parts (each part resolved by this same
 *   rule, so a derived part is computed too): the computed value IS the value → 'computed'. A value stored
 *   beside it is only a copy; when it differs by more than the tolerance (half a unit of the indicator's last
 *   decimal, or a framework derived rule's wider one) the cell is in CONFLICT: the grid marks it and offers
 *   「按公式重新计算」, the derived rule reports it, and review aggregates leave the school out for it.
 *   Why computed wins: the parts are what a school types and checks; a stored copy goes stale the moment a part
 *   changes (issue #9: 落实率 quoted from a stale 落实人数), and a copy that beat its parts could never be
 *   corrected by the user at the place they can change.
 * - A derived indicator whose formula cannot be computed (a part missing, or a division by 0) but with a stored
 *   value: the stored value is used and marked 'reported' (填报值, e.g. a rate copied from the platform without
 *   its parts). The grid lets the user type it.
 * - Neither: 'missing', with the parts the user can type to get it (`missingParts`).
 */

import type { ExprScope } from '../framework/expr';
import { evaluate } from '../framework/expr';
import type { Framework } from '../framework/schema';
import { type ValueFramework, valueFramework } from './compile';

export type ValueOrigin = 'input' | 'computed' | 'reported' | 'missing';

export interface CellRef {
  indicatorId: string;
  year: number;
}

export interface ResolvedValue {
  readonly indicatorId: string;
  readonly year: number;
  /** the value every view uses; undefined = no data (never 0) */
  readonly value: number | undefined;
  readonly origin: ValueOrigin;
  /** true for an indicator with a formula */
  readonly derived: boolean;
  /** the stored value, if any (for a computed indicator: the copy that may conflict) */
  readonly stored: number | undefined;
  /** the formula's value, when it can be computed */
  readonly computed: number | undefined;
  /** a derived indicator whose stored copy differs from its computed value beyond the tolerance */
  readonly conflict: boolean;
  /**
   * Why a derived value is not computed: 'parts' = parts missing (see missingParts), 'undefined' = all parts
   * present but the formula has no value (division by 0), 'cycle' = a formula loop or nesting too deep.
   */
  readonly blocked?: 'parts' | 'undefined' | 'cycle';
  /** for a derived value that cannot be computed: the input cells (typeable) whose absence blocks it */
  readonly missingParts: readonly CellRef[];
  /**
   * no value, and the school marked it 「不适用」 (IndicatorValue.notApplicable) — or, for a derived value, every
   * part it misses is so marked. Not a value (still undefined): completeness checks accept it.
   */
  readonly notApplicable: boolean;
}

/** Stored values by indicator id and year; undefined (or null) = not stored. */
export type StoredLookup = (indicatorId: string, year: number) => number | null | undefined;

/** Cells the school marked 「不适用」. */
export type MarkLookup = (indicatorId: string, year: number) => boolean;

const NO_MARKS: MarkLookup = () => false;

/** Formulas read formulas at most this deep (the loader refuses cycles; this only bounds a hostile file). */
export const MAX_DEPTH = 16;

const NONE: readonly CellRef[] = Object.freeze([]);

/** The 「不适用」 marks among stored rows. */
export function marksFromRows(
  rows: Iterable<{ year: number; indicatorId: string; value: number | null; notApplicable?: boolean }>,
): MarkLookup {
  const marked = new Set<string>();
  for (const r of rows) if (r.notApplicable && r.value === null) marked.add(`${r.year}|${r.indicatorId}`);
  return marked.size === 0 ? NO_MARKS : (id, year) => marked.has(`${year}|${id}`);
}

/** A lookup over stored rows (a Workspace's values). */
export function storedFromRows(
  rows: Iterable<{ year: number; indicatorId: string; value: number | null }>,
): StoredLookup {
  // by year, then id: no key strings to build on every lookup
  const byYear = new Map<number, Map<string, number>>();
  for (const r of rows) {
    if (r.value === null || !Number.isFinite(r.value)) continue;
    let m = byYear.get(r.year);
    if (!m) {
      m = new Map();
      byYear.set(r.year, m);
    }
    m.set(r.indicatorId, r.value);
  }
  return (id, year) => byYear.get(year)?.get(id);
}

/** Every indicator's value for every year of one workspace, resolved lazily and remembered. */
export class IndicatorValues {
  readonly vf: ValueFramework;
  private readonly memo = new Map<number, Map<string, ResolvedValue>>();
  private readonly busy = new Set<string>();

  constructor(
    fw: Framework,
    private readonly lookup: StoredLookup,
    private readonly marks: MarkLookup = NO_MARKS,
  ) {
    this.vf = valueFramework(fw);
  }

  get fw(): Framework {
    return this.vf.fw;
  }

  /** The value with its origin, stored copy, computed value and conflict flag. */
  resolve(indicatorId: string, year: number): ResolvedValue {
    return this.at(indicatorId, year, 0);
  }

  /** The value alone: what a view prints (undefined = no data). */
  value(indicatorId: string, year: number): number | undefined {
    return this.at(indicatorId, year, 0).value;
  }

  /** A scope for rule expressions: indicator ids read their value this year; prev() the year before. */
  scope(year: number): ExprScope {
    return { get: (id) => this.value(id, year), prev: (id) => this.value(id, year - 1) };
  }

  /** The derived cells of the given years whose stored copy conflicts with the formula. */
  conflicts(years: Iterable<number>): ResolvedValue[] {
    const out: ResolvedValue[] = [];
    for (const y of years) {
      for (const d of this.vf.derived) {
        const r = this.resolve(d.ind.id, y);
        if (r.conflict) out.push(r);
      }
    }
    return out;
  }

  private storedAt(id: string, year: number): number | undefined {
    const v = this.lookup(id, year);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }

  private at(id: string, year: number, depth: number): ResolvedValue {
    let memo = this.memo.get(year);
    if (!memo) {
      memo = new Map();
      this.memo.set(year, memo);
    }
    const hit = memo.get(id);
    if (hit) return hit;
    const stored = this.storedAt(id, year);
    const vi = this.vf.byId.get(id);
    if (!vi || vi.formula === undefined) {
      const r: ResolvedValue = {
        indicatorId: id,
        year,
        value: stored,
        origin: stored === undefined ? 'missing' : 'input',
        derived: false,
        stored,
        computed: undefined,
        conflict: false,
        missingParts: NONE,
        notApplicable: stored === undefined && this.marks(id, year),
      };
      memo.set(id, r);
      return r;
    }
    const key = `${year}|${id}`;
    if (this.busy.has(key) || depth > MAX_DEPTH) {
      // a loop (or a hostile depth): not remembered, so the outer evaluation decides for itself
      return derivedResult(id, year, stored, undefined, 0, 'cycle', NONE, false);
    }
    this.busy.add(key);
    const missing: CellRef[] = [];
    let computed: number | undefined;
    try {
      if (vi.formula) {
        const read = (pid: string, y: number) => {
          const r = this.at(pid, y, depth + 1);
          if (r.value === undefined) {
            if (r.missingParts.length) missing.push(...r.missingParts);
            else if (!r.derived || r.blocked !== 'cycle') missing.push({ indicatorId: pid, year: y });
          }
          return r.value;
        };
        const v = evaluate(vi.formula, { get: (pid) => read(pid, year), prev: (pid) => read(pid, year - 1) });
        computed = typeof v === 'number' && Number.isFinite(v) ? v : undefined;
      }
    } finally {
      this.busy.delete(key);
    }
    const blocked = computed !== undefined ? undefined : missing.length ? 'parts' : 'undefined';
    const parts = computed === undefined ? dedupe(missing) : NONE;
    const na =
      computed === undefined &&
      stored === undefined &&
      (this.marks(id, year) || (parts.length > 0 && parts.every((p) => this.marks(p.indicatorId, p.year))));
    const r = derivedResult(id, year, stored, computed, vi.tolerance, blocked, parts, na);
    memo.set(id, r);
    return r;
  }
}

function derivedResult(
  indicatorId: string,
  year: number,
  stored: number | undefined,
  computed: number | undefined,
  tolerance: number,
  blocked: ResolvedValue['blocked'],
  missingParts: readonly CellRef[],
  notApplicable: boolean,
): ResolvedValue {
  const origin: ValueOrigin = computed !== undefined ? 'computed' : stored !== undefined ? 'reported' : 'missing';
  const conflict =
    computed !== undefined &&
    stored !== undefined &&
    Math.abs(stored - computed) > tolerance + 1e-9 * Math.max(1, Math.abs(stored), Math.abs(computed));
  return {
    indicatorId,
    year,
    value: computed ?? stored,
    origin,
    derived: true,
    stored,
    computed,
    conflict,
    blocked,
    missingParts,
    notApplicable,
  };
}

function dedupe(refs: readonly CellRef[]): CellRef[] {
  const seen = new Set<string>();
  const out: CellRef[] = [];
  for (const r of refs) {
    const k = `${r.year}|${r.indicatorId}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(r);
  }
  return out;
}

/** The values of a workspace (its stored rows, with their 「不适用」 marks) under a framework. */
export function valuesOf(
  ws: {
    values: Iterable<{ year: number; indicatorId: string; value: number | null; notApplicable?: boolean }>;
  },
  fw: Framework,
): IndicatorValues {
  return new IndicatorValues(fw, storedFromRows(ws.values), marksFromRows(ws.values));
}

export { roundTo } from './round';
