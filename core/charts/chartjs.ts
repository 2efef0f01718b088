/**
 * ChartSpec -> Chart.js configuration, with the official-report look: muted colours, values written on the
 * bars, legend at the bottom, a Chinese font, no animation, a white background.
 *
 * The renderer's preview (browser canvas) and the Word PNGs (core/charts/render-node.ts) both call this, so the
 * same spec draws the same picture. Pure: only type imports from chart.js; the plugins are written here rather
 * than pulled from npm (chartjs-plugin-datalabels, annotation) to keep one small, predictable drawing path.
 */
import type { Chart, ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import { type Box, type LabelRequest, overlaps, placeLabels } from './labels';
import {
  CHART_TEXT_PT,
  chartHasData,
  chartJsBarPercentages,
  dataSeries,
  formatTick,
  formatValueLabel,
  LABEL_FONT_PT,
  labelsBelow,
  missingValueLabel,
  plotWidthPt,
  showLegend,
  unitLabel,
  valueLabelFontPt,
} from './print-rules';
import type { ChartSpec } from './spec';

/** Dark blue, burnt orange, grey, olive green, ochre, mid blue, brown, purple: print well in colour and grey. */
export const CHART_PALETTE = ['#1f4e79', '#c55a11', '#7f7f7f', '#548235', '#bf9000', '#2e75b6', '#843c0c', '#7030a0'];
export const REFERENCE_COLOUR = '#c00000';
const TEXT_COLOUR = '#262626';
const LABEL_COLOUR = '#404040';
const GRID_COLOUR = '#d9d9d9';

/** Font stack for the browser preview (Windows, macOS, Linux CJK faces in that order). */
export const PREVIEW_FONT_FAMILY =
  '"Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

const PX_PER_PT = 96 / 72;
/** Font sizes in logical (96-dpi) px, from the print sizes in points shared with the native chart. */
export const CHART_FONT_SIZES = {
  title: Math.round(CHART_TEXT_PT.title * PX_PER_PT),
  axis: Math.round(CHART_TEXT_PT.axis * PX_PER_PT),
  legend: Math.round(CHART_TEXT_PT.legend * PX_PER_PT),
  label: Math.round(LABEL_FONT_PT.max * PX_PER_PT),
} as const;

export interface ChartJsOptions {
  /** CSS font family list, e.g. PREVIEW_FONT_FAMILY or the family registered in Node */
  fontFamily: string;
  /** output resolution; sets devicePixelRatio = dpi / 96. Omit in the browser to use the screen's ratio. */
  dpi?: number;
  /** draw spec.title inside the picture (default true); the report may print the caption below instead */
  showTitle?: boolean;
}

type Kind = 'bar' | 'line';
type Value = number | null;
export type QarChartConfig = ChartConfiguration<Kind, Value[], string>;

/** Paints the whole canvas white first: PNGs are opaque, and the preview looks like the printed page. */
const whiteBackground: Plugin<Kind> = {
  id: 'qarWhiteBackground',
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** Text with a white halo, so a label stays readable where it crosses a grid or reference line. */
function haloText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, colour: string): void {
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#ffffff';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = colour;
  ctx.fillText(text, x, y);
}

export interface LabelPlan {
  size: number;
  labels: { text: string; box: Box; colour: string; vertical?: boolean }[];
  /** bars and placed labels, which reference labels keep clear of */
  taken: Box[];
  /** the highest point any label reaches (canvas px) */
  top: number;
}

/**
 * Where every value label goes (print-rules sizes them, labels.ts moves them apart), computed once the bars are
 * laid out. Labels of missing bars say 「无数据」 (or 「不适用」, missingValueLabel) at the foot of the empty slot. Exported for the tests, which check
 * on a real chart that no two labels meet and none leaves the picture.
 */
export function planLabels(chart: Chart<Kind>, spec: ChartSpec, fontFamily: string): LabelPlan {
  const fitPt = valueLabelFontPt(spec, plotWidthPt(spec, chart.width / PX_PER_PT));
  const size = Math.round((fitPt ?? LABEL_FONT_PT.min) * PX_PER_PT * 10) / 10;
  // when level labels cannot fit beside each other even at the smallest size, every label of the chart turns upright
  const vertical = fitPt === null;
  const { ctx, chartArea } = chart;
  ctx.save();
  ctx.font = `${size}px ${fontFamily}`;
  const below = labelsBelow(spec);
  const hasData = chartHasData(spec);
  const obstacles: Box[] = [];
  const requests: (LabelRequest & { text: string; colour: string })[] = [];
  const fixedLabels: LabelPlan['labels'] = [];
  spec.series.forEach((s, i) => {
    if (s.role === 'reference' || !chart.isDatasetVisible(i)) return;
    chart.getDatasetMeta(i).data.forEach((el, j) => {
      const v = s.values[j];
      const { x, y, base, width } = el.getProps(['x', 'y', 'base', 'width'], true) as {
        x: number;
        y: number;
        base?: number;
        width?: number;
      };
      if (!Number.isFinite(x)) return;
      if (v === null || v === undefined) {
        if (s.kind === 'bar' && hasData) {
          const text = missingValueLabel(s, j);
          const w = ctx.measureText(text).width;
          const box = { x0: x - w / 2, x1: x + w / 2, y0: chartArea.bottom - 3 - size, y1: chartArea.bottom - 3 };
          fixedLabels.push({ text, box, colour: '#8c8c8c' });
          obstacles.push(box);
        }
        return;
      }
      let own: number | undefined;
      if (s.kind === 'bar' && Number.isFinite(base) && Number.isFinite(width)) {
        own = obstacles.length;
        obstacles.push({ x0: x - width! / 2, x1: x + width! / 2, y0: Math.min(y, base!), y1: Math.max(y, base!) });
      }
      const text = formatValueLabel(spec, s, v);
      const tw = ctx.measureText(text).width + 2;
      if (vertical && s.kind === 'bar' && Number.isFinite(base) && Math.abs(base! - y) >= tw + 8) {
        // too many bars for level labels: the number turned upright, in white inside the bar's end
        const y0 = v >= 0 ? y + 4 : y - 4 - tw;
        fixedLabels.push({
          text,
          box: { x0: x - size / 2, x1: x + size / 2, y0, y1: y0 + tw },
          colour: '#ffffff',
          vertical,
        });
        return;
      }
      requests.push({
        x,
        y,
        width: vertical ? size + 1 : tw,
        height: vertical ? tw : size + 1,
        below: below[i]?.[j] ?? false,
        own,
        text,
        colour: LABEL_COLOUR,
      });
    });
  });
  ctx.restore();
  // ordered left to right, so a label moves out only for the one on its left
  const order = requests.map((_, k) => k).sort((a, b) => requests[a]!.x - requests[b]!.x);
  const placed = placeLabels(
    order.map((k) => requests[k]!),
    obstacles,
    { gap: spec.type === 'line' ? 6 : 3, maxRows: 4 },
  );
  const labels = [
    ...fixedLabels,
    ...placed.map((p, n) => ({
      text: requests[order[n]!]!.text,
      box: p.box,
      colour: requests[order[n]!]!.colour,
      vertical,
    })),
  ];
  const top = Math.min(chartArea.top, ...labels.map((l) => l.box.y0));
  return { size, labels, taken: [...obstacles, ...labels.map((l) => l.box)], top };
}

/**
 * Value labels, the unit above the value axis, 「无数据」 for a chart without any value, and the reference lines:
 * dashed across the whole plot (also with a single category), labelled where the label hits no bar and no value
 * label. Labels are planned after layout; if they reach above the picture, the top padding grows once and the
 * chart is laid out again, so nothing is cut.
 */
function annotations(spec: ChartSpec, fontFamily: string, padding: { top: number }): Plugin<Kind> {
  const plans = new WeakMap<Chart<Kind>, LabelPlan>();
  const grown = new WeakSet<Chart<Kind>>();
  return {
    id: 'qarAnnotations',
    afterUpdate(chart: Chart<Kind>) {
      const plan = planLabels(chart, spec, fontFamily);
      plans.set(chart, plan);
      const lack = Math.ceil(2 - plan.top);
      if (lack > 0 && !grown.has(chart)) {
        grown.add(chart);
        padding.top += lack;
        chart.update();
      }
    },
    afterDatasetsDraw(chart: Chart<Kind>) {
      const { ctx, chartArea } = chart;
      const plan = plans.get(chart) ?? planLabels(chart, spec, fontFamily);
      ctx.save();

      // the unit, horizontal, right-aligned over the value-axis ticks (never a rotated axis title)
      const unit = unitLabel(spec);
      const yScale = chart.scales.y;
      if (unit && yScale) {
        ctx.font = `${CHART_FONT_SIZES.axis}px ${fontFamily}`;
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        ctx.fillStyle = TEXT_COLOUR;
        ctx.fillText(unit, yScale.right - 6, chartArea.top - CHART_FONT_SIZES.axis * 0.6 - 2);
      }

      if (!chartHasData(spec)) {
        ctx.font = `${CHART_FONT_SIZES.axis}px ${fontFamily}`;
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        haloText(
          ctx,
          '无数据',
          (chartArea.left + chartArea.right) / 2,
          (chartArea.top + chartArea.bottom) / 2,
          '#8c8c8c',
        );
      }

      // the dashed reference lines, under the value labels (whose halo keeps them readable)
      const references: { s: (typeof spec.series)[number]; py: number }[] = [];
      spec.series.forEach((s, i) => {
        if (s.role !== 'reference' || !chart.isDatasetVisible(i) || !yScale) return;
        const value = s.values.find((v) => v !== null);
        if (value === undefined || value === null) return;
        const py = yScale.getPixelForValue(value);
        if (py < chartArea.top - 0.5 || py > chartArea.bottom + 0.5) return;
        ctx.strokeStyle = REFERENCE_COLOUR;
        ctx.lineWidth = 1.5;
        ctx.setLineDash([6, 4]);
        ctx.beginPath();
        ctx.moveTo(chartArea.left, py);
        ctx.lineTo(chartArea.right, py);
        ctx.stroke();
        ctx.setLineDash([]);
        references.push({ s, py });
      });

      ctx.font = `${plan.size}px ${fontFamily}`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      for (const l of plan.labels) {
        // a label sitting on a reference line gets a white plate, so the dashes do not strike it through
        if (references.some((r) => r.py > l.box.y0 - 1 && r.py < l.box.y1 + 1)) {
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(l.box.x0 - 1, l.box.y0, l.box.x1 - l.box.x0 + 2, l.box.y1 - l.box.y0);
        }
        if (l.vertical) {
          // reads bottom to top, as a turned number label does in Word
          ctx.save();
          ctx.translate((l.box.x0 + l.box.x1) / 2, (l.box.y0 + l.box.y1) / 2);
          ctx.rotate(-Math.PI / 2);
          ctx.textBaseline = 'middle';
          if (l.colour === '#ffffff') {
            ctx.fillStyle = l.colour;
            ctx.fillText(l.text, 0, 0);
          } else haloText(ctx, l.text, 0, 0, l.colour);
          ctx.restore();
        } else haloText(ctx, l.text, (l.box.x0 + l.box.x1) / 2, l.box.y0, l.colour);
      }

      // the reference labels, where they hit no bar and no value label
      const size = plan.size;
      const taken = [...plan.taken];
      references.forEach(({ s, py }) => {
        const w = ctx.measureText(s.label).width;
        // Candidate label places, best first: right end, left end, then the gaps between categories.
        const xs = [chartArea.right - 2 - w, chartArea.left + 2];
        const xScale = chart.scales.x;
        for (let k = spec.categories.length - 1; k >= 1 && xScale; k--) {
          xs.push((xScale.getPixelForTick(k - 1) + xScale.getPixelForTick(k)) / 2 - w / 2);
        }
        // beside the line first, then one or two lines further out, where the value labels leave room
        const spots = [0, 1, 2].flatMap((out) =>
          xs.flatMap((x) =>
            [true, false].map((top) => {
              const y = top ? py - 2 - out * (size + 2) : py + 2 + out * (size + 2);
              return { x, top, y, box: { x0: x, x1: x + w, y0: top ? y - size : y, y1: top ? y : y + size } };
            }),
          ),
        );
        const inside = spots.filter((p) => p.box.y0 >= chartArea.top && p.box.y1 <= chartArea.bottom);
        const hits = (p: (typeof spots)[number]) => taken.filter((b) => overlaps(p.box, b)).length;
        const spot = (inside.length ? inside : spots).reduce((best, p) => (hits(p) < hits(best) ? p : best));
        ctx.textAlign = 'left';
        ctx.textBaseline = spot.top ? 'bottom' : 'top';
        haloText(ctx, s.label, spot.x, spot.y, REFERENCE_COLOUR);
        taken.push(spot.box);
      });
      ctx.restore();
    },
  };
}

/** The preview's tooltip line for a bar or point: 「校舍建筑面积：12800.55」 (a reference line's label has its value). */
export function tooltipLabel(spec: ChartSpec, seriesIndex: number, category: number): string {
  const s = spec.series[seriesIndex];
  if (!s) return '';
  if (s.role === 'reference') return s.label;
  const v = s.values[category];
  return `${s.label}：${v === null || v === undefined ? missingValueLabel(s, category) : formatValueLabel(spec, s, v)}`;
}

/** The Chart.js configuration for a spec. A fresh object each call (Chart.js mutates what it is given). */
export function toChartJsConfig(spec: ChartSpec, opts: ChartJsOptions): QarChartConfig {
  const family = opts.fontFamily;
  let colourIndex = 0;
  const bars = chartJsBarPercentages(dataSeries(spec).filter((s) => s.kind === 'bar').length || 1);
  const datasets: ChartDataset<Kind, Value[]>[] = spec.series.map((s, i) => {
    if (s.role === 'reference') {
      // Drawn by the plugin; the dataset is kept (invisible) for the axis range.
      return {
        type: 'line',
        label: s.label,
        data: [...s.values],
        borderColor: REFERENCE_COLOUR,
        backgroundColor: REFERENCE_COLOUR,
        borderDash: [6, 4],
        borderWidth: 1.5,
        showLine: false,
        pointRadius: 0,
        pointHoverRadius: 0,
        pointStyle: 'line',
        order: 0,
      };
    }
    const colour = CHART_PALETTE[colourIndex++ % CHART_PALETTE.length]!;
    if (s.kind === 'bar') {
      return {
        type: 'bar',
        label: s.label,
        data: [...s.values],
        backgroundColor: colour,
        borderColor: colour,
        borderWidth: 0,
        maxBarThickness: 64,
        ...bars,
        pointStyle: 'rect',
        order: 10 + i,
      };
    }
    return {
      type: 'line',
      label: s.label,
      data: [...s.values],
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 2,
      pointRadius: 3.5,
      pointHoverRadius: 5,
      pointStyle: 'circle',
      tension: 0,
      spanGaps: false, // a missing year is a gap in the line, not a bridge
      order: 5 + i,
    };
  });

  const font = (size: number, weight: 'normal' | 'bold' = 'normal') => ({ family, size, weight });
  // room above the plot for the unit line and the labels of bars reaching the top (grown after layout if needed)
  const padding = {
    top: unitLabel(spec) ? CHART_FONT_SIZES.axis * 2 + 4 : CHART_FONT_SIZES.label + 4,
    right: 12,
    bottom: 4,
    left: 6,
  };

  return {
    type: spec.type,
    data: { labels: [...spec.categories], datasets },
    options: {
      responsive: false,
      maintainAspectRatio: false,
      animation: false,
      ...(opts.dpi ? { devicePixelRatio: opts.dpi / 96 } : {}),
      layout: { padding },
      color: TEXT_COLOUR,
      font: { family },
      plugins: {
        title: {
          display: (opts.showTitle ?? true) && spec.title !== '',
          text: spec.title,
          color: TEXT_COLOUR,
          font: font(CHART_FONT_SIZES.title, 'bold'),
          padding: { top: 4, bottom: 14 },
        },
        legend: {
          display: showLegend(spec),
          position: 'bottom',
          labels: {
            color: TEXT_COLOUR,
            font: font(CHART_FONT_SIZES.legend),
            usePointStyle: true,
            boxWidth: 8,
            boxHeight: 8,
            padding: 16,
            // reference lines are labelled on the line itself
            filter: (item) => spec.series[item.datasetIndex ?? -1]?.role !== 'reference',
            // legend in series order (data, comparison), not in drawing order
            sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
          },
        },
        tooltip: {
          enabled: true,
          titleFont: font(12, 'bold'),
          bodyFont: font(12),
          // the value as its label prints it (Chart.js's own is 12,800.55, grouped by the browser's locale)
          callbacks: { label: (item) => tooltipLabel(spec, item.datasetIndex, item.dataIndex) },
        },
      },
      scales: {
        x: {
          // half a category of space at both ends, so line points and their labels are not cut at the edges
          offset: true,
          grid: { display: false },
          border: { color: '#808080' },
          ticks: { color: TEXT_COLOUR, font: font(CHART_FONT_SIZES.axis) },
        },
        y: {
          min: spec.yMin,
          max: spec.yMax,
          beginAtZero: spec.yMin === 0,
          grid: { color: GRID_COLOUR },
          border: { display: false },
          ticks: {
            stepSize: spec.yStep,
            color: TEXT_COLOUR,
            font: font(CHART_FONT_SIZES.axis),
            callback: (v) => formatTick(spec, Number(v)),
          },
          // the unit is drawn horizontally above the ticks by the annotations plugin
          title: { display: false },
        },
      },
    },
    plugins: [whiteBackground, annotations(spec, family, padding)],
  };
}
