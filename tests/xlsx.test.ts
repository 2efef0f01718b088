/**
 * The indicator workbook: what exportValuesXlsx writes (read back with exceljs), and what parseValuesXlsx makes
 * of it — the round trip, edited cells, text in number cells, and files that are not workbooks at all.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { isQarError, type QarError } from '../core/errors';
import { getFramework } from '../core/framework/registry';
import { allIndicators } from '../core/framework/schema';
import type { Workspace } from '../core/model';
import { exportValuesXlsx } from '../core/xlsx/export';
import { MAX_XLSX_BYTES } from '../core/xlsx/guard';
import { parseValuesXlsx } from '../core/xlsx/import';
import { planValueChanges } from '../core/xlsx/plan';
import { buildDemoExport } from '../seeds/demo/index';
import { cellOf, editBook, openBook, saveBook } from './fixtures/xlsx/workbook';

const fw = getFramework('cn-2024-gaozhi');
const demo = buildDemoExport();
const YEARS = [2022, 2023, 2024];
const FIXTURES = join(import.meta.dirname, 'fixtures', 'xlsx');
const derivedIds = new Set(
  allIndicators(fw)
    .filter((i) => i.formula)
    .map((i) => i.id),
);

/** The demo workspace with one value known to be missing and one absent. */
const ws: Workspace = {
  ...demo,
  values: demo.values
    .filter((v) => !(v.indicatorId === 'books' && v.year === 2022))
    .map((v) => (v.indicatorId === 'intl_students' && v.year === 2023 ? { ...v, value: null } : v)),
};

let exported: Buffer | undefined;
async function book(): Promise<Buffer> {
  exported ??= await exportValuesXlsx(ws, fw, { now: new Date(2025, 0, 15, 9, 30) });
  return exported;
}

async function refusal(bytes: Uint8Array): Promise<QarError> {
  try {
    await parseValuesXlsx(bytes, fw, YEARS);
  } catch (e) {
    if (isQarError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('exportValuesXlsx', () => {
  it('writes 说明 and one sheet per table, in table order', async () => {
    const wb = await openBook(await book());
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      '说明',
      ...[...fw.tables].sort((a, b) => a.order - b.order).map((t) => t.name),
    ]);
    const guide = wb.getWorksheet('说明')!;
    const text = guide.getColumn(1).values.join('\n');
    expect(text).toContain('学校：重庆示例职业技术学院（高职）');
    expect(text).toContain('数据年度：2022年、2023年、2024年');
    expect(text).toContain('导出时间：2025-01-15 09:30');
    expect(text).toMatch(/qar import 本文件\.xlsx --into 工作区\.qar/);
    expect(text).toMatch(/留空表示「不修改」/);
  });

  it('lays out a table: hidden 指标编号, header, frozen panes, numbers with the indicator decimals', async () => {
    const wb = await openBook(await book());
    const sheet = wb.getWorksheet('教学资源表')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['指标编号', '指标名称', '单位', '2022年', '2023年', '2024年', '备注']);
    expect(sheet.getColumn(1).hidden).toBe(true);
    // the table has 待核实 rows: a line under the header says what they are, frozen in view with it
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 2 });
    expect(String(sheet.getRow(2).getCell(2).value)).toMatch(/^注：备注以「待核实」开头的/);
    expect(wb.getWorksheet('服务贡献表')!.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 1 });
    const resources = fw.tables.find((t) => t.id === 'resources')!;
    expect(sheet.rowCount).toBe(2 + resources.indicators.length);

    const ratio = cellOf(wb, '教学资源表', 'dual_teacher_rate', 2024);
    expect(typeof ratio.value).toBe('number');
    expect(ratio.numFmt).toBe('0.00');
    const staff = cellOf(wb, '教学资源表', 'staff_total', 2024);
    expect(staff.numFmt).toBe('0');
    expect(staff.value).toBe(demo.values.find((v) => v.indicatorId === 'staff_total' && v.year === 2024)!.value);
  });

  it('shades derived rows grey and marks them 自动计算; indents 其中 rows; leaves missing values empty', async () => {
    const wb = await openBook(await book());
    const sheet = wb.getWorksheet('教学资源表')!;
    const rowOf = (id: string) => {
      for (let r = 2; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(1).value === id) return sheet.getRow(r);
      throw new Error(id);
    };
    const derived = rowOf('student_teacher_ratio');
    expect(derived.getCell(2).fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFE7E6E6' } });
    expect(String(derived.getCell(7).value)).toMatch(/^自动计算：= 折合在校生数 ÷ 教师总数（折算）（导入时忽略）$/);
    const plain = rowOf('staff_total');
    expect((plain.getCell(2).fill as { pattern?: string } | undefined)?.pattern ?? 'none').toBe('none');
    expect(rowOf('teachers_fulltime').getCell(2).alignment?.indent).toBe(2);
    expect(plain.getCell(2).alignment?.indent ?? 0).toBe(0);
    expect(cellOf(wb, '教学资源表', 'books', 2022).value).toBeNull();
    expect(cellOf(wb, '国际影响表', 'intl_students', 2023).value).toBeNull();
    expect(String(plain.getCell(7).value)).toMatch(/^数据来源：/);
  });
});

describe('parseValuesXlsx', () => {
  it('round trip: every stored non-derived value comes back, and nothing differs from the workspace', async () => {
    const r = await parseValuesXlsx(await book(), fw, YEARS);
    expect(r.problems).toEqual([]);
    const expected = ws.values
      .filter(
        (v) =>
          v.value !== null &&
          !derivedIds.has(v.indicatorId) &&
          fw.tables.some((t) => t.indicators.some((i) => i.id === v.indicatorId)),
      )
      .map((v) => `${v.indicatorId}|${v.year}|${v.value}`)
      .sort();
    expect(r.changes.map((c) => `${c.indicatorId}|${c.year}|${c.value}`).sort()).toEqual(expected);
    expect(planValueChanges(ws, fw, r.changes)).toEqual([]);
    expect(r.sheets).toHaveLength(6);
    // derived rows are ignored with a note, never imported
    expect(r.changes.some((c) => derivedIds.has(c.indicatorId))).toBe(false);
    expect(r.infos.map((i) => i.message).join('\n')).toMatch(/生师比.*自动计算的指标，表中的数值已忽略/);
  });

  it('an edited cell changes exactly that value', async () => {
    const { bytes } = await editBook(await book(), [
      { sheet: '教学资源表', id: 'staff_total', year: 2023, value: 999 },
    ]);
    const r = await parseValuesXlsx(bytes, fw, YEARS);
    expect(r.problems).toEqual([]);
    const plan = planValueChanges(ws, fw, r.changes);
    expect(plan).toEqual([
      {
        year: 2023,
        indicatorId: 'staff_total',
        name: '教职工总数',
        unit: '人',
        tableName: '教学资源表',
        oldValue: demo.values.find((v) => v.indicatorId === 'staff_total' && v.year === 2023)!.value,
        newValue: 999,
      },
    ]);
  });

  it('text in a number cell is a problem naming the sheet and the cell', async () => {
    const { bytes, addresses } = await editBook(await book(), [
      { sheet: '教学资源表', id: 'staff_total', year: 2024, value: '约三百' },
    ]);
    const r = await parseValuesXlsx(bytes, fw, YEARS);
    expect(addresses[0]).toMatch(/^F\d+$/);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ sheet: '教学资源表', cell: addresses[0] });
    expect(r.problems[0]!.message).toMatch(new RegExp(`^「教学资源表」${addresses[0]}：「约三百」不是数字`));
    expect(r.problems[0]!.message).toContain('教职工总数，2024年');
  });

  it('reads percent strings, thousands separators, full-width digits, Excel percent cells and 无数据', async () => {
    const { bytes } = await editBook(await book(), [
      { sheet: '人才培养质量计分卡', id: 'grad_local_rate', year: 2024, value: '90.76%' },
      { sheet: '人才培养质量计分卡', id: 'grad_relevance_rate', year: 2024, value: 0.8531, numFmt: '0.00%' },
      { sheet: '人才培养质量计分卡', id: 'grad_total', year: 2024, value: '３，８０１' },
      { sheet: '教学资源表', id: 'books', year: 2024, value: '1,234,567' },
      { sheet: '服务贡献表', id: 'training_income', year: 2024, value: '１２３４．５６万元' },
      { sheet: '国际影响表', id: 'intl_students', year: 2024, value: '无数据' },
    ]);
    const r = await parseValuesXlsx(bytes, fw, YEARS);
    expect(r.problems).toEqual([]);
    const got = Object.fromEntries(
      planValueChanges(ws, fw, r.changes)
        .filter((p) => p.year === 2024)
        .map((p) => [p.indicatorId, p.newValue]),
    );
    expect(got).toEqual({
      grad_local_rate: 90.76,
      grad_relevance_rate: 85.31,
      grad_total: 3801,
      books: 1234567,
      training_income: 1234.56,
      intl_students: null,
    });
  });

  it('a 「12%」 in a count is refused; a derived cell edit is ignored with a note', async () => {
    const { bytes, addresses } = await editBook(await book(), [
      { sheet: '教学资源表', id: 'staff_total', year: 2022, value: '12%' },
      { sheet: '教学资源表', id: 'student_teacher_ratio', year: 2024, value: 5 },
    ]);
    const r = await parseValuesXlsx(bytes, fw, YEARS);
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(new RegExp(`^「教学资源表」${addresses[0]}：「12%」带百分号`)),
    ]);
    expect(r.changes.some((c) => c.indicatorId === 'student_teacher_ratio')).toBe(false);
  });

  it("matches by name when 指标编号 is blank, reads an office's own sheet with 2024届 / numeric year headers", async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('教务处数据');
    s.addRow(['某职业学院 2024 年数据（教务处）']); // a title row above the header
    s.addRow(['序号', '指标名称', 2023, '2024届', '说明']);
    s.addRow([1, '毕业生数', '3,500', 3801, '']);
    s.addRow([2, '  纸质图书总数 ', null, '８４５３００', '含电子图书折算']);
    s.addRow([3, '', null, null, '以下为空行']);
    const r = await parseValuesXlsx(await saveBook(wb), fw, YEARS);
    expect(r.problems).toEqual([]);
    expect(r.changes).toEqual([
      { year: 2023, indicatorId: 'grad_total', value: 3500 },
      { year: 2024, indicatorId: 'grad_total', value: 3801 },
      { year: 2024, indicatorId: 'books', value: 845300 },
    ]);
  });

  it('reports unknown indicators, years outside the workspace, duplicates with different values, Excel errors', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('补充');
    s.addRow(['指标编号', '指标名称', '2021年', '2024年']);
    s.addRow(['', '食堂满意度', null, 88]); // A2..D2: unknown name
    s.addRow(['not_an_id', '', null, 1]); // unknown id, no name
    s.addRow(['grad_total', '毕业生数', 3000, 3801]); // 2021 is not a workspace year
    s.addRow(['grad_total', '毕业生数', null, 3802]); // same cell, another value
    s.addRow(['books', '纸质图书总数', null, { error: '#DIV/0!' }]);
    s.addRow(['counselors', '专职辅导员数', null, new Date(2024, 0, 1)]);
    s.addRow(['teachers_parttime', '行业企业兼职教师数', null, { formula: 'A1+1' }]); // no cached result
    const r = await parseValuesXlsx(await saveBook(wb), fw, YEARS);
    const lines = r.problems.map((p) => p.message);
    expect(lines).toEqual([
      expect.stringMatching(/^「补充」B2：找不到指标「食堂满意度」/),
      expect.stringMatching(/^「补充」A3：找不到指标（编号 not_an_id）/),
      expect.stringMatching(/^「补充」C1：2021年不在本工作区的年度（2022、2023、2024）中/),
      expect.stringMatching(/^「补充」D5：毕业生数（2024年）与「补充」D4重复且数值不同/),
      expect.stringMatching(/^「补充」D6：「#DIV\/0!」是 Excel 错误值/),
      expect.stringMatching(/^「补充」D7：单元格是日期，不是数字/),
      expect.stringMatching(/^「补充」D8：公式没有计算结果/),
    ]);
  });

  it('a formula with a cached result is read by its result', async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet('x');
    s.addRow(['指标编号', '2024']);
    s.addRow(['counselors', { formula: '30+5', result: 35 }]);
    const r = await parseValuesXlsx(await saveBook(wb), fw, YEARS);
    expect(r).toMatchObject({ problems: [], changes: [{ year: 2024, indicatorId: 'counselors', value: 35 }] });
  });
});

describe('files that are not indicator workbooks are refused with one Chinese sentence', () => {
  const docx = () => Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('这是一份 Word 文档')] }] }));
  const zipOf = async (files: Record<string, string | Uint8Array>) => {
    const z = new JSZip();
    for (const [k, v] of Object.entries(files)) z.file(k, v);
    return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  };

  it.each<[string, () => Promise<Uint8Array> | Uint8Array, RegExp]>([
    ['an empty file', () => Buffer.alloc(0), /文件是空的/],
    ['random bytes', () => randomBytes(5000), /不是 Excel 工作簿（\.xlsx）/],
    ['a CSV renamed .xlsx', () => Buffer.from('指标名称,2024年\n毕业生数,3801\n'), /文本.*CSV.*另存为/],
    ['a Word document renamed .xlsx', docx, /这是 Word 文档/],
    ['a zip that is not a workbook', () => zipOf({ 'a.txt': 'hello' }), /压缩包.*没有 Excel 工作簿内容/],
    ['a truncated workbook', async () => (await book()).subarray(0, 4000), /损坏|不完整/],
    ['a password-protected workbook', () => readFileSync(join(FIXTURES, '加密.xlsx')), /打开密码（已加密）/],
    [
      'a workbook without indicator sheets',
      async () => {
        const wb = new ExcelJS.Workbook();
        wb.addWorksheet('Sheet1').addRow(['随便', '写点']);
        return saveBook(wb);
      },
      /没有找到指标数据表/,
    ],
    ['a workbook without sheets', async () => saveBook(new ExcelJS.Workbook()), /没有找到指标数据表/],
  ])('%s', async (_what, make, text) => {
    const e = await refusal(await make());
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(e.message).not.toContain('\n');
    expect(e.message).toMatch(text);
  });

  it('a file over the size limit is refused before unzipping', async () => {
    const big = Buffer.alloc(MAX_XLSX_BYTES + 1);
    big.write('PK\u0003\u0004', 'latin1');
    const e = await refusal(big);
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/超过 20 MB/);
  });

  it('a zip bomb is stopped at the unzipped-size limit', async () => {
    // 200 MB of zeros deflates to ~200 KB: small on disk, huge in memory if loaded blindly
    const z = new JSZip();
    z.file('[Content_Types].xml', '<Types/>');
    z.file('xl/workbook.xml', '<workbook/>');
    z.file('xl/worksheets/sheet1.xml', Buffer.alloc(200 * 1024 * 1024));
    const bomb = await z.generateAsync({
      type: 'nodebuffer',
      compression: 'DEFLATE',
      compressionOptions: { level: 9 },
    });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const e = await refusal(bomb);
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/解压后超过 60 MB/);
  });
});
