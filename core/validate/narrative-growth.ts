/**
 * Beyond the first number: changes the text states (「较上年增加 120 人」, 「较2023年提高 1.32 个百分点」, 「同比增长
 * 5.2%」, 「较上年有所下降」) and numbers in table blocks, read with the same name matcher as the prose check
 * (narrative.ts). Pure; the narrative rule module compares them with the values of the two years.
 *
 * Built for precision, like the prose check: a change counts only when its base is explicit (较/比 + 上年, 去年,
 * 2023年, 2023届 …, or 同比) — 「较快增长」 is an adverb, not a comparison — in the name's clause or the clause right
 * after it (「毕业去向落实率为 95%，较上年提高 1.32 个百分点」), before any other indicator is named; an approximate
 * amount (约/近/超过/余/多/以上) is checked for its direction only.
 */
import type { BlockContent } from '../model';
import {
  APPROX_AFTER,
  type NameEntry,
  type NameMatch,
  type NarrativeHit,
  type NarrativeMatcher,
  nameAt,
  unitAt,
  unitLength,
} from './narrative';

export interface GrowthHit {
  readonly indicatorId: string;
  /** the year the text speaks of, and the year it compares with */
  readonly year: number;
  readonly baseYear: number;
  /** +1 增加/增长/提高…, -1 下降/减少/降低… */
  readonly direction: 1 | -1;
  /** the amount as written; absent for 「有所下降」 or an approximate amount */
  readonly amount?: {
    readonly value: number;
    readonly decimals: number;
    /** 'points' 个百分点, 'percent' %, 'absolute' in a unit (× factor = the indicator's unit) */
    readonly kind: 'points' | 'percent' | 'absolute';
    readonly factor: number;
  };
  /** as written, from the name to the end of the amount */
  readonly snippet: string;
  /** where the comparison is in the scanned text, from 较/比/同比 to the end of the amount: text.slice(start, end) */
  readonly start?: number;
  readonly end?: number;
}

const UP = /^(增加|增长|提高|提升|上升|新增)/;
const COMPARISON = /(较|比)\s*(上年|去年|上一年度?|前一年|上届|(\d{4})\s*(?:年度|年|届))|同比/g;
/** The same, for the first one in a span (no shared lastIndex with the global one). */
const FIRST_COMPARISON = new RegExp(COMPARISON.source);
const VERB = /增加|增长|提高|提升|上升|新增|下降|减少|降低|回落/;
/** Words between the base and the verb that keep the comparison (「较上年有所增长」, 「较2023年相比明显下降」). */
const FILLER = /^\s*(同期)?\s*(相比|而言)?\s*[，,]?\s*(有所|明显|显著|稳步|大幅|小幅|略有|进一步|持续|同比)?\s*$/;
const APPROX_BEFORE = /^(约|近|超过|超|逾|将近|接近|不到|不足)/;
const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?/;

/** How far after a name its comparison may be, and the longest name: the stretch of text worth scanning. */
const REACH = 80;
const LONGEST_NAME = 40;

/** The text after a name, to the end of the clause after the one the name is in (one comma crossed at most). */
function reach(text: string, from: number): string {
  const tail = text.slice(from, from + REACH);
  let commas = 0;
  for (let i = 0; i < tail.length; i++) {
    const ch = tail[i] as string;
    if (/[。；;！!？?\n\r]/.test(ch)) return tail.slice(0, i);
    if (/[，,]/.test(ch) && ++commas > 1) return tail.slice(0, i);
  }
  return tail;
}

function amountAt(after: string, entry: NameEntry, percent: boolean): GrowthHit['amount'] | 'approx' | undefined {
  const lead = /^\s*(了|达到|达|到)?\s*/.exec(after)?.[0].length ?? 0;
  const rest = after.slice(lead);
  if (APPROX_BEFORE.test(rest)) return 'approx';
  const num = NUMBER.exec(rest);
  if (!num) return undefined;
  const raw = num[0];
  const tail = rest.slice(raw.length);
  const value = Number(raw.replace(/,/g, ''));
  const decimals = /\.(\d+)/.exec(raw)?.[1]?.length ?? 0;
  const t = tail.replace(/^\s+/, '');
  let kind: 'points' | 'percent' | 'absolute';
  let factor = 1;
  let unitLen: number;
  if (/^(个百分点|百分点)/.test(t)) {
    if (!percent) return undefined;
    kind = 'points';
    unitLen = unitLength(tail, t.startsWith('个') ? '个百分点' : '百分点');
  } else if (/^[%％]/.test(t)) {
    kind = 'percent';
    unitLen = unitLength(tail, t[0] as string);
  } else {
    const unit = unitAt(tail);
    const f = unit ? entry.units.get(unit) : undefined;
    if (!unit || f === undefined || unit === '%' || unit === '％') return undefined;
    kind = 'absolute';
    factor = f;
    unitLen = unitLength(tail, unit);
  }
  if (APPROX_AFTER.test(tail.slice(unitLen))) return 'approx';
  return { value, decimals, kind, factor };
}

/** Every change of a reported indicator the text states, with the two years it compares. */
export function scanGrowth(
  text: string,
  matcher: NarrativeMatcher,
  year: number,
  percentIds: ReadonlySet<string>,
): GrowthHit[] {
  const out: GrowthHit[] = [];
  if (!text) return out;
  // only names shortly before a comparison can carry one: scan those stretches (most text has no 较/比/同比)
  const stretches: [number, number][] = [];
  for (const c of text.matchAll(COMPARISON)) {
    const from = Math.max(0, (c.index ?? 0) - REACH - LONGEST_NAME);
    const last = stretches[stretches.length - 1];
    if (last && from <= last[1]) last[1] = c.index ?? 0;
    else stretches.push([from, c.index ?? 0]);
  }
  for (const [from, to] of stretches) {
    for (let m = matcher.find(text, from); m && m.index <= to; m = matcher.find(text, m.index + m.name.length)) {
      growthAt(m);
    }
  }
  return out;

  function growthAt(m: NameMatch): void {
    const at = nameAt(text, matcher, m, year);
    if (!at) return;
    const from = m.index + m.name.length;
    let span = reach(text, from);
    // another indicator named first: the change is that one's
    const other = matcher.find(span, 0);
    if (other) span = span.slice(0, other.index);
    const cmp = FIRST_COMPARISON.exec(span);
    if (!cmp) return;
    const afterBase = span.slice(cmp.index + cmp[0].length);
    const verb = VERB.exec(afterBase);
    if (!verb || !FILLER.test(afterBase.slice(0, verb.index))) return;
    const baseYear = cmp[0] === '同比' || !cmp[3] ? at.refYear - 1 : Number(cmp[3]);
    if (baseYear >= at.refYear) return;
    const direction = UP.test(verb[0]) ? 1 : -1;
    const afterVerb = afterBase.slice(verb.index + verb[0].length);
    const amount = amountAt(afterVerb, at.entry, percentIds.has(at.entry.id));
    const end =
      from +
      cmp.index +
      cmp[0].length +
      verb.index +
      verb[0].length +
      (amount && amount !== 'approx' ? amountEnd(afterVerb) : 0);
    out.push({
      indicatorId: at.entry.id,
      year: at.refYear,
      baseYear,
      direction,
      ...(amount && amount !== 'approx' ? { amount } : {}),
      snippet: text.slice(m.index, end).replace(/\s+/g, ' '),
      start: from + cmp.index,
      end,
    });
  }
}

/** How far the amount after a verb reaches (number and unit), for the snippet. */
function amountEnd(afterVerb: string): number {
  const m =
    /^\s*(了|达到|达|到)?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(个百分点|百分点|%|％|[^\d\s，,。；;、]{1,3})?/.exec(
      afterVerb,
    );
  return m ? m[0].length : 0;
}

// ---------------------------------------------------------------------------------------------
// Table blocks.

const YEAR_IN = /(\d{4})\s*(?:年度|年|届)?/;
const UNIT_IN = /[（(]\s*(?:单位[：:]\s*)?([^（）()]{1,6})\s*[）)]\s*$/;

/**
 * Numbers in a table block that stand for a reported indicator: a row named after the indicator with a year in
 * each column head (「指标 | 2023年 | 2024年」), or the same turned round (years down the first column); a table
 * of two columns without years reads as the report year. The unit comes from the cell, the head (「（人）」) or the
 * indicator itself.
 */
export function scanTable(
  table: Extract<BlockContent, { kind: 'table' }>,
  matcher: NarrativeMatcher,
  year: number,
): NarrativeHit[] {
  const entryOf = (label: string) => {
    const bare = label
      .replace(/^\s*其中[：:]\s*/, '')
      .replace(UNIT_IN, '')
      .trim();
    const e = matcher.byName.get(bare);
    return e?.report ? e : undefined;
  };
  const unitOf = (label: string) => UNIT_IN.exec(label)?.[1];
  const yearOf = (label: string) => {
    const y = YEAR_IN.exec(label)?.[1];
    return y && Number(y) >= 1990 && Number(y) <= 2100 ? Number(y) : undefined;
  };
  const hits: NarrativeHit[] = [];
  const read = (entry: NameEntry, y: number, cell: string, headUnit: string | undefined, label: string) => {
    const text = cell.trim();
    const num = /^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(.*)$/.exec(text);
    if (!num) return;
    const raw = `${num[1]}${num[2] ?? ''}`;
    const written = (num[3] ?? '').trim() || headUnit || '';
    const factor = written ? entry.units.get(written) : 1;
    if (factor === undefined) return;
    // no unit written: the indicator's own (the first it accepts at factor 1), so the message reads 「145人」
    const unit = written || ([...entry.units].find(([, f]) => f === 1)?.[0] ?? '');
    hits.push({
      indicatorId: entry.id,
      year: y,
      snippet: `${label.trim()}（${y}年）${text}`,
      written: Number(raw.replace(/,/g, '')),
      decimals: num[2] ? num[2].length - 1 : 0,
      factor,
      writtenText: `${raw}${unit}`,
    });
  };
  const head = table.columns;
  const colYears = head.map(yearOf);
  if (colYears.some((y, j) => j > 0 && y !== undefined) || head.length === 2) {
    for (const row of table.rows) {
      const label = row[0] ?? '';
      const entry = entryOf(label);
      if (!entry) continue;
      for (let j = 1; j < row.length; j++) {
        const y = colYears[j] ?? (head.length === 2 ? year : undefined);
        if (y !== undefined) read(entry, y, row[j] ?? '', unitOf(head[j] ?? '') ?? unitOf(label), label);
      }
    }
  } else {
    // years down the first column, indicators across
    const entries = head.map((h, j) => (j > 0 ? entryOf(h) : undefined));
    for (const row of table.rows) {
      const y = yearOf(row[0] ?? '');
      if (y === undefined) continue;
      entries.forEach((entry, j) => {
        if (entry) read(entry, y, row[j] ?? '', unitOf(head[j] ?? ''), head[j] ?? '');
      });
    }
  }
  return hits;
}
