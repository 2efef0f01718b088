/**
 * Writing a user's output file (Word, Excel, JSON, review summaries and comments files) so that readers see the
 * old file or the complete new one, never half of it, and never writing through a link someone planted: the bytes
 * go to a new temp file beside the target, created exclusively (O_CREAT|O_EXCL: an existing name, symlink or not,
 * is refused, never followed), flushed to disk, then renamed over the target. Shared by every door (CLI, API,
 * host) and by the SQLite copies of db/, which is why it lives here and not in one of them.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileWriteError } from './disk-errors';
import { cleanLeftoverTemps } from './leftovers';
import { tempPathBeside } from './temp-names';

/** Opens a new file at a fresh temp name beside `target`, exclusively; returns its path and descriptor. */
export function openTempBeside(target: string): { path: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const path = tempPathBeside(target);
    try {
      return { path, fd: openSync(path, 'wx', 0o600) };
    } catch (e) {
      // a name taken by chance (or planted): draw another; anything else is a real failure
      if ((e as { code?: string }).code !== 'EEXIST' || attempt >= 5) throw e;
    }
  }
}

/** Creates an empty temp file beside `target` (for SQLite, which opens by name) and returns its path. */
export function createTempBeside(target: string): string {
  const t = openTempBeside(target);
  closeSync(t.fd);
  return t.path;
}

/** fsync a file by path (the data reaches the disk before the rename makes it visible). */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync a folder so a rename in it survives a power cut; not possible on every platform (Windows), so best effort. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Windows cannot open folders for fsync; NTFS journals the rename itself
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Renames a finished temp file over `target` and makes the rename durable. */
export function commitTemp(tmp: string, target: string): void {
  renameSync(tmp, target);
  fsyncDir(dirname(target));
}

/**
 * Writes `data` to `path` atomically. On failure the temp file is removed, the old file (if any) is untouched,
 * and the error is one Chinese sentence: a full disk says 磁盘空间不足, no permission says so, anything else asks
 * to check the path; `hint` adds a likely cause (e.g. 「文件是否正在 Excel 中打开」).
 */
export function writeAtomically(path: string, data: string | Uint8Array, hint = ''): void {
  let tmp: string | undefined;
  try {
    cleanLeftoverTemps(path); // what a crashed earlier export of the same file left
    const t = openTempBeside(path);
    tmp = t.path;
    const fd = t.fd;
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    commitTemp(tmp, path);
    tmp = undefined;
  } catch (e) {
    if (tmp) rmSync(tmp, { force: true });
    throw fileWriteError(
      path,
      e,
      `无法写入「${basename(path)}」，请检查路径和文件夹权限${hint ? `（${hint}）` : ''}。`,
    );
  }
}
