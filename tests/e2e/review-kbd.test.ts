/**
 * Wave 9 audit of 区县审核 (审阅, 汇总, the district draft) by the keyboard alone, at 1093×614 and 1366×768, in
 * real Chromium against the browser host, on two schools: one with a long name in a folder with a long name.
 * 1. 进入区县审核 pressed with Enter puts the focus on the schools' files box (it was left on the page body, from
 *    where Tab starts at the top of the window); 开始审核 pressed with Enter keeps it (disabled while reviewing, the
 *    button dropped it);
 * 2. 查看该校问题清单 in a matrix cell's detail puts the focus on the school now shown (the detail left the page and
 *    took the focus with it);
 * 3. the 导出 ▾ menus (导出审核汇总, 导出该校审核意见) work as menus: Enter or ↓ opens on the first choice, arrows
 *    move, Esc closes (the top bar's did not close at all), and the focus is back on the button after a choice
 *    (it fell to the page body);
 * 3b. 回复 on a comment thread opens its box with the focus in it (the box replaced the button and dropped the focus
 *    to the page body), Esc closes it keeping the text, and after 取消, Esc or sending the focus is on 回复 again;
 * 4. 汇总's level tabs: Enter on 高职+中职 shows another pane, which dropped the focus to the page body; the tab
 *    shown has it now, and ←/→ move along the tabs;
 * 5. 生成区域报告草稿 opens with the focus in its 地区名称 field (it stayed on the button behind the dialog, so what
 *    was typed went nowhere) and, once written, on 打开草稿继续编辑;
 * 6. nothing is cut off or on top of something else at 1093×614: the top bar, the cell detail's status (「未通过」
 *    broke into two lines beside a long name), the long school name and path in 问题清单, the buttons beside them
 *    (「打开该校文件（只」「读）」 broke in two);
 * 7. the review file, copied alone right after a comment is saved, holds the comment; the district draft, opened
 *    from the dialog and edited, copied alone right after 已保存, holds the edit.
 * Screenshots: artifacts/screenshots/review-kbd-*.png.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDemo, type DemoApp, screenshot, screenshotBothSizes } from './harness';
import { layoutProblems } from './layout-check';
import { LONG_SCHOOL, writeReviewSchools } from './review-schools';

let app: DemoApp;
let page: Page;
let dir = '';
const LONG = LONG_SCHOOL;
const COMMENT = '学校整体：请核实专职辅导员人数后更正。';

/** what has the keyboard focus: its tag and accessible name, or BODY */
const focused = () =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    if (!e || e === document.body || !e.isConnected) return 'BODY';
    const name = (e.getAttribute('aria-label') ?? e.textContent ?? '').trim().replace(/\s+/g, ' ');
    return `${e.tagName.toLowerCase()} ${name}`;
  });
const focusIs = (text: string | RegExp) =>
  typeof text === 'string'
    ? expect.poll(focused, { timeout: 30_000 }).toBe(text)
    : expect.poll(focused, { timeout: 30_000 }).toMatch(text);

async function noticeSays(text: string): Promise<void> {
  await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 60_000 }).toContain(text);
}

beforeAll(async () => {
  app = await bootDemo({ open: false, viewport: { width: 1093, height: 614 } });
  page = app.page;
  dir = join(app.host.outDir, '报送', '二〇二四年度各职业院校质量年度报告报送材料（第一批，含补报）');
  mkdirSync(dir, { recursive: true });
  await writeReviewSchools(dir);
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('区县审核 by the keyboard alone', () => {
  it('进入区县审核 by Enter lands in the files box; 开始审核 by Enter keeps the focus', async () => {
    await page.goto(app.host.url);
    await page.getByTestId('review-entry').waitFor();
    for (let i = 0; i < 60 && (await focused()) !== 'button 进入区县审核'; i++) await page.keyboard.press('Tab');
    await focusIs('button 进入区县审核');
    await page.keyboard.press('Enter');
    await page.getByTestId('review').waitFor();
    await focusIs('textarea 要审核的文件或文件夹');
    await page.keyboard.type(dir);
    await page.keyboard.press('Tab'); // 审核年度
    await page.keyboard.press('Tab');
    await focusIs('button 开始审核（1 项）');
    await page.keyboard.press('Enter');
    await page.getByTestId('matrix').waitFor();
    await noticeSays('审阅了 2 所学校');
    await focusIs('button 开始审核（1 项）');
  });

  it('a matrix cell by arrows and Enter; 查看该校问题清单 puts the focus on that school', async () => {
    const fail = page.locator('td.st[data-status="fail"][data-rule="national.counselors"]');
    const r = Number(await fail.getAttribute('data-r'));
    const c = Number(await fail.getAttribute('data-c'));
    await page.locator('th.rule-h').first().focus();
    await page.keyboard.press('Home');
    for (let i = 0; i <= r; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < c + 1; i++) await page.keyboard.press('ArrowRight');
    await focusIs('td 未通过');
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('cell-detail');
    await detail.waitFor();
    // the status pill stays on one line beside the long name
    const pill = detail.locator('.pill');
    expect(await pill.evaluate((el) => el.getClientRects().length)).toBe(1);
    expect((await pill.boundingBox())?.height).toBeLessThan(26);
    await screenshot(page, 'review-kbd-01-cell-detail-1093');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'review-kbd-01-cell-detail-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
    await page.keyboard.press('Tab'); // × 关闭
    await page.keyboard.press('Tab');
    await focusIs('button 查看该校问题清单');
    await page.keyboard.press('Enter');
    await page.getByTestId('school-findings').waitFor();
    await focusIs(new RegExp(`^button ${LONG.replace(/[()（）]/g, '.')}`));
    // nothing cut off or overlapping: the top bar, the long name and path, the actions beside them
    for (const size of [
      { width: 1093, height: 614 },
      { width: 1366, height: 768 },
    ]) {
      await page.setViewportSize(size);
      const problems = await layoutProblems(page, [
        '.topbar .school-name',
        '.topbar .brand-text .muted',
        '.topbar .view-tab',
        '.topbar .top-actions button',
        '.school-list .school-item strong',
        '.school-head h2',
        '.school-head .small-print',
        '.school-head .head-actions button',
      ]);
      expect({ size, problems }).toEqual({ size, problems: [] });
      // the buttons beside the long name keep their words on one line (「打开该校文件（只」「读）」 broke in two)
      const lines = await page.locator('.school-head .head-actions button').evaluateAll((bs) =>
        bs.map((b) => {
          const st = getComputedStyle(b);
          const text = b.clientHeight - parseFloat(st.paddingTop) - parseFloat(st.paddingBottom);
          return Math.round(text / parseFloat(st.lineHeight));
        }),
      );
      expect({ size, lines }).toEqual({ size, lines: lines.map(() => 1) });
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'review-kbd-05-findings-long-name-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
    await screenshot(page, 'review-kbd-05-findings-long-name-1093');
  });

  it('a comment by the keyboard; the review file copied alone right after holds it', async () => {
    await page.keyboard.press('Tab'); // 打开该校文件（只读）? the school list goes on first
    for (let i = 0; i < 10 && (await focused()) !== 'button 对该校添加意见'; i++) await page.keyboard.press('Tab');
    await focusIs('button 对该校添加意见');
    await page.keyboard.press('Enter');
    await focusIs('textarea 意见内容');
    await page.keyboard.type(COMMENT);
    await page.keyboard.press('Tab'); // 取消
    await page.keyboard.press('Tab');
    await focusIs('button 保存意见');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: '添加审核意见' }).waitFor({ state: 'detached' });
    await focusIs('button 对该校添加意见');
    // the path is the box's own text line (below it: 几所学校 · 几条意见)
    const path = await page
      .getByTestId('review-file-path')
      .evaluate(
        (p) =>
          [...p.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim())?.textContent?.trim() ??
          '',
      );
    expect(path).toMatch(/\.json$/);
    const copyDir = mkdtempSync(join(tmpdir(), 'qar-review-copy-'));
    copyFileSync(path, join(copyDir, '审核意见.json')); // the file alone, right after 保存意见
    const copied = JSON.parse(readFileSync(join(copyDir, '审核意见.json'), 'utf8')) as {
      schools: { school: { name: string }; comments: { body: string }[] }[];
    };
    expect(copied.schools.find((s) => s.school.name === LONG)?.comments.map((x) => x.body)).toEqual([COMMENT]);
  });

  it('回复 a comment by the keyboard: the box takes the focus, Esc keeps the text, and the focus comes back to 回复', async () => {
    for (let i = 0; i < 40 && (await focused()) !== 'button 回复'; i++) await page.keyboard.press('Tab');
    await focusIs('button 回复');
    await page.keyboard.press('Enter');
    await focusIs('textarea 回复内容');
    await page.keyboard.type('已电话通知学校');
    await page.keyboard.press('Escape');
    await focusIs('button 回复');
    await page.keyboard.press('Enter');
    await focusIs('textarea 回复内容');
    expect(await page.getByLabel('回复内容').inputValue()).toBe('已电话通知学校');
    await page.keyboard.press('Tab'); // 取消
    await page.keyboard.press('Tab');
    await focusIs('button 回复');
    expect(await page.locator('.reply-form button[type="submit"]').evaluate((b) => b === document.activeElement)).toBe(
      true,
    );
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('.threads .cmt.reply').textContent(), { timeout: 30_000 })
      .toContain('已电话通知学校');
    await focusIs('button 回复');
    expect(await page.locator('.threads [data-reply]').evaluate((b) => b === document.activeElement)).toBe(true);
  });

  it('导出该校审核意见 ▾ and 导出审核汇总 ▾ work as menus: arrows, Esc, and the focus back on the button', async () => {
    const menu = page.getByRole('menu');
    for (const [button, first, second, done] of [
      ['导出该校审核意见 ▾', 'Word', 'Excel', `已导出「${LONG}」的审核意见`],
      ['导出审核汇总 ▾', 'Excel', 'Word', '已导出审核汇总'],
    ] as const) {
      await page.getByRole('button', { name: button }).focus();
      await page.keyboard.press('Enter');
      await focusIs(new RegExp(`^button ${first}`));
      await page.keyboard.press('ArrowDown');
      await focusIs(new RegExp(`^button ${second}`));
      await screenshot(page, `review-kbd-02-menu-${button.slice(0, 4)}-1093`);
      await page.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
      await focusIs(`button ${button}`);
      await page.keyboard.press('ArrowDown');
      await focusIs(new RegExp(`^button ${first}`));
      await page.keyboard.press('Enter');
      await menu.waitFor({ state: 'detached' });
      await noticeSays(done);
      await focusIs(`button ${button}`);
    }
  });

  it('汇总 by the keyboard: the level tabs keep the focus on the tab shown (Enter on 高职+中职, ←/→)', async () => {
    await page.locator('.view-tab', { hasText: '汇总' }).focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('aggregates').waitFor();
    for (let i = 0; i < 30 && !/^button 高职（2 所）/.test(await focused()); i++) await page.keyboard.press('Tab');
    await focusIs('button 高职（2 所）');
    await page.keyboard.press('Tab');
    await focusIs('button 高职+中职');
    await page.keyboard.press('Enter'); // another pane, with tabs of its own
    await expect.poll(() => page.getByTestId('aggregates').count()).toBe(0);
    await focusIs('button 高职+中职');
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('aggregates').waitFor();
    await focusIs('button 高职（2 所）');
    await page.keyboard.press('ArrowRight');
    await focusIs('button 高职+中职');
    // the whole table, 依据 included, is in the pane at 1093 px: nothing to scroll sideways for
    const scroller = page.locator('.agg-pane .matrix-scroll');
    expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(1);
    await screenshot(page, 'review-kbd-06-totals-1093');
    await page.setViewportSize({ width: 1440, height: 900 });
    await screenshot(page, 'review-kbd-06-totals-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
    await page.keyboard.press('ArrowRight');
    await focusIs('button 高职（2 所）');
  });

  it('生成区域报告草稿: the focus in 地区名称, then on 打开草稿继续编辑; the draft edited and copied alone holds the edit', async () => {
    await page.getByRole('button', { name: '生成区域报告草稿' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '生成区域报告草稿' });
    await dialog.waitFor();
    await expect
      .poll(() => dialog.getByRole('textbox').evaluate((el) => el === document.activeElement), { timeout: 30_000 })
      .toBe(true);
    await page.keyboard.type('某某区');
    await page.keyboard.press('Enter');
    await page.getByTestId('district-done').waitFor({ timeout: 180_000 });
    await focusIs('button 打开草稿继续编辑');
    await screenshotBothSizes(page, 'review-kbd-03-district-done');
    await page.setViewportSize({ width: 1093, height: 614 });
    const draft = ((await dialog.locator('p', { hasText: '草稿工作区：' }).textContent()) ?? '')
      .trim()
      .replace(/^草稿工作区：/, '');
    expect(draft).toMatch(/\.qar$/);
    await page.keyboard.press('Enter');
    await page.getByTestId('grid').waitFor({ timeout: 60_000 });
    // the draft's own indicators (高职…, 中职…): 高职暂不就业人数, 2024
    const cell = page.locator('tr', { hasText: '高职暂不就业人数' }).locator('td[data-cell$="|2024"]');
    const [indicator] = ((await cell.getAttribute('data-cell')) ?? '').split('|');
    await cell.click();
    await page.keyboard.type('77');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 30_000 }).toBe('已保存');
    const copyDir = mkdtempSync(join(tmpdir(), 'qar-draft-copy-'));
    copyFileSync(draft, join(copyDir, '草稿.qar'));
    const db = new Database(join(copyDir, '草稿.qar'), { readonly: true, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const row = db
        .prepare('SELECT value FROM indicator_values WHERE indicator_id = ? AND year = ?')
        .get(indicator, 2024) as { value: number } | undefined;
      expect(row?.value).toBe(77);
    } finally {
      db.close();
    }
    expect(readdirSync(copyDir)).toEqual(['草稿.qar']);
    await screenshotBothSizes(page, 'review-kbd-04-draft-editor');
    expect(app.browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
