/**
 * Every chart value label prints its own value as the rest of the report prints it (core/report/format
 * printedNumber, through print-rules formatValueLabel): in a series holding a typed 12800.55 beside a whole 12000
 * 平方米, the labels read 12000 and 12800.55 — as the 附表 prints them — in the editable Word chart (per-point number
 * formats), in the Word PNG (the strings Chart.js is asked to draw) and, opened plainly, in LibreOffice. A series of
 * whole values and a percent series keep one format for all their labels. A real .qar, real .docx bytes.
 * (The app's preview draws the same Chart.js configuration: tests/e2e/chart-labels.test.ts.)
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toChartJsConfig } from '../core/charts/chartjs';
import { formatValueLabel } from '../core/charts/print-rules';
import { createNodeChart } from '../core/charts/render-node';
import type { ChartSpec } from '../core/charts/spec';
import { exportReportDocx } from '../core/docx/export';
import { nativeChartSupport } from '../core/docx/native-chart';
import { frameworkOf } from '../core/framework/resolve';
import { allItems, type ReportModel } from '../core/report/model';
import { openWorkspace } from '../core/service';
import { makeTempDir } from './helpers/files';
import { buildFractionChartsQar, buildNotApplicableChartQar, FRACTION_CHARTS } from './helpers/fraction-charts';
import { renderPlain } from './helpers/plain-render';

const tmp = makeTempDir('qar-chart-labels-');
let native: { model: ReportModel; docx: Buffer };
let png: { model: ReportModel; docx: Buffer };

beforeAll(async () => {
  const qar = await buildFractionChartsQar(tmp.dir);
  const s = await openWorkspace(qar, { readonly: true });
  try {
    const ws = s.getWorkspace();
    const fw = frameworkOf(ws.framework);
    native = await exportReportDocx(ws, fw, (id) => s.getAssetBytes(id));
    png = await exportReportDocx(ws, fw, (id) => s.getAssetBytes(id), { charts: 'png' });
  } finally {
    s.close();
  }
}, 240_000);
afterAll(() => tmp.cleanup());

const specsOf = (m: ReportModel): ChartSpec[] =>
  allItems(m).flatMap((i) => (i.kind === 'figure' && i.chart ? [i.chart] : []));

/** The 附表's cells of an indicator, with % on a percent axis. */
function appendixCells(m: ReportModel, id: string): string[] {
  for (const t of m.appendix.tables) {
    const row = t.rows.find((r) => r.indicatorId === id);
    if (row) return row.values.map((v) => (id === 'retention_rate' ? `${v}%` : v));
  }
  throw new Error(`${id} not in the 附表`);
}

/** What each chart's labels must read, [chart][series]: the 附表's cells of the series' indicator. */
const expected = (m: ReportModel): string[][][] =>
  FRACTION_CHARTS.map((c) => c.indicators.map((id) => appendixCells(m, id)));

describe('the 附表 and the label text', () => {
  it('prints 12000 and 12800.55 for the area, the whole series whole, the rate with its two decimals', () => {
    expect(expected(native.model)).toEqual([
      [['12000', '12800.55']],
      [['12000', '12800.55']],
      [['12500', '12600']],
      [['96.00%', '97.50%']],
      [
        ['12500', '12600'],
        ['12000', '12800.55'],
      ],
      [['15.00:1', '14.37:1']],
    ]);
  });

  it('formatValueLabel gives each value of each chart the 附表’s text (one format per series labelled 12000.00)', () => {
    const labels = specsOf(native.model).map((spec) =>
      spec.series.map((s) => s.values.map((v) => formatValueLabel(spec, s, v!))),
    );
    expect(labels).toEqual(expected(native.model));
  });
});

const formatOf = (xml: string) => /<c:numFmt formatCode="([^"]*)"/.exec(xml)?.[1]?.replace(/&quot;/g, '"');

/** What Word and LibreOffice write for a value under the simple label formats: 0, 0.00, 0.00"%", 0.00":1". */
function shown(v: number, code: string): string {
  const m = /^0(?:\.(0+))?(?:"(%|:1)")?$/.exec(code);
  if (!m) throw new Error(`unexpected label format ${code}`);
  return v.toFixed(m[1]?.length ?? 0) + (m[2] ?? '');
}

/** Each series of a chart part: the labels its cached values print, and the labels with a format or place of their own. */
function nativeSeries(xml: string): { labels: string[]; own: string[]; kind: string }[] {
  const kind = /<c:(barChart|lineChart)>/.exec(xml)?.[1] ?? '';
  return [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(([, ser = '']) => {
    const dLbls = /<c:dLbls>([\s\S]*?)<\/c:dLbls>/.exec(ser)?.[1] ?? '';
    const formats = new Map<number, string>();
    const own: string[] = [];
    for (const [, d = ''] of dLbls.matchAll(/<c:dLbl>([\s\S]*?)<\/c:dLbl>/g)) {
      expect(d).toContain('<c:showVal val="1"/>');
      const idx = Number(/<c:idx val="(\d+)"\/>/.exec(d)?.[1]);
      formats.set(idx, formatOf(d) ?? '');
      own.push(`${idx} ${formatOf(d)} ${/<c:dLblPos val="(\w+)"/.exec(d)?.[1]}`);
    }
    const seriesFormat = formatOf(dLbls.replace(/<c:dLbl>[\s\S]*?<\/c:dLbl>/g, '')) ?? '';
    const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(ser)?.[1] ?? '';
    const labels = [...val.matchAll(/<c:pt idx="(\d+)">\s*<c:v>([^<]*)<\/c:v>/g)].map(([, idx, v]) =>
      shown(Number(v), formats.get(Number(idx)) ?? seriesFormat),
    );
    return { labels, own, kind };
  });
}

describe('the editable Word chart (default)', () => {
  it('labels each point with its own number format: 12000 beside 12800.55; whole and percent series unchanged', async () => {
    const zip = await JSZip.loadAsync(native.docx);
    const names = Object.keys(zip.files)
      .filter((f) => /^word\/charts\/chart\d+\.xml$/.test(f))
      .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
    expect(names).toHaveLength(FRACTION_CHARTS.length);
    const charts = await Promise.all(names.map(async (f) => nativeSeries(await zip.file(f)!.async('string'))));
    expect(charts.map((c) => c.map((s) => s.labels))).toEqual(expected(native.model));
    expect(charts.map((c) => c[0]?.kind)).toEqual(FRACTION_CHARTS.map((c) => `${c.chartType}Chart`));
    // only the whole 12000 beside the fraction needs a format of its own; one format serves the other series. In
    // the two-line chart the lower line at each year is labelled below its point, the whole 12000 there with its
    // own format as well
    expect(charts.map((c) => c.map((s) => s.own))).toEqual([
      [['0 0 outEnd']],
      [['0 0 t']],
      [[]],
      [[]],
      [['1 0 b'], ['0 0 b']],
      [[]],
    ]);
  });
});

describe('the Word PNG (--charts png)', () => {
  it('asks Chart.js to draw 12000 and 12800.55 (never 12000.00); the whole and percent series as before', async () => {
    const zip = await JSZip.loadAsync(png.docx);
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(FRACTION_CHARTS.length);
    expect(Object.keys(zip.files).some((f) => f.startsWith('word/charts/'))).toBe(false);
    const drawn = specsOf(png.model).map(drawnValueLabels);
    // drawn left to right: compare each chart's labels as a sorted list
    expect(drawn.map((d) => d.sort())).toEqual(expected(png.model).map((c) => c.flat().sort()));
  });
});

/**
 * The value labels the export's own drawing writes (render-node.ts: the same configuration, the caption under the
 * figure): they are drawn with a white halo (stroke, then fill); ticks and categories are only filled.
 */
function drawnValueLabels(spec: ChartSpec): string[] {
  const { chart } = createNodeChart(spec, { showTitle: false });
  try {
    const halo: string[] = [];
    const ctx = chart.ctx;
    const stroke = ctx.strokeText.bind(ctx);
    ctx.strokeText = (text: string, x: number, y: number, w?: number) => {
      halo.push(text);
      stroke(text, x, y, w);
    };
    chart.draw();
    return halo;
  } finally {
    chart.destroy();
  }
}

describe('LibreOffice, opening the editable charts plainly (no field update)', () => {
  it('prints the per-point labels: 12000 and 12800.55 in each chart of the area, no 12000.00 anywhere', () => {
    const r = renderPlain(native.docx);
    try {
      const lines = r.lines.flat().map((l) => l.text.trim());
      const count = (text: string) => lines.filter((l) => l === text).length;
      // three charts label the area, and the 附表 prints its cells (a tick of the line chart may read 12000 too)
      expect(count('12000')).toBeGreaterThanOrEqual(4);
      expect(count('12800.55')).toBeGreaterThanOrEqual(4);
      expect(lines.filter((l) => /12000\.0|12500\.0|12600\.0/.test(l))).toEqual([]);
      // the 附表's cell and the chart's label (the 附表 prints the rate without its %)
      for (const text of ['12500', '12600', '15.00:1', '14.37:1']) expect(count(text), text).toBeGreaterThanOrEqual(2);
      for (const text of ['96.00%', '97.50%']) expect(count(text), text).toBe(1);
    } finally {
      r.cleanup();
    }
  }, 240_000);
});

describe('a bar the school marked 「不适用」', () => {
  it('says 不适用 as the 附表 does (it said 无数据, as if the school had left the cell empty)', async () => {
    const qar = await buildNotApplicableChartQar(tmp.dir);
    const s = await openWorkspace(qar, { readonly: true });
    let out: { model: ReportModel; docx: Buffer };
    try {
      const ws = s.getWorkspace();
      out = await exportReportDocx(ws, frameworkOf(ws.framework), (id) => s.getAssetBytes(id));
    } finally {
      s.close();
    }
    expect(appendixCells(out.model, 'intl_students')).toEqual(['3', '不适用']);
    // a missing bar keeps the chart a picture (an editable chart would leave the slot empty, read as 0)
    const zip = await JSZip.loadAsync(out.docx);
    expect(Object.keys(zip.files).filter((f) => f.startsWith('word/media/'))).toHaveLength(1);
    const [spec] = specsOf(out.model);
    expect(nativeChartSupport(spec!, 600)).toEqual({ ok: false, reason: '有年份没有数值，柱形处须标注“不适用”' });
    expect(drawnValueLabels(spec!).sort()).toEqual(['3', '不适用']);
  }, 120_000);
});

describe('the preview’s tooltip (hovering a bar or point)', () => {
  it('says the value as its label does: 12000 and 12800.55, not Chart.js’s own 12,000 and 12,800.55', () => {
    const spec = specsOf(native.model)[0]!;
    const config = toChartJsConfig(spec, { fontFamily: 'sans-serif' });
    const label = config.options?.plugins?.tooltip?.callbacks?.label;
    expect(label).toBeTypeOf('function');
    const said = spec.series[0]!.values.map((v, j) =>
      (label as (item: unknown) => string)({ datasetIndex: 0, dataIndex: j, raw: v, formattedValue: String(v) }),
    );
    expect(said).toEqual(['校舍建筑面积：12000', '校舍建筑面积：12800.55']);
  });
});
