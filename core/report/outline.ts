/**
 * The report outline (templates/outlines/*.json): the report kind (学校年报, 企业年报, 区域年报 …), the default
 * chapters and sections a new workspace is created with, which chapters may be left out, and the appendix tables.
 * The document itself follows the workspace's own chapters; the outline supplies defaults, the optional /
 * challenges flags and the cover title. A new kind of report is a new outline file (plus its framework), not code.
 *
 * Pure (bundled into the renderer too): reading the files and resolving `extends` is core/report/outlines.ts.
 */
import * as z from 'zod';
import outline2024 from '../../templates/outlines/school-2024.json';
import { QarError } from '../errors';
import { Confidence, ReleaseNote, SCHOOL_KIND, TableKey } from '../framework/schema';
import { SchoolLevel } from '../model';

export const OUTLINE_FORMAT = 'qar-outline';

const Key = z.string().min(1).max(50);

export const OutlineSection = z.object({
  key: Key,
  title: z.string().min(1).max(100),
});
export type OutlineSection = z.infer<typeof OutlineSection>;

export const OutlineChapter = z.object({
  key: Key,
  title: z.string().min(1).max(100),
  /** an optional chapter is left out of the document when the workspace has nothing in it */
  optional: z.boolean().default(false),
  /** 面临挑战: its blocks are 挑战一/二/三, printed as headings of their own */
  challenges: z.boolean().default(false),
  sections: z.array(OutlineSection).max(50).default([]),
  /** additive: how sure we are this part is required; a [P]/[U] part ships optional and marked 待核实 */
  confidence: Confidence.default('C'),
  /** additive: why the part is there (source), shown next to a 待核实 part */
  note: z.string().max(500).default(''),
});
export type OutlineChapter = z.infer<typeof OutlineChapter>;

export const Outline = z.object({
  format: z.literal(OUTLINE_FORMAT),
  formatVersion: z.literal(1),
  id: z.string().min(1).max(100),
  edition: z.string().min(1).max(50),
  /** additive: the report kind this outline lays out */
  kind: z.string().min(1).max(20).default(SCHOOL_KIND),
  /** additive: which schools may start a report of this kind (学校年报: every level) */
  levels: z.array(SchoolLevel).min(1).max(3).default(['中职', '高职', '职业本科']),
  /** 质量年度报告: the cover reads 「{学校}」「质量年度报告」「（2024年度）」 */
  title: z.string().min(1).max(100),
  /** additive: a cover title per school level where it differs (企业年报: 参与高等/中等职业教育…) */
  titles: z.partialRecord(SchoolLevel, z.string().min(1).max(100)).default({}),
  basis: z.string().max(2000).default(''),
  /** additive: 版本说明 of this outline edition */
  releaseNotes: z.array(ReleaseNote).max(50).default([]),
  /** additive: the outline this one was built from (`extends`) */
  basedOn: z.string().max(100).optional(),
  preface: z.object({
    key: Key,
    title: z.string().min(1).max(50),
    optional: z.boolean().default(true),
  }),
  chapters: z.array(OutlineChapter).min(1).max(30),
  appendix: z.object({
    title: z.string().min(1).max(50),
    tables: z.array(TableKey).max(12),
  }),
});
export type Outline = z.infer<typeof Outline>;

/** Validates an outline read from anywhere (a file the user picked, a template). */
export function parseOutline(data: unknown, label = '报告提纲文件'): Outline {
  const r = Outline.safeParse(data);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first ? first.path.join('.') : '';
    throw new QarError(
      'BAD_INPUT',
      `${label}格式不正确（${where || '根'}：${first?.message ?? '未知错误'}），请检查提纲文件。`,
    );
  }
  const keys = new Set<string>([r.data.preface.key]);
  for (const [ci, c] of r.data.chapters.entries()) {
    if (keys.has(c.key))
      throw new QarError('BAD_INPUT', `${label}格式不正确（chapters.${ci}.key：章编号「${c.key}」重复）。`);
    keys.add(c.key);
    const sk = new Set<string>();
    for (const [si, sec] of c.sections.entries()) {
      if (sk.has(sec.key)) {
        throw new QarError(
          'BAD_INPUT',
          `${label}格式不正确（chapters.${ci}.sections.${si}.key：节编号「${sec.key}」重复）。`,
        );
      }
      sk.add(sec.key);
    }
  }
  return r.data;
}

let cached: Outline | undefined;
/** The built-in 2024年度 school outline (bundled JSON, validated once): the default wherever none is given. */
export function getDefaultOutline(): Outline {
  cached ??= parseOutline(outline2024);
  return cached;
}

/** The outline chapter a workspace chapter came from, by key. */
export function outlineChapter(outline: Outline, key: string): OutlineChapter | undefined {
  return outline.chapters.find((c) => c.key === key);
}

/** The cover title for a school level (企业年报 names 高等/中等职业教育), else the outline's title. */
export function outlineTitle(outline: Outline, level: SchoolLevel): string {
  return outline.titles[level] ?? outline.titles[level === '职业本科' ? '高职' : level] ?? outline.title;
}

/** 待核实 parts ([P]/[U]): shipped optional and labelled so, never presented as required. */
export function isUnconfirmedChapter(c: Pick<OutlineChapter, 'confidence'>): boolean {
  return c.confidence !== 'C';
}
