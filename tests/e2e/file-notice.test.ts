/**
 * Two programs on one file, in real Chromium against the browser host: the host opens a workspace another program
 * is editing — read-only, with a banner that says who holds it; when that program saves, the read-only window
 * reloads by itself and says so. Screenshots at 1440×900 and 1093×614.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Child, spawnHelper } from '../helpers/child';
import { buildFixtureWorkspace } from '../helpers/workspace';
import { type Browser, bootDemo, type Host, screenshot } from './harness';

let dir: string;
let host: Host;
let browser: Browser;
let page: Page;
let holder: Child;

describe('a file someone else is editing (browser host + Chromium)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qar-e2e-lock-'));
    const tpl = join(dir, '模板.qar');
    (await buildFixtureWorkspace(tpl)).close();
    const qar = join(dir, '两处打开.qar');
    copyFileSync(tpl, qar);
    holder = spawnHelper('lock-holder.ts', [qar]);
    await holder.waitFor(/HELD \d+/);
    // its own file (held by another program) instead of the demo: the host opens it read-only as it starts
    ({ host, browser, page } = await bootDemo({ open: false, host: { args: ['--workspace', qar] } }));
  });
  afterAll(async () => {
    holder?.proc.stdin.write('close\n');
    await holder?.exited;
    await browser?.close();
    await host?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens read-only and says who is editing; reloads by itself when that program saves', async () => {
    await page.goto(host.url);
    await page.getByTestId('grid').waitFor();
    const banner = page.getByTestId('file-notice-locked');
    await expect
      .poll(() => banner.textContent(), { timeout: 15_000 })
      .toMatch(/正由.*测试用编辑程序.*编辑，已以只读方式打开/);
    await screenshot(page, 'file-notice-locked-1440');

    await page.locator('[data-table="resources"]').click();
    holder.proc.stdin.write('edit 88\n');
    await holder.waitFor(/EDITED 88/);
    await expect
      .poll(() => page.getByTestId('file-notice-outside-change').textContent(), { timeout: 20_000 })
      .toMatch(/已被其他程序修改，已重新载入最新内容/);
    await expect
      .poll(async () => ((await page.locator('td[data-cell="counselors|2024"]').textContent()) ?? '').trim(), {
        timeout: 10_000,
      })
      .toBe('88');
    await page.setViewportSize({ width: 1093, height: 614 });
    await screenshot(page, 'file-notice-outside-1093');
    expect(browser.errors).toEqual([]);
  });
});
