/**
 * The district reviewer in real Chromium against the browser host: three files handed in (two copies of the demo
 * school as two schools, one with a broken national standard, and one garbage file), 区县审核 from the start page,
 * the compliance matrix with exactly one 未通过, the garbage file listed as skipped, a comment on the failing cell
 * into the reviewer's own review file, the school's comments file exported, the summary and the district draft
 * written (and the draft opened for editing), the schools' files unchanged; then the school opens its file and
 * imports the comments file. Screenshots: artifacts/screenshots/review-*.png.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExportAsWorkspace } from '../../core/service';
import { buildDemoExport } from '../../seeds/demo/index';
import { type Browser, buildRendererIfNeeded, type Host, launchBrowser, screenshot, startHost } from './harness';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

let host: Host;
let browser: Browser;
let page: Page;
let dir: string;
const files = { a: '', b: '', junk: '' };
const before: Record<string, string> = {};
const COMMENT = '专职辅导员仅 2 人，与人事报表不一致，请核实后更正并说明。';

/** Waits for the toast line to say `text` (an older toast may still be showing). */
async function noticeSays(text: string): Promise<void> {
  await expect.poll(() => page.getByTestId('notice').textContent(), { timeout: 30_000 }).toContain(text);
}

describe('district reviewer (browser host + Chromium)', () => {
  beforeAll(async () => {
    buildRendererIfNeeded();
    host = await startHost();
    dir = join(host.outDir, '报送');
    mkdirSync(dir);
    const demo = await buildDemoExport();
    const a = structuredClone(demo);
    a.profile = { ...a.profile, name: '甲职业技术学院', code: 'A001' };
    // one more school to the first: a different value, still within every standard
    const aTotal = a.values.find((v) => v.indicatorId === 'counselors' && v.year === 2024);
    if (aTotal?.value) aTotal.value += 1;
    const b = structuredClone(demo);
    b.profile = { ...b.profile, name: '乙职业技术学院', code: 'B001' };
    const bCounselors = b.values.find((v) => v.indicatorId === 'counselors' && v.year === 2024);
    if (!bCounselors) throw new Error('demo has no counselors value');
    bCounselors.value = 2; // 1:200 broken → national.counselors 未通过
    files.a = join(dir, '甲职业技术学院.qar');
    files.b = join(dir, '乙职业技术学院.qar');
    files.junk = join(dir, '丙学校（损坏）.qar');
    writeExportAsWorkspace(a, files.a);
    writeExportAsWorkspace(b, files.b);
    writeFileSync(files.junk, 'this is not a workspace at all, just bytes');
    for (const [k, p] of Object.entries(files)) before[k] = sha(p);
    browser = await launchBrowser();
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('opens 区县审核 from the start page and reviews the folder', async () => {
    await page.goto(host.url);
    await page.getByTestId('review-entry').waitFor();
    await page.getByTestId('review-entry').scrollIntoViewIfNeeded();
    await screenshot(page, 'review-00-start-page');
    await page.getByRole('button', { name: '进入区县审核' }).click();
    await page.getByLabel('要审核的文件或文件夹').fill(dir);
    await screenshot(page, 'review-01-start');
    await page.getByRole('button', { name: /开始审核/ }).click();
    await page.getByTestId('matrix').waitFor();
    await noticeSays('审阅了 2 所学校');
    // exactly one failing cell: 乙 × national.counselors
    const fails = page.locator('td.st[data-status="fail"]');
    expect(await fails.count()).toBe(1);
    expect(await fails.first().getAttribute('data-rule')).toBe('national.counselors');
    expect(await page.locator('tr[data-school="乙职业技术学院"] td.cnt.fail').textContent()).toBe('1');
    expect(await page.locator('tr[data-school="甲职业技术学院"] td.st[data-status="fail"]').count()).toBe(0);
    await screenshot(page, 'review-02-matrix');

    await page.getByLabel('只看未通过').check();
    expect(await page.locator('table.matrix tbody tr').count()).toBe(1);
    expect(await page.locator('table.matrix thead th.rule-h').count()).toBe(1);
  });

  it('lists the garbage file as skipped with the Chinese reason', async () => {
    await page.getByRole('button', { name: /文件清单/ }).click();
    const junk = page.locator('tr[data-file="丙学校（损坏）.qar"]');
    await junk.waitFor();
    expect(await junk.getAttribute('data-status')).toBe('skipped');
    expect(await junk.textContent()).toMatch(/不是质量年报工作台文件.*或已损坏/);
    expect(await page.locator('tr[data-status="reviewed"]').count()).toBe(2);
    await screenshot(page, 'review-03-files');
  });

  it('shows the 高职 aggregates with units', async () => {
    await page.getByRole('button', { name: '汇总', exact: true }).click();
    const agg = page.getByTestId('aggregates');
    await agg.waitFor();
    const row = agg.locator('tr', { has: page.locator('th', { hasText: /^毕业生数$/ }) }).first();
    // two identical demo schools: the district count is twice the demo's 3725
    expect(await row.textContent()).toContain('7450');
    expect(await agg.textContent()).toContain('按公式');
    await screenshot(page, 'review-04-summary');
  });

  it('adds a comment on the failing cell into the review file, and exports the school’s comments file', async () => {
    await page.getByLabel('审核人').fill('区教育局 王老师');
    await page.getByRole('button', { name: /合规矩阵/ }).click();
    await page.locator('td.st[data-status="fail"]').click();
    await page.getByTestId('cell-detail').getByRole('button', { name: '添加审核意见' }).click();
    await page.getByLabel('意见内容').fill(COMMENT);
    await screenshot(page, 'review-05-comment');
    await page.getByRole('button', { name: '保存意见' }).click();
    await noticeSays('已添加审核意见');
    const rfPath = ((await page.getByTestId('review-file-path').textContent()) ?? '').match(/\/\S+\.json/)?.[0] ?? '';
    expect(rfPath.startsWith(host.outDir)).toBe(true);
    const rf = JSON.parse(readFileSync(rfPath, 'utf8'));
    expect(rf.format).toBe('qar-review');
    const bSchool = rf.schools.find((s: { school: { code: string } }) => s.school.code === 'B001');
    expect(bSchool.comments.map((c: { body: string }) => c.body)).toEqual([COMMENT]);
    expect(bSchool.comments[0].author).toBe('区教育局 王老师');
    expect(bSchool.comments[0].target).toEqual({
      type: 'cell',
      tableId: 'resources',
      indicatorId: 'counselors',
      year: 2024,
    });
    expect(bSchool.file.sha256).toBe(before.b);

    // the school's findings page shows the thread; export the comments file for 乙
    await page.getByRole('button', { name: '查看该校问题清单' }).click();
    await page.getByTestId('review-comments').waitFor();
    expect(await page.getByTestId('review-comments').textContent()).toContain(COMMENT);
    await page.getByRole('button', { name: '导出该校审核意见' }).click();
    await noticeSays('审核意见 1 条');
    const out = join(host.outDir, '乙职业技术学院审核意见.json');
    expect(existsSync(out)).toBe(true);
    const cf = JSON.parse(readFileSync(out, 'utf8'));
    expect(cf.format).toBe('qar-comments');
    expect(cf.school).toMatchObject({ name: '乙职业技术学院', code: 'B001' });
    expect(cf.comments.map((c: { body: string }) => c.body)).toEqual([COMMENT]);
    await screenshot(page, 'review-06-findings');
  });

  it('exports the summary workbook and builds the district draft, then opens the draft for editing', async () => {
    await page.getByRole('button', { name: '导出审核汇总 ▾' }).click();
    await page.getByRole('menuitem', { name: /Excel/ }).click();
    await noticeSays('已导出审核汇总');
    expect(existsSync(join(host.outDir, '审核汇总（2024年度）.xlsx'))).toBe(true);

    await page.getByRole('button', { name: '生成区域报告草稿' }).click();
    await page.getByLabel('地区名称').fill('示例区');
    await screenshot(page, 'review-07-district-dialog');
    await page.getByRole('button', { name: '生成', exact: true }).click();
    await page.getByTestId('district-done').waitFor({ timeout: 90_000 });
    const done = (await page.getByTestId('district-done').textContent()) ?? '';
    expect(done).toContain('2 所学校');
    const docx = done.match(/Word 文档：(\S+\.docx)/)?.[1] ?? '';
    const qar = done.match(/草稿工作区：(\S+\.qar)/)?.[1] ?? '';
    expect(existsSync(docx)).toBe(true);
    expect(existsSync(qar)).toBe(true);
    await screenshot(page, 'review-08-district-done');

    // the saved draft opens like a school report: writing view and preview work on the district framework
    await page.getByRole('button', { name: '打开草稿继续编辑' }).click();
    await page.getByRole('button', { name: '报告撰写' }).click();
    await expect
      .poll(() => page.locator('main[data-view="writing"]').textContent(), { timeout: 20_000 })
      .toContain('发展概况');
    await screenshot(page, 'review-09-district-writing');
    await page.getByRole('button', { name: '预览与导出' }).click();
    await expect
      .poll(() => page.locator('main[data-view="preview"]').textContent(), { timeout: 30_000 })
      .toContain('附表 1-1');
    await screenshot(page, 'review-10-district-preview');
    await page.getByRole('button', { name: '关闭' }).click();
    await page.getByTestId('review').waitFor();
  });

  it('never changed a school’s file', () => {
    for (const [k, p] of Object.entries(files)) expect(sha(p), k).toBe(before[k]);
  });

  it('the school opens its file and imports the comments file', async () => {
    await page.getByRole('button', { name: '返回首页' }).click();
    await page.getByLabel('文件路径（.qar）').fill(files.b);
    await page.getByRole('button', { name: '打开', exact: true }).click();
    await page.getByTestId('grid').waitFor();
    await page.getByTestId('comments-tab').click();
    await page.getByLabel('审核意见文件路径').fill(join(host.outDir, '乙职业技术学院审核意见.json'));
    await page.getByTestId('comments-import').click();
    await screenshot(page, 'review-11-school-imported');
    await expect.poll(() => page.getByTestId('comments').textContent(), { timeout: 10_000 }).toContain(COMMENT);
    await screenshot(page, 'review-11-school-imported');
  });
});
