/**
 * The readable comments exports (issue 13, reviewer side): `qar comments export … --out X.docx|X.xlsx|X.json`.
 * A planted-defect school gets comments on a cell, a paragraph, a finding and the whole report, with replies and
 * one resolved; the .docx XML and the .xlsx cells are read back, the .docx is opened by LibreOffice (a plain
 * convert, no field update) and its text checked; the .json stays the file the school imports.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../core/cli';
import { getFramework } from '../core/framework/registry';
import type { Workspace } from '../core/model';
import { chinaTime, describeTarget, readableComments, shortQuote } from '../core/review/comment-places';
import {
  addReviewComment,
  createReviewFile,
  exportSchoolComments,
  parseCommentsFile,
  type ReviewFile,
  replyToComment,
  resolveReviewComment,
  reviewFileJson,
  upsertSchool,
} from '../core/review/comments';
import { COMMENT_COLUMNS, COMMENTS_SHEET } from '../core/review/comments-xlsx';
import { openWorkspace } from '../core/service';
import { validateWorkspace } from '../core/validate/engine';
import { SPECS } from './fixtures/review/district-set';
import { writeSchool } from './fixtures/review/schools';
import { makeTempDir, sha256File } from './helpers/files';
import { ooxmlProblems } from './helpers/ooxml';

const tmp = makeTempDir('qar-comments-export-');
const gz = getFramework('cn-2024-gaozhi');
let schoolB = '';
let ws: Workspace;
let reviewJson = '';
let ids = 0;
// 09:MM UTC = 17:MM China time
let at = '2025-02-01T09:00:00.000Z';
const clock = { now: () => at, newId: () => `c-${++ids}` };
const atMinute = (m: number) => {
  at = `2025-02-01T09:${String(m).padStart(2, '0')}:00.000Z`;
};
const BODY = {
  cell: '教职工总数 1400 人少于专任教师数，请核对人事报表后更正。',
  block: '这一段的表述过于笼统，\n请补充具体数据。',
  finding: '请说明原因。',
  whole: '报告整体结构完整，请按以下意见修改后重新报送。',
  reply1: '已核对，2024 年教职工总数应为 1500 人，已更正。',
  reply2: '收到，请同时更新正文中的数字。',
};

/** The paragraph the block comment is on: the first paragraph of 人才培养's first section. */
function firstTalentParagraph(w: Workspace) {
  const ch = w.chapters.find((c) => c.key === 'talent')!;
  const sec = w.sections.filter((s) => s.chapterId === ch.id).sort((a, b) => a.order - b.order)[0]!;
  const blocks = w.blocks.filter((b) => b.sectionId === sec.id).sort((a, b) => a.order - b.order);
  const i = blocks.findIndex((b) => b.content.kind === 'paragraph');
  return { ch, sec, block: blocks[i]!, n: i + 1 };
}

function buildReviewFile(): ReviewFile {
  let rf = createReviewFile({ reviewer: '区教育局 王老师', ...clock });
  rf = upsertSchool(
    rf,
    { name: SPECS.B.name, code: 'B001', level: '高职' },
    { path: schoolB, sha256: sha256File(schoolB) },
    clock,
  );
  const f = validateWorkspace(ws, gz).findings.find(
    (x) => x.ruleId === 'structure.case_length' || x.ruleId === 'consistency.staff_teachers',
  )!;
  atMinute(1);
  const cell = addReviewComment(
    rf,
    'B001',
    { target: { type: 'cell', tableId: 'resources', indicatorId: 'staff_total', year: 2024 }, body: BODY.cell },
    clock,
  );
  atMinute(2);
  const r1 = replyToComment(cell.file, 'B001', cell.comment.id, BODY.reply1, { ...clock, author: '乙校 李老师' });
  atMinute(3);
  const r2 = replyToComment(r1.file, 'B001', r1.comment.id, BODY.reply2, clock);
  atMinute(4);
  const blk = addReviewComment(
    r2.file,
    'B001',
    { target: { type: 'block', blockId: firstTalentParagraph(ws).block.id }, body: BODY.block },
    clock,
  );
  const fnd = addReviewComment(
    blk.file,
    'B001',
    { target: { type: 'finding', ruleId: f.ruleId, key: f.key ?? '' }, body: BODY.finding },
    clock,
  );
  atMinute(5);
  const whole = addReviewComment(fnd.file, 'B001', { target: { type: 'workspace' }, body: BODY.whole }, clock);
  return resolveReviewComment(whole.file, 'B001', fnd.comment.id, true, clock);
}

beforeAll(async () => {
  schoolB = writeSchool(tmp.dir, '乙.qar', SPECS.B, gz);
  const s = await openWorkspace(schoolB, { readonly: true });
  try {
    ws = s.getWorkspace();
  } finally {
    s.close();
  }
  reviewJson = join(tmp.dir, '审阅.json');
  writeFileSync(reviewJson, reviewFileJson(buildReviewFile()));
});
afterAll(() => tmp.cleanup());

async function docxText(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  return await zip.file('word/document.xml')!.async('string');
}
/** The visible text of document.xml: runs joined, paragraphs on lines. */
const paragraphsOf = (xml: string) =>
  xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter((t) => t !== '')
    .map((t) =>
      t
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"'),
    );

describe('places in words', () => {
  it('names a cell by table, indicator and year with the value the school entered', () => {
    const p = describeTarget(
      { type: 'cell', tableId: 'resources', indicatorId: 'staff_total', year: 2024 },
      { ws, fw: gz, note: '' },
    );
    expect(p.text).toBe('教学资源表 · 教职工总数 · 2024年');
    expect(p.quote).toBe('填报值：1400人');
  });

  it('names a block by chapter, section and position with a short quote', () => {
    const { ch, sec, block, n } = firstTalentParagraph(ws);
    const p = describeTarget({ type: 'block', blockId: block.id }, { ws, fw: gz, note: '' });
    expect(p.text).toBe(`${ch.title} · 2.1 ${sec.title} · 第 ${n} 块（段落）`);
    const c = block.content as { lead: string; text: string };
    expect(p.quote).toBe(shortQuote(c.lead + c.text));
    expect([...p.quote].length).toBeLessThanOrEqual(42);
    expect(p.quote.endsWith('……')).toBe(true);
  });

  it('falls back to ids, and says so, without the workspace', () => {
    const p = describeTarget({ type: 'block', blockId: 'b-x' }, { note: '' });
    expect(p.text).toBe('报告正文中的一块内容（编号 b-x）');
    const gone = describeTarget({ type: 'block', blockId: 'b-x' }, { ws, fw: gz, note: '' });
    expect(gone.text).toContain('学校文件中已没有这块内容');
    expect(
      describeTarget({ type: 'cell', tableId: 'resources', indicatorId: 'staff_total', year: 2024 }, { note: '' }).text,
    ).toBe('数据表 resources · 指标 staff_total · 2024年');
  });

  it('numbers threads across groups in report order, replies below their comment', () => {
    const cf = exportSchoolComments(buildReviewFile(), 'B001', clock);
    const rc = readableComments(cf, { ws, fw: gz, note: '' });
    expect(rc.groups.map((g) => g.heading)).toEqual(['一、整体意见', '二、数据表', '三、报告正文', '四、校验问题']);
    expect(rc.groups.map((g) => g.threads.map((t) => t.root.no))).toEqual([['1'], ['2'], ['3'], ['4']]);
    const cellThread = rc.groups[1]!.threads[0]!;
    expect(cellThread.replies.map((r) => [r.no, r.replyTo, r.author])).toEqual([
      ['2.1', '2', '乙校 李老师'],
      ['2.2', '2.1', '区教育局 王老师'],
    ]);
    expect(rc.counts).toEqual({ threads: 4, open: 3, resolved: 1, replies: 2 });
    expect(chinaTime('2025-02-01T16:30:00.000Z')).toBe('2025年2月2日 00:30');
  });
});

describe('qar comments export', () => {
  it('writes a Word document a person reads: places in words, quotes, authors, dates, status, replies', async () => {
    const out = join(tmp.dir, '乙-审核意见.docx');
    expect(await main(['comments', 'export', reviewJson, '--school', 'B001', '--out', out])).toBe(0);
    const xml = await docxText(out);
    const paras = paragraphsOf(xml);
    const all = paras.join('\n');
    expect(paras[0]).toBe('质量年度报告审核意见');
    expect(all).toContain('乙高等职业学院（学校代码 B001）');
    expect(all).toContain('共 4 条（未解决 3 条，已解决 1 条），回复 2 条');
    expect(all).toContain('与审核时的文件一致');
    // group headings, in order, with their counts
    const heads = paras.filter((p) => /^[一二三四]、/.test(p));
    expect(heads).toEqual([
      '一、整体意见（1 条）',
      '二、数据表（1 条）',
      '三、报告正文（1 条）',
      '四、校验问题（1 条）',
    ]);
    // the cell comment: place, value, text, author and time, the replies with their numbers
    expect(paras).toContain('教学资源表 · 教职工总数 · 2024年');
    expect(paras).toContain('填报值：1400人');
    expect(paras).toContain(BODY.cell);
    expect(paras).toContain('区教育局 王老师，2025年2月1日 17:01');
    expect(paras).toContain(`回复 2.1（乙校 李老师，2025年2月1日 17:02）：${BODY.reply1}`);
    expect(paras).toContain('已于 2025年2月1日 17:05 标记为已解决');
    expect(paras).toContain(`回复 2.2（区教育局 王老师，2025年2月1日 17:03，答 2.1）：${BODY.reply2}`);
    // the block comment: chapter · section · position and a quote; a two-line comment keeps both lines
    const { ch, sec, n } = firstTalentParagraph(ws);
    expect(paras).toContain(`${ch.title} · 2.1 ${sec.title} · 第 ${n} 块（段落）`);
    expect(paras).toContain('这一段的表述过于笼统，');
    expect(paras).toContain('请补充具体数据。');
    expect(all).toMatch(/校验问题「[^」]+」/);
    expect(paras.filter((p) => p === '已解决')).toHaveLength(1);
    expect(paras.filter((p) => p === '未解决')).toHaveLength(3);
    // no raw ids anywhere a reader looks
    expect(all).not.toMatch(/staff_total|resources|c-\d|B001·/);
    // typography: A4 and the report's styles (黑体 / 仿宋 / 宋体 from core/docx)
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const styles = await (await JSZip.loadAsync(readFileSync(out))).file('word/styles.xml')!.async('string');
    for (const font of ['黑体', '仿宋', '宋体', '楷体']) expect(styles).toContain(`w:eastAsia="${font}"`);
    expect(xml).toContain('w:tblHeader');
    // a sound OOXML package (the check the report and the review summary pass), with the report's font table
    expect(await ooxmlProblems(readFileSync(out))).toEqual([]);
    const fonts = await (await JSZip.loadAsync(readFileSync(out))).file('word/fontTable.xml')!.async('string');
    expect(fonts).toContain('w:altName w:val="FangSong"');
  });

  it('writes an Excel sheet: frozen header, filter, wrapped text, widths, one row per comment and reply', async () => {
    const out = join(tmp.dir, '乙-审核意见.xlsx');
    expect(await main(['comments', 'export', reviewJson, '--school', 'B001', '--out', out])).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sh = wb.getWorksheet(COMMENTS_SHEET)!;
    expect(sh.getRow(1).values).toEqual([undefined, ...COMMENT_COLUMNS.map(([h]) => h)]);
    expect(sh.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sh.autoFilter).toBeTruthy();
    expect(COMMENT_COLUMNS.map((_, i) => sh.getColumn(i + 1).width)).toEqual(COMMENT_COLUMNS.map(([, w]) => w));
    const rows = Array.from({ length: sh.rowCount - 1 }, (_, i) => sh.getRow(i + 2));
    expect(rows.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(3).value])).toEqual([
      ['1', '意见', null],
      ['2', '意见', null],
      ['2.1', '回复', '2'],
      ['2.2', '回复', '2.1'],
      ['3', '意见', null],
      ['4', '意见', null],
    ]);
    const cellRow = rows[1]!;
    expect(cellRow.getCell(4).value).toBe('数据表');
    expect(cellRow.getCell(5).value).toBe('教学资源表 · 教职工总数 · 2024年');
    expect(cellRow.getCell(6).value).toBe('填报值：1400人');
    expect(cellRow.getCell(7).value).toBe(BODY.cell);
    expect(cellRow.getCell(8).value).toBe('区教育局 王老师');
    // a real date-time showing China time
    expect((cellRow.getCell(9).value as Date).toISOString()).toBe('2025-02-01T17:01:00.000Z');
    expect(cellRow.getCell(9).numFmt).toContain('yyyy');
    expect(cellRow.getCell(10).value).toBe('未解决');
    expect(cellRow.getCell(7).alignment?.wrapText).toBe(true);
    expect(rows[5]!.getCell(10).value).toBe('已解决');
    expect(rows[5]!.getCell(11).value).toBeInstanceOf(Date);
    const info = wb.getWorksheet('说明')!;
    expect(info.getCell('B1').value).toBe(SPECS.B.name);
  });

  it('the .json is still the comments file the school imports', async () => {
    const out = join(tmp.dir, '乙-审核意见.json');
    expect(await main(['comments', 'export', reviewJson, '--school', 'B001', '--out', out])).toBe(0);
    const cf = parseCommentsFile(readFileSync(out, 'utf8'));
    expect(cf.comments).toHaveLength(6);
    expect(cf.school.code).toBe('B001');
  });

  it('without the school’s file, names places by ids and says why; a bad --workspace or name is refused', async () => {
    const rf = JSON.parse(readFileSync(reviewJson, 'utf8'));
    rf.schools[0].file.path = join(tmp.dir, '已移走.qar');
    const moved = join(tmp.dir, '审阅-移走.json');
    writeFileSync(moved, JSON.stringify(rf));
    const out = join(tmp.dir, '乙-无文件.docx');
    expect(await main(['comments', 'export', moved, '--school', 'B001', '--out', out])).toBe(0);
    const all = paragraphsOf(await docxText(out)).join('\n');
    expect(all).toMatch(/未能读取该校工作区文件「已移走\.qar」.*位置按编号列出/);
    expect(all).toContain('数据表 resources · 指标 staff_total · 2024年');
    // the same file named with --workspace: used
    const out2 = join(tmp.dir, '乙-指定.docx');
    expect(await main(['comments', 'export', moved, '--school', 'B001', '--out', out2, '--workspace', schoolB])).toBe(
      0,
    );
    expect(paragraphsOf(await docxText(out2))).toContain('教学资源表 · 教职工总数 · 2024年');
    // another school's file, or a missing one, named with --workspace: refused, nothing written
    const other = writeSchool(tmp.dir, '甲.qar', SPECS.A, gz);
    const out3 = join(tmp.dir, '乙-错校.docx');
    expect(await main(['comments', 'export', moved, '--school', 'B001', '--out', out3, '--workspace', other])).toBe(2);
    expect(existsSync(out3)).toBe(false);
    expect(
      await main([
        'comments',
        'export',
        moved,
        '--school',
        'B001',
        '--out',
        out3,
        '--workspace',
        join(tmp.dir, 'x.qar'),
      ]),
    ).toBe(2);
    expect(await main(['comments', 'export', reviewJson, '--school', 'B001', '--out', join(tmp.dir, 'x.pdf')])).toBe(2);
  });

  it('LibreOffice opens the .docx (plain convert): title, places, replies and page numbers on A4 pages', () => {
    const docx = join(tmp.dir, '乙-审核意见.docx');
    const profile = join(tmp.dir, 'lo-profile');
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', tmp.dir, docx],
      {
        env: { ...process.env, FONTCONFIG_FILE: '/work/shared/tools/fonts.conf' },
        stdio: 'pipe',
        timeout: 120_000,
      },
    );
    const pdf = docx.replace(/\.docx$/, '.pdf');
    expect(existsSync(pdf)).toBe(true);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+595\.\d* x 841\.\d* pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(4);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    for (const s of ['质量年度报告审核意见', '教学资源表·教职工总数', '填报值：1400人', '回复2.1', '已解决', '—1—']) {
      expect(text).toContain(s);
    }
  });
});
