/**
 * 历史版本 in real Chromium against the browser host: a value edited in the grid appears first in the history
 * with its old value; 「恢复为 …」 asks, restores the cell, and the restore is listed itself; the snapshot taken
 * when the workspace was opened is listed. Screenshots at 1440×900 and 1093×614.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDemo, type DemoApp, openDemo, screenshot } from './harness';

let app: DemoApp;
let page: Page;
const cell = (id: string, year = 2024) => page.locator(`td[data-cell="${id}|${year}"]`);

describe('历史版本 (browser host + Chromium)', () => {
  beforeAll(async () => {
    app = await bootDemo({ open: false });
    page = app.page;
  });
  afterAll(() => app?.close());

  it('an edited value is listed first and restored from the dialog; the restore is listed too', async () => {
    await openDemo(page, app.host);
    await page.locator('[data-table="resources"]').click();
    const before = ((await cell('counselors').textContent()) ?? '').trim();
    expect(before).not.toBe('');
    await cell('counselors').click();
    await page.keyboard.type('99');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toBe('已保存');

    await page.getByTestId('history-button').click();
    const first = page.getByTestId('history-list').locator('li').first();
    await expect.poll(() => first.textContent()).toMatch(new RegExp(`2024年 专职辅导员数：${before} → 99`));
    await screenshot(page, 'history-1440');
    await first.getByRole('button', { name: `恢复为 ${before}` }).click();
    await page.getByTestId('history-confirm').getByRole('button', { name: '恢复' }).click();
    await expect.poll(async () => ((await cell('counselors').textContent()) ?? '').trim()).toBe(before);
    await expect.poll(() => first.textContent()).toMatch(new RegExp(`恢复：2024年 专职辅导员数：99 → ${before}`));

    await page.getByRole('tab', { name: '整个工作区的版本' }).click();
    await expect.poll(() => page.getByTestId('snapshot-list').locator('li').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('snapshot-list').textContent()).toMatch(/打开时/);
    await screenshot(page, 'history-snapshots-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
    await page.getByRole('tab', { name: '修改记录' }).click();
    await screenshot(page, 'history-1093');
    await page.getByRole('button', { name: '关闭' }).last().click();
    expect(app.browser.errors).toEqual([]);
  });
});
