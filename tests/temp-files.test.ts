/**
 * Defect 8 (#14), the temp-file half: temp files never follow a planted symlink (exclusive create, random names),
 * and leftovers of ours — temp files of dead writers, partial backups — are removed on open and close, while
 * anything we cannot prove is ours (a live writer's temp, a link, another file's temp) is left alone.
 */
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../core/api/dispatch';
import { createApiHandlers } from '../core/api-handlers';
import { HOST_TAG } from '../core/fs/temp-names';
import { WorkspaceStore } from '../db/store';
import { fakeCtx } from './api-fakes';
import { makeTempDir } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

/** A pid above Linux's largest (2^22): never a running process. */
const DEAD_PID = 99_999_999;

describe('temp files never follow a planted symlink (defect 8)', () => {
  it('JSON and Excel export and 另存为 write their own files; a link planted at the old temp name is not followed', async () => {
    const qar = join(tmp.dir, '学校.qar');
    (await buildFixtureWorkspace(qar)).close();
    const outside = join(tmp.dir, '别人的文件.txt');
    writeFileSync(outside, '不能被改写');
    const handlers = createApiHandlers(fakeCtx());
    expect((await dispatch(handlers, 'workspace.open', { path: qar })).ok).toBe(true);
    const outs = { 'export.json': '导出.json', 'xlsx.export': '导出.xlsx', 'workspace.saveAs': '副本.qar' } as const;
    for (const [method, name] of Object.entries(outs)) {
      const target = join(tmp.dir, name);
      // the name earlier versions wrote to: `${target}.tmp-${pid}`
      symlinkSync(outside, `${target}.tmp-${process.pid}`);
      const r = await dispatch(handlers, method as keyof typeof outs, { path: target } as never);
      expect(r.ok, `${method}: ${JSON.stringify(r)}`).toBe(true);
      expect(readFileSync(outside, 'utf8')).toBe('不能被改写');
      expect(statSync(target).size).toBeGreaterThan(100);
    }
    await dispatch(handlers, 'workspace.close', {});
  });
});

describe('leftovers are cleaned, only ours (defect 8)', () => {
  it('on a read-write open and on close: dead writers’ temps and partial backups go, the rest stays', async () => {
    const qar = join(tmp.dir, '学校.qar');
    (await buildFixtureWorkspace(qar)).close();
    const put = (name: string, bytes = 'x', ageMs = 0) => {
      const p = join(tmp.dir, name);
      writeFileSync(p, bytes);
      if (ageMs) utimesSync(p, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
      return name;
    };
    const day = 24 * 3600 * 1000;
    const gone = [
      put(`.学校.qar.tmp-${HOST_TAG}-${DEAD_PID}-abcdef01`),
      put(`.学校.qar.tmp-${HOST_TAG}-${DEAD_PID}-abcdef01-journal`),
      put(`.学校.qar.tmp-deadbeef-${DEAD_PID}-abcdef03`, 'x', 2 * day),
      put(`学校.qar.tmp-${DEAD_PID}`, 'x', 3600 * 1000),
    ];
    const partial = '学校.qar.bak-v1-20240101T000000Z';
    copyFileSync(qar, join(tmp.dir, partial));
    truncateSync(join(tmp.dir, partial), Math.floor(statSync(qar).size / 3));
    gone.push(partial);
    const complete = '学校.qar.bak-v1-20240102T000000Z';
    copyFileSync(qar, join(tmp.dir, complete));
    const outside = join(tmp.dir, '外面.txt');
    writeFileSync(outside, '不动');
    symlinkSync(outside, join(tmp.dir, `.学校.qar.tmp-${HOST_TAG}-${DEAD_PID}-abcdef02`));
    const kept = [
      complete,
      '外面.txt',
      `.学校.qar.tmp-${HOST_TAG}-${DEAD_PID}-abcdef02`, // a link: not provably ours
      put(`.学校.qar.tmp-${HOST_TAG}-1-abcdef04`), // pid 1 runs
      put(`.学校.qar.tmp-deadbeef-${DEAD_PID}-abcdef05`), // another computer's, fresh
      put(`.学校.qar.tmp-${DEAD_PID}-abcdef09`), // an earlier version's, written a moment ago (maybe elsewhere)
      put(`.别的.qar.tmp-${HOST_TAG}-${DEAD_PID}-abcdef01`), // another file's
    ];

    const s = await WorkspaceStore.open(qar);
    const listing = readdirSync(tmp.dir);
    for (const g of gone) expect(listing, g).not.toContain(g);
    for (const k of kept) expect(listing, k).toContain(k);
    expect(readFileSync(outside, 'utf8')).toBe('不动');

    // a crash of another writer while we have the file open: cleaned when we close
    const late = put(`.学校.qar.tmp-${HOST_TAG}-${DEAD_PID}-abcdef06`);
    s.close();
    expect(existsSync(join(tmp.dir, late))).toBe(false);
    expect(existsSync(join(tmp.dir, '学校.qar.lock'))).toBe(false);
  });

  it('a journal a crash left before writing its header (not “hot”, so SQLite ignores it) is removed on open', async () => {
    const qar = join(tmp.dir, '学校.qar');
    (await buildFixtureWorkspace(qar)).close();
    writeFileSync(`${qar}-journal`, Buffer.alloc(4096));
    const ro = await WorkspaceStore.open(qar, { readonly: true });
    expect(ro.getProfile().name).toBe('测试职业技术学院');
    ro.close();
    expect(existsSync(`${qar}-journal`)).toBe(true); // read-only: left alone
    const s = await WorkspaceStore.open(qar);
    expect(existsSync(`${qar}-journal`)).toBe(false);
    s.close();
    expect(readdirSync(tmp.dir)).toEqual(['学校.qar']);
  });

  it('a read-only open removes nothing (a reviewer does not tidy a school’s folder)', async () => {
    const qar = join(tmp.dir, '学校.qar');
    (await buildFixtureWorkspace(qar)).close();
    const stale = `.学校.qar.tmp-${HOST_TAG}-${DEAD_PID}-abcdef01`;
    writeFileSync(join(tmp.dir, stale), 'x');
    const s = await WorkspaceStore.open(qar, { readonly: true });
    s.close();
    expect(existsSync(join(tmp.dir, stale))).toBe(true);
  });
});
