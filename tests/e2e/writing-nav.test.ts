/**
 * Getting around the report (issue #13), in real Chromium against the browser host on the demo school:
 * a finding or a comment about a block scrolls to that block and puts the focus in it (not the chapter's top).
 * Screenshots: artifacts/screenshots/jump-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, buildRendererIfNeeded, type Host, launchBrowser, screenshot, startHost } from './harness';

let host: Host;
let browser: Browser;
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
    buildRendererIfNeeded();
    host = await startHost();
    browser = await launchBrowser();
    page = browser.page;
    await page.goto(host.url);
    await page.getByRole('button', { name: '打开示例学校' }).click();
    await page.getByTestId('grid').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('a finding about a block deep in a chapter: 报告撰写 opens there, the block in view and focused', async () => {
    // 3800 graduates: the rate the text quotes no longer matches the table, a finding on blocks deep in 人才培养
    await page.locator('td[data-cell="grad_total|2024"]').click();
    await page.keyboard.type('3800');
    await page.keyboard.press('Enter');
    const finding = page.locator('.finding .finding-main', { hasText: '第 3 块' }).first();
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

  it('ran without page errors', () => {
    expect(browser.errors).toEqual([]);
  });
});
