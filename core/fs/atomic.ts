/**
 * Writing a user's output file (summary .xlsx/.docx, Excel export, review and comments files) so that an old file
 * is never left half-overwritten. Shared by every door (CLI, API, host), which is why it lives here and not in one
 * of them. The writing itself — an exclusively created, randomly named temp file beside the target (a planted
 * link is never followed), flushed, renamed — is core/files/atomic-write.ts.
 */
import { basename } from 'node:path';
import { writeFileAtomically } from '../files/atomic-write';

/**
 * Writes `data` to `path` atomically. On failure the temp file is removed and one Chinese sentence says what to
 * check (a full disk says 磁盘空间不足); `hint` adds a likely cause (e.g. 「文件是否正在 Excel 中打开」).
 */
export function writeAtomically(path: string, data: Uint8Array | string, hint = ''): void {
  writeFileAtomically(
    path,
    data,
    `无法写入「${basename(path)}」，请检查路径和文件夹权限${hint ? `（${hint}）` : ''}。`,
  );
}
