import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Chart, registerables } from 'chart.js';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { canvasModule } from '../core/charts/canvas-module';
import { CHART_PARTS, createNodeChart, ensureChartFont, renderChartPng } from '../core/charts/render-node';
import { buildChartSpec, type ChartSpec } from '../core/charts/spec';
import { figuresOf } from '../core/docx/media';
import { QarError } from '../core/errors';
import { encodeOnWhitePng } from '../core/images';
import { buildReportModel } from '../core/report/build';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { chartBlock, fw, ws } from './charts-fixture';
import { chartHashes } from './helpers/chart-hashes';
import { REPO_ROOT } from './helpers/cli';

const barSpec: ChartSpec = {
  type: 'bar',
  title: '2022-2024年“双师型”教师比例',
  categories: ['2022年', '2023年', '2024年'],
  series: [{ label: '“双师型”教师比例', values: [55.1, 80, 61.59], kind: 'bar', role: 'data', decimals: 2 }],
  unit: '%',
  yAxisLabel: '',
  decimals: 2,
  yMin: 0,
  yMax: 100,
  yStep: 20,
  source: '',
  warnings: [],
};

async function decode(png: Buffer) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const px = (x: number, y: number) => {
    const i = (y * info.width + x) * 3;
    return [data[i]!, data[i + 1]!, data[i + 2]!];
  };
  return { data, info, px };
}

const near = (a: number[], b: number[], tol = 12) => a.every((v, i) => Math.abs(v - b[i]!) <= tol);
const BAR_BLUE = [0x1f, 0x4e, 0x79];

/** Pixels in rows [y0, y1) that differ between two same-size decoded images. */
function diffRows(a: Buffer, b: Buffer, width: number, y0: number, y1: number): number {
  let n = 0;
  for (let i = y0 * width * 3; i < y1 * width * 3; i++) if (a[i] !== b[i]) n++;
  return n;
}

describe('renderChartPng', () => {
  it('returns a PNG of print size × dpi/96 with a white background', async () => {
    const png = await renderChartPng(barSpec);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([Math.floor((600 * 250) / 96), Math.floor((340 * 250) / 96)]);
    const { px, info } = await decode(png);
    expect(px(0, 0)).toEqual([255, 255, 255]);
    expect(px(info.width - 1, info.height - 1)).toEqual([255, 255, 255]);
    // opaque: the white comes from the background plugin, not from flattening; stored without an alpha channel
    const meta2 = await sharp(png).metadata();
    expect([meta2.channels, meta2.hasAlpha]).toEqual([3, false]);
  });

  it('writes exactly the pixels the canvas drew (encoded by libvips, not Skia)', async () => {
    const png = await renderChartPng(barSpec);
    const { chart, canvas } = createNodeChart(barSpec);
    const skia = await canvas.encode('png');
    chart.destroy();
    const px = (b: Buffer) => sharp(b).ensureAlpha().raw().toBuffer();
    expect((await px(png)).equals(await px(skia))).toBe(true);
    expect(png.equals(skia)).toBe(false); // a different encoder, so the test would notice the old path
  });

  it('draws every chart on one canvas: the pixels of each are those of a chart on a canvas of its own, whatever came before, also when several are under way at once', async () => {
    const line: ChartSpec = {
      ...barSpec,
      type: 'line',
      series: [{ ...barSpec.series[0]!, kind: 'line', values: [12.5, null, 99] }],
    };
    const wide = { widthPx: 700, heightPx: 260, dpi: 220 };
    const specs: [ChartSpec, object][] = [
      [barSpec, {}],
      [line, wide],
      [{ ...barSpec, title: '' }, { dpi: 300 }],
      [line, {}],
    ];
    const alone = async (spec: ChartSpec, opts: object) => {
      const { chart, canvas } = createNodeChart(spec, { showTitle: false, ...opts });
      const png = await canvas.encode('png');
      chart.destroy();
      return sharp(png).removeAlpha().raw().toBuffer();
    };
    const raw = (png: Buffer) => sharp(png).removeAlpha().raw().toBuffer();
    const expected = await Promise.all(specs.map(([s, o]) => alone(s, o)));
    // all four started before the first is encoded: each was copied off the shared canvas before the next drew
    const together = await Promise.all(specs.map(([s, o]) => renderChartPng(s, { showTitle: false, ...o })));
    for (const [i, png] of together.entries()) expect((await raw(png)).equals(expected[i]!), `chart ${i}`).toBe(true);
    // a chart refused before it is drawn leaves the canvas as it was
    await expect(renderChartPng(barSpec, { dpi: 72 })).rejects.toBeInstanceOf(QarError);
    expect((await raw(await renderChartPng(line, { showTitle: false, ...wide }))).equals(expected[1]!)).toBe(true);
  });

  it('draws with only the Chart.js parts its charts use: every picture byte for byte as with all of Chart.js registered', async () => {
    const line: ChartSpec = {
      ...barSpec,
      type: 'line',
      series: [
        { ...barSpec.series[0]!, kind: 'line', values: [12.5, null, 99] },
        { ...barSpec.series[0]!, label: '全国平均', kind: 'line', role: 'compare', values: [50, 52, 54] },
        { ...barSpec.series[0]!, label: '国家标准', kind: 'line', role: 'reference', values: [60, 60, 60] },
      ],
    };
    const demo = buildReportModel(buildDemoExport(), demoFramework());
    const specs = [barSpec, line, ...figuresOf(demo).flatMap((f) => (f.chart ? [f.chart] : []))];
    expect(specs.length).toBeGreaterThan(5);
    const draw = () =>
      Promise.all(specs.flatMap((s) => [renderChartPng(s), renderChartPng(s, { showTitle: false, dpi: 300 })]));
    const ours = await draw();
    Chart.register(...registerables);
    try {
      const withAll = await draw();
      for (const [i, png] of ours.entries()) expect(png.equals(withAll[i]!), `picture ${i}`).toBe(true);
    } finally {
      Chart.unregister(...registerables);
      Chart.register(...CHART_PARTS);
    }
  });

  it('stores a chart as drawn on white: every pixel opaque, so dropping the alpha gives the flattened bytes', async () => {
    const demo = buildReportModel(buildDemoExport(), demoFramework());
    const specs = [barSpec, ...figuresOf(demo).flatMap((f) => (f.chart ? [f.chart] : []))];
    expect(specs.length).toBeGreaterThan(4);
    for (const [i, spec] of specs.entries()) {
      for (const opts of [{}, { showTitle: false, dpi: 300 }]) {
        const { chart, canvas } = createNodeChart(spec, opts);
        const px = canvas.data();
        const { width, height } = canvas;
        chart.destroy();
        let seeThrough = 0;
        for (let a = 3; a < px.length; a += 4) if (px[a] !== 255) seeThrough++;
        expect(seeThrough, `chart ${i}`).toBe(0);
        const dropped = await encodeOnWhitePng(px, width, height, { opaque: true });
        const flattened = await encodeOnWhitePng(px, width, height);
        expect(dropped?.equals(flattened!), `chart ${i}`).toBe(true);
        // and renderChartPng stores exactly these bytes
        expect((await renderChartPng(spec, opts)).equals(dropped!), `chart ${i}`).toBe(true);
      }
    }
  });

  it("draws without the system's fonts loaded, byte for byte as with them", async () => {
    const ours = await chartHashes();
    // loaded here without the scan, the switch put back as it was
    expect(process.env.DISABLE_SYSTEM_FONTS_LOAD).toBeUndefined();
    const families = canvasModule().GlobalFonts.families.map((f) => f.family);
    expect(families.length).toBeLessThan(5);
    // a child process that loads them (the switch set, but empty), drawing the same charts
    const child = spawnSync(
      join(REPO_ROOT, 'node_modules/.bin/tsx'),
      [join(REPO_ROOT, 'tests/helpers/chart-hashes.ts')],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, DISABLE_SYSTEM_FONTS_LOAD: '' },
        timeout: 120_000,
      },
    );
    expect(child.status, child.stderr).toBe(0);
    const theirs = JSON.parse(child.stdout) as { hashes: string[]; families: number };
    expect(theirs.families).toBeGreaterThan(families.length); // the system's fonts were loaded there
    expect(theirs.hashes.length).toBeGreaterThan(5);
    expect(ours).toEqual(theirs.hashes);
  }, 150_000);

  it('honours size and dpi options', async () => {
    const png = await renderChartPng(barSpec, { widthPx: 400, heightPx: 300, dpi: 300 });
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([1250, 937]);
    await expect(renderChartPng(barSpec, { dpi: 72 })).rejects.toBeInstanceOf(QarError);
  });

  it('paints bars in the palette blue, and none when every value is missing', async () => {
    const count = async (spec: ChartSpec) => {
      const { px, info } = await decode(await renderChartPng(spec));
      const row = Math.round(info.height * 0.6); // inside the plot, below every bar top (55 % of 100 and up)
      let n = 0;
      for (let x = 0; x < info.width; x++) if (near(px(x, row), BAR_BLUE)) n++;
      return n;
    };
    const withBars = await count(barSpec);
    // three bars, each tens of logical px wide × 2.6 device px
    expect(withBars).toBeGreaterThan(3 * 40);
    const empty = await count({ ...barSpec, series: [{ ...barSpec.series[0]!, values: [null, null, null] }] });
    expect(empty).toBe(0);
  });

  it('draws a dashed red reference line from a rule', async () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ referenceRuleId: 'national.student_teacher_ratio' }));
    const { px, info } = await decode(await renderChartPng(spec));
    let red = 0;
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x += 3) if (near(px(x, y), [0xc0, 0, 0], 30)) red++;
    expect(red).toBeGreaterThan(150);
  });

  it('draws Chinese glyphs, not empty boxes: different titles give different title pixels', async () => {
    const a = await decode(await renderChartPng({ ...barSpec, title: '人才培养质量' }));
    const b = await decode(await renderChartPng({ ...barSpec, title: '服务贡献情况' }));
    const none = await decode(await renderChartPng({ ...barSpec, title: '' }));
    const titleRows = Math.round(a.info.height * 0.08);
    // with a title vs without: the title band changes
    const vsEmpty = diffRows(a.data, none.data, a.info.width, 0, titleRows);
    expect(vsEmpty).toBeGreaterThan(1000);
    // two different strings of the same length: tofu boxes would be identical, real glyphs are not
    expect(diffRows(a.data, b.data, a.info.width, 0, titleRows)).toBeGreaterThan(1000);
  });

  it('renders a line chart with gaps and a comparison series', async () => {
    const spec = buildChartSpec(ws, fw, chartBlock({ indicators: ['grad_placement_rate'], chartType: 'line' }), {
      compare: { label: '中职', values: { 2022: 95.2, 2023: 94.1, 2024: 96.01 } },
      seriesLabel: '高职',
    });
    const { px, info } = await decode(await renderChartPng(spec));
    let blue = 0;
    let orange = 0;
    for (let y = 0; y < info.height; y++)
      for (let x = 0; x < info.width; x += 2) {
        const p = px(x, y);
        if (near(p, BAR_BLUE, 20)) blue++;
        if (near(p, [0xc5, 0x5a, 0x11], 20)) orange++;
      }
    expect(blue).toBeGreaterThan(100);
    expect(orange).toBeGreaterThan(100);
  });

  it('finds a CJK font on this machine', () => {
    const f = ensureChartFont();
    expect(existsSync(f.path)).toBe(true);
    expect(f.family).toMatch(/QAR CJK/);
  });
});

describe('renderChartPng without any CJK font', () => {
  afterEach(() => {
    vi.doUnmock('node:fs');
    vi.resetModules();
  });

  it('refuses with a Chinese message naming what to install', async () => {
    vi.resetModules();
    vi.doMock('node:fs', async (orig) => ({ ...(await orig<typeof import('node:fs')>()), existsSync: () => false }));
    const mod = await import('../core/charts/render-node');
    const err = await mod.renderChartPng(barSpec).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as QarError).code).toBe('NOT_FOUND');
    expect((err as Error).message).toMatch(/未找到可用的中文字体.*QAR_CJK_FONT/);
  });
});
