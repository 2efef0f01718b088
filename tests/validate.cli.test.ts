/** `qar validate` end to end: real .qar files, a child process, exit codes 0/1/2, human and --json output. */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameworksDir } from '../core/framework/registry';
import { writeExportAsWorkspace } from '../core/service';
import { validateWorkspace } from '../core/validate/engine';
import { plantedDefects } from './fixtures/validate/planted';
import { asExport, loadTestFramework } from './fixtures/validate/workspace';
import { runCli } from './helpers/cli';
import { makeTempDir, sha256File, sideFilesOf } from './helpers/files';

const tmp = makeTempDir('qar-validate-');
const f = (name: string) => join(tmp.dir, name);

beforeAll(() => {
  // The shipped frameworks plus the test framework, found through QAR_TEMPLATES_DIR (inherited by the child).
  const fwDir = join(tmp.dir, 'templates', 'frameworks');
  mkdirSync(fwDir, { recursive: true });
  const shipped = frameworksDir();
  for (const name of readdirSync(shipped).filter((n) => n.endsWith('.json'))) {
    copyFileSync(join(shipped, name), join(fwDir, name));
  }
  copyFileSync(new URL('./fixtures/validate/framework.json', import.meta.url), join(fwDir, 'test-gz-2024.json'));
  process.env.QAR_TEMPLATES_DIR = join(tmp.dir, 'templates');

  writeExportAsWorkspace(asExport(plantedDefects()), f('问题学校.qar'));
  writeFileSync(f('乱码.qar'), 'not a database at all, just text'.repeat(10));
  const demo = runCli(['demo', '--out', f('示例学校.qar')]);
  expect(demo.code, demo.stderr).toBe(0);
});
afterAll(() => {
  delete process.env.QAR_TEMPLATES_DIR;
  tmp.cleanup();
});

function expectUnusable(args: string[], text: RegExp): void {
  const r = runCli(args);
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(text);
  expect(r.stdout).toBe('');
}

describe('qar validate', () => {
  it('exit 0 for the demo school (no errors), with a Chinese summary', () => {
    const before = sha256File(f('示例学校.qar'));
    const r = runCli(['validate', f('示例学校.qar')]);
    expect(r.code, r.stderr).toBe(0);
    // the appendix prints 2023 beside 2024: the check covers both years
    expect(r.stdout).toMatch(
      /^重庆示例职业技术学院 2024年度校验结果（含附表所印2023年数据）：错误 0 项，警告 0 项，提示 \d+ 项。/,
    );
    expect(r.stdout).not.toContain('【错误】');
    // read-only: the file is untouched and leaves no side files
    expect(sha256File(f('示例学校.qar'))).toBe(before);
    expect(sideFilesOf(f('示例学校.qar'))).toEqual([]);
  });

  it('exit 1 when errors are found; findings grouped 错误/警告/提示 with location, citation and hint', () => {
    const r = runCli(['validate', f('问题学校.qar')]);
    expect(r.code, r.stderr).toBe(1);
    const out = r.stdout;
    const at = (s: string) => out.indexOf(s);
    expect(at('【错误】')).toBeGreaterThan(0);
    expect(at('【警告】')).toBeGreaterThan(at('【错误】'));
    expect(at('【提示】')).toBeGreaterThan(at('【警告】'));
    expect(out).toContain('教学资源表 · 生师比（2024年）');
    expect(out).toContain('2024年生师比为 19.00:1，高于国家标准 18.00:1');
    // the citation a user reads names the document and the place in it, never a seed file
    expect(out).toContain('依据：《普通高等学校基本办学条件指标（试行）》（教发〔2004〕2号）表一\n');
    expect(out).not.toMatch(/\.txt|\.md|§/);
    expect(out).toContain('人才培养 › 就业质量 › 第 1 块（段落）');
    expect(out).toMatch(/建议：/);
    expect(out).toContain('（目标进度）');
    expect(out).toContain('（待核实）');
  });

  it('--json prints exactly { findings, summary }, the same findings as the engine', () => {
    const r = runCli(['validate', f('问题学校.qar'), '--json']);
    expect(r.code, r.stderr).toBe(1);
    const parsed = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['findings', 'summary']);
    const findings = parsed.findings as Record<string, unknown>[];
    for (const x of findings) {
      for (const k of ['ruleId', 'severity', 'message', 'location', 'citation', 'hint']) expect(x).toHaveProperty(k);
    }
    const expected = validateWorkspace(plantedDefects(), loadTestFramework());
    expect(parsed.summary).toEqual(expected.summary);
    expect(findings.map((x) => [x.ruleId, x.key])).toEqual(expected.findings.map((x) => [x.ruleId, x.key]));
  });

  it('--year picks another year of the workspace', () => {
    const r = runCli(['validate', f('问题学校.qar'), '--year', '2023', '--json']);
    const parsed = JSON.parse(r.stdout) as { findings: { location: { year?: number } }[] };
    expect(parsed.findings.length).toBeGreaterThan(0);
    for (const x of parsed.findings) if (x.location.year !== undefined) expect(x.location.year).toBe(2023);
  });

  it('exit 2 with one Chinese line for unusable input', () => {
    expectUnusable(['validate', f('没有这个文件.qar')], /找不到文件/);
    expectUnusable(['validate', f('乱码.qar')], /无法打开/);
    expectUnusable(['validate', f('问题学校.qar'), '--year', '二〇二四'], /年度「二〇二四」应为/);
    expectUnusable(['validate', f('问题学校.qar'), '--year', '1999'], /2000～2100/);
    expectUnusable(['validate', f('问题学校.qar'), '--year', '2019'], /工作区中没有 2019 年度/);
    expectUnusable(['validate', f('问题学校.qar'), '--fix'], /不认识的选项/);
    expectUnusable(['validate'], /缺少工作区文件/);
  });
});
