/**
 * The grid's numbers come from core/values — the same function the validator, the report, the charts and the
 * review use — over the values the renderer holds (its optimistic copy of the workspace), so what a cell shows
 * is what the findings quote and the preview prints.
 */
import type { Framework } from '../../core/framework/schema';
import { type PrintedIndicator, printedNumber } from '../../core/report/format';
import { IndicatorValues, type ResolvedValue } from '../../core/values/resolve';

/** The resolved values over the renderer's value map (keys `${indicatorId}|${year}`, see store/app cellKey). */
export function gridValues(values: Readonly<Record<string, number | null>>, fw: Framework): IndicatorValues {
  return new IndicatorValues(fw, (id, year) => values[`${id}|${year}`]);
}

/**
 * The text a cell shows ('' when there is none; never 0): the number as the report prints it (printedNumber, the
 * one rule of the 附表, the text and the findings), so a 生师比 of 15.3 reads 15.30 in its cell as on paper.
 */
export function cellText(r: ResolvedValue, ind: PrintedIndicator): string {
  return r.value !== undefined && Number.isFinite(r.value) ? printedNumber(r.value, ind) : '';
}
