/**
 * The write lock of a workspace: one writer at a time, and everyone else can be told who it is.
 *
 * The lock is a sidecar file `NAME.qar.lock`, itself a tiny SQLite database holding one row that names the holder
 * (user, computer, process, program, since when). The holder keeps a write transaction open on it (SQLite's
 * RESERVED lock, an OS byte-range lock) for as long as the workspace is open. Why this and not a plain JSON lock
 * file with a pid: the operating system drops the lock the moment the holder dies (kill -9, power cut, crash),
 * so a stale lock is recognised exactly — no guessing from process ids (which get reused) or heartbeats — and the
 * same works across processes and, where the file share supports byte-range locks, across computers. The row is
 * only a label; whether the lock is held is what the OS says. A row in the .qar itself was rejected: writing it
 * would change the file on every open, and a crashed holder's row would travel with a copied file.
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, rmSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { basename } from 'node:path';
import type Database from 'better-sqlite3';
import { QarError } from '../core/errors';
import { connect, sqliteCode } from './connect';

export interface LockHolder {
  user: string;
  host: string;
  pid: number;
  app: string;
  /** ISO time the lock was taken */
  since: string;
}

export interface WriteLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** drops the lock and removes the lock file; safe to call twice */
  release(): void;
}

export type LockAttempt = { ok: true; lock: WriteLock } | { ok: false; heldBy: LockHolder | null };

/** A read-write open refused because someone else holds the write lock; says who (null: could not be read). */
export class LockedError extends QarError {
  constructor(
    message: string,
    readonly holder: LockHolder | null,
  ) {
    super('LOCKED', message);
  }
}

const HOLDER_TABLE = `CREATE TABLE IF NOT EXISTS holder (
  id INTEGER PRIMARY KEY CHECK (id = 1), user TEXT NOT NULL, host TEXT NOT NULL, pid INTEGER NOT NULL,
  app TEXT NOT NULL, since TEXT NOT NULL, nonce TEXT NOT NULL) STRICT`;
/** how long a would-be writer waits for the lock: long enough to ride out another process merely probing it */
const ACQUIRE_WAIT_MS = 300;

let defaultApp = '质量年报工作台';
/** Names the program in lock files this process takes (e.g. 「qar 命令行」 in the CLI). */
export function setLockAppName(name: string): void {
  defaultApp = name;
}

export function lockPathOf(qarPath: string): string {
  return `${qarPath}.lock`;
}

function whoAmI(app: string): LockHolder {
  let user = '';
  try {
    user = userInfo().username;
  } catch {
    // no user name on this system (some containers): leave it empty
  }
  return { user, host: hostname(), pid: process.pid, app, since: new Date().toISOString() };
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const isBusy = (e: unknown) => /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(e));

/** A lock file that is a symlink or not a regular file is not ours: refuse rather than follow it. */
function checkNotLink(lockPath: string): void {
  try {
    const st = lstatSync(lockPath);
    if (!st.isFile()) {
      throw new QarError(
        'BAD_INPUT',
        `「${basename(lockPath)}」不是本程序的锁文件（可能是链接或文件夹），请删除它后再打开工作区。`,
      );
    }
  } catch (e) {
    if (e instanceof QarError) throw e;
    // absent: fine, it will be created
  }
}

type HolderRow = LockHolder & { nonce: string };

function readRow(db: Database.Database): HolderRow | null {
  try {
    const r = db.prepare('SELECT user, host, pid, app, since, nonce FROM holder WHERE id = 1').get() as
      | HolderRow
      | undefined;
    return r ?? null;
  } catch {
    return null; // the holder has not written its row yet, or the file is not a lock file
  }
}

/** The holder row as others see it (committed); retried briefly while a fresh holder is still writing it. */
function readHolderOf(db: Database.Database): LockHolder | null {
  for (let i = 0; i < 5; i++) {
    const r = readRow(db);
    if (r) {
      const { nonce: _n, ...holder } = r;
      return holder;
    }
    sleep(20);
  }
  return null;
}

function nonceAt(lockPath: string): string | null {
  try {
    const db = connect(lockPath, { readonly: true, timeout: ACQUIRE_WAIT_MS });
    try {
      return readRow(db)?.nonce ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

/** One try on an open connection to the lock file: the lock, 'busy' (someone holds it) or 'retry'. */
function tryHold(db: Database.Database, lockPath: string, app: string): WriteLock | 'busy' | 'retry' {
  const begin = (): boolean => {
    try {
      db.exec('BEGIN IMMEDIATE');
      return true;
    } catch (e) {
      if (!isBusy(e)) throw e;
      return false;
    }
  };
  if (!begin()) return 'busy';
  db.exec(HOLDER_TABLE);
  const holder = whoAmI(app);
  const nonce = randomBytes(8).toString('hex');
  db.prepare('INSERT OR REPLACE INTO holder (id, user, host, pid, app, since, nonce) VALUES (1, ?, ?, ?, ?, ?, ?)').run(
    holder.user,
    holder.host,
    holder.pid,
    holder.app,
    holder.since,
    nonce,
  );
  // committed so that others can read who holds it, then held again at once
  db.exec('COMMIT');
  if (!begin()) return 'retry'; // someone took it in between: the next round reports them
  // the path must still name the file we hold (a previous holder may have removed it while we waited)
  if (nonceAt(lockPath) !== nonce) return 'retry';
  return makeLock(db, lockPath, holder);
}

/**
 * Takes the write lock of `qarPath`, or says who holds it. Throws only when the lock file cannot be made at all
 * (e.g. a read-only folder: the caller then cannot write the workspace either).
 */
export function acquireWriteLock(qarPath: string, app = defaultApp): LockAttempt {
  const lockPath = lockPathOf(qarPath);
  for (let attempt = 0; attempt < 6; attempt++) {
    checkNotLink(lockPath);
    const db = connect(lockPath, { create: true, timeout: ACQUIRE_WAIT_MS });
    let handedOver = false;
    try {
      const r = tryHold(db, lockPath, app);
      if (r === 'busy') return { ok: false, heldBy: readHolderOf(db) };
      if (r === 'retry') continue;
      handedOver = true;
      return { ok: true, lock: r };
    } finally {
      if (!handedOver) {
        if (db.inTransaction) db.exec('ROLLBACK');
        db.close();
      }
    }
  }
  return { ok: false, heldBy: null };
}

function makeLock(db: Database.Database, lockPath: string, holder: LockHolder): WriteLock {
  let released = false;
  return {
    path: lockPath,
    holder,
    release() {
      if (released) return;
      released = true;
      // POSIX: unlink while still holding it, so a waiter that opened the old file sees its check fail and retries.
      // Windows refuses to delete an open file: delete after closing instead.
      let removed = false;
      try {
        rmSync(lockPath);
        removed = true;
      } catch {
        // Windows, or already gone
      }
      try {
        if (db.inTransaction) db.exec('ROLLBACK');
      } finally {
        db.close();
      }
      if (!removed) {
        try {
          rmSync(lockPath);
        } catch {
          // another process has it open (and may hold it now): it is theirs
        }
      }
    },
  };
}

/** Who holds the write lock of `qarPath` now, or null when nobody does (no lock file, or its holder has gone). */
export function readLockHolder(qarPath: string): LockHolder | null {
  const lockPath = lockPathOf(qarPath);
  try {
    if (!lstatSync(lockPath).isFile()) return null;
  } catch {
    return null;
  }
  let db: Database.Database | undefined;
  try {
    db = connect(lockPath, { timeout: 0 });
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
      return null; // nobody holds it: a stale file left by a crash
    } catch (e) {
      if (!isBusy(e)) return null;
      return readHolderOf(db) ?? { user: '', host: '', pid: 0, app: '另一程序', since: '' };
    }
  } catch {
    return null;
  } finally {
    db?.close();
  }
}

/** 「用户“张三”在电脑“PC-01”上用质量年报工作台（进程 1234，2024年9月17日 10:32 起）」 */
export function describeHolder(h: LockHolder): string {
  const who = h.user ? `用户“${h.user}”` : '';
  const where = h.host ? `在电脑“${h.host}”上` : '';
  const since = h.since ? `，${shortTime(h.since)}起` : '';
  const pid = h.pid ? `（进程 ${h.pid}${since}）` : '';
  return `${who}${where}用${h.app || '另一程序'}${pid}`;
}

function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const hh = String(d.getHours()).padStart(2, '0');
  const mm = String(d.getMinutes()).padStart(2, '0');
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 ${hh}:${mm} `;
}
