/**
 * Whole-workspace file operations: the lossless JSON export, importing such a JSON into a new .qar, and creating
 * a new workspace laid out from the report outline. New files are always written to a temporary file beside the
 * target and renamed into place, so a crash or a bad input never leaves a half-written target.
 */
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { closeDatabase, createDatabase } from '../db/open';
import { WorkspaceStore } from '../db/store';
import { QarError, TargetExistsError } from './errors';
import { commitTemp, createTempBeside, fsyncPath } from './fs/atomic';
import { fileWriteError } from './fs/disk-errors';
import { cleanLeftoverTemps } from './fs/leftovers';
import {
  type FrameworkRef,
  ReportYearInfo,
  SchoolProfile,
  WORKSPACE_EXPORT_FORMAT,
  WORKSPACE_EXPORT_VERSION,
  WorkspaceExport,
} from './model';
import { getDefaultOutline, type Outline } from './report/outline';
import { stripBom } from './small-file';
import { parseOrBadInput } from './workspace/zod-message';

/** The export of an open workspace: deterministic order, so export → import → export is byte-identical. */
export function exportWorkspace(store: WorkspaceStore): WorkspaceExport {
  const ws = store.getWorkspace();
  const assetData: Record<string, string> = {};
  for (const a of ws.assets) assetData[a.id] = store.getAssetBytes(a.id).toString('base64');
  return {
    format: WORKSPACE_EXPORT_FORMAT,
    formatVersion: WORKSPACE_EXPORT_VERSION,
    ...ws,
    changes: store.getChangeLog(),
    assetData,
  };
}

/** JSON text of an export (2-space indent, trailing newline). */
export function exportToJson(exp: WorkspaceExport): string {
  return `${JSON.stringify(exp, null, 2)}\n`;
}

const IMPORT_ADVICE = '请检查该 JSON 文件，或重新从质量年报工作台导出。';

/** Validates the shape (zod) and the cross references, returning the parsed export or throwing BAD_INPUT. */
export function parseWorkspaceExport(input: unknown): WorkspaceExport {
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(stripBom(input));
    } catch {
      throw new QarError('BAD_INPUT', `文件内容不是有效的 JSON（可能不完整或不是导出文件）。${IMPORT_ADVICE}`);
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new QarError('BAD_INPUT', `文件内容不是工作区导出数据。${IMPORT_ADVICE}`);
  }
  const fmt = (data as { format?: unknown }).format;
  if (fmt !== WORKSPACE_EXPORT_FORMAT) {
    throw new QarError(
      'BAD_INPUT',
      `这不是质量年报工作台导出的工作区 JSON（缺少 "format": "${WORKSPACE_EXPORT_FORMAT}"）。${IMPORT_ADVICE}`,
    );
  }
  const ver = (data as { formatVersion?: unknown }).formatVersion;
  if (typeof ver === 'number' && ver > WORKSPACE_EXPORT_VERSION) {
    throw new QarError(
      'NEWER',
      `该 JSON 由更新版本的质量年报工作台导出（格式版本 ${ver}，本程序支持 ${WORKSPACE_EXPORT_VERSION}），请升级程序后再导入。`,
    );
  }
  const exp = parseOrBadInput(WorkspaceExport, data, '导入文件有误', IMPORT_ADVICE);
  checkReferences(exp);
  return exp;
}

function bad(msg: string): never {
  throw new QarError('BAD_INPUT', `导入文件有误：${msg}。${IMPORT_ADVICE}`);
}

function dupes<T>(items: readonly T[], key: (t: T) => string, label: (i: number) => string): void {
  const seen = new Set<string>();
  items.forEach((t, i) => {
    const k = key(t);
    if (seen.has(k)) bad(`「${label(i)}」与前面的项重复（${k}）`);
    seen.add(k);
  });
}

/** What zod cannot see: duplicates, dangling references, image bytes that do not match their metadata. */
function checkReferences(exp: WorkspaceExport): void {
  dupes(
    exp.years,
    (y) => String(y.year),
    (i) => `years[${i}]`,
  );
  dupes(
    exp.values,
    (v) => `${v.year}/${v.indicatorId}`,
    (i) => `values[${i}]`,
  );
  dupes(
    exp.changes,
    (c) => String(c.id),
    (i) => `changes[${i}].id`,
  );
  dupes(
    exp.chapters,
    (c) => c.id,
    (i) => `chapters[${i}].id`,
  );
  dupes(
    exp.sections,
    (s) => s.id,
    (i) => `sections[${i}].id`,
  );
  dupes(
    exp.blocks,
    (b) => b.id,
    (i) => `blocks[${i}].id`,
  );
  dupes(
    exp.assets,
    (a) => a.id,
    (i) => `assets[${i}].id`,
  );
  dupes(
    exp.comments,
    (c) => c.id,
    (i) => `comments[${i}].id`,
  );
  const years = new Set(exp.years.map((y) => y.year));
  exp.values.forEach((v, i) => {
    if (!years.has(v.year)) bad(`「values[${i}].year」${v.year} 不在 years 列表中`);
  });
  exp.chapters.forEach((c, i) => {
    if (!years.has(c.year)) bad(`「chapters[${i}].year」${c.year} 不在 years 列表中`);
  });
  const chapters = new Set(exp.chapters.map((c) => c.id));
  exp.sections.forEach((s, i) => {
    if (!chapters.has(s.chapterId)) bad(`「sections[${i}].chapterId」指向不存在的章节`);
  });
  const sections = new Set(exp.sections.map((s) => s.id));
  const assets = new Set(exp.assets.map((a) => a.id));
  exp.blocks.forEach((b, i) => {
    if (!sections.has(b.sectionId)) bad(`「blocks[${i}].sectionId」指向不存在的小节`);
    const c = b.content;
    const refs = c.kind === 'photo' ? [c.assetId] : c.kind === 'case' ? c.photos.map((p) => p.assetId) : [];
    for (const r of refs) if (!assets.has(r)) bad(`「blocks[${i}].content」引用了不存在的图片 ${r}`);
  });
  const comments = new Set(exp.comments.map((c) => c.id));
  exp.comments.forEach((c, i) => {
    if (c.parentId !== null && !comments.has(c.parentId)) bad(`「comments[${i}].parentId」指向不存在的批注`);
  });
  exp.assets.forEach((a, i) => {
    const b64 = exp.assetData[a.id];
    if (b64 === undefined) bad(`「assetData」缺少图片 ${a.id} 的数据`);
    const bytes = Buffer.from(b64, 'base64');
    if (bytes.toString('base64') !== b64) bad(`「assetData.${a.id}」不是有效的 base64`);
    if (bytes.length !== a.bytes || createHash('sha256').update(bytes).digest('hex') !== a.sha256) {
      bad(`「assets[${i}]」的图片数据与其大小或校验值不符（文件可能被截断或改动）`);
    }
  });
  for (const id of Object.keys(exp.assetData)) {
    if (!assets.has(id)) bad(`「assetData.${id}」没有对应的图片信息`);
  }
  // editions: last year's text may show carried photos; a stored framework must match its hash
  (exp.references ?? []).forEach((r, i) => {
    r.items.forEach((it, j) => {
      if (it.assetId !== undefined && !assets.has(it.assetId)) {
        bad(`「references[${i}].items[${j}].assetId」引用了不存在的图片 ${it.assetId}`);
      }
    });
  });
  dupes(
    exp.references ?? [],
    (r) => r.id,
    (i) => `references[${i}].id`,
  );
  const sf = exp.storedFramework;
  if (sf && createHash('sha256').update(sf.json, 'utf8').digest('hex') !== sf.sha256) {
    bad('「storedFramework」的内容与其校验值（sha256）不符（文件可能被改动）');
  }
}

function sideFiles(p: string): string[] {
  return [p, `${p}-wal`, `${p}-shm`, `${p}-journal`];
}

/**
 * Builds a new .qar at `targetPath` by running `fill` on a fresh store in a temp file beside it, then renaming
 * the temp file over the target. An existing target is refused (CONFLICT) unless `replace`.
 */
export function writeNewWorkspace(
  targetPath: string,
  fill: (store: WorkspaceStore) => void,
  opts: { replace?: boolean } = {},
): void {
  if (existsSync(targetPath) && !opts.replace) throw new TargetExistsError(targetPath);
  const dir = dirname(targetPath);
  if (!existsSync(dir)) throw new QarError('NOT_FOUND', `目标文件夹「${dir}」不存在，请先创建该文件夹。`);
  cleanLeftoverTemps(targetPath);
  let tmp: string | undefined;
  try {
    // an exclusively created, randomly named temp file: a link planted beside the target is never written through
    tmp = createTempBeside(targetPath);
    const opened = createDatabase(tmp);
    const store = new WorkspaceStore(opened);
    try {
      fill(store);
    } finally {
      closeDatabase(opened);
    }
    fsyncPath(tmp);
    // A leftover -wal/-journal of an earlier file at the target would be replayed into the new one: remove them.
    for (const p of sideFiles(targetPath).slice(1)) rmSync(p, { force: true });
    commitTemp(tmp, targetPath);
  } catch (e) {
    if (tmp) for (const p of sideFiles(tmp)) rmSync(p, { force: true });
    throw fileWriteError(targetPath, e);
  }
}

/** Imports a workspace export (JSON text or parsed data) into a NEW .qar file at `targetPath`. */
export function importWorkspace(
  exportJson: unknown,
  targetPath: string,
  opts: { replace?: boolean } = {},
): WorkspaceExport {
  const exp = parseWorkspaceExport(exportJson);
  writeNewWorkspace(targetPath, (store) => store.loadExport(exp), opts);
  return exp;
}

// ------------------------------------------------------------------------------------------------- new workspace

/** The default report outline (templates/outlines/school-2024.json): chapter and section keys and titles. */
export function reportOutline(): Outline {
  return getDefaultOutline();
}

export const CreateWorkspaceInput = z.object({
  profile: SchoolProfile,
  framework: z.object({ id: z.string().min(1).max(100), version: z.string().min(1).max(50) }),
  /** default: the report year and the two before it (trend charts need three years) */
  years: z.array(ReportYearInfo).optional(),
});
export type CreateWorkspaceInput = z.input<typeof CreateWorkspaceInput>;

/**
 * Creates a new .qar: profile, framework ref, years, and the outline's chapters/sections for the report year
 * (the outline of the framework's kind and edition; default the 2024 school outline).
 */
export function createWorkspace(
  path: string,
  input: CreateWorkspaceInput,
  opts: { replace?: boolean; outline?: Outline } = {},
): void {
  const c = parseOrBadInput(CreateWorkspaceInput, input, '新建工作区');
  const ry = c.profile.reportYear;
  const years = c.years ?? [ry - 2, ry - 1, ry].map((year) => ReportYearInfo.parse({ year }));
  if (!years.some((y) => y.year === ry)) years.push(ReportYearInfo.parse({ year: ry }));
  const outline = opts.outline ?? getDefaultOutline();
  writeNewWorkspace(
    path,
    (store) => {
      store.setProfile(c.profile, c.framework as FrameworkRef);
      for (const y of years) store.putYear(y);
      store.createChapter({ year: ry, key: outline.preface.key, title: outline.preface.title });
      for (const ch of outline.chapters) {
        const chapter = store.createChapter({ year: ry, key: ch.key, title: ch.title });
        for (const s of ch.sections) store.createSection(chapter.id, { key: s.key, title: s.title });
      }
    },
    opts,
  );
}
