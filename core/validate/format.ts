/**
 * Text pieces of findings: numbers with units (seed003_spec §7: 「85.07%」, 「4000.85元」, 「20109.81万元」,
 * 「2120人」), resolved citations 「《标题》（文号）where，seed」 and message templates with {placeholders}.
 */
import type { Citation, Framework, Indicator } from '../framework/schema';
import { isRatioToOne, printedNumber } from '../report/format';
import { fixedDecimals } from '../values/round';
import type { FindingDetail, ResolvedCitation } from './types';

/** What the finding formatters need of an indicator; its name tells a per-head figure from a head count. */
type FormattedIndicator = Pick<Indicator, 'unit' | 'decimals' | 'type'> & { name?: string };

/** A value in the indicator's unit with its declared decimals; 「无数据」 when missing (never 0). */
export function formatIndicatorValue(value: number | undefined, ind: FormattedIndicator) {
  if (value === undefined || !Number.isFinite(value)) return '无数据';
  // A typed value with more decimals than declared is shown as typed (rounding would hide the problem); a value
  // with many digits (a formula result such as 90.9753291576) is rounded. A value known to be computed is
  // printed with formatRounded (the engine knows from core/values which values are computed).
  if (!fitsDecimals(value, ind.decimals) && fitsDecimals(value, 4)) return formatRaw(value, ind);
  return formatRounded(value, ind);
}

/**
 * A computed value: rounded to the declared decimals by the report's printing rule (core/report/format), so a
 * finding quotes the number the grid, the 附表 and the text show: 「218400平方米」 and 「12800.55平方米」, not
 * 「218400.00平方米」.
 */
export function formatRounded(value: number | undefined, ind: FormattedIndicator) {
  if (value === undefined || !Number.isFinite(value)) return '无数据';
  const n =
    ind.decimals > 4 ? formatNumber(value, ind.decimals) : printedNumber(value, { ...ind, name: ind.name ?? '' });
  return `${n}${unitSuffix(ind)}`;
}

/** True when the value has at most `decimals` decimal places. */
export function fitsDecimals(value: number, decimals: number): boolean {
  const p = 10 ** decimals;
  return Math.abs(Math.round(value * p) / p - value) <= 1e-9 * Math.max(1, Math.abs(value));
}

/** The number alone, with `decimals` places (trailing zeros kept, as in 「2945.60万元」). */
export function formatNumber(value: number, decimals: number): string {
  // the grid's and the report's rounding (core/values/round), so a finding quotes the number they show
  return fixedDecimals(value, Math.min(6, decimals));
}

/** A value that may carry more decimals than declared (shown as stored, so the user sees the extra digits). */
export function formatRaw(value: number, ind: Pick<Indicator, 'unit' | 'type'>): string {
  return `${String(Number(value.toPrecision(12)))}${unitSuffix(ind)}`;
}

/** The unit as printed after a number: % for percents, :1 for ratios. */
export function unitSuffix(ind: Pick<Indicator, 'unit' | 'type'>): string {
  if (ind.type === 'percent') return '%';
  if (isRatioToOne(ind)) return ':1';
  return ind.unit;
}

/** A difference in the indicator's unit: percent differences are 「个百分点」, not %. */
export function formatDifference(diff: number, ind: Pick<Indicator, 'unit' | 'decimals' | 'type'>): string {
  const abs = Math.abs(diff);
  // Never print a real difference as 0: widen to the first significant digits (up to 4 decimals).
  let d = ind.decimals;
  while (d < 4 && abs > 0 && Number(abs.toFixed(d)) === 0) d++;
  const n = !fitsDecimals(abs, d) && fitsDecimals(abs, 4) ? String(Number(abs.toFixed(4))) : formatNumber(abs, d);
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

/** An internal reference: a seed or note file name, a path into shared/, a § of a research note. */
const INTERNAL = /[A-Za-z0-9_.-]+\.(?:txt|md|json|ts)\b|shared\/|§\s*\d|研究笔记/;

/**
 * Text of a framework citation as users may see it, with the internal references taken out (built-in frameworks
 * keep them in `seed` / `note` already; an imported framework may not): a parenthesised aside holding one is
 * removed (a paraphrase keeps its honest 「（转述）」), a 「见 …md §…」 clause is removed, and text that still
 * holds one is withheld. What was taken out is returned for the finding's detail.
 */
export function humanCitationText(text: string): { shown: string; removed: string[] } {
  const removed: string[] = [];
  let shown = text.replace(/[（(]([^（）()]*)[）)]/g, (m, inner: string) => {
    if (!INTERNAL.test(inner)) return m;
    removed.push(inner.trim());
    return /转述/.test(inner) ? '（转述）' : '';
  });
  shown = shown.replace(/[，,；;]?\s*见\s*[^，,；;。（）()]*/g, (m) => {
    if (!INTERNAL.test(m)) return m;
    removed.push(m.replace(/^[，,；;]\s*/, '').trim());
    return '';
  });
  shown = shown.replace(/(（转述）)+/g, '（转述）').trim();
  if (INTERNAL.test(shown)) {
    removed.push(shown);
    shown = '';
  }
  return { shown, removed };
}

const resolved = new WeakMap<Framework, WeakMap<Citation, ResolvedCitation>>();
const details = new WeakMap<Citation, FindingDetail | undefined>();

/** The framework citation as shown: 《标题》（文号）where, with the quote; null when there is none. */
export function resolveCitation(fw: Framework, c: Citation | undefined): ResolvedCitation | null {
  if (!c) return null;
  // frameworks are data, never edited in place: one resolution per citation of a framework object
  let byCitation = resolved.get(fw);
  if (!byCitation) {
    byCitation = new WeakMap();
    resolved.set(fw, byCitation);
  }
  const hit = byCitation.get(c);
  if (hit) return hit;
  const r = resolveUncached(fw, c);
  byCitation.set(c, r);
  return r;
}

function titleOf(fw: Framework, c: Citation): string {
  const doc = Object.hasOwn(fw.documents, c.doc) ? fw.documents[c.doc] : undefined;
  return doc ? stripBookQuotes(doc.title).replace(/《/g, '〈').replace(/》/g, '〉') : '';
}

function resolveUncached(fw: Framework, c: Citation): ResolvedCitation {
  const doc = Object.hasOwn(fw.documents, c.doc) ? fw.documents[c.doc] : undefined;
  // a title inside the title takes 〈〉 (seed003_spec §7.4: 《重庆市实施〈中华人民共和国职业教育法〉办法》)
  const title = titleOf(fw, c);
  const number = doc?.number ?? '';
  const where = humanCitationText(c.where).shown;
  const quote = humanCitationText(c.quote).shown;
  const text = humanCitation({ doc: c.doc, title, number, where });
  return { doc: c.doc, where, seed: '', quote, note: '', title, number, text };
}

/** The machine side of a citation (seed lines, research notes, what the shown text left out), for Finding.detail. */
export function citationDetail(c: Citation | undefined): FindingDetail | undefined {
  if (!c) return undefined;
  if (details.has(c)) return details.get(c);
  const d = detailUncached(c);
  details.set(c, d);
  return d;
}

function detailUncached(c: Citation): FindingDetail | undefined {
  const notes = [c.note, ...humanCitationText(c.where).removed, ...humanCitationText(c.quote).removed]
    .map((n) => n.trim())
    .filter(Boolean);
  const detail: FindingDetail = {};
  if (c.seed) detail.source = c.seed;
  if (notes.length) detail.note = [...new Set(notes)].join('；');
  return Object.keys(detail).length ? detail : undefined;
}

/** 《标题》（文号）where, as a reader quotes it: never a file name (a document without a title is named in words). */
export function humanCitation(c: Pick<ResolvedCitation, 'doc' | 'title' | 'number' | 'where'>): string {
  return `${c.title ? `《${c.title}》` : '指标体系中注明的文件'}${c.number ? `（${c.number}）` : ''}${c.where}`;
}

const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;

/** The unit at the end of a formatted value: 「:1」, 「%」, 「万元」, 「人」 …; '' for a bare number. */
function trailingUnit(v: string): string {
  if (v.endsWith(':1')) return ':1';
  return /[^\d.\s-]+$/.exec(v)?.[0] ?? '';
}

/**
 * Fills {name} placeholders through `lookup`. Returns undefined when the template is empty or uses a placeholder
 * we cannot fill (the caller then writes its own message, so a user never sees a raw 「{value}」).
 * Values come with their unit (「60.00%」); a template that writes the unit itself (「{reference}%」) gets it once.
 */
export function fillTemplate(template: string, lookup: (key: string) => string | undefined): string | undefined {
  if (!template.trim()) return undefined;
  let missing = false;
  const out = template.replace(PLACEHOLDER, (_m, key: string, offset: number) => {
    const v = lookup(key);
    if (v === undefined) {
      missing = true;
      return '';
    }
    const unit = trailingUnit(v);
    const next = template.slice(offset + key.length + 2);
    return unit && next.startsWith(unit) ? v.slice(0, -unit.length) : v;
  });
  return missing ? undefined : out;
}

/**
 * Length in 字 as the report conventions count it: each 汉字 and each Chinese punctuation mark (or other
 * non-Latin sign) is 1 字, a run of Latin letters or digits (「2024」, 「95.2%」, 「AI」) is 1 字, spaces are not
 * counted. This is how Word's 字数统计 counts a Chinese text (中文字符 + 非中文单词), the tool schools check a
 * 「每个案例不超过1000字」 limit with; seed003_spec §4.2 measures cases in CJK characters with whitespace removed,
 * and counting every digit and letter as a 字 (as before) overstated long, number-rich cases by a fifth.
 */
export function charCount(text: string): number {
  let n = 0;
  let inRun = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // a low surrogate belongs to the character counted at its high surrogate
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    if (isWordChar(c)) {
      if (!inRun) n++;
      inRun = true;
    } else if (inRun && (c === 0x25 || (isJoiner(c) && joinsNext(text, i + 1)))) {
      // . , : - inside a number (95.2%, 1,200, 2024-2025) or a % after it: part of the run
    } else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3000 || c === 0xa0) {
      inRun = false;
    } else {
      n++;
      inRun = false;
    }
  }
  return n;
}

/** . , : - : they join a run only when a letter, digit or % follows (「2024.」 is two 字). */
function isJoiner(c: number): boolean {
  return c === 0x2e || c === 0x2c || c === 0x3a || c === 0x2d;
}
function joinsNext(text: string, at: number): boolean {
  const next = text.charCodeAt(at);
  return isWordChar(next) || next === 0x25;
}

/** A Latin letter or digit, half or full width: a run of them is one 字. */
function isWordChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xff10 && c <= 0xff19) ||
    (c >= 0xff21 && c <= 0xff3a) ||
    (c >= 0xff41 && c <= 0xff5a)
  );
}

/** How charCount counts, for messages that state a length. */
export const CHAR_COUNT_RULE =
  '按 Word「字数统计」的计法：汉字和中文标点各计 1 字，连续的数字或字母计 1 字，不计标题和空格';
