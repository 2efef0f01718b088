/**
 * Bound figures in the writing view, in real Chromium against the browser host (issue #15 「Done when」): insert
 * 毕业去向落实率 into a 人才培养 paragraph from 插入数据, undo/redo it in the workspace history, copy the chip into
 * another paragraph, change a part in the grid → the chip and the preview follow.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDemo, type DemoApp, screenshot } from './harness';

let app: DemoApp;
let page: Page;

const cards = () => page.locator('.block-card[data-kind="paragraph"]');
const bodyOf = (i: number) => cards().nth(i).locator('.body-text .fig-text');
const rateChip = (i: number) =>
  cards()
    .nth(i)
    .locator('.body-text .fig-token', { hasText: /^\d+\.\d{2}%$/ });
const toast = () => page.getByTestId('notice').locator('span').first().textContent();
const saved = () =>
  expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');

async function openTalent(): Promise<void> {
  await page.getByRole('button', { name: '报告撰写' }).click();
  await page.locator('.chapter-link', { hasText: '人才培养' }).click();
  await cards().first().waitFor();
}

describe('bound figures in the writing view (browser host + Chromium)', () => {
  beforeAll(async () => {
    app = await bootDemo();
    page = app.page;
  });

  afterAll(() => app?.close());

  it('插入数据 puts a chip with the value at the caret; the workspace history undoes and redoes it', async () => {
    await openTalent();
    const before = await rateChip(0).count();
    await bodyOf(0).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('毕业去向落实率为');
    await page.getByRole('button', { name: '插入数据…' }).click();
    const picker = page.getByTestId('figure-picker');
    await picker.getByLabel('搜索指标').fill('毕业去向落实率');
    await picker
      .locator('.fig-list button', { has: page.locator('.fig-name', { hasText: /^毕业去向落实率$/ }) })
      .click();
    await expect.poll(() => rateChip(0).count()).toBe(before + 1);
    expect(await rateChip(0).last().textContent()).toBe('90.98%');
    await page.keyboard.type('。');
    await screenshot(page, 'figures-01-chip-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
    await rateChip(0).last().scrollIntoViewIfNeeded();
    await screenshot(page, 'figures-01-chip-1093');
    await page.setViewportSize({ width: 1440, height: 900 });

    // leave the field (one step in the workspace history), then Ctrl+Z / Ctrl+Y outside any text field
    await page.locator('.outline h3').click();
    await saved();
    await page.keyboard.press('Control+z');
    await expect.poll(() => rateChip(0).count()).toBe(before);
    expect(await toast()).toMatch(/^已撤销：/);
    await page.keyboard.press('Control+y');
    await expect.poll(() => rateChip(0).count()).toBe(before + 1);
    await saved();
  });

  it('a chip copied into another paragraph stays a chip (not typed digits)', async () => {
    const target = 1;
    const had = await rateChip(target).count();
    await rateChip(0).last().click(); // selects the chip as one unit
    await page.keyboard.press('Control+c');
    await bodyOf(target).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+v');
    await expect.poll(() => rateChip(target).count()).toBe(had + 1);
    // inside the field its own undo takes the paste back
    await page.keyboard.press('Control+z');
    await expect.poll(() => rateChip(target).count()).toBe(had);
    await page.keyboard.press('Control+y');
    await expect.poll(() => rateChip(target).count()).toBe(had + 1);
    await page.locator('.outline h3').click();
    await saved();
  });

  it('plain text holding a marker (copied from 上一年度参考 or an export) pastes as a chip', async () => {
    const target = 1;
    const chip = cards().nth(target).locator('.fig-token[data-fig="fig:student_teacher_ratio:2024"]');
    const had = await chip.count();
    await bodyOf(target).click();
    await page.keyboard.press('Control+End');
    await bodyOf(target).evaluate((el) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', '生师比{{fig:student_teacher_ratio:2024}}。');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => chip.count()).toBe(had + 1);
    expect(await chip.last().textContent()).toMatch(/^\d+\.\d{2}:1$/);
    await page.locator('.outline h3').click();
    await saved();
  });

  it('识别数字 lists typed figures with what the data say; 全部绑定 turns the agreeing ones into chips', async () => {
    const target = 2;
    await bodyOf(target).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('2024年专任教师706人，毕业去向落实率95.00%。');
    await page.locator('.outline h3').click();
    await saved();
    const chips = await cards().nth(target).locator('.fig-token').count();
    await page.getByRole('button', { name: '识别数字' }).click();
    const dlg = page.getByTestId('recognize-dialog');
    await dlg.waitFor();
    const row = (typed: string) => dlg.locator('.recognize-list li', { hasText: `「${typed}」` });
    await expect.poll(() => row('706人').count()).toBe(1);
    expect(await row('706人').locator('.rc-data').textContent()).toBe('与数据一致');
    expect(await row('95.00%').locator('.rc-data').textContent()).toBe('与数据不一致：数据为 90.98%');
    await screenshot(page, 'figures-02-recognize-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
    await screenshot(page, 'figures-02-recognize-1093');
    await page.setViewportSize({ width: 1440, height: 900 });
    await dlg.getByRole('button', { name: /^全部绑定/ }).click();
    // the agreeing figure is bound; the contradicting one stays typed until the user binds it
    await expect.poll(() => row('706人').count()).toBe(0);
    expect(await row('95.00%').count()).toBe(1);
    await dlg.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => cards().nth(target).locator('.fig-token').count()).toBeGreaterThan(chips);
    expect(await bodyOf(target).textContent()).toContain('专任教师706 人，毕业去向落实率95.00%。');
    await saved();
  });

  it('changing a part in the grid updates the chip and the preview', async () => {
    await page.getByRole('button', { name: '数据填报' }).click();
    const cell = page.locator('td[data-cell="grad_contract|2024"]');
    const old = Number(((await cell.locator('.v').textContent()) ?? '').trim());
    await cell.click();
    await page.keyboard.type(String(old + 40));
    await page.keyboard.press('Enter');
    await saved();
    const rate = (((3389 + 40) / 3725) * 100).toFixed(2);
    await openTalent();
    await expect.poll(() => rateChip(0).last().textContent()).toBe(`${rate}%`);
    await page.getByRole('button', { name: '预览与导出' }).click();
    // the paged preview lays out, then says done; a sentence may run across two sheets
    await page.locator('[data-paged="done"]').waitFor({ state: 'attached', timeout: 90_000 });
    const text = async () => (await page.locator('.pp-sheet').allTextContents()).join('').replace(/\s+/g, '');
    await expect.poll(text, { timeout: 20_000 }).toContain(`毕业去向落实率为${rate}%。`);
    expect(app.browser.errors).toEqual([]);
  });

  it('自评 in the side panel: four dimensions with evidence, fix and basis; it follows an edit', async () => {
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.getByTestId('selfcheck-tab').click();
    const panel = page.getByTestId('selfcheck');
    await panel.waitFor();
    expect(await panel.locator('.sc-dim h4 > span:first-child').allTextContents()).toEqual([
      '框架结构',
      '内容质量',
      '编制与报送',
      '特色亮点',
    ]);
    expect(await panel.locator('.sc-disclaimer').textContent()).toContain('不是官方评分标准');
    const bound = panel.locator('.sc-item', { hasText: '正文数字引用表格数据' }).locator('.sc-evidence');
    const before = (await bound.textContent()) ?? '';
    expect(before).toMatch(/已绑定 \d+ 处/);
    await screenshot(page, 'figures-03-selfcheck-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
    await screenshot(page, 'figures-03-selfcheck-1093');
    await page.setViewportSize({ width: 1440, height: 900 });
    // one more bound figure in the text: the evidence counts it
    await openTalent();
    await bodyOf(0).click();
    await page.keyboard.press('Control+End');
    await page.getByRole('button', { name: '插入数据…' }).click();
    const picker = page.getByTestId('figure-picker');
    await picker.getByLabel('搜索指标').fill('生师比');
    await picker.locator('.fig-list button', { has: page.locator('.fig-name', { hasText: /^生师比$/ }) }).click();
    const n = Number(/已绑定 (\d+) 处/.exec(before)?.[1]);
    await expect.poll(() => bound.textContent()).toMatch(new RegExp(`已绑定 ${n + 1} 处`));
  });
});
