/**
 * One mapping from "the write failed" to one Chinese sentence, shared by every writer (db/, report export,
 * xlsx/json export, the CLI and the API): a full disk says 磁盘空间不足 wherever it happens, never 内部错误 ENOSPC
 * or 「已损坏」.
 */
import { basename } from 'node:path';
import { QarError } from '../errors';

/** Error codes that mean "no room left": node's fs codes and SQLite's (better-sqlite3 puts the extended code). */
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'SQLITE_FULL', 'SQLITE_IOERR_WRITE']);
const NO_PERMISSION_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_PERM', 'SQLITE_CANTOPEN']);

function codesOf(e: unknown): string[] {
  const out: string[] = [];
  for (let cur = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') out.push(c);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/** True when `e` (or what caused it) says the disk or quota is full. */
export function isDiskFull(e: unknown): boolean {
  return codesOf(e).some((c) => DISK_FULL_CODES.has(c));
}

/** The sentence for a full disk; `unchanged` says what stayed as it was (default: nothing was changed). */
export function diskFullError(path: string, cause?: unknown, unchanged = '已有文件未被改动。'): QarError {
  return new QarError(
    'DISK_FULL',
    `磁盘空间不足，无法写入「${basename(path)}」。请清理磁盘空间或换一个有足够空间的文件夹后重试。${unchanged}`,
    { cause },
  );
}

/**
 * Any failed write of `path` as a QarError: a full disk, no permission, or (otherwise) `fallback` — the caller's
 * own sentence, e.g. that the file may be open in Word. A QarError passes through unchanged.
 */
export function fileWriteError(path: string, e: unknown, fallback?: string): QarError {
  if (e instanceof QarError) return e;
  if (isDiskFull(e)) return diskFullError(path, e);
  const name = `「${basename(path)}」`;
  if (codesOf(e).some((c) => NO_PERMISSION_CODES.has(c))) {
    return new QarError('BAD_INPUT', `无法写入${name}，请检查文件夹权限或改存到其他位置。`, { cause: e });
  }
  return new QarError('BAD_INPUT', fallback ?? `无法写入${name}，请检查路径和文件夹权限。`, { cause: e });
}

/**
 * An unexpected-looking error that is really an expected one: the disk is full, or SQLite met a damaged file or
 * a busy one while reading. Used at the outer edges (CLI, API dispatch) so none of these becomes 内部错误.
 */
export function expectedError(e: unknown): QarError | null {
  if (e instanceof QarError) return e;
  if (isDiskFull(e)) {
    return new QarError('DISK_FULL', '磁盘空间不足，操作没有完成。请清理磁盘空间或换一个有足够空间的文件夹后重试。', {
      cause: e,
    });
  }
  const codes = codesOf(e);
  if (codes.some((c) => /^SQLITE_(CORRUPT|NOTADB)/.test(c))) {
    return new QarError('CORRUPT', '工作区文件已损坏，读取时出错，没有做任何修改。请改用备份或向文件提供者重新索取。', {
      cause: e,
    });
  }
  if (codes.some((c) => /^SQLITE_(BUSY|LOCKED)/.test(c))) {
    return new QarError('CONFLICT', '工作区文件正被其他程序占用，请稍后重试。', { cause: e });
  }
  return null;
}
