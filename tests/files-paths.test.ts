/**
 * #14.8 (importer side): review folders do not follow *.qar links that point outside the chosen folder (nor open
 * FIFOs or folders named *.qar); comments import is ONE transaction (all or nothing); JSON and comments files
 * saved with a UTF-8 BOM (as Windows Notepad does) are accepted everywhere a user file is parsed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../core/api/dispatch';
import { createApiHandlers, SessionSlot } from '../core/api-handlers';
import { getFramework } from '../core/framework/registry';
import {
  addReviewComment,
  commentsFileJson,
  createReviewFile,
  exportSchoolComments,
  importComments,
  parseCommentsFile,
  upsertSchool,
} from '../core/review/comments';
import { expandInputs, loadForReview } from '../core/review/load';
import { importJsonFile, openWorkspace } from '../core/service';
import { readSmallTextFile } from '../core/small-file';
import { exportToJson } from '../core/workspace-io';
import { fakeCtx } from './api-fakes';
import { SPECS } from './fixtures/review/district-set';
import { writeSchool } from './fixtures/review/schools';
import { runCli } from './helpers/cli';
import { makeTempDir, sha256File } from './helpers/files';

const BOM = '\uFEFF';
const tmp = makeTempDir('qar-files-paths-');
let school: string;
let outside: string;
let folder: string;
const clock = {
  now: () => '2025-02-01T09:00:00.000Z',
  newId: (() => {
    let i = 0;
    return () => `c-${++i}`;
  })(),
};

beforeAll(() => {
  folder = join(tmp.dir, '本区学校');
  mkdirSync(folder);
  school = writeSchool(folder, '甲.qar', SPECS.A, getFramework('cn-2024-gaozhi'));
  const secret = join(tmp.dir, '别处');
  mkdirSync(secret);
  outside = writeSchool(secret, '外校.qar', SPECS.B, getFramework('cn-2024-gaozhi'));
});
afterAll(() => tmp.cleanup());

function commentsFor(n: number): string {
  let rf = createReviewFile({ reviewer: '区审阅组', ...clock });
  rf = upsertSchool(rf, { name: SPECS.A.name, code: 'A001', level: '高职' }, {}, clock);
  for (let i = 0; i < n; i++) {
    rf = addReviewComment(rf, 'A001', { target: { type: 'workspace' }, body: `第${i + 1}条意见` }, clock).file;
  }
  return commentsFileJson(exportSchoolComments(rf, 'A001', clock));
}

describe('review folders and links', () => {
  it('a *.qar link in the chosen folder that points outside it is skipped, not opened', async () => {
    const d = join(tmp.dir, '带链接');
    mkdirSync(d);
    writeSchool(d, '乙.qar', SPECS.A, getFramework('cn-2024-gaozhi'));
    symlinkSync(outside, join(d, '丙-链接.qar'));
    const loaded = await loadForReview(expandInputs([d]));
    const byName = Object.fromEntries(loaded.map((l) => [l.file.path.split('/').pop(), l]));
    expect(byName['乙.qar']?.file.status).toBe('reviewed');
    const link = byName['丙-链接.qar'];
    expect(link?.file.status).toBe('skipped');
    expect(link?.file.reason).toMatch(/文件夹之外/);
    expect(link?.ws).toBeUndefined();
  });

  it('a link to a file inside the same folder is still read', async () => {
    const d = join(tmp.dir, '内部链接');
    mkdirSync(d);
    const real = writeSchool(d, '丁.qar', SPECS.A, getFramework('cn-2024-gaozhi'));
    symlinkSync(real, join(d, '丁-副本.qar'));
    const loaded = await loadForReview(expandInputs([d]));
    expect(loaded.map((l) => l.file.status)).toEqual(['reviewed', 'reviewed']);
  });

  it('a FIFO or a folder named *.qar is skipped without blocking', async () => {
    const d = join(tmp.dir, '怪文件');
    mkdirSync(d);
    execFileSync('mkfifo', [join(d, '管道.qar')]);
    mkdirSync(join(d, '目录.qar'));
    const loaded = await loadForReview(expandInputs([d]));
    expect(loaded.map((l) => l.file.status)).toEqual(['skipped', 'skipped']);
    for (const l of loaded) expect(l.file.reason).toMatch(/不是普通文件/);
  });

  it('the CLI names the skipped link', () => {
    const d = join(tmp.dir, 'cli链接');
    mkdirSync(d);
    writeSchool(d, '乙.qar', SPECS.A, getFramework('cn-2024-gaozhi'));
    symlinkSync(outside, join(d, '外-链接.qar'));
    const r = runCli(['review', d, '--out', join(tmp.dir, '汇总.xlsx')]);
    expect(r.code).toBe(0);
    expect(r.stderr + r.stdout).toMatch(/外-链接\.qar[^\n]*文件夹之外/);
  });
});

describe('comments import is all or nothing', () => {
  it('a failure on the third comment leaves the workspace exactly as it was', async () => {
    const cf = parseCommentsFile(commentsFor(5));
    const before = sha256File(school);
    const s = await openWorkspace(school);
    const count = s.listComments().length;
    const real = s.addComment.bind(s);
    let calls = 0;
    s.addComment = (input) => {
      if (++calls === 3) throw new Error('磁盘已满（模拟）');
      return real(input);
    };
    try {
      expect(() => importComments(cf, s.getWorkspace().profile, s)).toThrow(/模拟/);
      expect(s.listComments()).toHaveLength(count);
    } finally {
      s.close();
    }
    const again = await openWorkspace(school, { readonly: true });
    expect(again.listComments()).toHaveLength(count);
    again.close();
    expect(before).toBeTruthy();
  });
});

describe('UTF-8 BOM (Notepad) is accepted', () => {
  it('readSmallTextFile strips it', () => {
    const p = join(tmp.dir, 'bom.json');
    writeFileSync(p, `${BOM}{"a":1}`);
    expect(readSmallTextFile(p, 1024, '审核意见')).toBe('{"a":1}');
  });

  it('comments import (API and CLI) reads a comments file with a BOM', async () => {
    const p = join(tmp.dir, '批注-bom.json');
    writeFileSync(p, BOM + commentsFor(2));
    const slot = new SessionSlot();
    const handlers = createApiHandlers(fakeCtx(), slot);
    slot.replace(await openWorkspace(school));
    const r = await dispatch(handlers, 'comments.import', { path: p });
    slot.close();
    expect(r).toMatchObject({ ok: true });
    const cli = runCli(['comments', 'import', p, '--into', school]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
  });

  it('JSON import reads an export saved with a BOM', async () => {
    const s = await openWorkspace(school, { readonly: true });
    const json = exportToJson(s.exportData());
    s.close();
    const p = join(tmp.dir, '导出-bom.json');
    writeFileSync(p, BOM + json);
    await importJsonFile(p, join(tmp.dir, '还原.qar'));
    const cli = runCli(['import', p, '--into', join(tmp.dir, '还原-cli.qar')]);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(readFileSync(p, 'utf8').startsWith(BOM)).toBe(true);
  });

  it('a review file with a BOM is read by the CLI', () => {
    const p = join(tmp.dir, '审阅-bom.json');
    let rf = createReviewFile({ reviewer: '区审阅组', ...clock });
    rf = upsertSchool(rf, { name: SPECS.A.name, code: 'A001', level: '高职' }, {}, clock);
    writeFileSync(p, `${BOM}${JSON.stringify(rf, null, 2)}\n`);
    const r = runCli(['comments', 'list', p]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
