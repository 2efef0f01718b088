import { describe, expect, it } from 'vitest';
import { CHART_PALETTE, PREVIEW_FONT_FAMILY, REFERENCE_COLOUR, toChartJsConfig } from '../core/charts/chartjs';
import { formatValueLabel } from '../core/charts/print-rules';
import { buildChartSpec, ChartSpec, chooseAxis, formatChartNumber, niceStep } from '../core/charts/spec';
import { QarError } from '../core/errors';
import { chartBlock, fw, ws } from './charts-fixture';

describe('buildChartSpec', () => {
  it('takes the report year and the two before it, with values from the workspace', () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ indicators: ['grad_income'] }));
    expect(spec.categories).toEqual(['2022届', '2023届', '2024届']); // graduate indicators count by cohort
    expect(spec.series).toHaveLength(1);
    expect(spec.series[0]).toMatchObject({ label: '毕业生就业半年内平均月收入', kind: 'bar', role: 'data' });
    expect(spec.series[0]!.values).toEqual([4000.85, 4150, 4322.5]);
    expect(spec.unit).toBe('元');
    expect(spec.title).toBe('2022-2024届毕业生就业半年内平均月收入（元）');
    expect(spec.yAxisLabel).toBe('元');
    expect(spec.decimals).toBe(2);
    expect(ChartSpec.parse(JSON.parse(JSON.stringify(spec)))).toEqual(spec); // plain serialisable data
  });

  it('uses the block years (sorted, unique) and the year option', () => {
    const a = buildChartSpec(ws, fw, chartBlock({ years: [2024, 2021, 2024] }));
    expect(a.categories).toEqual(['2021年', '2024年']);
    expect(a.series[0]!.values).toEqual([19.9, 16.85]);
    const b = buildChartSpec(ws, fw, chartBlock(), { year: 2023 });
    expect(b.categories).toEqual(['2021年', '2022年', '2023年']);
  });

  it('leaves missing values as gaps (null), never 0', () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ indicators: ['dual_teacher_rate', 'grad_placement_rate'] }));
    expect(spec.series[0]!.values).toEqual([55.1, null, 61.59]); // stored null
    expect(spec.series[1]!.values).toEqual([null, 92.57, 93.1]); // no row at all
    expect(spec.series.flatMap((s) => s.values)).not.toContain(0);
  });

  it('puts a percent unit on the axis, 0–100, and keeps bars from 0', () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ indicators: ['dual_teacher_rate'] }));
    expect(spec.unit).toBe('%');
    expect(spec.title).toBe('2022-2024年“双师型”教师比例（%）');
    expect(spec.yAxisLabel).toBe(''); // the ticks carry the %
    expect([spec.yMin, spec.yMax]).toEqual([0, 100]);
  });

  it('labels each series with its unit when the units differ', () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ indicators: ['teachers_fulltime', 'tech_service_income'] }));
    expect(spec.unit).toBe('');
    expect(spec.series.map((s) => s.label)).toEqual(['专任教师（人）', '技术服务到款额（万元）']);
    expect(spec.title).toBe('2022-2024年专任教师、技术服务到款额');
  });

  it('draws a national standard from a threshold rule as a dashed line', () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ referenceRuleId: 'national.student_teacher_ratio' }));
    const ref = spec.series.at(-1)!;
    // 生师比 written as the 附表 and the value labels write it (15.02:1)
    expect(ref).toMatchObject({ label: '国家标准 18:1', kind: 'line', dashed: true, role: 'reference' });
    const data = spec.series[0]!;
    expect(data.values.map((v) => formatValueLabel(spec, data, v!))).toEqual(
      data.values.map((v) => `${v!.toFixed(2)}:1`),
    );
    expect(ref.values).toEqual([18, 18, 18]);
    expect(spec.yMax).toBeGreaterThan(18.6);
    expect(spec.yMin).toBe(0);
    expect(spec.warnings).toEqual([]);
  });

  it('draws a provincial target with the region and %', () => {
    const spec = buildChartSpec(
      ws,
      fw,
      chartBlock({
        indicators: ['dual_teacher_rate'],
        chartType: 'line',
        referenceRuleId: 'cq.dual_teacher_rate_2027',
      }),
    );
    expect(spec.series.at(-1)!.label).toBe('重庆市目标 70%');
    expect(spec.type).toBe('line');
  });

  it('warns instead of failing for an unknown rule or one without a reference value', () => {
    for (const id of ['no.such.rule', 'no.reference']) {
      const spec = buildChartSpec(ws, fw, chartBlock({ referenceRuleId: id }));
      expect(spec.series).toHaveLength(1);
      expect(spec.warnings.join()).toMatch(/参考线规则/);
    }
  });

  it('adds a comparison series (中职 beside 高职) only where both have data', () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ indicators: ['grad_placement_rate'] }), {
      compare: { label: '中职', values: { 2022: 95.2, 2023: null, 2024: 96.01 } },
      seriesLabel: '高职',
    });
    expect(spec.series.map((s) => [s.label, s.role])).toEqual([
      ['高职', 'data'],
      ['中职', 'compare'],
    ]);
    expect(spec.series[1]!.values).toEqual([95.2, null, 96.01]);
    const none = buildChartSpec(ws, fw, chartBlock({ indicators: ['grad_placement_rate'] }), {
      compare: { label: '中职', values: {} },
    });
    expect(none.series).toHaveLength(1);
  });

  it('uses the caption as the title and adds a missing money unit', () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ indicators: ['grad_income'], caption: '毕业生平均月收入' }));
    expect(spec.title).toBe('毕业生平均月收入（元）');
    const same = buildChartSpec(ws, fw, chartBlock({ indicators: ['grad_income'], caption: '月收入（元）' }));
    expect(same.title).toBe('月收入（元）');
  });

  it('skips unknown indicators with a warning, and refuses a chart with none known', () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ indicators: ['nope_x', 'student_teacher_ratio'] }));
    expect(spec.series).toHaveLength(1);
    expect(spec.warnings[0]).toMatch(/nope_x/);
    expect(() => buildChartSpec(ws, fw, chartBlock({ indicators: ['nope_x'] }))).toThrow(QarError);
  });

  it('warns when the years shown have no data', () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ years: [2010, 2011] }));
    expect(spec.series[0]!.values).toEqual([null, null]);
    expect(spec.warnings.join()).toMatch(/没有数据/);
  });
});

describe('axis and number helpers', () => {
  it('chooses nice steps and bounds', () => {
    expect(niceStep(100)).toBe(20);
    expect(niceStep(4800)).toBe(1000);
    expect(niceStep(12)).toBe(5); // no 2.5: ticks of one unit keep one format
    const bars = chooseAxis([4000.85, 4322.5], { type: 'bar', percent: false });
    expect(bars.yMin).toBe(0);
    expect(bars.yMax).toBeGreaterThan(4322.5);
    expect((bars.yMax / bars.yStep) % 1).toBe(0);
    // a line in a narrow band far from 0 starts above 0, but its axis spans at least half the largest value
    const line = chooseAxis([91.2, 92.57, 93.1], { type: 'line', percent: true });
    expect(line.yMin).toBeGreaterThan(0);
    expect(line.yMin).toBeLessThanOrEqual(93.1 / 2);
    expect(line.yMax).toBe(100);
    expect(chooseAxis([], { type: 'bar', percent: true })).toEqual({ yMin: 0, yMax: 100, yStep: 20 });
    expect(chooseAxis([-5, 10], { type: 'bar', percent: false }).yMin).toBeLessThan(-5);
  });

  it('formats with fixed decimals, % only for percent, no grouping', () => {
    expect(formatChartNumber(13396.58, 2, '元')).toBe('13396.58');
    expect(formatChartNumber(2945.6, 2, '万元')).toBe('2945.60');
    expect(formatChartNumber(88, 2, '%')).toBe('88.00%');
    // the grid's rounding (core/values/round: half-up on the written digits), not toFixed's binary one
    expect(formatChartNumber(94.585, 2, '%')).toBe('94.59%');
  });
});

describe('toChartJsConfig', () => {
  const spec = buildChartSpec(
    ws,
    fw,
    chartBlock({ indicators: ['grad_placement_rate'], referenceRuleId: 'national.student_teacher_ratio' }),
    {
      compare: { label: '中职', values: { 2023: 95, 2024: 96 } },
      seriesLabel: '高职',
    },
  );

  it('is static, not responsive, with the dpi as device pixel ratio', () => {
    const cfg = toChartJsConfig(spec, { fontFamily: 'X', dpi: 250 });
    expect(cfg.type).toBe('bar');
    expect(cfg.options?.animation).toBe(false);
    expect(cfg.options?.responsive).toBe(false);
    expect(cfg.options?.devicePixelRatio).toBeCloseTo(250 / 96, 6);
    expect(toChartJsConfig(spec, { fontFamily: 'X' }).options?.devicePixelRatio).toBeUndefined();
  });

  it('uses the muted palette, a dashed red reference, legend at the bottom, the given font everywhere', () => {
    const cfg = toChartJsConfig(spec, { fontFamily: PREVIEW_FONT_FAMILY });
    const ds = cfg.data.datasets;
    expect(ds.map((d) => d.type)).toEqual(['bar', 'bar', 'line']);
    expect(ds.map((d) => d.backgroundColor)).toEqual([CHART_PALETTE[0], CHART_PALETTE[1], REFERENCE_COLOUR]);
    expect(CHART_PALETTE.slice(0, 3)).toEqual(['#1f4e79', '#c55a11', '#7f7f7f']);
    expect((ds[2] as { borderDash?: number[] }).borderDash).toEqual([6, 4]);
    expect(ds[0]!.data).toEqual([null, 92.57, 93.1]);
    expect(cfg.options?.plugins?.legend?.position).toBe('bottom');
    const fonts = [
      cfg.options?.plugins?.title?.font,
      cfg.options?.plugins?.legend?.labels?.font,
      cfg.options?.scales?.x?.ticks?.font,
      cfg.options?.scales?.y?.ticks?.font,
    ] as { family?: string }[];
    for (const f of fonts) expect(f.family).toBe(PREVIEW_FONT_FAMILY);
    expect(cfg.options?.scales?.y?.min).toBe(spec.yMin);
    expect(cfg.options?.scales?.y?.max).toBe(spec.yMax);
    expect(cfg.plugins?.map((p) => p.id)).toEqual(['qarWhiteBackground', 'qarAnnotations']);
  });

  it('formats percent ticks and gives a fresh object every call', () => {
    const a = toChartJsConfig(spec, { fontFamily: 'X' });
    const b = toChartJsConfig(spec, { fontFamily: 'X' });
    expect(a).not.toBe(b);
    expect(a.data.datasets[0]!.data).not.toBe(b.data.datasets[0]!.data);
    const tick = a.options?.scales?.y?.ticks?.callback as unknown as (v: number) => string;
    expect(tick(80)).toBe('80%');
    expect(toChartJsConfig(spec, { fontFamily: 'X', showTitle: false }).options?.plugins?.title?.display).toBe(false);
  });
});
