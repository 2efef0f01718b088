/**
 * Derived indicators are not stored when a school types its inputs in the grid or imports them from Excel:
 * the report appendix and the charts print them computed from their formula (core/values), exactly as if
 * stored; and a stale stored copy never wins over the parts.
 */
import { describe, expect, it } from 'vitest';
import { buildChartSpec } from '../core/charts/spec';
import { allIndicators } from '../core/framework/schema';
import type { Workspace } from '../core/model';
import { buildReportModel } from '../core/report/build';
import { valuesOf } from '../core/values/resolve';
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
  it('computes every derived value from its parts; missing parts leave it missing (never 0)', () => {
    const vals = valuesOf(inputsOnly, fw);
    for (const id of derivedIds) expect(vals.resolve(id, 2024).origin, id).toBe('computed');
    expect(vals.value('grad_placement_rate', 2024)).toBeCloseTo((3389 / 3725) * 100, 10);
    // the demo's stored copies are the computed values rounded: no conflict anywhere
    expect(valuesOf(full, fw).conflicts([2022, 2023, 2024])).toEqual([]);
    const noTotal = inputsOnly.values.filter((v) => !(v.indicatorId === 'grad_total' && v.year === 2024));
    expect(valuesOf({ values: noTotal }, fw).value('grad_placement_rate', 2024)).toBeUndefined();
  });

  it('a stale stored copy does not win: the appendix prints the value of the parts', () => {
    const stale = structuredClone(full);
    stale.values.find((v) => v.indicatorId === 'grad_total' && v.year === 2024)!.value = 3800;
    const row = buildReportModel(stale, fw)
      .appendix.tables.flatMap((t) => t.rows)
      .find((r) => r.indicatorId === 'grad_placement_rate')!;
    expect(row.values.at(-1)).toBe(((3389 / 3800) * 100).toFixed(2));
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
