/**
 * Lossless paste from Excel in real Chromium (issue #9, 「What was seen 4」): a 10×3 block near the bottom of a
 * table, a 2000×5 block, a copy with the label column and the header row, a copy whose labels need the user's
 * choice, and an Excel block pasted into a report table. Nothing is dropped without being listed.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootDemo, type DemoApp, screenshot } from './harness';

let app: DemoApp;
let page: Page;

const cell = (id: string, year = 2024) => page.locator(`td[data-cell="${id}|${year}"]`);
const text = async (id: string, year = 2024) => ((await cell(id, year).textContent()) ?? '').trim();

async function saved(): Promise<void> {
  await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toBe('已保存');
}

/** What Excel puts on the clipboard, delivered as a paste event to the grid or an input. */
async function pasteInto(target: string | Locator, tsv: string): Promise<void> {
  const el = typeof target === 'string' ? page.locator(target).first() : target;
  await el.evaluate((el, t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, tsv);
}

const tsv = (rows: string[][]) => rows.map((r) => `${r.join('\t')}\r\n`).join('');

async function undoToastAndSaved(expected: RegExp): Promise<void> {
  await page.getByRole('button', { name: '↶ 撤销' }).click();
  await expect.poll(() => page.getByTestId('notice').textContent()).toMatch(expected);
  await saved();
}

describe('paste from Excel (browser host + Chromium)', () => {
  beforeAll(async () => {
    app = await bootDemo();
    page = app.page;
  });

  afterAll(() => app?.close());

  it('a 10×3 block near the bottom asks first, pastes the 6 cells that fit and lists the other 24', async () => {
    const before = await text('grad_relevance_rate', 2022);
    await cell('grad_relevance_rate', 2022).click();
    const block = Array.from({ length: 10 }, (_, r) => [0, 1, 2].map((c) => (70 + r + c / 10).toFixed(1)));
    await pasteInto('[data-testid="grid"]', tsv(block));
    const ask = page.getByTestId('paste-ask');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('复制的内容有 10 行 × 3 列');
    expect(await page.getByTestId('paste-ask-summary').textContent()).toMatch(
      /可以粘贴 6 个单元格.*另有 24 个单元格不能粘贴（超出表格底部 24 个）/,
    );
    await screenshot(page, 'paste-01-ask');
    await ask.getByRole('button', { name: '粘贴 6 个单元格' }).click();

    const report = page.getByTestId('paste-report');
    await report.waitFor();
    expect(await page.getByTestId('paste-report-summary').textContent()).toContain('已粘贴 6 个单元格');
    const dropped = report.locator('[data-testid="paste-dropped"] li');
    await expect.poll(() => dropped.count()).toBe(8); // source rows 3–10, three cells each
    expect(await dropped.first().textContent()).toBe(
      '第 3 行第 1、2、3 列「72.0」「72.1」「72.2」：超出表格底部（人才培养质量计分卡到「毕业三年职位晋升比例」为止）',
    );
    expect(await report.locator('.paste-where li').allTextContents()).toEqual([
      '第 1 行 → 人才培养质量计分卡 · 毕业生专业相关度（就业对口率）：2022年 70.0、2023年 70.1、2024年 70.2',
      '第 2 行 → 人才培养质量计分卡 · 毕业三年职位晋升比例：2022年 71.0、2023年 71.1、2024年 71.2',
    ]);
    await screenshot(page, 'paste-02-report-1440');
    await page.setViewportSize({ width: 1093, height: 614 });
    await screenshot(page, 'paste-02-report-1093');
    await page.setViewportSize({ width: 1440, height: 900 });
    await report.getByRole('button', { name: '知道了' }).click();
    expect(await text('grad_relevance_rate', 2022)).toBe('70.00');
    expect(await text('grad_promotion_rate', 2024)).toBe('71.20');
    await saved();
    // one undo step puts all six back
    await undoToastAndSaved(/^已撤销：粘贴 6 个单元格/);
    expect(await text('grad_relevance_rate', 2022)).toBe(before);
  });

  it('a 2000×5 block: what fits goes in, each of the other rows is listed; cancel writes nothing', async () => {
    const before = await text('grad_total', 2022);
    await cell('grad_total', 2022).click();
    const block = Array.from({ length: 2000 }, (_, r) => [0, 1, 2, 3, 4].map((c) => String(1000 + r * 10 + c)));
    await pasteInto('[data-testid="grid"]', tsv(block));
    const ask = page.getByTestId('paste-ask');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('复制的内容有 2000 行 × 5 列');
    await ask.getByRole('button', { name: '取消' }).click();
    expect(await text('grad_total', 2022)).toBe(before);

    await pasteInto('[data-testid="grid"]', tsv(block));
    await ask.waitFor();
    expect(await page.getByTestId('paste-ask-summary').textContent()).toContain('可以粘贴 33 个单元格');
    await ask.getByRole('button', { name: '粘贴 33 个单元格' }).click();
    const report = page.getByTestId('paste-report');
    await report.waitFor();
    // 15 rows with two columns beyond 2024, 4 derived rows, 1985 rows below the table
    await expect.poll(() => report.locator('[data-testid="paste-dropped"] li').count()).toBe(15 + 4 + 1985);
    const lines = await report.locator('[data-testid="paste-dropped"] li').allTextContents();
    expect(lines).toContain(
      '第 8 行第 1、2、3 列「1070」「1071」「1072」：「毕业去向落实人数」由公式自动计算，不能粘贴',
    );
    expect(lines).toContain('第 1 行第 4、5 列「1003」「1004」：超出表格右侧（最后一列是2024年）');
    expect(lines.at(-1)).toMatch(/^第 2000 行第 1、2、3、4、5 列「20990」/);
    await report.getByRole('button', { name: '知道了' }).click();
    expect(await text('grad_total', 2022)).toBe('1000');
    await saved();
    await undoToastAndSaved(/^已撤销：粘贴 33 个单元格/);
    expect(await text('grad_total', 2022)).toBe(before);
  });

  it('a copy with the label column and header row goes by indicator name and year, in any table', async () => {
    await page.locator('[data-table="satisfaction"]').click();
    await cell('sat_students', 2023).click(); // anywhere: names and years decide
    const before = { emp: await text('sat_employers', 2023) };
    const copy = tsv([
      ['指标名称', '单位', '2023年', '2024年'],
      ['用人单位满意度', '%', '97.5%', '98.1%'],
      ['其中：专业课教学满意度', '%', '93.2', '94.0'],
      ['毕业生数', '人', '3690', '3725'],
      ['毕业去向落实率', '%', '88.1', '89.2'],
    ]);
    await pasteInto('[data-testid="grid"]', copy);
    // fits and matches: no question, a report because the derived row was not pasted
    const report = page.getByTestId('paste-report');
    await report.waitFor();
    expect(await page.getByTestId('paste-report-summary').textContent()).toContain('已粘贴 6 个单元格');
    expect(await report.locator('.paste-where li').allTextContents()).toEqual([
      '第 2 行 → 满意度调查表 · 用人单位满意度：2023年 97.5%、2024年 98.1%',
      '第 3 行 → 满意度调查表 · 专业课教学满意度：2023年 93.2、2024年 94.0',
      '第 4 行 → 人才培养质量计分卡 · 毕业生数：2023年 3690、2024年 3725',
    ]);
    expect(await report.locator('[data-testid="paste-dropped"] li').allTextContents()).toEqual([
      '第 5 行第 3、4 列「88.1」「89.2」：「毕业去向落实率」由公式自动计算，不能粘贴',
    ]);
    await report.getByRole('button', { name: '知道了' }).click();
    expect(await text('sat_employers', 2023)).toBe('97.50');
    expect(await text('sat_course_professional', 2024)).toBe('94.00');
    await saved();
    await undoToastAndSaved(/^已撤销：粘贴 6 个单元格/);
    // the undo shows where it acted: the first cell's table
    expect(await text('sat_employers', 2023)).toBe(before.emp);
  });

  it('a label the framework does not know is previewed; the row goes where the user chooses', async () => {
    await page.locator('[data-table="scorecard"]').click();
    await cell('grad_total', 2024).click();
    await pasteInto(
      '[data-testid="grid"]',
      tsv([
        ['', '2024年'],
        ['毕业生总人数', '3801'],
        ['升学人数', '402'],
      ]),
    );
    const ask = page.getByTestId('paste-ask');
    await ask.waitFor();
    expect(await ask.locator('h3').textContent()).toBe('粘贴预览：请确认对应关系');
    expect(await page.getByTestId('paste-ask-summary').textContent()).toContain('可以粘贴 1 个单元格');
    await screenshot(page, 'paste-03-preview');
    await ask.getByLabel('第 2 行粘贴到').selectOption('grad_total');
    await expect.poll(() => page.getByTestId('paste-ask-summary').textContent()).toContain('可以粘贴 2 个单元格');
    await ask.getByRole('button', { name: '粘贴 2 个单元格' }).click();
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('已粘贴 2 个单元格');
    expect(await text('grad_total', 2024)).toBe('3801');
    expect(await text('grad_further_study', 2024)).toBe('402');
    await saved();
    await undoToastAndSaved(/^已撤销：粘贴 2 个单元格/);
  });

  it('「不适用」 typed or pasted as a value says how to mark the cell 不适用, not 「请只填写数字，或留空」', async () => {
    // a school's own sheet often says 不适用 in a cell; 「或留空」 sent the editor to an empty cell the completeness
    // check then asks about again, while the grid has a 不适用 mark that takes a reason
    await page.locator('[data-table="international"]').click();
    const before = await text('intl_students', 2023);
    await cell('intl_students', 2022).click();
    await pasteInto('[data-testid="grid"]', tsv([['12', '不适用', '15']]));
    const report = page.getByTestId('paste-report');
    await report.waitFor();
    expect(await report.locator('[data-testid="paste-dropped"] li').allTextContents()).toEqual([
      '第 1 行第 2 列「不适用」：「不适用」不是数字；本年度不适用的指标，请选中该单元格，右键（或 Shift+F10）选「标为不适用…」并写明原因（全日制国（境）外留学生人数，2023年）',
    ]);
    await report.getByRole('button', { name: '知道了' }).click();
    expect(await text('intl_students', 2023)).toBe(before);
    await saved();
    await cell('intl_students', 2023).click();
    await page.keyboard.type('不适用');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.cell-error').textContent()).toContain('选「标为不适用…」并写明原因');
    await page.keyboard.press('Escape');
    expect(await text('intl_students', 2023)).toBe(before);
  });

  it('an Excel block pasted into a report table fills its cells, adding rows and columns; what is cut is listed', async () => {
    await page.getByRole('button', { name: '报告撰写' }).click();
    await page.locator('.chapter-link', { hasText: '人才培养' }).click();
    const section = page.locator('.section-part').first();
    await section.locator('.add-bar').getByRole('button', { name: '表格', exact: true }).click();
    const card = section.locator('.block-card[data-kind="table"]').last();
    await card.waitFor();
    const excel = tsv([
      ['专业群', '专业数', '在校生数', '合作企业'],
      ['智能制造', '5', '3200', '46'],
      ['数字商贸', '4', '2800', '31'],
      ['现代服务', '3', '1900', '22'],
    ]);
    await pasteInto(card.locator('input[aria-label="第 1 列标题"]'), excel);
    await expect.poll(() => card.locator('input[aria-label="第 4 行第 4 列"]').count()).toBe(0);
    await expect.poll(() => card.locator('input[aria-label="第 3 行第 4 列"]').inputValue()).toBe('22');
    expect(
      await card.locator('thead input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ).toEqual(['专业群', '专业数', '在校生数', '合作企业']);
    expect(await page.getByTestId('notice').textContent()).toContain(
      '已粘贴到表格：16 个单元格（新增 1 行、新增 2 列）',
    );
    await saved();

    // wider than the 20 columns a report table may have: the cut cells are listed
    const wide = tsv([Array.from({ length: 22 }, (_, i) => `c${i + 1}`)]);
    await pasteInto(card.locator('input[aria-label="第 1 行第 1 列"]'), wide);
    const report = page.getByTestId('paste-report');
    await report.waitFor();
    expect(await report.locator('.paste-dropped li').allTextContents()).toEqual([
      '第 1 行第 21 列：超出表格最多 20 列的限制（「c21」）',
      '第 1 行第 22 列：超出表格最多 20 列的限制（「c22」）',
    ]);
    await report.getByRole('button', { name: '知道了' }).click();
    await expect.poll(() => card.locator('input[aria-label="第 1 行第 20 列"]').inputValue()).toBe('c20');
    await saved();
  });

  it('ran without page errors', () => {
    expect(app.browser.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
