/**
 * The workspace domain model: what one school's .qar file holds, as plain data.
 *
 * These zod schemas are the shared language of every layer: db/ maps rows to them, core/validate and
 * core/report read them, the JSON export is exactly `WorkspaceExport`, and the API contract reuses them.
 * Pure: no node, electron or react imports.
 */
import * as z from 'zod';

/** Stable ids: lowercase ascii, digits, '-' and '_' (uuid-like or slug-like). */
export const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'id 只能包含小写字母、数字、- 和 _');
export type Id = z.infer<typeof Id>;

/** Indicator ids in frameworks: snake_case ascii (never prototype-ish names; see core/framework). */
export const IndicatorId = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, '指标编号只能包含小写字母、数字和下划线');

export const Year = z.number().int().min(2000).max(2100);
export const IsoTime = z.string().min(10).max(40);

export const SchoolLevel = z.enum(['中职', '高职', '职业本科']);
export type SchoolLevel = z.infer<typeof SchoolLevel>;

/** 学校类别, following the categories of 教发〔2004〕2号 (used to pick the right threshold row). */
export const SchoolCategory = z.enum([
  '综合',
  '工科',
  '农林',
  '医药',
  '师范',
  '财经',
  '政法',
  '语文',
  '体育',
  '艺术',
  '民族',
  '其他',
]);
export type SchoolCategory = z.infer<typeof SchoolCategory>;

export const SchoolProfile = z.object({
  name: z.string().min(1).max(100),
  code: z.string().max(20).default(''), // 学校标识码 (10 digits nationally), free text here
  level: SchoolLevel,
  category: SchoolCategory,
  region: z.string().max(100).default(''), // e.g. 重庆市 / 区县
  /** The report year the writing belongs to (年度), e.g. 2024 for the 2024年度 report. */
  reportYear: Year,
});
export type SchoolProfile = z.infer<typeof SchoolProfile>;

export const ReportYearInfo = z.object({
  year: Year,
  /** false for a year without graduates: graduate indicators are then not required (教职成司函〔2024〕29号). */
  hasGraduates: z.boolean().default(true),
  note: z.string().max(500).default(''),
});
export type ReportYearInfo = z.infer<typeof ReportYearInfo>;

/** How a value got into the workspace. */
/** carry: taken over from last year's file (qar new --from); upgrade: moved to a renamed id by a framework upgrade */
export const ValueSource = z.enum([
  'manual',
  'paste',
  'import',
  'demo',
  'derived',
  'api',
  'restore',
  'carry',
  'upgrade',
]);
export type ValueSource = z.infer<typeof ValueSource>;

export const IndicatorValue = z.object({
  year: Year,
  indicatorId: IndicatorId,
  /** null = known to be missing (shown as 无数据 / —, never as 0). */
  value: z.number().finite().nullable(),
  note: z.string().max(1000).default(''),
  /** where the number comes from, e.g. 学校教务系统 / 状态数据平台 */
  source: z.string().max(200).default(''),
  updatedAt: IsoTime,
  /**
   * additive: 「不适用」 — the school states the indicator does not apply this year; `note` gives the reason and
   * `value` is null. Completeness checks accept it; the appendix prints 不适用. Absent = not marked.
   */
  notApplicable: z.boolean().optional(),
});
export type IndicatorValue = z.infer<typeof IndicatorValue>;

/**
 * One cell edit (grid, paste, import, API). null clears the cell; note/source left undefined keep what is stored.
 * notApplicable true marks the cell 「不适用」 (value must be null, and the note — given here or stored — must say
 * why); false removes the mark; left undefined, a number clears the mark and null keeps it.
 */
export const ValueChange = z.strictObject({
  year: Year,
  indicatorId: IndicatorId,
  value: z.number().finite().nullable(),
  note: z.string().max(1000).optional(),
  source: z.string().max(200).optional(),
  notApplicable: z.boolean().optional(),
});
export type ValueChange = z.infer<typeof ValueChange>;

export const ChangeEntry = z.object({
  id: z.number().int().positive(),
  year: Year,
  indicatorId: IndicatorId,
  oldValue: z.number().nullable(),
  newValue: z.number().nullable(),
  at: IsoTime,
  how: ValueSource,
});
export type ChangeEntry = z.infer<typeof ChangeEntry>;

// ---------------------------------------------------------------------------------------------
// Narrative: chapters -> sections -> ordered blocks, per report year.

export const ParagraphBlock = z.object({
  kind: z.literal('paragraph'),
  /** 段首句: the topic sentence, printed bold, ending in 。 */
  lead: z.string().max(200).default(''),
  text: z.string().max(20000).default(''),
});
export const CaseBlock = z.object({
  kind: z.literal('case'),
  title: z.string().max(100).default(''),
  body: z.string().max(20000).default(''),
  /** photos shown right after the case box, each becoming a numbered 图 X-Y */
  photos: z
    .array(z.object({ assetId: Id, caption: z.string().max(200).default('') }))
    .max(20)
    .default([]),
});
export const PhotoBlock = z.object({
  kind: z.literal('photo'),
  assetId: Id,
  caption: z.string().max(200).default(''),
});
export const ChartBlock = z.object({
  kind: z.literal('chart'),
  caption: z.string().max(200).default(''),
  chartType: z.enum(['bar', 'line']).default('bar'),
  indicators: z.array(IndicatorId).min(1).max(8),
  /** years shown; empty = the report year and the two before it */
  years: z.array(Year).max(10).default([]),
  /** draw the national standard / provincial target line of a rule, by rule id */
  referenceRuleId: z.string().max(100).optional(),
  /** 数据来源 line printed under the figure */
  source: z.string().max(200).default(''),
});
/** How big a report table may get (the editor and paste into it keep within these). */
export const TABLE_LIMITS = { columns: 20, rows: 500, title: 100, cell: 2000 } as const;
export const TableBlock = z.object({
  kind: z.literal('table'),
  caption: z.string().max(200).default(''),
  columns: z.array(z.string().max(TABLE_LIMITS.title)).min(1).max(TABLE_LIMITS.columns),
  // a row has no more cells than the table has columns (bounded: this crosses the IPC boundary)
  rows: z.array(z.array(z.string().max(TABLE_LIMITS.cell)).max(TABLE_LIMITS.columns)).max(TABLE_LIMITS.rows),
  source: z.string().max(200).default(''),
});
/** 面临挑战: 挑战一 / 问题表现 / 下一步打算 */
export const ChallengeBlock = z.object({
  kind: z.literal('challenge'),
  title: z.string().max(100).default(''),
  problems: z.string().max(5000).default(''),
  plans: z.string().max(5000).default(''),
});

export const BlockContent = z.discriminatedUnion('kind', [
  ParagraphBlock,
  CaseBlock,
  PhotoBlock,
  ChartBlock,
  TableBlock,
  ChallengeBlock,
]);
export type BlockContent = z.infer<typeof BlockContent>;
export type BlockKind = BlockContent['kind'];

export const Block = z.object({
  id: Id,
  sectionId: Id,
  order: z.number().int().min(0),
  content: BlockContent,
  updatedAt: IsoTime,
});
export type Block = z.infer<typeof Block>;

export const Section = z.object({
  id: Id,
  chapterId: Id,
  /** key of the outline section it came from; '' for a section the school added */
  key: z.string().max(50).default(''),
  title: z.string().min(1).max(100),
  order: z.number().int().min(0),
});
export type Section = z.infer<typeof Section>;

export const Chapter = z.object({
  id: Id,
  year: Year,
  /** outline key: preface, overview, talent, service, culture, international, industry, support, challenges */
  key: z.string().max(50),
  title: z.string().min(1).max(100),
  order: z.number().int().min(0),
  /** unnumbered overview paragraph right under the chapter heading */
  intro: z.string().max(5000).default(''),
});
export type Chapter = z.infer<typeof Chapter>;

// ---------------------------------------------------------------------------------------------
// Assets (images as BLOBs) and review comments.

export const ImageMime = z.enum(['image/jpeg', 'image/png']);
export const AssetMeta = z.object({
  id: Id,
  mime: ImageMime,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  caption: z.string().max(200).default(''),
  credit: z.string().max(200).default(''),
  createdAt: IsoTime,
});
export type AssetMeta = z.infer<typeof AssetMeta>;

export const CommentTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('cell'), tableId: z.string().max(50), indicatorId: IndicatorId, year: Year }),
  z.object({ type: z.literal('block'), blockId: Id }),
  z.object({ type: z.literal('finding'), ruleId: z.string().max(100), key: z.string().max(200).default('') }),
  z.object({ type: z.literal('workspace') }),
]);
export type CommentTarget = z.infer<typeof CommentTarget>;

export const ReviewComment = z.object({
  id: Id,
  /** reply thread: id of the comment this answers */
  parentId: Id.nullable().default(null),
  target: CommentTarget,
  author: z.string().max(100),
  body: z.string().min(1).max(5000),
  status: z.enum(['open', 'resolved']).default('open'),
  createdAt: IsoTime,
  resolvedAt: IsoTime.nullable().default(null),
});
export type ReviewComment = z.infer<typeof ReviewComment>;

export const FrameworkRef = z.object({
  id: z.string().min(1).max(100),
  version: z.string().min(1).max(50),
});
export type FrameworkRef = z.infer<typeof FrameworkRef>;

// ---------------------------------------------------------------------------------------------
// Editions (migration *_editions.sql): the framework stored inside the workspace, where it came from, last year's text.

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** A framework file is at most 2 MB (core/framework/loader.ts MAX_FRAMEWORK_BYTES); the stored text likewise. */
export const MAX_STORED_FRAMEWORK_CHARS = 2 * 1024 * 1024;

/**
 * A framework from outside (a province's file) stored inside the workspace: the checked framework as JSON text,
 * with its id, version and the sha256 of that text, so a reviewer validates with exactly what the school used.
 */
export const StoredFramework = z.object({
  id: z.string().min(1).max(100),
  version: z.string().min(1).max(50),
  sha256: Sha256,
  /** the file it was taken from (file name only), for messages */
  sourceName: z.string().max(255).default(''),
  storedAt: IsoTime,
  json: z.string().min(2).max(MAX_STORED_FRAMEWORK_CHARS),
});
export type StoredFramework = z.infer<typeof StoredFramework>;

/** Where a workspace came from: last year's file it was made from (qar new --from). */
export const WorkspaceOrigin = z.object({
  fileName: z.string().min(1).max(255),
  sha256: Sha256,
  school: z.string().max(100),
  /** the report year of that file */
  year: Year,
  createdAt: IsoTime,
});
export type WorkspaceOrigin = z.infer<typeof WorkspaceOrigin>;

/** One piece of last year's text, as it stood: read-only reference beside this year's editor. */
export const ReferenceItem = z.object({
  kind: z.enum(['intro', 'paragraph', 'case', 'photo', 'chart', 'table', 'challenge']),
  title: z.string().max(200).default(''),
  text: z.string().max(30000).default(''),
  /** a photo carried over on request (qar new --with-photos): the asset in THIS workspace */
  assetId: Id.optional(),
});
export type ReferenceItem = z.infer<typeof ReferenceItem>;

/** Last year's text of one section (or a chapter's intro), kept beside the matching part of this year's outline. */
export const ReferenceText = z.object({
  id: Id,
  /** the year the text was written for */
  year: Year,
  chapterKey: z.string().max(50),
  chapterTitle: z.string().max(100),
  sectionKey: z.string().max(50),
  sectionTitle: z.string().max(100),
  /** this workspace's chapter and section it belongs beside (null when they were made without one) */
  chapterId: Id.nullable(),
  sectionId: Id.nullable(),
  order: z.number().int().min(0),
  items: z.array(ReferenceItem).max(500),
});
export type ReferenceText = z.infer<typeof ReferenceText>;

/** A case title of an earlier year, to reuse (the library grows year by year). */
export const CaseTitle = z.object({
  year: Year,
  chapterKey: z.string().max(50),
  sectionKey: z.string().max(50),
  title: z.string().min(1).max(100),
});
export type CaseTitle = z.infer<typeof CaseTitle>;

/** The report layouts (templates/report/styles*.json): 公文版式, 报告版式, 公文版式 with 仿宋_GB2312. */
export const ReportLayout = z.enum(['official', 'report', 'official-gb2312']);
export type ReportLayout = z.infer<typeof ReportLayout>;

/** Everything in a workspace except image bytes: what validation and report building read. */
export const Workspace = z.object({
  profile: SchoolProfile,
  framework: FrameworkRef,
  years: z.array(ReportYearInfo),
  values: z.array(IndicatorValue),
  chapters: z.array(Chapter),
  sections: z.array(Section),
  blocks: z.array(Block),
  assets: z.array(AssetMeta),
  comments: z.array(ReviewComment),
  // additive (migration *_editions.sql); absent when empty, so older exports read and write unchanged
  storedFramework: StoredFramework.optional(),
  origin: WorkspaceOrigin.optional(),
  references: z.array(ReferenceText).max(2000).optional(),
  caseLibrary: z.array(CaseTitle).max(5000).optional(),
  // additive (migration 006): the layout the school chose for its report; absent = 公文版式
  reportLayout: ReportLayout.optional(),
});
export type Workspace = z.infer<typeof Workspace>;

/** The lossless JSON export (`qar export --out X.json`): the workspace, its change log and the image bytes. */
export const WORKSPACE_EXPORT_FORMAT = 'qar-workspace';
export const WORKSPACE_EXPORT_VERSION = 1;
export const WorkspaceExport = Workspace.extend({
  format: z.literal(WORKSPACE_EXPORT_FORMAT),
  formatVersion: z.literal(WORKSPACE_EXPORT_VERSION),
  changes: z.array(ChangeEntry),
  /** base64 image bytes by asset id */
  assetData: z.record(Id, z.string()),
});
export type WorkspaceExport = z.infer<typeof WorkspaceExport>;

/** Convenience: the value of one indicator in one year, or undefined when there is no row / null. */
export function getValue(ws: Pick<Workspace, 'values'>, indicatorId: string, year: number): number | undefined {
  for (const v of ws.values) {
    if (v.year === year && v.indicatorId === indicatorId) return v.value ?? undefined;
  }
  return undefined;
}
