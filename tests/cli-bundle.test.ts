/**
 * The bundled `qar` (out/cli, built by scripts/cli-bundle.mjs, run by bin/qar.mjs and `npm run qar`) gives the
 * same output and exit codes as the sources run through tsx; and a bundle older than any of its sources is
 * noticed (and so rebuilt before it could run).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precheckedFramework } from '../core/framework/prechecked';
import { frameworksDir } from '../core/framework/registry';
import { writeExportAsWorkspace } from '../core/service';
import { BUNDLE, ensureCliBundle, ROOT, staleReason } from '../scripts/cli-bundle.mjs';
import { plantedDefects } from './fixtures/validate/planted';
import { asExport } from './fixtures/validate/workspace';
import { type CliResult, runCli } from './helpers/cli';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-bundle-');
const f = (name: string) => join(tmp.dir, name);

function runBundle(args: string[], entry = BUNDLE, env: NodeJS.ProcessEnv = process.env): CliResult {
  const r = spawnSync(process.execPath, [entry, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  await ensureCliBundle();
  // the shipped frameworks plus the planted-defects test framework, found through QAR_TEMPLATES_DIR (inherited)
  const fwDir = join(tmp.dir, 'templates', 'frameworks');
  mkdirSync(fwDir, { recursive: true });
  for (const name of readdirSync(frameworksDir()).filter((n) => n.endsWith('.json')))
    copyFileSync(join(frameworksDir(), name), join(fwDir, name));
  copyFileSync(new URL('./fixtures/validate/framework.json', import.meta.url), join(fwDir, 'test-gz-2024.json'));
  process.env.QAR_TEMPLATES_DIR = join(tmp.dir, 'templates');
  const demo = runCli(['demo', '--out', f('示例学校.qar')]);
  expect(demo.code, demo.stderr).toBe(0);
  writeExportAsWorkspace(asExport(plantedDefects()), f('问题学校.qar'));
});
afterAll(() => {
  delete process.env.QAR_TEMPLATES_DIR;
  tmp.cleanup();
});

describe('bundled qar', () => {
  it('is up to date with its sources after ensureCliBundle', () => {
    expect(staleReason()).toBeNull();
  });

  it.each([
    ['info', 0, () => ['info', f('示例学校.qar')]],
    ['info --json', 0, () => ['info', f('示例学校.qar'), '--json']],
    ['validate (no errors)', 0, () => ['validate', f('示例学校.qar')]],
    ['validate --json (errors)', 1, () => ['validate', f('问题学校.qar'), '--json']],
    ['validate of a missing file', 2, () => ['validate', f('没有这个文件.qar')]],
  ])('%s: exit %i, and the same stdout, stderr and exit code as tsx core/cli.ts', (_label, code, args) => {
    const fromSource = runCli(args());
    expect(fromSource.code, fromSource.stderr).toBe(code);
    expect(fromSource.stdout + fromSource.stderr).not.toBe('');
    expect(runBundle(args())).toEqual(fromSource);
  });

  it('bin/qar.mjs runs the bundle with the arguments it is given', () => {
    const r = runBundle(['validate', f('问题学校.qar')], join(ROOT, 'bin/qar.mjs'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('【错误】');
    expect(r.stderr).toBe('');
  });

  it('writes a review workbook without printing English notices from the libraries it bundles', () => {
    // exceljs's zip writer calls new Buffer(): bundled, Node printed its DEP0005 deprecation warning to the user
    const r = runBundle(['review', f('示例学校.qar'), '--out', f('审阅.xlsx')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(statSync(f('审阅.xlsx')).size).toBeGreaterThan(1000);
  });

  it("keeps V8's compiled code beside its cache folder, and runs the same when that folder cannot be made", () => {
    const cache = f('cache');
    const first = runBundle(['info', f('示例学校.qar')], BUNDLE, { ...process.env, QAR_CACHE_DIR: cache });
    expect(first.code, first.stderr).toBe(0);
    // the info command's own chunk is among what was compiled and kept
    expect(readdirSync(`${cache}.code`, { recursive: true }).length).toBeGreaterThan(3);
    const again = runBundle(['info', f('示例学校.qar')], BUNDLE, { ...process.env, QAR_CACHE_DIR: cache });
    expect(again).toEqual(first);
    // a cache folder under a file cannot exist: the command runs as before and says nothing about it
    writeFileSync(f('not-a-folder'), '');
    const blocked = runBundle(['info', f('示例学校.qar')], BUNDLE, {
      ...process.env,
      QAR_CACHE_DIR: join(f('not-a-folder'), 'cache'),
    });
    expect(blocked).toEqual(first);
  });

  it('ships its frameworks checked (templates/checked), used for a validation that reads the same as the checked sources', () => {
    // every shipped framework has its entry, made from the very files shipped beside the bundle
    const bundled = join(dirname(BUNDLE), 'templates', 'frameworks');
    const ids = readdirSync(bundled)
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length));
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) expect(precheckedFramework(bundled, id), id).toBeDefined();
    expect(readdirSync(join(dirname(BUNDLE), 'templates', 'checked')).sort()).toEqual(
      ids.map((i) => `${i}.json`).sort(),
    );
    // with no QAR_TEMPLATES_DIR the bundle finds its own frameworks, and so its entries; tsx checks the sources
    const env = { QAR_TEMPLATES_DIR: '' };
    for (const args of [
      ['validate', f('示例学校.qar'), '--json'],
      ['info', f('示例学校.qar')],
    ]) {
      const fromSource = runCli(args, { env });
      expect(fromSource.code, fromSource.stderr).toBe(0);
      expect(runBundle(args, BUNDLE, { ...process.env, ...env })).toEqual(fromSource);
    }
  });

  /** `rel` made newer than the bundle: staleReason names it; its time put back, the bundle is current again. */
  function expectStaleWhenNewer(rel: string, reason: RegExp): void {
    const p = join(ROOT, rel);
    const st = statSync(p);
    const later = new Date(Date.now() + 60_000);
    try {
      utimesSync(p, later, later);
      expect(staleReason()).toMatch(reason);
    } finally {
      utimesSync(p, st.atime, st.mtime);
    }
    expect(staleReason()).toBeNull();
  }

  it('a source newer than the bundle makes it stale', () => {
    expectStaleWhenNewer('core/cli/info.ts', /core\/cli\/info\.ts/);
  });

  it('an install (npm rewrites node_modules/.package-lock.json) makes it stale', () => {
    expectStaleWhenNewer('node_modules/.package-lock.json', /node_modules\/\.package-lock\.json/);
  });
});
