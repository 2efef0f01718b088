/**
 * Review comments, outside the schools' files.
 *
 * A reviewer keeps one review file (JSON, format 'qar-review'): per school (school code/name + the sha256 of the
 * .qar that was reviewed) a list of ReviewComment (core/model.ts) on a cell, a block, a finding or the whole
 * workspace, with reply threads and resolution. From it a comments file per school is exported (format
 * 'qar-comments') and sent back; the school imports it into its own .qar through the storage layer's comment
 * CRUD. Import refuses a file meant for another school, and a re-import adds nothing twice: comments are matched
 * by content (target, author, text, parent), counting repeats, because the store assigns its own ids.
 *
 * Everything here is pure except `importComments`, which writes through the sink it is given.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { QarError } from '../errors';
import {
  type CommentTarget,
  IsoTime,
  ReviewComment,
  type ReviewComment as ReviewCommentT,
  SchoolLevel,
  type SchoolProfile,
} from '../model';
import { stripBom } from '../small-file';
import { parseOrBadInput } from '../workspace/zod-message';

export const REVIEW_FILE_FORMAT = 'qar-review';
export const COMMENTS_FILE_FORMAT = 'qar-comments';
export const REVIEW_FILE_VERSION = 1;

export const SchoolRef = z.object({
  name: z.string().min(1).max(100),
  code: z.string().max(20).default(''),
  level: SchoolLevel.optional(),
});
export type SchoolRef = z.infer<typeof SchoolRef>;

const Sha = z.string().regex(/^([0-9a-f]{64})?$/, '应为 64 位十六进制的 SHA-256');

export const ReviewSchool = z.object({
  school: SchoolRef,
  /** the reviewed file: where it was and its sha256 at review time */
  file: z.object({ path: z.string().max(1000).default(''), sha256: Sha.default('') }),
  comments: z.array(ReviewComment).max(5000).default([]),
});
export type ReviewSchool = z.infer<typeof ReviewSchool>;

export const ReviewFile = z.object({
  format: z.literal(REVIEW_FILE_FORMAT),
  formatVersion: z.literal(REVIEW_FILE_VERSION),
  reviewer: z.string().max(100).default(''),
  title: z.string().max(200).default(''),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  schools: z.array(ReviewSchool).max(2000).default([]),
});
export type ReviewFile = z.infer<typeof ReviewFile>;

export const CommentsFile = z.object({
  format: z.literal(COMMENTS_FILE_FORMAT),
  formatVersion: z.literal(REVIEW_FILE_VERSION),
  reviewer: z.string().max(100).default(''),
  exportedAt: IsoTime,
  school: SchoolRef,
  reviewedSha256: Sha.default(''),
  comments: z.array(ReviewComment).max(5000),
});
export type CommentsFile = z.infer<typeof CommentsFile>;

export interface Clock {
  now?: () => string;
  newId?: () => string;
}
const nowOf = (c: Clock) => (c.now ?? (() => new Date().toISOString()))();
const idOf = (c: Clock) => (c.newId ?? randomUUID)();

// ------------------------------------------------------------------------------------------------ parsing

/** A comments file is small JSON; anything much larger is not one. */
export const MAX_COMMENTS_FILE_BYTES = 10 * 1024 * 1024;
/** A reviewer's file holds every school's comments: larger, still small. */
export const MAX_REVIEW_FILE_BYTES = 20 * 1024 * 1024;

function parseJsonish(input: unknown, what: string): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(stripBom(input));
  } catch {
    throw new QarError('BAD_INPUT', `${what}不是有效的 JSON（可能不完整或不是本程序导出的文件）。`);
  }
}

function requireFormat(data: unknown, format: string, what: string, other: string): void {
  const f = data && typeof data === 'object' ? (data as { format?: unknown }).format : undefined;
  if (f === format) return;
  if (f === other) {
    throw new QarError(
      'BAD_INPUT',
      format === COMMENTS_FILE_FORMAT
        ? '这是审阅人自己的审阅文件（qar-review），不能直接导入学校工作区；请先用 qar comments export 为该校导出批注文件。'
        : '这是发给学校的批注文件（qar-comments），不是审阅文件。',
    );
  }
  throw new QarError('BAD_INPUT', `文件不是${what}（format 应为 "${format}"）。`);
}

export function parseReviewFile(input: unknown): ReviewFile {
  const data = parseJsonish(input, '审阅文件');
  requireFormat(data, REVIEW_FILE_FORMAT, '审阅文件', COMMENTS_FILE_FORMAT);
  const rf = parseOrBadInput(ReviewFile, data, '审阅文件格式有误', '请检查该文件是否被手工改坏。');
  for (const s of rf.schools) checkThreads(s.comments, `「${s.school.name}」的批注`);
  return rf;
}

export function parseCommentsFile(input: unknown): CommentsFile {
  const data = parseJsonish(input, '批注文件');
  requireFormat(data, COMMENTS_FILE_FORMAT, '批注文件', REVIEW_FILE_FORMAT);
  const cf = parseOrBadInput(CommentsFile, data, '批注文件格式有误', '请向审阅人重新索取批注文件。');
  checkThreads(cf.comments, '批注');
  return cf;
}

/** Ids unique, replies point at an earlier comment of the same list (so import can map parents in order). */
function checkThreads(comments: readonly ReviewCommentT[], what: string): void {
  const seen = new Set<string>();
  for (const c of comments) {
    if (seen.has(c.id)) throw new QarError('BAD_INPUT', `${what}中编号「${c.id}」重复。`);
    if (c.parentId !== null && !seen.has(c.parentId)) {
      throw new QarError('BAD_INPUT', `${what}中「${c.id}」回复的批注「${c.parentId}」不存在或排在它之后。`);
    }
    seen.add(c.id);
  }
}

export function reviewFileJson(rf: ReviewFile): string {
  return `${JSON.stringify(ReviewFile.parse(rf), null, 2)}\n`;
}
export function commentsFileJson(cf: CommentsFile): string {
  return `${JSON.stringify(CommentsFile.parse(cf), null, 2)}\n`;
}

// ------------------------------------------------------------------------------------------------ review file ops

export function createReviewFile(opts: { reviewer?: string; title?: string } & Clock = {}): ReviewFile {
  const t = nowOf(opts);
  return {
    format: REVIEW_FILE_FORMAT,
    formatVersion: REVIEW_FILE_VERSION,
    reviewer: opts.reviewer ?? '',
    title: opts.title ?? '',
    createdAt: t,
    updatedAt: t,
    schools: [],
  };
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** Same school: by code when both have one, else by name (whitespace ignored). */
export function sameSchool(a: Pick<SchoolRef, 'name' | 'code'>, b: Pick<SchoolRef, 'name' | 'code'>): boolean {
  const ca = a.code.trim();
  const cb = b.code.trim();
  if (ca && cb) return ca === cb;
  return squash(a.name) === squash(b.name);
}

/** Finds a school by code or name (what the CLI's --school takes). */
export function findSchool(rf: ReviewFile, key: string): ReviewSchool {
  const k = key.trim();
  const hit =
    rf.schools.find((s) => s.school.code.trim() !== '' && s.school.code.trim() === k) ??
    rf.schools.find((s) => squash(s.school.name) === squash(k));
  if (!hit) {
    const known = rf.schools.map((s) => (s.school.code ? `${s.school.name}（${s.school.code}）` : s.school.name));
    throw new QarError('NOT_FOUND', `审阅文件中没有学校「${key}」。已有：${known.join('、') || '无'}。`);
  }
  return hit;
}

/** Adds the school (or updates its file path/sha256 after a new hand-in). Returns a new review file. */
export function upsertSchool(
  rf: ReviewFile,
  school: z.input<typeof SchoolRef>,
  file: { path?: string; sha256?: string } = {},
  clock: Clock = {},
): ReviewFile {
  const ref = SchoolRef.parse(school);
  const schools = rf.schools.map((s) =>
    sameSchool(s.school, ref)
      ? {
          ...s,
          school: { ...s.school, ...ref },
          file: { path: file.path ?? s.file.path, sha256: file.sha256 ?? s.file.sha256 },
        }
      : s,
  );
  if (!rf.schools.some((s) => sameSchool(s.school, ref))) {
    schools.push({ school: ref, file: { path: file.path ?? '', sha256: file.sha256 ?? '' }, comments: [] });
  }
  return { ...rf, schools, updatedAt: nowOf(clock) };
}

function mapSchool(rf: ReviewFile, key: string, fn: (s: ReviewSchool) => ReviewSchool, clock: Clock): ReviewFile {
  const target = findSchool(rf, key);
  return { ...rf, schools: rf.schools.map((s) => (s === target ? fn(s) : s)), updatedAt: nowOf(clock) };
}

export interface NewReviewComment {
  target: CommentTarget;
  body: string;
  author?: string;
}

/** Adds a comment on a school; returns the new file and the comment. */
export function addReviewComment(
  rf: ReviewFile,
  schoolKey: string,
  input: NewReviewComment,
  clock: Clock = {},
): { file: ReviewFile; comment: ReviewCommentT } {
  const comment = parseOrBadInput(
    ReviewComment,
    {
      id: idOf(clock),
      parentId: null,
      target: input.target,
      author: input.author ?? rf.reviewer,
      body: input.body,
      status: 'open',
      createdAt: nowOf(clock),
      resolvedAt: null,
    },
    '批注',
  );
  return { file: mapSchool(rf, schoolKey, (s) => ({ ...s, comments: [...s.comments, comment] }), clock), comment };
}

/** Replies to a comment (same target as the comment answered). */
export function replyToComment(
  rf: ReviewFile,
  schoolKey: string,
  parentId: string,
  body: string,
  opts: { author?: string } & Clock = {},
): { file: ReviewFile; comment: ReviewCommentT } {
  const parent = findSchool(rf, schoolKey).comments.find((c) => c.id === parentId);
  if (!parent) throw new QarError('NOT_FOUND', `找不到要回复的批注「${parentId}」。`);
  const comment = parseOrBadInput(
    ReviewComment,
    {
      id: idOf(opts),
      parentId,
      target: parent.target,
      author: opts.author ?? rf.reviewer,
      body,
      status: 'open',
      createdAt: nowOf(opts),
      resolvedAt: null,
    },
    '回复',
  );
  return { file: mapSchool(rf, schoolKey, (s) => ({ ...s, comments: [...s.comments, comment] }), opts), comment };
}

/** Marks a comment resolved (or open again). */
export function resolveReviewComment(
  rf: ReviewFile,
  schoolKey: string,
  commentId: string,
  resolved = true,
  clock: Clock = {},
): ReviewFile {
  if (!findSchool(rf, schoolKey).comments.some((c) => c.id === commentId)) {
    throw new QarError('NOT_FOUND', `找不到批注「${commentId}」。`);
  }
  const t = nowOf(clock);
  return mapSchool(
    rf,
    schoolKey,
    (s) => ({
      ...s,
      comments: s.comments.map((c) =>
        c.id === commentId
          ? { ...c, status: resolved ? 'resolved' : 'open', resolvedAt: resolved ? (c.resolvedAt ?? t) : null }
          : c,
      ),
    }),
    clock,
  );
}

/** The comments file to send back to one school. */
export function exportSchoolComments(rf: ReviewFile, schoolKey: string, clock: Clock = {}): CommentsFile {
  const s = findSchool(rf, schoolKey);
  return {
    format: COMMENTS_FILE_FORMAT,
    formatVersion: REVIEW_FILE_VERSION,
    reviewer: rf.reviewer,
    exportedAt: nowOf(clock),
    school: s.school,
    reviewedSha256: s.file.sha256,
    comments: s.comments,
  };
}

// ------------------------------------------------------------------------------------------------ import

/** What import needs from an open workspace (core/service.ts WorkspaceSession fits). */
export interface CommentSink {
  /** runs `fn` in ONE transaction: an import is all or nothing */
  atomically<T>(fn: () => T): T;
  listComments(): ReviewCommentT[];
  addComment(input: { parentId: string | null; target: CommentTarget; author: string; body: string }): ReviewCommentT;
  resolveComment(id: string, resolved?: boolean): ReviewCommentT;
}

export interface ImportCommentsResult {
  added: number;
  /** already in the workspace (an earlier import) */
  skipped: number;
  /** resolved in the workspace because the reviewer resolved them */
  resolved: number;
}

/** Canonical JSON of a target (key order fixed) for matching. */
function targetKey(t: CommentTarget): string {
  switch (t.type) {
    case 'cell':
      return `cell|${t.tableId}|${t.indicatorId}|${t.year}`;
    case 'block':
      return `block|${t.blockId}`;
    case 'finding':
      return `finding|${t.ruleId}|${t.key}`;
    default:
      return 'workspace';
  }
}

/** Content fingerprints of a thread list, parents included (a reply is the same only under the same parent). */
function fingerprints(list: readonly ReviewCommentT[]): Map<string, string> {
  const byId = new Map(list.map((c) => [c.id, c]));
  const memo = new Map<string, string>();
  const fp = (c: ReviewCommentT, depth = 0): string => {
    const hit = memo.get(c.id);
    if (hit) return hit;
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    const p = parent && depth < 50 ? fp(parent, depth + 1) : '';
    const v = JSON.stringify([targetKey(c.target), c.author, c.body, p]);
    memo.set(c.id, v);
    return v;
  };
  for (const c of list) fp(c);
  return memo;
}

/**
 * Imports a comments file into a school's workspace. Refuses (nothing written) a file for another school.
 * Each comment is added unless the same one (same target, author, text and parent; repeats counted) is there.
 */
export function importComments(
  file: CommentsFile,
  profile: Pick<SchoolProfile, 'name' | 'code'>,
  sink: CommentSink,
): ImportCommentsResult {
  checkCommentsFileSchool(file, profile);
  return sink.atomically(() => importChecked(file, sink));
}

/** Throws (Chinese message) when the comments file is meant for another school than `profile`. */
export function checkCommentsFileSchool(file: CommentsFile, profile: Pick<SchoolProfile, 'name' | 'code'>): void {
  if (!sameSchool(file.school, profile)) {
    const them = file.school.code ? `${file.school.name}（学校代码 ${file.school.code}）` : file.school.name;
    const us = profile.code ? `${profile.name}（学校代码 ${profile.code}）` : profile.name;
    throw new QarError(
      'BAD_INPUT',
      `该批注文件是发给「${them}」的，与本工作区的学校「${us}」不一致，已拒绝导入。工作区未做任何改动。`,
    );
  }
}

function importChecked(file: CommentsFile, sink: CommentSink): ImportCommentsResult {
  const existing = sink.listComments();
  const existingFp = fingerprints(existing);
  // fingerprint -> ids in the workspace not yet matched (repeats of identical comments are matched one to one)
  const pool = new Map<string, string[]>();
  for (const c of existing) {
    const k = existingFp.get(c.id) as string;
    pool.set(k, [...(pool.get(k) ?? []), c.id]);
  }
  const incomingFp = fingerprints(file.comments);
  const idMap = new Map<string, string>(); // file id -> workspace id
  const result: ImportCommentsResult = { added: 0, skipped: 0, resolved: 0 };
  const statusOf = new Map(existing.map((c) => [c.id, c.status]));
  for (const c of file.comments) {
    const k = incomingFp.get(c.id) as string;
    const free = pool.get(k);
    let wsId: string;
    if (free && free.length > 0) {
      wsId = free.shift() as string;
      result.skipped++;
    } else {
      const parentId = c.parentId ? (idMap.get(c.parentId) ?? null) : null;
      wsId = sink.addComment({ parentId, target: c.target, author: c.author, body: c.body }).id;
      statusOf.set(wsId, 'open');
      result.added++;
    }
    idMap.set(c.id, wsId);
    // the reviewer's resolution travels; a school's own resolution is never undone by an older file
    if (c.status === 'resolved' && statusOf.get(wsId) !== 'resolved') {
      sink.resolveComment(wsId, true);
      statusOf.set(wsId, 'resolved');
      result.resolved++;
    }
  }
  return result;
}
