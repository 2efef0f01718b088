/**
 * ChartSpec -> PNG in Node, for the Word report: Chart.js 4 drawing on @napi-rs/canvas (prebuilt Skia, no
 * system libraries), with the same configuration as the renderer's preview (core/charts/chartjs.ts).
 *
 * The logical size is the print size in 96-dpi px (600 × 340 ≈ a 15.9 cm wide figure); the bitmap is that
 * times dpi/96, so text and lines stay sharp in print. A CJK font is registered by path, because Skia's own
 * font discovery differs per system and an unregistered face draws Chinese as empty boxes.
 */
import { existsSync } from 'node:fs';
import type { Canvas } from '@napi-rs/canvas';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartItem,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
} from 'chart.js';
import { QarError } from '../errors';
import { encodeOnWhitePng } from '../images';
import { canvasModule } from './canvas-module';
import { toChartJsConfig } from './chartjs';
import type { ChartSpec } from './spec';

export const DEFAULT_CHART_WIDTH_PX = 600;
export const DEFAULT_CHART_HEIGHT_PX = 340;
export const DEFAULT_CHART_DPI = 250;
const MIN_DPI = 200;
const MAX_DPI = 600;
/** The alias the chosen face is registered under. */
const FONT_ALIAS = 'QAR CJK';

export interface RenderChartOptions {
  /** logical (96-dpi) width, default 600 */
  widthPx?: number;
  /** logical (96-dpi) height, default 340 */
  heightPx?: number;
  /** output resolution, 200–600, default 250 */
  dpi?: number;
  /** draw the spec's title inside the picture (default true) */
  showTitle?: boolean;
}

/**
 * CJK faces, best first. Simplified-Chinese faces come before Noto's .ttc, whose first face is the Japanese
 * one (JP glyph forms for some hanzi). QAR_CJK_FONT overrides the list (a path to a .ttf/.otf/.ttc).
 */
export const CJK_FONT_CANDIDATES: readonly string[] = [
  // Linux
  '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf',
  '/usr/share/fonts/noto-cjk/NotoSansCJKsc-Regular.otf',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/wqy-microhei/wqy-microhei.ttc',
  '/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  // Windows
  'C:\\Windows\\Fonts\\msyh.ttc',
  'C:\\Windows\\Fonts\\msyh.ttf',
  'C:\\Windows\\Fonts\\simhei.ttf',
  'C:\\Windows\\Fonts\\simsun.ttc',
  // macOS
  '/System/Library/Fonts/PingFang.ttc',
  '/System/Library/Fonts/STHeiti Medium.ttc',
  '/System/Library/Fonts/STHeiti Light.ttc',
  '/System/Library/Fonts/Hiragino Sans GB.ttc',
  '/Library/Fonts/Arial Unicode.ttf',
];

let fontFamily: string | null = null;
let fontPath: string | null = null;

/** Registers the first CJK font found (once) and returns the CSS family list to draw with. */
export function ensureChartFont(): { family: string; path: string } {
  if (fontFamily && fontPath) return { family: fontFamily, path: fontPath };
  const override = process.env.QAR_CJK_FONT?.trim();
  const candidates = override ? [override, ...CJK_FONT_CANDIDATES] : CJK_FONT_CANDIDATES;
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const { GlobalFonts } = canvasModule();
    if (GlobalFonts.registerFromPath(path, FONT_ALIAS) && GlobalFonts.has(FONT_ALIAS)) {
      fontPath = path;
      fontFamily = `"${FONT_ALIAS}", sans-serif`;
      return { family: fontFamily, path };
    }
  }
  throw new QarError(
    'NOT_FOUND',
    '未找到可用的中文字体，无法生成图表。请安装“微软雅黑”“黑体”、Noto Sans CJK 或文泉驿微米黑字体，或用环境变量 QAR_CJK_FONT 指定字体文件路径。',
  );
}

let registered = false;
/**
 * Only the parts toChartJsConfig's charts use (bar and line charts on a category and a linear axis, legend, title):
 * every registered plugin is asked at each step of every chart, so the unused ones (tooltip, filler, decimation,
 * colours, subtitle) cost time for nothing, and the bundle leaves their code out. The pictures are byte for byte
 * those drawn with every part registered (tests/charts-render.test.ts).
 */
export const CHART_PARTS = [
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Title,
] as const;
function ensureChartJs(): void {
  if (registered) return;
  Chart.register(...CHART_PARTS);
  registered = true;
}

function sizeOption(v: number | undefined, fallback: number, min: number, max: number, what: string): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v < min || v > max) throw new QarError('BAD_INPUT', `${what}应在 ${min}–${max} 之间。`);
  return Math.round(v);
}

/**
 * A Chart.js chart drawn on a Node canvas at print size (the caller destroys it). `on`: a canvas to draw on
 * instead of a new one (no chart may be on it still); it is set to the logical size first, as a new one would be.
 */
export function createNodeChart(
  spec: ChartSpec,
  opts: RenderChartOptions = {},
  on?: Canvas,
): { chart: Chart<'bar' | 'line', (number | null)[], string>; canvas: Canvas; family: string } {
  const width = sizeOption(opts.widthPx, DEFAULT_CHART_WIDTH_PX, 100, 2000, '图表宽度');
  const height = sizeOption(opts.heightPx, DEFAULT_CHART_HEIGHT_PX, 80, 2000, '图表高度');
  const dpi = sizeOption(opts.dpi, DEFAULT_CHART_DPI, MIN_DPI, MAX_DPI, '图表分辨率');
  const { family } = ensureChartFont();
  ensureChartJs();
  let canvas: Canvas;
  if (on) {
    on.width = width;
    on.height = height;
    canvas = on;
  } else canvas = canvasModule().createCanvas(width, height);
  const config = toChartJsConfig(spec, { fontFamily: family, dpi, showTitle: opts.showTitle });
  // Chart.js takes a DOM canvas; @napi-rs/canvas offers the same getContext('2d') surface it uses in Node.
  const chart = new Chart(canvas as unknown as ChartItem, config);
  return { chart, canvas, family };
}

/**
 * The canvas renderChartPng draws every chart on, one after another. A canvas of its own per chart cost a new
 * print-size bitmap each time (2.5 MB, freed only when the garbage collector got to the canvas), which Skia
 * filled and the copy read fresh from the system: measured on a report's 10 charts, the pixels took 85–140 ms
 * this way and 10–33 ms on one canvas, with 6 500 → about 1 000 page faults, the same pixels byte for byte
 * (issue #16). Safe to share: a chart is drawn, copied out and destroyed in one synchronous stretch.
 */
let drawingCanvas: Canvas | undefined;

/** Draws a chart spec to a PNG (white background, bitmap = logical size × dpi/96). */
export async function renderChartPng(spec: ChartSpec, opts: RenderChartOptions = {}): Promise<Buffer> {
  drawingCanvas ??= canvasModule().createCanvas(1, 1);
  let drawn: ReturnType<typeof createNodeChart>;
  try {
    drawn = createNodeChart(spec, opts, drawingCanvas);
  } catch (e) {
    // a chart that failed half-built may still claim the canvas (Chart.js refuses a canvas in use): the next
    // chart gets a new one
    drawingCanvas = undefined;
    throw e;
  }
  const { chart, canvas } = drawn;
  const { width, height } = canvas;
  let pixels: Buffer;
  let ownPng: Buffer | undefined;
  try {
    // canvas.data() is a copy of the pixels: the encoder's input outlives the next chart drawn on this canvas
    pixels = canvas.data();
    // not the layout encodeOnWhitePng expects: the canvas's own encoder, while the chart is still on it
    if (pixels.length !== width * height * 4) ownPng = canvas.encodeSync('png');
  } finally {
    chart.destroy();
  }
  // encodeOnWhitePng gives null only for pixels of another layout, handled above; opaque: drawn on the white
  // background toChartJsConfig's charts all paint first (tests/charts-render.test.ts compares with flattening)
  return ownPng ?? ((await encodeOnWhitePng(pixels, width, height, { opaque: true })) as Buffer);
}
