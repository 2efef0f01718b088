/** One unit per value axis (core/charts/units.ts): the chart picker's rule, with its Chinese reason. */
import { describe, expect, it } from 'vitest';
import { mixedUnitReason, sharedUnit } from '../core/charts/units';

const people = { name: '毕业生数', type: 'count' as const, unit: '人' };
const teachers = { name: '专任教师数', type: 'count' as const, unit: '人' };
const rate = { name: '毕业去向落实率', type: 'percent' as const, unit: '%' };
const rateNoUnit = { name: '满意度', type: 'percent' as const, unit: '' };
const money = { name: '平均月收入', type: 'money' as const, unit: '元' };

describe('mixedUnitReason', () => {
  it('lets indicators of the same unit share the axis (percent type is % whatever its unit field)', () => {
    expect(mixedUnitReason([people], teachers)).toBeNull();
    expect(mixedUnitReason([rate], rateNoUnit)).toBeNull();
    expect(mixedUnitReason([], money)).toBeNull();
  });
  it('refuses another unit and says why, naming both indicators and units', () => {
    expect(mixedUnitReason([people], rate)).toBe(
      '「毕业去向落实率」单位「%」，已选的「毕业生数」单位「人」：单位不同的指标不能画在同一坐标轴上，请另建一张图表',
    );
    expect(mixedUnitReason([rate, rateNoUnit], money)).toContain('单位不同');
  });
  it('an old chart that already mixes units refuses nothing more (it is shown as it is)', () => {
    expect(sharedUnit([people, rate])).toBeNull();
    expect(mixedUnitReason([people, rate], money)).toBeNull();
  });
});
