/**
 * The district reviewer's API methods against real .qar files (demo copies as two schools, one with a broken
 * national standard, and a corrupt file): review.run lists and skips the corrupt file and never changes a school's
 * bytes; the summary exports read back; the review file keeps comments (add, reply, resolve) and exports a comments
 * file the school imports (another school's import is refused); district.build writes the draft .docx and a .qar
 * that opens through the API with its district framework, report model and validation.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHandlers, dispatch } from '../core/api/dispatch';
import type { ReviewFileState, ReviewRunOut } from '../core/api/review-contract';
import { createApiHandlers, SessionSlot } from '../core/api-handlers';
import type { ReportModel } from '../core/report/model';
import { writeExportAsWorkspace } from '../core/service';
import { buildDemoExport } from '../seeds/demo/index';
import { fakeCtx } from './api-fakes';
import { makeTempDir, sha256File } from './helpers/files';

const tmp = makeTempDir('qar-api-review-');
const set = join(tmp.dir, '报送');
const files = { a: join(set, 'a-甲.qar'), b: join(set, 'b-乙.qar'), junk: join(set, 'c-损坏.qar') };
const before: Record<string, string> = {};
let slot: SessionSlot;
let handlers: ApiHandlers;

const call = (method: string, input?: unknown) => dispatch(handlers, method, input, { checkOutput: true });
async function ok<T>(method: string, input?: unknown): Promise<T> {
  const r = await call(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.data as T;
}
async function fails(method: string, input?: unknown): Promise<{ code: string; message: string }> {
  const r = await call(method, input);
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

beforeAll(async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(set);
  const demo = await buildDemoExport();
  const a = structuredClone(demo);
  a.profile = { ...a.profile, name: '甲职业技术学院', code: 'A001' };
  const b = structuredClone(demo);
  b.profile = { ...b.profile, name: '乙职业技术学院', code: 'B001' };
  const v = b.values.find((x) => x.indicatorId === 'counselors' && x.year === 2024);
  if (!v) throw new Error('demo has no counselors');
  v.value = 2;
  writeExportAsWorkspace(a, files.a);
  writeExportAsWorkspace(b, files.b);
  writeFileSync(files.junk, Buffer.from('SQLite format 3\u0000 but not really, just garbage bytes'));
  for (const [k, p] of Object.entries(files)) before[k] = sha256File(p);
  slot = new SessionSlot();
  handlers = createApiHandlers(fakeCtx(), slot);
});
afterAll(() => {
  slot.close();
  tmp.cleanup();
});

describe('review.run', () => {
  let r: ReviewRunOut;
  beforeAll(async () => {
    r = await ok<ReviewRunOut>('review.run', { paths: [set] });
  });

  it('reviews the two schools and lists the corrupt file as skipped with a Chinese reason', () => {
    expect(r.files.map((f) => [f.name, f.status])).toEqual([
      ['a-甲.qar', 'reviewed'],
      ['b-乙.qar', 'reviewed'],
      ['c-损坏.qar', 'skipped'],
    ]);
    expect(r.files[2]?.reason).toMatch(/不是质量年报工作台文件|已损坏/);
    expect(r.schools.map((s) => [s.name, s.code, s.level, s.year])).toEqual([
      ['甲职业技术学院', 'A001', '高职', 2024],
      ['乙职业技术学院', 'B001', '高职', 2024],
    ]);
    expect(r.line).toBe('审阅了 2 所学校（高职 2 所、中职 0 所），未通过 2 项次，跳过 1 个文件');
  });

  it('tells the reviewer, in the warnings the app lists above the files, that the two schools handed in the same cases', () => {
    // two copies of the demo school: every case of one is the other's (a district report must not print one twice)
    // said once for the two schools, every case named
    const cases = r.frameworkWarnings.filter((w) => w.includes('相同的案例'));
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatch(/^甲职业技术学院、乙职业技术学院报送了 \d+ 个相同的案例（标题和正文都相同）：「/);
    expect(cases[0]).toContain('「打造“红岩·匠心”思政品牌，铸魂育人成效明显」、「');
    expect(cases[0]).toMatch(/：区域报告中同一案例只能收录一次，请向学校核实案例归属。$/);
  });

  it('never changes a school’s bytes: sha256 before = after = the test’s own hash', () => {
    for (const [k, p] of Object.entries(files)) {
      const f = r.files.find((x) => x.path === p);
      expect(f?.sha256Before, k).toBe(before[k]);
      expect(f?.sha256After, k).toBe(before[k]);
      expect(sha256File(p), k).toBe(before[k]);
    }
    expect(r.schools[1]?.sha256).toBe(before.b);
  });

  it('gives the matrix with counts per school and per rule, titles for rules', () => {
    const fails = r.rows.map((row) => Object.entries(row.cells).filter(([, st]) => st === 'fail'));
    // 专职辅导员 65 → 2: under the 1:200 standard, and a drop far beyond the usual year-on-year change
    expect(fails).toEqual([
      [],
      [
        ['national.counselors', 'fail'],
        ['builtin.yoy_band', 'fail'],
      ],
    ]);
    expect(r.rows[1]?.counts.fail).toBe(2);
    expect(r.ruleCounts['national.counselors']).toEqual({ pass: 1, fail: 1, unconfirmed: 0, nodata: 0 });
    expect(r.rules.find((x) => x.id === 'national.counselors')?.title).toContain('1:200');
  });

  it('gives the 高职 aggregates over the years (sums and recomputed rates) and no 中职 block', () => {
    expect(r.aggregates.map((a) => a.level)).toEqual(['高职']);
    const agg = r.aggregates[0];
    expect(agg?.years).toEqual([2022, 2023, 2024]);
    const row = (id: string) => agg?.rows.find((x) => x.indicatorId === id);
    expect(row('grad_total')?.values).toEqual([6624, 6972, 7450]);
    expect(row('grad_total')?.method).toBe('sum');
    expect(row('grad_placement_rate')?.method).toBe('formula');
    expect(row('grad_placement_rate')?.unit).toBe('%');
  });

  it('lists findings per school with the citation and a comment target at the cell', () => {
    const f = r.findings.find((x) => x.ruleId === 'national.counselors');
    expect(f?.schoolIndex).toBe(1);
    expect(f?.state).toBe('未通过');
    expect(f?.citation).toMatch(/《.+》/);
    expect(f?.target).toEqual({ type: 'cell', tableId: 'resources', indicatorId: 'counselors', year: 2024 });
  });

  it('sends no workspace or framework objects', () => {
    const text = JSON.stringify(r);
    expect(text).not.toContain('"chapters"');
    expect(text).not.toContain('"indicators"');
    expect(text.length).toBeLessThan(200_000);
  });

  it('refuses an empty list and a folder without .qar files, in Chinese', async () => {
    expect((await fails('review.run', { paths: [] })).code).toBe('BAD_INPUT');
    const empty = join(tmp.dir, '空文件夹');
    (await import('node:fs')).mkdirSync(empty);
    const e = await fails('review.run', { paths: [empty] });
    expect(e.message).toContain('没有 .qar 工作区文件');
  });
});

describe('review.exportSummary', () => {
  it('needs a review first', async () => {
    const fresh = createApiHandlers(fakeCtx(), new SessionSlot());
    const r = await dispatch(fresh, 'review.exportSummary', { path: join(tmp.dir, 'x.xlsx') });
    expect(!r.ok && r.error.message).toContain('还没有审核结果');
  });

  it('writes the workbook and the Word summary; refuses other extensions', async () => {
    await ok('review.run', { paths: [set] });
    const xlsx = join(tmp.dir, '汇总.xlsx');
    const out = await ok<{ bytes: number }>('review.exportSummary', { path: xlsx });
    expect(out.bytes).toBeGreaterThan(1000);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '合规矩阵',
      '汇总(高职)',
      '汇总(中职)',
      '汇总(高职+中职)',
      '未计入汇总',
      '问题清单',
      '文件清单',
      '未列入矩阵的规则',
    ]);
    const matrix = wb.getWorksheet('合规矩阵');
    const cells: string[] = [];
    matrix?.eachRow((row, n) => n > 1 && row.eachCell((c) => cells.push(String(c.value))));
    expect(cells.filter((v) => v === '未通过')).toHaveLength(2);

    const docx = join(tmp.dir, '汇总.docx');
    await ok('review.exportSummary', { path: docx, name: '示例区' });
    const xml = await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')?.async('string');
    expect(xml).toContain('乙职业技术学院');

    expect((await fails('review.exportSummary', { path: join(tmp.dir, '汇总.pdf') })).message).toContain('.xlsx');
  });
});

describe('review file and comments', () => {
  const rfPath = join(tmp.dir, '审核意见.json');
  const cfPath = join(tmp.dir, '乙审核意见.json');

  it('needs an open review file before a comment', async () => {
    const e = await fails('review.addComment', { school: 'B001', target: { type: 'workspace' }, body: '意见' });
    expect(e.message).toContain('审核意见文件');
  });

  it('creates the review file with the reviewed schools, adds, replies and resolves (each written to disk)', async () => {
    await ok('review.run', { paths: [set] });
    let st = await ok<ReviewFileState>('review.openFile', { path: rfPath, reviewer: '区教育局' });
    expect(st.file.schools.map((s) => [s.school.code, s.file.sha256])).toEqual([
      ['A001', before.a],
      ['B001', before.b],
    ]);
    const target = { type: 'cell', tableId: 'resources', indicatorId: 'counselors', year: 2024 };
    st = await ok<ReviewFileState>('review.addComment', { school: 'B001', target, body: '辅导员数请核实。' });
    const c = st.file.schools[1]?.comments[0];
    expect(c).toMatchObject({ author: '区教育局', body: '辅导员数请核实。', target, status: 'open' });
    st = await ok<ReviewFileState>('review.replyComment', {
      school: '乙职业技术学院',
      parentId: c?.id,
      body: '已与人事处核对。',
      author: '王老师',
    });
    st = await ok<ReviewFileState>('review.resolveComment', { school: 'B001', id: c?.id });
    const disk = JSON.parse(readFileSync(rfPath, 'utf8'));
    expect(disk.format).toBe('qar-review');
    expect(disk.schools[1].comments.map((x: { body: string; status: string }) => [x.body, x.status])).toEqual([
      ['辅导员数请核实。', 'resolved'],
      ['已与人事处核对。', 'open'],
    ]);
    expect((await fails('review.addComment', { school: '丁学校', target, body: 'x' })).message).toContain(
      '没有学校「丁学校」',
    );
    expect((await fails('review.addComment', { school: 'B001', target, body: '   ' })).code).toBe('BAD_INPUT');
  });

  it('reopens the review file as it was saved; a comments file or garbage is refused in Chinese', async () => {
    const again = createApiHandlers(fakeCtx(), new SessionSlot());
    const r = await dispatch(again, 'review.openFile', { path: rfPath });
    expect(r.ok && (r.data as ReviewFileState).file.schools[1]?.comments).toHaveLength(2);
    const junk = join(tmp.dir, '乱码.json');
    writeFileSync(junk, '{ not json');
    const bad = await dispatch(again, 'review.openFile', { path: junk });
    expect(!bad.ok && bad.error.message).toContain('不是有效的 JSON');
  });

  it('exports the comments file for one school; the school imports it; another school is refused', async () => {
    const out = await ok<{ count: number }>('review.exportComments', { school: 'B001', path: cfPath });
    expect(out.count).toBe(2);
    const cf = JSON.parse(readFileSync(cfPath, 'utf8'));
    expect(cf).toMatchObject({ format: 'qar-comments', school: { code: 'B001' }, reviewedSha256: before.b });

    // the school's own copy (its working file, not the handed-in one)
    const own = join(tmp.dir, '乙-本校.qar');
    writeFileSync(own, readFileSync(files.b));
    await ok('workspace.open', { path: own });
    expect(await ok('comments.import', { path: cfPath })).toEqual({ added: 2, skipped: 0, resolved: 1 });
    const list = await ok<{ comments: { body: string; status: string }[] }>('comments.list', {});
    // the demo school comes with two comments of its own; the reviewer's two are added after them
    expect(list.comments.slice(-2).map((c) => [c.body, c.status])).toEqual([
      ['辅导员数请核实。', 'resolved'],
      ['已与人事处核对。', 'open'],
    ]);
    // importing the same file again adds nothing
    expect(await ok('comments.import', { path: cfPath })).toEqual({ added: 0, skipped: 2, resolved: 0 });

    const other = join(tmp.dir, '甲-本校.qar');
    writeFileSync(other, readFileSync(files.a));
    await ok('workspace.open', { path: other });
    const n = (await ok<{ comments: unknown[] }>('comments.list', {})).comments.length;
    const e = await fails('comments.import', { path: cfPath });
    expect(e.message).toContain('已拒绝导入');
    expect((await ok<{ comments: unknown[] }>('comments.list', {})).comments).toHaveLength(n);
    await ok('workspace.close', {});
  });

  it('exports the same comments as Word and Excel to read: places in words from the reviewed file', async () => {
    const docx = join(tmp.dir, '乙审核意见.docx');
    const d = await ok<{ count: number; format: string }>('review.exportComments', { school: 'B001', path: docx });
    expect(d).toMatchObject({ count: 2, format: 'docx' });
    const xml = await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toContain('教学资源表 · 专职辅导员');
    expect(text).toContain('填报值：2人');
    expect(text).toContain('已与人事处核对。');
    expect(text).toContain('本次审核读取的学校工作区文件「b-乙.qar」');
    const xlsx = join(tmp.dir, '乙审核意见.xlsx');
    expect(await ok('review.exportComments', { school: 'B001', path: xlsx })).toMatchObject({ format: 'xlsx' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sh = wb.getWorksheet('审核意见')!;
    expect(sh.getRow(2).getCell(7).value).toBe('辅导员数请核实。');
    expect(sh.getRow(3).getCell(2).value).toBe('回复');
    expect((await fails('review.exportComments', { school: 'B001', path: join(tmp.dir, 'x.pdf') })).code).toBe(
      'BAD_INPUT',
    );
  });
});

describe('district.build', () => {
  const out = join(tmp.dir, '区域报告.docx');
  const save = join(tmp.dir, '区域报告草稿.qar');

  it('writes the draft .docx and .qar from the same files (the corrupt one reported as skipped)', async () => {
    const r = await ok<{ schools: number; appendixTables: number; skipped: { path: string }[]; title: string }>(
      'district.build',
      { paths: [set], out, save, name: '示例区' },
    );
    expect(r.schools).toBe(2);
    expect(r.skipped.map((s) => s.path)).toEqual([files.junk]);
    expect(r.appendixTables).toBeGreaterThan(0);
    expect(r.title).toContain('示例区');
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')?.async('string');
    expect(xml).toContain('附表 1-1');
    for (const [k, p] of Object.entries(files)) expect(sha256File(p), k).toBe(before[k]);
  });

  it('never overwrites an existing .qar', async () => {
    const e = await fails('district.build', { paths: [set], out, save });
    expect(e.code).toBe('CONFLICT');
  });

  it('the saved draft opens in the app: district framework, report model with 附表 1-x, validation', async () => {
    const info = await ok<{ framework: { id: string } }>('workspace.open', { path: save });
    expect(info.framework.id).toMatch(/^district--cn-2024-gaozhi--none$/);
    const fw = await ok<{ id: string; tables: { indicators: { id: string }[] }[] }>('framework.get', {});
    expect(fw.tables[0]?.indicators.every((i) => i.id.startsWith('gz_'))).toBe(true);
    const model = await ok<ReportModel>('report.model', {});
    expect(model.appendix.tables.map((t) => t.label)).toContain('附表 1-1');
    expect(model.appendix.tables.every((t) => t.label.startsWith('附表 1-'))).toBe(true);
    expect((await call('validate.run', {})).ok).toBe(true);
    const chapters = (await ok<{ chapters: { id: string; title: string }[] }>('workspace.get', {})).chapters;
    const first = chapters.find((c) => c.title.includes('发展概况'));
    expect(first).toBeDefined();
    const edited = await ok<{ intro: string }>('chapters.update', {
      id: first?.id,
      intro: '本区职业教育概况（审核人修改）。',
    });
    expect(edited.intro).toContain('审核人修改');
    // 导出 Word from the app prints the edited draft with the district appendix
    const printed = join(tmp.dir, '区域报告（修改后）.docx');
    await ok('report.export', { path: printed });
    const xml = await (await JSZip.loadAsync(readFileSync(printed))).file('word/document.xml')?.async('string');
    expect(xml).toContain('审核人修改');
    expect(xml).toContain('附表 1-1');
    await ok('workspace.close', {});
  });
});
