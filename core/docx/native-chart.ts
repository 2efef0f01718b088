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
import {
  type ChartDataLabelPosition,
  type ChartPointLabel,
  ChartRun,
  type ChartRunOptions,
  type ChartSeries as DocxChartSeries,
} from 'docx/charts';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { CHART_PALETTE } from '../charts/chartjs';
import {
  BAR_LAYOUT,
  CHART_TEXT_PT,
  dataSeries,
  excelNumberFormat,
  formatValueLabel,
  LABEL_FONT_PT,
  labelDecimals,
  labelsBelow,
  missingValueLabel,
  plotWidthPt,
  seriesLabelNumberFormat,
  showLegend,
  tickDecimals,
  unitLabel,
  valueLabelFontPt,
  valueLabelNumberFormat,
} from '../charts/print-rules';
import type { ChartSpec } from '../charts/spec';
import type { FigureItem, ReportModel } from '../report/model';
import { roundTo } from '../values/round';
import { type ChartExportMode, chartFigureDecisions, chartPlan, chartSizePx } from './chart-choice';
import type { ReportStyles } from './styles';

// what native-chart.ts always offered, now in the light module chart-choice.ts
export {
  CHART_EXPORT_MODES,
  type ChartExportMode,
  type ChartFigureDecision,
  chartFigureDecisions,
  chartSizePx,
  describeChartDecisions,
  nativeChartSupport,
} from './chart-choice';

const TEXT = '262626';
const LABEL = '404040';
const hex = (css: string) => css.replace('#', '').toUpperCase();
const PT_PER_PX = 72 / 96;

/** A Chinese description for screen readers: the caption and every value (docx would write an English one). */
export function chartAltDescription(spec: ChartSpec, caption: string): string {
  const parts = dataSeries(spec).map(
    (s) =>
      `${s.label}：${spec.categories
        .map((c, j) => {
          const v = s.values[j];
          return `${c} ${v === null || v === undefined ? missingValueLabel(s, j) : formatValueLabel(spec, s, v)}`;
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
    const numberFormat = seriesLabelNumberFormat(spec, s);
    const labelFont = { size: labelPt, color: LABEL };
    // the workbook holds the numbers as the grid shows them (what 编辑数据 shows and what a school would type)
    const values = s.values.map((v) => (v === null ? null : roundTo(v, labelDecimals(spec, s))));
    // a label whose own text has fewer decimals than the series' finest (a whole 12000 beside a typed 12800.55) gets
    // its own number format, so it prints what formatValueLabel prints — the 附表's text — not 12000.00
    const ownFormat = s.values.map((v) => {
      const f = v === null ? numberFormat : valueLabelNumberFormat(spec, s, v);
      return f === numberFormat ? undefined : f;
    });
    const position: ChartDataLabelPosition = s.kind === 'bar' ? 'outsideEnd' : 'above';
    const pointLabels = spec.categories.map((_, j): ChartPointLabel | undefined => {
      const lower = s.kind === 'line' && below[i]?.[j];
      if (!lower && !ownFormat[j]) return undefined;
      return {
        value: true,
        position: lower ? 'below' : position,
        numberFormat: ownFormat[j] ?? numberFormat,
        font: labelFont,
      };
    });
    if (s.kind === 'bar') {
      return {
        name: s.label,
        values,
        type: 'column',
        color: c,
        dataLabels: { value: true, position, numberFormat, font: labelFont },
        ...(pointLabels.some(Boolean) ? { pointLabels } : {}),
      };
    }
    return {
      name: s.label,
      values,
      type: 'line',
      color: c,
      line: { color: c, width: 2 },
      markers: { shape: 'circle', size: 5 },
      dataLabels: { value: true, position, numberFormat, font: labelFont },
      pointLabels,
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
 * Value labels on one line: docx writes them as Office does (`wrap="square"`), and a long value (12345678901, a
 * 99999999.99 万元) then broke over two lines in LibreOffice — 「1234567890」 over 「1」, read as two numbers.
 */
function unwrappedLabels(xml: string): string {
  return xml.replace(/<c:dLbls>[\s\S]*?<\/c:dLbls>/g, (labels) => labels.replaceAll('wrap="square"', 'wrap="none"'));
}

/**
 * Moves each native chart's title (the unit) to the top left, above the value axis, in the packed .docx, and keeps
 * its value labels on one line (unwrappedLabels). Titles are only ever units here (the caption is printed under
 * the figure). Returns the input when there is no chart.
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
    const moved = unwrappedLabels(
      xml.replace(/(<c:chart><c:title><c:tx>[\s\S]*?<\/c:tx>)(?!<c:layout>)/, `$1${UNIT_LAYOUT}`),
    );
    if (moved !== xml) {
      parts.set(name, strToU8(moved));
      changed = true;
    }
  }
  return changed;
}

/** The native charts of a report, and the chart figures that need no PNG (native ones and those without data). */
export function planChartFigures(
  model: ReportModel,
  st: ReportStyles,
  mode: ChartExportMode,
  decisions = chartFigureDecisions(model, st, mode),
): { native: Map<FigureItem, ChartRun>; noPicture: Set<FigureItem> } {
  const size = chartSizePx(st);
  return chartPlan(decisions, (item, spec) =>
    nativeChartRun(spec, size, { name: item.label, caption: item.captionLine }),
  );
}
