/**
 * Reading a workspace JSON export from disk with bounded memory: the size is checked before a byte is read, and
 * the text is parsed while it streams in, so the whole file never sits in memory as one string (a 200 MB export
 * would otherwise cost a 400 MB UTF-16 string plus the parsed copy). @streamparser/json is chosen because it
 * builds the same values as JSON.parse from chunks, has no dependencies and keeps an explicit stack (deep nesting
 * cannot overflow ours). A UTF-8 BOM (Notepad) is skipped.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { JSONParser } from '@streamparser/json';
import { QarError } from '../errors';
import { userFileSize } from '../small-file';

/**
 * Largest workspace JSON accepted. Photos are stored ≤ 2400 px (≈ 0.3–1.5 MB each, ×4/3 as base64): 300 MB holds
 * some 200 photos, far beyond a year's report, and stays well under what a 32-bit string or a laptop's memory takes.
 */
export const MAX_WORKSPACE_JSON_BYTES = 300 * 1024 * 1024;

export const NOT_JSON_MESSAGE =
  '文件内容不是有效的 JSON（可能不完整或不是导出文件）。请检查该 JSON 文件，或重新从质量年报工作台导出。';

/** Parsed JSON of a user's workspace export file, or QarError NOT_FOUND / TOO_LARGE / BAD_INPUT in Chinese. */
export async function readWorkspaceJsonFile(path: string, maxBytes = MAX_WORKSPACE_JSON_BYTES): Promise<unknown> {
  const size = userFileSize(path);
  if (size > maxBytes) {
    throw new QarError(
      'TOO_LARGE',
      `「${basename(path)}」有 ${Math.round(size / 1024 / 1024)} MB，超过工作区导出文件的上限 ${Math.round(maxBytes / 1024 / 1024)} MB，无法导入。请确认选择的是质量年报工作台导出的 JSON 文件。`,
    );
  }
  if (size === 0) throw new QarError('BAD_INPUT', NOT_JSON_MESSAGE);
  return new Promise((resolve, reject) => {
    const parser = new JSONParser({ paths: ['$'], keepStack: true });
    let root: unknown;
    let done = false;
    let first = true;
    let read = 0;
    const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
    const fail = (e: unknown) => {
      if (done) return;
      done = true;
      stream.destroy();
      reject(e instanceof QarError ? e : new QarError('BAD_INPUT', NOT_JSON_MESSAGE, { cause: e }));
    };
    parser.onValue = ({ value, stack }) => {
      if (stack.length === 0) root = value;
    };
    parser.onError = fail;
    stream.on('data', (chunk: string | Buffer) => {
      let c = chunk as Buffer;
      read += c.length;
      // the file grew after the size check: still bounded
      if (read > maxBytes)
        return fail(new QarError('TOO_LARGE', `「${basename(path)}」在读取时变大，超过上限，无法导入。`));
      if (first) {
        first = false;
        if (c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf) c = c.subarray(3);
      }
      try {
        if (c.length) parser.write(c);
      } catch (e) {
        fail(e);
      }
    });
    stream.on('error', (e) =>
      fail(new QarError('NOT_FOUND', `无法读取文件「${basename(path)}」，请检查路径和读取权限。`, { cause: e })),
    );
    stream.on('end', () => {
      if (done) return;
      try {
        if (!parser.isEnded) parser.end();
      } catch (e) {
        return fail(e);
      }
      if (root === undefined) return fail(new Error('no value'));
      done = true;
      resolve(root);
    });
  });
}
