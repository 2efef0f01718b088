/**
 * 使用说明 and 关于 in real Chromium against the browser host (where there is no native menu, so the visible entries
 * matter): the start page's link and the top bar's ？ button open the help, its contents list every section and
 * a contents link brings that section into view; 关于 shows the version the host reports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP_SECTIONS } from '../../renderer/help/content';
import { type Browser, bootDemo, type Host, ROOT, screenshot } from './harness';

let host: Host;
let browser: Browser;
let page: Page;

const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** top of the element relative to the help's scrolling box, in px (0 = at the top of what is shown) */
function offsetInScroll(id: string): Promise<number> {
  return page.evaluate((anchor) => {
    const el = document.getElementById(anchor);
    const box = el?.closest('.help-scroll');
    if (!el || !box) return Number.NaN;
    return el.getBoundingClientRect().top - box.getBoundingClientRect().top;
  }, `help-${id}`);
}

describe('使用说明 and 关于 (browser host + Chromium)', () => {
  beforeAll(async () => {
    // the first test goes to the start page itself
    ({ host, browser, page } = await bootDemo({ open: false }));
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('opens from the start page and lists every section', async () => {
    await page.goto(host.url);
    await page.getByTestId('start-help').waitFor();
    await screenshot(page, 'help-entry-start');
    await page.getByTestId('start-help').click();
    const help = page.getByTestId('help-view');
    await help.waitFor();
    const toc = help.getByRole('navigation', { name: '使用说明目录' });
    for (const s of HELP_SECTIONS) {
      await expect.poll(() => toc.getByRole('link', { name: s.title, exact: true }).count()).toBe(1);
      await expect.poll(() => help.locator(`#help-${s.id}`).textContent()).toContain(s.title);
    }
    await screenshot(page, 'help-start');
  });

  it('a contents link brings its section into view and gives it the focus', async () => {
    // a middle section comes to the top of the text
    expect(await offsetInScroll('validate')).toBeGreaterThan(900);
    await page.getByRole('link', { name: '校验', exact: true }).click();
    await expect.poll(async () => Math.abs(await offsetInScroll('validate'))).toBeLessThan(40);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('help-validate');

    // the last one is shown with the text scrolled to its end
    const last = HELP_SECTIONS.at(-1);
    if (!last) throw new Error('no help sections');
    await page.getByRole('link', { name: last.title, exact: true }).click();
    const shown = await page.locator('.help-scroll').evaluate((el) => el.clientHeight);
    await expect.poll(() => offsetInScroll(last.id)).toBeLessThan(shown / 2);
    expect(await offsetInScroll(last.id)).toBeGreaterThanOrEqual(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`help-${last.id}`);
    await screenshot(page, 'help-faq');
  });

  it('关于 shows the app name and the version from app.info', async () => {
    await page.getByRole('button', { name: '关于质量年报工作台' }).click();
    const about = page.getByTestId('about-dialog');
    await about.waitFor();
    await expect.poll(() => about.getByTestId('about-version').textContent()).toBe(`版本 ${version}`);
    expect(await about.textContent()).toContain('质量年报工作台');
    expect(await about.textContent()).toContain('只保存在本机');
    await screenshot(page, 'help-about');
    await about.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => page.getByTestId('about-dialog').count()).toBe(0);
    // 返回 leaves the help for the start page
    await page.getByRole('button', { name: '← 返回', exact: true }).click();
    await page.getByRole('button', { name: '打开示例学校' }).waitFor();
  });

  it('in a workspace the top bar ？ opens the help beside the views, and a view tab closes it', async () => {
    await page.getByRole('button', { name: '打开示例学校' }).click();
    await page.getByTestId('grid').waitFor();
    await page.getByTestId('help-button').click();
    await page.getByTestId('help-view').waitFor();
    expect(await page.getByTestId('grid').count()).toBe(0);
    expect(await page.getByTestId('help-button').getAttribute('aria-pressed')).toBe('true');
    // no view tab claims to be the current page while the help is shown
    expect(await page.locator('.topbar .view-tab.active').count()).toBe(0);
    // the school's top bar stays, so the way back is where the user expects it
    expect(await page.locator('.topbar .school-name').textContent()).toBeTruthy();
    await screenshot(page, 'help-workspace');

    await page.getByRole('button', { name: '数据填报' }).click();
    await page.getByTestId('grid').waitFor();
    expect(await page.getByTestId('help-view').count()).toBe(0);

    // the ？ button toggles
    await page.getByTestId('help-button').click();
    await page.getByTestId('help-view').waitFor();
    await page.getByTestId('help-button').click();
    await page.getByTestId('grid').waitFor();
    expect(browser.errors).toEqual([]);
  });
});
