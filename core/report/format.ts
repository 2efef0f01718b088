/**
 * Small text rules of the report (seed 003 §7): captions without a final full stop, 「（数据来源：…）」 lines,
 * values with the indicator's decimals and 「—」 for missing data, Chinese ordinals for 挑战一/二/三.
 */
import { fixedDecimals } from '../values/round';

/**
 * The years the appendix (附表) prints beside the report year, oldest first. One place, so the validator checks
 * exactly the years the document prints (core/validate: findings for every printed year).
 */
export function appendixYears(reportYear: number): number[] {
  return [reportYear - 1, reportYear];
}

/** What a missing value prints as: never 0. */
export const MISSING = '—';
/** What a value the school marked 「不适用」 prints as. */
export const NOT_APPLICABLE = '不适用';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (enough for 挑战 counts). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n < 10) return DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones ? DIGITS[ones] : ''}`;
}

/** Collapses whitespace runs and trims. */
export function squash(text: string): string {
  return text.replace(/[ \t\u3000]+/g, ' ').trim();
}

/** A caption as printed: one line, no final full stop or other closing punctuation (题注不加句号). */
export function cleanCaption(text: string): string {
  return squash(text.replace(/[\r\n]+/g, ' ')).replace(/[。．.，,；;：:、\s]+$/u, '');
}

/** Splits block text into paragraphs at line breaks, dropping empty ones. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** 「（数据来源：X）」 from X, accepting what users type: 「数据来源：X」, 「（数据来源：X）」 or plain X. */
export function sourceLine(source: string): string {
  let s = squash(source.replace(/[\r\n]+/g, ' '));
  s = s.replace(/^[（(]\s*/, '').replace(/\s*[）)]$/, '');
  s = s.replace(/^(数据)?来源\s*[：:]\s*/, '');
  s = s.replace(/[。．.]+$/, '');
  return s ? `（数据来源：${s}）` : '';
}

/** A stored value as printed in tables: the indicator's decimals, 「—」 for no data. */
export function formatValue(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  // half-up on the decimal digits as written (94.585 → 94.59), as the grid and the findings round (core/values)
  return fixedDecimals(value, Math.min(4, decimals));
}

/** 「2025年1月」 from an ISO time (the cover date). */
export function yearMonth(iso: string): string | undefined {
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  if (!m) return undefined;
  return `${m[1]}年${Number(m[2])}月`;
}

/** 「前言」 → 「前 言」: two-character front-matter headings are spaced, as in seed 003. */
export function spacedShortHeading(title: string): string {
  const t = title.trim();
  return [...t].length === 2 ? [...t].join(' ') : t;
}

/** What the printing rules need to know of an indicator (framework Indicator and review AggregateRow both fit). */
export interface PrintedIndicator {
  name: string;
  unit: string;
  type: string;
  decimals: number;
}

// seed003_spec §7.2 (people/activity units, L846): counts are whole numbers — 「2200余人」「4500余场次」
const COUNT_UNITS = new Set([
  '人',
  '名',
  '人次',
  '人日',
  '所',
  '个',
  '家',
  '项',
  '门',
  '部',
  '本',
  '册',
  '场',
  '场次',
  '期',
  '条次',
  '台次',
  '课时',
  '间',
  '台',
  '套',
  '台套',
  '种',
  '次',
]);

/**
 * True for a head count or a total area: the framework's `decimals` is what may be stored and checked
 * (折合在校生数 and 教师总数（折算） are weighted sums with a decimal; areas are typed to the hundredth), and the report
 * prints a whole value of these whole — 218400 平方米, 折合在校生数 11830 (seed 003), not 218400.00. Per-head and rate
 * indicators (生均…, …率, …比例) and money keep their fixed decimals: 生均图书 62.35 册, 2945.60 万元.
 */
export function printsWhole(ind: PrintedIndicator): boolean {
  if (/生均|人均|师均|平均|比例|比率|率/.test(ind.name)) return false;
  return COUNT_UNITS.has(ind.unit) || ind.unit === '平方米';
}

/**
 * The number of a value as every printed view writes it (附表, the text's figures, the app's preview, the
 * workbook's display, the findings): the ONE rule, so they agree with each other and with the grid. A head count or
 * an area prints whole when it is whole, and with its own decimals (up to the framework's) when the school typed a
 * fraction — 12800.55 平方米 stays 12800.55, never a silent 12801; the grid shows it the same way. Everything else
 * has the framework's decimals (trailing zeros kept: 2945.60). Half-up on the written digits (core/values/round).
 */
export function printedNumber(value: number, ind: PrintedIndicator): string {
  const text = fixedDecimals(value, Math.min(4, ind.decimals));
  return printsWhole(ind) && text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** How many decimals a printed number has (「12800.55」 → 2, 「218400」 → 0). */
export function decimalsOf(printed: string): number {
  const dot = printed.indexOf('.');
  return dot < 0 ? 0 : printed.length - dot - 1;
}

/**
 * The names of a table's rows as every printed view labels them (the 附表, the review's 汇总 and the district
 * draft, the 汇总 screen): 「其中：」 opens the first part listed under a whole — a row deeper than the row before,
 * or back at a part's depth after a deeper part — and further parts are only indented (seed 003's appendix).
 */
export function partRowNames(rows: readonly { name: string; indent: number }[]): string[] {
  let prev = 0;
  return rows.map((r) => {
    const first = r.indent > 0 && r.indent !== prev;
    prev = r.indent;
    return first ? `其中：${r.name}` : r.name;
  });
}

/**
 * A ratio written 「X:1」 with the indicator holding X (生师比 15.35:1): a ratio without a unit (as every framework
 * declares 生师比), or one whose unit says 「:1」 itself. Typing 「15.35:1」 into it means 15.35 (core/xlsx/number).
 */
export function isRatioToOne(ind: { type: string; unit?: string | undefined }): boolean {
  return ind.type === 'ratio' && ['', ':1', '∶1', '：1'].includes(ind.unit ?? '');
}

/** What the tables write right after the number: 「:1」 for a unit-less ratio (15.35:1), else nothing. */
export function printedSuffix(ind: PrintedIndicator): string {
  return ind.type === 'ratio' && !ind.unit ? ':1' : '';
}

/** A value as the report's tables print it: printedNumber, 「—」 for none, a unit-less ratio as 15.35:1. */
export function formatIndicatorValue(value: number | null | undefined, ind: PrintedIndicator): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return `${printedNumber(value, ind)}${printedSuffix(ind)}`;
}

/**
 * A value with its unit as prose writes it (seed003_spec §7.2): 「85.07%」, 「15.35:1」, 「4000.85 元」, and a
 * head count of 100000 or more in 万 — 「58.6万人」, 「102.4万人」 (L404), 「11.24万人」 (L1726).
 */
export function proseValue(value: number | null | undefined, ind: PrintedIndicator): string | undefined {
  if (value === null || value === undefined || !Number.isFinite(value)) return undefined;
  if ((ind.unit === '人' || ind.unit === '人次') && Math.abs(value) >= 100000) {
    const wan = formatValue(value / 10000, 2).replace(/\.?0+$/, '');
    return `${wan}万${ind.unit}`;
  }
  const text = formatIndicatorValue(value, ind);
  if (ind.type === 'ratio' && !ind.unit) return text;
  return ind.unit === '%' ? `${text}%` : ind.unit ? `${text} ${ind.unit}` : text;
}
