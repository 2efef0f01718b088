/**
 * Wave 9 (appfix2): what the previous audit saw cut or covered at 1093×614, checked the way a user sees it, in
 * real Chromium against the browser host:
 * 1. 区县审核's matrix cut a long school name with 「…」 and kept the whole name in a hover tooltip only, so a
 *    keyboard user (or a screenshot reader) never saw it: the school's row header, which the arrow keys reach,
 *    shows the whole name (wrapped within the school column);
 * 2. an info toast covered the cell detail's 依据 for 4 s: a toast shown while the detail is open lies clear of it;
 * 3. the data screen's Excel path box showed the start of the path and cut the file name: the box shows the end
 *    (the file name), and still holds the whole path.
 * Screenshots (1093×614 and 1366×768): artifacts/screenshots/readable-*.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDemo, type DemoApp, openDemo, screenshot } from './harness';
import { layoutProblems } from './layout-check';
import { LONG_SCHOOL, writeReviewSchools } from './review-schools';

let app: DemoApp;
let page: Page;
let dir = '';
const LONG = LONG_SCHOOL;
const SIZES = [
  { width: 1093, height: 614 },
  { width: 1366, height: 768 },
];

async function shots(name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await screenshot(page, `readable-${name}-${size.width}`);
  }
  await page.setViewportSize(SIZES[0] ?? { width: 1093, height: 614 });
}

beforeAll(async () => {
  app = await bootDemo({ open: false, viewport: { width: 1093, height: 614 } });
  page = app.page;
  dir = join(app.host.outDir, '报送');
  mkdirSync(dir, { recursive: true });
  await writeReviewSchools(dir);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('readable at 1093×614', () => {
  it('the matrix shows a long school name whole in its row header, which the keyboard reaches', async () => {
    await page.goto(app.host.url);
    await page.getByRole('button', { name: '进入区县审核' }).click();
    await page.getByTestId('review').waitFor();
    await page.getByLabel('要审核的文件或文件夹').fill(dir);
    await page.getByRole('button', { name: /^开始审核/ }).click();
    await page.getByTestId('matrix').waitFor();
    const head = page.locator(`tr[data-school="${LONG}"] th.school-h`);
    // reached by the keyboard: Home on the header row, ↓ to the school's row, ← to its header
    const r = Number(await head.getAttribute('data-r'));
    await page.locator('th.rule-h').first().focus();
    await page.keyboard.press('Home');
    for (let i = 0; i <= r; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => head.evaluate((el) => el === document.activeElement), { timeout: 30_000 }).toBe(true);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect(await head.locator('.school-name').textContent()).toBe(LONG);
      // no text cut (no 「…」): its whole text fits its box, and the box is inside the window
      expect({ size, problems: await layoutProblems(page, ['.matrix .school-name']) }).toEqual({ size, problems: [] });
      // and the box is not hidden behind the frozen header rows or cut by the scroller
      const inView = await head.locator('.school-name').evaluate((el) => {
        const s = el.getBoundingClientRect();
        const box = el.closest('.matrix-scroll')?.getBoundingClientRect();
        const thead = el.closest('table')?.querySelector('thead')?.getBoundingClientRect();
        return !!box && !!thead && s.top >= thead.bottom - 0.5 && s.bottom <= box.bottom + 0.5;
      });
      expect({ size, inView }).toEqual({ size, inView: true });
    }
    await shots('01-matrix-long-name');
  });

  it('an info toast shown while the cell detail is open covers none of it', async () => {
    const fail = page.locator('td.st[data-status="fail"][data-rule="national.counselors"]');
    await fail.click();
    const detail = page.getByTestId('cell-detail');
    await detail.waitFor();
    expect(await detail.locator('.cite-text').count()).toBeGreaterThan(0);
    // an info toast while the detail stays open (导出审核汇总 → Excel says 已导出审核汇总：…)
    await page.getByRole('button', { name: '导出审核汇总 ▾' }).click();
    await page.getByRole('menuitem', { name: /^Excel/ }).click();
    // measured in one step in the page, while the toast shows (it fades after 4 s)
    const boxes = await page.waitForFunction(
      () => {
        const n = document.querySelector('[data-testid="notice"]');
        const d = document.querySelector('[data-testid="cell-detail"]');
        if (!n || !d || !n.textContent?.includes('已导出审核汇总')) return null;
        const a = n.getBoundingClientRect();
        const b = d.getBoundingClientRect();
        const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
        const sideways = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5;
        const inside = a.top >= 0 && a.bottom <= window.innerHeight && a.left >= 0 && a.right <= window.innerWidth;
        return { covers: overlap && sideways, inside };
      },
      undefined,
      { timeout: 60_000 },
    );
    expect(await boxes.jsonValue()).toEqual({ covers: false, inside: true });
    await screenshot(page, 'readable-02-toast-cell-detail-1093');
    // the other size, with a toast of its own
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.getByRole('button', { name: '导出审核汇总 ▾' }).click();
    await page.getByRole('menuitem', { name: /^Word/ }).click();
    await page.waitForFunction(
      () => {
        const n = document.querySelector('[data-testid="notice"]');
        const d = document.querySelector('[data-testid="cell-detail"]');
        if (!n || !d || !/已导出审核汇总.*docx/.test(n.textContent ?? '')) return false;
        const a = n.getBoundingClientRect();
        const b = d.getBoundingClientRect();
        return Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) <= 0.5;
      },
      undefined,
      { timeout: 60_000 },
    );
    await screenshot(page, 'readable-02-toast-cell-detail-1366');
    await page.setViewportSize({ width: 1093, height: 614 });
  });

  it('the data screen’s Excel path box shows the file name, and holds the whole path', async () => {
    await openDemo(page, app.host);
    const box = page.getByLabel('Excel 文件路径');
    await expect.poll(() => box.inputValue(), { timeout: 30_000 }).toMatch(/\.xlsx$/);
    const path = await box.inputValue();
    const name = path.split('/').at(-1) ?? '';
    /** the part of the path the box shows, measured with the box's own font: does it hold the whole file name? */
    const nameShown = () =>
      box.evaluate((el: HTMLInputElement, name) => {
        const st = getComputedStyle(el);
        const ctx = document.createElement('canvas').getContext('2d');
        if (!ctx) return false;
        ctx.font = st.font;
        const text = ctx.measureText(el.value).width;
        const nameW = ctx.measureText(name).width;
        const inner = el.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight);
        // the file name runs from text − nameW to text; the box shows scrollLeft … scrollLeft + inner
        return nameW <= inner + 0.5 && el.scrollLeft + inner >= text - 1 && el.scrollLeft <= text - nameW + 1;
      }, name);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      expect({ size, name, shown: await nameShown() }).toEqual({ size, name, shown: true });
    }
    await page.setViewportSize({ width: 1093, height: 614 });
    // the path is longer than the box at 1093 px: this is the case that cut the name
    expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    // after the user edits and leaves the box, its end shows again
    await box.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Tab');
    await expect.poll(nameShown, { timeout: 30_000 }).toBe(true);
    expect(await box.inputValue()).toBe(path);
    expect(await box.getAttribute('title')).toBe(path);
    await shots('03-xlsx-path');
    expect(app.browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
