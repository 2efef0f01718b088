/**
 * Validation in the app, in real Chromium against the browser host (issue #10):
 * 1. a slip in 2023 (the appendix prints 2023 beside 2024) is listed, counted per year in the findings panel and
 *    outlined red on its 2023 cell;
 * 2. 本省去向落实率 emptied for 2024 (reported in 2023): the finding offers 「标为不适用…」, the dialog asks for the
 *    reason, and once marked the cell shows 不适用 and the finding is gone.
 * Screenshots: artifacts/screenshots/validate-*.png (1440×900 and 1093×614).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDemo, type DemoApp, screenshotBothSizes } from './harness';

let app: DemoApp;
let page: Page;

const cell = (id: string, year: number) => page.locator(`td[data-cell="${id}|${year}"]`);

async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');
}

const shots = (name: string) => screenshotBothSizes(page, name);

describe('findings of every printed year, and 「不适用」 (browser host + Chromium)', () => {
  beforeAll(async () => {
    app = await bootDemo();
    page = app.page;
  });
  afterAll(() => app?.close());

  it('a 2023 slip: listed, counted per year, outlined on its 2023 cell', async () => {
    await page.locator('button[data-table="satisfaction"]').click();
    await cell('sat_employers', 2023).click();
    await page.keyboard.type('107');
    await page.keyboard.press('Enter');
    await saved();
    const f = page.locator('.finding[data-rule="builtin.type"]', { hasText: '2023年「用人单位满意度」' });
    await expect.poll(() => f.count(), { timeout: 15_000 }).toBe(1);
    expect(await f.textContent()).toContain('百分比应在 0～100 之间');
    await expect.poll(() => page.getByTestId('findings-years').textContent()).toContain('2023年 1 项');
    expect(await cell('sat_employers', 2023).getAttribute('class')).toContain('f-error');
    await shots('validate-years');
    // put it back
    await cell('sat_employers', 2023).click();
    await page.keyboard.type('97.18');
    await page.keyboard.press('Enter');
    await saved();
    await expect.poll(() => f.count(), { timeout: 15_000 }).toBe(0);
  });

  it('本省去向落实率 emptied: marked 不适用 with its reason, the finding is cleared', async () => {
    await page.locator('button[data-table="scorecard"]').click();
    await cell('grad_local_rate', 2024).click();
    await page.keyboard.press('Delete');
    await saved();
    const f = page.locator('.finding[data-rule="builtin.missing_used"]');
    await expect.poll(() => f.count(), { timeout: 15_000 }).toBe(1);
    expect(await f.textContent()).toContain('2023年填报为 71.38%');
    // its citation is the rule in words, never a file name
    await f.getByRole('button', { name: '依据' }).click();
    await expect.poll(() => f.textContent()).toContain('质量年报工作台内置规则「用到的数据要填全」');
    expect(await f.textContent()).not.toMatch(/\.txt|\.md|§/);
    await shots('validate-missing');
    await f.getByTestId('mark-na').click();
    const dialog = page.getByTestId('na-dialog');
    await dialog.waitFor();
    // no reason: refused in the dialog, nothing saved
    await dialog.getByRole('button', { name: '标为不适用' }).click();
    await expect.poll(() => dialog.textContent()).toContain('请填写不适用的原因');
    await dialog.getByLabel('不适用的原因').fill('本校2024届毕业生均为定向培养，不统计本省去向落实率');
    await shots('validate-na-dialog');
    await dialog.getByRole('button', { name: '标为不适用' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => f.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => ((await cell('grad_local_rate', 2024).textContent()) ?? '').trim()).toBe('不适用');
    expect(await cell('grad_local_rate', 2024).getAttribute('title')).toContain('不适用：本校2024届毕业生均为定向培养');
    await cell('grad_local_rate', 2024).click();
    await shots('validate-na-cell');
    expect(app.browser.errors).toEqual([]);
  });
});
