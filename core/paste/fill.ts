/**
 * Ctrl+D (向下填充) and Ctrl+R (向右填充) in an indicator grid, as Excel does them: the first row (or column) of the
 * selection is copied into the rest of it. The same cell rules as typing and pasting (core/paste/grid.ts): a cell
 * computed from its formula takes nothing, a number the target indicator cannot hold (a negative, a fraction for a
 * count) is not written. Every cell not written is listed with its reason. Pure: the grid writes `writes` through
 * the one value path (store/app setValues: the outbox, the undo history, the findings).
 */
import type { Indicator } from '../framework/schema';
import { isDerived } from '../xlsx/layout';
import { enteredValueProblem } from '../xlsx/number';

export interface FillCell {
  ind: Pick<Indicator, 'id' | 'name' | 'type' | 'formula'>;
  year: number;
  /** the value the cell shows now (core/values), undefined when empty */
  value: number | undefined;
  /** the value stored for it (what a write replaces), undefined/null when none */
  stored: number | null | undefined;
}

export interface FillWrite {
  indicatorId: string;
  year: number;
  value: number | null;
}

export interface FillSkip {
  indicatorName: string;
  year: number;
  reason: string;
}

export interface FillPlan {
  writes: FillWrite[];
  skipped: FillSkip[];
}

/**
 * `block`: the selection's cells, row by row (at least two rows for 'down', two columns for 'right').
 * `isComputed`: the cell shows a value computed from its parts (core/values origin 'computed').
 */
export function planFill(
  block: readonly (readonly FillCell[])[],
  direction: 'down' | 'right',
  isComputed: (indicatorId: string, year: number) => boolean,
): FillPlan {
  const plan: FillPlan = { writes: [], skipped: [] };
  block.forEach((line, r) => {
    line.forEach((cell, c) => {
      if (direction === 'down' ? r === 0 : c === 0) return;
      const source = direction === 'down' ? block[0]?.[c] : line[0];
      if (source) fillOne(plan, cell, source.value ?? null, isComputed);
    });
  });
  return plan;
}

function fillOne(
  plan: FillPlan,
  cell: FillCell,
  value: number | null,
  isComputed: (indicatorId: string, year: number) => boolean,
): void {
  const skip = (reason: string) => {
    plan.skipped.push({ indicatorName: cell.ind.name, year: cell.year, reason });
  };
  if (isDerived(cell.ind) && isComputed(cell.ind.id, cell.year)) {
    skip('由公式自动计算');
    return;
  }
  const problem = value === null ? null : enteredValueProblem(value, cell.ind);
  if (problem) {
    skip(problem);
    return;
  }
  // an empty source clears the target, as in Excel; a cell that already holds the value is left alone
  if ((cell.stored ?? null) === value) return;
  plan.writes.push({ indicatorId: cell.ind.id, year: cell.year, value });
}

/** 「毕业生数（2023年）：由公式自动计算」… one line per cell not filled. */
export function describeSkips(skipped: readonly FillSkip[]): string[] {
  return skipped.map((s) => `${s.indicatorName}（${s.year}年）：${s.reason}`);
}
