/**
 * Row heights for cells whose text wraps. LibreOffice (7.4) does not re-measure the rows of an .xlsx it opens, so
 * a wrapped cell in a row of default height prints its first line and hides the rest (or, unwrapped, runs past its
 * column); the writers therefore give such rows their height. Widths are in Excel's column-width units (the width
 * of a 「0」 in the default font): a CJK character takes a little under two (about 1.75 in LibreOffice), a Latin
 * letter, digit or space under one. The estimate errs wide: a line too many shows as space, one too few hides text.
 */

/** Code points set wide: hangul jamo, CJK and its punctuation, kana, hangul, full-width forms. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x3fffd],
];

function isWide(c: number): boolean {
  for (const [a, b] of WIDE) if (c >= a && c <= b) return true;
  return false;
}

/**
 * The text's width in column-width units, on one line. By char codes, not `for…of` over code points: a review
 * workbook measures ~8 000 finding rows × 7 texts (a surrogate pair is read as its one code point).
 */
export function textUnits(text: string): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x1100) {
      units += 0.9;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      c = text.codePointAt(i) ?? c;
      i++;
    }
    units += isWide(c) ? 1.9 : 0.9;
  }
  return units;
}

/** How many lines the text takes wrapped in a column `width` units wide (each \n starts a line). */
export function wrappedLines(text: string, width: number): number {
  // a cell's padding and a word that does not break where the estimate says: a little less than the width
  const room = Math.max(1, width - 1);
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(textUnits(line) / room)), 0);
}

/**
 * The height (points) a row needs so every wrapped cell shows all its lines at `fontPt`, or undefined when one
 * line is enough (the row keeps the default height). CJK fonts (Noto CJK in LibreOffice) set lines about 1.45 × their size apart.
 */
export function wrappedRowHeight(
  cells: readonly { text: string; width: number }[],
  fontPt: number,
): number | undefined {
  const lines = Math.max(1, ...cells.map((c) => (c.text ? wrappedLines(c.text, c.width) : 1)));
  return lines > 1 ? Math.ceil(lines * fontPt * 1.45 + 3) : undefined;
}
