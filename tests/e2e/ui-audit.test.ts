/**
 * What a user sees and reaches with the keyboard alone, at 1366×768 (wave 6 audit), in real Chromium against the
 * browser host on the demo school:
 * 1. before the host's first findings arrive the findings panel and the 校验 badge say 正在校验, never
 *    「未发现问题」 (the demo has a finding: a false all-clear is what a hurried user would believe);
 * 2. a modal dialog (历史版本) keeps Tab and Shift+Tab inside it, and Esc gives the focus back to the button that
 *    opened it, so the next Tab continues from where the user was;
 * 3. the 年度设置 panel closes on Esc and gives the focus back to its button;
 * 4. a Chinese input method (IME) owns Enter and Esc while it composes (Enter picks the pinyin as typed, Esc
 *    drops the candidates): they neither save a half-typed chapter title nor close the 不适用 dialog with its
 *    reason. The composition is made through Chromium's own IME entry point (CDP Input.imeSetComposition), so the
 *    keys arrive with isComposing as a real IME's do;
 * 5. 学校信息's 报告年度 takes a year typed over the old one (it used to put the old year back at the first digit,
 *    so only the spinner could change it), and a year that cannot be taken is said, not silently replaced; a new
 *    report year brings the edition notice (查看变化并升级…) at once.
 * 6. 查找 (Ctrl+F) closed with Esc gives the focus back to the text the user was writing in;
 * 7. dates in the 批注 tab and a cell's 修改记录 are written as the reports write them (2024年12月20日, seed 003
 *    §7.2), not 2024/12/20.
 * Wave 7 audit:
 * 8. a 不适用 reason typed and left with Esc or 取消 is there again when the dialog reopens for that cell, also after
 *    a reload of the window, until it is saved or emptied (it was dropped);
 * 9. a dialog whose action takes its opener away (标为不适用 from a finding, 删除本节) leaves the keyboard focus
 *    near where the user was, not on the page body;
 * 10. a case photo's long caption wraps and is readable in full in the editor (it was cut at 180 px), at 1366×768,
 *    1440×900 and 1093×614; so does a 图片 block's.
 * Screenshots: artifacts/screenshots/ui-audit-*.png.
 */
import type { CDPSession, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDemo, type DemoApp, screenshot } from './harness';

let app: DemoApp;
let page: Page;
/** the first findings request, held until the test lets it through */
let held: Route | null = null;
let holding = true;

/** whether the focused element is inside `selector` */
const focusInside = (selector: string) => page.evaluate((sel) => !!document.activeElement?.closest(sel), selector);
/** starts (or updates) an IME composition in the focused field, as a pinyin input method does */
async function compose(cdp: CDPSession, text: string): Promise<void> {
  await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
}

const focusedName = () =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    return (e?.getAttribute('aria-label') ?? e?.textContent ?? '').trim();
  });

describe('what a user sees and reaches by keyboard (browser host + Chromium, 1366×768)', () => {
  beforeAll(async () => {
    app = await bootDemo({
      viewport: { width: 1366, height: 768 },
      onPage: (p) => {
        void p.route('**/api/validate.run', (route) => {
          if (holding && !held) held = route;
          else void route.continue();
        });
      },
    });
    page = app.page;
  });
  afterAll(() => app?.close());

  it('says 正在校验 until the first findings arrive, not 未发现问题', async () => {
    await expect.poll(() => held !== null, { timeout: 30_000 }).toBe(true);
    const side = page.locator('aside.side');
    await expect.poll(() => side.textContent()).toContain('正在校验');
    expect(await side.textContent()).not.toContain('未发现问题');
    expect(await page.getByTestId('findings-toggle').getAttribute('title')).toContain('正在校验');
    await screenshot(page, 'ui-audit-01-validating');
    holding = false;
    await held?.continue();
    // the demo's one 提示 arrives
    await page.getByTestId('findings-summary').waitFor();
    expect(await side.textContent()).not.toContain('正在校验');
    expect(await side.textContent()).not.toContain('未发现问题');
  });

  it('a modal dialog keeps Tab inside it, and Esc gives the focus back to its opener', async () => {
    const opener = page.getByRole('button', { name: '历史版本', exact: true });
    await opener.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('history-dialog');
    await dialog.waitFor();
    await screenshot(page, 'ui-audit-02-history-dialog');
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInside('[role="dialog"]'), `Tab ${i + 1}: ${await focusedName()}`).toBe(true);
    }
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusInside('[role="dialog"]'), `Shift+Tab ${i + 1}: ${await focusedName()}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(focusedName).toBe('历史版本');
  });

  it('the 年度设置 panel closes on Esc and gives the focus back to its button', async () => {
    const toggle = page.getByTestId('years-toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('years-panel');
    await panel.waitFor();
    await page.keyboard.press('Tab');
    expect(await focusInside('[data-testid="years-panel"]')).toBe(true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await expect.poll(focusedName).toBe('年度设置');
  });

  it('Enter and Esc that belong to the input method neither save a chapter title nor close a dialog', async () => {
    const cdp = await page.context().newCDPSession(page);
    // a chapter title: Enter while composing picks the candidate, the title is still being edited
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.locator('.chapter-link').nth(1).click();
    const title = page.locator('.chapter-page button.chapter-title');
    const before = ((await title.textContent()) ?? '').trim();
    await title.click();
    const input = page.locator('.chapter-page input.chapter-title');
    await input.waitFor();
    await page.keyboard.press('End');
    await compose(cdp, 'gaikuang');
    await page.keyboard.press('Enter');
    expect(await input.isVisible()).toBe(true);
    await compose(cdp, 'gaikuang');
    await page.keyboard.press('Escape');
    expect(await input.isVisible()).toBe(true);
    await cdp.send('Input.insertText', { text: '' });
    // the composition ended: Esc is the user's again and cancels the edit
    await page.keyboard.press('Escape');
    await input.waitFor({ state: 'detached' });
    expect(((await title.textContent()) ?? '').trim()).toBe(before);

    // the 不适用 dialog: Esc while composing the reason keeps the dialog and what was typed
    await page.getByRole('button', { name: '数据填报' }).click();
    await page.locator('button[data-table="scorecard"]').click();
    await page.locator('td[data-cell="grad_local_rate|2024"]').click();
    await page.keyboard.press('Delete');
    const finding = page.locator('.finding[data-rule="builtin.missing_used"]', { hasText: '本省去向落实率' });
    await expect.poll(() => finding.count(), { timeout: 15_000 }).toBe(1);
    await finding.getByTestId('mark-na').click();
    const dialog = page.getByTestId('na-dialog');
    await dialog.waitFor();
    const reason = dialog.getByLabel('不适用的原因');
    await reason.fill('本校2024届毕业生均为定向培养');
    await reason.press('End');
    await compose(cdp, 'bu');
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(true);
    expect(await reason.inputValue()).toContain('本校2024届毕业生均为定向培养');
    await cdp.send('Input.insertText', { text: '' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(app.browser.errors).toEqual([]);
  });

  it('a 不适用 reason left with Esc or 取消 is there again when the dialog reopens, also after a reload', async () => {
    // continues from above: the dialog was closed with Esc, its reason typed
    const finding = page.locator('.finding[data-rule="builtin.missing_used"]', { hasText: '本省去向落实率' });
    const dialog = page.getByTestId('na-dialog');
    const reason = dialog.getByLabel('不适用的原因');
    const reopen = async () => {
      await expect.poll(() => finding.count(), { timeout: 30_000 }).toBe(1);
      await finding.getByTestId('mark-na').click();
      await dialog.waitFor();
    };
    await reopen();
    expect(await reason.inputValue()).toBe('本校2024届毕业生均为定向培养');
    await reason.fill('本校2024届毕业生均为定向培养，不统计本省去向');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
    // the window reloaded (or the app restarted): the text is still there for this cell
    await page.reload();
    await page.getByTestId('grid').waitFor();
    await reopen();
    expect(await reason.inputValue()).toBe('本校2024届毕业生均为定向培养，不统计本省去向');
    await screenshot(page, 'ui-audit-05-na-reason-kept-1366');
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1093, height: 614 },
    ]) {
      await page.setViewportSize(size);
      await screenshot(page, `ui-audit-05-na-reason-kept-${size.width}`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    // emptied by the user: nothing is kept
    await reason.fill('');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await reopen();
    expect(await reason.inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(app.browser.errors).toEqual([]);
  });

  it('a dialog whose action takes its opener away leaves the focus near it, not on the page body', async () => {
    const onBody = () => page.evaluate(() => document.activeElement === document.body || !document.activeElement);
    // 标为不适用 from a finding: once marked, the finding (and its button) is gone
    const finding = page.locator('.finding[data-rule="builtin.missing_used"]', { hasText: '本省去向落实率' });
    await expect.poll(() => finding.count(), { timeout: 30_000 }).toBe(1);
    await finding.getByTestId('mark-na').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('na-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('不适用的原因').fill('本校2024届毕业生均为定向培养');
    await dialog.getByRole('button', { name: '标为不适用' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => finding.count(), { timeout: 30_000 }).toBe(0);
    expect(await onBody(), 'after 标为不适用').toBe(false);
    expect(await focusInside('aside.side')).toBe(true);
    // 删除本节: the section and its button are gone
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.locator('.chapter-link', { hasText: '人才培养' }).first().click();
    const sections = page.locator('.chapter-page .section-part');
    const count = await sections.count();
    await sections.last().getByRole('button', { name: '删除本节' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByTestId('confirm-delete-section');
    await confirm.waitFor();
    await confirm.getByRole('button', { name: '删除', exact: true }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => sections.count()).toBe(count - 1);
    expect(await onBody(), 'after 删除本节').toBe(false);
    expect(await focusInside('.chapter-page')).toBe(true);
    expect(app.browser.errors).toEqual([]);
  });

  it('a case photo’s long caption is readable in full in the editor (it wraps, it is not cut off)', async () => {
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.locator('.chapter-link', { hasText: '人才培养' }).first().click();
    const photo = page.locator('.case-photo').first();
    const caption = photo.getByLabel('第 1 张图的图题');
    await caption.waitFor();
    await photo.scrollIntoViewIfNeeded();
    /** whether the field hides part of its text (scrolled sideways or down) */
    const hidden = () =>
      caption.evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
    // the demo's caption: 「重庆示例职业技术学院马克思主义学院教师正在讲授新时代思想政治理论课（示例图片）」
    expect((await caption.inputValue()).length).toBeGreaterThan(30);
    await screenshot(page, 'ui-audit-06-case-caption-1366');
    expect(await hidden()).toBe(false);
    // typed longer still: the field grows with it; Enter does not put a line break into a caption
    await caption.click();
    await page.keyboard.press('End');
    await page.keyboard.type('，学生认真听讲并参与课堂讨论');
    await page.keyboard.press('Enter');
    expect(await caption.inputValue()).not.toContain('\n');
    expect(await hidden()).toBe(false);
    for (const size of [
      { width: 1440, height: 900 },
      { width: 1093, height: 614 },
    ]) {
      await page.setViewportSize(size);
      await photo.scrollIntoViewIfNeeded();
      expect(await hidden()).toBe(false);
      await screenshot(page, `ui-audit-06-case-caption-${size.width}`);
    }
    await page.setViewportSize({ width: 1366, height: 768 });
    // a 图片 block's caption too: 「重庆示例职业技术学院学生正在参加第十届田径运动会暨体育文化节（示例图片）」
    const block = page.locator('.photo-editor').first();
    await block.scrollIntoViewIfNeeded();
    const blockCaption = block.locator('figcaption').locator('input, textarea');
    expect((await blockCaption.inputValue()).length).toBeGreaterThan(30);
    // longer than the field is wide
    await blockCaption.click();
    await page.keyboard.press('End');
    await page.keyboard.type('，全校两千余名师生到场观看比赛并为运动员加油');
    expect(
      await blockCaption.evaluate((el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1),
    ).toBe(false);
    await screenshot(page, 'ui-audit-06-photo-caption-1366');
  });

  it('查找 closed with Esc gives the focus back to the text being written', async () => {
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.locator('.chapter-link').first().click();
    const intro = page.getByRole('textbox', { name: '章首概述' });
    await intro.click();
    await page.keyboard.press('Control+f');
    await expect.poll(focusedName).toBe('查找内容');
    await page.keyboard.type('毕业生');
    await page.keyboard.press('Escape');
    await expect.poll(focusedName).toBe('章首概述');
  });

  it('writes the dates of comments and of a cell’s changes as the reports do', async () => {
    await page.getByRole('button', { name: '数据填报' }).click();
    const side = page.locator('aside.side');
    await side.getByRole('button', { name: /批注/ }).click();
    // the demo's comments were made on 2024-12-20 (seeds/demo)
    await expect.poll(() => side.textContent()).toContain('2024年12月20日');
    expect(await side.textContent()).not.toMatch(/\d{4}\/\d{1,2}\/\d{1,2}/);
    // a cell's 修改记录: the change made above (本省去向落实率 emptied) is listed with its date
    await page.locator('button[data-table="scorecard"]').click();
    await page.locator('td[data-cell="grad_local_rate|2024"]').click();
    await side.getByRole('button', { name: '修改记录' }).click();
    const when = side.locator('.history-list .when').first();
    await when.waitFor();
    expect(await when.textContent()).toMatch(/^(今天 \d{2}:\d{2}|\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2})$/);
    await screenshot(page, 'ui-audit-04-cell-history');
  });

  it('学校信息: a report year typed over the old one is taken; one that cannot be is said', async () => {
    await page.getByRole('button', { name: '学校信息' }).click();
    const year = page.getByLabel('报告年度');
    await year.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2025');
    expect(await year.inputValue()).toBe('2025');
    await year.blur();
    await expect
      .poll(() => page.locator('.brand-text .muted').textContent(), { timeout: 15_000 })
      .toContain('2025年度');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');
    // a 2025年度 report on the 2024 edition: the notice with 查看变化并升级… comes at once, not at the next opening
    const banner = page.getByTestId('edition-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.textContent()).toContain('本工作区是 2025年度报告');

    // half a year, then away: the text stays with a message, and the saved year is still 2025
    await year.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('20');
    await year.blur();
    expect(await year.inputValue()).toBe('20');
    await expect.poll(() => page.locator('.page-pad').textContent()).toContain('报告年度应为 2000–2100 之间的年份');
    await screenshot(page, 'ui-audit-03-profile-year');
    expect(await page.locator('.brand-text .muted').textContent()).toContain('2025年度');
  });
});
