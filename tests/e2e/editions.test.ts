/**
 * 新建下一年度报告 and the 上一年度参考 pane in real Chromium against the browser host: from the start page, last
 * year's demo file (2024年度) becomes a 2025年度 workspace on the 2025 edition; last year's file is never changed;
 * the writing view shows last year's text for the same section beside the editor, read-only, with 插入到本节 on
 * demand; the earlier years' values are in the grid; the 学校信息 page shows the framework and its 版本说明.
 * Then a 2025 workspace left on the 2024 edition gets the notice and the one-step upgrade.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, writeExportAsWorkspace } from '../../core/service';
import { createWorkspace } from '../../core/workspace-io';
import { buildDemoExport } from '../../seeds/demo/index';
import { sha256File } from '../helpers/files';
import { type Browser, bootDemo, type Host, screenshot } from './harness';

let host: Host;
let browser: Browser;
let page: Page;
let demo: string;
let demoSha: string;

async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 10_000 }).toBe('已保存');
}

describe('新建下一年度报告 + 上一年度参考 (browser host + Chromium)', () => {
  beforeAll(async () => {
    // not opened: the first test makes next year's workspace from last year's file on the start page
    ({ host, browser, page } = await bootDemo({ open: false }));
    demo = join(host.outDir, '示例学校2024.qar');
    writeExportAsWorkspace(buildDemoExport(), demo);
    demoSha = sha256File(demo);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('makes the 2025年度 workspace from last year’s file on the start page', async () => {
    await page.goto(host.url);
    await page.getByTestId('start-next-year').click();
    const dialog = page.getByTestId('next-year-dialog');
    await dialog.waitFor();
    await page.getByTestId('next-year-source').fill(demo);
    await page.getByTestId('next-year-year').selectOption('2025');
    // the host suggests a new file in its output folder
    await expect.poll(() => page.getByTestId('next-year-target').inputValue()).toMatch(/\.qar$/);
    const target = join(host.outDir, '示例学校（2025年度）.qar');
    await page.getByTestId('next-year-target').fill(target);
    await screenshot(page, 'editions-next-year-dialog');
    // the dialog in a small window: every field and 新建 still in view
    await page.setViewportSize({ width: 1093, height: 614 });
    await expect
      .poll(async () => {
        const box = await dialog.getByRole('button', { name: '新建', exact: true }).boundingBox();
        return box ? box.y + box.height <= 614 : false;
      })
      .toBe(true);
    await screenshot(page, 'editions-next-year-dialog-1093');
    await page.setViewportSize({ width: 1440, height: 900 });
    await dialog.getByRole('button', { name: '新建', exact: true }).click();

    const report = page.getByTestId('edition-report');
    await report.waitFor();
    const lines = (await report.textContent()) ?? '';
    // the framework by its name (as published, with its year) and version; its id means nothing to the school
    expect(lines).toContain(
      '按报告年度选用指标体系《职业教育质量年度报告指标框架（2025年度·高等职业学校）》（版本 2025.1）',
    );
    expect(lines).not.toMatch(/cn-20\d\d-/);
    expect(lines).toContain('带入 2023年、2024年的数据');
    // the host's indented lines are listed under the line they belong to: 2022's data is a reason of 「未带入」,
    // not a point of its own after a line ending in 「：」
    const notCarried = report.locator('li', { hasText: /^未带入 \d+ 项数据/ });
    expect(await notCarried.locator('li', { hasText: '新报告只比较 2023–2025 三年' }).count()).toBe(1);
    await screenshot(page, 'editions-next-year-done');
    await report.getByRole('button', { name: '知道了' }).click();

    expect(existsSync(target)).toBe(true);
    // last year's file: only read
    expect(sha256File(demo)).toBe(demoSha);
    expect(await page.locator('.school-name').textContent()).toBe('重庆示例职业技术学院');
    await expect.poll(() => page.locator('.brand-text .muted').textContent()).toContain('2025年度');
  });

  it('shows last year’s text of the same section beside the editor, read-only, and inserts it on demand', async () => {
    const pane = page.getByTestId('reference-pane');
    await pane.waitFor();
    await expect.poll(() => pane.locator('h3').textContent()).toBe('上一年度参考（2024年度）');
    await page
      .getByRole('button', { name: /人才培养/ })
      .first()
      .click();
    const moral = pane.locator('[data-ref-section="talent.moral"]');
    await moral.waitFor();
    const text = (await moral.textContent()) ?? '';
    expect(text).toContain('建强思政课教师队伍，思政课程育人实效增强。');
    expect(text).toContain('【案例】打造“红岩·匠心”思政品牌，铸魂育人成效明显');
    // read-only: nothing in the pane can be typed into
    expect(await pane.locator('input, textarea, [contenteditable="true"]').count()).toBe(0);
    // this year's section starts empty (last year's text is not carried as content)
    const section = page.locator('section.section-part').filter({ hasText: '立德树人' }).first();
    expect(await section.locator('[data-block]').count()).toBe(0);
    await screenshot(page, 'editions-reference-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
    await screenshot(page, 'editions-reference-1093');
    // the side panel closed: what a narrow window leaves for the editor beside last year's text
    await page.getByRole('button', { name: '收起面板' }).click();
    await screenshot(page, 'editions-reference-1093-noside');
    await page.setViewportSize({ width: 1440, height: 900 });

    await moral.getByRole('button', { name: '插入到本节' }).first().click();
    await expect.poll(() => section.locator('[data-block]').count()).toBe(1);
    await saved();
    await expect
      // the 段首句 is a rich-text field (bound figures, components/figures/FigureTextEditor.tsx)
      .poll(() => section.locator('[data-block]').first().locator('.lead-text .fig-text').textContent())
      .toBe('建强思政课教师队伍，思政课程育人实效增强。');

    // the pane folds away to a strip and comes back
    await pane.getByRole('button', { name: '收起' }).click();
    await page.getByRole('button', { name: '参考' }).waitFor();
    await page.getByRole('button', { name: '参考' }).click();
    await pane.waitFor();
  });

  it('carries the two earlier years’ values and shows the edition with its 版本说明', async () => {
    await page.getByRole('button', { name: '数据填报' }).click();
    await page.locator('[data-table="resources"]').click();
    for (const y of [2023, 2024]) {
      await expect
        .poll(async () => ((await page.locator(`td[data-cell="students_fulltime|${y}"]`).textContent()) ?? '').trim())
        .toMatch(/^\d/);
    }
    expect(((await page.locator('td[data-cell="students_fulltime|2025"]').textContent()) ?? '').trim()).not.toMatch(
      /^\d/,
    );
    // an indicator new in the 2025 edition is in the grid, empty
    await page.locator('td[data-cell="teachers_senior|2025"]').waitFor();

    await page.getByRole('button', { name: '学校信息' }).click();
    const card = page.getByTestId('framework-card');
    await card.waitFor();
    const t = (await card.textContent()) ?? '';
    expect(t).toContain('职业教育质量年度报告指标框架（2025年度·高等职业学校）');
    expect(t).toContain('版本 2025.1');
    expect(t).not.toMatch(/cn-20\d\d-/);
    expect(t).toContain('版本说明');
    expect(t).toContain('2025年度国家通知');
    expect(t).toContain('示例学校2024.qar');
    await screenshot(page, 'editions-framework-card');
    expect(browser.errors).toEqual([]);
  });

  it('a 2025年度 workspace on the 2024 edition gets the notice and a one-step upgrade that keeps its data', async () => {
    const old = join(host.outDir, '旧版本.qar');
    createWorkspace(old, {
      profile: { name: '旧版本学院', code: '', level: '高职', category: '工科', region: '', reportYear: 2025 },
      framework: { id: 'cn-2024-gaozhi', version: '2024.1' },
    });
    const before = await openWorkspace(old);
    try {
      before.setValues([{ year: 2025, indicatorId: 'grad_total', value: 8123 }], 'manual');
    } finally {
      before.close();
    }
    await page
      .getByRole('button', { name: '关闭' })
      .click()
      .catch(() => undefined);
    await page.goto(host.url);
    await page.getByLabel('文件路径（.qar）').fill(old);
    await page.getByRole('button', { name: '打开', exact: true }).click();
    const banner = page.getByTestId('edition-banner');
    await banner.waitFor();
    const said = (await banner.textContent()) ?? '';
    expect(said).toContain('使用的是指标体系《职业教育质量年度报告指标框架（2024年度·高等职业学校）》（版本 2024.1）');
    expect(said).toContain('已有新年度的版本《职业教育质量年度报告指标框架（2025年度·高等职业学校）》（版本 2025.1）');
    expect(said).not.toMatch(/cn-20\d\d-/);
    await screenshot(page, 'editions-upgrade-banner');
    await page.setViewportSize({ width: 1093, height: 614 });
    await screenshot(page, 'editions-upgrade-banner-1093');
    await page.setViewportSize({ width: 1440, height: 900 });
    await banner.getByRole('button', { name: '查看变化并升级…' }).click();
    const preview = page.getByTestId('switch-preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('没有无法对应的数据');
    expect(await preview.textContent()).not.toMatch(/cn-20\d\d-/);
    expect(await preview.textContent()).toContain('保留 1 项数据');
    await screenshot(page, 'editions-upgrade-preview');
    await preview.getByRole('button', { name: '升级', exact: true }).click();
    await page.getByTestId('edition-report').waitFor();
    const done = (await page.getByTestId('edition-report').textContent()) ?? '';
    expect(done).toContain('已升级到2025年度的指标体系');
    expect(done).toContain('→ 《职业教育质量年度报告指标框架（2025年度·高等职业学校）》（版本 2025.1）');
    expect(done).not.toMatch(/cn-20\d\d-/);
    await page.getByTestId('edition-report').getByRole('button', { name: '知道了' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    const after = await openWorkspace(old, { readonly: true });
    try {
      const ws = after.getWorkspace();
      expect(ws.framework.id).toBe('cn-2025-gaozhi');
      expect(ws.values.find((v) => v.indicatorId === 'grad_total' && v.year === 2025)?.value).toBe(8123);
    } finally {
      after.close();
    }
    expect(browser.errors).toEqual([]);
  });
});
