/**
 * Native, editable Word charts (docx's ChartRun, `docx/charts`): the data sit in a workbook embedded in the .docx,
 * so Word's and WPS's 编辑数据 opens them. Drawn from the same ChartSpec and the same print rules
 * (core/charts/print-rules.ts) as the preview and the PNG: axis bounds, tick and label formats, legend, unit,
 * bar spacing and label size are set here, never left to Word's or LibreOffice's automatic choices.
 *
 * A chart is made native only where the native chart prints right in LibreOffice (checked by rendering, see
 * tests/docx-native-charts.test.ts); otherwise it stays a PNG, and nativeChartSupport says why:
 * - a missing bar must say 「无数据」: a native chart can only leave the slot empty, which reads as 0;
 * - labels of crowded bars that do not fit side by side even at the smallest size are drawn upright in the PNG;
 *   native labels cannot be turned (docx has no option) and would overlap;
 * - a reference line (国家标准 / 目标): its label must keep clear of the value labels, which the PNG's placement
 *   does and Word/LibreOffice do not (checked: LibreOffice printed 「国家标准 18」 over the value label 17.20);
 * - three or more lines, whose labels may meet at a year.
 *
 * The unit (人, 元, 万元) is the chart's title, moved to the top left above the value axis by finishNativeCharts
 * (docx puts titles in the middle and turns axis titles 90°, which makes 「人」 read 「入」).
 */
import { ChartRun, type ChartRunOptions, type ChartSeries as DocxChartSeries } from 'docx/charts';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { CHART_PALETTE } from '../charts/chartjs';
import {
  BAR_LAYOUT,
  CHART_TEXT_PT,
  chartHasData,
  dataSeries,
  excelNumberFormat,
  formatValueLabel,
  LABEL_FONT_PT,
  labelDecimals,
  labelsBelow,
  plotWidthPt,
  showLegend,
  tickDecimals,
  unitLabel,
  valueLabelFontPt,
} from '../charts/print-rules';
import type { ChartSpec } from '../charts/spec';
import { allItems, type FigureItem, type ReportModel } from '../report/model';
import { roundTo } from '../values/round';
import { chartBoxMm } from './geometry';
import type { ReportStyles } from './styles';

/** How charts go into the .docx: native Word charts where they print right (default), or pictures. */
export type ChartExportMode = 'native' | 'png';
export const CHART_EXPORT_MODES: readonly ChartExportMode[] = ['native', 'png'];

const TEXT = '262626';
const LABEL = '404040';
const hex = (css: string) => css.replace('#', '').toUpperCase();
const PT_PER_PX = 72 / 96;

/** Whether this chart can be a native chart that prints as its picture does, and if not, why (Chinese). */
export function nativeChartSupport(spec: ChartSpec, widthPx: number): { ok: true } | { ok: false; reason: string } {
  if (!chartHasData(spec)) return { ok: false, reason: '图表没有数据' };
  const bars = dataSeries(spec).filter((s) => s.kind === 'bar');
  if (bars.some((s) => s.values.some((v) => v === null)))
    return { ok: false, reason: '有年份缺少数据，柱形处须标注“无数据”' };
  if (valueLabelFontPt(spec, plotWidthPt(spec, widthPx * PT_PER_PX)) === null)
    return { ok: false, reason: '柱形较多，数值标签须竖排' };
  if (spec.series.some((s) => s.role === 'reference')) return { ok: false, reason: '参考线的标注须避开数值标签' };
  // two lines part their labels (the lower one below); a third may meet one of them, which only the PNG avoids
  if (dataSeries(spec).filter((s) => s.kind === 'line').length > 2)
    return { ok: false, reason: '三条以上折线的数值标签须避让' };
  return { ok: true };
}

/** A Chinese description for screen readers: the caption and every value (docx would write an English one). */
export function chartAltDescription(spec: ChartSpec, caption: string): string {
  const parts = dataSeries(spec).map(
    (s) =>
      `${s.label}：${spec.categories
        .map((c, j) => {
          const v = s.values[j];
          return `${c} ${v === null || v === undefined ? '无数据' : formatValueLabel(spec, s, v)}`;
        })
        .join('，')}`,
  );
  return [caption, ...parts].filter(Boolean).join('。').slice(0, 2000);
}

/** The ChartRun for a spec, at the figure's print size (CSS px, 96 per inch). Call nativeChartSupport first. */
export function nativeChartRun(
  spec: ChartSpec,
  size: { widthPx: number; heightPx: number },
  alt: { name: string; caption: string },
): ChartRun {
  const widthPt = size.widthPx * PT_PER_PX;
  const labelPt = valueLabelFontPt(spec, plotWidthPt(spec, widthPt)) ?? LABEL_FONT_PT.min;
  const below = labelsBelow(spec);
  const font = { size: CHART_TEXT_PT.axis, color: TEXT };
  let colour = 0;
  // reference lines never get here (nativeChartSupport keeps those charts pictures)
  const series: DocxChartSeries[] = spec.series.map((s, i) => {
    const c = hex(CHART_PALETTE[colour++ % CHART_PALETTE.length]!);
    const numberFormat = excelNumberFormat(labelDecimals(spec, s), spec.unit);
    const labelFont = { size: labelPt, color: LABEL };
    // the workbook holds the numbers as the grid shows them (what 编辑数据 shows and what a school would type)
    const values = s.values.map((v) => (v === null ? null : roundTo(v, labelDecimals(spec, s))));
    if (s.kind === 'bar') {
      return {
        name: s.label,
        values,
        type: 'column',
        color: c,
        dataLabels: { value: true, position: 'outsideEnd', numberFormat, font: labelFont },
      };
    }
    return {
      name: s.label,
      values,
      type: 'line',
      color: c,
      line: { color: c, width: 2 },
      markers: { shape: 'circle', size: 5 },
      dataLabels: { value: true, position: 'above', numberFormat, font: labelFont },
      pointLabels: spec.categories.map((_, j) =>
        below[i]?.[j] ? { value: true, position: 'below', numberFormat, font: labelFont } : undefined,
      ),
    };
  });

  const unit = unitLabel(spec);
  const common = {
    categories: [...spec.categories],
    series,
    ...(unit ? { title: { text: unit, font: { size: CHART_TEXT_PT.unit, color: TEXT } } } : {}),
    legend: showLegend(spec)
      ? { position: 'bottom' as const, font: { size: CHART_TEXT_PT.legend, color: TEXT } }
      : (false as const),
    categoryAxis: { font },
    valueAxis: {
      minimum: spec.yMin,
      maximum: spec.yMax,
      interval: spec.yStep,
      numberFormat: excelNumberFormat(tickDecimals(spec), spec.unit),
      font,
      gridlines: true,
    },
    emptyValues: 'gap' as const,
    chartArea: { fill: 'FFFFFF', border: 'none' as const },
    transformation: { width: size.widthPx, height: size.heightPx },
    altText: { name: alt.name, title: alt.caption, description: chartAltDescription(spec, alt.caption) },
  };
  const options: ChartRunOptions =
    spec.type === 'bar'
      ? { type: 'column', ...common, gapWidth: BAR_LAYOUT.gapWidth, overlap: BAR_LAYOUT.overlap }
      : { type: 'line', ...common, markers: { shape: 'circle', size: 5 } };
  return new ChartRun(options);
}

/** Where the unit title goes: the chart's top left corner, as fractions of the chart (DrawingML manual layout). */
const UNIT_LAYOUT =
  '<c:layout><c:manualLayout><c:xMode val="edge"/><c:yMode val="edge"/><c:x val="0.012"/><c:y val="0.01"/></c:manualLayout></c:layout>';

/**
 * Moves each native chart's title (the unit) to the top left, above the value axis, in the packed .docx. Titles
 * are only ever units here (the caption is printed under the figure). Returns the input when there is no chart.
 */
export function finishNativeCharts(docx: Buffer): Buffer {
  const files = new Map(Object.entries(unzipSync(docx)));
  return finishNativeChartParts(files) ? Buffer.from(zipSync(Object.fromEntries(files), { level: 6 })) : docx;
}

/** finishNativeCharts on the parts before they are zipped (core/docx/zip-parts.ts); true when a part changed. */
export function finishNativeChartParts(parts: Map<string, Uint8Array>): boolean {
  let changed = false;
  for (const [name, data] of parts) {
    if (!/^word\/charts\/chart\d+\.xml$/.test(name)) continue;
    const xml = strFromU8(data);
    const moved = xml.replace(/(<c:chart><c:title><c:tx>[\s\S]*?<\/c:tx>)(?!<c:layout>)/, `$1${UNIT_LAYOUT}`);
    if (moved !== xml) {
      parts.set(name, strToU8(moved));
      changed = true;
    }
  }
  return changed;
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

/** The native charts of a report, and the chart figures that need no PNG (native ones and those without data). */
export function planChartFigures(
  model: ReportModel,
  st: ReportStyles,
  mode: ChartExportMode,
): { native: Map<FigureItem, ChartRun>; noPicture: Set<FigureItem> } {
  const size = chartSizePx(st);
  const native = new Map<FigureItem, ChartRun>();
  const noPicture = new Set<FigureItem>();
  for (const d of chartFigureDecisions(model, st, mode)) {
    if (d.as === 'png' || !d.item.chart) continue;
    noPicture.add(d.item);
    if (d.as === 'native')
      native.set(d.item, nativeChartRun(d.item.chart, size, { name: d.item.label, caption: d.item.captionLine }));
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
