/**
 * The district reviewer's part of the API contract (spread into `apiContract` in core/api.ts): review many schools'
 * .qar files read-only, export the summary, keep the reviewer's own review file (qar-review JSON) with comments,
 * export a comments file per school, and build the district report draft.
 *
 * `review.run` answers with the summary WITHOUT the workspaces and frameworks it was computed from (those stay in
 * the main process for the exports): plain rows the renderer draws. Pure: zod and the shared model only.
 */
import * as z from 'zod';
import { IndicatorType } from '../framework/schema';
import { CommentTarget, Id, ReviewComment, SchoolLevel, Year } from '../model';
import { FilePath } from './file-path';

export const ReviewLevelOut = z.enum(['高职', '中职']);
export const CellStatusOut = z.enum(['pass', 'fail', 'unconfirmed', 'nodata']);
export const StatusCountsOut = z.object({
  pass: z.number().int(),
  fail: z.number().int(),
  unconfirmed: z.number().int(),
  nodata: z.number().int(),
});

/** One input file: reviewed, or skipped with the Chinese reason (corrupt, foreign, newer, duplicate …). */
export const ReviewFileEntry = z.object({
  path: z.string(),
  /** the file name, for display */
  name: z.string(),
  status: z.enum(['reviewed', 'skipped']),
  reason: z.string(),
  sha256Before: z.string(),
  sha256After: z.string(),
  /** region: what the district draft is named after when the reviewer gives no name (core/review/district-name.ts) */
  school: z.object({ name: z.string(), code: z.string(), level: SchoolLevel, region: z.string() }).optional(),
  year: z.number().int().optional(),
  /** the framework the school was checked with: 「id」版本 v（年度，内置 / 工作区内保存…） */
  framework: z.string().optional(),
});

export const ReviewSchoolOut = z.object({
  /** index into files */
  fileIndex: z.number().int(),
  name: z.string(),
  code: z.string(),
  level: ReviewLevelOut,
  /** the year checked */
  year: z.number().int(),
  path: z.string(),
  sha256: z.string(),
  /** findings by severity */
  summary: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
});

export const ReviewFindingOut = z.object({
  /** index into schools */
  schoolIndex: z.number().int(),
  severity: z.enum(['error', 'warning', 'info']),
  /** 未通过 / 待核实 / 进展 */
  state: z.string(),
  ruleId: z.string(),
  ruleTitle: z.string(),
  where: z.string(),
  message: z.string(),
  /** 《标题》（文号）where，seed — '' when the rule has no citation */
  citation: z.string(),
  hint: z.string(),
  /** what a comment on this finding points at in the school's workspace */
  target: CommentTarget,
});

export const AggregateRowOut = z.object({
  tableId: z.string(),
  tableName: z.string(),
  indicatorId: z.string(),
  name: z.string(),
  unit: z.string(),
  /** how the screen prints it as the Word summary does (a unit-less ratio as 15.35:1) */
  type: IndicatorType,
  decimals: z.number().int(),
  indent: z.number().int(),
  method: z.enum(['sum', 'formula', 'weighted', 'min', 'none']),
  methodText: z.string(),
  /** aligned with the aggregate's years; null = no data or not aggregable */
  values: z.array(z.number().nullable()),
  contributing: z.array(z.number().int()),
  /** schools left out per year (their values are in the level's `excluded`) */
  excluded: z.array(z.number().int()),
  /** per year: why no figure is given although schools have data ('' = a figure is given or there is none) */
  withheld: z.array(z.string()),
  /** per year: schools that marked the indicator 「不适用」 (all of them: the figure is 不适用, core/review/not-applicable) */
  notApplicable: z.array(z.number().int()),
});

/** A school's value left out of the aggregates, with the reason (core/review/aggregate.ts). */
export const AggregateExclusionOut = z.object({
  school: z.string(),
  code: z.string(),
  year: z.number().int(),
  indicatorId: z.string(),
  name: z.string(),
  value: z.string(),
  reason: z.string(),
  rows: z.array(z.string()),
});

export const LevelAggregateOut = z.object({
  level: ReviewLevelOut,
  frameworkId: z.string(),
  frameworkTitle: z.string(),
  schoolCount: z.number().int(),
  years: z.array(z.number().int()),
  rows: z.array(AggregateRowOut),
  excluded: z.array(AggregateExclusionOut),
});

/** 高职 + 中职 totals where the city report gives them (core/review/totals.ts), aligned with `years`. */
export const CrossLevelTotalOut = z.object({
  indicatorId: z.string(),
  name: z.string(),
  unit: z.string(),
  decimals: z.number().int(),
  /** seed file and line(s) (for developers) */
  seed: z.string(),
  /** where the city report gives the figure, as a reader finds it */
  basis: z.string(),
  values: z.array(z.number().nullable()),
  levels: z.array(z.array(ReviewLevelOut)),
});

export const ReviewRunOut = z.object({
  year: z.number().int(),
  years: z.array(z.number().int()),
  createdAt: z.string(),
  /** 审阅了 N 所学校（高职 a 所、中职 b 所），未通过 x 项次，跳过 k 个文件 */
  line: z.string(),
  files: z.array(ReviewFileEntry),
  schools: z.array(ReviewSchoolOut),
  /** matrix columns in header-group order (core/review/rule-info.ts) */
  rules: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      levels: z.array(ReviewLevelOut),
      /** 国家标准 / 基本办学条件（…） / 重庆目标 / 完整性 … */
      group: z.string(),
      kindLabel: z.string(),
      severity: z.enum(['error', 'warning', 'info']),
      /** the header's text (the full title is in `title`) */
      short: z.string(),
      /** ids of ruleTables the rule reads */
      tables: z.array(z.string()),
      /** 《标题》（文号）where — '' when none */
      citation: z.string(),
      unconfirmed: z.boolean(),
    }),
  ),
  /** the six tables (and 报告正文) for the matrix's table filter */
  ruleTables: z.array(z.object({ id: z.string(), name: z.string() })),
  /** one per school, in the order of schools */
  rows: z.array(z.object({ cells: z.record(z.string(), CellStatusOut), counts: StatusCountsOut })),
  ruleCounts: z.record(z.string(), StatusCountsOut),
  aggregates: z.array(LevelAggregateOut),
  totals: z.array(CrossLevelTotalOut),
  findings: z.array(ReviewFindingOut),
  /** what to know before comparing: schools of another report year, of one level on different frameworks or
   *  versions, older editions (core/review/review.ts yearWarnings + frameworkWarnings) */
  frameworkWarnings: z.array(z.string()).default([]),
});
export type ReviewRunOut = z.infer<typeof ReviewRunOut>;

/**
 * The reviewer's review file as the UI sees it: where it lives and its content. (Its own full schema lives in
 * core/review/comments.ts, which needs node:crypto; the preload imports this contract, so it is restated here.)
 */
export const ReviewFileState = z.object({
  path: z.string(),
  file: z.object({
    reviewer: z.string(),
    title: z.string(),
    updatedAt: z.string(),
    schools: z.array(
      z.object({
        school: z.object({ name: z.string(), code: z.string(), level: SchoolLevel.optional() }),
        file: z.object({ path: z.string(), sha256: z.string() }),
        comments: z.array(ReviewComment),
      }),
    ),
  }),
});
export type ReviewFileState = z.infer<typeof ReviewFileState>;
export type ReviewCommentTarget = z.infer<typeof CommentTarget>;

const Body = z.string().trim().min(1, '审核意见不能为空').max(5000);
const SchoolKey = z.string().trim().min(1, '请选择学校').max(100);
const Author = z.string().trim().max(100).optional();
const ExportResult = z.object({ path: z.string(), bytes: z.number().int().nonnegative(), ms: z.number() });

export const reviewContract = {
  /** native multi-select / folder dialog (desktop app); the browser host answers UNSUPPORTED (the UI has a path field) */
  'review.pickInputs': {
    summary: '选择要审核的文件',
    input: z.strictObject({ kind: z.enum(['qar-files', 'folder']) }),
    output: z.object({ paths: z.array(z.string()) }),
  },
  'review.run': {
    summary: '区县审核',
    input: z.strictObject({
      paths: z.array(FilePath).min(1, '请选择要审核的文件或文件夹').max(2000),
      year: Year.optional(),
    }),
    output: ReviewRunOut,
  },
  'review.exportSummary': {
    summary: '导出审核汇总',
    input: z.strictObject({ path: FilePath, name: z.string().trim().max(50).optional() }),
    output: ExportResult,
  },
  /** opens the reviewer's review file; a path that does not exist yet starts a new one there */
  'review.openFile': {
    summary: '打开审核意见文件',
    input: z.strictObject({ path: FilePath, reviewer: Author }),
    output: ReviewFileState,
  },
  /** writes the review file (to `path` = 另存为; the open one otherwise) */
  'review.saveFile': {
    summary: '保存审核意见文件',
    input: z.strictObject({ path: FilePath.optional() }),
    output: ReviewFileState,
  },
  'review.addComment': {
    summary: '添加审核意见',
    input: z.strictObject({ school: SchoolKey, target: CommentTarget, body: Body, author: Author }),
    output: ReviewFileState,
  },
  'review.replyComment': {
    summary: '回复审核意见',
    input: z.strictObject({ school: SchoolKey, parentId: Id, body: Body, author: Author }),
    output: ReviewFileState,
  },
  'review.resolveComment': {
    summary: '标记审核意见已解决',
    input: z.strictObject({ school: SchoolKey, id: Id, resolved: z.boolean().default(true) }),
    output: ReviewFileState,
  },
  /** by the path's extension: .json (the file the school imports), .docx / .xlsx (to read; places in words) */
  'review.exportComments': {
    summary: '导出该校审核意见',
    input: z.strictObject({ school: SchoolKey, path: FilePath }),
    output: ExportResult.extend({ count: z.number().int(), format: z.enum(['json', 'docx', 'xlsx']) }),
  },
  'district.build': {
    summary: '生成区域报告草稿',
    input: z.strictObject({
      paths: z.array(FilePath).min(1, '请选择学校工作区文件或文件夹').max(2000),
      year: Year.optional(),
      name: z.string().trim().max(50).optional(),
      out: FilePath,
      save: FilePath.optional(),
    }),
    output: z.object({
      out: z.string(),
      bytes: z.number().int(),
      save: z.string().nullable(),
      title: z.string(),
      schools: z.number().int(),
      charts: z.number().int(),
      cases: z.number().int(),
      appendixTables: z.number().int(),
      skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
      ms: z.number(),
      /** schools of another report year; of one level on different frameworks or versions (the draft follows
       *  the majority's) */
      frameworkWarnings: z.array(z.string()).default([]),
    }),
  },
} as const;
