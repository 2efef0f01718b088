/**
 * ChartSpec -> Chart.js configuration, with the official-report look: muted colours, values written on the
 * bars, legend at the bottom, a Chinese font, no animation, a white background.
 *
 * The renderer's preview (browser canvas) and the Word PNGs (core/charts/render-node.ts) both call this, so the
 * same spec draws the same picture. Pure: only type imports from chart.js; the plugins are written here rather
 * than pulled from npm (chartjs-plugin-datalabels, annotation) to keep one small, predictable drawing path.
 */
import type { Chart, ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import { type ChartSpec, formatChartNumber } from './spec';

/** Dark blue, burnt orange, grey, olive green, ochre, mid blue, brown, purple: print well in colour and grey. */
export const CHART_PALETTE = ['#1f4e79', '#c55a11', '#7f7f7f', '#548235', '#bf9000', '#2e75b6', '#843c0c', '#7030a0'];
export const REFERENCE_COLOUR = '#c00000';
const TEXT_COLOUR = '#262626';
const LABEL_COLOUR = '#404040';
const GRID_COLOUR = '#d9d9d9';

/** Font stack for the browser preview (Windows, macOS, Linux CJK faces in that order). */
export const PREVIEW_FONT_FAMILY =
  '"Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

/** Font sizes in logical (96-dpi) px: at the 600 px print width these are about 10–11 pt. */
export const CHART_FONT_SIZES = { title: 15, axis: 13, legend: 13, label: 12 } as const;

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

function decimalsOf(step: number): number {
  const text = String(step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(4, text.length - dot - 1);
}

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

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Text with a white halo, so a label stays readable where it crosses a grid or reference line. */
function haloText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, colour: string): void {
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#ffffff';
  ctx.strokeText(text, x, y);
  ctx.fillStyle = colour;
  ctx.fillText(text, x, y);
}

/**
 * Values written above bars and line points (with the series' decimals, % for percent), 「无数据」 where a bar
 * has no value, then the reference lines: dashed across the whole plot (also with a single category) and
 * labelled where the label hits no bar and no value label.
 */
function annotations(spec: ChartSpec, fontFamily: string): Plugin<Kind> {
  return {
    id: 'qarAnnotations',
    afterDatasetsDraw(chart: Chart<Kind>) {
      const { ctx, chartArea } = chart;
      const size = CHART_FONT_SIZES.label;
      const taken: Box[] = [];
      ctx.save();

      // first pass: the dashed reference lines, under the value labels (whose halo keeps them readable)
      const y = chart.scales.y;
      const references: { s: (typeof spec.series)[number]; py: number }[] = [];
      spec.series.forEach((s, i) => {
        if (s.role !== 'reference' || !chart.isDatasetVisible(i) || !y) return;
        const value = s.values.find((v) => v !== null);
        if (value === undefined || value === null) return;
        const py = y.getPixelForValue(value);
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
      ctx.font = `${size}px ${fontFamily}`;
      ctx.textAlign = 'center';

      const visible = spec.series.map((s, i) => s.role !== 'reference' && chart.isDatasetVisible(i));
      // Where several line series meet at one category, the lowest value is labelled below its point.
      const lowestAt = spec.categories.map((_, j) => {
        let low = -1;
        let count = 0;
        spec.series.forEach((s, i) => {
          const v = s.values[j];
          if (!visible[i] || s.kind !== 'line' || v === null || v === undefined) return;
          count++;
          if (low < 0 || v < (spec.series[low]!.values[j] as number)) low = i;
        });
        return count > 1 ? low : -1;
      });

      spec.series.forEach((s, i) => {
        if (!visible[i]) return;
        chart.getDatasetMeta(i).data.forEach((el, j) => {
          const v = s.values[j];
          const { x, y, base, width } = el.getProps(['x', 'y', 'base', 'width'], true) as {
            x: number;
            y: number;
            base?: number;
            width?: number;
          };
          if (s.kind === 'bar' && Number.isFinite(base) && Number.isFinite(width) && v !== null && v !== undefined) {
            taken.push({ x0: x - width! / 2, x1: x + width! / 2, y0: Math.min(y, base!), y1: Math.max(y, base!) });
          }
          if (v === null || v === undefined) {
            if (s.kind === 'bar' && Number.isFinite(x)) {
              ctx.textBaseline = 'bottom';
              haloText(ctx, '无数据', x, chartArea.bottom - 3, '#8c8c8c');
            }
            return;
          }
          const below = v < 0 || lowestAt[j] === i;
          const gap = s.kind === 'line' ? 7 : 3;
          const text = formatChartNumber(v, s.decimals ?? spec.decimals, spec.unit);
          const ty = below ? y + gap : y - gap;
          const w = ctx.measureText(text).width;
          const box = { x0: x - w / 2, x1: x + w / 2, y0: below ? ty : ty - size, y1: below ? ty + size : ty };
          // a label sitting on a reference line gets a white plate, so the dashes do not strike it through
          if (references.some((r) => r.py > box.y0 - 1 && r.py < box.y1 + 1)) {
            ctx.fillStyle = '#ffffff';
            ctx.fillRect(box.x0 - 2, box.y0, w + 4, size);
          }
          ctx.textBaseline = below ? 'top' : 'bottom';
          haloText(ctx, text, x, ty, LABEL_COLOUR);
          taken.push(box);
        });
      });

      // second pass: the reference labels, where they hit no bar and no value label
      references.forEach(({ s, py }) => {
        const w = ctx.measureText(s.label).width;
        // Candidate label places, best first: right end, left end, then the gaps between categories.
        const xs = [chartArea.right - 2 - w, chartArea.left + 2];
        const xScale = chart.scales.x;
        for (let k = spec.categories.length - 1; k >= 1 && xScale; k--) {
          xs.push((xScale.getPixelForTick(k - 1) + xScale.getPixelForTick(k)) / 2 - w / 2);
        }
        const spots = xs.flatMap((x) =>
          [true, false].map((top) => ({
            x,
            top,
            box: { x0: x, x1: x + w, y0: top ? py - 2 - size : py + 2, y1: top ? py - 2 : py + 2 + size },
          })),
        );
        const spot = spots.find((p) => !taken.some((b) => overlaps(p.box, b))) ?? spots[0]!;
        ctx.textAlign = 'left';
        ctx.textBaseline = spot.top ? 'bottom' : 'top';
        haloText(ctx, s.label, spot.x, spot.top ? py - 2 : py + 2, REFERENCE_COLOUR);
        taken.push(spot.box);
      });
      ctx.restore();
    },
  };
}

/** The Chart.js configuration for a spec. A fresh object each call (Chart.js mutates what it is given). */
export function toChartJsConfig(spec: ChartSpec, opts: ChartJsOptions): QarChartConfig {
  const family = opts.fontFamily;
  let colourIndex = 0;
  const datasets: ChartDataset<Kind, Value[]>[] = spec.series.map((s, i) => {
    if (s.role === 'reference') {
      // Drawn by the plugin; the dataset is kept (invisible) for the legend entry and the axis range.
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
        maxBarThickness: 56,
        categoryPercentage: 0.62,
        barPercentage: 0.86,
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

  const tickDecimals = decimalsOf(spec.yStep);
  const font = (size: number, weight: 'normal' | 'bold' = 'normal') => ({ family, size, weight });

  return {
    type: spec.type,
    data: { labels: [...spec.categories], datasets },
    options: {
      responsive: false,
      maintainAspectRatio: false,
      animation: false,
      ...(opts.dpi ? { devicePixelRatio: opts.dpi / 96 } : {}),
      // room above the plot for labels of bars that reach the top of the axis
      layout: { padding: { top: 6, right: 12, bottom: 4, left: 6 } },
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
          display: true,
          position: 'bottom',
          labels: {
            color: TEXT_COLOUR,
            font: font(CHART_FONT_SIZES.legend),
            usePointStyle: true,
            boxWidth: 8,
            boxHeight: 8,
            padding: 16,
            // legend in series order (data, comparison, reference), not in drawing order
            sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
          },
        },
        tooltip: { enabled: true, titleFont: font(12, 'bold'), bodyFont: font(12) },
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
            callback: (v) => formatChartNumber(Number(v), tickDecimals, spec.unit),
          },
          title: {
            display: spec.yAxisLabel !== '',
            text: spec.yAxisLabel,
            color: TEXT_COLOUR,
            font: font(CHART_FONT_SIZES.axis),
          },
        },
      },
    },
    plugins: [whiteBackground, annotations(spec, family)],
  };
}
