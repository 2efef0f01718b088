/**
 * Reading schools' .qar files for review (the effectful edge of core/review): folders are expanded to the
 * *.qar inside, each file's sha256 is taken before (and again after only when its size or times changed), and the workspace is opened READ-ONLY through the
 * storage layer, read whole, and closed. A file that cannot be opened (corrupt, foreign, newer, missing) becomes a
 * skipped entry with the storage layer's Chinese reason; it never stops the others.
 *
 * A folder stands for the regular files directly in it. A *.qar link there is followed only when its target is in
 * the same folder (real paths compared): the user chose the folder, not whatever a planted link points to. Links
 * pointing elsewhere, FIFOs (which would block the read forever) and folders named *.qar are listed as skipped.
 */
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { isQarError, QarError } from '../errors';
import type { AssetMeta, Workspace } from '../model';
import { openWorkspace } from '../service';
import { fileStamp, type HashedFile, hashFile } from './file-hash';
import type { ReviewedFile, ReviewInput } from './review';

/** The inputs to review, in order; `refused` says why an entry is skipped without being opened. */
export type ExpandedInputs = string[] & { refused: Map<string, string> };

export const REFUSED_OUTSIDE_LINK = '该文件是指向所选文件夹之外的链接（快捷方式），为安全起见没有打开，已跳过。';
export const REFUSED_NOT_REGULAR = '不是普通文件（可能是文件夹、管道或设备），已跳过。';

/** Why an entry of a chosen folder must not be opened, or null when it may be. */
function folderEntryRefusal(dirReal: string, path: string): string | null {
  let real: string;
  try {
    if (!lstatSync(path).isSymbolicLink()) return statSync(path).isFile() ? null : REFUSED_NOT_REGULAR;
    real = realpathSync.native(path);
  } catch {
    return null; // vanished or a dangling link: opening it gives the storage layer's 「找不到文件」
  }
  if (!real.startsWith(dirReal.endsWith(sep) ? dirReal : dirReal + sep)) return REFUSED_OUTSIDE_LINK;
  return statSync(real).isFile() ? null : REFUSED_NOT_REGULAR;
}

/** Files as given; a folder stands for the *.qar files directly inside it (sorted by name). */
export function expandInputs(args: readonly string[]): ExpandedInputs {
  const out = Object.assign([] as string[], { refused: new Map<string, string>() });
  for (const a of args) {
    let isDir = false;
    let exists = true;
    try {
      isDir = statSync(a).isDirectory();
    } catch {
      exists = false; // a missing path is kept: it becomes a skipped entry with 「找不到文件」
    }
    if (!isDir) {
      // a file the user named: a FIFO or device would block the read forever
      if (exists && !statSync(a).isFile()) out.refused.set(a, REFUSED_NOT_REGULAR);
      out.push(a);
      continue;
    }
    const dirReal = realpathSync.native(a);
    const found = readdirSync(a)
      .filter((f) => f.toLowerCase().endsWith('.qar'))
      .sort((x, y) => x.localeCompare(y, 'zh-CN'))
      .map((f) => join(a, f));
    if (found.length === 0) throw new QarError('BAD_INPUT', `文件夹「${a}」里没有 .qar 工作区文件。`);
    for (const f of found) {
      const why = folderEntryRefusal(dirReal, f);
      if (why) out.refused.set(f, why);
    }
    out.push(...found);
  }
  if (out.length === 0) throw new QarError('BAD_INPUT', '没有要审阅的文件，请给出 .qar 文件或包含它们的文件夹。');
  return out;
}

export function sha256File(path: string): string {
  return hashFile(path).sha256;
}

export interface LoadedForReview extends ReviewInput {
  /** image bytes by asset id (only when asked: the district draft's case gallery) */
  assets?: Map<string, Buffer>;
  /** those of them whose bytes differ from the sha256 recorded for them in a file that passed quick_check */
  unmatchedImages?: AssetMeta[];
}

export interface LoadOptions {
  /** also read the bytes of the images that cases use */
  caseImages?: boolean;
  /** where the file's hash comes from (a worker hashing ahead, core/review/file-hash.ts); default: hashed here */
  hasher?: { get(path: string): Promise<HashedFile> };
}

/** Opens one file read-only; never throws for a bad file (the reason goes into the entry). */
export async function loadOne(path: string, opts: LoadOptions = {}): Promise<LoadedForReview> {
  // the file is hashed once; afterwards its size, time and inode say whether anything wrote it meanwhile (taken
  // before the hash: a write during the hash or the read changes them too), and only then is it hashed again
  const before = opts.hasher ? await opts.hasher.get(path) : hashFile(path);
  const file: ReviewedFile = { path, sha256Before: before.sha256, sha256After: '', status: 'reviewed', reason: '' };
  let ws: Workspace | undefined;
  let assets: Map<string, Buffer> | undefined;
  let unmatchedImages: AssetMeta[] = [];
  try {
    // 'read': the full check of every table a review reads, not of the image bytes (db/open.ts); the case photos
    // a district draft prints are checked as they are read, each against the sha256 recorded for it
    // (checkedAssets: bytes unlike their record get the whole file's quick_check, and a file that fails it is
    // skipped as damaged), as `qar report` and the app's export read theirs
    const session = await openWorkspace(path, { readonly: true, check: 'read' });
    try {
      ws = session.getWorkspace();
      if (opts.caseImages) {
        const images = session.checkedAssets(ws.assets);
        assets = new Map();
        for (const b of ws.blocks) {
          if (b.content.kind !== 'case') continue;
          for (const p of b.content.photos) {
            if (!assets.has(p.assetId) && ws.assets.some((a) => a.id === p.assetId)) {
              assets.set(p.assetId, images.assetBytes(p.assetId));
            }
          }
        }
        unmatchedImages = [...images.unmatched];
      }
    } finally {
      session.close();
    }
  } catch (e) {
    file.status = 'skipped';
    file.reason = isQarError(e)
      ? e.message
      : `无法读取该文件（${e instanceof Error ? e.message : String(e)}），已跳过。`;
    ws = undefined;
    assets = undefined;
    unmatchedImages = [];
  }
  const unchanged = before.stamp !== '' && fileStamp(path) === before.stamp;
  file.sha256After = unchanged ? file.sha256Before : sha256File(path);
  if (file.sha256Before && file.sha256After !== file.sha256Before) {
    // must never happen (read-only open); reported loudly rather than hidden
    file.reason = `${file.reason}警告：审阅期间该文件被其他程序修改过，请核对。`.trim();
  }
  return {
    file,
    ...(ws ? { ws } : {}),
    ...(assets ? { assets } : {}),
    ...(unmatchedImages.length > 0 ? { unmatchedImages } : {}),
  };
}

/** An entry expandInputs refused: listed as skipped with its reason, never opened. */
export function refusedInput(path: string, reason: string): ReviewInput {
  return { file: { path, sha256Before: '', sha256After: '', status: 'skipped', reason } };
}

/** Loads every input one after the other (SQLite reads are synchronous; parallelism would not help on 2 cores). */
export async function loadForReview(
  paths: readonly string[] & { refused?: ReadonlyMap<string, string> },
  opts: LoadOptions = {},
): Promise<LoadedForReview[]> {
  const out: LoadedForReview[] = [];
  for (const p of paths) {
    const refused = paths.refused?.get(p);
    if (refused) out.push(refusedInput(p, refused));
    else out.push(await loadOne(p, opts));
  }
  return out;
}
