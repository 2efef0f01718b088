/**
 * Opening a .qar file safely.
 *
 * Order matters. Everything that can refuse a file — not SQLite, foreign, newer, a schema we did not write,
 * failing the integrity check — is decided before anything is written, on a read-only connection or, when a crash
 * left a journal to roll back, on a recovered temporary copy; a refused file is never touched. A read-write open
 * first takes the write lock (db/lock.ts), then opens the file, backs it up before a migration (nothing changes
 * before the backup is complete) and migrates.
 *
 * Journal mode: the rollback journal with synchronous=FULL, always (docs/architecture.md, 「日志模式」). Every
 * acknowledged save is in the .qar itself, so copying the file alone at any moment between saves gives a complete
 * workspace, and a read-only open never creates side files. Files of earlier versions that are still in WAL mode
 * are switched back on their first read-write open, after the migration backup.
 */
import { copyFileSync, existsSync, lstatSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import { QarError } from '../core/errors';
import { diskFullError, isDiskFull } from '../core/fs/disk-errors';
import { cleanLeftoverTemps } from '../core/fs/leftovers';
import { HOST_TAG, pidAlive } from '../core/fs/temp-names';
import { cleanPartialBackups, existingBackups, writeMigrationBackup } from './backups';
import { connect, sqliteCode } from './connect';
import { fileLabel, type HeaderFacts, hasSideFiles, looksTruncated, readHeader as readRawHeader } from './header';
import { acquireWriteLock, describeHolder, LockedError, type LockHolder, readLockHolder, type WriteLock } from './lock';
import { applyMigrations, latestSchemaVersion, QAR_APPLICATION_ID, userVersion } from './migrate';
import { verifySchema } from './schema-check';

export { BUSY_TIMEOUT_MS } from './connect';

/**
 * How thoroughly a file is checked on open: 'full' runs PRAGMA integrity_check (every page, every index entry
 * against its row), 'quick' runs quick_check (pages and structure, no index cross-check; several times faster).
 * 'read' (a read-only whole-workspace read: the district review, `qar report`) runs the full integrity_check on
 * every table except those in NOT_CHECKED_ON_READ: everything it reads, indexes included, is checked as by 'full';
 * what it skips is the image bytes, which are most of a school's file and most of the check (about half: 1.8 → 0.9
 * ms a file, issue #16), and history it does not read. A reader that does read image bytes on such an open reads
 * them through WorkspaceSession.checkedAssets (core/service.ts), which checks each against its recorded sha256.
 */
export type CheckLevel = 'full' | 'quick' | 'read';

/**
 * Tables a 'read' open does not check, and why that is safe for a caller that reads the workspace (db/store.ts
 * getWorkspace) and nothing else: assets is read by a plain table scan (its id index, which could disagree with
 * the rows, is not used; the metadata columns pass the storage layer's schema check row by row) and its image
 * bytes, in overflow pages, are either not read or read through checkedAssets (above); the history tables are not
 * read at all. A corrupt page met while reading still fails the read
 * (SQLITE_CORRUPT, reported as 已损坏).
 */
const NOT_CHECKED_ON_READ = new Set(['assets', 'change_log', 'edit_log', 'snapshots', 'asset_archive']);

/** The integrity check of `check`'s level: SQLite's report, 'ok' when nothing is wrong. */
function integrityReport(db: Database.Database, check: CheckLevel): unknown {
  if (check !== 'read') return db.pragma(check === 'full' ? 'integrity_check(1)' : 'quick_check(1)', { simple: true });
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]).filter(
    (t) => !NOT_CHECKED_ON_READ.has(t),
  );
  if (tables.length === 0) return 'ok';
  // one statement for all the tables (the pragma's table-valued form, the same check as PRAGMA integrity_check(t)
  // per table): each pragma was a statement prepared of its own, and 14 of them took 0.70 ms a file where this takes
  // 0.34 (300 review fixtures; a review of 1 000 schools opens 1 000 files). The names come from sqlite_schema of a
  // schema verifySchema has just accepted as ours.
  const sql = tables.map((t) => `SELECT * FROM pragma_integrity_check('${t.replace(/'/g, "''")}')`).join(' UNION ALL ');
  const rows = db.prepare(sql).pluck().all();
  return rows.find((r) => r !== 'ok') ?? 'ok';
}

export interface OpenedDb {
  db: Database.Database;
  /** the file the user opened */
  path: string;
  readonly: boolean;
  /** schema version of the file as found on disk, before any migration */
  foundVersion: number;
  /** schema version of the open connection */
  schemaVersion: number;
  /** backup written before migrating (read-write opens of older files) */
  backupPath?: string;
  /** read-only opens that could not read the file in place (older schema, a crash to recover) read a temporary
   *  copy instead; it and its folder are deleted on close */
  tempCopyPath?: string;
  /** read-write opens hold the write lock until closed */
  lock?: WriteLock;
  /** read-only opens: who held the write lock when the file was opened (null: nobody) */
  lockedBy?: LockHolder | null;
  /** a crash had left a journal to roll back (or a WAL to replay); the open recovered the last saved state */
  recovered?: boolean;
}

export interface OpenOptions {
  readonly?: boolean;
  /** integrity check on open; default 'full' */
  check?: CheckLevel;
  /** names the program in the write lock (default: setLockAppName / 质量年报工作台) */
  app?: string;
}

function corrupt(path: string, why: string, cause?: unknown): QarError {
  const backups = existingBackups(path);
  const advice =
    backups.length > 0
      ? `同一文件夹中有该文件的备份「${backups[0]}」，可以改用它；或向文件提供者重新索取。`
      : '请向文件提供者重新索取，或改用你自己保存的副本。';
  return new QarError('CORRUPT', `${fileLabel(path)}${why}，无法打开。${advice}`, { cause });
}

/** Reads the header (db/header.ts); what is certainly not a database is refused here. */
export function readHeader(path: string): HeaderFacts {
  return readRawHeader(path, (why) => corrupt(path, why));
}

function refuseForeignOrNewer(path: string, facts: { userVersion: number; applicationId: number }): void {
  if (facts.applicationId !== QAR_APPLICATION_ID) {
    throw new QarError(
      'FOREIGN',
      `${fileLabel(path)}是一个数据库文件，但不是质量年报工作台文件（.qar），请选择由本程序创建或导出的工作区文件。`,
    );
  }
  const latest = latestSchemaVersion();
  if (facts.userVersion > latest) {
    throw new QarError(
      'NEWER',
      `该文件由更新版本的质量年报工作台创建（结构版本 ${facts.userVersion}，本程序支持 ${latest}），请升级程序后再打开。文件未做任何改动。`,
    );
  }
}

/**
 * A SQLite error met while opening/reading, as a Chinese QarError. A damaged file is called incomplete only when
 * its header says it was cut off; a full disk is a full disk.
 */
export function sqliteProblem(path: string, e: unknown, header?: HeaderFacts): QarError {
  if (e instanceof QarError) return e;
  const code = sqliteCode(e);
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return new QarError('CONFLICT', `${fileLabel(path)}正被其他程序占用，请关闭其他程序后重试。`, { cause: e });
  }
  if (isDiskFull(e)) return diskFullError(path, e);
  if (/^SQLITE_(CANTOPEN|PERM|READONLY|AUTH)/.test(code) || code === 'EACCES' || code === 'EPERM') {
    return new QarError('BAD_INPUT', `无法读写${fileLabel(path)}，请检查文件权限或改存到其他文件夹。`, { cause: e });
  }
  return corrupt(path, header && looksTruncated(header) ? '不完整（可能复制或下载时中断）' : '已损坏', e);
}

/** Everything that may refuse a file, on a connection that has not written it: facts, schema, integrity. */
function inspectConnection(db: Database.Database, path: string, header: HeaderFacts, check: CheckLevel): number {
  // an uncheckpointed WAL may hold newer pragmas than the main file's header
  const facts = {
    userVersion: userVersion(db),
    applicationId: db.pragma('application_id', { simple: true }) as number,
  };
  refuseForeignOrNewer(path, facts);
  verifySchema(db, facts.userVersion, fileLabel(path));
  const result = integrityReport(db, check);
  if (result !== 'ok') throw checkFailed(path, result, looksTruncated(header));
  return facts.userVersion;
}

/** The error for a file whose integrity check reported `result` (not 'ok'). */
export function checkFailed(path: string, result: unknown, truncated = false): QarError {
  // SQLite's report ("*** in database main ***\nTree 3 page 3: btreeInitPage() …") is English and means nothing
  // to a school or a reviewer: the message says what it means, the report stays in the cause for a diagnosis
  const report = String(result).replace(/\s+/g, ' ').slice(0, 200);
  return corrupt(
    path,
    truncated ? '不完整（可能复制或下载时中断）' : '未通过完整性检查（文件内部的数据结构已损坏）',
    new Error(`SQLite integrity_check: ${report}`),
  );
}

// ------------------------------------------------------------------------------------------------ temp copies

const RO_TEMP_PREFIX = `qar-ro-${HOST_TAG}-`;

/** Temp folders of read-only opens whose process has gone (a crash): removed, never followed through a link. */
function cleanStaleReadOnlyCopies(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(RO_TEMP_PREFIX)) continue;
    const pid = Number(n.slice(RO_TEMP_PREFIX.length).split('-')[0]);
    if (pid === process.pid || pidAlive(pid)) continue;
    const p = join(tmpdir(), n);
    try {
      if (lstatSync(p).isDirectory()) rmSync(p, { recursive: true, force: true });
    } catch {
      // not ours to remove
    }
  }
}

function makeTempFolder(): string {
  cleanStaleReadOnlyCopies();
  return mkdtempSync(join(tmpdir(), `${RO_TEMP_PREFIX}${process.pid}-`));
}

/**
 * A private copy of `path` with its journal/WAL, recovered by SQLite (the hot journal rolled back, the WAL folded
 * in) and left as a self-contained rollback-journal file. The original is not written.
 */
function recoveredCopy(path: string, dir: string): string {
  const copy = join(dir, basename(path));
  copyFileSync(path, copy);
  for (const s of ['-journal', '-wal']) if (existsSync(`${path}${s}`)) copyFileSync(`${path}${s}`, `${copy}${s}`);
  const db = connect(copy);
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get(); // the first read recovers
    if (db.pragma('journal_mode', { simple: true }) !== 'delete') db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  return copy;
}

// ------------------------------------------------------------------------------------------------ opening

function lockedError(path: string, holder: LockHolder | null): LockedError {
  const who = holder ? describeHolder(holder) : '另一程序';
  return new LockedError(
    `${fileLabel(path)}正由${who}编辑。同一时间只能有一处修改它：请在那里关闭文件后重试，或以只读方式打开。文件未做任何改动。`,
    holder,
  );
}

function configureReadWrite(db: Database.Database): void {
  db.pragma('foreign_keys = ON');
}

/** Rollback journal + synchronous=FULL: a save returns only when it is in the .qar itself (see top of file). */
function makeDurable(path: string, db: Database.Database): void {
  if (db.pragma('journal_mode', { simple: true }) !== 'delete') {
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') {
      throw new QarError('CONFLICT', `${fileLabel(path)}正被其他程序使用，请关闭其他程序后重试。`);
    }
  }
  db.pragma('synchronous = FULL');
}

/** Opens an existing .qar: read-write (locked; migrating after a backup) or read-only (never writing the file). */
export async function openDatabase(path: string, opts: OpenOptions = {}): Promise<OpenedDb> {
  const header = readHeader(path);
  refuseForeignOrNewer(path, header);
  if (opts.readonly) return openReadOnly(path, header, opts.check ?? 'full');

  const attempt = acquireWriteLock(path, opts.app);
  if (!attempt.ok) throw lockedError(path, attempt.heldBy);
  const lock = attempt.lock;
  let db: Database.Database | undefined;
  try {
    const recovering = hasSideFiles(path);
    let found: number;
    if (recovering || header.wal) {
      // decide on a recovered copy first: if the file is refused, the original stays as it was (a read-only
      // connection to a WAL-mode file would create -wal/-shm files beside it)
      const dir = makeTempFolder();
      try {
        const copy = connect(recoveredCopy(path, dir), { readonly: true });
        try {
          found = inspectConnection(copy, path, header, opts.check ?? 'full');
        } finally {
          copy.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } else {
      const ro = connect(path, { readonly: true });
      try {
        found = inspectConnection(ro, path, header, opts.check ?? 'full');
      } finally {
        ro.close();
      }
    }
    db = connect(path);
    // the file's schema once more, on the connection that will run our statements
    verifySchema(db, userVersion(db), fileLabel(path));
    configureReadWrite(db);
    const latest = latestSchemaVersion();
    let backupPath: string | undefined;
    // nothing may change before the backup is complete: not even the journal mode (a header byte)
    if (found < latest) backupPath = await writeMigrationBackup(db, path, found);
    makeDurable(path, db);
    if (found < latest) migrate(db, path, backupPath);
    discardStaleSideFiles(db, path);
    cleanLeftovers(path);
    return {
      db,
      path,
      readonly: false,
      foundVersion: found,
      schemaVersion: userVersion(db),
      backupPath,
      lock,
      recovered: recovering,
    };
  } catch (e) {
    db?.close();
    lock.release();
    throw sqliteProblem(path, e, header);
  }
}

function migrate(db: Database.Database, path: string, backupPath: string | undefined): void {
  try {
    applyMigrations(db);
  } catch (e) {
    if (isDiskFull(e)) {
      const bak = backupPath ? `备份「${basename(backupPath)}」已写好，` : '';
      throw diskFullError(path, e, `${bak}文件仍是升级前的版本，内容未变。`);
    }
    throw e;
  }
}

/**
 * A journal a crash left that SQLite does not need (its header was never written, so it is not "hot" and SQLite
 * leaves it alone), or the -shm of a WAL that is gone: removed while we hold SQLite's write lock, which proves no
 * other connection is writing with them. A hot journal has been rolled back by the first read already.
 */
function discardStaleSideFiles(db: Database.Database, path: string): void {
  const stale = ['-journal', '-wal', '-shm'].map((s) => `${path}${s}`).filter((p) => existsSync(p));
  if (stale.length === 0) return;
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch {
    return; // someone else is writing: the files may be theirs
  }
  try {
    if (db.pragma('journal_mode', { simple: true }) === 'delete') for (const p of stale) rmSync(p, { force: true });
  } finally {
    db.exec('ROLLBACK');
  }
}

/** Our own leftovers beside a workspace: temp files of dead writers, partial backups of earlier versions. */
function cleanLeftovers(path: string): void {
  cleanLeftoverTemps(path);
  cleanPartialBackups(path);
}

/**
 * Read-only: the file is never written, and nothing is created beside it. It is read in place when it can be;
 * an older-schema file, a WAL-mode file of an earlier version, or one a crash left with a journal to roll back
 * is copied to a private temp folder, recovered and migrated there, and the copy is read instead.
 */
async function openReadOnly(path: string, header: HeaderFacts, check: CheckLevel): Promise<OpenedDb> {
  const latest = latestSchemaVersion();
  const lockedBy = readLockHolder(path);
  // with a live writer, its journal is its own business (SQLite waits for it); without one, it needs recovery
  const recovering = !lockedBy && hasSideFiles(path);
  if (!recovering && !header.wal && header.userVersion === latest) {
    let db: Database.Database | undefined;
    try {
      db = connect(path, { readonly: true });
      inspectConnection(db, path, header, check);
      db.pragma('query_only = ON');
      return { db, path, readonly: true, foundVersion: latest, schemaVersion: latest, lockedBy };
    } catch (e) {
      db?.close();
      throw sqliteProblem(path, e, header);
    }
  }
  const dir = makeTempFolder();
  try {
    let copy: string;
    if (recovering || header.wal) {
      copy = recoveredCopy(path, dir);
    } else {
      copy = join(dir, basename(path));
      const src = connect(path, { readonly: true });
      try {
        await src.backup(copy);
      } finally {
        src.close();
      }
    }
    const ro = connect(copy, { readonly: true });
    let found: number;
    try {
      found = inspectConnection(ro, path, header, check);
    } finally {
      ro.close();
    }
    if (found < latest) {
      const rw = connect(copy);
      try {
        applyMigrations(rw);
      } finally {
        rw.close();
      }
    }
    const db = connect(copy, { readonly: true });
    db.pragma('query_only = ON');
    return {
      db,
      path,
      readonly: true,
      foundVersion: found,
      schemaVersion: userVersion(db),
      tempCopyPath: copy,
      lockedBy,
      recovered: recovering,
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw sqliteProblem(path, e, header);
  }
}

/**
 * Creates a fresh, fully migrated .qar at `path`, which must not exist or be an empty file we just created
 * (core/workspace-io builds new files in such a temp file). Durability is the caller's: the temp file is flushed
 * once before it is renamed into place, so its many small transactions need not each wait for the disk.
 */
export function createDatabase(path: string): OpenedDb {
  if (existsSync(path) && statSync(path).size > 0) throw new QarError('CONFLICT', `文件${fileLabel(path)}已存在。`);
  const db = connect(path, { create: true });
  configureReadWrite(db);
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  applyMigrations(db);
  return { db, path, readonly: false, foundVersion: 0, schemaVersion: userVersion(db), backupPath: undefined };
}

/**
 * Closes. A read-write file is at rest between saves already (rollback journal); if another program switched it
 * to WAL meanwhile, the WAL is folded back in first, and a fold that cannot complete is REPORTED (the caller must
 * not tell the user the file is whole). Then the write lock is released and our leftovers are removed. Read-only
 * temp copies are deleted.
 */
export function closeDatabase(o: OpenedDb): void {
  if (!o.db.open) return;
  let problem: QarError | undefined;
  if (!o.readonly) {
    try {
      // a read first: a connection learns that another program switched the file to WAL only when it reads
      o.db.prepare('SELECT count(*) FROM sqlite_schema').get();
      if (o.db.pragma('journal_mode', { simple: true }) === 'wal') {
        o.db.pragma('busy_timeout = 1000'); // a reader that holds on will not let go for waiting longer
        const r = (o.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[])[0];
        if (r?.busy !== 0 || r.log !== r.checkpointed) throw new Error('checkpoint incomplete');
        o.db.pragma('journal_mode = DELETE');
      }
    } catch (e) {
      problem = isDiskFull(e)
        ? diskFullError(o.path, e, '最近的修改仍保存在旁边的「-wal」文件中，没有丢失；腾出空间后重新打开再关闭即可。')
        : new QarError(
            'CONFLICT',
            `关闭${fileLabel(o.path)}时未能把全部修改写回文件本身（另一程序正在使用它）。修改保存在旁边的「${basename(o.path)}-wal」中，没有丢失；请关闭其他程序后重新打开再关闭本文件，然后再拷贝或发送。`,
            { cause: e },
          );
    }
  }
  o.db.close();
  o.lock?.release();
  if (!o.readonly && !problem) cleanLeftovers(o.path);
  if (o.tempCopyPath) rmSync(join(o.tempCopyPath, '..'), { recursive: true, force: true });
  if (problem) throw problem;
}
