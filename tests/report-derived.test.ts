/**
 * Derived indicators are not stored when a school types its inputs in the grid or imports them from Excel:
 * the report appendix and the charts print them computed from their formula, exactly as if stored.
 */
import { describe, expect, it } from 'vitest';
import { buildChartSpec } from '../core/charts/spec';
import { computeMissingDerived } from '../core/framework/derived';
import { allIndicators } from '../core/framework/schema';
import type { Workspace } from '../core/model';
import { buildReportModel } from '../core/report/build';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';

const fw = demoFramework();
const derivedIds = new Set(
  allIndicators(fw)
    .filter((i) => i.formula)
    .map((i) => i.id),
);
const full = structuredClone(buildDemoExport()) as Workspace;
/** the demo as a school that typed only the inputs */
const inputsOnly = { ...full, values: full.values.filter((v) => !derivedIds.has(v.indicatorId)) };

describe('derived values in the report', () => {
  it('computes every missing derived value; a stored one is kept', () => {
    const computed = computeMissingDerived(inputsOnly.values, fw);
    expect(new Set(computed.map((c) => c.indicatorId))).toEqual(derivedIds);
    const rate = computed.find((c) => c.indicatorId === 'grad_placement_rate' && c.year === 2024)!;
    expect(rate.value).toBeCloseTo((3389 / 3725) * 100, 10);
    expect(computeMissingDerived(full.values, fw)).toEqual([]);
    // a missing input leaves the derived value missing (never 0)
    const noTotal = inputsOnly.values.filter((v) => !(v.indicatorId === 'grad_total' && v.year === 2024));
    expect(
      computeMissingDerived(noTotal, fw).some((c) => c.indicatorId === 'grad_placement_rate' && c.year === 2024),
    ).toBe(false);
  });

  it('the appendix of inputs-only data equals the appendix with stored derived values', () => {
    const a = buildReportModel(inputsOnly, fw).appendix;
    const b = buildReportModel(full, fw).appendix;
    expect(a).toEqual(b);
    const row = a.tables.flatMap((t) => t.rows).find((r) => r.indicatorId === 'grad_placement_rate')!;
    expect(row.values.at(-1)).toBe('90.98');
  });

  it('a chart of a derived indicator is drawn from computed values', () => {
    const block = {
      kind: 'chart' as const,
      caption: '',
      chartType: 'bar' as const,
      indicators: ['grad_placement_rate'],
      years: [],
      source: '',
    };
    const a = buildChartSpec(inputsOnly, fw, block);
    const b = buildChartSpec(full, fw, block);
    const va = a.series[0]!.values;
    const vb = b.series[0]!.values;
    expect(va.every((v) => v !== null)).toBe(true);
    for (const [i, v] of va.entries()) expect(v).toBeCloseTo(vb[i]!, 2);
  });
});
