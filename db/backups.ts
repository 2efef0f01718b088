/**
 * Backups written before a migration (`NAME.qar.bak-vN-STAMP`), and the safety rules around them: the backup is
 * written under a temp name, flushed and renamed, so a `.bak` name always means a complete file; nothing in the
 * workspace changes before that rename. Partial backups left by earlier versions (written in place, then cut off
 * by a full disk or a crash) are recognised — our name, and SQLite cannot read them through — and removed.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { commitTemp, createTempBeside, fsyncPath } from '../core/fs/atomic';
import { diskFullError, isDiskFull } from '../core/fs/disk-errors';
import { connect } from './connect';
import { looksTruncated, readHeader } from './header';

/** `NAME.bak-vN-YYYYMMDDTHHMMSSZ` (optionally `-2`, `-3` … when two backups fall in one second). */
const BACKUP_NAME = /^(.+)\.bak-v(\d+)-(\d{8}T\d{6}Z)(-\d+)?$/;

function stamp(d = new Date()): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function freeBackupName(path: string, version: number): string {
  const base = `${path}.bak-v${version}-${stamp()}`;
  if (!exists(base)) return base;
  for (let i = 2; ; i++) if (!exists(`${base}-${i}`)) return `${base}-${i}`;
}

function removeSqliteFiles(p: string): void {
  for (const s of ['', '-journal', '-wal', '-shm']) rmSync(`${p}${s}`, { force: true });
}

/**
 * Copies the open workspace to a new `.bak-vN-STAMP` beside it through SQLite's backup API (a consistent copy,
 * WAL pages included), as a self-contained rollback-journal file; returns its path. Nothing in the workspace is
 * changed. A full disk gives DISK_FULL with 「文件未做任何改动」 and leaves no partial file.
 */
export async function writeMigrationBackup(db: Database.Database, path: string, version: number): Promise<string> {
  let tmp: string | undefined;
  try {
    tmp = createTempBeside(path);
    await db.backup(tmp);
    // the backup API copies the WAL flag of a WAL-mode source: make the copy a self-contained file
    const copy = connect(tmp);
    try {
      if (copy.pragma('journal_mode', { simple: true }) !== 'delete') copy.pragma('journal_mode = DELETE');
      const ok = copy.pragma('quick_check(1)', { simple: true });
      if (ok !== 'ok') throw new Error(`backup check failed: ${String(ok)}`);
    } finally {
      copy.close();
    }
    fsyncPath(tmp);
    const final = freeBackupName(path, version);
    commitTemp(tmp, final);
    tmp = undefined;
    return final;
  } catch (e) {
    if (tmp) removeSqliteFiles(tmp);
    if (isDiskFull(e)) {
      throw diskFullError(
        `${path}.bak`,
        e,
        `升级文件结构前需要先写备份，备份没能写完；「${basename(path)}」未做任何改动。`,
      );
    }
    throw e;
  }
}

/** The backups of `path` beside it (file names), newest first. */
export function existingBackups(path: string): string[] {
  const base = basename(path);
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return [];
  }
  return names
    .filter((n) => BACKUP_NAME.exec(n)?.[1] === base)
    .filter((n) => {
      try {
        return lstatSync(join(dirname(path), n)).isFile();
      } catch {
        return false;
      }
    })
    .sort((a, b) => (BACKUP_NAME.exec(b)?.[3] ?? '').localeCompare(BACKUP_NAME.exec(a)?.[3] ?? ''));
}

/**
 * Whether SQLite reads `p` through (header, every page: quick_check). Never writes it, nor beside it: a WAL-mode
 * file (which a read-only connection would give -wal/-shm files) is judged from its header alone.
 */
export function isReadableSqlite(p: string): boolean {
  try {
    const h = readHeader(p, () => new Error('not a database'));
    if (looksTruncated(h)) return false;
    if (h.wal) return true;
  } catch {
    return false;
  }
  try {
    const db = connect(p, { readonly: true, timeout: 0 });
    try {
      return db.pragma('quick_check(1)', { simple: true }) === 'ok';
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** Removes backups of `path` that SQLite cannot read through (cut off by a full disk or a crash); returns names. */
export function cleanPartialBackups(path: string): string[] {
  const removed: string[] = [];
  for (const n of existingBackups(path)) {
    const p = join(dirname(path), n);
    // a backup with side files is being written or recovered by someone: not provably partial
    if (['-journal', '-wal'].some((s) => exists(`${p}${s}`))) continue;
    if (isReadableSqlite(p)) continue;
    try {
      rmSync(p);
      removed.push(n);
    } catch {
      // not ours to remove after all
    }
  }
  return removed;
}
