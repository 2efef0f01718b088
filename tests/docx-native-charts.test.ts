/**
 * Native, editable Word charts (core/docx/native-chart.ts) in the demo school's report: the chart parts carry the
 * spec's axis bounds, tick and label formats, the unit as a horizontal title at the top left, a legend only for
 * several series, and an embedded workbook holding the data (Word's 编辑数据). Then LibreOffice opens the .docx
 * plainly (no field or index update) and exports a PDF, read back with pdftotext -bbox: the value labels are
 * printed, whole, and no two of them overlap; 「万元」 is printed horizontally above the axis.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValueLabel, showLegend } from '../core/charts/print-rules';
import type { ChartSpec } from '../core/charts/spec';
import { exportReportDocx } from '../core/docx/export';
import { frameworkOf } from '../core/framework/resolve';
import { allItems } from '../core/report/model';
import { openWorkspace, writeExportAsWorkspace } from '../core/service';
import { roundTo } from '../core/values/round';
import { buildDemoExport } from '../seeds/demo/index';
import { REPO_ROOT } from './helpers/cli';
import { valueImportsFrom } from './helpers/imports';

const dir = mkdtempSync(join(tmpdir(), 'qar-native-charts-'));
let specs: ChartSpec[] = [];
let zip: JSZip;
let pngZip: JSZip;
let chartXml: string[] = [];
const pdfWords: { page: number; text: string; x0: number; y0: number; x1: number; y1: number }[] = [];

beforeAll(async () => {
  const qar = join(dir, 'demo.qar');
  writeExportAsWorkspace(buildDemoExport(), qar);
  const session = await openWorkspace(qar, { readonly: true });
  try {
    const ws = session.getWorkspace();
    const fw = frameworkOf(ws.framework);
    const native = await exportReportDocx(ws, fw, (id) => session.getAssetBytes(id));
    const png = await exportReportDocx(ws, fw, (id) => session.getAssetBytes(id), { charts: 'png' });
    specs = allItems(native.model).flatMap((i) => (i.kind === 'figure' && i.chart ? [i.chart] : []));
    zip = await JSZip.loadAsync(native.docx);
    pngZip = await JSZip.loadAsync(png.docx);
    const names = Object.keys(zip.files)
      .filter((f) => /^word\/charts\/chart\d+\.xml$/.test(f))
      .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
    chartXml = await Promise.all(names.map((f) => zip.file(f)!.async('string')));
    // LibreOffice, opened plainly: what a reader sees without updating anything
    const docx = join(dir, 'native.docx');
    writeFileSync(docx, native.docx);
    const profile = mkdtempSync(join(tmpdir(), 'qar-native-lo-'));
    try {
      execFileSync(
        'soffice',
        [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx],
        { stdio: 'ignore', timeout: 180_000 },
      );
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
    const html = execFileSync('pdftotext', ['-bbox', join(dir, 'native.pdf'), '-'], { encoding: 'utf8' });
    let page = 0;
    for (const line of html.split('\n')) {
      if (line.includes('<page ')) page++;
      const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
      if (m) pdfWords.push({ page, text: m[5]!, x0: +m[1]!, y0: +m[2]!, x1: +m[3]!, y1: +m[4]! });
    }
  } finally {
    session.close();
  }
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tag = (xml: string, name: string) => new RegExp(`<${name} val="([^"]*)"`).exec(xml)?.[1];

describe('native charts in the .docx', () => {
  it('are all seven demo charts, each with its own embedded workbook, and no chart picture', async () => {
    expect(specs).toHaveLength(7);
    expect(chartXml).toHaveLength(7);
    const workbooks = Object.keys(zip.files).filter((f) => /^word\/embeddings\/.+\.xlsx$/.test(f));
    expect(workbooks).toHaveLength(7);
    // only the 10 photos are pictures; the PNG option has 17
    const media = (z: JSZip) => Object.keys(z.files).filter((f) => f.startsWith('word/media/'));
    expect(media(zip)).toHaveLength(10);
    expect(media(pngZip)).toHaveLength(17);
    expect(Object.keys(pngZip.files).some((f) => f.startsWith('word/charts/'))).toBe(false);
  });

  it('hold the data in the workbook, as Word’s 编辑数据 shows it', async () => {
    const rels = await zip.file('word/charts/_rels/chart1.xml.rels')!.async('string');
    const target = /Target="\.\.\/embeddings\/([^"]+\.xlsx)"/.exec(rels)?.[1];
    expect(target).toBeDefined();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await zip.file(`word/embeddings/${target}`)!.async('arraybuffer')) as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const spec = specs[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(2).map(String);
    expect(header).toEqual(spec.series.map((s) => s.label));
    spec.categories.forEach((c, j) => {
      const row = sheet.getRow(j + 2).values as unknown[];
      expect(row[1]).toBe(c);
      // as the grid shows them: rounded to the series' decimals
      expect(row.slice(2)).toEqual(spec.series.map((s) => roundTo(s.values[j]!, s.decimals ?? spec.decimals)));
    });
  });

  it('set the axis bounds, the tick and label formats on purpose, and never turn a title', () => {
    chartXml.forEach((xml, k) => {
      const spec = specs[k]!;
      const valAx = /<c:valAx>[\s\S]*<\/c:valAx>/.exec(xml)?.[0] ?? '';
      expect(Number(tag(valAx, 'c:min'))).toBe(spec.yMin);
      expect(Number(tag(valAx, 'c:max'))).toBe(spec.yMax);
      expect(Number(tag(valAx, 'c:majorUnit'))).toBe(spec.yStep);
      const tickFormat = /<c:numFmt formatCode="([^"]*)"/.exec(valAx)?.[1]?.replace(/&quot;/g, '"');
      expect(tickFormat).toBe(spec.unit === '%' ? '0"%"' : '0');
      expect(xml).not.toContain('rot="-5400000"');
      // a legend only for several series
      expect(xml.includes('<c:legend>'), spec.title).toBe(showLegend(spec));
      // the unit as the chart's title, placed at the top left; none for percentages
      const title = /<c:chart><c:title>[\s\S]*?<\/c:title>/.exec(xml)?.[0];
      if (spec.yAxisLabel) {
        expect(title).toContain(`<a:t>${spec.yAxisLabel}</a:t>`);
        expect(title).toMatch(/<c:manualLayout><c:xMode val="edge"\/><c:yMode val="edge"\/><c:x val="0\.012"\/>/);
      } else expect(title).toBeUndefined();
      // value labels in the series' decimals
      expect(xml).toContain(spec.unit === '%' ? 'formatCode="0.00&quot;%&quot;"' : 'formatCode="0');
    });
  });
});

describe('native charts as LibreOffice prints them (plain open)', () => {
  it('print every value label whole, and no two labels on a page overlap', () => {
    for (const spec of specs) {
      for (const s of spec.series)
        for (const v of s.values) {
          if (v === null) continue;
          const text = formatValueLabel(spec, s, v);
          expect(
            pdfWords.some((w) => w.text === text),
            `label ${text} of 「${spec.title}」`,
          ).toBe(true);
        }
    }
    const labels = pdfWords.filter((w) => /^-?\d+(\.\d+)?%?$/.test(w.text));
    for (const [i, a] of labels.entries())
      for (const b of labels.slice(i + 1)) {
        if (a.page !== b.page) continue;
        const overlap = a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5;
        expect(overlap, `${a.text} and ${b.text} overlap on page ${a.page}`).toBe(false);
      }
  });

  it('print 「万元」 horizontally, above the highest tick of its axis', () => {
    const unit = pdfWords.find((w) => w.text === '万元');
    expect(unit).toBeDefined();
    expect(unit!.x1 - unit!.x0).toBeGreaterThan(unit!.y1 - unit!.y0); // two characters side by side
    const top = pdfWords.find((w) => w.page === unit!.page && w.text === '2000');
    expect(top).toBeDefined();
    expect(unit!.y1).toBeLessThanOrEqual(top!.y0 + 0.5);
  });

  it('keep the line chart honest: 90.43% → 90.98% on an axis from 40% to 100%', () => {
    const line = specs.find((s) => s.type === 'line' && s.title.includes('毕业去向落实率'))!;
    expect(line.series[0]!.values.map((v) => v?.toFixed(2))).toEqual(['90.43', '90.91', '90.98']);
    expect([line.yMin, line.yMax]).toEqual([40, 100]);
    const page = pdfWords.find((w) => w.text === '90.98%')!.page;
    const ticks = pdfWords.filter((w) => w.page === page && /^\d+%$/.test(w.text)).map((w) => w.text);
    expect(ticks).toEqual(expect.arrayContaining(['40%', '60%', '80%', '100%']));
  });
});

describe('a report of chart pictures', () => {
  it("does not load the native charts' writer (docx/charts, fflate): core/docx/write.ts imports it only on use", () => {
    const reached = valueImportsFrom('core/docx/write.ts');
    expect(reached).toContain('core/docx/chart-choice.ts'); // the walk works
    expect(reached).not.toContain('core/docx/native-chart.ts');
    const text = readFileSync(join(REPO_ROOT, 'core/docx/write.ts'), 'utf8');
    // a type from docx/charts is fine (the bundle drops it); a value import would load it
    expect(text).not.toMatch(/^import (?!type )[^;]*from '(docx\/charts|fflate)'/m);
    expect(text).toMatch(/await import\('\.\/native-chart'\)/);
  });
});
