/**
 * Defect 1 (#14): an intact file that a crash or full disk left with its header ahead of the file (an interrupted
 * WAL checkpoint) must open, with its last edit; only a real truncation is called incomplete, and a backup is
 * named only when one exists. Closing reports a checkpoint it could not complete.
 */
import { closeSync, copyFileSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../core/api/dispatch';
import { createApiHandlers } from '../core/api-handlers';
import { QarError } from '../core/errors';
import { WorkspaceStore } from '../db/store';
import { fakeCtx } from './api-fakes';
import { sha256File } from './helpers/files';
import { fixtureForFile } from './helpers/fixture-file';

const fixture = fixtureForFile();

/**
 * What an interrupted checkpoint leaves: a WAL-mode file whose last transaction (which grew the file) is in the
 * WAL, and whose page 1 the checkpoint had already written — so the header declares more pages than the file has.
 */
function interruptedCheckpoint(name: string): { path: string; marker: number } {
  const src = join(fixture.dir(), `${name}-源.qar`);
  copyFileSync(fixture.path(), src);
  const marker = 4242.5;
  const db = new Database(src);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.transaction(() => {
    db.prepare("UPDATE indicator_values SET value = ? WHERE year = 2024 AND indicator_id = 'students_total'").run(
      marker,
    );
    const ins = db.prepare(
      "INSERT INTO indicator_values (year, indicator_id, value, note, source, updated_at) VALUES (2024, ?, 1, ?, '', '2024-09-01T00:00:00.000Z')",
    );
    for (let i = 0; i < 300; i++) ins.run(`grow_${i}`, '增长'.repeat(200));
  })();
  const crashed = join(fixture.dir(), `${name}.qar`);
  copyFileSync(src, crashed);
  copyFileSync(`${src}-wal`, `${crashed}-wal`);
  // the checkpoint writes page 1 (with the new page count) before the pages it adds: then the power goes
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const page1 = readFileSync(src).subarray(0, readFileSync(src).readUInt16BE(16));
  const fd = openSync(crashed, 'r+');
  writeSync(fd, page1, 0, page1.length, 0);
  closeSync(fd);
  const buf = readFileSync(crashed);
  const declared = buf.readUInt32BE(28) * buf.readUInt16BE(16);
  expect(declared).toBeGreaterThan(statSync(crashed).size);
  return { path: crashed, marker };
}

describe('the header check lets SQLite decide (defect 1)', () => {
  it('an interrupted checkpoint (header ahead of the file, WAL intact) opens read-only with the last edit', async () => {
    const { path, marker } = interruptedCheckpoint('检查点中断-只读');
    const before = sha256File(path);
    const s = await WorkspaceStore.open(path, { readonly: true });
    expect(s.getValues(2024).find((v) => v.indicatorId === 'students_total')?.value).toBe(marker);
    expect(s.getValues(2024).filter((v) => v.indicatorId.startsWith('grow_'))).toHaveLength(300);
    s.close();
    expect(sha256File(path)).toBe(before);
  });

  it('… and read-write: recovered, the last edit present, the file whole and at rest afterwards', async () => {
    const { path, marker } = interruptedCheckpoint('检查点中断-读写');
    const s = await WorkspaceStore.open(path);
    expect(s.opened.recovered).toBe(true);
    expect(s.getValues(2024).find((v) => v.indicatorId === 'students_total')?.value).toBe(marker);
    s.close();
    const buf = readFileSync(path);
    expect(buf.readUInt32BE(28) * buf.readUInt16BE(16)).toBe(buf.length);
    const again = await WorkspaceStore.open(path, { readonly: true });
    expect(again.getValues(2024).filter((v) => v.indicatorId.startsWith('grow_'))).toHaveLength(300);
    again.close();
  });

  it('a real truncation is called incomplete, and no backup is named when none exists', async () => {
    const p = join(fixture.dir(), '下载中断.qar');
    copyFileSync(fixture.path(), p);
    truncateSync(p, Math.floor(statSync(p).size / 2));
    const err = (await WorkspaceStore.open(p).catch((e: unknown) => e)) as QarError;
    expect(err).toBeInstanceOf(QarError);
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toMatch(/不完整（可能复制或下载时中断）/);
    expect(err.message).not.toMatch(/\.bak/);
  });

  it('when a backup exists, the message names that very file', async () => {
    const p = join(fixture.dir(), '有备份.qar');
    copyFileSync(fixture.path(), p);
    copyFileSync(fixture.path(), `${p}.bak-v1-20240901T080000Z`);
    truncateSync(p, Math.floor(statSync(p).size / 2));
    const err = (await WorkspaceStore.open(p, { readonly: true }).catch((e: unknown) => e)) as QarError;
    expect(err.message).toContain('「有备份.qar.bak-v1-20240901T080000Z」');
  });

  it('close reports a checkpoint it could not complete instead of claiming success', async () => {
    const p = join(fixture.dir(), '关闭失败.qar');
    copyFileSync(fixture.path(), p);
    const s = await WorkspaceStore.open(p);
    // another program switches the open file to WAL, writes, and keeps reading: the WAL cannot be folded back
    const other = new Database(p);
    other.pragma('journal_mode = WAL');
    other.prepare("UPDATE profile SET region = '外部修改' WHERE id = 1").run();
    const reader = new Database(p, { readonly: true });
    const it = reader.prepare('SELECT * FROM indicator_values').iterate();
    it.next();
    let err: unknown;
    try {
      s.close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QarError);
    expect((err as QarError).message).toMatch(/未能把全部修改写回文件本身/);
    it.return?.();
    reader.close();
    other.close();
  });

  it('… and workspace.close through the API answers with that error, not 「done」', async () => {
    const p = join(fixture.dir(), '关闭失败-接口.qar');
    copyFileSync(fixture.path(), p);
    const handlers = createApiHandlers(fakeCtx());
    expect((await dispatch(handlers, 'workspace.open', { path: p })).ok).toBe(true);
    const other = new Database(p);
    other.pragma('journal_mode = WAL');
    other.prepare("UPDATE profile SET region = '外部修改' WHERE id = 1").run();
    const reader = new Database(p, { readonly: true });
    const rows = reader.prepare('SELECT * FROM indicator_values').iterate();
    rows.next();
    const r = await dispatch(handlers, 'workspace.close', {});
    rows.return?.();
    reader.close();
    other.close();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/未能把全部修改写回文件本身/);
    // nothing is open any more: the next call says so, it does not act on a half-closed file
    expect((await dispatch(handlers, 'workspace.get', {})).ok).toBe(false);
  });
});
