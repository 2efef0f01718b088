/**
 * The newcomer's journey in real Chromium against the browser host: open the demo school, break a national
 * standard and see the finding appear, fix it and see it go, paste a 3×4 block from Excel, undo it, write a
 * 【案例】 with a photo (and see a bad image refused in Chinese), preview, export the .docx and open it in
 * LibreOffice. Screenshots of each screen go to artifacts/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, bootDemo, type Host, ROOT, screenshot } from './harness';

const YEAR = 2024; // the demo school's report year
const CASE_TITLE = '校企共建智能制造产业学院，助力区域产业升级';
const PHOTO = join(ROOT, 'seeds/demo/images/workshop.jpg');

let host: Host;
let browser: Browser;
let page: Page;

const cell = (id: string, year = YEAR) => page.locator(`td[data-cell="${id}|${year}"]`);

async function typeInto(id: string, text: string, year = YEAR): Promise<void> {
  await cell(id, year).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toBe('已保存');
}

describe('newcomer journey (browser host + Chromium)', () => {
  beforeAll(async () => {
    // not opened: the journey starts on the start page and opens the demo from there (its own tests)
    ({ host, browser, page } = await bootDemo({ open: false }));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('start page offers the demo, new, open and recent', async () => {
    await page.goto(host.url);
    await expect.poll(() => page.getByRole('button', { name: '打开示例学校' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('heading', { name: '新建工作区' }).isVisible()).toBe(true);
    // the browser host suggests a path in its output folder
    // (filled once the host has answered: wait for it, a loaded machine answers late)
    await expect
      .poll(() => page.getByLabel('保存位置').inputValue(), { timeout: 15_000 })
      .toMatch(new RegExp(`^${host.outDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    await screenshot(page, '01-start');
  });

  it('opens the demo school into the data grids', async () => {
    await page.getByRole('button', { name: '打开示例学校' }).click();
    await page.getByTestId('grid').waitFor();
    await expect.poll(() => cell('grad_total').textContent()).toBe('3725');
    // derived indicators are computed and read-only
    await expect.poll(() => cell('grad_placed').getAttribute('class')).toContain('ro');
    await saved();
    await screenshot(page, '02-data-grid');
  });

  it('a value that breaks a national standard raises a finding; fixing it clears it', async () => {
    await page.locator('[data-table="resources"]').click();
    const before = (await cell('counselors').textContent())?.trim() ?? '';
    expect(Number(before)).toBeGreaterThan(0);
    const finding = page.locator('.finding[data-rule="national.counselors"]');
    expect(await finding.count()).toBe(0);

    await typeInto('counselors', '2');
    await expect.poll(() => finding.count(), { timeout: 5000 }).toBe(1);
    await expect.poll(() => cell('counselors').getAttribute('class')).toContain('f-warning');
    await screenshot(page, '03-finding');

    // the citation is one click away
    await finding.getByRole('button', { name: '依据' }).click();
    await expect.poll(() => finding.locator('.citation').textContent()).toMatch(/《.+》/);

    // clicking the finding selects its cell
    await page.locator('[data-table="scorecard"]').click();
    await finding.locator('.finding-main').click();
    await expect.poll(() => cell('counselors').getAttribute('class')).toContain('sel');

    await typeInto('counselors', before);
    await expect.poll(() => finding.count(), { timeout: 5000 }).toBe(0);
    await saved();
  });

  it('text in a number cell is refused with a Chinese message and not saved', async () => {
    const before = await cell('teachers_ideology').textContent();
    await typeInto('teachers_ideology', '三十七');
    await expect.poll(() => page.locator('.cell-error').textContent()).toContain('不是数字');
    await page.keyboard.press('Escape');
    expect(await cell('teachers_ideology').textContent()).toBe(before);
  });

  it('pastes a 3×4 block from Excel as one change, with history, and undoes it', async () => {
    await page.locator('[data-table="satisfaction"]').click();
    const before = await cell('sat_graduates', 2022).textContent();
    await cell('sat_graduates', 2022).click();
    const block = '95.1\t95.6\t96.2\n94.0\t94.8\t95.3\n92.5\t93.1\t93.9\n90.2\t91.0\t91.8\n';
    await page.getByTestId('grid').evaluate((el, text) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, block);
    await expect.poll(() => cell('sat_graduates', 2022).textContent()).toBe('95.10');
    await expect.poll(() => cell('sat_employers', 2024).textContent()).toBe('91.80');
    await saved();
    await page.getByTestId('history-toggle').click();
    await expect.poll(() => page.getByTestId('history').textContent()).toContain('粘贴');
    await screenshot(page, '04-paste-history');

    await cell('sat_graduates', 2022).click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => cell('sat_graduates', 2022).textContent()).toBe(before);
    await page.keyboard.press('Control+y');
    await expect.poll(() => cell('sat_graduates', 2022).textContent()).toBe('95.10');
    await saved();
    await page.getByRole('button', { name: '校验结果' }).click();
  });

  it('writes a 【案例】 with a photo; a bad image is refused in Chinese', async () => {
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.locator('.chapter-link', { hasText: '人才培养' }).click();
    const section = page.locator('.section-part').first();
    await section.locator('.add-bar').getByRole('button', { name: '【案例】' }).click();
    const card = section.locator('.block-card[data-kind="case"]').last();
    await card.waitFor();
    await card.getByLabel('案例标题').fill(CASE_TITLE);
    await card
      .getByLabel('案例正文')
      .fill('学校联合区域龙头企业共建智能制造产业学院，共同制定人才培养方案，共建实训基地。');

    await card.getByTestId('case-photo-input').setInputFiles({
      name: '坏图片.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('这不是一张图片'),
    });
    await expect.poll(() => card.locator('.field-error').textContent(), { timeout: 10_000 }).toMatch(/[\u4e00-\u9fff]/);

    await card.getByTestId('case-photo-input').setInputFiles(PHOTO);
    await card.locator('.case-photo img').waitFor({ timeout: 15_000 });
    await card.getByLabel('第 1 张图的图题').fill('学生在产业学院实训车间参加技能训练');
    await card.getByLabel('案例正文').blur();
    await saved();
    await expect.poll(() => card.getByTestId('case-count').textContent()).toMatch(/^\d+ \/ 1000 字/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, '05-writing-case');
  });

  let docx = '';
  it('previews the report as pages and exports the .docx', async () => {
    await page.getByRole('button', { name: '预览与导出' }).click();
    // the paged preview measures, breaks pages, then draws charts and photos: wait until it says done
    await page.locator('[data-paged="done"]').waitFor({ state: 'attached', timeout: 90_000 });
    expect(await page.locator('.pp-sheet .pp-case-title', { hasText: CASE_TITLE }).count()).toBe(1);
    await expect.poll(() => page.locator('.pp-cover').textContent()).toContain('质量年度报告');
    // chart figures are drawn live from the same spec the Word export uses
    await expect.poll(() => page.locator('.pp-sheet canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(page, '06-preview');
    await page.locator('.pp-case-title', { hasText: CASE_TITLE }).scrollIntoViewIfNeeded();
    await screenshot(page, '07-preview-case');

    const path = await page.getByLabel('导出文件路径').inputValue();
    expect(path.endsWith('.docx')).toBe(true);
    // 报告版式: denser body (小四 = 24 half-points), checked in the written file below
    await page.getByTestId('export-layout').selectOption('report');
    await screenshot(page, '08-export-layout');
    await page.getByTestId('export').click();
    await expect.poll(() => page.getByTestId('export-result').textContent(), { timeout: 90_000 }).toContain('已导出');
    // 「已导出：PATH（图表 7 幅：可编辑图表 7 幅）」
    docx = /已导出：(.+?\.docx)/.exec((await page.getByTestId('export-result').textContent()) ?? '')?.[1] ?? '';
    expect(existsSync(docx)).toBe(true);
    expect(statSync(docx).size).toBeGreaterThan(10_000);
    const styles = (await (await JSZip.loadAsync(readFileSync(docx))).file('word/styles.xml')?.async('string')) ?? '';
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*?<w:sz w:val="24"\/>/);
    await screenshot(page, '08-exported');
  });

  it('the exported .docx opens in LibreOffice and carries the case', () => {
    const out = mkdtempSync(join(tmpdir(), 'qar-e2e-pdf-'));
    const profile = mkdtempSync(join(tmpdir(), 'qar-e2e-lo-'));
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, docx],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const pdf = join(out, basename(docx).replace(/\.docx$/, '.pdf'));
    expect(existsSync(pdf)).toBe(true);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text.replace(/\s+/g, '')).toContain(CASE_TITLE);
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
  });

  it('a workspace opened read-only says so and refuses edits', async () => {
    const file = join(host.outDir, '示例学校.qar');
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByLabel('文件路径（.qar）').fill(file);
    await page.getByLabel('以只读方式打开（审阅）').check();
    await page.getByRole('button', { name: '打开', exact: true }).click();
    await page.getByTestId('banner').waitFor();
    expect(await page.getByTestId('banner').textContent()).toContain('只读');
    const before = await cell('grad_total').textContent();
    await cell('grad_total').click();
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    expect(await cell('grad_total').textContent()).toBe(before);
    await screenshot(page, '09-readonly');
  });

  it('ran without CSP violations or page errors', () => {
    expect(browser.errors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
    expect(browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
