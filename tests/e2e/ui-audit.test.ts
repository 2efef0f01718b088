/**
 * What a user sees and reaches with the keyboard alone, at 1366×768 (wave 6 audit), in real Chromium against the
 * browser host on the demo school:
 * 1. before the host's first findings arrive the findings panel and the 校验 badge say 正在校验, never
 *    「未发现问题」 (the demo has a finding: a false all-clear is what a hurried user would believe);
 * 2. a modal dialog (历史版本) keeps Tab and Shift+Tab inside it, and Esc gives the focus back to the button that
 *    opened it, so the next Tab continues from where the user was;
 * 3. the 年度设置 panel closes on Esc and gives the focus back to its button.
 * Screenshots: artifacts/screenshots/ui-audit-*.png.
 */
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDemo, type DemoApp, screenshot } from './harness';

let app: DemoApp;
let page: Page;
/** the first findings request, held until the test lets it through */
let held: Route | null = null;
let holding = true;

/** whether the focused element is inside `selector` */
const focusInside = (selector: string) => page.evaluate((sel) => !!document.activeElement?.closest(sel), selector);
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
});
