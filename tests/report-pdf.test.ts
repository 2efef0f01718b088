/**
 * `qar report FILE.qar --out X.pdf`: the real CLI converts the demo school's report through LibreOffice (private
 * profile, TOC and fields updated), and the PDF is read back with poppler: page count, text, and every 目录 entry
 * pointing at the page where its heading is printed. Without LibreOffice and without a Chromium the CLI says in
 * Chinese what PDF needs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSoffice } from '../core/pdf/libreoffice';
import { PDF_NEEDS_ENGINE } from '../core/pdf/report-pdf';
import { runCli } from './helpers/cli';
import { makeTempDir } from './helpers/files';
import { headingPageLabel, pageLabels, pdfPageCount, pdfPageTexts, tocEntries } from './helpers/pdf';

const tmp = makeTempDir('qar-report-pdf-');
const qar = join(tmp.dir, 'demo.qar');
const pdf = join(tmp.dir, '报告.pdf');
let stdout = '';

beforeAll(() => {
  expect(runCli(['demo', '--out', qar]).code).toBe(0);
  const r = runCli(['report', qar, '--out', pdf], { timeoutMs: 240_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  stdout = r.stdout;
}, 300_000);
afterAll(() => tmp.cleanup());

describe('qar report --out X.pdf (LibreOffice)', () => {
  it('finds LibreOffice here and says it made the PDF', () => {
    expect(findSoffice()).not.toBeNull();
    expect(stdout).toMatch(/^已生成报告：.*报告\.pdf/);
    expect(stdout).toContain('PDF 由LibreOffice 转换');
    expect(stdout).not.toContain('目录页码未能刷新');
    expect(stdout).toMatch(/图表 7 幅：可编辑图表 7 幅/);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('has the cover, a two-page 目录 numbered I–II and body pages numbered from 1, with the report text', () => {
    const pages = pdfPageTexts(pdf);
    expect(pages.length).toBe(pdfPageCount(pdf));
    expect(pages.length).toBeGreaterThanOrEqual(40);
    expect(pages.length).toBeLessThanOrEqual(60);
    const labels = pageLabels(pages);
    expect(labels[0]).toBe('');
    expect(labels.slice(1, 3)).toEqual(['I', 'II']);
    const body = labels.slice(3);
    expect(body.map(Number)).toEqual(body.map((_, i) => i + 1));
    const all = pages.join('').replace(/\s+/g, '');
    expect(all).toContain('重庆示例职业技术学院');
    expect(all).toContain('图2-22022-2024年学校在校生满意度');
    // chart value labels are text in the PDF (native charts drawn by LibreOffice)
    expect(all).toContain('95.86%');
  });

  it('prints every 目录 entry with the page its heading is on', () => {
    const pages = pdfPageTexts(pdf);
    const labels = pageLabels(pages);
    const toc = tocEntries(pages, labels);
    expect(toc.length).toBe(39); // 前言, 8 chapters, 26 sections, 3 challenges, 附表
    for (const e of toc) expect(headingPageLabel(pages, labels, e.text), e.text).toBe(e.page);
  });

  it('refuses in Chinese when neither LibreOffice nor a Chromium is there, leaving no file', () => {
    const out = join(tmp.dir, '无引擎.pdf');
    const r = runCli(['report', qar, '--out', out], {
      env: { QAR_SOFFICE: '', QAR_CHROMIUM: '' },
      timeoutMs: 120_000,
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(PDF_NEEDS_ENGINE);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown --charts value and a wrong extension', () => {
    const a = runCli(['report', qar, '--charts', 'svg', '--out', join(tmp.dir, 'x.docx')]);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--charts 应为 native.*或 png/);
    const b = runCli(['report', qar, '--out', join(tmp.dir, 'x.odt')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/\.docx 或 \.pdf 结尾/);
  });
});
