/**
 * The stored form of a figure bound to the data: plain text with inline markers, so every text field stays a
 * string (the database, JSON export/import, the undo history and the outbox need no change) and a marker can be
 * read by a person in an exported file.
 *
 *   {{fig:grad_placement_rate:2024}}        the value of an indicator in a year       → 「95.20%」
 *   {{chg:grad_total:2024:2023}}            the change from one year to another      → 「较上年增加 18 人」
 *   {{pct:grad_total:2024:2023}}            the relative change, in percent          → 「较上年增长 3.40%」
 *
 * Only this exact shape is a marker (ids as the frameworks write them, four-digit years): anything else a user
 * types, 「{{」 included, stays text as typed.
 */

export type FigureForm = 'fig' | 'chg' | 'pct';

export interface FigureToken {
  readonly form: FigureForm;
  readonly indicatorId: string;
  readonly year: number;
  /** the year compared with (chg, pct) */
  readonly baseYear?: number;
}

export type TextSegment =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'token'; readonly token: FigureToken; readonly raw: string };

const MARKER = /\{\{(fig|chg|pct):([A-Za-z][A-Za-z0-9_.-]{0,79}):(\d{4})(?::(\d{4}))?\}\}/g;

/** A marker is whole only with the fields its form needs: fig has no base year, chg and pct have one. */
function tokenOf(m: RegExpExecArray): FigureToken | undefined {
  const form = m[1] as FigureForm;
  const year = Number(m[3]);
  if (form === 'fig') return m[4] === undefined ? { form, indicatorId: m[2] as string, year } : undefined;
  if (m[4] === undefined) return undefined;
  return { form, indicatorId: m[2] as string, year, baseYear: Number(m[4]) };
}

/** Text and markers in order; adjacent text is merged. Never drops a character: joining `raw`/`text` gives the input. */
export function parseFigureText(text: string): TextSegment[] {
  const out: TextSegment[] = [];
  let last = 0;
  const push = (t: string) => {
    if (!t) return;
    const prev = out[out.length - 1];
    if (prev?.kind === 'text') out[out.length - 1] = { kind: 'text', text: prev.text + t };
    else out.push({ kind: 'text', text: t });
  };
  const re = new RegExp(MARKER.source, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const token = tokenOf(m);
    if (!token) continue;
    push(text.slice(last, m.index));
    out.push({ kind: 'token', token, raw: m[0] });
    last = m.index + m[0].length;
  }
  push(text.slice(last));
  return out;
}

/** The text with each bound figure shown as `label`: for short excerpts where the value itself is not at hand. */
export function maskFigures(text: string, label = '〔数据〕'): string {
  return parseFigureText(text)
    .map((s) => (s.kind === 'token' ? label : s.text))
    .join('');
}

/** The marker of a token (the inverse of parseFigureText for one token). */
export function figureMarker(t: FigureToken): string {
  if (t.form === 'fig') return `{{fig:${t.indicatorId}:${t.year}}}`;
  return `{{${t.form}:${t.indicatorId}:${t.year}:${t.baseYear ?? t.year - 1}}}`;
}

/** True when the text holds at least one marker (a quick test before parsing). */
export function hasFigures(text: string): boolean {
  return text.includes('{{') && parseFigureText(text).some((s) => s.kind === 'token');
}

/** Every token of a text, in order. */
export function figureTokens(text: string): FigureToken[] {
  if (!text.includes('{{')) return [];
  return parseFigureText(text).flatMap((s) => (s.kind === 'token' ? [s.token] : []));
}

/** True when the string is a valid indicator id for a marker (what the editor and the API accept). */
export function isMarkerId(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_.-]{0,79}$/.test(id);
}
