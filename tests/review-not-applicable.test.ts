/**
 * 「不适用」 through the district reviewer's outputs: a figure every school of a level marked 不适用 is 不适用 in the
 * review workbook, the Word summary, the review screen's data (API) and the district draft (its grid value and
 * its 附表), not 「—」 (which says the data is missing); a figure some schools marked 不适用 names how many.
 * Real .qar files (the review set's schools), the CLI's own doors, the workbook read back with exceljs, the Word
 * files read back from their XML, the saved draft opened as a workspace.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notApplicableForAll } from '../core/review/not-applicable';
import type { ReviewSummary } from '../core/review/review';
import { openWorkspace } from '../core/service';
import { writeNotApplicableSet } from './fixtures/review/not-applicable-set';
import { runCliInProcess } from './helpers/cli-inproc';
import { makeTempDir, sha256File } from './helpers/files';
import { reviewFolder } from './helpers/review-folder';

const tmp = makeTempDir('qar-review-na-');
const dir = join(tmp.dir, '报送');
const files: string[] = [];
const before = new Map<string, string>();
let s: ReviewSummary;

/** The rows of a Word file's tables, each its cells' text joined by tabs. */
async function docxRows(path: string): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(readFileSync(path))).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:tr\b.*?<\/w:tr>/gs)].map((m) =>
    [...m[0].matchAll(/<w:tc\b.*?<\/w:tc>/gs)]
      .map((c) => [...c[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
      .join('\t'),
  );
}

beforeAll(async () => {
  mkdirSync(dir);
  files.push(...(await writeNotApplicableSet(dir)));
  for (const f of files) before.set(f, sha256File(f));
  s = await reviewFolder(dir);
}, 120_000);
afterAll(() => tmp.cleanup());

const row = (level: '高职' | '中职', id: string) => s.aggregates[level]!.rows.find((r) => r.indicatorId === id)!;

describe('不适用 in the district review', () => {
  it('the aggregates count the schools that marked a figure 不适用, apart from those that left it empty', () => {
    const intl = row('中职', 'intl_students');
    expect(intl.values[2024]).toBeNull();
    expect(intl.contributing[2024]).toBe(0);
    expect(intl.notApplicable[2024]).toBe(2);
    expect(notApplicableForAll(intl.values[2024], intl.notApplicable[2024], 2)).toBe(true);
    // 2023: both schools have a number
    expect(intl.notApplicable[2023]).toBe(0);
    expect(notApplicableForAll(intl.values[2023], intl.notApplicable[2023], 2)).toBe(false);
    const income = row('高职', 'grad_monthly_income');
    expect(income.contributing[2024]).toBe(1);
    expect(income.notApplicable[2024]).toBe(1);
    expect(notApplicableForAll(income.values[2024], income.notApplicable[2024], 2)).toBe(false);
  });

  it('the workbook says 不适用 where every school said so, and how many schools did elsewhere', async () => {
    const out = join(tmp.dir, '审核汇总.xlsx');
    expect((await runCliInProcess(['review', dir, '--out', out])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const find = (sheet: string, name: string) => {
      const ws = wb.getWorksheet(sheet)!;
      const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
      let hit: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (String(r.getCell(2).value ?? '') === name) hit = r;
      });
      expect(hit, name).toBeDefined();
      return { cell: (h: string) => hit!.getCell(header.indexOf(h)).value, header };
    };
    const intl = find('汇总(中职)', '全日制国（境）外留学生人数');
    expect(intl.cell('2024年')).toBe('不适用');
    expect(intl.cell('2023年')).toEqual(expect.any(Number));
    expect(String(intl.cell('说明'))).toContain('2024年 2 校标为不适用');
    // its 学校数 says why no school has data (a bare 0 read as “no school reported”); elsewhere the count
    expect(intl.cell('有数据学校数（2024年）')).toBe('2 校标为不适用');
    const income = find('汇总(高职)', '毕业生就业半年内平均月收入');
    // 甲's figure alone (乙 marked it 不适用)
    expect(income.cell('2024年')).toBe(4086.52);
    expect(String(income.cell('说明'))).toContain('2024年 1 校标为不适用');
    expect(income.cell('有数据学校数（2024年）')).toBe(1);
  });

  it('the Word summary prints 不适用 in the 中职 table row', async () => {
    const out = join(tmp.dir, '审核汇总.docx');
    expect((await runCliInProcess(['review', dir, '--out', out])).code).toBe(0);
    // the level tables (3.1 高职, 3.2 中职) end with the schools with data, 「n/m」, or why there are none
    const rows = (await docxRows(out)).filter((r) =>
      /^全日制国（境）外留学生人数\t.*\t(?:\d+\/\d+|\d+ 校标为不适用)$/.test(r),
    );
    // 3.1 高职 and 3.2 中职 each have one; the 中职 one ends 2024 不适用 and that both schools said so (it read
    // 「0/2」: no school reported)
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/\t不适用\t2 校标为不适用$/);
    expect(rows[0]).toMatch(/\t\d+\/2$/);
    expect(rows[0]).not.toContain('不适用');
  });

  it('the district draft holds 不适用 (with the reason) and its 附表 prints it', async () => {
    const out = join(tmp.dir, '区域报告.docx');
    const save = join(tmp.dir, '区域报告.qar');
    expect((await runCliInProcess(['district', dir, '--out', out, '--save', save, '--name', '示例区'])).code).toBe(0);
    const w = await openWorkspace(save, { readonly: true });
    try {
      const v = w.getWorkspace().values.find((x) => x.indicatorId === 'zz_intl_students' && x.year === 2024);
      expect(v?.value).toBeNull();
      expect(v?.notApplicable).toBe(true);
      expect(v?.note).toMatch(/2 所学校均标为不适用/);
    } finally {
      w.close();
    }
    const rows = (await docxRows(out)).filter((r) => /\t全日制国（境）外留学生人数\t/.test(r));
    expect(rows, JSON.stringify(rows)).toContainEqual(expect.stringMatching(/\t不适用$/));
    // the schools' files were only read
    for (const f of files) expect(sha256File(f), f).toBe(before.get(f));
  });
});
