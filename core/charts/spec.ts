/**
 * Chart specs: what a figure shows, as plain serialisable data, built from a workspace's indicator series.
 *
 * One spec feeds both pictures of a chart: the renderer's live preview (browser canvas) and the PNG placed in
 * the Word report (Node canvas), through core/charts/chartjs.ts. Pure: the renderer imports this file, so no
 * node imports here.
 *
 * Conventions (seed 003, e.g. 图 2-13 「2022-2024 年…平均月收入（元）」): the unit goes in the title in full-width
 * brackets, years are categories, missing values are gaps (null, never 0), bars start at 0. How a spec is drawn
 * (legend, units, labels, ticks) is decided once in core/charts/print-rules.ts for all three pictures.
 */
import * as z from 'zod';
import { QarError } from '../errors';
import type { Framework, Indicator, Rule } from '../framework/schema';
import type { BlockContent, Workspace } from '../model';
import { decimalsOf, type PrintedIndicator, printedNumber, printedSuffix } from '../report/format';
import { type IndicatorValues, valuesOf } from '../values/resolve';
import { fixedDecimals } from '../values/round';

export type ChartBlockContent = Extract<BlockContent, { kind: 'chart' }>;

export const ChartSeriesKind = z.enum(['bar', 'line']);
export const ChartSeriesRole = z.enum(['data', 'compare', 'reference']);

export const ChartSeries = z.object({
  label: z.string().max(200),
  /** one value per category; null = no data (a gap, never drawn as 0) */
  values: z.array(z.number().finite().nullable()),
  kind: ChartSeriesKind,
  /** reference lines (national standard / provincial target) are dashed */
  dashed: z.boolean().optional(),
  role: ChartSeriesRole.default('data'),
  /**
   * the finest decimals of this series' data labels (the workbook of the editable chart keeps its numbers to them);
   * defaults to the spec's
   */
  decimals: z.number().int().min(0).max(4).optional(),
  /**
   * how the series' indicator prints its numbers (core/report/format PrintedIndicator): each value label is then
   * printedNumber of its own value, the text the 附表 prints for it (12000 beside 12800.55, not 12000.00). Without
   * it (a hand-made spec) every label has `decimals`.
   */
  print: z
    .object({
      name: z.string().max(100),
      unit: z.string().max(20),
      type: z.string().max(20),
      decimals: z.number().int().min(0).max(4),
    })
    .optional(),
  /**
   * per category: no value because the school marked it 「不适用」 (the 附表 prints 不适用); its bar says so instead of
   * 无数据. Omitted when no value is so marked.
   */
  notApplicable: z.array(z.boolean()).optional(),
});
export type ChartSeries = z.infer<typeof ChartSeries>;

export const ChartSpec = z.object({
  type: ChartSeriesKind,
  title: z.string().max(300),
  categories: z.array(z.string().max(50)).min(1).max(20),
  series: z.array(ChartSeries).min(1).max(12),
  /** common unit of the value axis ('%' for percentages, '' when the series' units differ) */
  unit: z.string().max(20),
  /** value-axis title, e.g. 「元」; empty when the ticks say it (%) or units differ */
  yAxisLabel: z.string().max(50),
  decimals: z.number().int().min(0).max(4),
  yMin: z.number().finite(),
  yMax: z.number().finite(),
  /** tick step chosen with yMin/yMax so the axis reads 0, 20, 40 … */
  yStep: z.number().positive(),
  /** 数据来源 text of the block, for the caption line under the figure (not drawn in the picture) */
  source: z.string().max(200).default(''),
  /** things the author should know (unknown rule, no data in the years shown); Chinese */
  warnings: z.array(z.string()).default([]),
});
export type ChartSpec = z.infer<typeof ChartSpec>;

export interface BuildChartSpecOptions {
  /** report year; years default to it and the two before it. Default: the workspace profile's reportYear */
  year?: number;
  /** a second series for the first indicator, e.g. 中职 beside 高职 in the district report */
  compare?: { label: string; values: Record<number, number | null> };
  /** label of the workspace's own series when `compare` is given (default: the school's name) */
  seriesLabel?: string;
  /** the workspace's values when the caller has them resolved already (the report model: one per report) */
  values?: IndicatorValues;
}

function findIndicator(fw: Framework, id: string): Indicator | undefined {
  for (const t of fw.tables) for (const ind of t.indicators) if (ind.id === id) return ind;
  return undefined;
}

/** The unit shown for an indicator: percent type always means %. */
export function indicatorUnit(ind: Pick<Indicator, 'type' | 'unit'>): string {
  return ind.type === 'percent' ? '%' : ind.unit.trim();
}

/** Years shown by a chart block: its own list (sorted, unique) or the report year and the two before it. */
export function chartYears(block: Pick<ChartBlockContent, 'years'>, reportYear: number): number[] {
  if (block.years.length > 0) return [...new Set(block.years)].sort((a, b) => a - b);
  return [reportYear - 2, reportYear - 1, reportYear];
}

/** 2022-2024年 / 2024年 (届 for graduate cohorts), as seed 003 writes ranges. */
function yearRangeText(years: number[], suffix: string): string {
  const first = years[0]!;
  const last = years[years.length - 1]!;
  return first === last ? `${first}${suffix}` : `${first}-${last}${suffix}`;
}

/**
 * The finest decimals of a series' value labels (each label is printedNumber of its value, print-rules.ts
 * formatValueLabel): a whole 折合在校生数 or area has 0, a fraction the school typed its own digits, a rate its two.
 */
function labelDecimalsOf(ind: Indicator, values: readonly (number | null)[]): number {
  const printed = values.filter((v): v is number => v !== null).map((v) => decimalsOf(printedNumber(v, ind)));
  return printed.length ? Math.max(...printed) : Math.min(4, ind.decimals);
}

/** What the printing rules need to know of a series' indicator (a plain copy: the spec is serialisable data). */
function printFacts(ind: Indicator): PrintedIndicator {
  return { name: ind.name, unit: ind.unit, type: ind.type, decimals: ind.decimals };
}

/** Number formatting shared by data labels, ticks and reference labels: fixed decimals, no grouping (13396.58). */
export function formatChartNumber(v: number, decimals: number, unit = ''): string {
  // the grid's and the appendix's rounding (core/values/round), so a label prints the number they print
  const text = fixedDecimals(v, decimals);
  return unit === '%' ? `${text}%` : text;
}

/**
 * 1, 2, 5 × 10^k steps giving about `ticks` intervals over `span`. No 2.5: a step of 2.5 (or 25, 0.25) gives ticks
 * with one more decimal than their neighbours' charts (97.5% beside 100%), and every chart of one unit should write
 * its ticks the same way (seed003_spec.md §7.2: 85.07%, 88%, 100%).
 */
export function niceStep(span: number, ticks = 5): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * mag >= raw * 0.999) return m * mag;
  return 10 * mag;
}

/** Trims float noise from a computed axis bound (0.1 + 0.2 …). */
function roundBound(v: number): number {
  return Number.parseFloat(v.toPrecision(12));
}

/** Share of the data span kept free above the highest value (and below the lowest negative one) for labels. */
export const AXIS_HEADROOM = 0.12;

/**
 * The value axis, chosen on purpose rather than left to Chart.js, Word or LibreOffice (each picks differently):
 *
 * - Bars start at 0 (a bar's length is its value); negative values get a bound below with the same head-room.
 * - Lines start at 0 too, unless every value lies above half of the largest; then at a round number no higher than
 *   half the largest value. So the plotted range is always at least half the values' size and a change of x % of
 *   the value moves the line at most 2x % of the plot's height: 90.91% → 90.98% stays flat instead of climbing
 *   across the chart, while 60.85% → 66.42% still shows.
 * - Head-room above the highest value (AXIS_HEADROOM of the span, rounded up to a tick) for the value labels.
 * - Percent axes end at 100 once the values are large (≥ 50) or the head-room would pass 100; small shares keep a
 *   closer maximum so they are not flattened against the bottom.
 * - Steps are 1, 2 or 5 × 10^k, and percent steps at least 1 (unless the values span under 2 points): ticks of one
 *   unit read the same in every chart.
 */
export function chooseAxis(
  values: number[],
  opts: { type: 'bar' | 'line'; percent: boolean },
): { yMin: number; yMax: number; yStep: number } {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return opts.percent ? { yMin: 0, yMax: 100, yStep: 20 } : { yMin: 0, yMax: 10, yStep: 2 };
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  let bottom = Math.min(0, lo);
  if (opts.type === 'line' && lo > 0 && lo > hi / 2) bottom = hi / 2;
  const minStep = opts.percent && hi - bottom >= 2 ? 1 : 0;
  let step = Math.max(minStep, niceStep((hi - bottom) * (1 + AXIS_HEADROOM) || Math.abs(hi) || 1));
  let yMin =
    bottom < 0
      ? Math.floor((bottom - (hi - bottom) * AXIS_HEADROOM) / step) * step
      : Math.max(0, Math.floor(bottom / step) * step);
  let yMax = Math.ceil((hi + (hi - yMin) * AXIS_HEADROOM) / step) * step;
  if (yMax <= hi) yMax += step;
  if (opts.percent && hi <= 100 && yMin >= 0 && (yMax > 100 || hi >= 50)) {
    yMax = 100;
    step = Math.max(1, niceStep(100 - yMin));
    yMin = Math.floor(yMin / step) * step;
  }
  return { yMin: roundBound(yMin), yMax: roundBound(yMax), yStep: roundBound(step) };
}

function referenceOf(
  fw: Framework,
  ruleId: string,
): { rule: Extract<Rule, { kind: 'threshold' | 'target' }>; value: number } | null {
  const rule = fw.rules.find((r) => r.id === ruleId);
  if (!rule || (rule.kind !== 'threshold' && rule.kind !== 'target')) return null;
  if (rule.reference === undefined || !Number.isFinite(rule.reference)) return null;
  return { rule, value: rule.reference };
}

/** Builds the spec of a chart block from the workspace's values. Throws QarError when no indicator is known. */
export function buildChartSpec(
  ws: Pick<Workspace, 'values' | 'profile'>,
  fw: Framework,
  block: ChartBlockContent,
  opts: BuildChartSpecOptions = {},
): ChartSpec {
  const warnings: string[] = [];
  const indicators: Indicator[] = [];
  for (const id of block.indicators) {
    const ind = findIndicator(fw, id);
    if (ind) indicators.push(ind);
    else warnings.push(`图表中的指标“${id}”不在当前指标体系中，已略去。`);
  }
  if (indicators.length === 0) {
    throw new QarError('BAD_INPUT', '图表没有可用的指标：所选指标都不在当前指标体系中，请重新选择指标。');
  }

  const years = chartYears(block, opts.year ?? ws.profile.reportYear);
  const cohort = indicators.every((i) => i.required === 'graduates');
  const categories = years.map((y) => `${y}${cohort ? '届' : '年'}`);

  // the values the grid shows and the appendix prints (core/values: derived ones computed from their parts)
  const vals = opts.values ?? valuesOf(ws, fw);
  const seriesOf = (id: string) => years.map((y) => vals.value(id, y) ?? null);

  const units = [...new Set(indicators.map(indicatorUnit))];
  const unit = units.length === 1 ? units[0]! : '';
  const kind = block.chartType;

  const series: ChartSeries[] = indicators.map((ind) => {
    const values = seriesOf(ind.id);
    const notApplicable = years.map((y) => vals.resolve(ind.id, y).notApplicable);
    return {
      label: unit === '' && indicatorUnit(ind) ? `${ind.name}（${indicatorUnit(ind)}）` : ind.name,
      values,
      kind,
      role: 'data',
      decimals: labelDecimalsOf(ind, values),
      print: printFacts(ind),
      ...(notApplicable.some(Boolean) ? { notApplicable } : {}),
    };
  });
  const decimals = Math.max(...series.map((s) => s.decimals ?? 0));

  if (opts.compare) {
    const cmp = years.map((y) => {
      const v = opts.compare!.values[y];
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    });
    // Only worth a series when both sides have something to show.
    if (cmp.some((v) => v !== null) && series[0]!.values.some((v) => v !== null)) {
      series[0]!.label = opts.seriesLabel ?? ws.profile.name;
      series.splice(1, 0, {
        label: opts.compare.label,
        values: cmp,
        kind,
        role: 'compare',
        decimals: labelDecimalsOf(indicators[0]!, cmp),
        print: printFacts(indicators[0]!),
      });
    }
  }

  if (block.referenceRuleId) {
    const ref = referenceOf(fw, block.referenceRuleId);
    if (ref) {
      const who = ref.rule.kind === 'threshold' ? '国家标准' : fw.region ? `${fw.region}目标` : '省级目标';
      const refInd = findIndicator(fw, ref.rule.indicator);
      const refDecimals = Number.isInteger(ref.value) ? 0 : Math.min(4, refInd?.decimals ?? decimals);
      series.push({
        // written as the indicator's values are (生师比 国家标准 18:1 beside 15.02:1)
        label: `${who} ${formatChartNumber(ref.value, refDecimals, refInd ? indicatorUnit(refInd) : unit)}${refInd ? printedSuffix(refInd) : ''}`,
        values: years.map(() => ref.value),
        kind: 'line',
        dashed: true,
        role: 'reference',
        decimals: refDecimals,
      });
    } else {
      warnings.push(`参考线规则“${block.referenceRuleId}”不存在或没有参考值，未画参考线。`);
    }
  }

  const dataValues = series.filter((s) => s.role !== 'reference').flatMap((s) => s.values);
  if (dataValues.every((v) => v === null))
    warnings.push(`所选年份（${yearRangeText(years, '年')}）没有数据，图表为空。`);

  const names = indicators.map((i) => i.name).join('、');
  const caption = block.caption.trim();
  // The author's caption wins; a money/count unit it leaves out is added as seed 003 does (「…（元）」).
  const title = caption
    ? unit && unit !== '%' && !caption.includes(`（${unit}）`)
      ? `${caption}（${unit}）`
      : caption
    : `${yearRangeText(years, cohort ? '届' : '年')}${names}${unit ? `（${unit}）` : ''}`;
  const allValues = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const axis = chooseAxis(allValues, { type: kind, percent: unit === '%' });

  return {
    type: kind,
    title,
    categories,
    series,
    unit,
    yAxisLabel: unit === '%' ? '' : unit,
    decimals,
    ...axis,
    source: block.source,
    warnings,
  };
}
