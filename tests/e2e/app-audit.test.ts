/**
 * Wave 9 user-eye audit of the app (the keyboard alone, 1366×768 and 1093×614), in real Chromium against the
 * browser host on the demo school:
 * 1. while a save keeps failing, the top bar at 1093×614 shows every part whole, inside the window, none over
 *    another (the failing status, 立即重试, the tabs, the buttons and the school's name).
 * Screenshots: artifacts/screenshots/app-audit-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failSavesAsDiskFull, VALUES_SET } from './disk-full';
import { bootDemo, type DemoApp, retryNowIfStillWaiting, screenshot } from './harness';
import { layoutProblems } from './layout-check';

let app: DemoApp;
let page: Page;

const status = () => page.getByTestId('save-status').textContent();

/** the parts of the top bar a user reads or presses */
const TOP_BAR = [
  '.topbar .brand-mark',
  '.topbar .school-name',
  '.topbar .brand-text .muted',
  '.topbar .view-tab',
  '.topbar .top-actions > button',
  '.topbar .save-status',
  '.topbar .retry-now',
  '.banner .retry-now',
  '.banner .banner-text',
];

beforeAll(async () => {
  app = await bootDemo({ viewport: { width: 1093, height: 614 } });
  page = app.page;
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('app audit, wave 9', () => {
  it('while a save keeps failing, the top bar at 1093×614 shows every part whole, none over another', async () => {
    await failSavesAsDiskFull(page);
    try {
      await page.locator('td[data-cell="grad_not_seeking|2024"]').click();
      await page.keyboard.type('33');
      await page.keyboard.press('Enter');
      await expect.poll(status, { timeout: 15_000 }).toMatch(/^保存失败，正在重试（第 \d+ 次）…$/);
      await page.getByTestId('save-failure').waitFor();
      for (const size of [
        { width: 1093, height: 614 },
        { width: 1366, height: 768 },
        { width: 1440, height: 900 },
      ]) {
        await page.setViewportSize(size);
        await screenshot(page, `app-audit-01-save-failing-${size.width}`);
        const problems = await layoutProblems(page, TOP_BAR, { ellipsis: ['.topbar .school-name'], minWidth: 120 });
        expect({ size, problems }).toEqual({ size, problems: [] });
      }
      await page.setViewportSize({ width: 1093, height: 614 });
    } finally {
      await page.unroute(VALUES_SET);
    }
    await retryNowIfStillWaiting(page);
    await expect.poll(status, { timeout: 15_000 }).toBe('已保存');
    expect(app.browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
