/**
 * 区县审核's 汇总 at 1093×614 (the app's viewport on a 1366×768 screen) while the toast 「审阅了 4 所学校…」 shows, in
 * real Chromium against the browser host: the toast sat over the bottom rows of the table (the last rows of 未计入
 * 汇总的数据), and scrolling to the end left them under it. Scrolled to the end, the last row is now inside the
 * pane and above the toast: the element at its centre is the row itself. The page's clock is paused while the
 * toast shows (an info toast fades after 4 s), so the check runs under the toast, however loaded the machine.
 * Screenshots: artifacts/screenshots/review-agg-toast-1093.png, review-agg-toast-1440.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDistrictSet } from '../fixtures/review/district-set';
import { bootDemo, type DemoApp, screenshot } from './harness';

let app: DemoApp;
let page: Page;
let dir = '';

beforeAll(async () => {
  app = await bootDemo({
    open: false,
    viewport: { width: 1093, height: 614 },
    // fake timers that run in real time until paused (below, while the toast shows)
    onPage: (p) => void p.clock.install(),
  });
  page = app.page;
  dir = join(app.host.outDir, '报送');
  mkdirSync(dir);
  writeDistrictSet(dir);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** Scrolled to the end of the 汇总 pane: the last row, whether it is inside the pane, and what is at its centre. */
const lastRow = () =>
  page.evaluate(() => {
    const pane = document.querySelector<HTMLElement>('.agg-pane .matrix-scroll');
    if (!pane) return null;
    pane.scrollTop = pane.scrollHeight;
    const rows = pane.querySelectorAll('tr');
    const row = rows[rows.length - 1] as HTMLElement;
    const r = row.getBoundingClientRect();
    const p = pane.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const toast = document.querySelector('[data-testid="notice"]');
    return {
      text: (row.textContent ?? '').slice(0, 40),
      inPane: r.top >= p.top && r.bottom <= p.bottom + 0.5 && r.bottom <= window.innerHeight,
      atCentre: hit === row || row.contains(hit),
      hitWhat: hit ? `${hit.tagName.toLowerCase()}.${hit.className} ${(hit.textContent ?? '').slice(0, 30)}` : '',
      toast: toast ? (toast.textContent ?? '') : null,
    };
  });

describe('区县审核 汇总 under the toast at 1093×614', () => {
  it('the last row scrolls into view above the toast', async () => {
    await page.goto(app.host.url);
    await page.getByTestId('review-entry').waitFor();
    await page.getByRole('button', { name: '进入区县审核' }).click();
    await page.getByLabel('要审核的文件或文件夹').fill(dir);
    await page.getByRole('button', { name: /开始审核/ }).click();
    await page.getByTestId('matrix').waitFor();
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toContain('审阅了 4 所学校');
    // the toast stays while the check runs (it fades after 4 s of the page's time)
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 50);
    await page
      .getByRole('tab', { name: '汇总' })
      .or(page.getByRole('button', { name: '汇总' }))
      .first()
      .click();
    await page.getByTestId('aggregates').waitFor();
    // 乙's planted defects are listed under the table: the pane's last rows
    await page.getByTestId('agg-excluded').locator('tr').last().waitFor();
    await expect
      .poll(lastRow)
      .toMatchObject({ inPane: true, atCentre: true, toast: expect.stringContaining('审阅了') });
    await screenshot(page, 'review-agg-toast-1093');
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect
      .poll(lastRow)
      .toMatchObject({ inPane: true, atCentre: true, toast: expect.stringContaining('审阅了') });
    await screenshot(page, 'review-agg-toast-1440');
  });
});
