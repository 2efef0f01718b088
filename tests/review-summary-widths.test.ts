/**
 * The reviewer's Word summary (区县审核 → 导出汇总 Word) gives its columns the width their text needs: an indicator's
 * name sits on one line (「年内累计企业实践满1个月的专业课教师数」 took three), a number never breaks, the names of
 * schools and rules stay whole. Checked as a reader sees it: the summary of real .qar files (the district set)
 * converted plainly by LibreOffice (no field updates) and read back with pdftotext -layout, where a row printed on
 * one line reads, without spaces, as its cells one after the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportModel, TableItem } from '../core/report/model';
import { buildReviewReportModel } from '../core/review/summary-docx';
import { summaryDocx } from '../core/review/write-summary';
import { reviewDistrictSet } from './fixtures/review/district-set';
import { makeTempDir } from './helpers/files';
import { flat, type PlainRender, renderPlain } from './helpers/plain-render';

const tmp = makeTempDir('qar-summary-widths-');
let r: PlainRender;
let model: ReportModel;
let lines: string[];

beforeAll(async () => {
  const { summary } = await reviewDistrictSet(tmp.dir);
  model = buildReviewReportModel(summary, { name: '示例区' });
  r = renderPlain(await summaryDocx(summary, '示例区'), 'summary');
  lines = r.pages.flatMap((p) => p.split('\n')).map(flat);
}, 300_000);

afterAll(() => {
  r?.cleanup();
  tmp.cleanup();
});

const tables = (): TableItem[] =>
  model.chapters.flatMap((c) => c.sections.flatMap((s) => s.items.filter((i): i is TableItem => i.kind === 'table')));
const byId = (id: string) => tables().find((t) => t.blockId === id)!;

/** The rows of a table that are not printed on one line (name, unit, every value). */
function brokenRows(t: TableItem): string[] {
  return t.rows.map((row) => flat(row.join(''))).filter((whole) => !lines.some((l) => l.includes(whole)));
}

describe('the review summary’s aggregate tables', () => {
  it('say which year their 有数据学校 column counts (the values run over three years, the count is the last)', () => {
    const paras = model.chapters.flatMap((c) => c.sections.flatMap((s) => s.items));
    for (const level of ['高职', '中职']) {
      const p = paras.find((i) => i.blockId === `ag-${level}`);
      expect(p?.kind === 'paragraph' && p.paragraphs.join('')).toContain(
        '“有数据学校”为 2024 年有该项数据的学校数/学校总数',
      );
      expect(byId(`ag-t-${level}`).columns.at(-1)).toBe('有数据学校');
    }
  });
});

describe('the review summary’s 附表 1 文件清单, opened plainly in LibreOffice', () => {
  it('prints its header and every file’s hash whole (they broke as 「SHA- / 256」 and inside the digits)', () => {
    const files = model.appendix.tables.find((t) => t.tableId === 'files')!;
    expect(lines.some((l) => l.includes('审阅前后校验值'))).toBe(true);
    expect(files.rows.length).toBeGreaterThan(3);
    for (const row of files.rows) {
      const hash = row.values[0] ?? '';
      expect(hash).toMatch(/^[0-9a-f]{12}…$/);
      expect(
        lines.some((l) => l.includes(hash)),
        hash,
      ).toBe(true);
      expect(row.unit).toMatch(/^已(审阅|跳过)，未改动$/);
    }
  });
});

describe('the review summary’s columns, opened plainly in LibreOffice', () => {
  const aggregates = () => ['ag-t-高职', 'ag-t-中职', 'ag-t-totals'].map(byId);

  it('never breaks a number: each row’s unit and values print together on one line', () => {
    for (const t of aggregates()) {
      const split = t.rows.map((row) => flat(row.slice(1).join(''))).filter((v) => !lines.some((l) => l.includes(v)));
      expect(split.join(' / '), t.captionLine).toBe('');
    }
  });

  it('gives the names the width the numbers leave: a name of up to 15 characters prints on one line', () => {
    // (the page's text width is 156 mm; three 8-digit columns, the unit and the count leave the name 15 or 16
    // characters at 五号: a deeper, longer name such as 「　　其中：具有研究生学位的专任教师数」 takes two lines)
    const rows = aggregates().flatMap((t) => t.rows);
    // (indents counted: they are full-width spaces in the name's cell)
    const fitting = rows.filter((row) => [...(row[0] ?? '')].length <= 15);
    // most rows are such rows, and among them long ones a reviewer reads
    expect(fitting.length / rows.length).toBeGreaterThan(0.8);
    expect(fitting.map((row) => flat(row[0] ?? ''))).toEqual(
      expect.arrayContaining([
        '毕业生专业相关度（就业对口率）',
        '引入境外资源开展合作办学专业数',
        '其中：“双师型”教师数',
      ]),
    );
    expect(brokenRows({ ...byId('ag-t-高职'), rows: fitting }).join(' / ')).toBe('');
  });

  it('prints each school’s compliance counts on one line with its name', () => {
    // (a rule's title, up to 30-odd characters beside five counts, may wrap: it is the column that gives way)
    expect(brokenRows(byId('cm-schools')).join(' / ')).toBe('');
  });
});
