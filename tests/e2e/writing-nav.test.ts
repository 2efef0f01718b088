/**
 * Getting around the report (issue #13), in real Chromium against the browser host on the demo school:
 * a finding or a comment about a block scrolls to that block and puts the focus in it (not the chapter's top).
 * Screenshots: artifacts/screenshots/jump-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoExport } from '../../seeds/demo/index';
import { bootDemo, type DemoApp, screenshot } from './harness';

/** occurrences of `word` in the demo's 2024 report text, counted independently of core/report/find.ts */
function demoCount(word: string): { n: number; chapters: number } {
  const e = buildDemoExport();
  const chapters = new Set(e.chapters.filter((c) => c.year === 2024).map((c) => c.id));
  const sections = e.sections.filter((s) => chapters.has(s.chapterId));
  const chapterOf = new Map(sections.map((s) => [s.id, s.chapterId]));
  const texts: [string, string][] = [];
  for (const c of e.chapters.filter((x) => chapters.has(x.id))) texts.push([c.id, c.title], [c.id, c.intro]);
  for (const sec of sections) texts.push([sec.chapterId, sec.title]);
  for (const b of e.blocks) {
    const ch = chapterOf.get(b.sectionId);
    if (!ch) continue;
    for (const v of Object.values(b.content)) if (typeof v === 'string') texts.push([ch, v]);
  }
  const hit = texts.map(([c, t]) => [c, t.split(word).length - 1] as const).filter(([, k]) => k > 0);
  return { n: hit.reduce((a, [, k]) => a + k, 0), chapters: new Set(hit.map(([c]) => c)).size };
}

let app: DemoApp;
let page: Page;

/** the block is inside the writing pane's visible part, and the focus is in it */
async function shownAndFocused(blockId: string): Promise<{ visible: boolean; focused: boolean; scrolled: number }> {
  return page.evaluate((id) => {
    const el = document.querySelector(`[data-block="${id}"]`);
    const doc = document.querySelector('.writing .doc');
    if (!el || !doc) return { visible: false, focused: false, scrolled: 0 };
    const a = el.getBoundingClientRect();
    const b = doc.getBoundingClientRect();
    const visible = a.top < b.bottom && a.bottom > b.top && a.top >= b.top - a.height / 2;
    return { visible, focused: el.contains(document.activeElement), scrolled: doc.scrollTop };
  }, blockId);
}

describe('jumping to a block (browser host + Chromium)', () => {
  beforeAll(async () => {
    app = await bootDemo();
    page = app.page;
  });
  afterAll(() => app?.close());

  it('a finding about a block deep in a chapter: 报告撰写 opens there, the block in view and focused', async () => {
    // no 2024 graduates' count: the demo's text binds figures to it (core/figures), so blocks deep in 人才培养 cite a
    // figure without data — a finding at each of them
    await page.locator('td[data-cell="grad_total|2024"]').click();
    await page.keyboard.press('Delete');
    await page.keyboard.press('Enter');
    const finding = page
      .locator('.finding .finding-main', { hasText: '正文引用的「毕业去向落实率（2024年）」' })
      .last();
    await finding.waitFor({ timeout: 15_000 });
    await finding.click();
    const block = page.locator('.block-card.focused');
    await block.waitFor();
    const id = (await block.getAttribute('data-block')) ?? '';
    await expect.poll(() => shownAndFocused(id)).toMatchObject({ visible: true, focused: true });
    expect((await shownAndFocused(id)).scrolled).toBeGreaterThan(500); // far from the chapter's top
    await screenshot(page, 'jump-finding-1440');
    // typing goes into that block at once
    const kind = await block.getAttribute('data-kind');
    expect(['paragraph', 'case', 'challenge']).toContain(kind);
  });

  it('a comment about a block: the same, from the 批注 panel, in another chapter', async () => {
    await page.getByTestId('comments-tab').click();
    const target = page.locator('aside.side .link-btn.target').first();
    await target.waitFor();
    await target.click();
    const id = 'blk-2024-international-going-out-02';
    await page.locator(`[data-block="${id}"]`).waitFor();
    await expect.poll(() => shownAndFocused(id)).toMatchObject({ visible: true, focused: true });
    await page.setViewportSize({ width: 1093, height: 614 });
    // a second click on the same comment after scrolling away scrolls back (each click is a jump)
    await page.evaluate(() => document.querySelector('.writing .doc')?.scrollTo(0, 0));
    await target.click();
    await expect.poll(() => shownAndFocused(id)).toMatchObject({ visible: true, focused: true });
    await screenshot(page, 'jump-comment-1093');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('查找/替换 across chapters: Ctrl+F finds, Ctrl+H replaces all in one undo step, saved; 替换 does one', async () => {
    const word = '订单班';
    const replacement = '订单式培养班';
    const { n, chapters } = demoCount(word);
    expect(n).toBeGreaterThan(1);
    expect(chapters).toBeGreaterThan(1); // the point: more than one chapter
    const before = demoCount(replacement).n;
    const bar = page.getByTestId('find-bar');
    const count = page.getByTestId('find-count');
    const search = bar.getByLabel('查找内容');
    await page.getByRole('button', { name: '数据填报' }).click();
    await page.locator('td[data-cell="grad_total|2024"]').click();
    await page.keyboard.press('Control+f');
    await bar.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('查找内容');
    await page.keyboard.type(word);
    await expect.poll(() => count.textContent()).toBe(`1/${n}`);
    await page.keyboard.press('Enter'); // the first match, shown in 报告撰写
    await expect.poll(() => page.locator('main.main').getAttribute('data-view')).toBe('writing');
    const first = await page.locator('.block-card.focused').getAttribute('data-block');
    await page.keyboard.press('Enter'); // the next one
    await expect.poll(() => count.textContent()).toBe(`2/${n}`);
    await expect.poll(() => page.locator('.block-card.focused').getAttribute('data-block')).not.toBe(first);
    await screenshot(page, 'find-1440');

    await page.keyboard.press('Control+h');
    const replaceWith = bar.getByLabel('替换为');
    await replaceWith.fill(replacement);
    await page.setViewportSize({ width: 1093, height: 614 });
    await screenshot(page, 'find-replace-1093');
    await page.setViewportSize({ width: 1440, height: 900 });
    await bar.getByTestId('replace-all').click();
    await expect.poll(() => page.getByTestId('notice').locator('span').first().textContent()).toBe(`已替换 ${n} 处`);
    await expect.poll(() => count.textContent()).toBe('无结果');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');

    // one undo step puts every occurrence back, one redo replaces them again
    await page.getByRole('button', { name: /撤销/ }).first().click();
    await expect.poll(() => count.textContent()).toMatch(new RegExp(`^\\d+/${n}$`));
    await page.getByRole('button', { name: /重做/ }).first().click();
    await expect.poll(() => count.textContent()).toBe('无结果');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');

    // saved: after a reload the report holds the replacement
    await page.reload();
    await page.locator('.topbar').waitFor();
    await page.keyboard.press('Control+f');
    await search.fill(replacement);
    await expect.poll(() => count.textContent()).toBe(`1/${n + before}`);
    await search.fill(word);
    await expect.poll(() => count.textContent()).toBe('无结果');
  });

  it('替换 replaces only the current match, and 撤销 puts it back', async () => {
    const word = '订单式培养班'; // what the test above left in the report
    const n = demoCount('订单班').n + demoCount(word).n;
    const bar = page.getByTestId('find-bar');
    const count = page.getByTestId('find-count');
    await bar.getByLabel('查找内容').fill(word);
    await expect.poll(() => count.textContent()).toBe(`1/${n}`);
    if (!(await bar.getByLabel('替换为').count())) await page.keyboard.press('Control+h');
    await bar.getByLabel('替换为').fill('订单培养');
    await bar.getByTestId('replace-one').click();
    await expect.poll(() => count.textContent()).toBe(`1/${n - 1}`);
    expect(await page.getByTestId('notice').locator('span').first().textContent()).toBe('已替换 1 处');
    await page.getByRole('button', { name: /撤销/ }).first().click();
    await expect.poll(() => count.textContent()).toMatch(new RegExp(`^\\d+/${n}$`));
    await bar.getByLabel('查找内容').press('Escape');
    await expect.poll(() => bar.count()).toBe(0);
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');
  });

  it('chart indicator picker: search, one line per indicator, another unit refused with the reason', async () => {
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.locator('.chapter-link', { hasText: '人才培养' }).click();
    const chart = page.locator('.block-card[data-kind="chart"]').first();
    await chart.scrollIntoViewIfNeeded();
    await chart.getByRole('button', { name: '选择指标…' }).click();
    const picker = chart.getByTestId('indicator-picker');
    await picker.waitFor();
    const rows = picker.locator('.picker-row');
    const all = await rows.count();
    await picker.getByLabel('搜索指标').fill('满意度');
    await expect.poll(() => rows.count()).toBeLessThan(all);
    const names = await picker.locator('.picker-name').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toContain('满意度');
    // one line each: the row is as tall as one line of text
    const h = await rows
      .first()
      .locator('label')
      .evaluate((el) => el.getBoundingClientRect().height);
    expect(h).toBeLessThan(32);

    await picker.getByLabel('搜索指标').fill('');
    const checked = picker.locator('.picker-row input:checked');
    const chosen = await checked.count();
    const unit = await checked.first().locator('..').locator('.picker-unit').textContent();
    const other = picker
      .locator('.picker-row', { has: page.locator('.picker-unit', { hasNotText: unit ?? '' }) })
      .first();
    const why = (await other.locator('label').getAttribute('title')) ?? '';
    expect(why).toContain('单位不同的指标不能画在同一坐标轴上');
    expect(await other.getAttribute('class')).toContain('refused');
    const note = (await picker.getByTestId('picker-note').textContent()) ?? '';
    expect(note).toContain(`本图的单位为「${unit}」`);
    if (chosen > 1) {
      expect(await other.locator('input').isDisabled()).toBe(true);
      expect(note).toContain('请另建一张图表');
    } else expect(note).toContain('将替换它');
    const same = picker
      .locator('.picker-row:not(.refused)', { has: page.locator('input:not(:checked)') })
      .filter({ has: page.locator('.picker-unit', { hasText: unit ?? '' }) })
      .first();
    await same.locator('input').check();
    await expect.poll(() => chart.locator('.chip').count()).toBe(chosen + 1);
    await screenshot(page, 'chart-picker-1440');
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');
  });

  it('ran without page errors', () => {
    expect(app.browser.errors).toEqual([]);
  });
});
