/**
 * One count of a school's findings on the review screen, in the review workbook and in the Word summary. A school
 * that left its 2024 月收入 and “双师型”教师数 empty quotes them in several blocks of one chapter: each block is a
 * finding of its own (the school's own findings panel lists each), but the review kept only the chapter's title as
 * its place, so the workbook and the Word summary merged them (警告 7) while the screen listed every one (警告 10).
 * Each block's finding now names its place as the school's panel does (「人才培养 · 2.4 就业质量 · 第 3 段」), and the
 * three lists count the same. Real .qar files (the demo school twice), the CLI's own doors, the workbook read back
 * with exceljs and the Word summary from its XML.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewRunOut } from '../core/api/review-handlers';
import type { ReviewSummary } from '../core/review/review';
import { writeExportAsWorkspace } from '../core/service';
import { buildDemoExport } from '../seeds/demo/index';
import { runCliInProcess } from './helpers/cli-inproc';
import { makeTempDir } from './helpers/files';
import { reviewFolder } from './helpers/review-folder';

const tmp = makeTempDir('qar-review-places-');
const dir = join(tmp.dir, '报送');
const GAPS = '乙职业技术学院';
let s: ReviewSummary;

beforeAll(async () => {
  mkdirSync(dir);
  const demo = await buildDemoExport();
  const a = structuredClone(demo);
  a.profile = { ...a.profile, name: '甲职业技术学院', code: 'A001' };
  const b = structuredClone(demo);
  b.profile = { ...b.profile, name: GAPS, code: 'B001' };
  b.values = b.values.filter(
    (v) => !(v.year === 2024 && ['teachers_dual', 'grad_monthly_income'].includes(v.indicatorId)),
  );
  writeExportAsWorkspace(a, join(dir, 'a.qar'));
  writeExportAsWorkspace(b, join(dir, 'b.qar'));
  s = await reviewFolder(dir);
}, 120_000);
afterAll(() => tmp.cleanup());

describe('a school’s findings counted once, the same, everywhere', () => {
  it('names each block a finding is about, as the school’s own findings panel does', () => {
    const quoted = s.findings.filter((f) => f.school === GAPS && f.ruleId === 'builtin.bound-figures');
    // more than one block of one chapter quotes a missing figure: each is its own place
    expect(quoted.length).toBeGreaterThan(
      new Set(quoted.map((f) => f.finding.location.type === 'block' && f.finding.location.chapterTitle)).size,
    );
    // a block's finding names the section and the block; one about a chapter's own text names the chapter
    for (const f of quoted) {
      const l = f.finding.location;
      expect(f.where).toMatch(l.type === 'block' && l.blockId ? /^\S+ · \d+\.\d+ \S+ · 第 \d+ 块（\S+）$/ : /^\S+$/);
    }
    expect(new Set(quoted.map((f) => `${f.where}|${f.message}`)).size).toBe(quoted.length);
  });

  it('the screen, the workbook and the Word summary give the same counts', async () => {
    const screen = reviewRunOut(s).findings.filter((f) => s.schools[f.schoolIndex]?.name === GAPS);
    const bySeverity = (list: { severity: string }[]) =>
      ['错误', '警告', '提示'].map((sev) => list.filter((f) => f.severity === sev).length);
    const onScreen = bySeverity(
      screen.map((f) => ({ severity: ({ error: '错误', warning: '警告', info: '提示' } as const)[f.severity] })),
    );
    expect(onScreen[1]).toBeGreaterThan(0);

    const xlsx = join(tmp.dir, '审核汇总.xlsx');
    const docx = join(tmp.dir, '审核汇总.docx');
    expect((await runCliInProcess(['review', dir, '--out', xlsx])).code).toBe(0);
    expect((await runCliInProcess(['review', dir, '--out', docx])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.getWorksheet('问题清单')!;
    const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    const rows: { severity: string }[] = [];
    sheet.eachRow((r, n) => {
      if (n > 1 && String(r.getCell(header.indexOf('学校')).value) === GAPS)
        rows.push({ severity: String(r.getCell(header.indexOf('严重程度')).value) });
    });
    expect(bySeverity(rows)).toEqual(onScreen);

    // 表 4-1: the school's row gives its 错误, 警告, 提示 counts after its name and code
    const xml = await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')!.async('string');
    const row = [...xml.matchAll(/<w:tr\b.*?<\/w:tr>/gs)]
      .map((m) =>
        [...m[0].matchAll(/<w:tc\b.*?<\/w:tc>/gs)].map((c) =>
          [...c[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
        ),
      )
      .find((cells) => cells[0] === `${GAPS}（B001）` && cells.length === 5);
    expect(row?.slice(1, 4).map(Number)).toEqual(onScreen);
  });
});
