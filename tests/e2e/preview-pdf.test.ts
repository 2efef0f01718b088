/**
 * The paged preview and 导出 PDF in real Chromium against the browser host, on the demo school:
 * - the preview shows A4 sheets (cover, 目录 I–II, body pages 1…n) with page numbers, and each 目录 number is the
 *   page where that heading starts in the preview; screenshots at 1440×900 and 1093×614;
 * - 导出 PDF goes through LibreOffice here and says so; its 目录 numbers match its pages (pdftotext);
 * - with LibreOffice hidden (QAR_SOFFICE=''), the host prints the paged preview with Chromium: as many PDF pages
 *   as preview sheets, and the message says Chromium.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headingPageLabel, pageLabels, pdfPageCount, pdfPageTexts, tocEntries } from '../helpers/pdf';
import { type Browser, bootDemo, type Host, screenshot } from './harness';

async function openPreview(page: Page, host: Host): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('button', { name: '预览与导出' }).click();
  const state = page.locator('[data-paged="done"], [data-paged="error"]');
  await state.waitFor({ state: 'attached', timeout: 120_000 }).catch(async (e: unknown) => {
    // say where it stopped: measuring, sheets drawn, charts drawn, photos loading
    const where = await page.evaluate(
      () =>
        `paged=${[...document.querySelectorAll('[data-paged]')].map((e) => e.getAttribute('data-paged'))} ` +
        `view=${document.querySelector('main')?.getAttribute('data-view')} sheets=${document.querySelectorAll('.pp-sheet').length} ` +
        `charts=${document.querySelectorAll('.pp-pages .chart-slot').length} drawn=${document.querySelectorAll('.pp-pages [data-drawn="1"]').length} ` +
        `loading=${document.querySelectorAll('.img-loading, .chart-loading').length} text=${document.querySelector('.preview-scroll')?.textContent?.slice(0, 80)}`,
    );
    throw new Error(`${String(e)} — ${where}`);
  });
  expect(await state.getAttribute('data-paged'), (await state.textContent()) ?? '').toBe('done');
}

async function exportAs(page: Page, format: 'pdf' | 'docx'): Promise<string> {
  await page.getByTestId('export-format').selectOption(format);
  await expect.poll(() => page.getByLabel('导出文件路径').inputValue()).toMatch(new RegExp(`\\.${format}$`));
  await page.getByTestId('export').click();
  await expect
    .poll(() => page.getByTestId('export-result').textContent(), { timeout: 180_000 })
    .toMatch(/已导出|失败|需要|无法/);
  return (await page.getByTestId('export-result').textContent()) ?? '';
}

/** A browser host with the demo school (env: the host's environment), its preview open in Chromium. */
function demoPreview(env: Record<string, string> = {}): { page: () => Page } {
  let host: Host | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    // the host opens the demo as it starts (its own environment: with or without LibreOffice); the page goes
    // straight to 预览与导出, not through the grid
    ({ host, browser } = await bootDemo({ open: false, host: { args: ['--demo'], env } }));
    await openPreview(browser.page, host);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });
  return { page: () => browser!.page };
}

describe('paged preview (browser host + Chromium)', () => {
  const demo = demoPreview();
  let page: Page;
  beforeAll(() => {
    page = demo.page();
  });

  it('shows A4 sheets: cover, 目录 I–II, body pages numbered from 1 with the running header', async () => {
    const kinds = await page.locator('.pp-sheet').evaluateAll((els) => els.map((e) => e.getAttribute('data-page')));
    expect(kinds[0]).toBe('cover');
    const body = await page
      .locator('.pp-sheet[data-page="body"]')
      .evaluateAll((els) =>
        els.map((e) => ({ n: e.getAttribute('data-page-number'), footer: e.querySelector('.pp-footer')?.textContent })),
      );
    expect(body.length).toBeGreaterThanOrEqual(35);
    body.forEach((p, i) => {
      expect(p.n).toBe(String(i + 1));
      expect(p.footer).toBe(`— ${i + 1} —`);
    });
    const toc = await page.locator('.pp-sheet[data-page="toc"] .pp-footer').allTextContents();
    expect(toc).toEqual(['— I —', '— II —']);
    expect(await page.locator('.pp-sheet[data-page="body"] .pp-header').first().textContent()).toContain(
      '质量年度报告（2024年度）',
    );
    // A4 at 96 dpi: 210 × 297 mm
    const box = await page.locator('.pp-sheet').nth(3).boundingBox();
    expect(Math.round(box!.width)).toBe(794);
    expect(Math.round(box!.height)).toBe(1123);
    expect(await page.getByTestId('preview-pages').textContent()).toBe(String(kinds.length));
    // nothing runs past the text box into the footer
    const overflow = await page.locator('.pp-sheet .pp-body').evaluateAll((els) =>
      els.filter((b) => {
        const bottom = b.getBoundingClientRect().bottom;
        return [...b.children].some((c) => c.getBoundingClientRect().bottom > bottom + 12);
      }),
    );
    expect(overflow).toHaveLength(0);
  });

  it('shows the cover the Word file prints: 编制单位, 编制日期 and 编制依据 with their labels', async () => {
    // the Word cover (core/docx/write.ts coverContent) prints these lines; the preview (and the PDF Chromium prints
    // from it) showed a bare 「2024年12月」 and neither 编制单位 nor 编制依据
    const lines = await page.locator('.pp-cover > div').allTextContents();
    expect(lines).toEqual([
      '重庆示例职业技术学院',
      '质量年度报告',
      '（2024年度）',
      '编制单位：重庆示例职业技术学院',
      '编制日期：2024年12月',
      '编制依据：教职成司函〔2024〕29号',
    ]);
  });

  it('numbers every 目录 entry with the preview page where its heading starts', async () => {
    const entries = await page.locator('.pp-toc').evaluateAll((els) =>
      els.map((e) => ({
        anchor: e.querySelector('a')?.getAttribute('href')?.slice(1) ?? '',
        page: e.querySelector('.pp-toc-page')?.textContent ?? '',
      })),
    );
    expect(entries.length).toBe(39);
    for (const e of entries) {
      const at = await page
        .locator(`[id="${e.anchor}"]`)
        .evaluate((h) => h.closest('.pp-sheet')?.getAttribute('data-page-number') ?? '');
      expect(at, e.anchor).toBe(e.page);
    }
  });

  it('breaks case boxes and tables across pages like the Word document (boxes closed, 续表)', async () => {
    const split = await page.locator('.pp-para.cont').count();
    expect(split).toBeGreaterThan(0);
    // a continued table repeats its header under 「续…」
    const continued = await page.locator('.pp-tabcap', { hasText: /^续/ }).count();
    expect(continued).toBeGreaterThan(0);
  });

  it('looks right at 1440×900 and 1093×614 (screenshots)', async () => {
    await page.locator('.pp-sheet').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'preview-1440-cover');
    await page.locator('.pp-sheet[data-page="toc"]').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'preview-1440-toc');
    await page.locator('.pp-case-title').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'preview-1440-case');
    await page.setViewportSize({ width: 1093, height: 614 });
    await page.locator('.pp-sheet canvas').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'preview-1093-chart');
    await page.locator('.pp-tabcap', { hasText: /^续/ }).first().scrollIntoViewIfNeeded();
    await screenshot(page, 'preview-1093-table');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('exports a PDF through LibreOffice, says so, and its 目录 points at the right pages', async () => {
    const text = await exportAs(page, 'pdf');
    expect(text).toContain('已导出');
    expect(text).toContain('PDF 由LibreOffice 转换');
    const pdf = /已导出：(.+?\.pdf)/.exec(text)?.[1] ?? '';
    expect(existsSync(pdf)).toBe(true);
    const pages = pdfPageTexts(pdf);
    const labels = pageLabels(pages);
    const toc = tocEntries(pages, labels);
    expect(toc.length).toBe(39);
    for (const e of toc) expect(headingPageLabel(pages, labels, e.text), e.text).toBe(e.page);
    await screenshot(page, 'preview-exported-pdf');
  });
});

describe('PDF without LibreOffice: the paged preview printed by Chromium', () => {
  const demo = demoPreview({ QAR_SOFFICE: '' });
  let page: Page;
  beforeAll(() => {
    page = demo.page();
  });

  it('prints as many PDF pages as the preview has sheets, with the same page numbers, and says Chromium', async () => {
    const sheets = await page.locator('.pp-sheet').count();
    const text = await exportAs(page, 'pdf');
    expect(text).toContain('PDF 由Chromium 打印分页预览');
    const pdf = /已导出：(.+?\.pdf)/.exec(text)?.[1] ?? '';
    expect(pdfPageCount(pdf)).toBe(sheets);
    const pages = pdfPageTexts(pdf);
    const labels = pageLabels(pages);
    expect(labels.slice(0, 4)).toEqual(['', 'I', 'II', '1']);
    expect((pages[0] ?? '').replace(/\s+/g, '')).toContain('编制单位：重庆示例职业技术学院编制日期：2024年12月');
    const toc = tocEntries(pages, labels);
    expect(toc.length).toBe(39);
    for (const e of toc) expect(headingPageLabel(pages, labels, e.text), e.text).toBe(e.page);
  });

  it('lays out the preview in the chosen 报告版式 and prints that layout, not 公文版式', async () => {
    const official = await page.locator('.pp-sheet').count();
    const bodySize = () =>
      page
        .locator('.pp-sheet[data-page="body"] .pp-para')
        .first()
        .evaluate((e) => getComputedStyle(e).fontSize);
    const officialSize = await bodySize();
    await page.getByTestId('export-layout').selectOption('report');
    // re-laid out: the denser layout takes fewer pages, in a smaller body size
    await expect.poll(() => page.locator('.pp-sheet').count(), { timeout: 60_000 }).toBeLessThan(official);
    await page.locator('[data-paged="done"]').waitFor({ state: 'attached', timeout: 120_000 });
    const sheets = await page.locator('.pp-sheet').count();
    expect(await bodySize()).not.toBe(officialSize);
    const text = await exportAs(page, 'pdf');
    expect(text).toContain('PDF 由Chromium 打印分页预览');
    const pdf = /已导出：(.+?\.pdf)/.exec(text)?.[1] ?? '';
    expect(pdfPageCount(pdf)).toBe(sheets);
    await page.getByTestId('export-layout').selectOption('official');
  });
});
