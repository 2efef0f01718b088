/**
 * Wave 10 audit of a school's report editor's path, by keyboard, at 1366×768, in real Chromium against the browser
 * host: a new 2026年度 中职 workspace made on the start page, then
 * 1. 「段落」/「【案例】」 pressed by keyboard put the focus in the new block's first field, so what is typed next
 *    goes there (it went to the button, and was lost);
 * 2. a cell marked 「不适用」 from the grid's own menu (Shift+F10; it was only in the side panel), the reason typed
 *    straight into the dialog (the focus was on its confirm button), then undone and redone by keyboard (the mark
 *    was not in the history: Ctrl+Z undid the number typed before it, and left the mark);
 * 3. the outline of 报告撰写 numbers the chapters as the preview and the Word report print them: an optional
 *    chapter left empty (学校概况) is not printed, so 人才培养 is 1 there (the outline said 2, and its 图 2-… were
 *    printed 图 1-…);
 * 4. 删除 of a block and 移除 of a case photo by keyboard leave the focus next to what went (it fell to the page
 *    body); 删除本节 of a section with content, which cannot be undone, starts its dialog on 取消.
 * Screenshots: artifacts/screenshots/editor-audit-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDemo, type DemoApp, ROOT, screenshot } from './harness';
import { layoutProblems } from './layout-check';

const YEAR = 2026;
const PHOTO = join(ROOT, 'seeds/demo/images/workshop.jpg');
let app: DemoApp;
let page: Page;

const cell = (id: string, year = YEAR) => page.locator(`td[data-cell="${id}|${year}"]`);
const focused = () =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a ? `${a.tagName.toLowerCase()}|${a.getAttribute('aria-label') ?? ''}|${a.textContent ?? ''}` : '';
  });
/** a frame after the window took its new size: its resize event (which closes the grid menu) has been handled */
const afterResize = () =>
  page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');
}

beforeAll(async () => {
  app = await bootDemo({ open: false, viewport: { width: 1366, height: 768 } });
  page = app.page;
  await page.goto(app.host.url);
  await page.locator('#new-school-name').fill('重庆市某某职业教育中心');
  await page.getByRole('combobox', { name: '办学层次' }).selectOption('中职');
  expect(await page.getByRole('combobox', { name: '报告年度' }).inputValue()).toBe(String(YEAR));
  await page.getByRole('button', { name: '新建', exact: true }).click();
  await page.getByTestId('grid').waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('a school editor’s path by keyboard (new 2026年度 中职 workspace, 1366×768)', () => {
  it('a cell marked 不适用 from the grid menu: the reason is typed into the dialog, undo/redo by keyboard', async () => {
    // a number typed first: marking clears it, and undoing the mark must bring it back (Ctrl+Z undid this typing
    // instead, and left the mark)
    await cell('grad_not_seeking').click();
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await saved();
    await page.keyboard.press('ArrowUp');
    const menu = page.getByTestId('grid-menu');
    // the longer menu is whole inside the window at the smaller screen too (a resize closes the menu: sized first)
    await page.setViewportSize({ width: 1093, height: 614 });
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(1093);
    await afterResize();
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    await screenshot(page, 'editor-audit-00-grid-menu-1093');
    expect(await layoutProblems(page, ['[data-testid="grid-menu"]', '[data-testid="grid-menu"] button'])).toEqual([]);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1366, height: 768 });
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(1366);
    await afterResize();
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    // the menu's keys: down to 「标为不适用…」 (bounded: a missing item fails here, not by a timeout)
    for (let i = 0; i < 12 && !(await focused()).includes('标为不适用'); i++) await page.keyboard.press('ArrowDown');
    expect(await focused()).toContain('标为不适用');
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('na-dialog');
    await dialog.waitFor();
    // the one field the dialog needs has the focus: typing goes into it, not to a button (or the grid behind)
    await expect.poll(focused).toMatch(/^textarea\|不适用的原因\|/);
    await page.keyboard.type('本年度无暂不就业学生');
    await screenshot(page, 'editor-audit-01-na-reason');
    expect(await dialog.getByLabel('不适用的原因').inputValue()).toBe('本年度无暂不就业学生');
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^button\|\|标为不适用$/);
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => cell('grad_not_seeking').textContent()).toBe('不适用');
    await saved();
    // back in the grid where the user was: the keys go on from that cell
    await expect.poll(focused).toMatch(/^input\|人才培养质量计分卡：暂不就业人数 2026年/);

    await page.keyboard.press('Control+z');
    await expect.poll(() => cell('grad_not_seeking').textContent()).toBe('12');
    await expect
      .poll(() => page.getByTestId('notice').locator('span').first().textContent())
      .toBe('已撤销：表1 暂不就业人数（2026年）取消「不适用」，恢复为 12');
    await saved();
    await page.keyboard.press('Control+y');
    await expect.poll(() => cell('grad_not_seeking').textContent()).toBe('不适用');
    await saved();
    await screenshot(page, 'editor-audit-02-na-marked');

    // the same menu on the marked cell takes the mark back
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    expect(await menu.getByRole('menuitem', { name: '撤销「不适用」' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });

    // a number typed into the marked cell ends the mark; undoing the number brings the mark and its reason back
    // (it left the cell empty, the reason gone)
    await page.keyboard.type('7');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell('grad_not_seeking').textContent()).toBe('7');
    await saved();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Control+z');
    await expect.poll(() => cell('grad_not_seeking').textContent()).toBe('不适用');
    await saved();
    await expect.poll(() => cell('grad_not_seeking').getAttribute('title')).toContain('本年度无暂不就业学生');
    await page.keyboard.press('Control+y');
    await expect.poll(() => cell('grad_not_seeking').textContent()).toBe('7');
    await saved();
    await page.keyboard.press('Control+z');
    await expect.poll(() => cell('grad_not_seeking').textContent()).toBe('不适用');
    await saved();
  });

  it('「段落」 and 「【案例】」 pressed by keyboard: what is typed next goes into the new block', async () => {
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.locator('.chapter-link', { hasText: '人才培养' }).click();
    const section = page.locator('.section-part').first();
    const addPara = section.locator('.add-bar').getByRole('button', { name: '段落' });
    await addPara.focus();
    await page.keyboard.press('Enter');
    const para = section.locator('.block-card[data-kind="paragraph"]');
    await para.waitFor();
    await expect.poll(focused).toMatch(/\|段首句\|/);
    await page.keyboard.type('学校坚持立德树人。');
    await expect.poll(() => para.getByLabel('段首句').textContent()).toBe('学校坚持立德树人。');
    await screenshot(page, 'editor-audit-03-new-paragraph');

    const addCase = section.locator('.add-bar').getByRole('button', { name: '【案例】' });
    await addCase.focus();
    await page.keyboard.press('Enter');
    const card = section.locator('.block-card[data-kind="case"]');
    await card.waitFor();
    await expect.poll(focused).toMatch(/^input\|案例标题\|/);
    await page.keyboard.type('产教融合共育工匠');
    expect(await card.getByLabel('案例标题').inputValue()).toBe('产教融合共育工匠');
    await page.keyboard.press('Tab');
    await saved();
    await screenshot(page, 'editor-audit-04-new-case');
  });

  it('the outline numbers the chapters as the report prints them: an empty 学校概况 is left out, then counted', async () => {
    const link = (title: string) => page.locator('.chapter-link', { hasText: title });
    const previewHeadings = async () => {
      await page.getByRole('button', { name: '预览与导出' }).click();
      await page.locator('[data-paged="done"]').waitFor({ state: 'attached', timeout: 90_000 });
      const h = await page.locator('.pp-sheet .pp-h1').allTextContents();
      await page.getByRole('button', { name: '报告撰写' }).click();
      return h.map((t) => t.replace(/\s+/g, ' ').trim());
    };
    // 人才培养 has a paragraph and a case (above); 学校概况 (optional in the school outline) has nothing yet
    expect(await previewHeadings()).toContain('1 人才培养');
    await expect.poll(() => link('人才培养').locator('.num').textContent()).toBe('1');
    expect(await link('学校概况').locator('.num').textContent()).toBe('');
    expect(await link('学校概况').textContent()).toContain('（空，不印）');
    // an empty 前言 is left out of the document too (optional in the school outline): the outline said nothing
    expect(await link('前言').textContent()).toContain('（空，不印）');
    expect(await page.locator('.section-link').first().textContent()).toMatch(/^1\.1 /);
    await screenshot(page, 'editor-audit-05-outline-numbers');

    // written into, 学校概况 prints as chapter 1 and 人才培养 moves to 2: the outline follows at once
    await link('学校概况').click();
    await expect.poll(() => page.getByTestId('chapter-left-out').count()).toBe(1);
    await page.getByLabel('章首概述').click();
    await page.keyboard.type('学校始建于1958年，是国家级重点中等职业学校。');
    await page.keyboard.press('Tab');
    await saved();
    await expect.poll(() => link('学校概况').locator('.num').textContent()).toBe('1');
    expect(await page.getByTestId('chapter-left-out').count()).toBe(0);
    await expect.poll(() => link('人才培养').locator('.num').textContent()).toBe('2');
    expect(await previewHeadings()).toEqual(expect.arrayContaining(['1 学校概况', '2 人才培养']));
  });

  it('删除 of a block and 移除 of a case photo by keyboard leave the focus in the section, not on the page body', async () => {
    await page.locator('.chapter-link', { hasText: '人才培养' }).click();
    const section = page.locator('.section-part').first();
    const cards = section.locator('.block-card');
    await expect
      .poll(() => cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))))
      .toEqual(['paragraph', 'case']);
    await cards.first().getByRole('button', { name: '删除', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => cards.count()).toBe(1);
    // the block that took its place: its 删除, so the keys go on from there
    await expect.poll(focused).toBe('button|删除|删除');
    expect(await page.evaluate(() => document.activeElement?.closest('.block-card')?.getAttribute('data-kind'))).toBe(
      'case',
    );
    await page.keyboard.press('Control+z');
    await expect.poll(() => cards.count()).toBe(2);
    await saved();

    const card = section.locator('.block-card[data-kind="case"]');
    await card.getByTestId('case-photo-input').setInputFiles(PHOTO);
    await card.locator('.case-photo img').waitFor({ timeout: 15_000 });
    await saved();
    await card.getByRole('button', { name: '移除' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => card.locator('.case-photo img').count()).toBe(0);
    await expect.poll(focused).toMatch(/^button\|\|拖入照片/);
    await saved();
    await screenshot(page, 'editor-audit-06-after-removals');
  });

  it('删除本节 of a section with content asks with 取消 focused: a second Enter keeps the section', async () => {
    const section = page.locator('.section-part').first();
    const id = await section.getAttribute('data-section');
    await section.getByRole('button', { name: '删除本节' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('confirm-delete-section');
    await dialog.waitFor();
    await expect.poll(focused).toBe('button||取消');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.locator('.section-part').first().getAttribute('data-section')).toBe(id);
    await expect.poll(focused).toBe('button||删除本节');
  });

  it('ran without page errors', () => {
    expect(app.browser.errors).toEqual([]);
  });
});
