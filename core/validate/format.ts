/**
 * Text pieces of findings: numbers with units (seed003_spec §7: 「85.07%」, 「4000.85元」, 「20109.81万元」,
 * 「2120人」), resolved citations 「《标题》（文号）where，seed」 and message templates with {placeholders}.
 */
import type { Citation, Framework, Indicator } from '../framework/schema';
import type { ResolvedCitation } from './types';

/** A value in the indicator's unit with its declared decimals; 「无数据」 when missing (never 0). */
export function formatIndicatorValue(value: number | undefined, ind: Pick<Indicator, 'unit' | 'decimals' | 'type'>) {
  if (value === undefined || !Number.isFinite(value)) return '无数据';
  // A value with more decimals than declared is shown as stored: rounding it would hide the problem.
  if (!fitsDecimals(value, ind.decimals)) return formatRaw(value, ind);
  return `${formatNumber(value, ind.decimals)}${unitSuffix(ind)}`;
}

/** True when the value has at most `decimals` decimal places. */
export function fitsDecimals(value: number, decimals: number): boolean {
  const p = 10 ** decimals;
  return Math.abs(Math.round(value * p) / p - value) <= 1e-9 * Math.max(1, Math.abs(value));
}

/** The number alone, with `decimals` places (trailing zeros kept, as in 「2945.60万元」). */
export function formatNumber(value: number, decimals: number): string {
  const d = Math.max(0, Math.min(6, Math.trunc(decimals)));
  const s = value.toFixed(d);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/** A value that may carry more decimals than declared (shown as stored, so the user sees the extra digits). */
export function formatRaw(value: number, ind: Pick<Indicator, 'unit' | 'type'>): string {
  return `${String(Number(value.toPrecision(12)))}${unitSuffix(ind)}`;
}

/** The unit as printed after a number: % for percents, :1 for ratios. */
export function unitSuffix(ind: Pick<Indicator, 'unit' | 'type'>): string {
  if (ind.type === 'percent') return '%';
  if (ind.type === 'ratio' && (ind.unit === '' || ind.unit === ':1' || ind.unit === '∶1')) return ':1';
  return ind.unit;
}

/** A difference in the indicator's unit: percent differences are 「个百分点」, not %. */
export function formatDifference(diff: number, ind: Pick<Indicator, 'unit' | 'decimals' | 'type'>): string {
  const abs = Math.abs(diff);
  const n = fitsDecimals(abs, ind.decimals) ? formatNumber(abs, ind.decimals) : String(Number(abs.toPrecision(12)));
  if (ind.type === 'percent') return `${n}个百分点`;
  if (ind.type === 'ratio') return n;
  return `${n}${ind.unit}`;
}

/** A share such as a year-on-year change: 「+35.2%」 / 「-60.0%」. */
export function formatShare(share: number): string {
  const pct = share * 100;
  return `${pct >= 0 ? '+' : '-'}${Math.abs(pct).toFixed(1)}%`;
}

function stripBookQuotes(title: string): string {
  return title.trim().replace(/^《/, '').replace(/》$/, '');
}

/** The framework citation with its document resolved; null when there is none. */
export function resolveCitation(fw: Framework, c: Citation | undefined): ResolvedCitation | null {
  if (!c) return null;
  const doc = Object.hasOwn(fw.documents, c.doc) ? fw.documents[c.doc] : undefined;
  const title = doc ? stripBookQuotes(doc.title) : '';
  const number = doc?.number ?? '';
  let text = title ? `《${title}》` : c.doc;
  if (number) text += `（${number}）`;
  if (c.where) text += c.where;
  if (c.seed) text += `，${c.seed}`;
  return { ...c, title, number, text };
}

const PLACEHOLDER = /\{([a-zA-Z_]+)\}/g;

/**
 * Fills {name} placeholders from `vars`. Returns undefined when the template is empty or uses a placeholder we
 * cannot fill (the caller then writes its own message, so a user never sees a raw 「{value}」).
 */
export function fillTemplate(template: string, vars: ReadonlyMap<string, string>): string | undefined {
  if (!template.trim()) return undefined;
  let missing = false;
  const out = template.replace(PLACEHOLDER, (_m, key: string) => {
    const v = vars.get(key);
    if (v === undefined) {
      missing = true;
      return '';
    }
    return v;
  });
  return missing ? undefined : out;
}

/** Characters of text with all whitespace removed (case length as counted in seed003_spec §4.2). */
export function charCount(text: string): number {
  return [...text.replace(/\s+/g, '')].length;
}
