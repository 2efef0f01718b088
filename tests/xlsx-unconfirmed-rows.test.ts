/**
 * The indicator workbook of a 2026年度 高职 school and its 待核实 ([U]) rows: the grid tags them 「待核实」 and the
 * 附表 leaves an empty one out, but the exported workbook listed them like confirmed national rows, so whoever
 * received it could not tell. Now each such row says 「待核实」 in its 备注 and the sheet's head says what that
 * means; the workbook still reads back losslessly (values and 不适用 marks).
 * A real .qar through the CLI, the real .xlsx read back with exceljs, re-imported with the CLI.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceFramework } from '../core/framework/resolve';
import { isUnconfirmedRow } from '../core/framework/unconfirmed';
import type { Workspace } from '../core/model';
import { openWorkspace } from '../core/service';
import { runCliInProcess } from './helpers/cli-inproc';
import { makeTempDir, sha256File } from './helpers/files';

const tmp = makeTempDir('qar-xlsx-u-');
const f = (name: string) => join(tmp.dir, name);
afterAll(() => tmp.cleanup());

async function cli(args: string[]): Promise<string[]> {
  const r = await runCliInProcess(args);
  expect(r.code, r.stderr.join('\n')).toBe(0);
  return r.stdout;
}

async function newSchool(path: string): Promise<void> {
  await cli(['new', '--out', path, '--name', '重庆测试职业技术学院', '--level', '高职', '--year', '2026']);
}

async function read(path: string): Promise<Workspace> {
  const s = await openWorkspace(path, { readonly: true });
  try {
    return s.getWorkspace();
  } finally {
    s.close();
  }
}

/** the stored cells: value, 不适用 mark and its reason, by indicator and year */
const cells = (ws: Workspace) =>
  Object.fromEntries(
    [...ws.values]
      .sort((a, b) => `${a.indicatorId}|${a.year}`.localeCompare(`${b.indicatorId}|${b.year}`))
      .map((v) => [`${v.indicatorId}|${v.year}`, { value: v.value, na: v.notApplicable ?? false, note: v.note ?? '' }]),
  );

let book: ExcelJS.Workbook;

beforeAll(async () => {
  await newSchool(f('学校.qar'));
  const s = await openWorkspace(f('学校.qar'));
  try {
    s.setValues(
      [
        { year: 2026, indicatorId: 'teachers_fulltime', value: 620 },
        { year: 2025, indicatorId: 'teachers_fulltime', value: 598 },
        // 待核实 rows the school filled: data, printed in the 附表
        { year: 2026, indicatorId: 'teachers_senior', value: 188 },
        { year: 2026, indicatorId: 'special_funding_per_student', value: 1520.5 },
        { year: 2026, indicatorId: 'total_hours', value: 2640 },
        // 不适用, on a confirmed row and on a 待核实 one
        { year: 2026, indicatorId: 'intl_students', value: null, notApplicable: true, note: '本年度未招收留学生' },
        { year: 2025, indicatorId: 'sat_students', value: null, notApplicable: true, note: '本年度未做在校生调查' },
      ],
      'manual',
    );
  } finally {
    s.close();
  }
  await cli(['export', f('学校.qar'), '--out', f('数据.xlsx')]);
  book = new ExcelJS.Workbook();
  await book.xlsx.readFile(f('数据.xlsx'));
}, 120_000);

/** the sheet's rows keyed by the hidden 指标编号, and its header row number */
function sheetRows(name: string) {
  const sheet = book.getWorksheet(name)!;
  let header = 0;
  const rows = new Map<string, ExcelJS.Row>();
  sheet.eachRow((row, r) => {
    if (row.getCell(1).value === '指标编号') header = r;
    else if (header && typeof row.getCell(1).value === 'string') rows.set(String(row.getCell(1).value), row);
  });
  return { sheet, header, rows, note: (row: ExcelJS.Row) => String(row.getCell(7).value ?? '') };
}

describe('the exported workbook marks 待核实 rows', () => {
  it('each [U] row says 「待核实」 in its 备注; no confirmed row does; a line under the header says what it means', async () => {
    const ws = await read(f('学校.qar'));
    const fw = workspaceFramework(ws);
    let marked = 0;
    for (const table of fw.tables) {
      const { sheet, header, rows, note } = sheetRows(table.name);
      const hasU = table.indicators.some(isUnconfirmedRow);
      for (const ind of table.indicators) {
        const row = rows.get(ind.id);
        expect(row, `${table.name} ${ind.id}`).toBeDefined();
        // the row's name stays exactly the indicator's (the importer matches by it when 指标编号 is blank)
        expect(row!.getCell(2).value).toBe(ind.name);
        if (isUnconfirmedRow(ind)) {
          expect(note(row!), `${ind.name}`).toMatch(/^待核实：/);
          marked++;
        } else expect(note(row!), `${ind.name}`).not.toContain('待核实');
      }
      // the header stays the first row (scripts and offices read it there); right below it, one line saying what
      // 「待核实」 means, frozen in view with it, on the sheets that have such rows
      expect(header, table.name).toBe(1);
      const line = String(sheet.getRow(2).getCell(2).value ?? '');
      if (hasU) {
        const n = table.indicators.filter(isUnconfirmedRow).length;
        expect(line, table.name).toMatch(new RegExp(`^注：备注以「待核实」开头的 ${n} 行，是否为国家指标表的行目`));
        expect(sheet.getRow(2).getCell(1).value ?? '').toBe('');
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      } else {
        expect(line, table.name).toBe(table.indicators[0]?.name);
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      }
    }
    expect(marked).toBe(13);
    // a derived [U] row says both
    const { rows, note } = sheetRows('教学资源表');
    expect(note(rows.get('senior_teacher_rate')!)).toMatch(/^待核实：.*；自动计算：= /);
    // a filled [U] row keeps its value; a 不适用 [U] cell its mark in the note
    expect(rows.get('teachers_senior')!.getCell(6).value).toBe(188);
    const sat = sheetRows('满意度调查表');
    expect(sat.note(sat.rows.get('sat_students')!)).toContain('2025年不适用：本年度未做在校生调查');
    // the 说明 sheet says it too
    const guide = book.getWorksheet('说明')!.getColumn(1).values.join('\n');
    expect(guide).toMatch(/「待核实」/);
  });
});

describe('the marked workbook reads back losslessly', () => {
  it('re-imported into its own workspace: nothing changes, values and 不适用 marks identical, file byte-identical', async () => {
    copyFileSync(f('学校.qar'), f('原样.qar'));
    const before = await read(f('原样.qar'));
    const sha = sha256File(f('原样.qar'));
    const out = await cli(['import', f('数据.xlsx'), '--into', f('原样.qar')]);
    expect(out.join('\n')).toMatch(/读取 \d+ 个数值，其中 0 项与工作区不同。/);
    expect(sha256File(f('原样.qar'))).toBe(sha);
    expect(cells(await read(f('原样.qar')))).toEqual(cells(before));
  });

  it('imported into a blank workspace of the same school: every value of the workbook, [U] rows included', async () => {
    await newSchool(f('空白.qar'));
    const before = await read(f('空白.qar'));
    expect(before.values.filter((v) => v.value !== null)).toEqual([]);
    // the blank copy carries the same 不适用 marks (a workbook leaves those cells empty, and empty means 不修改)
    const s = await openWorkspace(f('空白.qar'));
    try {
      s.setValues(
        [
          { year: 2026, indicatorId: 'intl_students', value: null, notApplicable: true, note: '本年度未招收留学生' },
          { year: 2025, indicatorId: 'sat_students', value: null, notApplicable: true, note: '本年度未做在校生调查' },
        ],
        'manual',
      );
    } finally {
      s.close();
    }
    await cli(['import', f('数据.xlsx'), '--into', f('空白.qar')]);
    const want = cells(await read(f('学校.qar')));
    const got = cells(await read(f('空白.qar')));
    expect(got).toEqual(want);
  });
});
