/**
 * The 2026年度 edition for each kind of school, as an editor meets it through `qar validate` on a real .qar file.
 * 职业本科 schools report with the 高职 framework (教职成司函〔2023〕28号: 学校年报 by 中职/高职（含职业本科）), but the
 * 教发〔2004〕2号 thresholds in that framework are the 高职（专科） rows (national_tables.md §3.1): a 职业本科 school
 * must not be told it is 「低于合格标准」 by the 专科 row.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { exportFrameworkForm } from '../core/framework/form/export';
import { importFrameworkForm } from '../core/framework/form/import';
import { getFramework } from '../core/framework/registry';
import { openWorkspace } from '../core/service';
import { runCliInProcess } from './helpers/cli-inproc';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-2026-levels-');
afterAll(() => tmp.cleanup());

/** 2026 values below the 专科 合格 rows: 生均图书 950000 / 12800 = 74.22 册 (< 80), 研究生学位 60 / 620 = 9.68 % (< 15). */
const VALUES: Readonly<Record<string, number>> = {
  students_fulltime: 12500,
  students_equivalent: 12800,
  staff_total: 840,
  teachers_fulltime: 620,
  teachers_professional: 440,
  teachers_postgrad: 60,
  teachers_total: 700,
  books: 950000,
};

async function schoolFile(name: string, level: '高职' | '职业本科'): Promise<string> {
  const path = join(tmp.dir, `${name}.qar`);
  const made = await runCliInProcess([
    'new',
    '--out',
    path,
    '--name',
    name,
    '--level',
    level,
    '--category',
    '综合',
    '--year',
    '2026',
  ]);
  expect(made.code, made.stderr.join('\n')).toBe(0);
  const s = await openWorkspace(path);
  try {
    s.setValues(
      Object.entries(VALUES).map(([indicatorId, value]) => ({ year: 2026, indicatorId, value })),
      'manual',
    );
  } finally {
    s.close();
  }
  return path;
}

interface JsonFinding {
  ruleId: string;
  message: string;
  severity: string;
  unconfirmed: boolean;
  citation?: { text?: string };
}

async function findings(path: string): Promise<JsonFinding[]> {
  const r = await runCliInProcess(['validate', path, '--json']);
  expect([0, 1]).toContain(r.code);
  return (JSON.parse(r.stdout.join('\n')) as { findings: JsonFinding[] }).findings;
}

describe('2026年度 validation by level', () => {
  it('a 高职 school is checked against the 高职（专科） 合格 rows of 教发〔2004〕2号', async () => {
    const fs = await findings(await schoolFile('甲高职', '高职'));
    const std = fs.filter((f) => f.ruleId.startsWith('std2004.'));
    expect(std.map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(['std2004.general.books_per_student', 'std2004.general.postgrad_rate']),
    );
    expect(std.every((f) => f.citation?.text?.includes('高职（专科）'))).toBe(true);
  });

  it('a 职业本科 school is not judged by the 高职（专科） rows', async () => {
    const fs = await findings(await schoolFile('乙职业本科', '职业本科'));
    const specialist = fs.filter((f) => f.citation?.text?.includes('高职（专科）'));
    expect(specialist.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    // the 本科 rows (values [C]; whether they bind a 职业本科 school is [U]) ship switched off: 待核实 notes only
    const benke = fs.filter((f) => f.ruleId.startsWith('std2004.benke.'));
    expect(benke.map((f) => [f.ruleId, f.severity, f.unconfirmed])).toEqual([
      ['std2004.benke.general.student_teacher_ratio', 'info', true],
      ['std2004.benke.general.postgrad_rate', 'info', true],
      ['std2004.benke.general.books_per_student', 'info', true],
    ]);
    expect(benke[2]?.message).toBe(
      '待核实：2026年生均图书74.22册，低于本科院校合格标准100.00册。该规则依据尚未确认，暂不作为错误',
    );
  });

  it('the Excel form of the framework shows and takes which level a standard is for (a province edits it)', async () => {
    const fw = getFramework('cn-2026-gaozhi');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportFrameworkForm(fw)) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('标准与目标')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const col = header.indexOf('适用办学层次');
    expect(col).toBeGreaterThan(0);
    let edited = 0;
    sheet.eachRow((row) => {
      if (row.getCell(1).value !== 'std2004.general.books_per_student') return;
      expect(row.getCell(col).value).toBe('高职');
      row.getCell(col).value = '高职、职业本科'; // the province decides the row holds for both
      edited++;
    });
    expect(edited).toBe(1);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const back = (await importFrameworkForm(bytes, '框架.xlsx')).framework;
    const levelsOf = (id: string) => back.rules.find((r) => r.id === id)?.levels;
    expect(levelsOf('std2004.general.books_per_student')).toEqual(['高职', '职业本科']);
    expect(levelsOf('std2004.general.postgrad_rate')).toEqual(['高职']);
  });

  it('a level that is not one (「大学」) in that column is refused with its cell named, in Chinese', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportFrameworkForm(getFramework('cn-2026-gaozhi'))) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('标准与目标')!;
    const col = (sheet.getRow(1).values as unknown[]).map(String).indexOf('适用办学层次');
    let at = '';
    sheet.eachRow((row, n) => {
      if (row.getCell(1).value !== 'std2004.general.books_per_student') return;
      row.getCell(col).value = '大学';
      at = `${row.getCell(col).address}`;
      expect(n).toBeGreaterThan(1);
    });
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const refused = await importFrameworkForm(bytes, '框架.xlsx').then(
      () => '',
      (e: Error) => e.message,
    );
    expect(refused).toContain(`「标准与目标」${at}`);
    expect(refused).toMatch(/中职.*高职.*职业本科/);
  });
});

describe('qar new --from a 2025年度 file into 2026年度', () => {
  it('says plainly when last year held no data to carry, instead of 「带入 （无）的数据 0 项」', async () => {
    const last = join(tmp.dir, '空白2025.qar');
    const made = await runCliInProcess(['new', '--out', last, '--name', '丙中职', '--level', '中职', '--year', '2025']);
    expect(made.code, made.stderr.join('\n')).toBe(0);
    const next = await runCliInProcess(['new', '--from', last, '--out', join(tmp.dir, '丙2026.qar')]);
    expect(next.code, next.stderr.join('\n')).toBe(0);
    const out = next.stdout.join('\n');
    expect(out).not.toContain('（无）');
    expect(out).toContain('上一年度文件中没有 2024年、2025年的数据，未带入数据');
  });
});

describe('a chart caption that names other years than the chart shows', () => {
  it('is a warning on the chart block (图 2-5 「2022-2024 年…」 over 2023–2024 data)', async () => {
    const path = join(tmp.dir, '示例学校.qar');
    const made = await runCliInProcess(['demo', '--out', path]);
    expect(made.code, made.stderr.join('\n')).toBe(0);
    // the demo's charts name their years right: no such finding
    const before = await findings(path);
    expect(before.filter((f) => f.message.includes('题注写'))).toEqual([]);

    const s = await openWorkspace(path);
    let blockId = '';
    try {
      const ws = s.getWorkspace();
      const chart = ws.blocks.find(
        (b) => b.content.kind === 'chart' && b.content.indicators.includes('grad_placement_rate'),
      );
      if (chart?.content.kind !== 'chart') throw new Error('demo has no placement-rate chart');
      expect(chart.content.caption).toContain('2022-2024');
      blockId = chart.id;
      s.updateBlock(chart.id, { ...chart.content, years: [2023, 2024] });
    } finally {
      s.close();
    }
    const after = (await findings(path)).filter((f) => f.message.includes('题注写'));
    expect(after).toHaveLength(1);
    expect(after[0]?.message).toMatch(
      /^图 2-\d+「2022-2024\s*年学校毕业生毕业去向落实率」题注写「2022-2024\s*年」，图中所示为 2023届–2024届$/,
    );
    expect(JSON.stringify(after[0])).toContain(blockId);
  });
});

describe('a year marked without graduates', () => {
  it('that still holds graduate data the school typed is one warning naming it (the appendix would print it)', async () => {
    const path = join(tmp.dir, '丁高职.qar');
    const made = await runCliInProcess(['new', '--out', path, '--name', '丁高职', '--level', '高职', '--year', '2026']);
    expect(made.code, made.stderr.join('\n')).toBe(0);
    const s = await openWorkspace(path);
    try {
      s.putYear({ year: 2026, hasGraduates: false, note: '新设学校，2026年尚无毕业生' });
      s.setValues(
        [
          { year: 2026, indicatorId: 'grad_flexible', value: 210 },
          { year: 2026, indicatorId: 'grad_local_rate', value: 63.25 },
          { year: 2026, indicatorId: 'students_fulltime', value: 3000 },
        ],
        'manual',
      );
    } finally {
      s.close();
    }
    const hits = (await findings(path)).filter((f) => f.message.includes('没有毕业生'));
    expect(hits.map((f) => f.message)).toEqual([
      '2026年标为「没有毕业生」，但填写了毕业生相关数据：灵活就业人数 210人，本省去向落实率 63.25%；附表将照样印出这些数字',
    ]);
  });
});
