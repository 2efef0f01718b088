/**
 * Column widths from how wide each column's text prints, for tables that say which columns may wrap (a report
 * model's TableItem.wrapColumns; the review summary's tables): every other column (numbers, units, short labels)
 * keeps its longest text on one line, and the columns that may wrap (names, reasons) share what is left, the
 * narrower ones first getting all they need. autoWidths (content.ts) counts every character as a CJK one, which
 * gives numbers twice the room they need and takes it from the names.
 */

/**
 * Printed width of a text in ems at the table's font: CJK and full-width marks 1; digits and letters 0.62, narrow
 * marks (. , : / space) 0.33, % 0.85 — as the plain LibreOffice render prints them with the report's fonts (宋体 →
 * Noto Serif CJK: 「40000」 32.4 pt, 「90.43」 29.1 pt, 「2/2」 16.4 pt, 「平方米」 31.0 pt at 10.5 pt).
 */
export function textEms(text: string): number {
  let ems = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    // “ ” ‘ ’ are printed in the CJK font (core/docx/text.ts SHARED_PUNCTUATION): full width
    if (c >= 0x2e80 || (c >= 0x2018 && c <= 0x201f) || c === 0x2014 || c === 0x2026) ems += 1;
    else if (NARROW.has(ch)) ems += 0.33;
    else ems += ch === '%' ? 0.85 : 0.62;
  }
  return ems;
}

const NARROW = new Set(['.', ',', ':', ';', '/', ' ', "'", '!', '|', '(', ')']);

const longestLine = (text: string) => Math.max(0, ...text.split('\n').map(textEms));

/** cell margins (80 + 80) and a little slack: LibreOffice and Word measure glyphs slightly differently */
const padTwips = (emTwips: number) => 160 + emTwips * 0.3;

/** How many ems of text a line holds in a column `widthTwips` wide (the inverse of the widths below). */
export function lineEms(widthTwips: number, emTwips: number): number {
  return Math.max(1, (widthTwips - padTwips(emTwips)) / emTwips);
}

/**
 * Widths (twips) summing to `total`. `emTwips`: one em of the table text. A header of four characters or more may
 * take two lines in a column that keeps its values on one (「有数据学校」 over 「2/2」) when the table is too wide.
 */
export function measuredWidths(
  total: number,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  wrap: readonly number[],
  emTwips: number,
): number[] {
  const pad = padTwips(emTwips);
  const body = columns.map((_, i) => Math.max(0, ...rows.map((r) => longestLine(r[i] ?? ''))));
  const head = columns.map((c) => textEms(c));
  const twips = (ems: number) => Math.ceil(ems * emTwips + pad);
  let need = columns.map((_, i) => twips(Math.max(body[i] ?? 0, head[i] ?? 0)));
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  // a header of four characters or more may take two lines (「有数据/学校」); a shorter one stays whole (not 「通/过」)
  if (sum(need) > total)
    need = need.map((n, i) =>
      wrap.includes(i) || (head[i] ?? 0) < 4 ? n : twips(Math.max(body[i] ?? 0, Math.ceil((head[i] ?? 0) / 2))),
    );
  let widths: number[];
  if (sum(need) <= total) {
    // room to spare: shared in proportion, so that the table fills the text width
    widths = need.map((n) => Math.floor(n + ((total - sum(need)) * n) / sum(need)));
  } else {
    const fixed = need.map((n, i) => (wrap.includes(i) ? 0 : n));
    const least = twips(4);
    let left = total - sum(fixed);
    if (wrap.length === 0 || left < least * wrap.length) {
      // not even four characters a line for the wrapping columns: everything narrows in proportion
      widths = need.map((n) => Math.floor((total * n) / sum(need)));
    } else {
      // the wrapping columns: those needing less than an equal share get all they need, the rest share equally
      widths = [...fixed];
      let open = [...wrap].sort((a, b) => (need[a] ?? 0) - (need[b] ?? 0));
      while (open.length) {
        const share = left / open.length;
        const first = open[0] as number;
        if ((need[first] ?? 0) <= share) {
          widths[first] = need[first] ?? 0;
          left -= widths[first];
          open = open.slice(1);
        } else {
          for (const i of open) widths[i] = Math.floor(share);
          open = [];
        }
      }
    }
  }
  widths[widths.length - 1] = (widths[widths.length - 1] ?? 0) + total - sum(widths);
  return widths;
}
