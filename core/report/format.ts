/**
 * Small text rules of the report (seed 003 §7): captions without a final full stop, 「（数据来源：…）」 lines,
 * values with the indicator's decimals and 「—」 for missing data, Chinese ordinals for 挑战一/二/三.
 */
import { fixedDecimals } from '../values/round';

/** What a missing value prints as: never 0. */
export const MISSING = '—';

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
