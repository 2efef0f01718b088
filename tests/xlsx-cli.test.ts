/**
 * `qar export FILE.qar --out X.xlsx` and `qar import X.xlsx --into FILE.qar [--dry-run]` through the real CLI:
 * unchanged re-import logs nothing, one edited cell changes exactly one value (logged as 'import'), any problem
 * leaves the .qar byte-for-byte unchanged with exit 2, and non-workbooks are refused in one Chinese line.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, writeExportAsWorkspace } from '../core/service';
import { exportWorkspaceXlsx, importValuesXlsx } from '../core/xlsx/session';
import { buildDemoExport } from '../seeds/demo/index';
import { editBook } from './fixtures/xlsx/workbook';
import { runCli } from './helpers/cli';
import { makeTempDir, sha256File, sideFilesOf } from './helpers/files';

const tmp = makeTempDir('qar-xlsx-');
const f = (name: string) => join(tmp.dir, name);
const demo = buildDemoExport();
const stored = (id: string, year: number) => demo.values.find((v) => v.indicatorId === id && v.year === year)!.value;

beforeAll(async () => {
  writeExportAsWorkspace(demo, f('学校.qar'));
  const r = runCli(['export', f('学校.qar'), '--out', f('数据.xlsx')]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/^已导出到 .*数据\.xlsx（\d+\.\d KB）。\n$/);
  writeFileSync(f('乱码.xlsx'), randomBytes(3000));
  writeFileSync(f('表格.xlsx'), '指标名称,2024年\n毕业生数,3801\n');
  writeFileSync(f('空.xlsx'), '');
  writeFileSync(
    f('文档.xlsx'),
    await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('工作总结')] }] })),
  );
  copyFileSync(join(import.meta.dirname, 'fixtures', 'xlsx', '加密.xlsx'), f('加密.xlsx'));
});
afterAll(() => tmp.cleanup());

/** A fresh copy of the demo workspace for a test that may write. */
function freshCopy(name: string): string {
  copyFileSync(f('学校.qar'), f(name));
  return f(name);
}

async function changeCount(path: string): Promise<number> {
  const s = await openWorkspace(path, { readonly: true });
  try {
    return s.info().counts.changes;
  } finally {
    s.close();
  }
}

describe('qar export --out .xlsx / qar import .xlsx', () => {
  it('re-importing an unchanged export changes nothing and leaves the file byte-identical', async () => {
    const qar = freshCopy('原样.qar');
    const before = sha256File(qar);
    const r = runCli(['import', f('数据.xlsx'), '--into', qar]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/读取 \d+ 个数值，其中 0 项与工作区不同。/);
    expect(r.stdout).toMatch(/提示：「教学资源表」：生师比.*自动计算的指标/);
    expect(sha256File(qar)).toBe(before);
    expect(await changeCount(qar)).toBe(demo.changes.length);
  });

  it('an edited cell changes exactly that value, logged as an import', async () => {
    const qar = freshCopy('改一格.qar');
    const { bytes } = await editBook(readFileSync(f('数据.xlsx')), [
      { sheet: '教学资源表', id: 'counselors', year: 2024, value: 77 },
    ]);
    writeFileSync(f('改一格.xlsx'), bytes);
    const r = runCli(['import', f('改一格.xlsx'), '--into', qar]);
    expect(r.code, r.stderr).toBe(0);
    const old = stored('counselors', 2024);
    expect(r.stdout).toContain(`教学资源表 · 专职辅导员数（2024年）：${old} → 77 人`);
    expect(r.stdout).toMatch(/修改 1 项（已记入修改记录）。/);
    expect(sideFilesOf(qar)).toEqual([]);

    const s = await openWorkspace(qar, { readonly: true });
    try {
      const log = s.history({ limit: 1 });
      expect(log[0]).toMatchObject({
        year: 2024,
        indicatorId: 'counselors',
        oldValue: old,
        newValue: 77,
        how: 'import',
      });
      expect(s.info().counts.changes).toBe(demo.changes.length + 1);
      const values = s.getWorkspace().values;
      const differing = values.filter((v) => stored(v.indicatorId, v.year) !== v.value);
      expect(differing.map((v) => `${v.indicatorId}|${v.year}|${v.value}`)).toEqual(['counselors|2024|77']);
      expect(values).toHaveLength(demo.values.length);
    } finally {
      s.close();
    }
  });

  it('--dry-run lists what would change and writes nothing', async () => {
    const qar = freshCopy('试运行.qar');
    const before = sha256File(qar);
    const { bytes } = await editBook(readFileSync(f('数据.xlsx')), [
      { sheet: '人才培养质量计分卡', id: 'grad_local_rate', year: 2024, value: '90.76%' },
      { sheet: '落实政策表', id: 'special_funding', year: 2023, value: '1,234.5' },
    ]);
    writeFileSync(f('试运行.xlsx'), bytes);
    const r = runCli(['import', f('试运行.xlsx'), '--into', qar, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('本省去向落实率（2024年）：');
    expect(r.stdout).toContain('→ 90.76%');
    expect(r.stdout).toContain('年财政专项经费（2023年）：');
    expect(r.stdout).toContain('→ 1234.5 万元');
    expect(r.stdout).toMatch(/试运行（未修改文件）：读取 \d+ 个数值，其中 2 项与工作区不同，导入时将修改。/);
    expect(sha256File(qar)).toBe(before);
  });

  it('text in a number cell: the problem names sheet and cell, exit 2, the .qar is unchanged', async () => {
    const qar = freshCopy('有问题.qar');
    const before = sha256File(qar);
    const { bytes, addresses } = await editBook(readFileSync(f('数据.xlsx')), [
      { sheet: '教学资源表', id: 'counselors', year: 2023, value: 88 }, // a good edit that must NOT land either
      { sheet: '教学资源表', id: 'staff_total', year: 2024, value: '约三百' },
    ]);
    writeFileSync(f('有问题.xlsx'), bytes);
    const r = runCli(['import', f('有问题.xlsx'), '--into', qar]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/中有 1 处问题，没有导入任何数据。请改正后重新导入：$/);
    expect(lines[1]).toMatch(new RegExp(`^「教学资源表」${addresses[1]}：「约三百」不是数字`));
    expect(lines).toHaveLength(2);
    expect(r.stdout).not.toMatch(/已从/);
    expect(sha256File(qar)).toBe(before);
    expect(sideFilesOf(qar)).toEqual([]);
  });

  it('many problems: the first 20 are listed, then 「…另有 N 处」', async () => {
    const qar = freshCopy('很多问题.qar');
    const before = sha256File(qar);
    const ids = ['staff_total', 'teachers_fulltime', 'teachers_professional', 'teachers_dual', 'teachers_parttime'];
    const edits = ids.flatMap((id) =>
      [2022, 2023, 2024].map((year) => ({ sheet: '教学资源表', id, year, value: '待补充' as const })),
    );
    const more = [2022, 2023, 2024].flatMap((year) =>
      ['counselors', 'books', 'total_hours'].map((id) => ({ sheet: '教学资源表', id, year, value: 'N/A' as const })),
    );
    const { bytes } = await editBook(readFileSync(f('数据.xlsx')), [...edits, ...more]);
    writeFileSync(f('很多问题.xlsx'), bytes);
    const r = runCli(['import', f('很多问题.xlsx'), '--into', qar]);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/中有 24 处问题/);
    expect(lines.slice(1, 21).every((l) => /^「教学资源表」[D-F]\d+：「(待补充|N\/A)」不是数字/.test(l))).toBe(true);
    expect(lines[21]).toBe('…另有 4 处');
    expect(lines).toHaveLength(22);
    expect(sha256File(qar)).toBe(before);
  });

  it.each([
    ['乱码.xlsx', /不是 Excel 工作簿（\.xlsx）/],
    ['表格.xlsx', /文本（可能是 CSV 文件改了扩展名）/],
    ['文档.xlsx', /这是 Word 文档（\.docx）/],
    ['空.xlsx', /文件是空的/],
    ['加密.xlsx', /设置了打开密码（已加密）/],
    ['不存在.xlsx', /找不到文件「不存在\.xlsx」/],
  ])('%s is refused: exit 2, one Chinese line, the .qar unchanged', (name, text) => {
    const qar = freshCopy(`拒绝-${name}.qar`);
    const before = sha256File(qar);
    const r = runCli(['import', f(name), '--into', qar]);
    expect(r.code, r.stdout).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/[\u4e00-\u9fff]/);
    expect(lines[0]).toMatch(text);
    expect(r.stdout).toBe('');
    expect(sha256File(qar)).toBe(before);
    expect(sideFilesOf(qar)).toEqual([]);
  });

  it.each([
    [['import', 'x.xlsx', '--into', 'y.qar', '--replace'], /不能使用 --replace/],
    [['import', 'x.json', '--into', 'y.qar', '--dry-run'], /--dry-run 只用于导入 Excel/],
    [['import', 'x.csv', '--into', 'y.qar'], /应以 \.json 结尾/],
    [['export', 'a.qar', '--out', 'x.xls'], /应以 \.json 结尾（完整导出）或以 \.xlsx 结尾/],
  ])('strict arguments: %j → exit 2', (args, text) => {
    const r = runCli(args as string[], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(text);
  });

  it('importing into a workspace that does not exist is refused (Excel import never creates one)', () => {
    const r = runCli(['import', f('数据.xlsx'), '--into', f('没有这个.qar')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/找不到文件/);
    expect(existsSync(f('没有这个.qar'))).toBe(false);
  });
});

describe('session functions for the app (导入 Excel / 导出 Excel)', () => {
  it('exportWorkspaceXlsx → edit → importValuesXlsx: dry run plans, a problem blocks, a clean file applies', async () => {
    const s = await openWorkspace(freshCopy('会话.qar'));
    try {
      const book = await exportWorkspaceXlsx(s);
      const good = await editBook(book, [{ sheet: '服务贡献表', id: 'ip_items', year: 2022, value: 123 }]);
      const bad = await editBook(good.bytes, [
        { sheet: '服务贡献表', id: 'patents_granted', year: 2022, value: '若干' },
      ]);

      const dry = await importValuesXlsx(s, good.bytes, { dryRun: true });
      expect(dry.applied).toBeNull();
      expect(dry.planned.map((p) => [p.indicatorId, p.year, p.newValue])).toEqual([['ip_items', 2022, 123]]);

      const refused = await importValuesXlsx(s, bad.bytes);
      expect(refused.applied).toBeNull();
      expect(refused.problems.map((p) => p.cell)).toEqual([bad.addresses[0]]);
      expect(s.info().counts.changes).toBe(demo.changes.length);

      const done = await importValuesXlsx(s, good.bytes);
      expect(done.problems).toEqual([]);
      expect(done.applied).toEqual({ written: 1, logged: 1, derived: [] });
      expect(s.history({ limit: 1 })[0]).toMatchObject({ indicatorId: 'ip_items', newValue: 123, how: 'import' });

      const again = await importValuesXlsx(s, good.bytes);
      expect(again.planned).toEqual([]);
      expect(again.applied).toBeNull();
      expect(s.info().counts.changes).toBe(demo.changes.length + 1);
    } finally {
      s.close();
    }
  });
});
