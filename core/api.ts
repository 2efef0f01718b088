/**
 * The ONE API contract of QAR Studio: every method the UI may call, once, with its zod input and output schema.
 *
 * From this map come: the renderer's typed client (renderer/api/client.ts), the preload allowlist
 * (electron/preload.ts), the validating `ipcMain.handle` wrappers (electron/ipc.ts), the HTTP routes of the
 * browser host used by e2e tests (core/host/http-host.ts) and the handler table (core/api-handlers.ts).
 * Adding a method = one entry here + one line in core/api-handlers.ts.
 *
 * Every call answers with an envelope `{ ok: true, data } | { ok: false, error: { code, message } }`; `message` is
 * one Chinese sentence the UI shows as is. Inputs are strict objects (unknown keys are refused) because they cross
 * a trust boundary. Pure: zod and the shared model only (no node, electron or react imports).
 */
import * as z from 'zod';
import { FilePath } from './api/file-path';
import { reviewContract } from './api/review-contract';
import type { QarErrorCode } from './errors';
import { Framework, ReleaseNote } from './framework/schema';
import { HistoryItem, SnapshotInfo } from './history/model';
import { MENU_COMMANDS } from './menu-commands';
import {
  AssetMeta,
  Block,
  BlockContent,
  ChangeEntry,
  Chapter,
  CommentTarget,
  Id,
  IndicatorId,
  IndicatorValue,
  ReportLayout,
  ReportYearInfo,
  ReviewComment,
  SchoolProfile,
  Section,
  Workspace,
  Year,
} from './model';
import type { ReportModel } from './report/model';
import { Finding, ValidationResult, ValidationSummary } from './validate/types';

/** One method: what it takes, what it gives, and one line of Chinese saying what it does (for docs and errors). */
export interface Contract<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  summary: string;
}

/** Dyad-style helper: keeps the literal types of each entry so ApiInput/ApiOutput stay precise. */
export function defineContract<I extends z.ZodType, O extends z.ZodType>(c: Contract<I, O>): Contract<I, O> {
  return c;
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** A file-system path chosen by the user (dialog) or given by the host: absolute, no NUL, ≤ 4096 characters;
 *  the door's path policy (core/api/path-policy.ts) decides whether it may be used. */
export { FilePath };

const NoInput = z.strictObject({});

/** 50 MB of image bytes as base64 (4 characters per 3 bytes), plus room for a data-URL prefix. */
export const MAX_IMAGE_BASE64_CHARS = Math.ceil((50 * 1024 * 1024) / 3) * 4 + 256;
const Done = z.object({ done: z.literal(true) });

/** What the UI shows about the open workspace (title bar, status line). */
export const WorkspaceInfo = z.object({
  path: z.string(),
  readonly: z.boolean(),
  schoolName: z.string(),
  level: z.string(),
  reportYear: Year,
  framework: z.object({ id: z.string(), version: z.string() }),
  /** e.g. opened read-only because another program is editing the file, and who that is */
  notice: z.string().optional(),
});
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>;

export const RecentFile = z.object({
  path: z.string(),
  /** school name when known, else the file name */
  name: z.string(),
  openedAt: z.string(),
});
export type RecentFile = z.infer<typeof RecentFile>;

export const FrameworkSummary = z.object({
  id: z.string(),
  version: z.string(),
  edition: z.string(),
  level: z.string(),
  title: z.string(),
});
export type FrameworkSummary = z.infer<typeof FrameworkSummary>;

/** A framework's head and 版本说明, as the app shows them. */
const FrameworkHead = z.object({
  id: z.string(),
  version: z.string(),
  edition: z.string(),
  title: z.string(),
  kind: z.string(),
  releaseNotes: z.array(ReleaseNote),
});

export const FrameworkInfo = z.object({
  framework: FrameworkHead.extend({
    /** builtin, or stored inside the workspace (a province's file) */
    source: z.enum(['builtin', 'stored']),
    sourceName: z.string(),
    sha256: z.string(),
    basedOn: z.string(),
  }),
  outline: z.object({
    id: z.string(),
    edition: z.string(),
    title: z.string(),
    releaseNotes: z.array(ReleaseNote),
    chapters: z.array(
      z.object({ key: z.string(), title: z.string(), optional: z.boolean(), confidence: z.string(), note: z.string() }),
    ),
    prefaceKey: z.string(),
    /** additive: an empty 前言 is left out of the document (the outline marks it so) */
    prefaceOptional: z.boolean().optional(),
  }),
  /** a newer builtin edition for the workspace's report year (absent: on the right edition already) */
  newer: FrameworkHead.optional(),
  reportYear: Year,
  /** where the workspace came from (qar new --from) */
  origin: z.object({ fileName: z.string(), school: z.string(), year: Year, sha256: z.string() }).optional(),
});
export type FrameworkInfo = z.infer<typeof FrameworkInfo>;

/** What switching frameworks does (or would do): Chinese lines, and whether it was applied. */
export const FrameworkSwitchOut = z.object({
  applied: z.boolean(),
  framework: FrameworkHead,
  lines: z.array(z.string()),
  /** values kept in the file that the new framework has no place for */
  unmapped: z.number().int().nonnegative(),
});
export type FrameworkSwitchOut = z.infer<typeof FrameworkSwitchOut>;

import { ValueChange } from './model';

export { ValueChange };

/** How a change was entered in the UI (recorded in the change log). */
export const EntryHow = z.enum(['manual', 'paste', 'import']);

/**
 * The report's document model: built by core/report, drawn by the renderer preview and written by core/docx.
 * The builder owns its shape (core/report/model.ts, plain serialisable data); the contract checks only that it
 * is an object with chapters, and gives the client the builder's exact type.
 */
export const ReportModelOut = z.custom<ReportModel>(
  (v) => typeof v === 'object' && v !== null && Array.isArray((v as { chapters?: unknown }).chapters),
  '报告模型格式不正确',
);

/** Progress of a long job (report export), streamed as the `job.progress` event. */
export const JobProgress = z.object({
  jobId: z.string(),
  /** e.g. 'model' | 'charts' | 'images' | 'docx' | 'write' | 'done' | 'error' */
  stage: z.string(),
  /** 0–100 */
  percent: z.number().min(0).max(100),
  /** Chinese, e.g. 正在生成图表（3/12） */
  message: z.string(),
});
export type JobProgress = z.infer<typeof JobProgress>;

const XlsxCellProblem = z.object({ sheet: z.string(), cell: z.string(), message: z.string() });
/** What an Excel import found: the values that differ (with a Chinese line each) and the problems. */
export const XlsxImportResult = z.object({
  /** filled, readable value cells in the workbook */
  read: z.number().int().nonnegative(),
  changes: z.array(
    z.object({
      year: Year,
      indicatorId: IndicatorId,
      tableName: z.string(),
      name: z.string(),
      unit: z.string(),
      oldValue: z.number().nullable(),
      newValue: z.number().nullable(),
      /** 「教学资源表 · 专职辅导员数（2024年）：58 → 77 人」 */
      text: z.string(),
    }),
  ),
  problems: z.array(XlsxCellProblem),
  infos: z.array(XlsxCellProblem),
  /** values written (0 on a dry run or when there are problems) */
  written: z.number().int().nonnegative(),
});
export type XlsxImportResult = z.infer<typeof XlsxImportResult>;

const ExportResult = z.object({ path: z.string(), bytes: z.number().int().nonnegative(), ms: z.number() });
/** A report export: also which engine made a PDF and how the charts went in (Chinese, for the UI message). */
const ReportExportResult = ExportResult.extend({
  format: z.enum(['docx', 'pdf']),
  /** for a PDF: libreoffice | chromium | electron (core/pdf/report-pdf.ts) */
  engine: z.enum(['libreoffice', 'chromium', 'electron']).optional(),
  /** 「PDF 由 LibreOffice 转换；图表 7 幅：可编辑图表 7 幅」 */
  note: z.string().default(''),
  /** what to check in the file written: 「注意：图片「…」的内容与保存时记录的校验值不符…」; empty when nothing */
  warning: z.string().default(''),
});

// ---------------------------------------------------------------------------------------------
// The contract

export const apiContract = {
  // app -------------------------------------------------------------------------------------
  'app.info': defineContract({
    summary: '应用信息',
    input: NoInput,
    output: z.object({
      productName: z.string(),
      version: z.string(),
      /** which door the UI came through: the desktop app or the browser test host */
      host: z.enum(['electron', 'browser']),
      platform: z.string(),
      workspace: WorkspaceInfo.nullable(),
    }),
  }),

  /** the page's answer to `app.closeRequested`: how much typed work is not in the file yet (Electron asks first) */
  'app.closeReply': defineContract({
    summary: '关闭窗口前的未保存修改',
    input: z.strictObject({
      requestId: z.string().min(1).max(64),
      unsaved: z.number().int().min(0).max(1_000_000),
      /** where the unsaved work is, for the native dialog: 「第2章 人才培养 · 段落「…」」 */
      items: z.array(z.string().max(300)).max(20),
    }),
    output: Done,
  }),

  // native dialogs (Electron); the browser host answers from its output folder so e2e can drive the same UI.
  'dialog.pickOpen': defineContract({
    summary: '选择要打开的文件',
    input: z.strictObject({ purpose: z.enum(['workspace', 'json', 'image', 'xlsx', 'framework']) }),
    output: z.object({ path: z.string().nullable() }),
  }),
  'dialog.pickSave': defineContract({
    summary: '选择保存位置',
    input: z.strictObject({
      purpose: z.enum(['workspace', 'docx', 'pdf', 'json', 'folder', 'xlsx', 'comments']),
      defaultName: z.string().max(200).default(''),
    }),
    output: z.object({ path: z.string().nullable() }),
  }),

  // workspace ------------------------------------------------------------------------------
  'workspace.create': defineContract({
    summary: '新建工作区',
    input: z.strictObject({
      path: FilePath,
      profile: SchoolProfile,
      /** default: the builtin edition matching the report year (core/framework/editions.ts) */
      frameworkId: z.string().min(1).max(100).optional(),
      /** 学校年报 (default), 企业年报 … (templates/outlines) */
      kind: z.string().min(1).max(20).optional(),
    }),
    output: WorkspaceInfo.extend({ note: z.string() }),
  }),
  /** next year's workspace from last year's (last year's file is only read); the new one becomes the open one */
  'workspace.nextYear': defineContract({
    summary: '新建下一年度报告',
    input: z.strictObject({
      /** last year's .qar (a granted path: the open workspace, or one picked in the open dialog) */
      source: FilePath,
      path: FilePath,
      year: Year.optional(),
      withPhotos: z.boolean().default(false),
    }),
    output: WorkspaceInfo.extend({ lines: z.array(z.string()) }),
  }),
  'workspace.open': defineContract({
    summary: '打开工作区',
    input: z.strictObject({ path: FilePath, readonly: z.boolean().default(false) }),
    output: WorkspaceInfo,
  }),
  'workspace.openDemo': defineContract({
    summary: '打开示例学校',
    input: z.strictObject({
      /** folder the demo file is written into */
      dir: FilePath,
      fileName: z
        .string()
        .max(100)
        .regex(/^[^/\\:*?"<>|]+\.qar$/, '文件名须以 .qar 结尾，且不含 / \\ : * ? " < > |')
        .default('示例学校.qar'),
    }),
    output: WorkspaceInfo,
  }),
  'workspace.saveAs': defineContract({
    summary: '另存为',
    /** replace: the user confirmed overwriting in the save dialog (never the open file itself) */
    input: z.strictObject({ path: FilePath, replace: z.boolean().default(false) }),
    output: WorkspaceInfo,
  }),
  'workspace.close': defineContract({ summary: '关闭工作区', input: NoInput, output: Done }),
  'workspace.get': defineContract({ summary: '读取工作区', input: NoInput, output: Workspace }),
  'workspace.recent': defineContract({
    summary: '最近打开',
    input: NoInput,
    output: z.object({ items: z.array(RecentFile) }),
  }),

  // framework ------------------------------------------------------------------------------
  'framework.get': defineContract({ summary: '读取指标体系', input: NoInput, output: Framework }),
  'framework.list': defineContract({
    summary: '可用的指标体系',
    input: NoInput,
    output: z.object({ items: z.array(FrameworkSummary) }),
  }),
  /** the open workspace's framework and outline, 版本说明, and a newer edition for its report year if any */
  'framework.info': defineContract({ summary: '指标体系与版本说明', input: NoInput, output: FrameworkInfo }),
  /** one-step upgrade to the edition of the report year; dryRun lists what would happen */
  'framework.upgrade': defineContract({
    summary: '升级指标体系',
    input: z.strictObject({ to: z.string().min(1).max(100).optional(), dryRun: z.boolean().default(true) }),
    output: FrameworkSwitchOut,
  }),
  /** a province's / district's framework file (.json or its Excel form), checked, stored in the workspace */
  'framework.use': defineContract({
    summary: '使用指标体系文件',
    input: z.strictObject({ path: FilePath, dryRun: z.boolean().default(true) }),
    output: FrameworkSwitchOut,
  }),

  // values ---------------------------------------------------------------------------------
  'values.set': defineContract({
    summary: '保存指标数据',
    input: z.strictObject({ changes: z.array(ValueChange).min(1).max(5000), how: EntryHow }),
    output: z.object({
      /** the rows as stored after the change, with the derived copies that followed it (core/values/recompute) */
      values: z.array(IndicatorValue),
      /** findings of the report year's report after the change (every year its appendix prints) */
      findings: z.array(Finding),
      summary: ValidationSummary,
    }),
  }),
  /**
   * 按公式重新计算: the stored copy of each derived cell that conflicts with its formula becomes the computed value
   * (rounded to the indicator's decimals), in one transaction, logged with how 'derived'. Without `cells`: every
   * conflicting derived cell of every year. Cells without a conflict are left as they are.
   */
  'values.recompute': defineContract({
    summary: '按公式重新计算',
    input: z.strictObject({
      cells: z
        .array(z.strictObject({ year: Year, indicatorId: IndicatorId }))
        .min(1)
        .max(5000)
        .optional(),
    }),
    output: z.object({
      /** how many stored values changed */
      changed: z.number().int().nonnegative(),
      /** the rows as stored after the change */
      values: z.array(IndicatorValue),
    }),
  }),
  'values.history': defineContract({
    summary: '修改记录',
    input: z.strictObject({ year: Year, indicatorId: IndicatorId }),
    output: z.object({ entries: z.array(ChangeEntry) }),
  }),

  // validation -----------------------------------------------------------------------------
  'validate.run': defineContract({
    summary: '校验',
    input: z.strictObject({ year: Year.optional() }),
    output: ValidationResult,
  }),

  // profile and years ----------------------------------------------------------------------
  'profile.set': defineContract({
    summary: '保存学校信息',
    input: z.strictObject({ profile: SchoolProfile }),
    output: SchoolProfile,
  }),
  'years.add': defineContract({
    summary: '添加年度',
    input: z.strictObject({
      year: Year,
      hasGraduates: z.boolean().default(true),
      note: z.string().max(500).default(''),
    }),
    output: z.object({ years: z.array(ReportYearInfo) }),
  }),
  'years.update': defineContract({
    summary: '修改年度',
    input: z.strictObject({ year: Year, hasGraduates: z.boolean().optional(), note: z.string().max(500).optional() }),
    output: z.object({ years: z.array(ReportYearInfo) }),
  }),

  // narrative: chapters -> sections -> blocks ----------------------------------------------
  'chapters.create': defineContract({
    summary: '新建章',
    input: z.strictObject({
      year: Year,
      title: z.string().min(1, '请填写章标题').max(100),
      key: z.string().max(50).default(''),
      /** insert position; default: last */
      order: z.number().int().min(0).optional(),
    }),
    output: Chapter,
  }),
  'chapters.update': defineContract({
    summary: '修改章',
    input: z.strictObject({
      id: Id,
      title: z.string().min(1, '请填写章标题').max(100).optional(),
      intro: z.string().max(5000).optional(),
    }),
    output: Chapter,
  }),
  'chapters.delete': defineContract({ summary: '删除章', input: z.strictObject({ id: Id }), output: Done }),
  'chapters.reorder': defineContract({
    summary: '调整章顺序',
    input: z.strictObject({ year: Year, ids: z.array(Id).min(1).max(100) }),
    output: z.object({ chapters: z.array(Chapter) }),
  }),
  'sections.create': defineContract({
    summary: '新建节',
    input: z.strictObject({
      chapterId: Id,
      title: z.string().min(1, '请填写节标题').max(100),
      key: z.string().max(50).default(''),
      order: z.number().int().min(0).optional(),
    }),
    output: Section,
  }),
  'sections.update': defineContract({
    summary: '修改节',
    input: z.strictObject({ id: Id, title: z.string().min(1, '请填写节标题').max(100) }),
    output: Section,
  }),
  'sections.delete': defineContract({ summary: '删除节', input: z.strictObject({ id: Id }), output: Done }),
  'sections.reorder': defineContract({
    summary: '调整节顺序',
    input: z.strictObject({ chapterId: Id, ids: z.array(Id).min(1).max(200) }),
    output: z.object({ sections: z.array(Section) }),
  }),
  'blocks.create': defineContract({
    summary: '新建段落/案例/图表',
    input: z.strictObject({ sectionId: Id, content: BlockContent, order: z.number().int().min(0).optional() }),
    output: Block,
  }),
  'blocks.update': defineContract({
    summary: '修改内容块',
    input: z.strictObject({ id: Id, content: BlockContent }),
    output: Block,
  }),
  'blocks.delete': defineContract({ summary: '删除内容块', input: z.strictObject({ id: Id }), output: Done }),
  'blocks.reorder': defineContract({
    summary: '调整内容块顺序',
    input: z.strictObject({ sectionId: Id, ids: z.array(Id).min(1).max(1000) }),
    output: z.object({ blocks: z.array(Block) }),
  }),

  // assets (images) ------------------------------------------------------------------------
  'assets.add': defineContract({
    summary: '添加图片',
    input: z.strictObject({
      /** the file's bytes, base64 (≈ 1.34 × size); the main side checks the size and downscales */
      dataBase64: z.string().min(1, '图片为空').max(MAX_IMAGE_BASE64_CHARS, '图片太大：请选择 50 MB 以内的图片'),
      fileName: z.string().max(255).default(''),
      caption: z.string().max(200).default(''),
      credit: z.string().max(200).default(''),
    }),
    output: AssetMeta,
  }),
  'assets.get': defineContract({
    summary: '读取图片',
    input: z.strictObject({ id: Id }),
    output: z.object({ id: Id, mime: z.string(), dataUrl: z.string() }),
  }),
  'assets.update': defineContract({
    summary: '修改图片说明',
    input: z.strictObject({ id: Id, caption: z.string().max(200).optional(), credit: z.string().max(200).optional() }),
    output: AssetMeta,
  }),
  'assets.delete': defineContract({ summary: '删除图片', input: z.strictObject({ id: Id }), output: Done }),

  // review comments ------------------------------------------------------------------------
  'comments.list': defineContract({
    summary: '批注列表',
    input: z.strictObject({ status: z.enum(['open', 'resolved', 'all']).default('all') }),
    output: z.object({ comments: z.array(ReviewComment) }),
  }),
  'comments.add': defineContract({
    summary: '添加批注',
    input: z.strictObject({
      target: CommentTarget,
      body: z.string().trim().min(1, '批注内容不能为空').max(5000),
      author: z.string().trim().min(1, '请填写批注人').max(100),
    }),
    output: ReviewComment,
  }),
  'comments.reply': defineContract({
    summary: '回复批注',
    input: z.strictObject({
      parentId: Id,
      body: z.string().trim().min(1, '回复内容不能为空').max(5000),
      author: z.string().trim().min(1, '请填写回复人').max(100),
    }),
    output: ReviewComment,
  }),
  'comments.resolve': defineContract({
    summary: '标记批注已解决',
    input: z.strictObject({ id: Id, resolved: z.boolean().default(true) }),
    output: ReviewComment,
  }),

  // report ---------------------------------------------------------------------------------
  'report.model': defineContract({
    summary: '报告预览',
    input: z.strictObject({ year: Year.optional() }),
    output: ReportModelOut,
  }),
  'report.layout': defineContract({
    summary: '保存报告版式（随工作区文件保存）',
    input: z.strictObject({ layout: ReportLayout }),
    output: z.object({ layout: ReportLayout }),
  }),
  'report.export': defineContract({
    summary: '导出 Word 或 PDF 报告',
    input: z.strictObject({
      path: FilePath,
      year: Year.optional(),
      /** 版式 (templates/report/styles*.json); default: the workspace's chosen layout, else 公文版式 */
      layout: ReportLayout.optional(),
      /** default: from the file name (.docx / .pdf) */
      format: z.enum(['docx', 'pdf']).optional(),
      /** native: editable Word charts where they print right (default); png: every chart a picture */
      charts: z.enum(['native', 'png']).optional(),
      /** id used in `job.progress` events; the UI makes one so it can match the events to its dialog */
      jobId: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,64}$/)
        .optional(),
    }),
    output: ReportExportResult,
  }),

  // review comments file from the district reviewer (qar-comments JSON) ------------------------
  'comments.import': defineContract({
    summary: '导入审核意见',
    input: z.strictObject({ path: FilePath }),
    output: z.object({ added: z.number().int(), skipped: z.number().int(), resolved: z.number().int() }),
  }),

  // Excel workbook of the indicator values -------------------------------------------------------
  'xlsx.export': defineContract({
    summary: '导出 Excel',
    input: z.strictObject({ path: FilePath }),
    output: ExportResult,
  }),
  /** all or nothing: a workbook with problems writes nothing; dryRun only lists what would change */
  'xlsx.import': defineContract({
    summary: '导入 Excel',
    input: z.strictObject({ path: FilePath, dryRun: z.boolean().default(true) }),
    output: XlsxImportResult,
  }),

  // JSON export / import ---------------------------------------------------------------------
  'export.json': defineContract({
    summary: '导出 JSON',
    input: z.strictObject({ path: FilePath }),
    output: ExportResult,
  }),
  /** a JSON export becomes a NEW .qar at `target` (never merged into an open file), which is then opened */
  'import.json': defineContract({
    summary: '导入 JSON',
    input: z.strictObject({ path: FilePath, target: FilePath }),
    output: WorkspaceInfo,
  }),

  // 历史版本: the log of every change, restores, whole-workspace snapshots (db/history.ts) -----
  'history.list': defineContract({
    summary: '修改历史',
    input: z.strictObject({
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.object({ total: z.number().int().nonnegative(), items: z.array(HistoryItem) }),
  }),
  /** puts the entry's target back as it was before that change; the restore is itself logged */
  'history.restore': defineContract({
    summary: '恢复到修改之前',
    input: z.strictObject({ ref: z.string().regex(/^[ve]\d{1,12}$/, '修改记录编号不正确') }),
    output: z.object({ message: z.string() }),
  }),
  'history.snapshots': defineContract({
    summary: '历史版本',
    input: NoInput,
    output: z.object({ items: z.array(SnapshotInfo), limit: z.number().int().positive() }),
  }),
  'history.restoreSnapshot': defineContract({
    summary: '恢复到历史版本',
    input: z.strictObject({ id: z.number().int().positive() }),
    output: z.object({ message: z.string() }),
  }),

  // district reviewer: review.* and district.build (core/api/review-contract.ts) --------------
  ...reviewContract,
} as const;

export type ApiContract = typeof apiContract;
export type ApiMethod = keyof ApiContract;
/** What the caller passes (defaults may be omitted). */
export type ApiInput<M extends ApiMethod> = z.input<ApiContract[M]['input']>;
/** What the handler receives after validation (defaults filled in). */
export type ApiParsedInput<M extends ApiMethod> = z.output<ApiContract[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<ApiContract[M]['output']>;

export const API_METHODS = Object.freeze(Object.keys(apiContract) as ApiMethod[]);

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiContract, name);
}

// ---------------------------------------------------------------------------------------------
// Envelopes

export type ApiErrorCode =
  | QarErrorCode
  | 'INTERNAL' // a bug: the message says so and asks for a report
  | 'NO_WORKSPACE' // the method needs an open workspace
  | 'UNKNOWN_METHOD'
  | 'FORBIDDEN' // caller is not our page
  | 'UNSUPPORTED' // not available in this host (e.g. a native dialog in the browser host)
  | 'UNREACHABLE' // the browser client could not reach the host at all (set by the client, never by a handler)
  | 'BUSY'; // the host answered 503 (busy for now; set by the browser client): try again shortly

export const ApiError = z.object({ code: z.string(), message: z.string() });
export type ApiError = { code: ApiErrorCode; message: string };

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };
export type ApiResponse<M extends ApiMethod> = ApiResult<ApiOutput<M>>;

// ---------------------------------------------------------------------------------------------
// Events: main/host -> renderer

export const apiEvents = {
  /** progress of a long job (report export) */
  'job.progress': JobProgress,
  /** the open workspace changed from outside the page (menu 打开/最近打开, second instance, file association) */
  'workspace.changed': z.object({ workspace: WorkspaceInfo.nullable() }),
  /**
   * about the open file itself: opened read-only because someone else is editing it ('locked'), changed by
   * another program ('outside-change'), a hand-over of a file being edited elsewhere ('hand-over'), or a close
   * that could not put everything back into the file ('close-problem'). `text` is one Chinese sentence.
   */
  'workspace.notice': z.object({
    kind: z.enum(['locked', 'outside-change', 'hand-over', 'close-problem']),
    path: z.string(),
    text: z.string(),
  }),
  /** a menu item the page handles itself (it owns the forms), e.g. 新建 opens the new-workspace form */
  /** the window is about to close (Electron): the page saves what it can and answers with app.closeReply */
  'app.closeRequested': z.object({ requestId: z.string().max(64) }),
  'menu.command': z.object({
    /** undo/redo: the page applies them to its own history, or to the focused text field */
    command: z.enum(MENU_COMMANDS),
  }),
} as const;
export type ApiEvents = typeof apiEvents;
export type ApiEvent = keyof ApiEvents;
export type ApiEventPayload<E extends ApiEvent> = z.output<ApiEvents[E]>;
export const API_EVENTS = Object.freeze(Object.keys(apiEvents) as ApiEvent[]);

export function isApiEvent(name: unknown): name is ApiEvent {
  return typeof name === 'string' && Object.hasOwn(apiEvents, name);
}

/** The object the preload exposes as `window.qar` (and the browser client imitates). */
export interface QarBridge {
  invoke<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResponse<M>>;
  /** returns an unsubscribe function */
  on<E extends ApiEvent>(event: E, cb: (payload: ApiEventPayload<E>) => void): () => void;
}
