/**
 * The grid's Excel keys as pure functions (issue #13): where each navigation key goes, what Ctrl+D / Ctrl+R write
 * (the same cell rules as typing and pasting), and when 0.95 in a % cell is asked about.
 */
import { describe, expect, it } from 'vitest';
import { describeSkips, type FillCell, planFill } from '../core/paste/fill';
import { percentSlip } from '../core/xlsx/number';
import { type GridShape, jumpEdge, navTarget } from '../renderer/lib/grid-nav';

// 6 rows × 4 columns; filled: column 0 rows 0-2 and 5, row 4 columns 1-3
const FILLED = new Set(['0,0', '1,0', '2,0', '5,0', '4,1', '4,2', '4,3']);
const shape: GridShape = { rows: 6, cols: 4, pageRows: 3, filled: (r, c) => FILLED.has(`${r},${c}`) };
const nav = (key: string, r: number, c: number, ctrl = false) => navTarget({ key, ctrl }, { r, c }, shape);

describe('navTarget', () => {
  it('arrows move one cell and stop at the edges', () => {
    expect(nav('ArrowDown', 0, 0)).toEqual({ r: 1, c: 0 });
    expect(nav('ArrowUp', 0, 0)).toEqual({ r: 0, c: 0 });
    expect(nav('ArrowRight', 2, 3)).toEqual({ r: 2, c: 3 });
    expect(nav('ArrowLeft', 2, 3)).toEqual({ r: 2, c: 2 });
  });

  it('Home / End go to the row ends; Ctrl+Home / Ctrl+End to the table corners', () => {
    expect(nav('Home', 3, 2)).toEqual({ r: 3, c: 0 });
    expect(nav('End', 3, 1)).toEqual({ r: 3, c: 3 });
    expect(nav('Home', 3, 2, true)).toEqual({ r: 0, c: 0 });
    expect(nav('End', 3, 2, true)).toEqual({ r: 5, c: 3 });
  });

  it('PageDown / PageUp move by the visible rows, kept inside the table; Ctrl+PageUp/Down is not navigation', () => {
    expect(nav('PageDown', 1, 2)).toEqual({ r: 4, c: 2 });
    expect(nav('PageDown', 4, 2)).toEqual({ r: 5, c: 2 });
    expect(nav('PageUp', 2, 2)).toEqual({ r: 0, c: 2 });
    expect(nav('PageDown', 1, 2, true)).toBeNull();
    expect(nav('Enter', 1, 2)).toBeNull();
  });

  it('Ctrl+Arrow: to the end of a filled run, else to the next filled cell, else to the edge (as Excel)', () => {
    expect(nav('ArrowDown', 0, 0, true)).toEqual({ r: 2, c: 0 }); // end of the run 0-2
    expect(nav('ArrowDown', 2, 0, true)).toEqual({ r: 5, c: 0 }); // over the gap to the next filled cell
    expect(nav('ArrowDown', 5, 0, true)).toEqual({ r: 5, c: 0 }); // already at the edge
    expect(nav('ArrowUp', 5, 0, true)).toEqual({ r: 2, c: 0 });
    expect(nav('ArrowDown', 0, 2, true)).toEqual({ r: 4, c: 2 }); // empty column: the first filled cell
    expect(nav('ArrowRight', 4, 0, true)).toEqual({ r: 4, c: 1 });
    expect(nav('ArrowRight', 4, 1, true)).toEqual({ r: 4, c: 3 });
    expect(jumpEdge({ r: 3, c: 3 }, 1, 0, { ...shape, filled: () => false })).toEqual({ r: 5, c: 3 });
  });
});

const ind = (id: string, type: 'count' | 'percent' | 'number' = 'count', formula?: string) => ({
  id,
  name: id,
  type,
  formula,
});
const cell = (i: ReturnType<typeof ind>, year: number, value?: number, stored?: number | null): FillCell => ({
  ind: i,
  year,
  value,
  stored: stored === undefined ? value : stored,
});

describe('planFill', () => {
  it('down: the first row goes into every row below, column by column', () => {
    const a = ind('a');
    const b = ind('b');
    const c = ind('c');
    const plan = planFill(
      [
        [cell(a, 2023, 10), cell(a, 2024, 20)],
        [cell(b, 2023), cell(b, 2024, 5)],
        [cell(c, 2023, 10), cell(c, 2024)],
      ],
      'down',
      () => false,
    );
    expect(plan.writes).toEqual([
      { indicatorId: 'b', year: 2023, value: 10 },
      { indicatorId: 'b', year: 2024, value: 20 },
      // c 2023 already holds 10: not rewritten
      { indicatorId: 'c', year: 2024, value: 20 },
    ]);
    expect(plan.skipped).toEqual([]);
  });

  it('right: the first column into the others; an empty source clears a stored target, as in Excel', () => {
    const a = ind('a');
    const plan = planFill([[cell(a, 2022), cell(a, 2023, 7), cell(a, 2024)]], 'right', () => false);
    expect(plan.writes).toEqual([{ indicatorId: 'a', year: 2023, value: null }]);
  });

  it('a computed cell and a number the target cannot hold are skipped, each with its reason', () => {
    const rate = ind('rate', 'percent', 'a / b * 100');
    const count = ind('n', 'count');
    const src = ind('x', 'number');
    const plan = planFill(
      [[cell(src, 2024, 2.5)], [cell(rate, 2024, 50)], [cell(count, 2024)]],
      'down',
      (id) => id === 'rate',
    );
    expect(plan.writes).toEqual([]);
    expect(describeSkips(plan.skipped)).toEqual(['rate（2024年）：由公式自动计算', 'n（2024年）：n应为整数']);
  });

  it('a derived cell without its parts (a 填报值) takes the number', () => {
    const rate = ind('rate', 'percent', 'a / b * 100');
    const plan = planFill([[cell(ind('p', 'percent'), 2024, 90)], [cell(rate, 2024)]], 'down', () => false);
    expect(plan.writes).toEqual([{ indicatorId: 'rate', year: 2024, value: 90 }]);
  });
});

describe('percentSlip', () => {
  const pct = { type: 'percent' as const };
  it('asks about a bare fraction in a % cell, with the value ×100 without float noise', () => {
    expect(percentSlip('0.95', 0.95, pct)).toBe(95);
    expect(percentSlip('0.9076', 0.9076, pct)).toBe(90.76);
    expect(percentSlip('．５', 0.5, pct)).toBe(50);
  });
  it('takes as typed: a % sign, 0, 1 and above, empty, and other indicator types', () => {
    expect(percentSlip('0.95%', 0.95, pct)).toBeNull();
    expect(percentSlip('0.95％', 0.95, pct)).toBeNull();
    expect(percentSlip('0', 0, pct)).toBeNull();
    expect(percentSlip('1', 1, pct)).toBeNull();
    expect(percentSlip('95', 95, pct)).toBeNull();
    expect(percentSlip('', null, pct)).toBeNull();
    expect(percentSlip('0.95', 0.95, { type: 'number' })).toBeNull();
  });
});
