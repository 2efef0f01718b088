/**
 * The report outline (templates/report/outline-*.json): the default chapters and sections a new workspace is
 * created with, which chapters may be left out, and the appendix tables. The document itself follows the
 * workspace's own chapters; the outline only supplies defaults and the optional / challenges flags.
 */
import { z } from 'zod';
import outline2024 from '../../templates/report/outline-2024.json';
import { QarError } from '../errors';
import { TableId } from '../framework/schema';

export const OUTLINE_FORMAT = 'qar-outline';

export const OutlineSection = z.object({
  key: z.string().min(1).max(50),
  title: z.string().min(1).max(100),
});
export type OutlineSection = z.infer<typeof OutlineSection>;

export const OutlineChapter = z.object({
  key: z.string().min(1).max(50),
  title: z.string().min(1).max(100),
  /** an optional chapter is left out of the document when the workspace has nothing in it */
  optional: z.boolean().default(false),
  /** 面临挑战: its blocks are 挑战一/二/三, printed as headings of their own */
  challenges: z.boolean().default(false),
  sections: z.array(OutlineSection).max(50).default([]),
});
export type OutlineChapter = z.infer<typeof OutlineChapter>;

export const Outline = z.object({
  format: z.literal(OUTLINE_FORMAT),
  formatVersion: z.literal(1),
  id: z.string().min(1).max(100),
  edition: z.string().min(1).max(50),
  /** 质量年度报告: the cover reads 「{学校}」「质量年度报告」「（2024年度）」 */
  title: z.string().min(1).max(100),
  basis: z.string().max(2000).default(''),
  preface: z.object({
    key: z.string().min(1).max(50),
    title: z.string().min(1).max(50),
    optional: z.boolean().default(true),
  }),
  chapters: z.array(OutlineChapter).min(1).max(30),
  appendix: z.object({
    title: z.string().min(1).max(50),
    tables: z.array(TableId).max(6),
  }),
});
export type Outline = z.infer<typeof Outline>;

/** Validates an outline read from anywhere (a file the user picked, a template). */
export function parseOutline(data: unknown): Outline {
  const r = Outline.safeParse(data);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first ? first.path.join('.') : '';
    throw new QarError(
      'BAD_INPUT',
      `报告提纲文件格式不正确（${where || '根'}：${first?.message ?? '未知错误'}），请检查提纲文件。`,
    );
  }
  return r.data;
}

let cached: Outline | undefined;
/** The built-in 2024年度 outline (bundled JSON, validated once). */
export function getDefaultOutline(): Outline {
  cached ??= parseOutline(outline2024);
  return cached;
}

/** The outline chapter a workspace chapter came from, by key. */
export function outlineChapter(outline: Outline, key: string): OutlineChapter | undefined {
  return outline.chapters.find((c) => c.key === key);
}
