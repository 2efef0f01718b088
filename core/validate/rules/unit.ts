/**
 * builtin.unit (warning): a typed value off by a power of ten — 元 typed where 万元 is expected (×10 000), 0.95
 * typed into a % cell meaning 95 %, a thousand separator read as a decimal point (12.216 人) — said as the likely
 * mistake with the corrected value (also in detail.suggestedValue).
 *
 * Found three ways, all from the framework's data:
 * - against the indicator's other years: the value is about 10^k (|k| ≥ 2) times most of the years around it;
 *   with only one other year, which of the two is the odd one out is weighed (oddOneOut: the plausible bands, a
 *   third typed year, the unit's usual slip, the decimals typed), and when nothing tells, the finding names both
 *   years and corrects neither;
 * - against a plausible band (the indicator's `plausible`, or an enabled `range` rule): outside it, and one power
 *   of ten (the one its unit suggests, or the only one) brings it inside;
 * - a derived value outside its band (生均设备值 from 设备总值 typed in 元): the part whose ×10^k correction
 *   brings it inside is reported, at the part's cell, where the user can fix it.
 * The finding supersedes the year-on-year and range notes of the same cell (they describe the same slip).
 */
import { identifiersOf } from '../../framework/expr';
import type { Indicator } from '../../framework/schema';
import { IndicatorValues, type ResolvedValue, roundTo, storedFromRows } from '../../values/resolve';
import { CITE_UNIT } from '../builtin-citations';
import type { CompiledFramework, IndicatorInfo } from '../compile';
import { cell, type Draft, type RuleStatus, type ValidationContext, valueText } from '../context';
import { fitsDecimals, formatIndicatorValue, formatRounded, unitSuffix } from '../format';
import type { BuiltinRuleModule } from './types';

interface Bounds {
  readonly min?: number;
  readonly max?: number;
}

const boundsCache = new WeakMap<CompiledFramework, Map<string, Bounds>>();

/** Plausible bands by indicator: its own `plausible`, narrowed by the framework's enabled range rules. */
function boundsOf(cf: CompiledFramework): Map<string, Bounds> {
  const hit = boundsCache.get(cf);
  if (hit) return hit;
  const m = new Map<string, Bounds>();
  for (const i of cf.ordered) {
    // a percentage never exceeds 100 (the band of a derived rate is closed by its type)
    if (i.ind.plausible) m.set(i.ind.id, { ...(i.ind.type === 'percent' ? { max: 100 } : {}), ...i.ind.plausible });
  }
  for (const { rule } of cf.rules) {
    if (rule.kind !== 'range' || !rule.enabled || rule.categories.length) continue;
    const ind = cf.indicators.get(rule.indicator)?.ind;
    const b = m.get(rule.indicator) ?? (ind?.type === 'percent' ? { max: 100 } : {});
    m.set(rule.indicator, {
      min: rule.min === undefined ? b.min : Math.max(rule.min, b.min ?? -Infinity),
      max: rule.max === undefined ? b.max : Math.min(rule.max, b.max ?? Infinity),
    });
  }
  boundsCache.set(cf, m);
  return m;
}

const inside = (b: Bounds, v: number) => (b.min === undefined || v >= b.min) && (b.max === undefined || v <= b.max);

/** The power of ten a ratio is close to (within a factor of 2), or undefined when it is between powers. */
function powerOf(ratio: number): number | undefined {
  if (!(ratio > 0) || !Number.isFinite(ratio)) return undefined;
  const l = Math.log10(ratio);
  const k = Math.round(l);
  return Math.abs(l - k) <= 0.3 ? k : undefined;
}

const typed = (r: ResolvedValue) => r.origin === 'input' || r.origin === 'reported';

/** The powers of ten a slip in this unit usually is, most likely first. */
function usualSlips(ind: Pick<Indicator, 'type' | 'unit'>): number[] {
  if (ind.type === 'percent') return [-2];
  if (ind.type === 'money' && (ind.unit === '万元' || ind.unit === '元')) return [ind.unit === '万元' ? 4 : -4];
  return [];
}

/** The mistake in words: 「很可能按「元」填写了以「万元」为单位的数」. */
function mistake(ind: Pick<Indicator, 'type' | 'unit'>, k: number): string {
  if (ind.type === 'percent' && k === -2) return '很可能把百分比按小数填写了（百分比单元格填百分数，95% 填 95）';
  if (ind.type === 'money' && ind.unit === '万元' && k === 4) return '很可能按「元」填写了以「万元」为单位的数';
  if (ind.type === 'money' && ind.unit === '元' && k === -4) return '很可能按「万元」填写了以「元」为单位的数';
  if (ind.type === 'count' && k === -3) return '很可能把千位分隔符当成了小数点（或粘贴时丢了后三位）';
  return k > 0 ? `数量级大了约 ${times(k)}，很可能单位或位数填错` : `数量级小了约 ${times(-k)}，很可能单位或位数填错`;
}

function times(k: number): string {
  return k >= 4 ? `${10 ** (k - 4)}万倍` : `${10 ** k}倍`;
}

const FRACTION: Record<number, string> = {
  1: '十分之一',
  2: '百分之一',
  3: '千分之一',
  4: '万分之一',
  // 「10万倍分之一」 is not said: five places and more are 十万/百万/千万/亿分之一
  5: '十万分之一',
  6: '百万分之一',
  7: '千万分之一',
  8: '亿分之一',
};

/** 「1 万倍」 for k = 4, 「百分之一」 for k = -2. */
function timesWord(k: number): string {
  return k > 0 ? times(k) : (FRACTION[-k] ?? `${10 ** -k}分之一`);
}

function decimalsOf(v: number): number {
  const s = String(v);
  return s.includes('.') && !s.includes('e') ? s.length - s.indexOf('.') - 1 : 0;
}

interface Slip {
  k: number;
  /** 「约为2023年（6785.30万元）的 1 万倍」 / 「超出常见范围（1000～100000元）」 */
  against: string;
}

interface YearValue {
  readonly year: number;
  readonly v: number;
}

/** The typed values of the indicator in the years around `year` (two either side), earlier years first. */
function typedAround(ctx: ValidationContext, i: IndicatorInfo, year: number): YearValue[] {
  const refs: YearValue[] = [];
  for (const y of [year - 1, year - 2, year + 1, year + 2]) {
    if (!ctx.ws.years.some((x) => x.year === y)) continue;
    const r = ctx.vals.resolve(i.ind.id, y);
    if (typed(r) && r.value !== undefined && r.value > 0) refs.push({ year: y, v: r.value });
  }
  return refs;
}

/** Two typed years about 10^k apart, and nothing that says which of them is wrong. */
interface Unsure {
  readonly k: number;
  readonly other: YearValue;
}

/**
 * Against the other years around `year`: most of them put the value about 10^k (|k| ≥ 2) off. With one other
 * year only, which of the two is the odd one out is weighed (oddOneOut); when nothing tells, the pair is reported
 * as unsure, once, by the later year.
 */
function againstYears(
  ctx: ValidationContext,
  i: IndicatorInfo,
  bounds: Map<string, Bounds>,
  year: number,
  v: number,
): Slip | Unsure | undefined {
  const refs = typedAround(ctx, i, year);
  if (refs.length === 0) return undefined;
  const ks = refs.map((r) => powerOf(v / r.v));
  for (const k of new Set(ks)) {
    if (k === undefined || Math.abs(k) < 2) continue;
    const agreeing = refs.filter((_, n) => ks[n] === k);
    if (agreeing.length * 2 <= refs.length) continue;
    // small counts jump by whole multiples (1 → 100 is possible for 留学生); a slip shows on real sizes
    if (Math.max(v, agreeing[0]!.v) < 100 && i.ind.type !== 'percent') continue;
    const ref = agreeing[0]!;
    if (refs.length === 1) {
      const odd = oddOneOut(ctx, i, bounds, { year, v }, ref, k);
      if (odd === 'other') return undefined;
      if (odd === 'unknown') {
        // said once: by the later year, unless the earlier one is the only year whose check sees the pair
        const otherSeesPair = ctx.printedYears.includes(ref.year) && typedAround(ctx, i, ref.year).length === 1;
        return year > ref.year || !otherSeesPair ? { k, other: ref } : undefined;
      }
    }
    return {
      k,
      against: `约为${ref.year}年（${valueText(ctx, i.ind.id, ref.year)}）的${k > 0 ? ' ' : ''}${timesWord(k)}`,
    };
  }
  return undefined;
}

/**
 * Of two typed years about 10^k apart (this one k above the other), which one is the slip: the one whose value
 * (or a value derived from it) is outside its plausible band and inside once corrected; else the one a third typed
 * year disagrees with; else the one in the direction the unit usually slips (元 typed for 万元, 0.95 for 95%, a
 * thousand separator read as a decimal point); else the one typed with more decimals than the indicator keeps.
 * A later year is not right for being later.
 */
function oddOneOut(
  ctx: ValidationContext,
  i: IndicatorInfo,
  bounds: Map<string, Bounds>,
  self: YearValue,
  other: YearValue,
  k: number,
): 'this' | 'other' | 'unknown' {
  const selfOut = bandSays(ctx, i, bounds, self, k);
  if (selfOut !== bandSays(ctx, i, bounds, other, -k)) return selfOut ? 'this' : 'other';
  const near = (a: number, b: number) => Math.abs(Math.log10(a / b)) < 1;
  const third = typedAround(ctx, i, other.year).filter((r) => r.year !== self.year);
  const withOther = third.some((r) => near(r.v, other.v));
  if (withOther !== third.some((r) => near(r.v, self.v))) return withOther ? 'this' : 'other';
  const usual = usualSlips(i.ind);
  const separator = (x: YearValue, kx: number) => i.ind.type === 'count' && kx === -3 && decimalsOf(x.v) === 3;
  const selfUsual = usual.includes(k) || separator(self, k);
  if (selfUsual !== (usual.includes(-k) || separator(other, -k))) return selfUsual ? 'this' : 'other';
  // dividing by 100 leaves decimals the indicator does not keep (7.6人, 1.6565万元); multiplying leaves none
  const selfRagged = !fitsDecimals(self.v, i.ind.decimals);
  if (selfRagged !== !fitsDecimals(other.v, i.ind.decimals)) return selfRagged ? 'this' : 'other';
  return 'unknown';
}

/** The band says `at` is 10^k off: the value, or one derived from it, is outside its band and inside once corrected. */
function bandSays(
  ctx: ValidationContext,
  i: IndicatorInfo,
  bounds: Map<string, Bounds>,
  at: YearValue,
  k: number,
): boolean {
  const fixed = at.v / 10 ** k;
  const b = bounds.get(i.ind.id);
  if (b && !inside(b, at.v) && inside(b, fixed)) return true;
  return (derivedWithBand(ctx.cf).get(i.ind.id) ?? []).some((d) => {
    const db = bounds.get(d.ind.id)!;
    const now = ctx.vals.value(d.ind.id, at.year);
    if (now === undefined || inside(db, now)) return false;
    const then = withCell(ctx, i.ind.id, at.year, fixed).value(d.ind.id, at.year);
    return then !== undefined && inside(db, then);
  });
}

const derivedCache = new WeakMap<CompiledFramework, Map<string, IndicatorInfo[]>>();

/** The derived indicators that have a plausible band, by each part of their formula. */
function derivedWithBand(cf: CompiledFramework): Map<string, IndicatorInfo[]> {
  const hit = derivedCache.get(cf);
  if (hit) return hit;
  const bounds = boundsOf(cf);
  const m = new Map<string, IndicatorInfo[]>();
  for (const d of cf.ordered) {
    if (!d.formula || !bounds.has(d.ind.id)) continue;
    for (const id of new Set(identifiersOf(d.formula))) m.set(id, [...(m.get(id) ?? []), d]);
  }
  derivedCache.set(cf, m);
  return m;
}

/** Outside the plausible band, and one power of ten (the usual one for its unit, or the only one) fits. */
function againstBounds(i: IndicatorInfo, b: Bounds | undefined, v: number): Slip | undefined {
  if (!b || inside(b, v)) return undefined;
  const fits = [1, 2, 3, 4, -1, -2, -3, -4].filter((k) => inside(b, v / 10 ** k));
  const usual = usualSlips(i.ind).find((k) => fits.includes(k));
  // otherwise only a clear order of magnitude: 107% is a typo, not 10.7% typed ten times over
  const only = i.ind.type !== 'percent' && fits.length === 1 && Math.abs(fits[0]!) >= 2 ? fits[0] : undefined;
  const k = usual ?? only;
  if (k === undefined) return undefined;
  return { k, against: `超出常见范围（${bandText(i.ind, b)}）` };
}

function bandText(ind: Indicator, b: Bounds): string {
  // a band's ends as written in the framework (300～300000元), not padded to the indicator's decimals
  const f = (x: number) => `${String(x)}${unitSuffix(ind)}`;
  if (b.min !== undefined && b.max !== undefined) return `${f(b.min)}～${f(b.max)}`;
  return b.min !== undefined ? `不低于 ${f(b.min)}` : `不高于 ${f(b.max!)}`;
}

const unitName = (ind: Indicator) => (ind.type === 'percent' ? '%' : ind.unit || '无');

/** Two years 10^k apart and no telling which is wrong: both named, neither "corrected", at the later year. */
function unsureDraft(ctx: ValidationContext, i: IndicatorInfo, self: YearValue, u: Unsure): Draft {
  const [a, b] = self.year < u.other.year ? [self.year, u.other.year] : [u.other.year, self.year];
  return {
    message: `「${i.ind.name}」${a}年为 ${valueText(ctx, i.ind.id, a)}，${b}年为 ${valueText(ctx, i.ind.id, b)}，两年相差约 ${timesWord(Math.abs(u.k))}；其中一年很可能单位或位数填错，仅凭已填数据无法判断是哪一年`,
    location: cell(i, b),
    hint: `请核对${a}年和${b}年的数值与单位（本指标单位：${unitName(i.ind)}），改正填错的那一年；若两年数值都属实，请在备注中说明原因。`,
    citation: CITE_UNIT,
    // the change from the earlier year is this same jump
    supersedes: [{ kinds: ['yoy', 'yoy-band'] }],
  };
}

function slipDraft(i: IndicatorInfo, year: number, v: number, slip: Slip, lead: string): Draft {
  // what the school would type: rounded to the indicator's decimals
  const corrected = roundTo(v / 10 ** slip.k, i.ind.decimals);
  const fixed = formatIndicatorValue(corrected, i.ind);
  return {
    message: `${lead}；${mistake(i.ind, slip.k)}，应为 ${fixed}`,
    location: cell(i, year),
    hint: `请核对单位（本指标单位：${unitName(i.ind)}）。若应为 ${fixed}，请改正；若数值属实，请在备注中说明原因。`,
    citation: CITE_UNIT,
    detail: { suggestedValue: corrected },
    supersedes: [
      { kinds: ['yoy', 'yoy-band', 'range', 'decimals'] },
      // the next year's change is measured from the slipped value
      { kinds: ['yoy', 'yoy-band'], at: cell(i, year + 1) },
    ],
  };
}

/** The values with one cell replaced: a hypothetical, through the same value path (core/values). */
function withCell(ctx: ValidationContext, id: string, year: number, value: number): IndicatorValues {
  const base = storedFromRows(ctx.ws.values);
  return new IndicatorValues(ctx.fw, (pid, y) => (pid === id && y === year ? value : base(pid, y)));
}

/** A derived value outside its band: the typed part whose ×10^k correction brings it in. */
function culprit(
  ctx: ValidationContext,
  d: IndicatorInfo,
  b: Bounds,
  year: number,
): { part: IndicatorInfo; k: number; value: number; fixedDerived: number } | undefined {
  const found: { part: IndicatorInfo; k: number; value: number; fixedDerived: number; usual: boolean }[] = [];
  for (const id of new Set(identifiersOf(d.formula!))) {
    const part = ctx.cf.indicators.get(id);
    const r = ctx.vals.resolve(id, year);
    if (!part || !typed(r) || r.value === undefined || r.value <= 0) continue;
    const usual = usualSlips(part.ind);
    for (const k of [...usual, 4, 3, 2, 1, -1, -2, -3, -4].filter((x, n, a) => a.indexOf(x) === n)) {
      const fixedDerived = withCell(ctx, id, year, r.value / 10 ** k).value(d.ind.id, year);
      if (fixedDerived !== undefined && inside(b, fixedDerived)) {
        found.push({ part, k, value: r.value, fixedDerived, usual: usual.includes(k) });
        break;
      }
    }
  }
  const usual = found.filter((f) => f.usual);
  return usual.length === 1 ? usual[0] : found.length === 1 ? found[0] : undefined;
}

export const builtinUnit: BuiltinRuleModule = {
  id: 'builtin.unit',
  title: '单位与数量级正确',
  kind: 'unit',
  severity: 'warning',
  years: 'printed',
  check(ctx) {
    const { year } = ctx;
    const bounds = boundsOf(ctx.cf);
    const drafts: Draft[] = [];
    const flagged = new Set<string>();
    let status: RuleStatus = 'nodata';
    for (const i of ctx.cf.ordered) {
      const r = ctx.vals.resolve(i.ind.id, year);
      const v = r.value;
      if (v === undefined || v <= 0 || !typed(r)) continue;
      if (status === 'nodata') status = 'pass';
      const years = againstYears(ctx, i, bounds, year, v);
      if (years && 'other' in years) {
        status = 'fail';
        flagged.add(i.ind.id);
        drafts.push(unsureDraft(ctx, i, { year, v }, years));
        continue;
      }
      let slip = years ?? againstBounds(i, bounds.get(i.ind.id), v);
      if (!slip && i.ind.type === 'count' && decimalsOf(v) === 3)
        slip = { k: -3, against: '人数、个数等应为整数，却有三位小数' };
      if (!slip) continue;
      status = 'fail';
      flagged.add(i.ind.id);
      const shown = `${year}年「${i.ind.name}」为 ${valueText(ctx, i.ind.id, year)}`;
      drafts.push(slipDraft(i, year, v, slip, `${shown}，${slip.against}`));
    }
    // derived values outside their band: find the part (unless a part's slip, reported above, explains it)
    for (const d of ctx.cf.ordered) {
      const b = bounds.get(d.ind.id);
      if (!d.formula || !b || identifiersOf(d.formula).some((id) => flagged.has(id))) continue;
      const r = ctx.vals.resolve(d.ind.id, year);
      if (r.origin !== 'computed' || r.value === undefined || inside(b, r.value)) continue;
      const c = culprit(ctx, d, b, year);
      if (!c) continue;
      status = 'fail';
      flagged.add(c.part.ind.id);
      const lead = `${year}年「${c.part.ind.name}」为 ${valueText(ctx, c.part.ind.id, year)}，按此算出的「${d.ind.name}」为 ${formatRounded(r.value, d.ind)}，超出常见范围（${bandText(d.ind, b)}）`;
      const draft = slipDraft(c.part, year, c.value, { k: c.k, against: '' }, lead);
      draft.message += `（「${d.ind.name}」将为 ${formatRounded(c.fixedDerived, d.ind)}）`;
      drafts.push(draft);
    }
    return { status, drafts };
  },
};
