/**
 * The report as a reader sees it: LibreOffice opens the .docx (updating the TOC field), exports a PDF, and
 * pdftotext reads it back. Uses the shared fonts.conf that maps 黑体/仿宋/宋体/楷体 to Noto CJK.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartPng } from '../core/charts/render-node';
import { writeReportDocx } from '../core/docx/write';
import { buildReportModel } from '../core/report/build';
import { allItems, type ReportModel } from '../core/report/model';
import { fixtureFramework, fixturePhotoBytes, fixtureWorkspace } from './report-fixture';

const TOOLS = '/work/shared/tools';
const dir = mkdtempSync(join(tmpdir(), 'qar-docx-render-'));

/** Removes all whitespace: pdftotext splits and spaces CJK lines freely. */
const flat = (s: string) => s.replace(/\s+/g, '');

describe('report docx rendered by LibreOffice', () => {
  let model: ReportModel;
  let text = '';
  let pages = 0;

  beforeAll(async () => {
    model = buildReportModel(fixtureWorkspace(), fixtureFramework());
    const docx = await writeReportDocx(model, {
      assetBytes: fixturePhotoBytes,
      renderChart: (spec, size) => renderChartPng(spec, { ...size, showTitle: false }),
    });
    const input = join(dir, 'report.docx');
    const pdf = join(dir, 'report.pdf');
    writeFileSync(input, docx);
    execFileSync('/usr/bin/python3', [join(TOOLS, 'lo_convert.py'), input, pdf], {
      env: { ...process.env, FONTCONFIG_FILE: join(TOOLS, 'fonts.conf') },
      stdio: 'pipe',
      timeout: 90_000,
    });
    expect(existsSync(pdf)).toBe(true);
    text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has a sane page count (cover, TOC, one page or more per chapter, appendix)', () => {
    expect(pages).toBeGreaterThanOrEqual(2 + model.chapters.length + 1);
    expect(pages).toBeLessThanOrEqual(20);
  });

  it('shows every chapter heading, section heading and caption, in order', () => {
    const body = flat(text);
    // skip the cover and the table of contents: start from the 前言 heading's second occurrence
    const start = body.indexOf(flat('前 言'), body.indexOf(flat('附表')));
    expect(start).toBeGreaterThan(0);
    const wanted = [
      ...model.chapters.flatMap((c) => [
        c.heading,
        ...c.sections.flatMap((s) => [
          ...(s.heading ? [s.heading] : []),
          ...s.items.flatMap((i) =>
            i.kind === 'figure' || i.kind === 'table'
              ? [i.captionLine]
              : i.kind === 'challenge'
                ? [i.heading]
                : i.kind === 'case'
                  ? [i.label]
                  : [],
          ),
        ]),
      ]),
      model.appendix.heading,
      ...model.appendix.tables.map((t) => t.captionLine),
    ];
    let at = start;
    for (const w of wanted) {
      const i = body.indexOf(flat(w), at);
      expect(i, `「${w}」 missing or out of order`).toBeGreaterThanOrEqual(at);
      at = i + 1;
    }
  });

  it('has a filled table of contents with page numbers', () => {
    const lines = text.split('\n').map((l) => l.trim());
    const tocLine = lines.find((l) => flat(l).startsWith(flat('2 人才培养')) && /\d+$/.test(l));
    expect(tocLine).toBeDefined();
  });

  it('prints the data-source line under every chart and the values of the appendix', () => {
    const body = flat(text);
    for (const f of allItems(model))
      if (f.kind === 'figure' && f.sourceLine) expect(body).toContain(flat(f.sourceLine));
    expect(body).toContain('4000.85');
    expect(body).toContain('—');
  });
});
