/**
 * Value-label placement for the Chart.js picture: each label sits just above its bar or point (below for negative
 * bars and the lowest of meeting lines); where it would meet a label already placed or another bar, it moves one
 * line further out, up to `maxRows` lines. Measured boxes, not guesses, so no two labels overlap and none is cut.
 * Pure geometry (canvas pixels, y down), tested on its own.
 */

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

export interface LabelRequest {
  /** centre x and the y of the bar end or point the label belongs to */
  x: number;
  y: number;
  width: number;
  height: number;
  below: boolean;
  /** index into `obstacles` of the label's own bar (it may touch that one) */
  own?: number;
}

export interface PlacedLabel {
  box: Box;
  /** 0 = right at the bar end or point; n = moved n lines out */
  row: number;
}

/** Places labels in order (left to right reads best); never on a placed label or a bar when `maxRows` allows. */
export function placeLabels(
  requests: LabelRequest[],
  obstacles: Box[],
  opts: { gap: number; maxRows: number },
): PlacedLabel[] {
  const placed: Box[] = [];
  return requests.map((r) => {
    const boxAt = (row: number): Box => {
      const x0 = r.x - r.width / 2;
      const x1 = r.x + r.width / 2;
      if (r.below) {
        const y0 = r.y + opts.gap + row * r.height;
        return { x0, x1, y0, y1: y0 + r.height };
      }
      const y1 = r.y - opts.gap - row * r.height;
      return { x0, x1, y0: y1 - r.height, y1 };
    };
    const hits = (b: Box) =>
      placed.filter((p) => overlaps(p, b)).length + obstacles.filter((o, i) => i !== r.own && overlaps(o, b)).length;
    let best = { row: 0, hits: Number.POSITIVE_INFINITY };
    for (let row = 0; row < Math.max(1, opts.maxRows); row++) {
      const n = hits(boxAt(row));
      if (n < best.hits) best = { row, hits: n };
      if (n === 0) break;
    }
    const box = boxAt(best.row);
    placed.push(box);
    return { box, row: best.row };
  });
}
