/**
 * The district reviewer in real Chromium against the browser host: three files handed in (two copies of the demo
 * school as two schools, one with a broken national standard, and one garbage file), 区县审核 from the start page,
 * the compliance matrix with exactly one 未通过, the garbage file listed as skipped, a comment on the failing cell
 * into the reviewer's own review file (its text, left with Esc or 取消, kept for the place, also across a reload of
 * the window), the school's comments file exported, the summary and the district draft
 * written (and the draft opened for editing), the schools' files unchanged; then the school opens its file and
 * imports the comments file. Screenshots: artifacts/screenshots/review-*.png.
 *
 * Then the compliance matrix at district scale: the planted-defect fixtures plus 166 generated schools (170 in
 * all, 110 rule columns): grouped headers with short titles, the full title and citation on hover and on keyboard
 * focus, keyboard moves, filters by table, severity and status, and the frozen header and school column while
 * scrolling both ways at 1440×900 and 1093×614. Screenshots: artifacts/screenshots/review-matrix-*.png.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeExportAsWorkspace } from '../../core/service';
import { buildDemoExport } from '../../seeds/demo/index';
import { writeDistrictSet } from '../fixtures/review/district-set';
import { type ManySchools, writeManySchools } from '../fixtures/review/many-schools';
import { type Browser, bootDemo, type Host, screenshot } from './harness';

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
    // not opened: the reviewer starts on the start page (区县审核), on files written into the host's folder
    ({ host, browser, page } = await bootDemo({ open: false }));
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
    // 乙's 专职辅导员 65 → 2 fails two rules: the 1:200 standard and the year-on-year band (a fall to a thirtieth)
    const fails = page.locator('td.st[data-status="fail"]');
    expect(await fails.count()).toBe(2);
    expect((await fails.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-rule')))).sort()).toEqual([
      'builtin.yoy_band',
      'national.counselors',
    ]);
    expect(await page.locator('tr[data-school="乙职业技术学院"] th .badge.fail').textContent()).toBe('2');
    expect(await page.locator('tr[data-school="甲职业技术学院"] td.st[data-status="fail"]').count()).toBe(0);
    await screenshot(page, 'review-02-matrix');

    await page.getByLabel('按状态筛选').selectOption('fail');
    await expect.poll(() => page.locator('table.matrix tbody tr').count()).toBe(1);
    expect(await page.locator('table.matrix thead th.rule-h').count()).toBe(2);
    await page.getByLabel('按状态筛选').selectOption('all');
  });

  it('lists the garbage file as skipped with the Chinese reason', async () => {
    await page.getByRole('button', { name: /文件清单/ }).click();
    const junk = page.locator('tr[data-file="丙学校（损坏）.qar"]');
    await junk.waitFor();
    expect(await junk.getAttribute('data-status')).toBe('skipped');
    expect(await junk.textContent()).toMatch(/不是质量年报工作台文件.*或已损坏/);
    // the reason is in view at 1440×900 beside the long framework names (《…》（cn-2024-gaozhi，版本 …）), not
    // pushed off to the right
    const reason = await junk.locator('td.reason').boundingBox();
    const pane = await page.locator('.files-pane').boundingBox();
    expect(reason && pane && reason.x + reason.width <= pane.x + pane.width).toBe(true);
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
    // printed as the Word summary and the district draft print it: 生师比 as 15.35:1 (it read a bare 15.35), a
    // head count weighted to a decimal as a whole number
    const ratio = agg.locator('tr', { has: page.locator('th', { hasText: /^生师比$/ }) }).first();
    expect(await ratio.locator('td.num').first().textContent()).toMatch(/^\d+\.\d{2}:1$/);
    const fte = agg.locator('tr', { has: page.locator('th', { hasText: /^折合在校生数$/ }) }).first();
    expect(await fte.locator('td.num').first().textContent()).toMatch(/^\d+$/);
    await screenshot(page, 'review-04-summary');
  });

  it('adds a comment on the failing cell into the review file, and exports the school’s comments file', async () => {
    await page.getByLabel('审核人').fill('区教育局 王老师');
    await page.getByRole('button', { name: /合规矩阵/ }).click();
    await page.locator('td.st[data-status="fail"][data-rule="national.counselors"]').click();
    await page.getByTestId('cell-detail').getByRole('button', { name: '添加审核意见' }).click();
    // Esc (or 取消) halfway through: the text is kept for this place and is there again when the reviewer comes back
    await page.getByLabel('意见内容').fill(COMMENT.slice(0, 12));
    await page.keyboard.press('Escape');
    await page.getByLabel('意见内容').waitFor({ state: 'detached' });
    await page.getByTestId('cell-detail').getByRole('button', { name: '添加审核意见' }).click();
    // the kept text is put in once the dialog has read it (an effect after opening): waited for, not read at once
    await expect.poll(() => page.getByLabel('意见内容').inputValue()).toBe(COMMENT.slice(0, 12));
    await page.getByLabel('意见内容').fill(COMMENT.slice(0, 20));
    await page.getByRole('button', { name: '取消' }).click();
    await page.getByLabel('意见内容').waitFor({ state: 'detached' });
    // the window reloaded (or the app restarted) before the comment was saved: reviewed again, the same place
    // holds the same unsaved text
    await page.reload();
    await page.getByRole('button', { name: '进入区县审核' }).click();
    await page.getByLabel('要审核的文件或文件夹').fill(dir);
    await page.getByRole('button', { name: /开始审核/ }).click();
    await page.getByTestId('matrix').waitFor();
    await page.getByLabel('审核人').fill('区教育局 王老师');
    await page.locator('td.st[data-status="fail"][data-rule="national.counselors"]').click();
    await page.getByTestId('cell-detail').getByRole('button', { name: '添加审核意见' }).click();
    // the kept text is put in once the dialog has read it (an effect after opening): waited for, not read at once
    await expect.poll(() => page.getByLabel('意见内容').inputValue()).toBe(COMMENT.slice(0, 20));
    await page.getByLabel('意见内容').fill(COMMENT);
    // the keyboard stays in the dialog (nothing behind it is reachable while it is open)
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press(i < 3 ? 'Tab' : 'Shift+Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[role="dialog"]')), `key ${i + 1}`).toBe(
        true,
      );
    }
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
    // a reply begun and left with 取消 is there again at the next 回复 (until sent or emptied)
    const comments = page.getByTestId('review-comments');
    await comments.getByRole('button', { name: '回复', exact: true }).click();
    await comments.getByLabel('回复内容').fill('学校已说明：');
    await comments.getByRole('button', { name: '取消' }).click();
    await comments.getByLabel('回复内容').waitFor({ state: 'detached' });
    await comments.getByRole('button', { name: '回复', exact: true }).click();
    expect(await comments.getByLabel('回复内容').inputValue()).toBe('学校已说明：');
    await comments.getByRole('button', { name: '取消' }).click();
    // Word to read: the place in words and the value the school entered
    await page.getByRole('button', { name: '导出该校审核意见 ▾' }).click();
    await screenshot(page, 'review-06-export-menu');
    await page.getByRole('menuitem', { name: /Word 文档/ }).click();
    await noticeSays('（Word 文档）');
    const docx = join(host.outDir, '乙职业技术学院审核意见.docx');
    const xml = await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('教学资源表 · 专职辅导员');
    expect(text).toContain('填报值：2人');
    expect(text).toContain(COMMENT);
    // the .json the school imports
    await page.getByRole('button', { name: '导出该校审核意见 ▾' }).click();
    await page.getByRole('menuitem', { name: /导入用数据文件/ }).click();
    await noticeSays('在学校工作区中「导入审核意见」');
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
    // left empty: the draft takes the schools' region (重庆市), and so do the names the files are saved under
    // (they read 「本地区2024年度…（草稿）.docx」)
    expect(await page.getByLabel('地区名称').inputValue()).toBe('');
    await screenshot(page, 'review-07-district-dialog');
    await page.getByRole('button', { name: '生成', exact: true }).click();
    await page.getByTestId('district-done').waitFor({ timeout: 90_000 });
    const done = (await page.getByTestId('district-done').textContent()) ?? '';
    expect(done).toContain('2 所学校');
    const docx = done.match(/Word 文档：(\S+\.docx)/)?.[1] ?? '';
    const qar = done.match(/草稿工作区：(\S+\.qar)/)?.[1] ?? '';
    expect(existsSync(docx)).toBe(true);
    expect(existsSync(qar)).toBe(true);
    expect(basename(docx)).toBe('重庆市2024年度职业教育质量年度报告（草稿）.docx');
    expect(basename(qar)).toBe('重庆市区域报告草稿.qar');
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

describe('compliance matrix with 170 schools (Chromium, 1440×900 and 1093×614)', () => {
  let mhost: Host;
  let mbrowser: Browser;
  let mpage: Page;
  let many: ManySchools;

  /** Where the frozen parts are after scrolling the matrix to its far right and bottom. */
  async function scrolledToEnd() {
    return mpage.getByTestId('matrix').evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
      el.scrollTop = el.scrollHeight;
      const box = (q: string) => (el.querySelector(q) as HTMLElement).getBoundingClientRect();
      const c = el.getBoundingClientRect();
      return {
        moved: el.scrollLeft > 0 && el.scrollTop > 0,
        container: { left: c.left, top: c.top, right: c.left + el.clientWidth, bottom: c.top + el.clientHeight },
        lastSchool: box('tbody tr:last-child th.school-h'),
        lastRuleHead: box('thead th.rule-h:last-child'),
        groupHead: box('thead th.group-h:last-child'),
        corner: box('thead th.corner'),
        foot: box('tfoot th'),
      };
    });
  }

  function expectFrozen(p: Awaited<ReturnType<typeof scrolledToEnd>>) {
    expect(p.moved).toBe(true);
    // the school column at the left edge, the header rows at the top, whatever the scroll
    expect(Math.abs(p.lastSchool.left - p.container.left)).toBeLessThanOrEqual(1);
    expect(Math.abs(p.corner.top - p.container.top)).toBeLessThanOrEqual(1);
    expect(Math.abs(p.groupHead.top - p.container.top)).toBeLessThanOrEqual(1);
    expect(Math.abs(p.lastRuleHead.top - p.groupHead.bottom)).toBeLessThanOrEqual(1);
    // the last column and the last school are reachable: fully inside the view, not under the frozen parts
    expect(p.lastRuleHead.right).toBeLessThanOrEqual(p.container.right + 1);
    expect(p.lastRuleHead.left).toBeGreaterThanOrEqual(p.lastSchool.right - 1);
    expect(p.lastSchool.bottom).toBeLessThanOrEqual(p.foot.top + 1);
    expect(p.lastSchool.top).toBeGreaterThanOrEqual(p.lastRuleHead.bottom - 1);
  }

  const activeCell = () =>
    mpage.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { r: a?.dataset.r ?? null, c: a?.dataset.c ?? null, rule: a?.dataset.rule ?? null };
    });

  beforeAll(async () => {
    ({ host: mhost, browser: mbrowser, page: mpage } = await bootDemo({ open: false }));
    const dir = join(mhost.outDir, '报送');
    mkdirSync(dir);
    writeDistrictSet(dir); // 4 schools with planted defects + 3 unusable files
    many = await writeManySchools(dir, 130, 36);
    await mpage.goto(mhost.url);
    await mpage.getByRole('button', { name: '进入区县审核' }).click();
    await mpage.getByLabel('要审核的文件或文件夹').fill(dir);
    await mpage.getByRole('button', { name: /开始审核/ }).click();
    await mpage.getByTestId('matrix').waitFor({ timeout: 240_000 });
  }, 480_000);

  afterAll(async () => {
    await mbrowser?.close();
    await mhost?.stop();
  });

  it('draws 170 schools × every rule under group headers with short titles', async () => {
    const shown = (await mpage.getByTestId('matrix-shown').textContent()) ?? '';
    const [, schools, rules] = /(\d+) 所学校 · (\d+) 条规则/.exec(shown) ?? [];
    expect(Number(schools)).toBe(170);
    expect(Number(rules)).toBeGreaterThanOrEqual(100);
    expect(await mpage.locator('thead th.rule-h').count()).toBe(Number(rules));
    expect(await mpage.locator('tbody tr').count()).toBe(170);
    const groups = await mpage.locator('thead th.group-h').allTextContents();
    for (const g of ['国家标准', '重庆目标', '完整性', '数据一致', '计算公式', '报告结构']) expect(groups).toContain(g);
    expect(groups).toContain('基本办学条件（综合、师范、民族院校）');
    expect(await mpage.locator('th[data-rule="derived.grad_placement_rate"]').textContent()).toBe('毕业去向落实率');
    // the planted failures are where they were planted
    for (const name of many.counselorsFail.slice(0, 3)) {
      expect(
        await mpage
          .locator(`tr[data-school="${name}"] td[data-rule="national.counselors"]`)
          .getAttribute('data-status'),
      ).toBe('fail');
    }
    expect(await mpage.locator('tr[data-school="甲高等职业学院"] td[data-status="fail"]').count()).toBe(0);
    expect(mbrowser.errors).toEqual([]);
    await screenshot(mpage, 'review-matrix-1440');
  });

  it('shows the full title and the citation on hover and on keyboard focus', async () => {
    await mpage.locator('th[data-rule="national.counselors"]').hover();
    const tip = mpage.getByTestId('rule-tip');
    await expect.poll(() => tip.textContent()).toContain('专职辅导员与全日制在校生比例不低于1:200');
    expect(await tip.textContent()).toMatch(
      /依据：《高等职业学校教育教学关键要素评估国家基本框架.*》「4\.2 思政课教师与辅导员队伍」第21条/,
    );
    expect(await tip.textContent()).toContain('国家标准 · 警告');
    await screenshot(mpage, 'review-matrix-tip');
    // leaving the headers hides it
    await mpage.locator('tbody tr:first-child td').first().hover();
    await expect.poll(() => tip.count()).toBe(0);

    // the keyboard: one tab stop into the grid, on the first rule header
    await mpage.getByLabel('查找学校').focus();
    await mpage.keyboard.press('Tab');
    const first = await mpage.locator('thead th.rule-h').first().getAttribute('data-rule');
    expect((await activeCell()).rule).toBe(first);
    await expect.poll(() => tip.count()).toBe(1);
    await mpage.keyboard.press('ArrowRight');
    const second = mpage.locator('thead th.rule-h').nth(1);
    expect((await activeCell()).rule).toBe(await second.getAttribute('data-rule'));
    await expect.poll(() => tip.textContent()).toContain((await second.getAttribute('aria-label')) ?? '?');
    expect(await second.getAttribute('aria-describedby')).toBe('matrix-rule-tip');
  });

  it('moves with the keyboard as in Excel and opens a cell or a school with Enter', async () => {
    await mpage.keyboard.press('ArrowDown');
    expect(await activeCell()).toMatchObject({ r: '0', c: '1' });
    await mpage.keyboard.press('End');
    const last = (await mpage.locator('thead th.rule-h').count()) - 1;
    expect(await activeCell()).toMatchObject({ r: '0', c: String(last) });
    await mpage.keyboard.press('Control+End');
    expect(await activeCell()).toMatchObject({ r: '169', c: String(last) });
    // the cell the keyboard is on is in view, not under the frozen column or header
    const seen = await mpage.evaluate(() => {
      const a = (document.activeElement as HTMLElement).getBoundingClientRect();
      const sc = (document.querySelector('[data-testid="matrix"]') as HTMLElement).getBoundingClientRect();
      const school = (document.querySelector('tbody tr:last-child th.school-h') as HTMLElement).getBoundingClientRect();
      return a.left >= school.right - 1 && a.right <= sc.right + 1 && a.bottom <= sc.bottom + 1;
    });
    expect(seen).toBe(true);
    await mpage.keyboard.press('Control+Home');
    expect(await activeCell()).toMatchObject({ r: '0', c: '-1' });
    await mpage.keyboard.press('ArrowRight');
    await mpage.keyboard.press('Enter');
    await mpage.getByTestId('cell-detail').waitFor();
    expect(await mpage.getByTestId('cell-detail').textContent()).toContain('甲高等职业学院');
    await mpage.keyboard.press('Escape');
    await expect.poll(() => mpage.getByTestId('cell-detail').count()).toBe(0);
    await mpage.keyboard.press('Home');
    await mpage.keyboard.press('Enter');
    await mpage.getByTestId('school-findings').waitFor();
    expect(await mpage.locator('.school-head h2').textContent()).toBe('甲高等职业学院');
    await mpage.getByRole('button', { name: /合规矩阵/ }).click();
    await mpage.getByTestId('matrix').waitFor();
  });

  it('filters by status, table and severity, and clears the filters', async () => {
    await mpage.getByLabel('按状态筛选').selectOption('fail');
    await expect.poll(() => mpage.getByTestId('matrix-shown').textContent()).toContain('显示');
    const rows = mpage.locator('tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThan(many.counselorsFail.length);
    expect(n).toBeLessThan(170);
    for (let i = 0; i < n; i++) expect(await rows.nth(i).locator('td[data-status="fail"]').count()).toBeGreaterThan(0);
    for (const name of many.counselorsFail) expect(await mpage.locator(`tr[data-school="${name}"]`).count()).toBe(1);
    expect(await mpage.locator('tr[data-school="甲高等职业学院"]').count()).toBe(0);
    const cols = await mpage.locator('tfoot td.rule-cnt').allTextContents();
    expect(cols.every((t) => Number.parseInt(t, 10) > 0)).toBe(true);
    await screenshot(mpage, 'review-matrix-only-fail');

    await mpage.getByLabel('按状态筛选').selectOption('all');
    await mpage.getByLabel('按数据表筛选').selectOption({ label: '报告正文' });
    const ids = await mpage
      .locator('thead th.rule-h')
      .evaluateAll((ths) => ths.map((t) => t.getAttribute('data-rule')));
    expect(ids.length).toBeGreaterThan(3);
    // the report's rules, and the built-in check of its figures and references
    expect(ids.every((id) => /^(structure|narrative)\.|^builtin\.figures$/.test(id ?? ''))).toBe(true);

    await mpage.getByLabel('按数据表筛选').selectOption('all');
    await mpage.getByLabel('按级别筛选').selectOption('error');
    const classes = await mpage.locator('thead th.rule-h').evaluateAll((ths) => ths.map((t) => t.className));
    expect(classes.length).toBeGreaterThan(10);
    expect(classes.every((c) => c.includes('sev-error'))).toBe(true);

    await mpage.getByLabel('按状态筛选').selectOption('unconfirmed');
    await mpage.getByLabel('按级别筛选').selectOption('all');
    const sups = await mpage
      .locator('tfoot td.rule-cnt')
      .evaluateAll((tds) => tds.map((t) => t.querySelector('sup') !== null));
    expect(sups.length).toBeGreaterThan(0);
    expect(sups.every(Boolean)).toBe(true);

    await mpage.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => mpage.getByTestId('matrix-shown').textContent()).toMatch(/^170 所学校/);
    await mpage.getByRole('button', { name: '按数据表' }).click();
    const tables = await mpage.locator('thead th.group-h').allTextContents();
    // the six tables in their order, then 报告正文 and the rules reading many tables
    expect(tables[0]).toBe('人才培养质量计分卡');
    expect(tables.indexOf('教学资源表')).toBeLessThan(tables.indexOf('报告正文'));
    expect(tables.at(-1)).toBe('多张数据表');
    expect(new Set(tables).size).toBe(tables.length);
    await screenshot(mpage, 'review-matrix-by-table');
    await mpage.getByRole('button', { name: '按规则类别' }).click();
  });

  it('keeps the header rows and the school column frozen while scrolling both ways at 1440×900', async () => {
    expectFrozen(await scrolledToEnd());
    await screenshot(mpage, 'review-matrix-1440-scrolled');
  });

  it('stays usable at 1093×614: one-line top bar, rows and columns in view, frozen parts while scrolling', async () => {
    await mpage.setViewportSize({ width: 1093, height: 614 });
    await mpage.getByTestId('matrix').evaluate((el) => {
      el.scrollLeft = 0;
      el.scrollTop = 0;
    });
    await expect.poll(async () => (await mpage.locator('header.topbar').boundingBox())?.height).toBeLessThanOrEqual(57);
    const fit = await mpage.getByTestId('matrix').evaluate((el) => {
      const c = el.getBoundingClientRect();
      const head = (el.querySelector('thead th.corner') as HTMLElement).getBoundingClientRect();
      const foot = (el.querySelector('tfoot th') as HTMLElement).getBoundingClientRect();
      const school = (el.querySelector('tbody th.school-h') as HTMLElement).getBoundingClientRect();
      const rows = [...el.querySelectorAll('tbody tr')].filter((tr) => {
        const b = tr.getBoundingClientRect();
        return b.top >= head.bottom - 1 && b.bottom <= foot.top + 1;
      }).length;
      const cols = [...el.querySelectorAll('thead th.rule-h')].filter((th) => {
        const b = th.getBoundingClientRect();
        return b.left >= school.right - 1 && b.right <= c.left + el.clientWidth + 1;
      }).length;
      return { rows, cols };
    });
    expect(fit.rows).toBeGreaterThanOrEqual(8);
    expect(fit.cols).toBeGreaterThanOrEqual(6);
    await screenshot(mpage, 'review-matrix-1093');
    expectFrozen(await scrolledToEnd());
    await screenshot(mpage, 'review-matrix-1093-scrolled');
    expect(mbrowser.errors).toEqual([]);
  });
});
