/**
 * Exporting one school's comments in the format its file name asks for: .json (the machine format the school
 * imports), .docx or .xlsx (for a person to read; places in words, core/review/comment-places.ts). The readable
 * formats need the school's workspace to name places; `placeSourceFromFile` reads it read-only (the effectful
 * edge, like core/review/load.ts) and says in one sentence what it could and could not use.
 */
import { basename } from 'node:path';
import { isQarError, QarError } from '../errors';
import type { Framework } from '../framework/schema';
import type { FrameworkRef, SchoolProfile } from '../model';
import { validateWorkspace } from '../validate/engine';
import { type PlaceSource, readableComments } from './comment-places';
import { type CommentsFile, commentsFileJson, sameSchool } from './comments';
import { writeCommentsDocx } from './comments-docx';
import { writeCommentsXlsx } from './comments-xlsx';
import { loadOne } from './load';

export type CommentsFormat = 'json' | 'docx' | 'xlsx';
export const COMMENTS_EXTENSIONS = ['.json', '.docx', '.xlsx'] as const;

/** The format a file name asks for, or null. */
export function commentsFormatOf(path: string): CommentsFormat | null {
  const m = /\.(json|docx|xlsx)$/i.exec(path);
  return m ? ((m[1] as string).toLowerCase() as CommentsFormat) : null;
}

export function requireCommentsFormat(path: string): CommentsFormat {
  const f = commentsFormatOf(path);
  if (!f) {
    throw new QarError(
      'BAD_INPUT',
      `参数有误：审核意见文件应以 .docx（Word，供阅读）、.xlsx（Excel，供阅读筛选）或 .json（导入学校工作区）结尾（收到「${basename(path)}」）。`,
    );
  }
  return f;
}

/** The bytes of the comments file in `format`; the place source is only asked for by the readable formats. */
export async function commentsFileBytes(
  cf: CommentsFile,
  format: CommentsFormat,
  source: () => PlaceSource | Promise<PlaceSource>,
): Promise<Buffer> {
  if (format === 'json') return Buffer.from(commentsFileJson(cf), 'utf8');
  const rc = readableComments(cf, await source());
  return format === 'docx' ? writeCommentsDocx(rc) : writeCommentsXlsx(rc);
}

export const NOTE_NO_FILE =
  '审核意见文件中没有记录该校工作区文件的位置，位置按编号列出（导出时可用 --workspace 指定该校的 .qar 文件）。';

/**
 * The school's workspace (read-only), its framework and findings, for naming places. Never throws for a file
 * that cannot be used: the note says why and places are then named by their ids.
 */
export async function placeSourceFromFile(
  path: string,
  school: Pick<SchoolProfile, 'name' | 'code'>,
  expectedSha256: string,
  resolveFramework: (ref: FrameworkRef, level: SchoolProfile['level']) => Framework,
): Promise<PlaceSource & { unusable?: string }> {
  if (!path) return { note: NOTE_NO_FILE };
  const name = basename(path);
  const loaded = await loadOne(path);
  const ws = loaded.ws;
  if (!ws) {
    const unusable = `未能读取该校工作区文件「${name}」（${loaded.file.reason.replace(/。$/, '')}）`;
    return { note: `${unusable}，位置按编号列出。`, unusable };
  }
  if (!sameSchool(ws.profile, school)) {
    const unusable = `文件「${name}」是「${ws.profile.name}」的工作区，不是「${school.name}」的`;
    return { note: `${unusable}，未使用；位置按编号列出。`, unusable };
  }
  let fw: Framework;
  try {
    fw = resolveFramework(ws.framework, ws.profile.level);
  } catch (e) {
    const why = isQarError(e) ? e.message : '找不到该校使用的指标框架';
    return { ws, note: `位置取自「${name}」，但${why.replace(/。$/, '')}，数据表和规则按编号列出。` };
  }
  const changed = expectedSha256 !== '' && loaded.file.sha256Before !== expectedSha256;
  const note = changed
    ? `位置与原文摘录取自学校工作区文件「${name}」；该文件在审核之后有改动，所摘原文可能与审核时不同。`
    : `位置与原文摘录取自学校工作区文件「${name}」${expectedSha256 ? '（与审核时的文件一致）' : ''}。`;
  return { ws, fw, findings: validateWorkspace(ws, fw).findings, note };
}
