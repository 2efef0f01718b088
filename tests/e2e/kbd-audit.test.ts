/**
 * Wave 8 user-eye audit of the app itself (the keyboard alone, 1366×768, the copied file alone), in real Chromium
 * against the browser host on the demo school:
 * 1. a dialog that opens by itself while nothing has the focus (已恢复未保存的修改, shown as a workspace opens)
 *    gives the focus, when closed with Esc, to the view's content (the grid, where typing goes on), not to the
 *    page body, from where the next Tab starts at the top of the window;
 * 2. the .qar copied alone, right after the status says 已保存, holds the last edit (no -wal/-journal beside it
 *    is needed), and opens alone;
 * 3. a number typed into a cell is read as the same text pasted is (core/xlsx/number.ts): 「5%」 in a 元 cell was
 *    stored as 5 without a word, it is refused with the reason and stays on screen to correct;
 * 4. a chart's 图题 and a table's 表题 wrap in the editor: a one-line field cut the demo's chart caption to
 *    「2022-2024年学校」 at 1093×614;
 * 5. a save the workspace cannot write (a full disk) is retried, and WHY is said on the screen (it was only in the
 *    status line's tooltip), with the number kept in its cell;
 * 6. 预览与导出 by keyboard: 刷新预览 pressed with Enter keeps the focus (it was disabled while loading, which dropped
 *    the focus to the page body), and the pages are a region Tab reaches, so PageDown reads the report;
 * 7. 上移/下移 of a block or a section pressed with Enter keep the focus on the moved one's buttons (the move, or its
 *    button switched off at the end, dropped the focus to the page body).
 * Screenshots: artifacts/screenshots/kbd-audit-*.png.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Dialog, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failSavesAsDiskFull, VALUES_SET } from './disk-full';
import { bootDemo, type DemoApp, retryNowIfStillWaiting, screenshot } from './harness';

let app: DemoApp;
let page: Page;

const cell = (id: string, year = 2024) => page.locator(`td[data-cell="${id}|${year}"]`);
const status = () => page.getByTestId('save-status').textContent();
const FAILING = /^保存失败，正在重试（第 \d+ 次）…$/;

async function saved(timeout = 15_000): Promise<void> {
  await expect.poll(status, { timeout }).toBe('已保存');
}

/** what has the keyboard focus: its tag and accessible name, or BODY */
const focused = () =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    if (!e || e === document.body) return 'BODY';
    return `${e.tagName.toLowerCase()} ${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim()}`;
  });

/** the browser host asks before leaving unsaved work; the test says 离开 */
function onDialog(d: Dialog): void {
  if (d.type() === 'beforeunload') void d.accept();
  else void d.dismiss();
}

/** types a number into a grid cell as a user does: select, type, Enter */
async function typeInto(id: string, text: string, year = 2024): Promise<void> {
  await cell(id, year).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('the app by keyboard and as a copied file (browser host + Chromium, 1366×768)', () => {
  beforeAll(async () => {
    app = await bootDemo({ viewport: { width: 1366, height: 768 }, onPage: (p) => p.on('dialog', onDialog) });
    page = app.page;
  });

  afterAll(() => app?.close());

  it('已恢复未保存的修改, opened with nothing focused, leaves the focus in the grid when closed with Esc', async () => {
    await saved();
    await page.route(VALUES_SET, (r: Route) => r.abort('connectionrefused'));
    try {
      await typeInto('grad_flexible', '404');
      await expect.poll(status, { timeout: 15_000 }).toMatch(FAILING);
      await page.reload();
      const notice = page.getByTestId('restore-notice');
      await notice.waitFor();
      await screenshot(page, 'kbd-audit-01-restored-1366');
      // the notice has the focus while it is open
      await expect.poll(focused).toBe('button 知道了');
      await page.keyboard.press('Escape');
      await notice.waitFor({ state: 'detached' });
      await expect.poll(focused).toMatch(/^input 人才培养质量计分卡：/);
      // the keyboard goes on in the grid: an arrow key moves the selection there
      const before = await focused();
      await page.keyboard.press('ArrowDown');
      await expect.poll(focused).not.toBe(before);
      await screenshot(page, 'kbd-audit-02-focus-back-in-grid-1366');
    } finally {
      await page.unroute(VALUES_SET);
    }
    // the backoff brings the restored number in by itself
    await saved(60_000);
    expect(((await cell('grad_flexible').textContent()) ?? '').trim()).toBe('404');
  });

  it('the .qar copied alone right after 已保存 holds the last edit, and opens alone', async () => {
    await typeInto('grad_startup', '31');
    await saved();
    const file = join(app.host.outDir, '示例学校.qar');
    expect(existsSync(file)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'qar-copy-'));
    const copy = join(dir, '拷贝.qar');
    copyFileSync(file, copy); // the file alone: no -wal or -journal beside it
    const db = new Database(copy, { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const row = db
        .prepare('SELECT value FROM indicator_values WHERE indicator_id = ? AND year = ?')
        .get('grad_startup', 2024) as { value: number } | undefined;
      expect(row?.value).toBe(31);
    } finally {
      db.close();
    }
    expect(readdirSync(dir)).toEqual(['拷贝.qar']);
  });

  it('a % typed into a 元 cell is refused with the reason and kept on screen, as the same text pasted is', async () => {
    const before = ((await cell('grad_monthly_income').textContent()) ?? '').trim();
    await typeInto('grad_monthly_income', '5%');
    await expect
      .poll(() => page.locator('.cell-error').textContent())
      .toBe('「5%」带百分号，但该指标不是百分比（单位：元），请去掉 %');
    expect(await page.locator('td[data-cell="grad_monthly_income|2024"] input').inputValue()).toBe('5%');
    await screenshot(page, 'kbd-audit-03-percent-in-yuan-1366');
    await page.keyboard.press('Escape');
    await expect.poll(async () => ((await cell('grad_monthly_income').textContent()) ?? '').trim()).toBe(before);
    await saved();
  });

  it('a chart’s and a table’s 图题/表题 are readable in full in the editor at 1366×768 and 1093×614', async () => {
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.locator('.chapter-link', { hasText: '人才培养' }).first().click();
    const chart = page.locator('.block-card[data-kind="chart"]').first();
    await chart.waitFor();
    const chartCaption = chart.getByLabel('图题');
    const table = page.locator('.block-card[data-kind="table"]').first();
    const tableCaption = table.getByLabel('表题');
    /** whether a field hides part of its text (scrolled sideways or down) */
    const hidden = (field: typeof chartCaption) =>
      field.evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    for (const size of [
      { width: 1366, height: 768 },
      { width: 1093, height: 614 },
    ]) {
      await page.setViewportSize(size);
      await chart.scrollIntoViewIfNeeded();
      // the demo's chart caption, 「2022-2024年学校满意度调查结果」, was cut to 「2022-2024年学校」 at 1093×614
      expect((await chartCaption.inputValue()).length).toBeGreaterThan(15);
      expect(await hidden(chartCaption)).toBe(false);
      await screenshot(page, `kbd-audit-04-chart-caption-${size.width}`);
      await table.scrollIntoViewIfNeeded();
      expect(await hidden(tableCaption)).toBe(false);
    }
    // typed longer than the field is wide: it wraps; Enter puts no line break into a caption
    await chartCaption.click();
    await page.keyboard.press('End');
    await page.keyboard.type('（在校生、思想政治课教学和专业课教学三项满意度）');
    await page.keyboard.press('Enter');
    expect(await chartCaption.inputValue()).not.toContain('\n');
    expect(await hidden(chartCaption)).toBe(false);
    await screenshot(page, 'kbd-audit-05-chart-caption-typed-1093');
    await page.setViewportSize({ width: 1366, height: 768 });
    await saved();
  });

  it('a save the workspace cannot write (disk full) says why on screen, keeps the number, and goes in once it can', async () => {
    await page.getByRole('button', { name: '数据填报' }).click();
    await page.getByTestId('grid').waitFor();
    // what the host answers when SQLite reports a full disk (the same mapping as the service's: core/fs/disk-errors)
    const full = await failSavesAsDiskFull(page);
    expect(full.code).toBe('DISK_FULL');
    try {
      await typeInto('grad_not_seeking', '33');
      await expect.poll(status, { timeout: 15_000 }).toMatch(FAILING);
      // the reason is on the screen, not only in a tooltip a keyboard user never sees
      const banner = page.getByTestId('save-failure');
      await banner.waitFor();
      expect(await banner.textContent()).toBe(
        `保存失败：${full.message}修改已暂存在本机，会自动重试直到保存成功。立即重试`,
      );
      await screenshot(page, 'kbd-audit-06-disk-full-1366');
      await page.setViewportSize({ width: 1093, height: 614 });
      await screenshot(page, 'kbd-audit-06-disk-full-1093');
      await page.setViewportSize({ width: 1366, height: 768 });
      expect(((await cell('grad_not_seeking').textContent()) ?? '').trim()).toBe('33');
    } finally {
      await page.unroute(VALUES_SET);
    }
    await retryNowIfStillWaiting(page);
    await saved();
    expect(await page.getByTestId('save-failure').count()).toBe(0);
  });

  it('预览与导出 by keyboard: Tab reaches the pages, PageDown reads on; 刷新预览 by Enter keeps the focus', async () => {
    await page.getByRole('button', { name: '预览与导出' }).click();
    const preview = page.getByTestId('preview');
    await page.locator('[data-paged="done"]').waitFor({ state: 'attached', timeout: 90_000 });
    const refresh = page.getByRole('button', { name: '刷新预览' });
    // Enter on 刷新预览: the focus stays on it while the preview is rebuilt (a disabled button dropped it to the body)
    await refresh.focus();
    const rebuilt = page.waitForResponse('**/api/report.model', { timeout: 60_000 });
    await page.keyboard.press('Enter');
    await rebuilt;
    // once the body has the focus nothing gives it back, so this fails if it was dropped at any time
    await expect.poll(focused, { timeout: 30_000 }).toBe('button 刷新预览');
    // the pages are a region Tab reaches right after the export bar, and PageDown scrolls them
    await page.getByTestId('export').focus();
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe('section 报告预览');
    const top = () => preview.evaluate((el) => el.scrollTop);
    expect(await top()).toBe(0);
    await page.keyboard.press('PageDown');
    await expect.poll(top).toBeGreaterThan(0);
    await screenshot(page, 'kbd-audit-07-preview-region-1366');
    // 导出 pressed with Enter: the focus stays on it through the export, to the result
    await page.getByTestId('export').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('export-result').textContent(), { timeout: 120_000 }).toContain('已导出');
    expect(await focused()).toBe('button 导出');
  });

  it('上移/下移 of a block and of a section by keyboard: the focus stays on the moved one’s buttons', async () => {
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.locator('.chapter-link', { hasText: '人才培养' }).first().click();
    const first = page.locator('.section-part').first().locator('.block-card').first();
    await first.waitFor();
    const id = await first.getAttribute('data-block');
    /** the focused button and the block it belongs to */
    const where = () =>
      page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e || e === document.body) return 'BODY';
        return `${e.getAttribute('aria-label')} ${e.closest('.block-card')?.getAttribute('data-block') ?? ''}`;
      });
    await first.getByRole('button', { name: '下移' }).focus();
    await page.keyboard.press('Enter');
    // the demo's first section holds two blocks: the moved one is now last, its 下移 is off, 上移 has the focus
    await expect.poll(where).toBe(`上移 ${id}`);
    await saved();
    await page.keyboard.press('Enter');
    await expect.poll(where).toBe(`下移 ${id}`);
    expect(await page.locator('.section-part').first().locator('.block-card').first().getAttribute('data-block')).toBe(
      id,
    );
    await saved();
    // a section in the outline, moved down and back up
    const down = page.getByRole('button', { name: '下移 立德树人' });
    await down.focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('button 下移 立德树人');
    await saved();
    await page.keyboard.press('Shift+Tab');
    await expect.poll(focused).toBe('button 上移 立德树人');
    await page.keyboard.press('Enter');
    // back at the top: 上移 is off, the focus is on its 下移
    await expect.poll(focused).toBe('button 下移 立德树人');
    await saved();
  });

  it('ran without page errors (beyond the failed requests the test made)', () => {
    expect(app.browser.errors.filter((e) => !/Failed to load resource|net::ERR/.test(e))).toEqual([]);
  });
});
