/**
 * A 2026年度 高职 workspace in real Chromium at 1366×768, against the browser host: the rows the framework has not
 * confirmed as national-table rows ([U]: editions_and_rows_2026.md; the 2025 edition's 「具有高级专业技术职务的专任
 * 教师数」 and 「年生均财政专项经费」, the 2024 base's 在校生满意度 …) are marked 待核实 in the grid, with what that
 * means; left empty they are not in the preview's 附表 (the same report model as the Word file,
 * tests/appendix-unconfirmed-rows.test.ts), and once typed they are.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFramework } from '../../core/framework/registry';
import { createWorkspace } from '../../core/service';
import { makeTempDir } from '../helpers/files';
import { bootDemo, type DemoApp, screenshot } from './harness';

const tmp = makeTempDir('qar-e2e-2026-');
let app: DemoApp;
let page: Page;

const row = (id: string) => page.locator(`tr[data-indicator="${id}"]`);
const cell = (id: string, year = 2026) => page.locator(`td[data-cell="${id}|${year}"]`);

async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');
}

async function previewAppendixNames(): Promise<string[]> {
  await page.getByRole('button', { name: '预览与导出' }).click();
  await page.locator('[data-paged="done"]').waitFor({ state: 'attached', timeout: 120_000 });
  return page.locator('.pp-pages .pp-table td.name').allTextContents();
}

describe('a 2026年度 高职 workspace: 待核实 rows (browser host + Chromium, 1366×768)', () => {
  beforeAll(async () => {
    const qar = join(tmp.dir, '重庆测试职业技术学院.qar');
    const fw = getFramework('cn-2026-gaozhi');
    const s = await createWorkspace(qar, {
      profile: { name: '重庆测试职业技术学院', level: '高职', category: '工科', region: '重庆市', reportYear: 2026 },
      framework: { id: fw.id, version: fw.version },
    });
    try {
      s.setValues(
        [
          { year: 2026, indicatorId: 'teachers_fulltime', value: 620 },
          { year: 2026, indicatorId: 'special_funding', value: 1800 },
        ],
        'manual',
        fw,
      );
    } finally {
      s.close();
    }
    app = await bootDemo({
      open: false,
      host: { args: ['--workspace', qar] },
      viewport: { width: 1366, height: 768 },
    });
    page = app.page;
    await page.goto(app.host.url);
    await page.getByTestId('grid').waitFor();
  });

  afterAll(async () => {
    await app?.close();
    tmp.cleanup();
  });

  it('marks the 待核实 rows in the grid and says what that means', async () => {
    await page.locator('[data-table="resources"]').click();
    const tag = row('teachers_senior').locator('.unconfirmed');
    await expect.poll(() => tag.textContent()).toBe('待核实');
    expect(await tag.getAttribute('title')).toBe(
      '待核实：本行是否为国家指标表的行目尚未确认。可以填写；留空时报告附表不印本行。',
    );
    expect(await row('teachers_fulltime').locator('.unconfirmed').count()).toBe(0);
    // a required one (the national checks use it) says so
    expect(await row('teachers_mental_health').locator('.unconfirmed').getAttribute('title')).toBe(
      '待核实：本行是否为国家指标表的行目尚未确认。校验要用到它，请填写；留空时报告附表不印本行。',
    );
    // a computed one is not typed: it says so (it said 「校验要用到它，请填写」)
    expect(await row('senior_teacher_rate').locator('.unconfirmed').getAttribute('title')).toBe(
      '待核实：本行是否为国家指标表的行目尚未确认。由公式自动计算，填好其组成数据即可；留空时报告附表不印本行。',
    );
    // the name and the tag both in view in the name column
    const th = await row('teachers_senior').locator('th').boundingBox();
    const box = await tag.boundingBox();
    expect(box && th && box.x + box.width <= th.x + th.width).toBe(true);
    await screenshot(page, 'edition-2026-unconfirmed-1366');
    await page.locator('[data-table="policy"]').click();
    await expect.poll(() => row('special_funding_per_student').locator('.unconfirmed').count()).toBe(1);
  });

  it('an empty 待核实 row is not in the preview’s 附表; typed, it is, with its value', async () => {
    let names = await previewAppendixNames();
    expect(names).toContain('其中：专任教师数');
    expect(names).not.toContain('年生均财政专项经费');
    await page.getByRole('button', { name: '数据填报' }).click();
    await page.locator('[data-table="policy"]').click();
    await cell('special_funding_per_student').click();
    await page.keyboard.type('1520.5');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell('special_funding_per_student').textContent()).toBe('1520.50');
    await saved();
    names = await previewAppendixNames();
    expect(names).toContain('年生均财政专项经费');
    const r = page.locator('.pp-pages .pp-table tr', {
      has: page.locator('td.name', { hasText: /^年生均财政专项经费$/ }),
    });
    expect(await r.locator('td').allTextContents()).toEqual(['3', '年生均财政专项经费', '元', '—', '1520.50']);
  });

  it('ran without page errors', () => {
    expect(app.browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
