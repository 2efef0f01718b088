/**
 * The workbooks as a recipient prints them: `soffice --headless --convert-to pdf` of the .xlsx (LibreOffice does
 * not re-measure the rows of an .xlsx it opens), read back with pdftotext. A long 备注 / 问题说明 / 依据 must print
 * in full inside its own column: not cut off at the next cell, not running out past the table's edge.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readableComments } from '../core/review/comment-places';
import { addReviewComment, createReviewFile, exportSchoolComments, upsertSchool } from '../core/review/comments';
import { writeCommentsXlsx } from '../core/review/comments-xlsx';
import type { ReviewSummary } from '../core/review/review';
import { uniqueFindings } from '../core/review/summary-docx';
import { writeReviewXlsx } from '../core/review/xlsx';
import { exportValuesXlsx, GUIDE_LINES } from '../core/xlsx/export';
import { wrappedRowHeight } from '../core/xlsx/wrap';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { reviewDistrictSet } from './fixtures/review/district-set';
import { makeTempDir } from './helpers/files';
import { flat, LO_ENV } from './helpers/plain-render';

const tmp = makeTempDir('qar-xlsx-print-');
let s: ReviewSummary;

/** The .xlsx printed to PDF by LibreOffice as a plain open-and-print does it. */
function printed(xlsx: Buffer, name: string): string {
  const input = join(tmp.dir, `${name}.xlsx`);
  writeFileSync(input, xlsx);
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=${pathToFileURL(join(tmp.dir, `profile-${name}`)).href}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'pdf',
      '--outdir',
      tmp.dir,
      input,
    ],
    { env: LO_ENV, stdio: 'pipe', timeout: 180_000 },
  );
  const pdf = join(tmp.dir, `${name}.pdf`);
  // soffice exits 0 without a PDF when it has no spreadsheet module: say so, not pdftotext's "couldn't open"
  if (!existsSync(pdf))
    throw new Error(`soffice wrote no ${name}.pdf: is LibreOffice Calc installed (libreoffice-calc-nogui)?`);
  return pdf;
}

interface Word {
  page: number;
  pageWidth: number;
  xMin: number;
  xMax: number;
  yMin: number;
  text: string;
}

function words(pdf: string): Word[] {
  const xml = execFileSync('pdftotext', ['-enc', 'UTF-8', '-bbox', pdf, '-'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const out: Word[] = [];
  xml.split('<page ').forEach((page, p) => {
    const pageWidth = Number(/width="([\d.]+)"/.exec(page)?.[1] ?? 0);
    for (const m of page.matchAll(
      /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g,
    )) {
      out.push({ page: p, pageWidth, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), text: m[4] ?? '' });
    }
  });
  return out;
}

/** The text in content order: a wrapped cell's lines come one after the other. */
const rawText = (pdf: string) =>
  flat(execFileSync('pdftotext', ['-enc', 'UTF-8', '-raw', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 }));

beforeAll(async () => {
  ({ summary: s } = await reviewDistrictSet(tmp.dir));
});
afterAll(() => tmp.cleanup());

describe('the indicator workbook printed by LibreOffice', () => {
  it('keeps a long 备注 inside its column, wrapped onto more lines', async () => {
    const pdf = printed(await exportValuesXlsx(buildDemoExport(), demoFramework()), 'values');
    const all = words(pdf);
    // the sheet of 人才培养质量计分卡: its derived rows' 备注 say how they are computed, in a long line
    const header = all.find(
      (w) => w.text === '备注' && all.some((x) => x.page === w.page && x.text.includes('毕业生数')),
    );
    expect(header).toBeDefined();
    const page = all.filter((w) => w.page === header?.page && w.yMin > (header?.yMin ?? 0));
    // the column's left edge: where its left-aligned notes start; the header is centred in it
    const notes = page.filter((w) => w.text.startsWith('数据来源') || w.text.startsWith('自动计算'));
    expect(notes.length).toBeGreaterThan(5);
    const left = Math.min(...notes.map((w) => w.xMin));
    const right = (header!.xMin + header!.xMax) / 2 + ((header!.xMin + header!.xMax) / 2 - left);
    const inColumn = page.filter((w) => w.xMin >= left - 1);
    const widest = Math.max(...inColumn.map((w) => w.xMax));
    expect(widest, `备注 runs to x=${widest.toFixed(0)}, its column ends at x=${right.toFixed(0)}`).toBeLessThanOrEqual(
      right + 2,
    );
    // the 说明 sheet's lines print whole too (the 指标体系 line lost its end below a row of one line)
    const fw = demoFramework();
    const text = rawText(pdf);
    expect(text).toContain(flat(`指标体系：${fw.title}（${fw.edition}，版本 ${fw.version}）`));
    for (const line of GUIDE_LINES) expect(text.includes(flat(line)), line).toBe(true);
    // and inside the page's margins (at a width of 80 its lines ran off the sheet's right edge)
    const guide = all.filter((w) => w.page === all[0]?.page);
    const edge = Math.max(...guide.map((w) => w.xMax));
    expect(edge, 'the 说明 sheet runs past the right margin').toBeLessThan((guide[0]?.pageWidth ?? 0) - 36);
    // and nothing of it is lost: the formula note prints whole
    expect(rawText(pdf)).toContain(
      flat('自动计算：= 协议和合同就业人数 + 灵活就业人数 + 自主创业人数 + 升学人数（导入时忽略）'),
    );
  });
});

describe('the review workbook printed by LibreOffice', () => {
  it('prints every 问题说明, 依据 and 修改建议 in full', async () => {
    const pdf = printed(await writeReviewXlsx(s), 'review');
    const text = rawText(pdf);
    const long = uniqueFindings(s.findings).filter((f) => [...f.message].length > 30);
    expect(long.length).toBeGreaterThan(3);
    const cut = long.filter((f) => !text.includes(flat(f.message)));
    expect(cut.map((f) => f.message).slice(0, 3), `${cut.length} of ${long.length} long messages cut off`).toEqual([]);
    const cited = uniqueFindings(s.findings).filter((f) => [...f.citation].length > 30);
    expect(
      cited
        .filter((f) => !text.includes(flat(f.citation)))
        .map((f) => f.citation)
        .slice(0, 3),
    ).toEqual([]);
    const hinted = uniqueFindings(s.findings).filter((f) => [...f.hint].length > 20);
    expect(
      hinted
        .filter((f) => !text.includes(flat(f.hint)))
        .map((f) => f.hint)
        .slice(0, 3),
    ).toEqual([]);
    // the 依据 of the 高职+中职 totals and the aggregates' 汇总方法
    for (const t of s.totals) expect(text, t.name).toContain(flat(t.basis));
    const methods = (s.aggregates.高职?.rows ?? []).filter((r) => [...r.methodText].length > 24);
    expect(methods.length).toBeGreaterThan(0);
    for (const r of methods) expect(text, r.name).toContain(flat(r.methodText));
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
  });
});

/** Each page's size in points, from the same bbox output. */
function pageSizes(pdf: string): { width: number; height: number }[] {
  const xml = execFileSync('pdftotext', ['-enc', 'UTF-8', '-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return [...xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">/g)].map((m) => ({
    width: Number(m[1]),
    height: Number(m[2]),
  }));
}

describe('the review workbook paged for print', () => {
  it('prints on A4 landscape, every page with its header row and the column naming the row (学校, 指标, 文件, 规则)', async () => {
    const pdf = printed(await writeReviewXlsx(s), 'review-pages');
    const sizes = pageSizes(pdf);
    expect(sizes.length).toBeGreaterThan(1);
    // A4 landscape: 842 × 595 pt (it printed on US Letter portrait, 612 × 792)
    for (const [i, p] of sizes.entries()) {
      expect(Math.round(p.width), `page ${i + 1} width`).toBe(842);
      expect(Math.round(p.height), `page ${i + 1} height`).toBe(595);
    }
    // a page of the compliance matrix's later rules showed statuses with no school beside them and no header
    const all = words(pdf);
    const bare = sizes
      .map((_, i) => i + 1)
      .filter((page) => {
        const on = all.filter((w) => w.page === page);
        const top = Math.min(...on.map((w) => w.yMin));
        // within the header row (the matrix's is tall: its rule titles wrap)
        return !on.some((w) => w.yMin < top + 150 && ['学校', '指标', '文件', '规则'].includes(w.text));
      });
    expect(bare, 'pages without the header row and the naming column').toEqual([]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeReviewXlsx(s)) as unknown as ArrayBuffer);
    const m = wb.getWorksheet('合规矩阵');
    if (!m) throw new Error('no 合规矩阵 sheet');
    // no column of a rule that applies to none of the schools (pages of blank columns: a 医学院校 standard for
    // 工科 schools); such rules are named on a sheet of their own, printed once — below the matrix their long titles
    // stood in the columns every printed page repeats, cut off on each later page
    const none = s.matrix.rules.filter((r) => s.matrix.rows.every((row) => !row.cells[r.id]));
    expect(none.length).toBeGreaterThan(0);
    const header = (m.getRow(1).values as unknown[]).map(String);
    for (const r of none) expect(header, r.title).not.toContain(r.title);
    const below: string[] = [];
    m.eachRow((row, n) => {
      if (n > s.matrix.rows.length + 1) below.push(String(row.getCell(2).value ?? ''));
    });
    for (const r of none) expect(below, r.title).not.toContain(r.title);
    const listed = wb.getWorksheet('未列入矩阵的规则');
    if (!listed) throw new Error('no 未列入矩阵的规则 sheet');
    const titles: string[] = [];
    listed.eachRow((row, n) => {
      if (n > 1) titles.push(String(row.getCell(3).value ?? ''));
    });
    for (const r of none) expect(titles, r.title).toContain(r.title);
    const columns = s.matrix.rules.filter((x) => !none.includes(x));
    for (const r of columns) expect(header).toContain(r.title);
    // the header row is as tall as its longest rule title wraps to (at a fixed 96 pt, 「基本办学条件（语文、财经、
    // 政法院校）：生均教学科研仪器设备值不低于3000元（待核实）」 printed without its first and last lines)
    const need = wrappedRowHeight(
      columns.map((r) => ({ text: r.title, width: 11 })),
      10.5,
    );
    expect(m.getRow(1).height).toBeGreaterThanOrEqual(need ?? 0);
    // every school of the matrix is named on every matrix page (its rules continue across the pages)
    // (a matrix page: before the first sheet after it, 汇总(高职) with its 汇总方法; a status cell below the header)
    const firstAggregate = Math.min(...all.filter((w) => w.text === '汇总方法').map((w) => w.page));
    const matrixPages = sizes
      .map((_, i) => i + 1)
      .filter((page) => {
        if (page >= firstAggregate) return false;
        const on = all.filter((w) => w.page === page);
        const school = on.find((w) => w.text === '学校');
        return !!school && on.some((w) => ['通过', '未通过'].includes(w.text) && w.yMin > school.yMin + 30);
      });
    expect(matrixPages.length).toBeGreaterThan(1);
    for (const page of matrixPages) {
      const on = all.filter((w) => w.page === page).map((w) => w.text);
      for (const row of s.matrix.rows) expect(on.join(''), `page ${page}`).toContain(row.name);
    }
  });
});

describe('the review comments workbook printed by LibreOffice', () => {
  it('prints a long comment in full', async () => {
    const clock = { now: () => '2025-02-01T09:00:00.000Z' };
    let rf = createReviewFile({ reviewer: '区教育局 王老师', ...clock });
    rf = upsertSchool(rf, { name: '乙高等职业学院', code: 'B001', level: '高职' }, {}, clock);
    const body =
      '报告整体结构完整，数据与附表一致。请按以下意见修改后重新报送：一是第二章就业质量部分补充近三年毕业去向落实率的变化及原因分析；二是服务贡献部分的横向技术服务到款额与附表不一致，请核对财务报表后更正；三是案例正文超过一千字的请精简。';
    const added = addReviewComment(rf, 'B001', { target: { type: 'workspace' }, body }, clock);
    const rc = readableComments(exportSchoolComments(added.file, 'B001', clock), { note: '' });
    const pdf = printed(await writeCommentsXlsx(rc), 'comments');
    expect(rawText(pdf)).toContain(flat(body));
  });
});
