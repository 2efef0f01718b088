/**
 * The school editor's tools in real Chromium against the browser host: Excel export and the previewed Excel
 * import, year columns and 本年度有毕业生, range selection (copy as Excel text, Delete in one step), the
 * findings year selector and section places, the toast that stays in its view, review comments (import a
 * reviewer's file, markers, reply, resolve, jump) and deleting sections / school-added chapters.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editBook } from '../fixtures/xlsx/workbook';
import { bootDemo, type DemoApp, openDemo, screenshot } from './harness';

const YEAR = 2024;
let app: DemoApp;
let page: Page;

const cell = (id: string, year = YEAR) => page.locator(`td[data-cell="${id}|${year}"]`);
const text = async (id: string, year = YEAR) => ((await cell(id, year).textContent()) ?? '').trim();

async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toBe('已保存');
}

async function typeInto(id: string, value: string, year = YEAR): Promise<void> {
  await cell(id, year).click();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

/** Fires a copy event on the grid and returns what the page put on the clipboard. */
function copyFromGrid(): Promise<string> {
  return page.getByTestId('grid').evaluate((el) => {
    const dt = new DataTransfer();
    el.dispatchEvent(new ClipboardEvent('copy', { clipboardData: dt, bubbles: true, cancelable: true }));
    return dt.getData('text/plain');
  });
}

describe('school editor tools (browser host + Chromium)', () => {
  beforeAll(async () => {
    app = await bootDemo({ open: false });
    page = app.page;
  });

  afterAll(() => app?.close());

  it('opens the demo school', async () => {
    await openDemo(page, app.host);
    await saved();
  });

  it('exports the values to Excel and imports an edited workbook after a Chinese preview', async () => {
    // the browser host suggests a path in its output folder
    // (waits for the host's answer: seconds on a loaded machine, not the default 1 s)
    await expect.poll(() => page.getByLabel('Excel 文件路径').inputValue(), { timeout: 15_000 }).toMatch(/\.xlsx$/);
    const xlsx = await page.getByLabel('Excel 文件路径').inputValue();
    expect(xlsx.startsWith(app.host.outDir)).toBe(true);
    await page.getByTestId('xlsx-export').click();
    // the export runs in a worker: on a loaded machine it takes longer than expect.poll's default 5 s
    await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 60_000 }).toContain('已导出 Excel');
    expect(existsSync(xlsx)).toBe(true);

    await page.locator('[data-table="resources"]').click();
    const before = await text('counselors');
    const edited = await editBook(readFileSync(xlsx), [
      { sheet: '教学资源表', id: 'counselors', year: YEAR, value: 77 },
    ]);
    const good = join(app.host.outDir, '改过的指标数据.xlsx');
    writeFileSync(good, edited.bytes);

    // a workbook with a problem: the dialog names sheet and cell, nothing is written
    const broken = await editBook(readFileSync(xlsx), [
      { sheet: '教学资源表', id: 'counselors', year: YEAR, value: '约三百' },
    ]);
    const bad = join(app.host.outDir, '有问题的.xlsx');
    writeFileSync(bad, broken.bytes);
    await page.getByLabel('Excel 文件路径').fill(bad);
    await page.getByTestId('xlsx-import').click();
    const dialog = page.getByTestId('xlsx-preview');
    await dialog.waitFor();
    await expect.poll(() => dialog.locator('.xlsx-problem').first().textContent()).toContain('教学资源表');
    expect(await dialog.locator('.xlsx-problem').first().textContent()).toContain(broken.addresses[0]);
    expect(await dialog.getByRole('button', { name: '确认导入' }).count()).toBe(0);
    await dialog.getByRole('button', { name: '关闭' }).click();
    expect(await text('counselors')).toBe(before);

    await page.getByLabel('Excel 文件路径').fill(good);
    await page.getByTestId('xlsx-import').click();
    await dialog.waitFor();
    await expect
      .poll(() => dialog.locator('.xlsx-change').first().textContent())
      .toBe(`教学资源表 · 专职辅导员数（2024年）：${before} → 77 人`);
    await screenshot(page, '10-xlsx-preview');
    // nothing written before 确认导入
    expect(await text('counselors')).toBe(before);
    await dialog.getByRole('button', { name: '确认导入' }).click();
    await expect.poll(() => text('counselors'), { timeout: 10_000 }).toBe('77');
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('已从 Excel 导入 1 个数值');
    await cell('counselors').click();
    await page.getByTestId('history-toggle').click();
    await expect.poll(() => page.getByTestId('history').textContent()).toContain('导入');
    await page.getByRole('button', { name: '校验结果' }).click();
  });

  it('adds a year column and marks a year without graduates', async () => {
    await page.getByTestId('years-toggle').click();
    const panel = page.getByTestId('years-panel');
    await panel.getByLabel('2023年 本年度有毕业生').uncheck();
    await expect.poll(() => page.locator('th[data-year="2023"] .no-grad').count()).toBe(1);
    await panel.getByLabel('要添加的年度').fill('2024');
    await panel.getByRole('button', { name: '添加年度' }).click();
    await expect.poll(() => panel.locator('.field-error').textContent()).toContain('已有2024年度');
    await panel.getByLabel('要添加的年度').fill('2021');
    await panel.getByRole('button', { name: '添加年度' }).click();
    await expect.poll(() => page.locator('th[data-year="2021"]').count()).toBe(1);
    await saved();
    await screenshot(page, '11-years');
    await panel.getByRole('button', { name: '收起' }).click();
    // the new column takes typing like the others
    await typeInto('counselors', '50', 2021);
    await expect.poll(() => text('counselors', 2021)).toBe('50');
    await saved();
  });

  it('selects a range: copy gives Excel text, Delete clears it in one undoable step', async () => {
    await page.locator('[data-table="scorecard"]').click();
    await cell('grad_total', 2022).click();
    await cell('grad_flexible', 2024).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('td.in-range').count()).toBe(9);
    const tsv = await copyFromGrid();
    const expected = [];
    for (const id of ['grad_total', 'grad_contract', 'grad_flexible']) {
      expected.push([await text(id, 2022), await text(id, 2023), await text(id, 2024)].join('\t'));
    }
    expect(tsv).toBe(`${expected.join('\r\n')}\r\n`);
    await screenshot(page, '12-range');

    // shift+arrows from a single cell; a plain arrow drops the range
    await cell('grad_contract', 2023).click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => page.locator('td.in-range').count()).toBe(4);
    const a = await text('grad_contract', 2023);
    const b = await text('grad_flexible', 2024);
    await page.keyboard.press('Delete');
    await expect.poll(() => text('grad_contract', 2023)).toBe('');
    expect(await text('grad_flexible', 2024)).toBe('');
    await saved();
    await page.keyboard.press('Control+z');
    await expect.poll(() => text('grad_contract', 2023)).toBe(a);
    expect(await text('grad_flexible', 2024)).toBe(b);
    await saved();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.locator('td.in-range').count()).toBe(0);
    // single-cell copy stays the bare value
    expect(await copyFromGrid()).toBe(await text('grad_total', 2023));
  });

  it('the findings panel shows an earlier year; a toast does not follow to another view', async () => {
    await page.locator('[data-table="resources"]').click();
    await typeInto('counselors', '2', 2023);
    await saved();
    const rule = page.locator('.finding[data-rule="national.counselors"]');
    // the report year is shown by default: the 2023 finding is not listed
    expect(await rule.count()).toBe(0);
    await page.getByLabel('校验年度').selectOption('2023');
    await expect.poll(() => rule.count(), { timeout: 5000 }).toBe(1);
    expect(await rule.locator('.where').textContent()).toContain('2023年');
    await page.getByLabel('校验年度').selectOption(String(YEAR));
    await expect.poll(() => rule.count()).toBe(0);

    // a paste toast belongs to the data view
    await cell('counselors', 2022).click();
    await page.getByTestId('grid').evaluate((el) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', '60\n');
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('已粘贴 1 个单元格');
    await page.getByRole('button', { name: '报告撰写' }).click();
    await expect.poll(() => page.getByTestId('notice').count()).toBe(0);
  });

  it('narrative findings say which section they are in', async () => {
    // two untitled cases in two sections of 人才培养: the same kind of finding in two places
    await page.locator('.chapter-link', { hasText: '人才培养' }).click();
    for (const i of [0, 1]) {
      const section = page.locator('.section-part').nth(i);
      await section.locator('.add-bar').getByRole('button', { name: '【案例】' }).click();
      await section.locator('.block-card[data-kind="case"]').last().waitFor();
    }
    await saved();
    const titles = await page.locator('.section-part .section-title').allTextContents();
    const places = page.locator('.findings .place h4');
    await expect
      .poll(async () => (await places.allTextContents()).filter((t) => t.includes('›')).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    const all = (await places.allTextContents()).join('\n');
    expect(all).toContain(`› 2.1 ${titles[0]?.trim()}`);
    expect(all).toContain(`› 2.2 ${titles[1]?.trim()}`);
    expect(await page.locator('.findings .finding .where', { hasText: /第 \d+ 块（案例）/ }).count()).toBeGreaterThan(
      0,
    );
    await screenshot(page, '13-findings-sections');
  });

  it('imports a reviewer comments file, marks the cell, replies, resolves and jumps to the block', async () => {
    const file = join(app.host.outDir, '审核意见.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'qar-comments',
        formatVersion: 1,
        reviewer: '区县审核员',
        exportedAt: '2025-03-01T08:00:00.000Z',
        school: { name: '重庆示例职业技术学院', code: '' },
        comments: [
          {
            id: 'r1',
            parentId: null,
            target: { type: 'cell', tableId: 'resources', indicatorId: 'counselors', year: YEAR },
            author: '区县审核员',
            body: '专职辅导员数与上年相比变化较大，请说明原因。',
            status: 'open',
            createdAt: '2025-03-01T08:00:00.000Z',
            resolvedAt: null,
          },
        ],
      }),
    );
    await page.getByRole('button', { name: '数据填报' }).click();
    await page.getByTestId('comments-tab').click();
    await page.getByLabel('审核意见文件路径').fill(file);
    await page.getByTestId('comments-import').click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('新增 1 条');
    const thread = page.locator('.thread[data-thread]', { hasText: '专职辅导员数与上年相比' });
    await thread.waitFor();
    // open threads first: the new one and the demo's open block comment come before the resolved one
    const statuses = await page.locator('.thread').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses.indexOf('resolved')).toBeGreaterThan(statuses.lastIndexOf('open'));

    await page.locator('[data-table="resources"]').click();
    await expect.poll(() => cell('counselors').getAttribute('class')).toContain('has-comment');
    await cell('counselors').click();
    await page.getByTestId('cell-comments').click();
    await expect.poll(() => page.locator('.thread').count()).toBe(1);
    await thread.getByRole('button', { name: '回复', exact: true }).click();
    await thread.getByLabel('回复内容').fill('2024年新增两个');
    // 取消: the reply typed so far is there at the next 回复
    await thread.getByRole('button', { name: '取消' }).click();
    await thread.getByLabel('回复内容').waitFor({ state: 'detached' });
    await thread.getByRole('button', { name: '回复', exact: true }).click();
    expect(await thread.getByLabel('回复内容').inputValue()).toBe('2024年新增两个');
    await thread.getByLabel('回复内容').fill('2024年新增两个二级学院，');
    // another tab and back: the reply box is open again with it
    await page.locator('aside.side').getByRole('button', { name: '修改记录' }).click();
    await page.locator('aside.side').getByRole('button', { name: /批注/ }).click();
    expect(await thread.getByLabel('回复内容').inputValue()).toBe('2024年新增两个二级学院，');
    // (the tab shows every thread again: back to this cell's)
    await page.getByTestId('cell-comments').click();
    await expect.poll(() => page.locator('.thread').count()).toBe(1);
    await thread.getByLabel('回复内容').fill('2024年新增两个二级学院，按师生比补充了辅导员。');
    await thread.getByRole('button', { name: '发送回复' }).click();
    await expect.poll(() => thread.locator('.comment.reply').count()).toBe(1);
    await screenshot(page, '14-comments');
    await thread.getByRole('button', { name: '标记为已解决' }).click();
    await expect.poll(() => thread.getAttribute('data-status')).toBe('resolved');
    await expect.poll(() => cell('counselors').getAttribute('class')).not.toContain('has-comment');

    // the demo's block comment: a click on its place opens the writing view at the block
    await page.getByRole('button', { name: '显示全部' }).click();
    const blockThread = page.locator('.thread', { hasText: '培训中心的现场照片' });
    await blockThread.locator('.target').click();
    // the import's toast does not follow to the writing view
    await expect.poll(() => page.getByTestId('notice').count()).toBe(0);
    const card = page.locator('.block-card[data-block="blk-2024-international-going-out-02"]');
    await card.waitFor();
    await expect.poll(() => card.getByTestId('block-comments').textContent()).toContain('批注 1');
  });

  it('deletes a section after a confirmation with its block count; only school-added chapters can be deleted', async () => {
    await page.locator('.chapter-link', { hasText: '人才培养' }).click();
    expect(await page.getByRole('button', { name: '删除本章' }).count()).toBe(0);
    const section = page.locator('.section-part').first();
    const blocks = await section.locator('.block-card').count();
    const title = ((await section.locator('.section-title').textContent()) ?? '').trim();
    await section.getByRole('button', { name: '删除本节' }).click();
    const confirm = page.getByTestId('confirm-delete-section');
    await expect.poll(() => confirm.textContent()).toContain(`本节有 ${blocks} 个内容块`);
    await screenshot(page, '15-delete-section');
    await confirm.getByRole('button', { name: '删除' }).click();
    await expect.poll(() => page.locator('.section-part .section-title', { hasText: title }).count()).toBe(0);
    await saved();

    await page.getByRole('button', { name: '＋ 新增一章' }).click();
    const own = page.locator('.chapter-link', { hasText: '新的一章' });
    await own.waitFor();
    // placed before 面临挑战
    const names = await page.locator('.chapter-link').allTextContents();
    expect(names.findIndex((n) => n.includes('新的一章'))).toBeLessThan(names.findIndex((n) => n.includes('面临挑战')));
    await page.getByRole('button', { name: '删除本章' }).click();
    const dlg = page.getByTestId('confirm-delete-chapter');
    await expect.poll(() => dlg.textContent()).toContain('确定删除「新的一章」');
    await dlg.getByRole('button', { name: '删除' }).click();
    await expect.poll(() => own.count()).toBe(0);
    // the chapter's 删除本章 went with it: the keyboard goes on from the writing page, not from the page body
    await dlg.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => !!document.activeElement?.closest('.writing'))).toBe(true);
    await saved();
  });

  it('ran without page errors', () => {
    expect(app.browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
