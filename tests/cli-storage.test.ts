import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestSchemaVersion } from '../db/migrate';
import { runCli } from './helpers/cli';
import { makeTempDir, sha256File, sideFilesOf } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

const tmp = makeTempDir();
const f = (name: string) => join(tmp.dir, name);

beforeAll(async () => {
  (await buildFixtureWorkspace(f('学校.qar'))).close();
  writeFileSync(f('乱码.qar'), randomBytes(10000));
  copyFileSync(f('学校.qar'), f('截断.qar'));
  truncateSync(f('截断.qar'), Math.floor(readFileSync(f('学校.qar')).length / 2));
  const foreign = new Database(f('别人的.qar'));
  foreign.exec('CREATE TABLE t (x)');
  foreign.close();
  copyFileSync(f('学校.qar'), f('新版本.qar'));
  const newer = new Database(f('新版本.qar'));
  newer.pragma(`user_version = ${latestSchemaVersion() + 5}`);
  newer.close();
  writeFileSync(f('不是json.json'), '这不是 JSON');
  writeFileSync(f('形状不对.json'), JSON.stringify({ format: 'qar-workspace', formatVersion: 1, values: 3 }));
});
afterAll(() => tmp.cleanup());

/** Exit 2, exactly one Chinese line on stderr, nothing on stdout. */
function expectUnusable(args: string[], text: RegExp): void {
  const r = runCli(args, { cwd: tmp.dir });
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/[\u4e00-\u9fff]/);
  expect(lines[0]).toMatch(text);
  expect(r.stdout).toBe('');
}

describe('qar info / export / import', () => {
  it('info prints a Chinese summary', () => {
    const r = runCli(['info', f('学校.qar')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('学校：测试职业技术学院（高职，工科类，重庆市）');
    // the framework by its title, as `qar new` names it, not by its id (cn-2024-gaozhi means nothing to a school)
    expect(r.stdout).toContain('指标体系：《职业教育质量年度报告指标框架（2024年度·高等职业学校）》（版本 2024.1）\n');
    expect(r.stdout).not.toContain('cn-2024-gaozhi');
    expect(r.stdout).toContain('数据年度：2022年、2023年、2024年');
    expect(r.stdout).toMatch(/图片：2 张；批注：2 条/);
    // never the number itself: migrations are added by other work (PROTOCOL: latestSchemaVersion())
    const v = latestSchemaVersion();
    expect(r.stdout).toContain(`文件结构版本：${v}（本程序支持 ${v}）`);
    expect(sideFilesOf(f('学校.qar'))).toEqual([]);
  });

  it("info names a 2026年度 workspace's framework (an edition of the 2024 one) by its own title and version", () => {
    const made = runCli([
      'new',
      '--out',
      f('2026.qar'),
      '--name',
      '某某职业技术学院',
      '--level',
      '高职',
      '--year',
      '2026',
    ]);
    expect(made.code, made.stderr).toBe(0);
    const r = runCli(['info', f('2026.qar')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('指标体系：《职业教育质量年度报告指标框架（2026年度·高等职业学校）》（版本 2026.1）\n');
    // the same words `qar new` used for it
    expect(made.stdout).toContain('《职业教育质量年度报告指标框架（2026年度·高等职业学校）》（版本 2026.1）');
    // --json keeps the id for scripts, and adds the title
    const json = JSON.parse(runCli(['info', f('2026.qar'), '--json']).stdout) as {
      framework: { id: string; version: string };
      frameworkHeading?: { title: string; edition: string; version: string };
    };
    expect(json.framework).toEqual({ id: 'cn-2026-gaozhi', version: '2026.1' });
    expect(json.frameworkHeading).toEqual({
      title: '职业教育质量年度报告指标框架（2026年度·高等职业学校）',
      edition: '2026年度',
      version: '2026.1',
    });
  });

  it('export → import → export through the CLI is byte-identical', () => {
    expect(runCli(['export', f('学校.qar'), '--out', f('一.json')]).code).toBe(0);
    const imp = runCli(['import', f('一.json'), '--into', f('还原.qar')]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stdout).toMatch(/已导入到/);
    expect(runCli(['export', f('还原.qar'), `--out=${f('二.json')}`]).code).toBe(0);
    expect(readFileSync(f('二.json'), 'utf8')).toBe(readFileSync(f('一.json'), 'utf8'));
  });

  it('import never overwrites without --replace; with it, it does', () => {
    const before = sha256File(f('学校.qar'));
    expectUnusable(['import', f('一.json'), '--into', f('学校.qar')], /已存在.*--replace/);
    expect(sha256File(f('学校.qar'))).toBe(before);
    expect(runCli(['import', f('一.json'), '--into', f('还原.qar'), '--replace']).code).toBe(0);
  });

  it.each([
    ['乱码.qar', /无法打开/],
    ['截断.qar', /不完整/],
    ['别人的.qar', /不是质量年报工作台文件/],
    [
      '新版本.qar',
      new RegExp(`结构版本 ${latestSchemaVersion() + 5}，本程序支持 ${latestSchemaVersion()}.*请升级程序`),
    ],
    ['不存在.qar', /找不到文件/],
  ])('unusable workspace %s: exit 2, one Chinese line, file unchanged', (name, text) => {
    const p = f(name);
    const before = existsSync(p) ? sha256File(p) : '';
    expectUnusable(['info', p], text);
    expectUnusable(['export', p, '--out', f('x.json')], text);
    expect(existsSync(f('x.json'))).toBe(false);
    if (before) expect(sha256File(p)).toBe(before);
    expect(sideFilesOf(p)).toEqual([]);
  });

  it.each([
    ['不是json.json', /不是有效的 JSON/],
    ['形状不对.json', /「(profile|values)」/],
    ['不存在.json', /找不到文件/],
  ])('unusable import %s: exit 2 and no target written', (name, text) => {
    expectUnusable(['import', f(name), '--into', f('目标.qar')], text);
    expect(existsSync(f('目标.qar'))).toBe(false);
  });

  it('a truncated export is refused', () => {
    const text = readFileSync(f('一.json'), 'utf8');
    writeFileSync(f('半截.json'), text.slice(0, Math.floor(text.length / 2)));
    expectUnusable(['import', f('半截.json'), '--into', f('目标.qar')], /不是有效的 JSON/);
    expect(existsSync(f('目标.qar'))).toBe(false);
  });

  it.each([
    [['info'], /缺少工作区文件/],
    [['info', 'a.qar', 'b.qar'], /多余的参数「b\.qar」/],
    [['info', 'a.qar', '--verbose'], /不认识的选项「--verbose」/],
    [['export', 'a.qar'], /缺少选项「--out」/],
    [['export', 'a.qar', '--out'], /--out」后面缺少值/],
    [['export', 'a.qar', '--out', 'x.txt'], /应以 \.json 结尾/],
    [['import', 'x.json', '--into', 'y.qar', '--into', 'z.qar'], /重复/],
    [['import', 'x.json', '--into', 'y.db'], /应以 \.qar 结尾/],
    [['demo', '--out', 'x.json'], /应以 \.qar 结尾/],
    [['frobnicate'], /未知命令「frobnicate」/],
  ])('strict arguments: %j → exit 2', (args, text) => {
    expectUnusable(args as string[], text);
  });
});

describe('help', () => {
  // a user who asks how is told, on stdout with exit 0 (before: 「不认识的选项「--help」」, exit 2)
  it.each(['info', 'report', 'review', 'framework', 'comments'])('qar %s --help prints its usage', (name) => {
    for (const flag of ['--help', '-h']) {
      const r = runCli([name, flag]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^\\S.*。\\n用法：(\\n {2})?qar ${name} `));
      expect(r.stdout).not.toMatch(/参数有误/);
    }
  });

  it('qar --help lists every command with what it does', () => {
    const r = runCli(['--help']);
    expect(r.code, r.stderr).toBe(0);
    for (const name of ['demo', 'info', 'report', 'review', 'district', 'validate', 'selfcheck', 'framework'])
      expect(r.stdout).toMatch(new RegExp(`^ {2}${name} +\\p{Script=Han}`, 'mu'));
    expect(r.stdout).toContain('qar <命令> --help');
  });

  it('--help among other arguments is still a mistake, named as such', () => {
    const r = runCli(['info', 'a.qar', '--help']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/不认识的选项「--help」。用法：qar info/);
  });
});

describe('qar demo', () => {
  it('writes the demo school, refuses to overwrite it, and round-trips losslessly', async () => {
    const { buildDemoExport } = await import('../seeds/demo/index');
    const demo = buildDemoExport();
    const r = runCli(['demo', '--out', f('示例学校.qar')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(demo.profile.name);
    expect(sideFilesOf(f('示例学校.qar'))).toEqual([]);

    const info = runCli(['info', f('示例学校.qar'), '--json']);
    expect(info.code, info.stderr).toBe(0);
    const summary = JSON.parse(info.stdout) as { counts: Record<string, number> };
    expect(summary.counts).toMatchObject({
      values: demo.values.length,
      blocks: demo.blocks.length,
      assets: demo.assets.length,
      comments: demo.comments.length,
      changes: demo.changes.length,
    });

    const before = sha256File(f('示例学校.qar'));
    expectUnusable(['demo', '--out', f('示例学校.qar')], /已存在/);
    expect(sha256File(f('示例学校.qar'))).toBe(before);

    expect(runCli(['export', f('示例学校.qar'), '--out', f('示例一.json')]).code).toBe(0);
    expect(runCli(['import', f('示例一.json'), '--into', f('示例二.qar')]).code).toBe(0);
    expect(runCli(['export', f('示例二.qar'), '--out', f('示例二.json')]).code).toBe(0);
    expect(readFileSync(f('示例二.json'), 'utf8')).toBe(readFileSync(f('示例一.json'), 'utf8'));
    // every image survives byte for byte
    const exported = JSON.parse(readFileSync(f('示例一.json'), 'utf8')) as { assetData: Record<string, string> };
    expect(exported.assetData).toEqual(demo.assetData);
  });
});

describe('qar demo FILE', () => {
  it('takes the file as its positional, as the other commands take theirs, or as --out; never both, never neither', () => {
    const r = runCli(['demo', f('位置参数.qar')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`已生成示例学校：${f('位置参数.qar')}`);
    expect(sideFilesOf(f('位置参数.qar'))).toEqual([]);
    expect(runCli(['info', f('位置参数.qar')]).code).toBe(0);
    const before = sha256File(f('位置参数.qar'));
    expectUnusable(['demo', f('位置参数.qar')], /已存在/);
    expectUnusable(['demo', f('位置参数.qar'), '--out', f('另一个.qar')], /输出文件给了两次.*只给一个。用法：qar demo/);
    expect(existsSync(f('另一个.qar'))).toBe(false);
    expectUnusable(['demo'], /^参数有误：缺少输出文件。用法：qar demo 示例学校\.qar/);
    expectUnusable(['demo', f('一.qar'), f('二.qar')], /多余的参数「.*二\.qar」/);
    expectUnusable(['demo', f('位置参数.txt')], /应以 \.qar 结尾/);
    expect(sha256File(f('位置参数.qar'))).toBe(before);
    expect(runCli(['demo', f('位置参数.qar'), '--replace']).code).toBe(0);
  });
});

describe('sizes on the last line', () => {
  it('are in KB below 1 MB and in MB from there', async () => {
    const { fileSizeText } = await import('../core/cli/file-size');
    expect(fileSizeText(45_000)).toBe('43.9 KB');
    expect(fileSizeText(1024 * 1024 - 1)).toBe('1024.0 KB');
    expect(fileSizeText(1024 * 1024)).toBe('1.0 MB');
    expect(fileSizeText(734_003)).not.toMatch(/^0\.\d MB/);
  });
});
