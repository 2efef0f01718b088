import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import { latestSchemaVersion, QAR_APPLICATION_ID } from '../db/migrate';
import { readHeader } from '../db/open';
import { WorkspaceStore } from '../db/store';
import { makeTempDir, sha256File, sideFilesOf } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

const tmp = makeTempDir();
let good: string;

beforeAll(async () => {
  good = join(tmp.dir, '好文件.qar');
  (await buildFixtureWorkspace(good)).close();
});
afterAll(() => tmp.cleanup());

async function expectRefused(path: string, code: string, text: RegExp, readonly = false): Promise<void> {
  const before = sha256File(path);
  const err = await WorkspaceStore.open(path, { readonly }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(QarError);
  expect((err as QarError).code).toBe(code);
  expect((err as QarError).message).toMatch(text);
  expect((err as QarError).message).toMatch(/[\u4e00-\u9fff]/);
  expect(sha256File(path)).toBe(before);
  expect(sideFilesOf(path)).toEqual([]);
}

describe('opening a .qar', () => {
  it('a cleanly closed file is at rest: one self-contained file stamped as ours', () => {
    expect(sideFilesOf(good)).toEqual([]);
    const h = readHeader(good);
    expect(h.applicationId).toBe(QAR_APPLICATION_ID);
    expect(h.userVersion).toBe(latestSchemaVersion());
  });

  it('read-only open reads everything, writes nothing, creates no side files', async () => {
    const before = sha256File(good);
    const s = await WorkspaceStore.open(good, { readonly: true });
    expect(s.getProfile().name).toBe('测试职业技术学院');
    expect(sideFilesOf(good)).toEqual([]);
    expect(() => s.setValues([{ year: 2024, indicatorId: 'x_y', value: 1 }], 'manual')).toThrow(/只读/);
    try {
      s.putYear({ year: 2030 });
      expect.unreachable();
    } catch (e) {
      expect((e as QarError).code).toBe('READ_ONLY');
    }
    s.close();
    expect(sha256File(good)).toBe(before);
    expect(sideFilesOf(good)).toEqual([]);
  });

  it('random bytes → CORRUPT, untouched', async () => {
    const p = join(tmp.dir, '乱码.qar');
    writeFileSync(p, randomBytes(8192));
    await expectRefused(p, 'CORRUPT', /无法打开/);
    await expectRefused(p, 'CORRUPT', /无法打开/, true);
  });

  it('empty file → CORRUPT', async () => {
    const p = join(tmp.dir, '空.qar');
    writeFileSync(p, '');
    await expectRefused(p, 'CORRUPT', /空文件/);
  });

  it('a real .qar cut in half → CORRUPT (incomplete), untouched', async () => {
    const p = join(tmp.dir, '截断.qar');
    copyFileSync(good, p);
    const size = readFileSync(p).length;
    truncateSync(p, Math.floor(size / 2));
    await expectRefused(p, 'CORRUPT', /不完整/);
    await expectRefused(p, 'CORRUPT', /不完整/, true);
  });

  it('a page-aligned truncation with a stale header size still fails (integrity or header)', async () => {
    const p = join(tmp.dir, '截断2.qar');
    copyFileSync(good, p);
    const pageSize = readFileSync(p).readUInt16BE(16);
    const size = readFileSync(p).length;
    truncateSync(p, size - pageSize * 2);
    await expectRefused(p, 'CORRUPT', /无法打开/);
  });

  it('damaged pages inside a complete file → CORRUPT via the integrity check', async () => {
    const p = join(tmp.dir, '坏页.qar');
    copyFileSync(good, p);
    const buf = readFileSync(p);
    const pageSize = buf.readUInt16BE(16);
    // scribble over the b-tree pages after the first (header page stays valid)
    for (let page = 1; page < buf.length / pageSize; page += 2) {
      randomBytes(64).copy(buf, page * pageSize);
    }
    writeFileSync(p, buf);
    await expectRefused(p, 'CORRUPT', /无法打开/);
  });

  it('a SQLite file of another program → FOREIGN, untouched', async () => {
    const p = join(tmp.dir, '别人的.qar');
    const db = new Database(p);
    db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x')");
    db.close();
    await expectRefused(p, 'FOREIGN', /不是质量年报工作台文件/);
    await expectRefused(p, 'FOREIGN', /不是质量年报工作台文件/, true);
  });

  it('a file from a newer version → NEWER with both versions named, untouched', async () => {
    const p = join(tmp.dir, '新版本.qar');
    copyFileSync(good, p);
    const db = new Database(p);
    db.pragma('user_version = 99');
    db.close();
    const latest = latestSchemaVersion();
    await expectRefused(
      p,
      'NEWER',
      new RegExp(`该文件由更新版本的质量年报工作台创建（结构版本 99，本程序支持 ${latest}），请升级程序后再打开`),
    );
    await expectRefused(p, 'NEWER', /请升级程序/, true);
  });

  it('a missing file → NOT_FOUND', async () => {
    await expect(WorkspaceStore.open(join(tmp.dir, '没有.qar'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
