/**
 * Reading a small user-chosen text file (a review or comments JSON): missing → NOT_FOUND, over the size a file of
 * that kind can have → TOO_LARGE, both with one Chinese sentence naming the file. Checked before reading it whole.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { QarError } from './errors';

export function readSmallTextFile(path: string, maxBytes: number, kind: string): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch (e) {
    throw new QarError('NOT_FOUND', `找不到文件「${basename(path)}」，请检查路径是否正确。`, { cause: e });
  }
  if (size > maxBytes) {
    const mb = Math.round(maxBytes / 1024 / 1024);
    throw new QarError('TOO_LARGE', `「${basename(path)}」超过 ${mb} MB，不是${kind}文件。`);
  }
  return readFileSync(path, 'utf8');
}
