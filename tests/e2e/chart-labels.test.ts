/**
 * The app's preview charts print each value label as the 附表 does (the same print-rules formatValueLabel as the
 * Word picture and the editable Word chart): on a real .qar holding 校舍建筑面积 12000 → 12800.55, the paged
 * preview's charts, drawn by Chart.js in real Chromium, label the bars and points 12000 and 12800.55 (they read
 * 12000.00), and 生师比 15.00:1 (it read 15.00); hovering a bar says 「校舍建筑面积：12800.55」 (Chart.js said
 * 「校舍建筑面积: 12,800.55」). What the canvas was asked to draw is recorded from the page itself; screenshots at 1440×900 and
 * 1093×614 (artifacts/screenshots/chart-labels-*.png).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFractionChartsQar, FRACTION_CHARTS } from '../helpers/fraction-charts';
import { bootDemo, type DemoApp, screenshot, screenshotBothSizes } from './harness';

let dir: string;
let app: DemoApp;
let page: Page;

/**
 * Runs in the page before the app: the value labels each canvas drew last. Chart.js clears its canvas before
 * every draw, and draws a value label with a white halo (strokeText, then fillText); ticks and categories are only
 * filled.
 */
function recordValueLabels(): void {
  type Labelled = HTMLCanvasElement & { qarLabels?: string[]; qarTexts?: string[] };
  const proto = CanvasRenderingContext2D.prototype;
  const clear = proto.clearRect;
  const stroke = proto.strokeText;
  const fill = proto.fillText;
  proto.clearRect = function (this: CanvasRenderingContext2D, ...args: Parameters<typeof clear>) {
    (this.canvas as Labelled).qarLabels = [];
    (this.canvas as Labelled).qarTexts = [];
    return clear.apply(this, args);
  };
  proto.fillText = function (this: CanvasRenderingContext2D, ...args: Parameters<typeof fill>) {
    const c = this.canvas as Labelled;
    c.qarTexts = [...(c.qarTexts ?? []), String(args[0])];
    return fill.apply(this, args);
  };
  proto.strokeText = function (this: CanvasRenderingContext2D, ...args: Parameters<typeof stroke>) {
    const c = this.canvas as Labelled;
    c.qarLabels = [...(c.qarLabels ?? []), String(args[0])];
    return stroke.apply(this, args);
  };
}

describe('the preview’s charts (browser host + Chromium)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qar-e2e-chart-labels-'));
    const qar = await buildFractionChartsQar(dir);
    app = await bootDemo({ open: false, host: { args: ['--workspace', qar] } });
    page = app.page;
    await page.addInitScript(recordValueLabels);
    await page.goto(app.host.url);
    await page.getByTestId('grid').waitFor();
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('label 12000 beside 12800.55, 生师比 15.00:1; the whole area and the rate as before', async () => {
    await page.getByRole('button', { name: '预览与导出' }).click();
    await page.locator('[data-paged="done"]').waitFor({ state: 'attached', timeout: 120_000 });
    const drawn = page.locator('.pp-pages [data-testid="chart-preview"][data-drawn="1"]');
    await expect.poll(() => drawn.count(), { timeout: 30_000 }).toBe(FRACTION_CHARTS.length);
    const labels = () =>
      page.evaluate(() =>
        [
          ...document.querySelectorAll<HTMLCanvasElement & { qarLabels?: string[] }>('.pp-pages .chart-preview canvas'),
        ].map((c) => [...(c.qarLabels ?? [])].sort()),
      );
    // the 附表's texts (tests/chart-labels.test.ts checks them against the 附表 cells)
    await expect.poll(labels, { timeout: 15_000 }).toEqual([
      ['12000', '12800.55'],
      ['12000', '12800.55'],
      ['12500', '12600'],
      ['96.00%', '97.50%'],
      ['12000', '12500', '12600', '12800.55'],
      ['14.37:1', '15.00:1'],
    ]);
    const first = page.locator('.pp-pages .chart-preview').first();
    await first.scrollIntoViewIfNeeded();
    await screenshotBothSizes(page, 'chart-labels-preview');
  });

  it('say the value in the tooltip as the label prints it: 12800.55, not 12,800.55', async () => {
    const canvas = page.locator('.pp-pages .chart-preview canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Error('the first chart has no box');
    // the 2026 bar: the right one of two categories, 12800.55 of a 0–15000 axis
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height * 0.7);
    const texts = () =>
      canvas.evaluate((c: HTMLCanvasElement & { qarTexts?: string[] }) =>
        (c.qarTexts ?? []).filter((t) => t.startsWith('校舍建筑面积') && /\d/.test(t)),
      );
    await expect.poll(texts, { timeout: 15_000 }).toEqual(['校舍建筑面积：12800.55']);
    // one size: resizing the page moves the bar from under the mouse, and the tooltip goes
    await screenshot(page, 'chart-labels-tooltip-1440');
  });
});
