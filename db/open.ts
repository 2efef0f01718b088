/**
 * Opening a .qar file safely.
 *
 * Order matters: everything that can refuse a file (not SQLite, truncated, foreign, newer, failing the integrity
 * check) is decided from the raw header bytes and a READ-ONLY connection before anything is written, so a
 * refused file is never touched. Only then is a read-write connection opened, the file backed up with the
 * SQLite backup API and migrated.
 *
 * Files at rest use the rollback journal (journal_mode=DELETE, switched back on close): a read-only open of such
 * a file creates no -wal/-shm side files, and a copied .qar is self-contained. While open read-write it is WAL.
 */
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { QarError } from '../core/errors';
import { applyMigrations, latestSchemaVersion, QAR_APPLICATION_ID, userVersion } from './migrate';

export const BUSY_TIMEOUT_MS = 5000;

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
  /** read-only opens of an older file read a migrated temporary copy; deleted on close */
  tempCopyPath?: string;
}

export interface OpenOptions {
  readonly?: boolean;
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

interface HeaderFacts {
  userVersion: number;
  applicationId: number;
}

function name(path: string): string {
  return `「${basename(path)}」`;
}

function corrupt(path: string, why: string, cause?: unknown): QarError {
  return new QarError(
    'CORRUPT',
    `${name(path)}${why}，无法打开。请改用该文件的备份（同目录下的 .bak 文件）或向报送学校重新索取。`,
    { cause },
  );
}

/** Reads the 100-byte SQLite header and checks the file is complete, without opening it with SQLite. */
export function readHeader(path: string): HeaderFacts {
  if (!existsSync(path)) {
    throw new QarError('NOT_FOUND', `找不到文件${name(path)}，请检查路径是否正确。`);
  }
  const st = statSync(path);
  if (!st.isFile()) throw new QarError('BAD_INPUT', `${name(path)}不是文件，请指定一个 .qar 工作区文件。`);
  if (st.size === 0) throw corrupt(path, '是空文件');
  const buf = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, buf, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 || !buf.subarray(0, 16).equals(SQLITE_MAGIC))
    throw corrupt(path, '不是质量年报工作台文件（也不是数据库文件），或已损坏');
  const rawPage = buf.readUInt16BE(16);
  const pageSize = rawPage === 1 ? 65536 : rawPage;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw corrupt(path, '文件头已损坏');
  // The in-header page count is valid when "version-valid-for" (92) equals the change counter (24).
  const pages = buf.readUInt32BE(28);
  if (buf.readUInt32BE(92) === buf.readUInt32BE(24) && pages > 0 && st.size < pages * pageSize) {
    throw corrupt(path, '不完整（可能复制或下载时中断）');
  }
  if (st.size % pageSize !== 0) throw corrupt(path, '不完整（可能复制或下载时中断）');
  return { userVersion: buf.readUInt32BE(60), applicationId: buf.readUInt32BE(68) };
}

function refuseForeignOrNewer(path: string, facts: HeaderFacts): void {
  if (facts.applicationId !== QAR_APPLICATION_ID) {
    throw new QarError(
      'FOREIGN',
      `${name(path)}是一个数据库文件，但不是质量年报工作台文件（.qar），请选择由本程序创建或导出的工作区文件。`,
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
 * Everything that may refuse a file, decided read-only. Returns the schema version found.
 * The header is checked first (no SQLite involved), then a read-only connection confirms the facts
 * (an uncheckpointed WAL may hold newer pragmas than the main file's header) and runs the integrity check.
 */
export function inspectFile(path: string): { userVersion: number } {
  const header = readHeader(path);
  refuseForeignOrNewer(path, header);
  let ro: Database.Database | undefined;
  try {
    ro = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    const facts: HeaderFacts = {
      userVersion: userVersion(ro),
      applicationId: ro.pragma('application_id', { simple: true }) as number,
    };
    refuseForeignOrNewer(path, facts);
    const check = ro.pragma('integrity_check(1)', { simple: true });
    // SQLite's report spans lines ("*** in database main ***\n…"): one line for the user
    if (check !== 'ok') throw corrupt(path, `未通过完整性检查（${String(check).replace(/\s+/g, ' ').slice(0, 80)}）`);
    return { userVersion: facts.userVersion };
  } catch (e) {
    if (e instanceof QarError) throw e;
    throw sqliteProblem(path, e);
  } finally {
    ro?.close();
  }
}

/** Maps a SQLite error met while opening/reading to a Chinese QarError. */
export function sqliteProblem(path: string, e: unknown): QarError {
  const code = (e as { code?: string } | null)?.code ?? '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new QarError('CONFLICT', `${name(path)}正被其他程序占用，请关闭其他程序后重试。`, { cause: e });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_READONLY') {
    return new QarError('BAD_INPUT', `无法读写${name(path)}，请检查文件权限或改存到其他文件夹。`, { cause: e });
  }
  return corrupt(path, '已损坏', e);
}

function configureReadWrite(db: Database.Database): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('foreign_keys = ON');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
}

/** The backup API copies the WAL flag too: turn a fresh copy back into a self-contained rollback-journal file. */
function atRest(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

function stamp(d = new Date()): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Opens an existing .qar: read-write (migrating after a backup) or read-only (never writing the file). */
export async function openDatabase(path: string, opts: OpenOptions = {}): Promise<OpenedDb> {
  const { userVersion: found } = inspectFile(path);
  const latest = latestSchemaVersion();
  if (opts.readonly) return openReadOnly(path, found, latest);

  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    configureReadWrite(db);
    let backupPath: string | undefined;
    if (found < latest) {
      backupPath = `${path}.bak-v${found}-${stamp()}`;
      await db.backup(backupPath);
      atRest(backupPath);
      applyMigrations(db);
    }
    return { db, path, readonly: false, foundVersion: found, schemaVersion: userVersion(db), backupPath };
  } catch (e) {
    db?.close();
    if (e instanceof QarError) throw e;
    throw sqliteProblem(path, e);
  }
}

/**
 * Read-only: the file is never written. An older-schema file is copied (backup API) to a temporary file, the copy
 * is migrated and read instead, so a reviewer can open any school's older hand-in without altering it.
 */
async function openReadOnly(path: string, found: number, latest: number): Promise<OpenedDb> {
  if (found === latest) {
    try {
      const db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
      db.pragma('query_only = ON');
      return { db, path, readonly: true, foundVersion: found, schemaVersion: found };
    } catch (e) {
      throw sqliteProblem(path, e);
    }
  }
  const tempCopyPath = join(tmpdir(), `qar-ro-${process.pid}-${Date.now()}-${basename(path)}`);
  try {
    const src = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    try {
      await src.backup(tempCopyPath);
    } finally {
      src.close();
    }
    const rw = new Database(tempCopyPath, { fileMustExist: true });
    try {
      applyMigrations(rw);
    } finally {
      rw.close();
    }
    const db = new Database(tempCopyPath, { readonly: true, fileMustExist: true });
    db.pragma('query_only = ON');
    return { db, path, readonly: true, foundVersion: found, schemaVersion: latest, tempCopyPath };
  } catch (e) {
    rmSync(tempCopyPath, { force: true });
    if (e instanceof QarError) throw e;
    throw sqliteProblem(path, e);
  }
}

/** Creates a fresh, fully migrated .qar at `path` (which must not exist). Used on temp files by core/workspace-io. */
export function createDatabase(path: string): OpenedDb {
  if (existsSync(path)) throw new QarError('CONFLICT', `文件${name(path)}已存在。`);
  const db = new Database(path);
  configureReadWrite(db);
  applyMigrations(db);
  return { db, path, readonly: false, foundVersion: 0, schemaVersion: userVersion(db), backupPath: undefined };
}

/**
 * Closes cleanly: a read-write connection checkpoints and returns the file to rollback-journal mode, so the file
 * at rest is one self-contained file. Read-only temp copies are deleted.
 */
export function closeDatabase(o: OpenedDb): void {
  if (!o.db.open) return;
  if (!o.readonly) {
    try {
      o.db.pragma('wal_checkpoint(TRUNCATE)');
      o.db.pragma('journal_mode = DELETE');
    } catch {
      // another connection still has the file open: it stays in WAL mode until the last one closes
    }
  }
  o.db.close();
  if (o.tempCopyPath) {
    for (const p of [o.tempCopyPath, `${o.tempCopyPath}-wal`, `${o.tempCopyPath}-shm`]) rmSync(p, { force: true });
  }
}
