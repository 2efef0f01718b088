/**
 * The grid's numbers come from core/values — the same function the validator, the report, the charts and the
 * review use — over the values the renderer holds (its optimistic copy of the workspace), so what a cell shows
 * is what the findings quote and the preview prints.
 */
import type { Framework, Indicator } from '../../core/framework/schema';
import { IndicatorValues, type ResolvedValue } from '../../core/values/resolve';
import { formatValue } from './format';

/** The resolved values over the renderer's value map (keys `${indicatorId}|${year}`, see store/app cellKey). */
export function gridValues(values: Readonly<Record<string, number | null>>, fw: Framework): IndicatorValues {
  return new IndicatorValues(fw, (id, year) => values[`${id}|${year}`]);
}

/** The text a cell shows: the value with the indicator's decimals ('' when there is none; never 0). */
export function cellText(r: ResolvedValue, ind: Pick<Indicator, 'decimals' | 'type'>): string {
  return formatValue(r.value, ind.decimals, ind.type === 'percent' || ind.type === 'money');
}
