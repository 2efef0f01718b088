/**
 * One value axis, one unit: a chart may not mix 人 and % (or 元 and 万元) on the same axis — the bars would not be
 * comparable and the axis title would lie. Pure; the chart editor's picker asks before adding an indicator.
 */
import type { Indicator } from '../framework/schema';
import { indicatorUnit } from './spec';

type Ind = Pick<Indicator, 'name' | 'type' | 'unit'>;

/** The unit the chart's indicators share, '' when none or when they differ. */
export function sharedUnit(selected: readonly Ind[]): string | null {
  const units = [...new Set(selected.map(indicatorUnit))];
  return units.length === 1 ? (units[0] ?? '') : null;
}

/** Why `candidate` cannot join `selected` on one axis (Chinese), or null when it can. */
export function mixedUnitReason(selected: readonly Ind[], candidate: Ind): string | null {
  const first = selected[0];
  if (!first) return null;
  const unit = sharedUnit(selected);
  const mine = indicatorUnit(candidate);
  if (unit === null || unit === mine) return null;
  const shown = (u: string) => (u ? `单位「${u}」` : '没有单位');
  return `「${candidate.name}」${shown(mine)}，已选的「${first.name}」${shown(unit)}：单位不同的指标不能画在同一坐标轴上，请另建一张图表`;
}
