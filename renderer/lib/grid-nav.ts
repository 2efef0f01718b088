/**
 * Where a key takes the grid's active cell, as Excel does it (row/column indices of the shown table). Pure, so
 * every keyboard path can be checked without a browser; components/Grid.tsx carries the answer out.
 */
import type { GridPos } from './range';

export interface NavKey {
  key: string;
  ctrl: boolean;
}

export interface GridShape {
  rows: number;
  cols: number;
  /** rows a PageUp/PageDown moves (what fits in the grid's visible height) */
  pageRows: number;
  /** the cell shows a value (Ctrl+Arrow jumps over runs of filled cells) */
  filled(r: number, c: number): boolean;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/**
 * Ctrl+Arrow: from a filled cell whose neighbour is filled, to the last filled cell of that run; otherwise to the
 * next filled cell in that direction; with none, to the edge of the table.
 */
export function jumpEdge(p: GridPos, dr: number, dc: number, shape: GridShape): GridPos {
  const inside = (r: number, c: number) => r >= 0 && r < shape.rows && c >= 0 && c < shape.cols;
  let r = p.r;
  let c = p.c;
  if (!inside(r + dr, c + dc)) return p;
  if (shape.filled(r, c) && shape.filled(r + dr, c + dc)) {
    while (inside(r + dr, c + dc) && shape.filled(r + dr, c + dc)) {
      r += dr;
      c += dc;
    }
    return { r, c };
  }
  r += dr;
  c += dc;
  while (inside(r + dr, c + dc) && !shape.filled(r, c)) {
    r += dr;
    c += dc;
  }
  return { r, c };
}

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/**
 * The cell a navigation key moves to (with Shift the same cell becomes the range's active end), or null when the
 * key is not a navigation key. Enter/Tab are not here: they also commit an edit (Grid.tsx).
 */
export function navTarget(k: NavKey, p: GridPos, shape: GridShape): GridPos | null {
  const lastR = shape.rows - 1;
  const lastC = shape.cols - 1;
  const arrow = ARROWS[k.key];
  if (arrow) {
    const [dr, dc] = arrow;
    if (k.ctrl) return jumpEdge(p, dr, dc, shape);
    return { r: clamp(p.r + dr, 0, lastR), c: clamp(p.c + dc, 0, lastC) };
  }
  switch (k.key) {
    case 'Home':
      return k.ctrl ? { r: 0, c: 0 } : { r: p.r, c: 0 };
    case 'End':
      return k.ctrl ? { r: lastR, c: lastC } : { r: p.r, c: lastC };
    case 'PageDown':
      return k.ctrl ? null : { r: clamp(p.r + Math.max(1, shape.pageRows), 0, lastR), c: p.c };
    case 'PageUp':
      return k.ctrl ? null : { r: clamp(p.r - Math.max(1, shape.pageRows), 0, lastR), c: p.c };
    default:
      return null;
  }
}
