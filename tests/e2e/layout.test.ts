/**
 * The window at laptop sizes (issue #13), in real Chromium against the browser host on the demo school: at 1093×614
 * (1366×768 at 125%) and 1280×720 the writing pane never scrolls sideways in any chapter; the side panel is resizable
 * (mouse and keyboard) and collapsible, both remembered after a reload; Ctrl + / Ctrl − / Ctrl 0 zoom the browser
 * host as the desktop app's 视图 menu does. Screenshots: artifacts/screenshots/layout-*.png at 1093×614, 1280×720
 * and 1440×900.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, bootDemo, type Host, screenshot } from './harness';

let host: Host;
let browser: Browser;
let page: Page;

const SIZES = [
  { width: 1093, height: 614 },
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

const sideWidth = () => page.locator('aside.side').evaluate((el) => Math.round(el.getBoundingClientRect().width));

/** rows of the grid fully visible */
const visibleRows = () =>
  page.evaluate(() => {
    const wrap = document.querySelector('.grid-wrap');
    if (!wrap) return 0;
    const box = wrap.getBoundingClientRect();
    return [...document.querySelectorAll('.grid tbody tr')].filter((tr) => {
      const r = tr.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    }).length;
  });

/** how far the writing pane (and the page) can scroll sideways */
const sideways = () =>
  page.evaluate(() => {
    const doc = document.querySelector('.writing .doc');
    const main = document.querySelector('main.main');
    return Math.max(
      doc ? doc.scrollWidth - doc.clientWidth : 0,
      main ? main.scrollWidth - main.clientWidth : 0,
      document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
  });

async function reload(): Promise<void> {
  await page.reload();
  await page.locator('.topbar').waitFor();
}

describe('layout at laptop sizes (browser host + Chromium)', () => {
  beforeAll(async () => {
    ({ host, browser, page } = await bootDemo({ viewport: { width: 1093, height: 614 } }));
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('every chapter of the writing pane fits its width at 1093×614 and 1280×720', async () => {
    const chapters = await page.locator('.chapter-link').count();
    for (const size of SIZES.slice(0, 2)) {
      await page.setViewportSize(size);
      await page.getByRole('button', { name: '数据填报' }).click();
      await page.getByTestId('grid').waitFor();
      const rows = await visibleRows();
      console.log(`[layout ${size.width}×${size.height}] grid rows fully visible: ${rows}`);
      expect(rows).toBeGreaterThanOrEqual(8);
      await screenshot(page, `layout-data-${size.width}`);
      await page.getByRole('button', { name: '报告撰写' }).click();
      for (let i = 0; i < (chapters || 9); i++) {
        await page.locator('.chapter-link').nth(i).click();
        await page.locator('.chapter-page').waitFor();
        // once the chapter has laid out (chart previews size themselves to their box)
        await expect
          .poll(sideways, { message: `chapter ${i + 1} at ${size.width}`, timeout: 5000 })
          .toBeLessThanOrEqual(0);
      }
      await page.locator('.chapter-link', { hasText: '人才培养' }).click();
      await screenshot(page, `layout-writing-${size.width}`);
    }
    await page.setViewportSize(SIZES[2] ?? { width: 1440, height: 900 });
    await screenshot(page, 'layout-writing-1440');
    await page.getByRole('button', { name: '数据填报' }).click();
    await screenshot(page, 'layout-data-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
  });

  it('the side panel: wider by keyboard and by dragging, remembered; collapsed by double-click, remembered', async () => {
    const before = await sideWidth();
    await page.getByTestId('side-resizer').focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(sideWidth).toBe(before + 48);
    const box = await page.getByTestId('side-resizer').boundingBox();
    if (!box) throw new Error('no resizer');
    await page.mouse.move(box.x + box.width / 2, box.y + 200);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 100, box.y + 200, { steps: 5 });
    await page.mouse.up();
    await expect.poll(sideWidth).toBe(before + 48 - 100);
    await reload();
    await expect.poll(sideWidth).toBe(before - 52);
    // never so wide that the main pane is squeezed
    await page.getByTestId('side-resizer').focus();
    for (let i = 0; i < 30; i++) await page.keyboard.press('ArrowLeft');
    await expect.poll(sideWidth).toBeLessThanOrEqual(1093 - 560);

    await page.getByTestId('side-resizer').dblclick();
    await expect.poll(() => page.locator('aside.side').count()).toBe(0);
    await screenshot(page, 'layout-collapsed-1093');
    await reload();
    await page.getByTestId('side-open').waitFor();
    expect(await page.locator('aside.side').count()).toBe(0);
    await page.getByTestId('side-open').click();
    await page.locator('aside.side').waitFor();
    await reload();
    await page.locator('aside.side').waitFor();
  });

  it('Ctrl + / Ctrl − / Ctrl 0 zoom the browser host, and the zoom is remembered', async () => {
    const zoom = () => page.evaluate(() => document.documentElement.style.zoom);
    await page.locator('.topbar').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+Equal');
    await expect.poll(zoom).toBe('1.1');
    await page.keyboard.press('Control+Equal');
    await expect.poll(zoom).toBe('1.25');
    await page.keyboard.press('Control+Minus');
    await expect.poll(zoom).toBe('1.1');
    await reload();
    await expect.poll(zoom).toBe('1.1');
    await screenshot(page, 'layout-zoom110-1093');
    await page.keyboard.press('Control+0');
    await expect.poll(zoom).toBe('');
  });

  it('ran without page errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
