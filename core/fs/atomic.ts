/**
 * Writing a user's output file (summary .xlsx/.docx, Excel export, review and comments files) so that an old file
 * is never left half-overwritten: the bytes go to a temp file beside the target, are flushed, and renamed into
 * place. Shared by every door (CLI, API, host), which is why it lives here and not in one of them.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { QarError } from '../errors';

/**
 * Writes `data` to `path` atomically. On failure the temp file is removed and one Chinese sentence says what to
 * check; `hint` adds a likely cause (e.g. 「文件是否正在 Excel 中打开」).
 */
export function writeAtomically(path: string, data: Uint8Array | string, hint = ''): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, data, { flush: true });
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new QarError(
      'BAD_INPUT',
      `无法写入「${basename(path)}」，请检查路径和文件夹权限${hint ? `（${hint}）` : ''}。`,
      {
        cause: e,
      },
    );
  }
}
