/** `qar report`: the real CLI in a child process against a real .qar written from the report fixture. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReportExport } from '../core/host/report-job';
import { WORKSPACE_EXPORT_FORMAT, WORKSPACE_EXPORT_VERSION, type WorkspaceExport } from '../core/model';
import { writeExportAsWorkspace } from '../core/service';
import { runCli } from './helpers/cli';
import { makeTempDir, sha256File } from './helpers/files';
import { FIXTURE_PHOTOS, fixturePhotoBytes, fixtureWorkspace } from './report-fixture';

const tmp = makeTempDir('qar-report-cli-');
const qar = join(tmp.dir, '示例学校.qar');

beforeAll(async () => {
  const ws = fixtureWorkspace();
  // the store refuses dangling image references, which the model tests cover separately
  ws.blocks = ws.blocks.filter((b) => !(b.content.kind === 'photo' && b.content.assetId === 'photo-missing'));
  const assetData: Record<string, string> = {};
  for (const a of ws.assets) {
    const bytes = await fixturePhotoBytes(a.id);
    assetData[a.id] = bytes.toString('base64');
    a.bytes = bytes.length;
    a.sha256 = createHash('sha256').update(bytes).digest('hex');
    [a.width, a.height] = FIXTURE_PHOTOS[a.id] ?? [1, 1];
  }
  const exp: WorkspaceExport = {
    ...ws,
    // the built-in framework: the CLI looks frameworks up in the registry
    framework: { id: 'cn-2024-gaozhi', version: '2024.1' },
    format: WORKSPACE_EXPORT_FORMAT,
    formatVersion: WORKSPACE_EXPORT_VERSION,
    changes: [],
    assetData,
  };
  writeExportAsWorkspace(exp, qar);
});
afterAll(() => tmp.cleanup());

describe('qar report', () => {
  it('writes the .docx and leaves the workspace unchanged', async () => {
    const before = sha256File(qar);
    const out = join(tmp.dir, '报告.docx');
    const r = runCli(['report', qar, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^已生成报告：.*重庆示例职业技术学院质量年度报告（2024年度）/);
    expect(sha256File(qar)).toBe(before);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const doc = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(doc).toContain('【案例 2-1】');
    expect(doc).toContain('附表 1 人才培养质量计分卡');
    // a value stored in the .qar reaches the appendix of the built-in framework
    expect(doc).toContain('>3305<');
  }, 60_000);

  it('exits 2 with one Chinese line on unusable input, writing nothing', () => {
    const out = join(tmp.dir, 'bad.docx');
    const cases: [string[], RegExp][] = [
      [['report', join(tmp.dir, '没有.qar'), '--out', out], /找不到文件/],
      [['report', qar], /缺少选项「--out」/],
      [['report', qar, '--out', join(tmp.dir, 'x.odt')], /应以 \.docx 或 \.pdf 结尾/],
      [['report', qar, '--year', '20x4', '--out', out], /不是 2000–2100 之间的四位年份/],
      [['report', qar, '--year', '2019', '--out', out], /没有 2019 年度的数据或报告内容/],
      [['report', qar, '--styles', 'fancy', '--out', out], /没有名为「fancy」的报告样式/],
    ];
    for (const [args, msg] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    }
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('refuses a file that is not a workspace', () => {
    const fake = join(tmp.dir, 'fake.qar');
    writeFileSync(fake, 'not sqlite at all');
    const r = runCli(['report', fake, '--out', join(tmp.dir, 'f.docx')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).not.toBe('');
  });
});

// The 目录's page numbers are laid out by LibreOffice, estimated where it is missing, or left to Word (the page pass
// off): the line after an export says which, in the CLI and in the app's 已导出 note (core/docx/toc-note.ts).
describe('the export says where the 目录 page numbers come from', () => {
  const tocOf = async (docx: string) => {
    const zip = await JSZip.loadAsync(readFileSync(docx));
    const doc = (await zip.file('word/document.xml')?.async('string')) ?? '';
    // the cached result of each PAGEREF in the 目录: a number, or empty when left to Word
    return [
      ...doc.matchAll(/PAGEREF [^<]*<\/w:instrText><w:fldChar w:fldCharType="separate"\/><w:t[^>]*>([^<]*)</g),
    ].map((m) => m[1]);
  };

  it('qar report: left to Word, estimated, or laid out by LibreOffice', async () => {
    const none = join(tmp.dir, 'toc-none.docx');
    const r1 = runCli(['report', qar, '--out', none], { env: { QAR_PAGE_PASS: 'none' } });
    expect(r1.code).toBe(0);
    expect(r1.stdout).toContain('目录未填页码');
    const left = await tocOf(none);
    expect(left.length).toBeGreaterThan(5);
    expect(left.every((p) => p === '')).toBe(true);

    const est = join(tmp.dir, 'toc-estimate.docx');
    const r2 = runCli(['report', qar, '--out', est], { env: { QAR_PAGE_PASS: 'estimate' } });
    expect(r2.code).toBe(0);
    expect(r2.stdout).toContain('目录页码为估算（本机未找到 LibreOffice');
    const estimated = await tocOf(est);
    expect(estimated.length).toBe(left.length);
    expect(estimated.every((p) => /^\d+$/.test(p ?? ''))).toBe(true);

    const lo = join(tmp.dir, 'toc-lo.docx');
    const r3 = runCli(['report', qar, '--out', lo], { env: { QAR_PAGE_PASS: 'layout' }, timeoutMs: 170_000 });
    expect(r3.code).toBe(0);
    expect(r3.stdout).toContain('目录页码已按 LibreOffice 排版填好');
    expect(r3.stdout).not.toContain('估算');
  }, 180_000);

  it('the app’s export job says the same in its 已导出 note', async () => {
    const saved = process.env.QAR_PAGE_PASS;
    process.env.QAR_PAGE_PASS = 'estimate';
    try {
      const r = await runReportExport({ workspacePath: qar, outPath: join(tmp.dir, 'job.docx') });
      expect(r.note).toContain('目录页码为估算');
    } finally {
      if (saved === undefined) delete process.env.QAR_PAGE_PASS;
      else process.env.QAR_PAGE_PASS = saved;
    }
  }, 120_000);
});
