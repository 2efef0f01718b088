/**
 * Which chart figures become native Word charts and which stay pictures, and why (pure, and light to load: the
 * CLI and the app read these before the writer's modules — docx, docx/charts — are loaded; core/docx/native-chart.ts
 * builds the charts themselves).
 */
import { chartHasData, dataSeries, missingValueLabel, plotWidthPt, valueLabelFontPt } from '../charts/print-rules';
import type { ChartSpec } from '../charts/spec';
import { allItems, type FigureItem, type ReportModel } from '../report/model';
import type { ChartExportMode } from './chart-modes';
import { chartBoxMm } from './geometry';
import type { ReportStyles } from './styles';

const PT_PER_PX = 72 / 96;

export { CHART_EXPORT_MODES, type ChartExportMode } from './chart-modes';

/** Whether this chart can be a native chart that prints as its picture does, and if not, why (Chinese). */
export function nativeChartSupport(spec: ChartSpec, widthPx: number): { ok: true } | { ok: false; reason: string } {
  if (!chartHasData(spec)) return { ok: false, reason: '图表没有数据' };
  const bars = dataSeries(spec).filter((s) => s.kind === 'bar');
  const missing = bars.flatMap((s) => s.values.flatMap((v, j) => (v === null ? [missingValueLabel(s, j)] : [])));
  if (missing.length > 0)
    return { ok: false, reason: `有年份没有数值，柱形处须标注“${[...new Set(missing)].join('”“')}”` };
  if (valueLabelFontPt(spec, plotWidthPt(spec, widthPx * PT_PER_PX)) === null)
    return { ok: false, reason: '柱形较多，数值标签须竖排' };
  if (spec.series.some((s) => s.role === 'reference')) return { ok: false, reason: '参考线的标注须避开数值标签' };
  // two lines part their labels (the lower one below); a third may meet one of them, which only the PNG avoids
  if (dataSeries(spec).filter((s) => s.kind === 'line').length > 2)
    return { ok: false, reason: '三条以上折线的数值标签须避让' };
  return { ok: true };
}

/** The print size of a chart figure in CSS px (96 per inch), the same for the PNG and the native chart. */
export function chartSizePx(st: ReportStyles): { widthPx: number; heightPx: number } {
  const box = chartBoxMm(st);
  return { widthPx: Math.round((box.w / 25.4) * 96), heightPx: Math.round((box.h / 25.4) * 96) };
}

export interface ChartFigureDecision {
  item: FigureItem;
  /** how it goes into the .docx: a native chart, a picture, or a line saying there are no data */
  as: 'native' | 'png' | 'empty';
  /** why a chart is not native in native mode (Chinese), '' otherwise */
  reason: string;
}

/** How each chart figure of a report goes into the .docx in `mode`. Pure; the CLI prints its summary. */
export function chartFigureDecisions(
  model: ReportModel,
  st: ReportStyles,
  mode: ChartExportMode,
): ChartFigureDecision[] {
  const { widthPx } = chartSizePx(st);
  return allItems(model).flatMap((item): ChartFigureDecision[] => {
    if (item.kind !== 'figure' || item.figureKind !== 'chart' || !item.chart) return [];
    if (!chartHasData(item.chart)) return [{ item, as: 'empty', reason: '' }];
    if (mode === 'png') return [{ item, as: 'png', reason: '' }];
    const support = nativeChartSupport(item.chart, widthPx);
    return [support.ok ? { item, as: 'native', reason: '' } : { item, as: 'png', reason: support.reason }];
  });
}

/**
 * The figures of `decisions` the document places no picture for (native charts, and charts without data), and
 * the native ones each with its chart (`run`, called only for those: a report without native charts never needs
 * the module that builds them, core/docx/native-chart.ts).
 */
export function chartPlan<R>(
  decisions: readonly ChartFigureDecision[],
  run: (item: FigureItem, spec: ChartSpec) => R,
): { native: Map<FigureItem, R>; noPicture: Set<FigureItem> } {
  const native = new Map<FigureItem, R>();
  const noPicture = new Set<FigureItem>();
  for (const d of decisions) {
    if (d.as === 'png' || !d.item.chart) continue;
    noPicture.add(d.item);
    if (d.as === 'native') native.set(d.item, run(d.item, d.item.chart));
  }
  return { native, noPicture };
}

/** One line for the CLI and the app: 「图表 7 幅：可编辑图表 5 幅，图片 2 幅（…）」. */
export function describeChartDecisions(decisions: ChartFigureDecision[]): string {
  if (decisions.length === 0) return '';
  const count = (as: ChartFigureDecision['as']) => decisions.filter((d) => d.as === as).length;
  const reasons = [...new Set(decisions.filter((d) => d.reason).map((d) => `${d.item.label}${d.reason}`))];
  const parts = [
    count('native') ? `可编辑图表 ${count('native')} 幅` : '',
    count('png') ? `图片 ${count('png')} 幅${reasons.length ? `（${reasons.join('；')}）` : ''}` : '',
    count('empty') ? `无数据 ${count('empty')} 幅` : '',
  ].filter(Boolean);
  return `图表 ${decisions.length} 幅：${parts.join('，')}`;
}
