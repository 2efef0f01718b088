/**
 * The 100-byte SQLite header, read without SQLite: enough to refuse what is not a database at all, to tell a
 * truncated file from a damaged one AFTER SQLite has found a problem, and to know whether opening the file
 * read-only would make SQLite create side files (a WAL-mode file does).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { QarError } from '../core/errors';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface HeaderFacts {
  userVersion: number;
  applicationId: number;
  pageSize: number;
  /** the page count the header declares, when that field is valid (else 0) */
  declaredPages: number;
  /** file size in bytes */
  size: number;
  /** the header marks the file as WAL mode (bytes 18/19 = 2) */
  wal: boolean;
}

export const fileLabel = (path: string): string => `「${basename(path)}」`;

/** Shorter than the header says, or not whole pages: what a cut-off copy or download looks like. */
export function looksTruncated(h: HeaderFacts): boolean {
  return (h.declaredPages > 0 && h.size < h.declaredPages * h.pageSize) || h.size % h.pageSize !== 0;
}

/**
 * Reads the header. Refuses (QarError) only what is certainly not a usable database: missing, not a file, empty,
 * no SQLite magic, an impossible page size. Whether the rest is intact is SQLite's to decide (db/open.ts).
 */
export function readHeader(path: string, notDatabase: (why: string) => Error): HeaderFacts {
  if (!existsSync(path)) {
    throw new QarError('NOT_FOUND', `找不到文件${fileLabel(path)}，请检查路径是否正确。`);
  }
  const st = statSync(path);
  if (!st.isFile()) throw new QarError('BAD_INPUT', `${fileLabel(path)}不是文件，请指定一个 .qar 工作区文件。`);
  if (st.size === 0) throw notDatabase('是空文件');
  const buf = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let n: number;
  try {
    n = readSync(fd, buf, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < 100 || !buf.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw notDatabase('不是质量年报工作台文件（也不是数据库文件），或已损坏');
  }
  const rawPage = buf.readUInt16BE(16);
  const pageSize = rawPage === 1 ? 65536 : rawPage;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) throw notDatabase('的文件头已损坏');
  // The in-header page count is valid when "version-valid-for" (92) equals the change counter (24).
  const declaredPages = buf.readUInt32BE(92) === buf.readUInt32BE(24) ? buf.readUInt32BE(28) : 0;
  return {
    userVersion: buf.readUInt32BE(60),
    applicationId: buf.readUInt32BE(68),
    pageSize,
    declaredPages,
    size: st.size,
    wal: buf[18] === 2 || buf[19] === 2,
  };
}

/** A journal or WAL with content beside the file: reading it needs SQLite's recovery (db/open.ts reads a copy then). */
export function hasSideFiles(path: string): boolean {
  return ['-journal', '-wal'].some((s) => {
    try {
      return statSync(`${path}${s}`).size > 0;
    } catch {
      return false;
    }
  });
}
