/**
 * UI figures in Debian's Chromium against the browser host with the demo school open:
 *  - first paint: navigation start → the frame showing the data grid painted, median of 5 loads (the app's mark
 *    `qar-grid-visible` is taken in that frame's requestAnimationFrame, before its paint; the bench stops in the
 *    next frame's callback, as for the edit below);
 *  - findings refresh: a grid edit committed → the frame with the refreshed findings painted, over
 *    QAR_BENCH_UI_EDITS edits (default 40) that alternately break and fix a national standard (专职辅导员 1:200);
 *    median and p90. The app marks `qar-edit-to-findings` inside the requestAnimationFrame callback of the frame
 *    that shows the findings, i.e. BEFORE that frame is painted; the bench therefore stops its own timer in a
 *    second requestAnimationFrame callback (the next frame's), which runs only after the first frame has been
 *    painted (so the figure may include up to one frame interval of waiting; it never excludes the paint).
 *    The app's own pre-paint figure is printed beside it.
 * Targets: first paint ≤ 1000 ms, refresh ≤ 100 ms.
 */
import type { Page } from 'playwright-core';
import { buildRendererIfNeeded, launchBrowser, startHost } from '../../tests/e2e/harness';
import { envInt } from './lib/measure';

export const name = 'UI (Chromium, browser host, demo school)';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const p90 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] ?? Number.NaN;
};

/**
 * Installed in the page before it loads: for each `qar-edit-to-findings` measure, wait for the next frame's
 * requestAnimationFrame (the frame that holds the findings has been painted by then) and record the time since
 * the edit in window.__qarPainted.
 */
function observeAfterPaint(): void {
  const w = window as unknown as { __qarPainted: number[]; __qarGridPainted?: number };
  w.__qarPainted = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.name === 'qar-grid-visible') requestAnimationFrame(() => (w.__qarGridPainted ??= performance.now()));
      if (e.name !== 'qar-edit-to-findings') continue;
      // the app's mark ran in frame F's animation callbacks; this callback runs in frame F+1's, after F painted
      requestAnimationFrame(() => w.__qarPainted.push(performance.now() - e.startTime));
    }
  }).observe({ entryTypes: ['mark', 'measure'] });
}
const verdict = (v: number, target: number) => (v <= target ? '达标' : '未达标');

/** Navigation start → the grid's frame painted (ms since the page's time origin), and the app's pre-paint mark. */
async function gridVisibleAt(page: Page, url: string): Promise<{ painted: number; mark: number }> {
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { __qarGridPainted?: number }).__qarGridPainted, null, {
    timeout: 30_000,
  });
  return page.evaluate(() => ({
    painted: (window as unknown as { __qarGridPainted: number }).__qarGridPainted,
    mark: performance.getEntriesByName('qar-grid-visible')[0]?.startTime ?? Number.NaN,
  }));
}

export async function run(): Promise<void> {
  buildRendererIfNeeded();
  const host = await startHost({ args: ['--demo'] });
  const browser = await launchBrowser();
  try {
    const page = browser.page;
    await page.addInitScript(observeAfterPaint);
    await gridVisibleAt(page, host.url); // warm the HTTP cache once, as an installed app would be
    const loads: { painted: number; mark: number }[] = [];
    for (let i = 0; i < 5; i++) loads.push(await gridVisibleAt(page, host.url));
    const paints = loads.map((l) => l.painted);
    const fp = median(paints);
    console.log(
      `first paint (navigation → grid frame painted): median ${fp.toFixed(0)} ms, max ${Math.max(...paints).toFixed(0)} ms ` +
        `(n=${paints.length}; target ≤ 1000 ms: ${verdict(fp, 1000)}); app's mark before the paint: median ${median(loads.map((l) => l.mark)).toFixed(0)} ms`,
    );

    await page.locator('[data-table="resources"]').click();
    const cell = page.locator('td[data-cell="counselors|2024"]');
    const original = ((await cell.textContent()) ?? '').trim();
    const prePaint: number[] = [];
    const painted: number[] = [];
    const edits = envInt('QAR_BENCH_UI_EDITS', 40);
    for (let i = 0; i < edits; i++) {
      const before = await page.evaluate(() => (window as unknown as { __qarPainted: number[] }).__qarPainted.length);
      await cell.click();
      await page.keyboard.type(i % 2 === 0 ? '2' : original);
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        (n) => (window as unknown as { __qarPainted: number[] }).__qarPainted.length > n,
        before,
        { timeout: 10_000 },
      );
      painted.push(
        await page.evaluate(() => (window as unknown as { __qarPainted: number[] }).__qarPainted.at(-1) ?? Number.NaN),
      );
      prePaint.push(
        await page.evaluate(() => performance.getEntriesByName('qar-edit-to-findings').at(-1)?.duration ?? Number.NaN),
      );
    }
    const m = median(painted);
    console.log(
      `grid edit → findings frame painted: median ${m.toFixed(1)} ms, p90 ${p90(painted).toFixed(1)} ms ` +
        `(n=${painted.length}; target ≤ 100 ms: ${verdict(m, 100)}); ` +
        `app's own mark before the paint: median ${median(prePaint).toFixed(1)} ms, p90 ${p90(prePaint).toFixed(1)} ms`,
    );
  } finally {
    await browser.close();
    await host.stop();
  }
}
