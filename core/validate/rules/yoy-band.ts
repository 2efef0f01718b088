/**
 * builtin.yoy_band: every numeric indicator gets a year-on-year band, so coverage does not depend on someone
 * listing it in a framework `yoy` rule. The band comes from the type and unit (defaultBand), an indicator's `yoy`
 * overrides it or (false) switches it off, and an indicator a framework yoy rule lists is left to that rule.
 * Beyond the band: an info note (请再次核对); beyond twice the band: a warning (a change that size is rarely real).
 */
import { identifiersOf } from '../../framework/expr';
import type { Indicator } from '../../framework/schema';
import { CITE_YOY } from '../builtin-citations';
import type { CompiledFramework } from '../compile';
import { cell, type Draft, locationKey, type RuleStatus, valueText } from '../context';
import { formatDifference, formatNumber } from '../format';
import type { BuiltinRuleModule } from './types';

/** A band: relative (0.5 = ±50 %), or for a percentage the change in 个百分点. */
export interface Band {
  readonly maxChange: number;
  readonly points: boolean;
}

/**
 * The default band of a type and unit:
 * - 百分比: ±10 个百分点 (satisfaction, placement and teacher shares move by a few points a year);
 * - amounts per person in 元 (月收入, 生均拨款, 生均设备值): ±20 %;
 * - 比 (生师比): ±30 %;
 * - counts, totals in 万元, areas, hours, books: ±50 %.
 */
export function defaultBand(ind: Pick<Indicator, 'type' | 'unit'>): Band {
  if (ind.type === 'percent') return { maxChange: 10, points: true };
  if (ind.type === 'money' && ind.unit === '元') return { maxChange: 0.2, points: false };
  if (ind.type === 'ratio') return { maxChange: 0.3, points: false };
  return { maxChange: 0.5, points: false };
}

/** Findings on a cell that make a year-on-year note on it redundant. */
const ALREADY = ['type', 'range', 'unit', 'part-whole', 'derived', 'yoy'];

/** Findings on last year's value that make this year's change meaningless. */
const SLIPPED = ['type', 'range', 'unit', 'part-whole', 'derived', 'consistency'];

/** Counts this small move by whole people (2 → 4 is +100 %): no band below it. */
const SMALL_COUNT = 20;

const plans = new WeakMap<CompiledFramework, Map<string, Band>>();

function bandsOf(cf: CompiledFramework): Map<string, Band> {
  const hit = plans.get(cf);
  if (hit) return hit;
  const listed = new Set<string>();
  for (const { rule } of cf.rules) if (rule.kind === 'yoy') for (const id of rule.indicators) listed.add(id);
  const m = new Map<string, Band>();
  for (const { ind } of cf.ordered) {
    if (listed.has(ind.id) || ind.yoy === false) continue;
    const band = defaultBand(ind);
    m.set(ind.id, ind.yoy ? { ...band, maxChange: ind.yoy.maxChange } : band);
  }
  plans.set(cf, m);
  return m;
}

/** The typed cells a value is made of: itself, or a derived one's parts (through derived parts). */
function inputsOf(cf: CompiledFramework, id: string, seen = new Set<string>()): string[] {
  if (seen.has(id)) return [];
  seen.add(id);
  const f = cf.indicators.get(id)?.formula;
  return f ? identifiersOf(f).flatMap((p) => inputsOf(cf, p, seen)) : [id];
}

/**
 * How far a change is, for the warning step: points as they are; a relative change as a ratio either way, so that a
 * fall counts like the rise it undoes (65 → 2 is as far as 2 → 65; a fall of more than 100% cannot happen).
 */
function warningSize(band: Band, cur: number, prev: number): number {
  if (band.points) return Math.abs(cur - prev);
  return cur > 0 ? Math.max(cur / prev, prev / cur) - 1 : Number.POSITIVE_INFINITY;
}

function bandText(band: Band): string {
  return band.points ? `±${formatNumber(band.maxChange, 0)}个百分点` : `±${formatNumber(band.maxChange * 100, 0)}%`;
}

export const builtinYoyBand: BuiltinRuleModule = {
  id: 'builtin.yoy_band',
  title: '年度变化在常见幅度内',
  kind: 'yoy-band',
  severity: 'info',
  check(ctx) {
    const { year } = ctx;
    const drafts: Draft[] = [];
    let status: RuleStatus = 'nodata';
    for (const [id, band] of bandsOf(ctx.cf)) {
      const i = ctx.cf.indicators.get(id)!;
      const cur = ctx.vals.value(id, year);
      const prev = ctx.vals.value(id, year - 1);
      if (cur === undefined || prev === undefined) continue;
      if (!band.points && (prev <= 0 || cur < 0)) continue;
      if (i.ind.type === 'count' && Math.max(cur, prev) < SMALL_COUNT) continue;
      if (status === 'nodata') status = 'pass';
      const change = band.points ? cur - prev : (cur - prev) / prev;
      const size = Math.abs(change);
      if (size <= band.maxChange + 1e-9) continue;
      // a slip in a part, this year's or last year's (a unit slip, an impossible or inconsistent value), is
      // reported there, once: the change measured from it says nothing more
      const slipped = inputsOf(ctx.cf, id).some((p) => {
        const pi = ctx.cf.indicators.get(p)!;
        const now = locationKey(cell(pi, year));
        const before = locationKey(cell(pi, year - 1));
        return ctx.raised.has(`unit|${now}`) || SLIPPED.some((k) => ctx.raised.has(`${k}|${before}`));
      });
      if (slipped || SLIPPED.some((k) => ctx.raised.has(`${k}|${locationKey(cell(i, year - 1))}`))) continue;
      // a cell already reported as impossible, out of range or slipped needs no second note
      const here = locationKey(cell(i, year));
      if (ALREADY.some((k) => ctx.raised.has(`${k}|${here}`))) continue;
      status = 'fail';
      const how = change > 0 ? '增加' : '下降';
      const by = band.points ? formatDifference(change, i.ind) : `${formatNumber(size * 100, 1)}%`;
      drafts.push({
        message: `「${i.ind.name}」由${year - 1}年的 ${valueText(ctx, id, year - 1)} 变为${year}年的 ${valueText(ctx, id)}，${how} ${by}，超过常见的年度变化幅度（${bandText(band)}），请再次核对`,
        location: cell(i, year),
        severity: warningSize(band, cur, prev) > 2 * band.maxChange ? 'warning' : 'info',
        hint: '请核对两年的统计口径、单位和所填年份是否一致；变化属实的，请在单元格备注中说明原因，并在报告中作出说明。',
        citation: CITE_YOY,
      });
    }
    return { status, drafts };
  },
};
