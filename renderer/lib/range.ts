/**
 * Range selection in the grid, as row/column indices of the shown table: the rectangle between the anchor (where
 * the selection started) and the active cell, and a block of cell texts as the tab-separated text Excel pastes.
 */
export interface GridPos {
  r: number;
  c: number;
}

export interface Rect {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

/** The rectangle spanned by two corners (in any order). */
export function rectOf(a: GridPos, b: GridPos): Rect {
  return { r0: Math.min(a.r, b.r), r1: Math.max(a.r, b.r), c0: Math.min(a.c, b.c), c1: Math.max(a.c, b.c) };
}

export function inRect(rect: Rect | null, r: number, c: number): boolean {
  return !!rect && r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1;
}

export function rectSize(rect: Rect): number {
  return (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
}

/** Moves a corner by (dr, dc), kept inside rows × cols. */
export function stepPos(p: GridPos, dr: number, dc: number, rows: number, cols: number): GridPos {
  return { r: Math.min(rows - 1, Math.max(0, p.r + dr)), c: Math.min(cols - 1, Math.max(0, p.c + dc)) };
}

/** Excel's clipboard text: cells by tabs, rows by CRLF (trailing), cells with tab/newline/quote quoted. */
export function toTsv(block: readonly (readonly string[])[]): string {
  const cell = (t: string) => (/[\t\n\r"]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
  return block.map((row) => `${row.map(cell).join('\t')}\r\n`).join('');
}
