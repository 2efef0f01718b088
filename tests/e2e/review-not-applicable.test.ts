/**
 * 区县审核's 汇总 at 1366×768 by the keyboard alone, in real Chromium against the browser host, on schools with
 * 「不适用」 marks (tests/fixtures/review/not-applicable-set.ts): the 中职 row every school marked 不适用 reads
 * 不适用 (it read 「—」, as if the data were missing), and a 高职 figure one school of two marked 不适用 says so
 * on its cell; the 学校数 of the row every school marked says so (it read 0). Screenshot: artifacts/screenshots/review-na-1366.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeNotApplicableSet } from '../fixtures/review/not-applicable-set';
import { bootDemo, type DemoApp, screenshot } from './harness';

let app: DemoApp;
let page: Page;
let dir = '';

const focused = () =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    if (!e || e === document.body || !e.isConnected) return 'BODY';
    return `${e.tagName.toLowerCase()} ${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().replace(/\s+/g, ' ')}`;
  });

/** Tab until the focus is on `name` (at most 60 presses). */
async function tabTo(name: string): Promise<void> {
  for (let i = 0; i < 60 && (await focused()) !== name; i++) await page.keyboard.press('Tab');
  await expect.poll(focused, { timeout: 30_000 }).toBe(name);
}

/** The figures of the 汇总 table row named `name` (2022–2024, not its 学校数), with each cell's title. */
const rowCells = (name: string) =>
  page
    .locator('[data-testid="aggregates"] tr', { has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) })
    .locator('td.num:not(.muted)')
    .evaluateAll((tds) => tds.map((td) => ({ text: td.textContent ?? '', title: td.getAttribute('title') ?? '' })));

beforeAll(async () => {
  app = await bootDemo({ open: false, viewport: { width: 1366, height: 768 } });
  page = app.page;
  dir = join(app.host.outDir, '报送');
  mkdirSync(dir);
  await writeNotApplicableSet(dir);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('区县审核 汇总: 不适用 kept apart from missing data', () => {
  it('reads 不适用 where every school marked it, and names the schools that did elsewhere', async () => {
    await page.goto(app.host.url);
    await page.getByTestId('review-entry').waitFor();
    await tabTo('button 进入区县审核');
    await page.keyboard.press('Enter');
    await page.getByTestId('review').waitFor();
    await expect.poll(focused, { timeout: 30_000 }).toBe('textarea 要审核的文件或文件夹');
    await page.keyboard.type(dir);
    await tabTo('button 开始审核（1 项）');
    await page.keyboard.press('Enter');
    await page.getByTestId('matrix').waitFor();
    await tabTo('button 汇总');
    await page.keyboard.press('Enter');
    await page.getByTestId('aggregates').waitFor();
    await tabTo('button 高职（2 所）');
    // 高职: 乙 marked 2024 月收入 不适用, 甲 gives it: 甲's figure, and the cell says one school marked it
    const income = await rowCells('毕业生就业半年内平均月收入');
    expect(income.at(-1)).toEqual({ text: '4086.52', title: '1 校标为不适用' });
    await page.keyboard.press('ArrowRight');
    await expect.poll(focused).toBe('button 中职（2 所）');
    await expect
      .poll(async () => (await rowCells('全日制国（境）外留学生人数')).at(-1))
      .toEqual({
        text: '不适用',
        title: '2 校标为不适用',
      });
    // 2023: both schools gave a number
    expect((await rowCells('全日制国（境）外留学生人数')).at(-2)?.text).toMatch(/^\d+$/);
    // its 学校数 says both schools marked it 不适用 (it read 0: “no school reported”), as the workbook and the
    // Word summary say (core/review/not-applicable.ts schoolsColumn)
    const schools = (name: string) =>
      page
        .locator('[data-testid="aggregates"] tr', { has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) })
        .locator('td')
        .last()
        .textContent();
    expect(await schools('全日制国（境）外留学生人数')).toBe('2 校标为不适用');
    expect(await schools('全日制学历教育在校生数')).toBe('2');
    await page.getByRole('row', { name: /全日制国（境）外留学生人数/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'review-na-1366');
  });
});
