/**
 * 区县审核's 文件清单 at 1093×614 in real Chromium against the browser host, on two copies of the demo school handed
 * in as two schools: every case of one is the other's, and a district report must not print a case twice. The
 * reviewer was not told; now one 「注意：」 line names both schools and every case, and however many such lines
 * there are, they scroll in their own box and the file list stays in view. Screenshot:
 * artifacts/screenshots/review-cases-1093.png.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExportAsWorkspace } from '../../core/service';
import { buildDemoExport } from '../../seeds/demo/index';
import { bootDemo, type DemoApp, screenshot } from './harness';

let app: DemoApp;
let dir = '';

beforeAll(async () => {
  app = await bootDemo({ open: false, viewport: { width: 1093, height: 614 } });
  dir = join(app.host.outDir, '报送');
  mkdirSync(dir);
  const demo = await buildDemoExport();
  for (const [name, code] of [
    ['甲职业技术学院', 'A001'],
    ['乙职业技术学院', 'B001'],
  ] as const) {
    const ws = structuredClone(demo);
    ws.profile = { ...ws.profile, name, code };
    writeExportAsWorkspace(ws, join(dir, `${name}.qar`));
  }
}, 180_000);

afterAll(async () => {
  await app?.close();
});

describe('区县审核: one case handed in by two schools', () => {
  it('the file list says so in one line naming both schools and the cases, and stays in view', async () => {
    const page = app.page;
    await page.goto(app.host.url);
    await page.getByRole('button', { name: '进入区县审核' }).click();
    await page.getByLabel('要审核的文件或文件夹').fill(dir);
    await page.getByRole('button', { name: /开始审核/ }).click();
    await page.getByTestId('matrix').waitFor();
    await page
      .getByRole('tab', { name: /文件清单/ })
      .or(page.getByRole('button', { name: /文件清单/ }))
      .first()
      .click();
    await page.getByTestId('files').waitFor();
    const warnings = page.getByTestId('framework-warning').filter({ hasText: '相同的案例' });
    await expect.poll(() => warnings.count()).toBe(1);
    const text = (await warnings.first().textContent()) ?? '';
    expect(text).toMatch(/^注意：甲职业技术学院、乙职业技术学院报送了 \d+ 个相同的案例/);
    expect(text).toContain('「打造“红岩·匠心”思政品牌，铸魂育人成效明显」');
    // the file list below it is in the window: its last row's centre is the row itself
    const last = page.getByTestId('files').locator('tbody tr').last();
    await expect
      .poll(() =>
        last.evaluate((row) => {
          const r = row.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + 40, r.top + r.height / 2);
          return r.bottom <= window.innerHeight && !!hit && row.contains(hit);
        }),
      )
      .toBe(true);
    await screenshot(page, 'review-cases-1093');
  });
});
