/**
 * How a chart spec is printed: the decisions shared by the Chart.js picture (renderer preview and Word PNG,
 * core/charts/chartjs.ts) and the native Word chart (core/docx/native-chart.ts), so the three show the same legend,
 * units, ticks and value labels. Pure: the renderer bundles this file.
 *
 * The rules, each answering a reviewer's red pen (issue #11 item 3):
 * - a chart whose every value is missing is not drawn (chartHasData); one missing bar says 「无数据」, or 「不适用」
 *   where the school marked it so (missingValueLabel);
 * - a legend only when there are two or more data series: a one-series chart is named by its caption, and a
 *   reference line (国家标准 / 目标) carries its own label on the line;
 * - the unit (人, 元, 万元) is written horizontally above the value axis, never as a rotated axis title
 *   (「人」 turned 90° reads 「入」); percent axes need none, their ticks carry the %;
 * - ticks use one format per chart, with the decimals of the step (steps are 1/2/5 × 10^k, so whole numbers for
 *   steps of 1 or more: 100%, never 100.0%);
 * - each value label prints its value as the 附表 does (formatValueLabel: printedNumber, so a whole area beside a
 *   typed fraction reads 12000 and 12800.55), and labels are sized so neighbouring bars' labels do not meet
 *   (valueLabelFontPt); bars are spaced the same way in both pictures (BAR_LAYOUT).
 */
import { decimalsOf, NOT_APPLICABLE, printedNumber, printedSuffix } from '../report/format';
import { type ChartSeries, type ChartSpec, formatChartNumber as fixed } from './spec';

/** The series that hold data (the workspace's own and comparisons), not reference lines. */
export function dataSeries(spec: Pick<ChartSpec, 'series'>): ChartSeries[] {
  return spec.series.filter((s) => s.role !== 'reference');
}

/** Whether the chart has anything to draw: false when every data value is missing (validation reports those). */
export function chartHasData(spec: Pick<ChartSpec, 'series'>): boolean {
  return dataSeries(spec).some((s) => s.values.some((v) => v !== null && Number.isFinite(v)));
}

/** A legend only for two or more data series; reference lines are labelled on the line, not in the legend. */
export function showLegend(spec: Pick<ChartSpec, 'series'>): boolean {
  return dataSeries(spec).length > 1;
}

/** The unit written horizontally above the value axis ('' for percent, whose ticks say %, or mixed units). */
export function unitLabel(spec: Pick<ChartSpec, 'yAxisLabel'>): string {
  return spec.yAxisLabel.trim();
}

/** Decimals of the tick step: 20 → 0, 0.5 → 1. One format for every tick of a chart. */
export function tickDecimals(spec: Pick<ChartSpec, 'yStep'>): number {
  const text = String(spec.yStep);
  const dot = text.indexOf('.');
  return dot < 0 || text.includes('e') ? 0 : Math.min(4, text.length - dot - 1);
}

export function formatTick(spec: Pick<ChartSpec, 'yStep' | 'unit'>, v: number): string {
  return fixed(v, tickDecimals(spec), spec.unit);
}

export function labelDecimals(spec: Pick<ChartSpec, 'decimals'>, s: Pick<ChartSeries, 'decimals'>): number {
  return s.decimals ?? spec.decimals;
}

/**
 * One value label in two parts, its number and what follows it, as the 附表 prints the value (core/report/format
 * formatIndicatorValue: printedNumber, then 「:1」 for a unit-less ratio), and 「%」 on a percent axis: a whole area
 * 12000 beside a typed 12800.55 in the same series, 生师比 15.02:1, a rate 85.07%. A spec without its indicators'
 * rule (hand-made) writes the series' decimals.
 */
function labelParts(
  spec: Pick<ChartSpec, 'decimals' | 'unit'>,
  s: Pick<ChartSeries, 'decimals' | 'print'>,
  v: number,
): { number: string; after: string } {
  const percent = spec.unit === '%' ? '%' : '';
  if (!s.print) return { number: fixed(v, labelDecimals(spec, s)), after: percent };
  return { number: printedNumber(v, s.print), after: `${printedSuffix(s.print)}${percent}` };
}

/**
 * The text of a value label: the one function behind every value label — the preview's and the Word PNG's
 * (chartjs.ts) and the editable Word chart's (valueLabelNumberFormat writes the same text).
 */
export function formatValueLabel(
  spec: Pick<ChartSpec, 'decimals' | 'unit'>,
  s: Pick<ChartSeries, 'decimals' | 'print'>,
  v: number,
): string {
  const { number, after } = labelParts(spec, s, v);
  return `${number}${after}`;
}

/** What the label of a bar without a value says: 不适用 where the school marked it so (as the 附表 prints it), else 无数据. */
export function missingValueLabel(s: Pick<ChartSeries, 'notApplicable'>, category: number): string {
  return s.notApplicable?.[category] ? NOT_APPLICABLE : '无数据';
}

/** An Excel/Word number format writing the same text (the % is quoted: Excel's bare % multiplies by 100). */
export function excelNumberFormat(decimals: number, unit: string): string {
  return numberFormatOf(decimals, unit === '%' ? '%' : '');
}

function numberFormatOf(decimals: number, after: string): string {
  const body = decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0';
  return after ? `${body}"${after}"` : body;
}

/** The number format under which Word and LibreOffice write a value label as formatValueLabel does. */
export function valueLabelNumberFormat(
  spec: Pick<ChartSpec, 'decimals' | 'unit'>,
  s: Pick<ChartSeries, 'decimals' | 'print'>,
  v: number,
): string {
  const { number, after } = labelParts(spec, s, v);
  return numberFormatOf(decimalsOf(number), after);
}

/** The series' own label format (its finest decimals); points printing fewer get valueLabelNumberFormat's. */
export function seriesLabelNumberFormat(
  spec: Pick<ChartSpec, 'decimals' | 'unit'>,
  s: Pick<ChartSeries, 'decimals' | 'print'>,
): string {
  return numberFormatOf(labelDecimals(spec, s), labelParts(spec, s, 0).after);
}

/**
 * Share of the value axis a line's point needs below it for a label there: under it, the label would sit on the
 * category axis and the years (校舍建筑面积 12000 under 校园占地面积 218400 printed over 「2025年」).
 */
export const LABEL_ROOM_BELOW = 0.1;

/**
 * Which value labels go below their point instead of above: negative bars, and where two or more lines meet at a
 * category, the lowest one (so the labels of close lines part instead of piling up) when it has room below it
 * (LABEL_ROOM_BELOW). [series][category].
 */
export function labelsBelow(spec: Pick<ChartSpec, 'series' | 'categories' | 'yMin' | 'yMax'>): boolean[][] {
  const roomBelow = (v: number) => v - spec.yMin >= (spec.yMax - spec.yMin) * LABEL_ROOM_BELOW;
  const lowest = spec.categories.map((_, j) => {
    let low = -1;
    let count = 0;
    spec.series.forEach((s, i) => {
      const v = s.values[j];
      if (s.role === 'reference' || s.kind !== 'line' || v === null || v === undefined) return;
      count++;
      if (low < 0 || v < (spec.series[low]!.values[j] as number)) low = i;
    });
    return count > 1 ? low : -1;
  });
  return spec.series.map((s, i) =>
    spec.categories.map((_, j) => {
      const v = s.values[j];
      return v !== null && v !== undefined && (v < 0 || (lowest[j] === i && roomBelow(v)));
    }),
  );
}

/**
 * Bar spacing in Word's terms: the gap between groups is 60 % of a bar's width, and bars of one group stand 8 % of
 * a bar apart. Office's defaults (219 % and touching bars) leave bars too thin for their labels.
 */
export const BAR_LAYOUT = { gapWidth: 60, overlap: -8 } as const;

/** The same spacing as Chart.js' categoryPercentage / barPercentage, for `n` bars in a group. */
export function chartJsBarPercentages(n: number): { categoryPercentage: number; barPercentage: number } {
  const apart = -BAR_LAYOUT.overlap / 100;
  const group = n + (n - 1) * apart;
  return {
    categoryPercentage: group / (group + BAR_LAYOUT.gapWidth / 100),
    barPercentage: 1 / (1 + apart),
  };
}

/** Width of a text in em: digits and Latin about 0.56 em, %, CJK and full-width forms 1 em (a safe upper bound). */
export function textWidthEm(text: string): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x2e80 || ch === '%') em += 1;
    else if (ch === '.' || ch === ',' || ch === ' ') em += 0.3;
    else em += 0.58;
  }
  return em;
}

/** Value-label font sizes in points: the preferred one and the smallest still readable in print. */
export const LABEL_FONT_PT = { max: 9, min: 7 } as const;
/** Axis, legend and unit text, in points (≈ 五号/小五 beside the 三号/四号 body). */
export const CHART_TEXT_PT = { axis: 9, legend: 9, unit: 9, title: 11 } as const;

/**
 * The value-label size, in points, at which the labels of neighbouring bars in a group do not meet, for a plot
 * `plotWidthPt` wide; null when even the smallest readable size would not fit (the Chart.js picture then stacks
 * the labels in rows; the native chart is not used).
 */
export function valueLabelFontPt(spec: ChartSpec, plotWidthPt: number): number | null {
  const bars = dataSeries(spec).filter((s) => s.kind === 'bar');
  if (bars.length < 2 || spec.type !== 'bar') return LABEL_FONT_PT.max;
  const n = bars.length;
  const { categoryPercentage } = chartJsBarPercentages(n);
  const pitch = ((plotWidthPt / spec.categories.length) * categoryPercentage) / n; // centre to centre
  const widest = spec.categories.map((_, j) =>
    bars.map((s) => {
      const v = s.values[j];
      return textWidthEm(v === null || v === undefined ? missingValueLabel(s, j) : formatValueLabel(spec, s, v));
    }),
  );
  // neighbours' labels, centred on their bars, need half of each width plus a small gap
  const needEm = Math.max(...widest.flatMap((ws) => ws.slice(1).map((w, k) => (w + (ws[k] ?? 0)) / 2)));
  for (let pt = LABEL_FONT_PT.max; pt >= LABEL_FONT_PT.min; pt -= 0.5) if (needEm * pt + 2 <= pitch) return pt;
  return null;
}

/** Width the value-axis ticks take, in points, at the axis font size (for plot-width estimates). */
export function tickLabelWidthPt(spec: ChartSpec): number {
  const texts = [spec.yMin, spec.yMax].map((v) => formatTick(spec, v));
  return Math.max(...texts.map(textWidthEm)) * CHART_TEXT_PT.axis;
}

/** The plot's width inside a chart `widthPt` wide: less the ticks, the gap beside them and the side margins. */
export function plotWidthPt(spec: ChartSpec, widthPt: number): number {
  return Math.max(20, widthPt - tickLabelWidthPt(spec) - 24);
}
