/**
 * Defect 11 (#14): two programs editing one file. The first holds the write lock (db/lock.ts); a second writer is
 * refused with who holds it (the API opens read-only and says so), the CLI exits 2 naming the holder, a holder
 * killed with SIGKILL leaves no lock behind, a hand-over of a file being edited elsewhere is flagged, and a window
 * is told when another program changed its file.
 */
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ApiEventPayload } from '../core/api';
import { dispatch } from '../core/api/dispatch';
import { createApiHandlers, SessionSlot } from '../core/api-handlers';
import { QarError } from '../core/errors';
import { watchOutsideChanges } from '../core/host/outside-change';
import { openWorkspace } from '../core/service';
import { lockPathOf, readLockHolder } from '../db/lock';
import { WorkspaceStore } from '../db/store';
import { fakeCtx } from './api-fakes';
import { editBook } from './fixtures/xlsx/workbook';
import { spawnHelper } from './helpers/child';
import { runCli } from './helpers/cli';
import { sha256File } from './helpers/files';
import { fixtureForFile } from './helpers/fixture-file';

const fixture = fixtureForFile('学校.qar');
const copy = (name: string) => fixture.copy(name);

/** Waits until `check` holds (no fixed sleeps: the machine may be loaded). */
async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('one writer at a time (defect 11)', () => {
  it('a second writer is refused with the holder named; the API opens read-only and says who', async () => {
    const p = copy('两处编辑.qar');
    const holder = spawnHelper('lock-holder.ts', [p]);
    const pid = Number(/HELD (\d+)/.exec(await holder.waitFor(/HELD \d+/))![1]);
    try {
      const err = (await WorkspaceStore.open(p).catch((e: unknown) => e)) as QarError;
      expect(err).toBeInstanceOf(QarError);
      expect(err.code).toBe('LOCKED');
      expect(err.message).toContain(`测试用编辑程序（进程 ${pid}`);
      expect(err.message).toMatch(/同一时间只能有一处修改它/);
      expect(readLockHolder(p)).toMatchObject({ pid, app: '测试用编辑程序' });

      const ctx = fakeCtx();
      const handlers = createApiHandlers(ctx);
      const r = await dispatch(handlers, 'workspace.open', { path: p });
      expect(r.ok).toBe(true);
      if (r.ok) {
        const info = r.data as { readonly: boolean; notice?: string };
        expect(info.readonly).toBe(true);
        expect(info.notice).toMatch(/正由.*测试用编辑程序.*编辑，已以只读方式打开/);
      }
      expect(ctx.events.find((e) => e.event === 'workspace.notice')?.payload).toMatchObject({ kind: 'locked' });
      // an edit through the API is refused, not silently made on a stale copy
      const edit = await dispatch(handlers, 'values.set', {
        changes: [{ year: 2024, indicatorId: 'students_total', value: 1 }],
        how: 'manual',
      });
      expect(edit.ok).toBe(false);
      // exporting it is a hand-over of a file being edited elsewhere: said so
      const exp = await dispatch(handlers, 'export.json', { path: join(fixture.dir(), '交出去.json') });
      expect(exp.ok).toBe(true);
      expect(
        ctx.events.find((e) => e.event === 'workspace.notice' && (e.payload as { kind: string }).kind === 'hand-over'),
      ).toBeTruthy();
      await dispatch(handlers, 'workspace.close', {});
    } finally {
      holder.proc.stdin.write('close\n');
      await holder.exited;
    }
    expect(existsSync(lockPathOf(p))).toBe(false);
    (await WorkspaceStore.open(p)).close();
  });

  it('the CLI writing into a locked file: exit 2, one line naming the holder, the file unchanged; export says who', async () => {
    const p = copy('命令行.qar');
    const x = join(fixture.dir(), '命令行.xlsx');
    expect(runCli(['export', p, '--out', x]).code).toBe(0);
    const { bytes } = await editBook(readFileSync(x), [
      { sheet: '教学资源表', id: 'counselors', year: 2024, value: 77 },
    ]);
    writeFileSync(x, bytes);
    const holder = spawnHelper('lock-holder.ts', [p]);
    await holder.waitFor(/HELD \d+/);
    try {
      const before = sha256File(p);
      const r = runCli(['import', x, '--into', p]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^「命令行\.qar」正由.*测试用编辑程序.*编辑/);
      expect(sha256File(p)).toBe(before);
      const e = runCli(['export', p, '--out', join(fixture.dir(), '命令行导出.json')]);
      expect(e.code).toBe(0);
      expect(e.stdout).toMatch(/^提示：「命令行\.qar」正由.*测试用编辑程序.*编辑，导出或复制的是它此刻已保存的内容/);
    } finally {
      holder.proc.stdin.write('close\n');
      await holder.exited;
    }
  });

  it('a holder killed with SIGKILL leaves no lock: the next writer takes it at once, and removes the file on close', async () => {
    const p = copy('被杀.qar');
    const holder = spawnHelper('lock-holder.ts', [p]);
    await holder.waitFor(/HELD \d+/);
    holder.proc.kill('SIGKILL');
    await holder.exited;
    expect(existsSync(lockPathOf(p))).toBe(true); // the file stays, but nobody holds it
    expect(readLockHolder(p)).toBeNull();
    const s = await WorkspaceStore.open(p);
    expect(s.opened.lock?.holder.pid).toBe(process.pid);
    s.close();
    expect(existsSync(lockPathOf(p))).toBe(false);
  });

  it('a lock file that is a symlink is refused, not followed', async () => {
    const p = copy('链接锁.qar');
    const outside = join(fixture.dir(), '外部.txt');
    writeFileSync(outside, '不动');
    symlinkSync(outside, lockPathOf(p));
    await expect(WorkspaceStore.open(p)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(readFileSync(outside, 'utf8')).toBe('不动');
  });
});

describe('outside changes are told to the window (defect 11)', () => {
  it('a read-only window is told when the CLI changed its file; a read-write one when another program wrote', async () => {
    const p = copy('外部修改.qar');
    const events: ApiEventPayload<'workspace.notice'>[] = [];
    const slot = new SessionSlot();
    const stop = watchOutsideChanges(
      slot,
      (event, payload) => {
        if (event === 'workspace.notice') events.push(payload as ApiEventPayload<'workspace.notice'>);
      },
      50,
    );
    try {
      slot.replace(await openWorkspace(p, { readonly: true }));
      // another program (here a second session, like the CLI) saves into the file
      const other = await openWorkspace(p);
      other.setValues([{ year: 2024, indicatorId: 'students_total', value: 7777 }], 'manual');
      other.close();
      await until(() => events.some((e) => e.kind === 'outside-change'), 'the outside-change notice');
      expect(events[0]!.text).toMatch(/已被其他程序修改，已重新载入/);

      // a read-write window: our own saves are not reported, a foreign writer's are
      slot.replace(await openWorkspace(p));
      const n = events.length;
      slot.current!.setValues([{ year: 2024, indicatorId: 'students_total', value: 8888 }], 'manual');
      const raw = new Database(p);
      await new Promise((r) => setTimeout(r, 200)); // several polls with only our own save: no notice
      expect(events.length).toBe(n);
      raw.prepare("UPDATE profile SET region = '别处' WHERE id = 1").run();
      raw.close();
      await until(() => events.length > n, 'the notice for a foreign write');
      expect(events.at(-1)!.text).toMatch(/刚被其他程序修改过/);
    } finally {
      stop();
      slot.close();
    }
  });
});

describe('the same window opening its own file again', () => {
  it('stays the writer (its own lock does not make it read-only)', async () => {
    const p = copy('再次打开.qar');
    const handlers = createApiHandlers(fakeCtx());
    expect((await dispatch(handlers, 'workspace.open', { path: p })).ok).toBe(true);
    const again = await dispatch(handlers, 'workspace.open', { path: p });
    expect(again.ok && (again.data as { readonly: boolean }).readonly).toBe(false);
    await dispatch(handlers, 'workspace.close', {});
    expect(existsSync(lockPathOf(p))).toBe(false);
  });
});
