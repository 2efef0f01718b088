/**
 * One value everywhere, in real Chromium against the browser host (issue #9):
 * 1. the demo school, 表1 2024: 毕业生数 3725→3800 and 协议和合同就业人数 2318→2200 typed in the grid → the grid,
 *    the findings panel and the preview's appendix all show 毕业去向落实率 86.08% (3271 / 3800);
 * 2. a file written by an older version with stale stored copies: the conflicting cell is marked, its finding
 *    offers the fix, 「按公式重新计算」 on the cell clears it, the toolbar button clears the rest;
 * 3. without its parts a derived cell takes a typed 填报值 (marked); with its parts back a differing 填报值 is a
 *    conflict, while a computed cell refuses typing and names the cells that make it;
 * 4. 区县审核 of a school with 满意度 101.5 and one with stale stored counts: no figure above 100%, both schools'
 *    problems listed under the aggregates, and the 高职+中职 totals.
 * Screenshots: artifacts/screenshots/values-*.png (1440×900 and 1093×614).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExportAsWorkspace } from '../../core/service';
import { buildDemoExport } from '../../seeds/demo/index';
import { bootDemo, type DemoApp, openDemo, screenshotBothSizes } from './harness';

const YEAR = 2024;
const RATE = ((2200 + 402 + 28 + 641) / 3800) * 100; // 86.078… → 86.08

let app: DemoApp;
let page: Page;

const cell = (id: string, year = YEAR) => page.locator(`td[data-cell="${id}|${year}"]`);
const cellText = async (id: string) => ((await cell(id).locator('.v').textContent()) ?? '').trim();

async function typeInto(id: string, text: string): Promise<void> {
  await cell(id).click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');
}

const shots = (name: string) => screenshotBothSizes(page, name);

describe('one value everywhere (browser host + Chromium)', () => {
  beforeAll(async () => {
    app = await bootDemo({ open: false });
    page = app.page;
  });
  afterAll(() => app?.close());

  it('demo: two parts typed → grid, findings panel and preview agree on 毕业去向落实率', async () => {
    await openDemo(page, app.host);
    await expect.poll(() => cellText('grad_placement_rate')).toBe('90.98');

    await typeInto('grad_total', '3800');
    await saved();
    await typeInto('grad_contract', '2200');
    await saved();
    await expect.poll(() => cellText('grad_placed')).toBe('3271');
    await expect.poll(() => cellText('grad_placement_rate')).toBe(RATE.toFixed(2));
    // the demo stored copies of the derived values: they followed their parts, no conflict is left
    expect(await page.locator('td[data-conflict]').count()).toBe(0);

    // the findings panel: the demo's text binds 毕业去向落实率 to the data (core/figures), so the text follows and
    // there is nothing to report about it; no finding quotes the old numbers
    const findings = page.getByTestId('findings');
    await findings.waitFor();
    const narrative = findings.locator('.finding[data-rule="narrative.key_numbers"]', { hasText: '毕业去向落实率' });
    expect(await narrative.count()).toBe(0);
    const all = (await findings.textContent()) ?? '';
    expect(all).not.toContain('3389');
    expect(all).not.toContain('89.18');
    await cell('grad_placement_rate').click();
    await shots('values-01-grid');

    // the preview prints the same number in the appendix
    await page.getByRole('button', { name: '预览与导出' }).click();
    // (the paged preview's sheets; its hidden measuring pass is not counted)
    const row = page.locator('.pp-sheet .pp-table tr', { has: page.locator('td', { hasText: /^毕业去向落实率$/ }) });
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await row.locator('td.num').last().textContent())?.trim()).toBe(RATE.toFixed(2));
    // placed as the Word 附表 places it: the table text style centres a number (core/docx/style-defs.ts)
    expect(
      await row
        .locator('td.num')
        .last()
        .evaluate((td) => getComputedStyle(td).textAlign),
    ).toBe('center');
    await row.scrollIntoViewIfNeeded();
    await shots('values-02-preview');
    // and the text of the report prints it too
    // the paged preview lays out, then says done; a sentence may run across two sheets
    await page.locator('[data-paged="done"]').waitFor({ state: 'attached', timeout: 90_000 });
    const text = async () => (await page.locator('.pp-sheet').allTextContents()).join('').replace(/\s+/g, '');
    await expect.poll(text, { timeout: 20_000 }).toContain(`毕业去向落实率${RATE.toFixed(2)}%`);
  });

  it('a stale stored copy: marked on its cell, fixed with one click, the rest with the toolbar button', async () => {
    const demo = structuredClone(await buildDemoExport());
    const set = (id: string, value: number) => {
      demo.values.find((v) => v.indicatorId === id && v.year === YEAR)!.value = value;
    };
    // an older version's file: the parts changed, the stored 落实人数 / 落实率 / 升学率 … left as they were
    set('grad_total', 3800);
    set('grad_contract', 2200);
    set('grad_unplaced', 495);
    demo.profile = { ...demo.profile, name: '旧版本示例学院' };
    const file = join(app.host.outDir, '旧版本文件.qar');
    writeExportAsWorkspace(demo, file);

    await page.getByRole('button', { name: '关闭', exact: true }).click();
    await page.getByLabel('文件路径（.qar）').fill(file);
    await page.getByRole('button', { name: '打开', exact: true }).click();
    await page.getByTestId('grid').waitFor();

    // the grid shows the computed value; the stale copy is marked, and its finding says how to fix it
    await expect.poll(() => cellText('grad_placed')).toBe('3271');
    await expect.poll(() => cell('grad_placed').getAttribute('data-conflict')).toBe('true');
    const finding = page.locator('.finding[data-rule="derived.grad_placed"]');
    await expect.poll(() => finding.count(), { timeout: 10_000 }).toBe(1);
    expect(await finding.textContent()).toContain('3389');
    const all = page.getByTestId('recompute-all');
    await expect.poll(() => all.textContent()).toMatch(/按公式重新计算（\d+ 处）/);
    const before = Number(/（(\d+) 处）/.exec((await all.textContent()) ?? '')?.[1]);
    expect(before).toBeGreaterThan(1);

    await cell('grad_placed').click();
    const fix = cell('grad_placed').getByRole('button', { name: '按公式重新计算' });
    await fix.waitFor();
    await expect.poll(() => page.getByTestId('cell-origin').textContent()).toContain('3389');
    await shots('values-03-conflict');
    await fix.click();
    await expect.poll(() => cell('grad_placed').getAttribute('data-conflict')).toBeNull();
    await expect.poll(() => finding.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(async () => Number(/（(\d+) 处）/.exec((await all.textContent()) ?? '')?.[1])).toBe(before - 1);

    await all.click();
    await expect.poll(() => all.count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator('td[data-conflict]').count()).toBe(0);
    await expect.poll(() => page.locator('.finding[data-rule^="derived."]').count()).toBe(0);
    expect(await cellText('grad_placed')).toBe('3271');
    await shots('values-04-fixed');
  });

  it('without its parts a derived cell takes a typed 填报值; with its parts back a differing one is a conflict', async () => {
    // 毕业生数 cleared: the rates cannot be computed and their (agreeing) copies went with it
    await cell('grad_total').click();
    await page.keyboard.press('Delete');
    await saved();
    await expect.poll(() => cellText('grad_placement_rate')).toBe('—');
    expect(await cell('grad_placement_rate').getAttribute('class')).not.toContain('ro');
    // a computed cell still refuses typing, and says which cells make it
    await cell('grad_placed').click();
    await page.keyboard.type('1');
    await expect.poll(() => cell('grad_placed').locator('.cell-error').textContent()).toContain('组成数据');
    await page.keyboard.press('Escape');

    await typeInto('grad_placement_rate', '91');
    await saved();
    await expect.poll(() => cell('grad_placement_rate').getAttribute('data-origin')).toBe('reported');
    await expect.poll(() => cellText('grad_placement_rate')).toBe('91.00');
    await cell('grad_placement_rate').click();
    await expect.poll(() => page.getByTestId('cell-origin').textContent()).toContain('填报值');
    await shots('values-05-reported');

    await typeInto('grad_total', '3800');
    await saved();
    await expect.poll(() => cell('grad_placement_rate').getAttribute('data-conflict')).toBe('true');
    await expect.poll(() => cellText('grad_placement_rate')).toBe(RATE.toFixed(2));
    await expect.poll(() => page.locator('.finding[data-rule="derived.grad_placement_rate"]').count()).toBe(1);
  });

  it('区县审核: a school with 满意度 101.5 and one with stale counts → no figure above 100%, both listed', async () => {
    const demo = await buildDemoExport();
    const dir = join(app.host.outDir, '报送');
    mkdirSync(dir);
    const x = structuredClone(demo);
    x.profile = { ...x.profile, name: '甲职业技术学院', code: 'X001' };
    x.values.find((v) => v.indicatorId === 'sat_graduates' && v.year === YEAR)!.value = 101.5;
    const y = structuredClone(demo);
    y.profile = { ...y.profile, name: '乙职业技术学院', code: 'Y001' };
    y.values.find((v) => v.indicatorId === 'grad_total' && v.year === YEAR)!.value = 2520;
    y.values.find((v) => v.indicatorId === 'grad_contract' && v.year === YEAR)!.value = 1113;
    writeExportAsWorkspace(x, join(dir, 'x.qar'));
    writeExportAsWorkspace(y, join(dir, 'y.qar'));

    await page.getByRole('button', { name: '关闭', exact: true }).click();
    await page.getByRole('button', { name: '进入区县审核' }).click();
    await page.getByLabel('要审核的文件或文件夹').fill(dir);
    await page.getByRole('button', { name: /开始审核/ }).click();
    await page.getByTestId('matrix').waitFor();
    await page.getByRole('button', { name: '汇总', exact: true }).click();
    const agg = page.getByTestId('aggregates');
    await agg.waitFor();
    const percents = await agg.locator('tr', { has: page.locator('td.unit', { hasText: /^%$/ }) }).allTextContents();
    expect(percents.length).toBeGreaterThan(5);
    for (const row of percents)
      for (const n of row.match(/\d+\.\d{2}/g) ?? []) expect(Number(n), row).toBeLessThanOrEqual(100);
    const rate = agg.locator('tr', { has: page.locator('th', { hasText: /^毕业去向落实率$/ }) }).first();
    expect(await rate.textContent()).toContain(((3389 / 3725) * 100).toFixed(2));
    const excluded = page.getByTestId('agg-excluded');
    await expect.poll(() => excluded.textContent()).toContain('甲职业技术学院');
    expect(await excluded.textContent()).toContain('乙职业技术学院');
    expect(await excluded.textContent()).toContain('百分比应在 0～100 之间');
    await excluded.scrollIntoViewIfNeeded();
    await shots('values-06-review-excluded');
    await page.getByRole('tab', { name: '高职+中职' }).click();
    await expect.poll(() => page.getByTestId('totals').textContent()).toContain('横向技术服务到款额');
    await shots('values-07-review-totals');
  });
});
