/**
 * Reading schools' .qar files for review (the effectful edge of core/review): folders are expanded to the
 * *.qar inside, each file's sha256 is taken before and after, and the workspace is opened READ-ONLY through the
 * storage layer, read whole, and closed. A file that cannot be opened (corrupt, foreign, newer, missing) becomes a
 * skipped entry with the storage layer's Chinese reason; it never stops the others.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isQarError, QarError } from '../errors';
import type { Workspace } from '../model';
import { openWorkspace } from '../service';
import type { ReviewedFile, ReviewInput } from './review';

/** Files as given; a folder stands for the *.qar files directly inside it (sorted by name). */
export function expandInputs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    let isDir = false;
    try {
      isDir = statSync(a).isDirectory();
    } catch {
      // a missing path is kept: it becomes a skipped entry with 「找不到文件」
    }
    if (!isDir) {
      out.push(a);
      continue;
    }
    const found = readdirSync(a)
      .filter((f) => f.toLowerCase().endsWith('.qar'))
      .sort((x, y) => x.localeCompare(y, 'zh-CN'))
      .map((f) => join(a, f));
    if (found.length === 0) throw new QarError('BAD_INPUT', `文件夹「${a}」里没有 .qar 工作区文件。`);
    out.push(...found);
  }
  if (out.length === 0) throw new QarError('BAD_INPUT', '没有要审阅的文件，请给出 .qar 文件或包含它们的文件夹。');
  return out;
}

export function sha256File(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '';
  }
}

export interface LoadedForReview extends ReviewInput {
  /** image bytes by asset id (only when asked: the district draft's case gallery) */
  assets?: Map<string, Buffer>;
}

export interface LoadOptions {
  /** also read the bytes of the images that cases use */
  caseImages?: boolean;
}

/** Opens one file read-only; never throws for a bad file (the reason goes into the entry). */
export async function loadOne(path: string, opts: LoadOptions = {}): Promise<LoadedForReview> {
  const file: ReviewedFile = { path, sha256Before: sha256File(path), sha256After: '', status: 'reviewed', reason: '' };
  let ws: Workspace | undefined;
  let assets: Map<string, Buffer> | undefined;
  try {
    const session = await openWorkspace(path, { readonly: true });
    try {
      ws = session.getWorkspace();
      if (opts.caseImages) {
        assets = new Map();
        for (const b of ws.blocks) {
          if (b.content.kind !== 'case') continue;
          for (const p of b.content.photos) {
            if (!assets.has(p.assetId) && ws.assets.some((a) => a.id === p.assetId)) {
              assets.set(p.assetId, session.getAssetBytes(p.assetId));
            }
          }
        }
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
  }
  file.sha256After = sha256File(path);
  if (file.sha256Before && file.sha256After !== file.sha256Before) {
    // must never happen (read-only open); reported loudly rather than hidden
    file.reason = `${file.reason}警告：审阅期间该文件被其他程序修改过，请核对。`.trim();
  }
  return { file, ...(ws ? { ws } : {}), ...(assets ? { assets } : {}) };
}

/** Loads every input one after the other (SQLite reads are synchronous; parallelism would not help on 2 cores). */
export async function loadForReview(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadedForReview[]> {
  const out: LoadedForReview[] = [];
  for (const p of paths) out.push(await loadOne(p, opts));
  return out;
}
