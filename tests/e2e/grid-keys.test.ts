/**
 * The grid works like Excel from the keyboard (issue #13), in real Chromium against the browser host, on the demo
 * school (表1 人才培养质量计分卡, years 2022–2024): Enter / Shift+Enter, F2, Home/End, Ctrl+Home/End, Ctrl+Arrow,
 * PageUp/PageDown, Ctrl+PageUp/PageDown, Ctrl+A, Ctrl+D / Ctrl+R (one undo step each), 0.95 in a % cell, the
 * required marker, Esc/Tab/F6 leaving the grid, and the right-click menu (mouse and Shift+F10).
 * Screenshots: artifacts/screenshots/grid-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, bootDemo, type Host, screenshot } from './harness';

let host: Host;
let browser: Browser;
let page: Page;

const cell = (id: string, year = 2024) => page.locator(`td[data-cell="${id}|${year}"]`);
const text = async (id: string, year = 2024) => ((await cell(id, year).locator('.v').textContent()) ?? '').trim();
/** the active cell, as `indicator|year` */
const selected = () => page.locator('td[data-selected]').getAttribute('data-cell');
const toast = () => page.getByTestId('notice').locator('span').first().textContent();
const focused = () =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el ? `${el.tagName.toLowerCase()}.${el.className}` : '';
  });
const key = (k: string) => page.keyboard.press(k);

async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');
}

async function typeInto(id: string, value: string, year = 2024): Promise<void> {
  await cell(id, year).click();
  await page.keyboard.type(value);
  await key('Enter');
}

describe('the grid from the keyboard (browser host + Chromium)', () => {
  beforeAll(async () => {
    ({ host, browser, page } = await bootDemo());
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.url });
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('Enter moves down, Shift+Enter up; F2 edits what is there and Esc cancels', async () => {
    await saved();
    await cell('grad_total').click();
    await key('Enter');
    await expect.poll(selected).toBe('grad_contract|2024');
    await key('Shift+Enter');
    await expect.poll(selected).toBe('grad_total|2024');
    const before = await text('grad_total');
    await key('F2');
    const input = cell('grad_total').locator('input.cell-input');
    await input.waitFor();
    expect(await input.inputValue()).toBe(before);
    await page.keyboard.type('9');
    await key('Escape');
    await expect.poll(() => input.count()).toBe(0);
    expect(await text('grad_total')).toBe(before);
    // typing and Enter: saved, and the selection goes down
    await page.keyboard.type('3800');
    await key('Enter');
    await saved();
    expect(await text('grad_total')).toBe('3800');
    await expect.poll(selected).toBe('grad_contract|2024');
  });

  it('Home / End, Ctrl+Home / Ctrl+End, Ctrl+Arrow and PageUp / PageDown', async () => {
    const rows = await page
      .locator('.grid tbody tr')
      .evaluateAll((trs) => trs.map((t) => t.getAttribute('data-indicator')));
    const last = rows.at(-1);
    await cell('grad_contract').click();
    await key('Home');
    await expect.poll(selected).toBe('grad_contract|2022');
    await key('End');
    await expect.poll(selected).toBe('grad_contract|2024');
    await key('Control+End');
    await expect.poll(selected).toBe(`${last}|2024`);
    await key('Control+Home');
    await expect.poll(selected).toBe(`${rows[0]}|2022`);
    // Ctrl+↓ from a filled cell: the last filled cell of its run (the next one down is empty, or the table ends)
    await key('End');
    await key('Control+ArrowDown');
    const at = (await selected()) ?? '';
    const i = rows.indexOf(at.split('|')[0] ?? '');
    expect(i).toBeGreaterThan(0);
    expect(await text(rows[i] ?? '')).not.toBe('');
    if (i < rows.length - 1) expect(await text(rows[i + 1] ?? '')).toBe('');
    await key('Control+ArrowUp');
    await key('Control+ArrowUp');
    await expect.poll(selected).toBe(`${rows[0]}|2024`);
    await key('PageDown');
    const down = rows.indexOf(((await selected()) ?? '').split('|')[0] ?? '');
    expect(down).toBeGreaterThan(1); // a page, not a row
    await key('PageUp');
    await expect.poll(selected).toBe(`${rows[0]}|2024`);
    // Shift+End extends the range
    await key('Home');
    await key('Shift+End');
    expect(await page.locator('td.in-range').count()).toBe(3);
  });

  it('Ctrl+PageDown / Ctrl+PageUp switch table; Ctrl+A selects the whole table', async () => {
    await cell('grad_total').click();
    await key('Control+PageDown');
    await expect.poll(() => page.locator('.table-tab.active').getAttribute('data-table')).toBe('satisfaction');
    await expect.poll(selected).toBe('sat_graduates|2024');
    await key('Control+PageUp');
    await expect.poll(() => page.locator('.table-tab.active').getAttribute('data-table')).toBe('scorecard');
    await expect.poll(selected).toBe('grad_total|2024');
    await key('Control+a');
    const rows = await page.locator('.grid tbody tr').count();
    expect(await page.locator('td.in-range').count()).toBe(rows * 3);
    await key('ArrowDown'); // back to one cell
    expect(await page.locator('td.in-range').count()).toBe(0);
  });

  it('Ctrl+D fills down and Ctrl+R fills right through the one value path: saved, one undo step each', async () => {
    // one cell: from the cell above
    await typeInto('grad_flexible', '111');
    await saved();
    await expect.poll(selected).toBe('grad_startup|2024');
    const startup = await text('grad_startup');
    await key('Control+d');
    await expect.poll(() => text('grad_startup')).toBe('111');
    await saved();
    await key('Control+z');
    await expect.poll(() => text('grad_startup')).toBe(startup);
    await saved();

    // a range: the first row into the rows below, in one save and one undo step
    const src = await text('grad_contract', 2022);
    const before = [await text('grad_flexible', 2022), await text('grad_startup', 2022)];
    await cell('grad_contract', 2022).click();
    await cell('grad_startup', 2022).click({ modifiers: ['Shift'] });
    await key('Control+d');
    await expect.poll(() => text('grad_startup', 2022)).toBe(src);
    expect(await text('grad_flexible', 2022)).toBe(src);
    await saved();
    expect(await toast()).toContain('已向下填充 2 个单元格');
    await screenshot(page, 'grid-fill-down-1440');
    await key('Control+z');
    await expect.poll(() => text('grad_startup', 2022)).toBe(before[1]);
    expect(await text('grad_flexible', 2022)).toBe(before[0]);
    await saved();

    // fill right along a row
    const y22 = await text('grad_unplaced', 2022);
    await cell('grad_unplaced', 2022).click();
    await cell('grad_unplaced', 2024).click({ modifiers: ['Shift'] });
    await key('Control+r');
    await expect.poll(() => text('grad_unplaced', 2024)).toBe(y22);
    expect(await text('grad_unplaced', 2023)).toBe(y22);
    await saved();
    await key('Control+z');
    await saved();

    // a computed cell takes nothing, and the toast says which and why
    await cell('grad_further_study').click();
    await cell('grad_placed').click({ modifiers: ['Shift'] });
    const placed = await text('grad_placed');
    await key('Control+d');
    await expect.poll(toast).toContain('毕业去向落实人数（2024年）：由公式自动计算');
    await saved();
    expect(await text('grad_placed')).not.toBe('');
    expect(placed).not.toBe('');
    await key('Control+z');
    await saved();
  });

  it('0.95 typed into a % cell asks whether 95% was meant; the choice is saved exactly', async () => {
    await typeInto('grad_local_rate', '0.95');
    const ask = page.getByTestId('percent-slip');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('是否指 95%');
    await screenshot(page, 'grid-percent-ask-1440');
    await ask.getByRole('button', { name: '改为 95%' }).click();
    await expect.poll(() => text('grad_local_rate')).toBe('95.00');
    await saved();
    // Esc keeps what was typed (the user's input is never changed without asking)
    await typeInto('grad_local_rate', '0.5');
    await ask.waitFor();
    await key('Escape');
    await expect.poll(() => text('grad_local_rate')).toBe('0.50');
    await saved();
    // with the % sign there is nothing to ask
    await typeInto('grad_local_rate', '0.8%');
    await expect.poll(() => text('grad_local_rate')).toBe('0.80');
    expect(await ask.count()).toBe(0);
    await saved();
  });

  it('required rows carry a visible * (all years, and years with graduates)', async () => {
    const star = page.locator('tr[data-indicator="grad_total"] th .req');
    expect(await star.textContent()).toBe('*');
    expect(await star.getAttribute('title')).toBe('有毕业生的年度必填');
    const th = await page.locator('tr[data-indicator="grad_total"] th').boundingBox();
    const box = await star.boundingBox();
    expect(box && th && box.width > 0 && box.x + box.width <= th.x + th.width).toBe(true);
    expect(await page.locator('tr[data-indicator="grad_not_seeking"] th .req').count()).toBe(0);
  });

  it('Esc, Tab at the last column and F6 take the focus out of the grid; F6 comes back to it', async () => {
    await cell('grad_total').click();
    await key('Escape');
    await expect.poll(focused).toContain('table-tab active');
    await cell('grad_total', 2024).click();
    await key('Tab'); // last year column: Tab leaves
    await expect.poll(focused).not.toContain('keysink');
    await cell('grad_total', 2023).click();
    await key('Tab'); // not the last: stays, moves right
    await expect.poll(selected).toBe('grad_total|2024');
    expect(await focused()).toContain('keysink');
    await key('F6');
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('aside.side'))).toBe(true);
    await key('F6');
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.topbar'))).toBe(true);
    await key('F6');
    await expect.poll(focused).toContain('keysink');
    await key('Shift+F6');
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.topbar'))).toBe(true);
  });

  it('right-click menu: 复制, 清除 (undoable), 修改记录, 按公式重新计算, 插入到正文 answered by the bound figures', async () => {
    await cell('grad_contract').click({ button: 'right' });
    const menu = page.getByTestId('grid-menu');
    await menu.waitFor();
    const items = await menu.locator('button').evaluateAll((bs) => bs.map((b) => b.textContent));
    expect(items.map((t) => t?.replace(/Ctrl\+\w|Delete|即将提供/g, ''))).toEqual([
      '复制',
      '粘贴',
      '清除',
      '标为不适用…',
      '插入到正文',
      '批注',
      '修改记录',
      '按公式重新计算',
    ]);
    const insert = menu.locator('[data-item="insert"]');
    // answered by the bound figures (renderer/store/figures.ts registers the handler)
    expect(await insert.isDisabled()).toBe(false);
    expect(await insert.getAttribute('title')).toBe('把这个数字作为绑定数字插入报告正文');
    expect(await menu.locator('[data-item="recompute"]').isDisabled()).toBe(true); // not a derived indicator
    await screenshot(page, 'grid-menu-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
    await cell('grad_contract').click({ button: 'right' }); // a resize closes the menu
    await menu.waitFor();
    await screenshot(page, 'grid-menu-1093');
    await page.setViewportSize({ width: 1440, height: 900 });

    const value = await text('grad_contract');
    await cell('grad_contract').click({ button: 'right' }); // a resize closes the menu
    await menu.locator('[data-item="copy"]').click();
    await expect.poll(() => menu.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(value);

    await cell('grad_contract').click({ button: 'right' });
    await menu.locator('[data-item="clear"]').click();
    await expect.poll(() => text('grad_contract')).toBe('');
    await saved();
    await key('Control+z');
    await expect.poll(() => text('grad_contract')).toBe(value);
    await saved();

    await cell('grad_contract').click({ button: 'right' });
    await menu.locator('[data-item="history"]').click();
    await expect.poll(() => page.locator('aside.side').getAttribute('aria-label')).toBe('修改记录');
    await page.locator('aside.side .side-tabs button', { hasText: '校验结果' }).click();

    // the keyboard opens it too (Shift+F10), the arrows move in it, Esc gives the focus back to the grid
    await cell('grad_placement_rate').click();
    await key('Shift+F10');
    await menu.waitFor();
    expect(await menu.locator('[data-item="recompute"]').isDisabled()).toBe(false);
    await key('ArrowUp'); // wraps to the last item
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-item'))).toBe('recompute');
    await key('Enter');
    await expect.poll(toast).toBe('没有需要重新计算的单元格');
    await key('Shift+F10');
    await menu.waitFor();
    await key('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    expect(await focused()).toContain('keysink');
  });

  it('columns are resizable as in Excel: drag a header edge, ←/→ on it, double-click resets; kept after a reload', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const head = page.locator('th.h-year[data-year="2024"]');
    const width = async () => Math.round((await head.boundingBox())?.width ?? 0);
    const before = await width();
    const handle = head.getByTestId('col-resizer-year');
    const box = (await handle.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect.poll(width).toBeGreaterThanOrEqual(before + 50);
    const dragged = await width();
    await handle.focus();
    await key('ArrowLeft');
    await expect.poll(width).toBeLessThan(dragged);
    const kept = await width();
    await page.reload();
    await page.getByTestId('grid').waitFor();
    await expect.poll(width).toBe(kept);
    await screenshot(page, 'grid-columns-1440');
    await page.locator('th.h-year[data-year="2024"]').getByTestId('col-resizer-year').dblclick();
    await expect.poll(width).toBeLessThan(kept);
  });

  it('ran without page errors', () => {
    expect(browser.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
