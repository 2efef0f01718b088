/**
 * 「15.35:1」 typed into a 生师比 cell, as reports write it (real Chromium against the browser host, the demo school):
 * 1. where 生师比 is computed from its parts, the cell says it is computed from 折合在校生数 and 教师总数（折算）
 *    and cannot be typed;
 * 2. where its parts are missing and it takes a typed 填报值, 「15.35:1」 is taken as 15.35 (生师比 is declared as a
 *    ratio without a unit, which the tool prints 15.35:1) and the notice says what was taken — it was refused with
 *    「「15.35:1」不是数字，请只填写数字，或留空」, which did not say what to type;
 * 3. another X:Y (「307:20」) is refused with the number to type, not worked out silently.
 * Screenshots: artifacts/screenshots/ratio-entry-*.png (1440×900 and 1093×614).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDemo, type DemoApp, screenshotBothSizes } from './harness';

const YEAR = 2024;
let app: DemoApp;
let page: Page;

const cell = (id: string, year = YEAR) => page.locator(`td[data-cell="${id}|${year}"]`);
const cellText = async (id: string) => ((await cell(id).locator('.v').textContent()) ?? '').trim();
const cellError = (id: string) => cell(id).locator('.cell-error');

async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');
}

describe('typing 「15.35:1」 into 生师比 (browser host + Chromium)', () => {
  beforeAll(async () => {
    app = await bootDemo();
    page = app.page;
    await page.locator('[data-table="resources"]').click();
    await cell('student_teacher_ratio').waitFor();
  }, 180_000);
  afterAll(() => app?.close());

  it('a computed 生师比 says it is computed from 折合在校生数 and 教师总数（折算） and cannot be typed', async () => {
    await expect.poll(() => cellText('student_teacher_ratio')).toBe('15.35');
    await cell('student_teacher_ratio').click();
    await page.keyboard.type('15.35:1');
    const said = (await cellError('student_teacher_ratio').textContent()) ?? '';
    expect(said).toContain('“生师比”由公式自动计算，不能直接填写');
    expect(said).toContain('折合在校生数');
    expect(said).toContain('教师总数（折算）');
    await screenshotBothSizes(page, 'ratio-entry-01-computed');
    await page.keyboard.press('Escape');
    await expect.poll(() => cellError('student_teacher_ratio').count()).toBe(0);
  });

  it('without its parts, 「15.35:1」 is taken as 15.35 and the notice says so', async () => {
    await cell('students_equivalent').click();
    await page.keyboard.press('Delete');
    await saved();
    await expect.poll(() => cellText('student_teacher_ratio')).toBe('—');
    await cell('student_teacher_ratio').click();
    await page.keyboard.type('15.35:1');
    await page.keyboard.press('Enter');
    await expect.poll(() => cellError('student_teacher_ratio').count()).toBe(0);
    await saved();
    await expect.poll(() => cellText('student_teacher_ratio')).toBe('15.35');
    await expect.poll(() => cell('student_teacher_ratio').getAttribute('data-origin')).toBe('reported');
    await expect
      .poll(() => page.getByTestId('notice').textContent())
      .toContain('「15.35:1」按 15.35 填入（生师比记为 X:1 中的 X）');
    await cell('student_teacher_ratio').click();
    await screenshotBothSizes(page, 'ratio-entry-02-taken');
  });

  it('「307:20」 is refused with the number to type', async () => {
    await cell('student_teacher_ratio').click();
    await page.keyboard.type('307:20');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => cellError('student_teacher_ratio').textContent())
      .toBe('「307:20」不是 X:1 的写法：生师比记为 X:1 中的 X，请填写 307 ÷ 20 的值 15.35');
    await screenshotBothSizes(page, 'ratio-entry-03-other-ratio');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect.poll(() => cellText('student_teacher_ratio')).toBe('15.35');
  });
});
