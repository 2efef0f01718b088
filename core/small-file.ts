/**
 * Reading a small user-chosen text file (a review or comments JSON): missing → NOT_FOUND, over the size a file of
 * that kind can have → TOO_LARGE, both with one Chinese sentence naming the file. Checked before reading it whole.
 * A UTF-8 byte-order mark (Windows Notepad saves one) is dropped: JSON.parse would refuse it.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { QarError } from './errors';

/** The text without a leading UTF-8 BOM (U+FEFF). Every JSON text from a user's file goes through this. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Size of a regular file, or NOT_FOUND (missing, a folder, a device) in Chinese. */
export function userFileSize(path: string): number {
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    return st.size;
  } catch (e) {
    throw new QarError('NOT_FOUND', `找不到文件「${basename(path)}」，请检查路径是否正确。`, { cause: e });
  }
}

export function readSmallTextFile(path: string, maxBytes: number, kind: string): string {
  const size = userFileSize(path);
  if (size > maxBytes) {
    const mb = Math.round(maxBytes / 1024 / 1024);
    throw new QarError('TOO_LARGE', `「${basename(path)}」超过 ${mb} MB，不是${kind}文件。`);
  }
  return stripBom(readFileSync(path, 'utf8'));
}
