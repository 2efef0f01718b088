/**
 * The application service: what the Electron main process, the browser test host and the CLI call.
 * Thin over db/store.ts and core/workspace-io.ts; core/api.ts maps its contract onto these functions.
 */
import { createHash } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type * as z from 'zod';
import { WorkspaceHistory } from '../db/history';
import { describeHolder, LockedError, type LockHolder, readLockHolder } from '../db/lock';
import type { CheckLevel } from '../db/open';
import { DAMAGED_ROW_ADVICE, DamagedRowError } from '../db/rows';
import type { ChangeLogFilter, NewAsset, NewComment, SetValuesResult, ValueChange } from '../db/store';
import { notApplicableProblem, WorkspaceStore } from '../db/store';
import { isQarError, QarError } from './errors';
import { type FrameworkHeading, frameworkHeading } from './framework/heading';
import type { Framework } from './framework/schema';
import { commitTemp, createTempBeside, fsyncPath, writeAtomically } from './fs/atomic';
import { fileWriteError } from './fs/disk-errors';
import type {
  AssetMeta,
  Block,
  BlockContent,
  ChangeEntry,
  FrameworkRef,
  ReportLayout,
  ReviewComment,
  SchoolProfile,
  StoredFramework,
  ValueSource,
  Workspace,
  WorkspaceExport,
  WorkspaceOrigin,
} from './model';
import type { Outline } from './report/outline';
import { indicatorOf } from './values/explain';
import { type PlannedValue, planFollow, planRecompute } from './values/recompute';
import type { CellRef } from './values/resolve';
import { checkExportAssets } from './workspace/import-assets';
import { readWorkspaceJsonFile } from './workspace/json-file';
import { formatPath } from './workspace/zod-message';
import {
  type CreateWorkspaceInput,
  createWorkspace as createWorkspaceFile,
  exportToJson,
  exportWorkspace,
  importWorkspace,
  parseWorkspaceExport,
  writeNewWorkspace,
} from './workspace-io';

export type { ChangeLogFilter, NewAsset, NewComment, SetValuesResult, ValueChange } from '../db/store';

/** Block content as callers write it (defaults may be omitted). */
export type BlockContentInput = z.input<typeof BlockContent>;

export interface OpenWorkspaceOptions {
  readonly?: boolean;
  /** when another program holds the file for writing: open it read-only (with a notice) instead of refusing */
  readonlyIfLocked?: boolean;
  /** integrity check on open (db/open.ts CheckLevel); default 'full' */
  check?: CheckLevel;
}

/** A summary of one workspace file (`qar info`, title bar). */
export interface WorkspaceSummary {
  path: string;
  readonly: boolean;
  profile: SchoolProfile;
  framework: FrameworkRef;
  years: number[];
  counts: ReturnType<WorkspaceStore['counts']>;
  /** schema version of the file on disk, and the one this program writes */
  schemaVersion: number;
  fileSchemaVersion: number;
  /** set when opening migrated an older file (the backup written first) */
  backupPath?: string;
  /** a framework stored inside the workspace (its text left out) */
  storedFramework?: Omit<StoredFramework, 'json'>;
  /** the framework's title, edition and version as its file declares them (undefined when it cannot say) */
  frameworkHeading?: FrameworkHeading;
  /** last year's file this workspace was made from */
  origin?: WorkspaceOrigin;
}

/**
 * A read that met rows the file should not hold (a hostile or damaged .qar: a value of the wrong type, JSON that
 * does not parse, a missing table) as one Chinese CORRUPT line naming the place, instead of an internal dump.
 * Only storage-shaped failures are converted (SQLite, zod, JSON); a programming error stays what it is.
 */
export function damagedRead(path: string, e: unknown): unknown {
  const file = `「${basename(path)}」`;
  // a row db/rows.ts refused names its place already: say which file it is in
  if (e instanceof DamagedRowError) {
    return new QarError('CORRUPT', `${file}中的数据已损坏（${e.where}），${DAMAGED_ROW_ADVICE}`, { cause: e });
  }
  if (isQarError(e)) return e;
  const advice = '请改用该文件的备份，或向报送学校重新索取。';
  const err = e as { name?: string; code?: unknown; message?: string; issues?: { path: PropertyKey[] }[] };
  let where: string | null = null;
  if (err?.name === 'ZodError' && Array.isArray(err.issues))
    where = `「${formatPath(err.issues[0]?.path ?? [])}」不符合格式`;
  else if (err?.name === 'SyntaxError') where = '内容块或批注中的 JSON 无法解析';
  else if (typeof err?.code === 'string' && err.code.startsWith('SQLITE_')) {
    const table = /no such (?:table|column): (\S+)/.exec(err.message ?? '')?.[1];
    // SQLite's code stays in the cause for a diagnosis; the message says what it means
    where = table ? `缺少数据表或字段 ${table}` : sqliteReadProblem(err.code);
  }
  if (!where) return e;
  return new QarError('CORRUPT', `${file}中的数据已损坏（${where}），无法读取。${advice}`, { cause: e });
}

/** A failed read's SQLite code, in words: the part of damagedRead's message that says what went wrong. */
function sqliteReadProblem(code: string): string {
  if (code.startsWith('SQLITE_CORRUPT')) return '文件内部的数据结构已损坏';
  if (code.startsWith('SQLITE_NOTADB')) return '文件已不是有效的工作区文件';
  return '数据库读取失败';
}

/** Derived copies written along with a change (logged with how 'derived'). */
export interface DerivedWrites {
  derived: PlannedValue[];
}

/** An open workspace's images as a checking reader gives them (WorkspaceSession.checkedAssets). */
export interface CheckedAssets {
  assetBytes(id: string): Buffer;
  assetSha256(id: string): string | undefined;
  /** images whose bytes differed from their recorded hash in a file that passed the quick_check, in reading order */
  readonly unmatched: readonly AssetMeta[];
}

/** One open workspace. Methods are synchronous except opening (the backup before a migration is async). */
export class WorkspaceSession {
  /** PRAGMA data_version last seen: it changes when another connection (another program) commits to the file */
  private dataVersion: number;
  /** the file's identity when opened: a file replaced by another (a rename over it) is another inode */
  private fileId: string;

  constructor(
    readonly store: WorkspaceStore,
    /** one Chinese sentence the UI shows on opening (e.g. opened read-only because someone else is editing) */
    readonly notice?: string,
  ) {
    this.dataVersion = this.readDataVersion();
    this.fileId = this.readFileId();
  }

  private readFileId(): string {
    try {
      const st = statSync(this.store.path);
      return `${st.dev}:${st.ino}`;
    } catch {
      return 'gone';
    }
  }

  private readDataVersion(): number {
    return this.store.opened.db.pragma('data_version', { simple: true }) as number;
  }

  /**
   * Whether another program changed the file since the last call (the CLI importing into it, another window).
   * Our own saves do not count. Cheap: one pragma, no file read.
   */
  outsideChanged(): boolean {
    if (!this.store.opened.db.open) return false;
    const v = this.readDataVersion();
    const id = this.readFileId();
    const changed = v !== this.dataVersion || id !== this.fileId;
    this.dataVersion = v;
    this.fileId = id;
    return changed;
  }

  private historyOf?: WorkspaceHistory;

  /** 历史版本: the log of every change, restores and snapshots of this workspace (db/history.ts). */
  versions(): WorkspaceHistory {
    this.historyOf ??= new WorkspaceHistory(this.store);
    return this.historyOf;
  }

  /** Who else has this file open for writing right now (read-only sessions only; null: nobody). */
  writerElsewhere(): LockHolder | null {
    return this.readonly ? readLockHolder(this.path) : null;
  }

  get path(): string {
    return this.store.path;
  }
  get readonly(): boolean {
    return this.store.readonly;
  }

  /** Runs a read, turning damaged-file failures into one Chinese CORRUPT line (damagedRead). */
  private read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw damagedRead(this.store.path, e);
    }
  }

  info(): WorkspaceSummary {
    // one read transaction: the counts, the profile and the framework of one state of the file
    return this.read(() => this.store.readTransaction(() => this.summary()));
  }

  private summary(): WorkspaceSummary {
    const o = this.store.opened;
    return {
      path: o.path,
      readonly: o.readonly,
      profile: this.store.getProfile(),
      framework: this.store.getFramework(),
      years: this.store.getYears().map((y) => y.year),
      counts: this.store.counts(),
      schemaVersion: o.schemaVersion,
      fileSchemaVersion: o.readonly ? o.foundVersion : o.schemaVersion,
      backupPath: o.backupPath,
      ...this.editionInfo(),
    };
  }

  private editionInfo(): Pick<WorkspaceSummary, 'storedFramework' | 'origin' | 'frameworkHeading'> {
    // these three alone, not getWorkspace (every value, block and comment parsed: most of `qar info`'s own work)
    const framework = this.store.getFramework();
    const storedFramework = this.store.getStoredFramework();
    const origin = this.store.getOrigin();
    const out: Pick<WorkspaceSummary, 'storedFramework' | 'origin' | 'frameworkHeading'> = {};
    const heading = frameworkHeading(framework, storedFramework);
    if (heading) out.frameworkHeading = heading;
    if (storedFramework) {
      const { json: _json, ...meta } = storedFramework;
      out.storedFramework = meta;
    }
    if (origin) out.origin = origin;
    return out;
  }

  getWorkspace(): Workspace {
    return this.read(() => this.store.getWorkspace());
  }

  setProfile(profile: z.input<typeof SchoolProfile>): SchoolProfile {
    return this.store.setProfile(profile);
  }
  setFramework(ref: FrameworkRef): FrameworkRef {
    return this.store.setFramework(ref);
  }
  setReportLayout(layout: ReportLayout): ReportLayout {
    return this.store.setReportLayout(layout);
  }
  putYear(info: { year: number; hasGraduates?: boolean; note?: string }) {
    return this.store.putYear(info);
  }

  /**
   * Writes the changes in one transaction. Given the framework, stored copies of derived values that agreed with
   * their formula follow the change (core/values/recompute planFollow), in the same transaction, logged 'derived'.
   */
  setValues(changes: readonly ValueChange[], how: ValueSource, fw?: Framework): SetValuesResult & DerivedWrites {
    // read-only files: the store refuses with its own message
    if (!fw || this.readonly) return { ...this.store.setValues(changes, how), derived: [] };
    this.checkNotApplicable(changes, fw);
    // better-sqlite3 runs the store's own transactions inside this one as savepoints: all or nothing
    return this.store.opened.db
      .transaction(() => {
        const derived = planFollow(fw, this.store.getValues(), changes);
        const r = this.store.setValues(changes, how);
        if (derived.length) this.store.setValues(derived, 'derived');
        return { ...r, derived };
      })
      .immediate();
  }

  /** A 「不适用」 mark that cannot be taken, said with the indicator's name (the store refuses it too, by id). */
  private checkNotApplicable(changes: readonly ValueChange[], fw: Framework): void {
    const marks = changes.filter((c) => c?.notApplicable === true);
    if (marks.length === 0) return;
    const stored = new Map(this.store.getValues().map((v) => [`${v.year}|${v.indicatorId}`, v.note]));
    for (const c of marks) {
      const problem = notApplicableProblem(c, c.note ?? stored.get(`${c.year}|${c.indicatorId}`) ?? '');
      if (!problem) continue;
      const name = indicatorOf(fw, c.indicatorId)?.name ?? c.indicatorId;
      throw new QarError('BAD_INPUT', `${c.year}年「${name}」：${problem}没有保存任何修改。`);
    }
  }

  /** 按公式重新计算 (core/values/recompute planRecompute): conflicting copies become the computed values. */
  recompute(fw: Framework, cells?: readonly CellRef[]): DerivedWrites {
    const derived = planRecompute(fw, this.store.getValues(), cells);
    if (derived.length) this.store.setValues(derived, 'derived');
    return { derived };
  }
  history(filter: ChangeLogFilter): ChangeEntry[] {
    return this.read(() => this.store.getChangeLog(filter));
  }

  createBlock(sectionId: string, content: BlockContentInput, index?: number): Block {
    return this.store.createBlock(sectionId, content, index);
  }
  updateBlock(id: string, content: BlockContentInput): Block {
    return this.store.updateBlock(id, content);
  }
  deleteBlock(id: string): void {
    this.store.deleteBlock(id);
  }
  reorderBlocks(sectionId: string, ids: readonly string[]): Block[] {
    this.store.reorderBlocks(sectionId, ids);
    return this.store.getBlocks(sectionId);
  }

  addAsset(bytes: Uint8Array, meta: NewAsset): AssetMeta {
    return this.store.addAsset(bytes, meta);
  }
  getAssetBytes(id: string): Buffer {
    return this.store.getAssetBytes(id);
  }

  /**
   * The images' bytes for a reader that prints them from a file opened with check 'read' (`qar report`), which did
   * not check their pages (db/open.ts): each image's bytes are hashed and compared with the sha256 recorded for it
   * in `recorded` (getWorkspace's rows, read by a table scan, not the row the bytes come from). Bytes that match are
   * what was stored. Bytes that differ (a torn page, an overflow chain into another image's pages, an index that
   * leads to another image's row, a flipped bit inside a photo, or only a recorded hash out of step, which an
   * import of a hand-edited workspace JSON could leave) get the whole file's quick_check, the check such an open
   * ran before: a file that fails it is refused as damaged; one that passes gives its bytes as they are, as
   * before, and they are listed in `unmatched` for the caller to tell the user.
   * `assetSha256` is the sha256 of the bytes assetBytes gave for an image (the export cache keys by it,
   * core/docx/media.ts), undefined before they are read.
   */
  checkedAssets(recorded: readonly AssetMeta[]): CheckedAssets {
    const byId = new Map(recorded.map((a) => [a.id, a]));
    const hashes = new Map<string, string>();
    const unmatched: AssetMeta[] = [];
    // the whole file's quick_check ran (and passed) already
    let checked = false;
    return {
      assetBytes: (id) => {
        // an unknown id is the store's NOT_FOUND; a torn page met while reading, or a failed check, one Chinese
        // CORRUPT line (damagedRead)
        const bytes = this.read(() => this.store.getAssetBytes(id));
        const hash = createHash('sha256').update(bytes).digest('hex');
        const meta = byId.get(id);
        // bytes with no row of theirs in the table scan are unlike any record too
        if (hash !== meta?.sha256) {
          if (!checked) this.read(() => this.store.assertSound());
          checked = true;
          if (meta && !unmatched.includes(meta)) unmatched.push(meta);
        }
        hashes.set(id, hash);
        return bytes;
      },
      assetSha256: (id) => hashes.get(id),
      unmatched,
    };
  }

  /**
   * Runs several writes as ONE transaction (all or nothing). The store's own per-call transactions nest inside it
   * as savepoints (better-sqlite3), so a failure anywhere rolls every write of `fn` back.
   */
  atomically<T>(fn: () => T): T {
    if (this.readonly)
      throw new QarError('READ_ONLY', '工作区以只读方式打开，不能修改。如需修改，请以读写方式打开该文件。');
    return this.store.opened.db.transaction(fn).immediate();
  }

  listComments(status: 'open' | 'resolved' | 'all' = 'all'): ReviewComment[] {
    const all = this.read(() => this.store.getComments());
    return status === 'all' ? all : all.filter((c) => c.status === status);
  }
  addComment(input: NewComment): ReviewComment {
    return this.store.addComment(input);
  }
  resolveComment(id: string, resolved = true): ReviewComment {
    return this.store.updateComment(id, { status: resolved ? 'resolved' : 'open' });
  }

  exportData(): WorkspaceExport {
    return this.read(() => exportWorkspace(this.store));
  }
  /** Writes the lossless JSON export; returns the bytes written. */
  exportJsonFile(outPath: string): number {
    const text = exportToJson(this.exportData());
    writeAtomically(outPath, text);
    return Buffer.byteLength(text);
  }

  /**
   * 另存为: a consistent copy of the open file at `path` through SQLite's backup API (never a raw file copy,
   * which could miss pages still in the WAL). Refuses an existing target unless `replace` (the user confirmed
   * in the save dialog); the copy appears only when complete.
   */
  async saveCopy(path: string, opts: { replace?: boolean } = {}): Promise<void> {
    if (existsSync(path) && !opts.replace) {
      throw new QarError('CONFLICT', `目标文件「${basename(path)}」已存在，请换一个文件名。`);
    }
    let tmp: string | undefined;
    try {
      tmp = createTempBeside(path);
      await this.store.opened.db.backup(tmp);
      fsyncPath(tmp);
      // a stale -wal/-journal beside the target would be replayed into the new copy
      for (const side of ['-wal', '-shm', '-journal']) rmSync(`${path}${side}`, { force: true });
      commitTemp(tmp, path);
    } catch (e) {
      if (tmp) for (const side of ['', '-journal']) rmSync(`${tmp}${side}`, { force: true });
      throw fileWriteError(path, e);
    }
  }

  close(): void {
    this.store.close();
  }
}

export async function openWorkspace(path: string, opts: OpenWorkspaceOptions = {}): Promise<WorkspaceSession> {
  const open = { readonly: opts.readonly, check: opts.check };
  try {
    return new WorkspaceSession(await WorkspaceStore.open(path, open));
  } catch (e) {
    if (!(e instanceof LockedError) || opts.readonly || !opts.readonlyIfLocked) throw e;
    const who = e.holder ? describeHolder(e.holder) : '另一程序';
    const notice = `「${basename(path)}」正由${who}编辑，已以只读方式打开。那里关闭文件后，重新打开即可修改。`;
    return new WorkspaceSession(await WorkspaceStore.open(path, { ...open, readonly: true }), notice);
  }
}

/**
 * What to tell a user who hands over (copies, exports, saves as) a file that another program is editing right now:
 * the copy holds what was saved there up to this moment. null when nobody else is writing it.
 */
export function handOverNotice(s: WorkspaceSession): string | null {
  const h = s.writerElsewhere();
  if (!h) return null;
  return `提示：「${basename(s.path)}」正由${describeHolder(h)}编辑，导出或复制的是它此刻已保存的内容；那里之后的修改不在其中。`;
}

/** Creates a new workspace file (CONFLICT when it exists) and opens it read-write. */
export async function createWorkspace(
  path: string,
  input: CreateWorkspaceInput,
  opts: { outline?: Outline } = {},
): Promise<WorkspaceSession> {
  createWorkspaceFile(path, input, opts);
  return openWorkspace(path);
}

/**
 * Reads a user's JSON export from disk (size cap before reading, streamed parse), checks its shape and every
 * picture (the checks of 插入图片), and only then writes it as a new .qar (CONFLICT unless replace). A refusal
 * writes nothing.
 */
export async function importJsonFile(
  jsonPath: string,
  targetPath: string,
  opts: { replace?: boolean } = {},
): Promise<WorkspaceExport> {
  const exp = parseWorkspaceExport(await readWorkspaceJsonFile(jsonPath));
  await checkExportAssets(exp);
  writeNewWorkspace(targetPath, (store) => store.loadExport(exp), opts);
  return exp;
}

/** Writes a workspace export (e.g. the demo school) as a new .qar. */
export function writeExportAsWorkspace(
  exp: WorkspaceExport,
  targetPath: string,
  opts: { replace?: boolean } = {},
): void {
  importWorkspace(exp, targetPath, opts);
}

/** Opens read-only, summarises, closes. */
export async function workspaceInfo(path: string): Promise<WorkspaceSummary> {
  // 'read': the full check of every table a summary reads (it counts the images' rows, never reads their bytes),
  // not of every photo's pages, which on a school's 100 MB file took seconds for a few lines of text
  const s = await openWorkspace(path, { readonly: true, check: 'read' });
  try {
    return s.info();
  } finally {
    s.close();
  }
}
