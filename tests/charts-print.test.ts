/**
 * Print-grade chart rules (issue #11 item 3), on real Chart.js charts drawn by the Node renderer: labels that do not
 * collide or leave the picture, horizontal units, no legend for one series, one tick format per unit, honest line
 * ranges, and charts without data.
 */
import { describe, expect, it } from 'vitest';
import { planLabels, toChartJsConfig } from '../core/charts/chartjs';
import { type Box, overlaps, placeLabels } from '../core/charts/labels';
import {
  chartHasData,
  excelNumberFormat,
  formatTick,
  LABEL_FONT_PT,
  labelsBelow,
  plotWidthPt,
  showLegend,
  tickDecimals,
  valueLabelFontPt,
} from '../core/charts/print-rules';
import { createNodeChart } from '../core/charts/render-node';
import { buildChartSpec, type ChartSeries, type ChartSpec, chooseAxis } from '../core/charts/spec';
import { nativeChartSupport } from '../core/docx/native-chart';
import { chartBlock, fw, ws } from './charts-fixture';

/** The demo's print size of a chart figure (0.9 × the text width, aspect 0.56) in CSS px. */
const SIZE = { widthPx: 531, heightPx: 297 };

function spec(over: Partial<ChartSpec> & { series: ChartSeries[] }): ChartSpec {
  const base: ChartSpec = {
    type: 'bar',
    title: '',
    categories: ['2022年', '2023年', '2024年'],
    unit: '%',
    yAxisLabel: '',
    decimals: 2,
    yMin: 0,
    yMax: 100,
    yStep: 20,
    source: '',
    warnings: [],
    ...over,
  };
  const values = base.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  return { ...base, ...chooseAxis(values, { type: base.type, percent: base.unit === '%' }) };
}
const bar = (label: string, values: (number | null)[], decimals = 2): ChartSeries => ({
  label,
  values,
  kind: 'bar',
  role: 'data',
  decimals,
});

/** The demo's 图 2-2: three satisfaction rates per year, all near 95 % (the labels that collided). */
const satisfaction = spec({
  series: [
    bar('在校生满意度', [94.9, 95.4, 95.86]),
    bar('思想政治课教学满意度', [94.71, 95.18, 95.62]),
    bar('专业课教学满意度', [94.08, 94.65, 95.13]),
  ],
});
/** Four series over five years: too many bars for level labels. */
const crowded = spec({
  categories: ['2020年', '2021年', '2022年', '2023年', '2024年'],
  series: [0, 1, 2, 3].map((k) =>
    bar(
      `指标${k}`,
      [0, 1, 2, 3, 4].map((j) => 91 + k * 0.4 + j * 0.3),
    ),
  ),
});

function labelBoxes(s: ChartSpec): { boxes: Box[]; width: number; height: number; texts: string[] } {
  const { chart, family } = createNodeChart(s, { ...SIZE, dpi: 200, showTitle: false });
  try {
    const plan = planLabels(chart, s, family);
    return {
      boxes: plan.labels.map((l) => l.box),
      texts: plan.labels.map((l) => l.text),
      width: chart.width,
      height: chart.height,
    };
  } finally {
    chart.destroy();
  }
}

function expectNoCollisionInside(r: { boxes: Box[]; width: number; height: number }): void {
  for (const [i, a] of r.boxes.entries()) {
    expect(a.x0, 'label cut at the left').toBeGreaterThanOrEqual(0);
    expect(a.y0, 'label cut at the top').toBeGreaterThanOrEqual(0);
    expect(a.x1, 'label cut at the right').toBeLessThanOrEqual(r.width);
    expect(a.y1, 'label cut at the bottom').toBeLessThanOrEqual(r.height);
    for (const b of r.boxes.slice(i + 1)) expect(overlaps(a, b), 'two value labels meet').toBe(false);
  }
}

describe('value labels', () => {
  it('of the three satisfaction series fit side by side, whole (with the % sign), inside the picture', () => {
    const fit = valueLabelFontPt(satisfaction, plotWidthPt(satisfaction, SIZE.widthPx * 0.75));
    expect(fit).not.toBeNull();
    expect(fit!).toBeGreaterThanOrEqual(LABEL_FONT_PT.min);
    const r = labelBoxes(satisfaction);
    expect(r.texts).toEqual(expect.arrayContaining(['94.90%', '95.86%', '95.13%']));
    expect(r.boxes).toHaveLength(9);
    expectNoCollisionInside(r);
  });

  it('of crowded bars turn upright instead of overlapping, still inside the picture', () => {
    expect(valueLabelFontPt(crowded, plotWidthPt(crowded, SIZE.widthPx * 0.75))).toBeNull();
    const r = labelBoxes(crowded);
    expect(r.boxes).toHaveLength(20);
    // upright labels are taller than wide
    expect(r.boxes.every((b) => b.y1 - b.y0 > b.x1 - b.x0)).toBe(true);
    expectNoCollisionInside(r);
  });

  it('of bars reaching the top of the axis grow the top margin instead of being cut', () => {
    const full = spec({ series: [bar('达标率', [100, 100, 99.5])] });
    expect(full.yMax).toBe(100);
    expectNoCollisionInside(labelBoxes(full));
  });

  it('of meeting lines part: the lower one is labelled below its point', () => {
    const s = spec({
      type: 'line',
      series: [
        { ...bar('高职', [92.1, 92.4, 93]), kind: 'line' },
        { ...bar('中职', [92, 92.6, 92.8]), kind: 'line' },
      ],
    });
    expect(labelsBelow(s)).toEqual([
      [false, true, false],
      [true, false, true],
    ]);
    expectNoCollisionInside(labelBoxes(s));
  });

  it('of a line near the foot of the axis stay above its points: below, they sat on the axis and the years', () => {
    // 校园占地面积 beside 校舍建筑面积: the lower line runs at 5 % of the axis (its labels printed over 「2025年」)
    const s = spec({
      type: 'line',
      unit: '平方米',
      yAxisLabel: '平方米',
      categories: ['2025年', '2026年'],
      series: [
        { ...bar('校园占地面积', [218400, 220000], 0), kind: 'line' },
        { ...bar('校舍建筑面积', [12000, 12800.55]), kind: 'line' },
      ],
    });
    expect(s.yMin).toBe(0);
    expect(labelsBelow(s)).toEqual([
      [false, false],
      [false, false],
    ]);
    const { chart, family } = createNodeChart(s, { ...SIZE, dpi: 200, showTitle: false });
    try {
      const plan = planLabels(chart, s, family);
      expect(plan.labels).toHaveLength(4);
      for (const l of plan.labels) expect(l.box.y1, l.text).toBeLessThanOrEqual(chart.chartArea.bottom);
    } finally {
      chart.destroy();
    }
  });

  it('placeLabels moves a label out by whole lines until it meets nothing', () => {
    const placed = placeLabels(
      [
        { x: 50, y: 100, width: 40, height: 10, below: false },
        { x: 60, y: 100, width: 40, height: 10, below: false },
        { x: 200, y: 100, width: 40, height: 10, below: true },
      ],
      [],
      { gap: 2, maxRows: 3 },
    );
    expect(placed.map((p) => p.row)).toEqual([0, 1, 0]);
    expect(placed[1]!.box.y1).toBeLessThanOrEqual(placed[0]!.box.y0);
    expect(placed[2]!.box.y0).toBe(102);
  });
});

describe('units, legend, ticks', () => {
  it('writes the unit horizontally above the axis, never as a rotated axis title', () => {
    const people = spec({ unit: '人', yAxisLabel: '人', decimals: 0, series: [bar('留学生', [22, 30, 41], 0)] });
    expect(toChartJsConfig(people, { fontFamily: 'X' }).options?.scales?.y?.title?.display).toBe(false);
    // draw again with fillText watched: where and under which transform is 「人」 written?
    const { chart } = createNodeChart(people, { ...SIZE, dpi: 200, showTitle: false });
    try {
      const ctx = chart.ctx;
      const calls: { text: string; y: number; turned: boolean }[] = [];
      const fillText = ctx.fillText.bind(ctx);
      ctx.fillText = (text: string, x: number, y: number) => {
        const m = ctx.getTransform();
        calls.push({ text, y, turned: Math.abs(m.b) > 1e-9 || Math.abs(m.c) > 1e-9 });
        fillText(text, x, y);
      };
      chart.draw();
      const unit = calls.filter((c) => c.text === '人');
      expect(unit).toHaveLength(1);
      expect(unit[0]!.turned).toBe(false);
      expect(unit[0]!.y).toBeLessThan(chart.chartArea.top);
      expect(calls.some((c) => c.turned)).toBe(false);
    } finally {
      chart.destroy();
    }
  });

  it('shows a legend only for two or more data series (reference lines are labelled on the line)', () => {
    const one = buildChartSpec(ws, fw, chartBlock({ referenceRuleId: 'national.student_teacher_ratio' }));
    expect(one.series).toHaveLength(2); // the data and the 国家标准 line
    expect(showLegend(one)).toBe(false);
    expect(toChartJsConfig(one, { fontFamily: 'X' }).options?.plugins?.legend?.display).toBe(false);
    expect(showLegend(satisfaction)).toBe(true);
    const two = buildChartSpec(ws, fw, chartBlock({ indicators: ['dual_teacher_rate', 'grad_placement_rate'] }));
    expect(toChartJsConfig(two, { fontFamily: 'X' }).options?.plugins?.legend?.display).toBe(true);
  });

  it('writes every percent tick as a whole number (100%, never 100.0% or 97.5%)', () => {
    const cases = [
      [90.43, 90.91, 90.98],
      [60.85, 63.98, 66.42],
      [94.9, 95.86],
      [12.5, 18.2],
      [3.1, 4.4],
      [99.2, 99.9],
    ];
    for (const values of cases)
      for (const type of ['bar', 'line'] as const) {
        const axis = chooseAxis(values, { type, percent: true });
        const s = { ...axis, unit: '%' };
        expect(tickDecimals(s), `${type} ${values.join('/')}`).toBe(0);
        for (let v = axis.yMin; v <= axis.yMax + 1e-9; v += axis.yStep) expect(formatTick(s, v)).toMatch(/^\d+%$/);
      }
    expect(excelNumberFormat(0, '%')).toBe('0"%"');
    expect(excelNumberFormat(2, '元')).toBe('0.00');
  });

  it('keeps a tight line honest: +0.07 points is under 1 % of the axis, and lines keep at least half the maximum', () => {
    const values = [90.43, 90.91, 90.98];
    const axis = chooseAxis(values, { type: 'line', percent: true });
    expect(axis.yMax - axis.yMin).toBeGreaterThanOrEqual(90.98 / 2);
    expect(0.07 / (axis.yMax - axis.yMin)).toBeLessThan(0.01);
    // a real change still shows: 60.85 → 66.42 moves the line over 5 % of the axis
    const rise = chooseAxis([60.85, 63.98, 66.42], { type: 'line', percent: true });
    expect((66.42 - 60.85) / (rise.yMax - rise.yMin)).toBeGreaterThan(0.05);
    // bars always start at 0, with head-room above the highest bar
    const bars = chooseAxis([3826.4, 4086.52], { type: 'bar', percent: false });
    expect(bars.yMin).toBe(0);
    expect(bars.yMax).toBeGreaterThanOrEqual(4086.52 * 1.1);
  });
});

describe('charts without data', () => {
  it('are recognised by a pure function (validation reports them; the report prints no empty axes)', () => {
    const empty = spec({ series: [bar('满意度', [null, null, null])] });
    expect(chartHasData(empty)).toBe(false);
    expect(chartHasData(satisfaction)).toBe(true);
    // a reference line alone is not data
    const refOnly = {
      ...empty,
      series: [...empty.series, { ...bar('国家标准', [18, 18, 18]), role: 'reference' as const }],
    };
    expect(chartHasData(refOnly)).toBe(false);
    expect(nativeChartSupport(empty, SIZE.widthPx)).toEqual({ ok: false, reason: '图表没有数据' });
  });

  it('keep a missing bar a PNG that says 无数据, and crowded bars a PNG with upright labels', () => {
    const gap = spec({ series: [bar('甲', [90, null, 92]), bar('乙', [80, 85, 86])] });
    expect(nativeChartSupport(gap, SIZE.widthPx)).toMatchObject({ ok: false });
    expect(labelBoxes(gap).texts).toContain('无数据');
    expect(nativeChartSupport(crowded, SIZE.widthPx)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/竖排/),
    });
    expect(nativeChartSupport(satisfaction, SIZE.widthPx)).toEqual({ ok: true });
  });

  it('keep a chart with a reference line a PNG (its label must avoid the value labels)', () => {
    const ref = buildChartSpec(ws, fw, chartBlock({ referenceRuleId: 'national.student_teacher_ratio' }));
    expect(nativeChartSupport(ref, SIZE.widthPx)).toEqual({ ok: false, reason: '参考线的标注须避开数值标签' });
  });
});
