/**
 * The demo text in two forms from one source (seeds/demo/narrative.ts): every figure the text cites from the
 * school's own data is marked while the text is built (`v()` and the change helpers wrap it in private-use
 * sentinels), then
 * - `boundText` turns each into a bound figure (core/figures marker; the unit typed after it is dropped, the
 *   marker prints its own) — what the demo ships, so the text follows its tables when someone edits them;
 * - `typedText` leaves the typed numbers and says where each one is and what it stands for — the ground truth
 *   for measuring 识别数字 (tests/figures-recognize.test.ts).
 */
import { type FigureToken, figureMarker } from '../../core/figures/tokens';

const V_OPEN = '\uE000';
const C_OPEN = '\uE003';
const MID = '\uE001';
const CLOSE = '\uE002';

/** A value cited from the data: 「3725」 of indicator grad_total in 2024. */
export function valueSentinel(id: string, year: number, typed: string): string {
  return `${V_OPEN}${id}|${year}${MID}${typed}${CLOSE}`;
}

/** A change cited from the data (2024 against 2023): the typed amount of 「较2023年增加 686人」. */
export function changeSentinel(form: 'chg' | 'pct', id: string, typed: string): string {
  return `${C_OPEN}${form}|${id}|2024|2023${MID}${typed}${CLOSE}`;
}

const SENTINEL = /[\uE000\uE003]([^\uE001]*)\uE001([^\uE002]*)\uE002/g;

/** The typed text alone (for arithmetic on a typed value). */
export function stripFigureSentinels(s: string): string {
  return s.replace(SENTINEL, (_m, _k, typed: string) => typed);
}

function tokenOf(open: string, key: string): FigureToken {
  const parts = key.split('|');
  if (open === V_OPEN) return { form: 'fig', indicatorId: parts[0] as string, year: Number(parts[1]) };
  return {
    form: parts[0] as 'chg' | 'pct',
    indicatorId: parts[1] as string,
    year: Number(parts[2]),
    baseYear: Number(parts[3]),
  };
}

/** Units typed right after a cited number, which a bound figure prints itself. */
const UNIT = '(?:个百分点|万元|平方米|人次|人日|课时|:1|人|个|项|家|元|册|%)?';
const BOUND_VALUE = new RegExp(`\\uE000([^\\uE001]*)\\uE001[^\\uE002]*\\uE002${UNIT}`, 'g');
const BOUND_CHANGE = new RegExp(
  `较\\d{4}年(?:增加|提高|增长)\\uE003([^\\uE001]*)\\uE001[^\\uE002]*\\uE002${UNIT}`,
  'g',
);

/** The text with bound figures: 「在校生{{fig:students_fulltime:2024}}，{{chg:students_fulltime:2024:2023}}」. */
export function boundText(s: string): string {
  if (!s.includes(V_OPEN) && !s.includes(C_OPEN)) return s;
  const out = s
    .replace(BOUND_CHANGE, (_m, key: string) => figureMarker(tokenOf(C_OPEN, key)))
    .replace(BOUND_VALUE, (_m, key: string) => figureMarker(tokenOf(V_OPEN, key)));
  if (out.includes(C_OPEN)) throw new Error(`示例正文中的变化短语无法改为引用数据：${stripFigureSentinels(out)}`);
  return out;
}

export interface TypedFigure {
  token: FigureToken;
  /** the typed number: text.slice(start, end) */
  start: number;
  end: number;
}

/** The text with typed numbers, and where each cited figure is. */
export function typedText(s: string): { text: string; figures: TypedFigure[] } {
  const figures: TypedFigure[] = [];
  let text = '';
  let last = 0;
  for (const m of s.matchAll(SENTINEL)) {
    text += s.slice(last, m.index);
    const typed = m[2] as string;
    figures.push({
      token: tokenOf(m[0][0] as string, m[1] as string),
      start: text.length,
      end: text.length + typed.length,
    });
    text += typed;
    last = (m.index ?? 0) + m[0].length;
  }
  text += s.slice(last);
  return { text, figures };
}

/** Every string of a value, mapped (block contents, chapters): the demo builder finishes its text with this. */
export function mapStrings<T>(x: T, f: (s: string) => string): T {
  if (typeof x === 'string') return f(x) as T;
  if (Array.isArray(x)) return x.map((e) => mapStrings(e, f)) as T;
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = mapStrings(v, f);
    return out as T;
  }
  return x;
}
