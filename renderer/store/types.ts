/**
 * What the UI needs from the API, in the UI's own words. store/backend.ts implements it on the typed client
 * (renderer/api/client.ts); keeping the seam here lets the views stay ignorant of method names.
 */

import type { XlsxImportResult } from '../../core/api';
import type { Framework, TableId } from '../../core/framework/schema';
import type {
  AssetMeta,
  Block,
  BlockContent,
  ChangeEntry,
  Chapter,
  IndicatorValue,
  ReportLayout,
  ReportYearInfo,
  ReviewComment,
  SchoolCategory,
  SchoolLevel,
  SchoolProfile,
  Section,
  Workspace,
} from '../../core/model';
import type { ValidationResult } from '../../core/validate/types';

export interface Session {
  path: string;
  readOnly: boolean;
  /** written by a newer version of the app: opened read-only, never altered */
  newer: boolean;
  workspace: Workspace;
  framework: Framework;
}

export interface RecentItem {
  path: string;
  name: string;
  openedAt: string;
}

export interface CreateInput {
  path: string;
  name: string;
  level: SchoolLevel;
  category: SchoolCategory;
  reportYear: number;
  /** 学校年报 (default) or 企业年报 … */
  kind?: string;
}

export interface ValueInput {
  indicatorId: string;
  year: number;
  value: number | null;
}

export interface ExportProgress {
  percent: number;
  stage: string;
}

export interface Backend {
  /** true inside Electron: paths come from native dialogs */
  readonly native: boolean;
  recent(): Promise<RecentItem[]>;
  /** the workspace the host already has open (started with a file, menu 打开, file association), if any */
  current(): Promise<Session | null>;
  /** events from the main process / host; returns the unsubscribe function */
  onWorkspaceChanged(cb: (open: boolean) => void): () => void;
  onMenu(cb: (command: string) => void): () => void;
  /** the desktop window is about to close: answer with closeReply (electron/close-guard.ts) */
  onCloseRequested(cb: (requestId: string) => void): () => void;
  closeReply(requestId: string, unsaved: number, items: string[]): Promise<void>;
  /** native dialog in Electron; in the browser host a path in its output folder (the UI shows it in a text field) */
  pickSavePath(suggestedName: string, kind: 'workspace' | 'docx' | 'pdf' | 'xlsx' | 'json'): Promise<string | null>;
  pickOpenPath(kind?: 'workspace' | 'xlsx' | 'json' | 'framework'): Promise<string | null>;
  /** the open workspace as stored now */
  workspace(): Promise<Workspace>;
  exportXlsx(path: string): Promise<{ path: string }>;
  /** the whole workspace as one JSON file (for archives and other tools) */
  exportJson(path: string): Promise<{ path: string }>;
  /** a JSON export becomes a NEW .qar at `target`, which is then the open workspace */
  importJson(path: string, target: string): Promise<Session>;
  /** name, version and host of the running app (关于) */
  appInfo(): Promise<{ productName: string; version: string; host: 'electron' | 'browser' }>;
  /** dryRun: list what would change and the problems; else write (all or nothing) */
  importXlsx(path: string, dryRun: boolean): Promise<XlsxImportResult>;
  addYear(year: number, hasGraduates: boolean): Promise<ReportYearInfo[]>;
  updateYear(year: number, patch: { hasGraduates?: boolean; note?: string }): Promise<ReportYearInfo[]>;
  replyComment(parentId: string, body: string, author: string): Promise<ReviewComment>;
  resolveComment(id: string, resolved: boolean): Promise<ReviewComment>;
  importComments(path: string): Promise<{ added: number; skipped: number; resolved: number }>;
  createChapter(year: number, title: string, order?: number): Promise<Chapter>;
  deleteChapter(chapterId: string): Promise<void>;
  /** note: which edition (framework) the report year got, in one Chinese line */
  create(input: CreateInput): Promise<Session & { note: string }>;
  open(path: string, readOnly?: boolean): Promise<Session>;
  openDemo(path: string): Promise<Session>;
  close(): Promise<void>;
  setProfile(profile: SchoolProfile): Promise<void>;
  /**
   * `stored`: the rows as saved, with the derived copies that followed the change; `values`: the same rows as the
   * file holds them (their updatedAt is the local journal's base)
   */
  setValues(
    values: ValueInput[],
    how: 'manual' | 'paste',
  ): Promise<(ValidationResult & { stored: ValueInput[]; values: IndicatorValue[] }) | null>;
  /**
   * 「不适用」: mark a cell with the reason (its value is cleared), or remove the mark (note null); refused with a
   * Chinese message when the reason is empty. The report year's findings after it, and the rows as the file holds
   * them (their updatedAt is the local journal's base), as for setValues.
   */
  setNotApplicable(
    indicatorId: string,
    year: number,
    note: string | null,
  ): Promise<ValidationResult & { values: IndicatorValue[] }>;
  setReportLayout(layout: ReportLayout): Promise<void>;
  /** 按公式重新计算: conflicting derived copies (of `cells`, or all) become the computed values; the rows written */
  recompute(cells?: { indicatorId: string; year: number }[]): Promise<ValueInput[]>;
  history(indicatorId: string, year: number): Promise<ChangeEntry[]>;
  validate(year: number): Promise<ValidationResult>;
  updateChapter(chapterId: string, patch: { title?: string; intro?: string }): Promise<void>;
  addSection(chapterId: string, title: string): Promise<Section>;
  renameSection(sectionId: string, title: string): Promise<void>;
  deleteSection(sectionId: string): Promise<void>;
  reorderSections(chapterId: string, ids: string[]): Promise<void>;
  addBlock(sectionId: string, content: BlockContent, order: number): Promise<Block>;
  updateBlock(blockId: string, content: BlockContent): Promise<Block>;
  deleteBlock(blockId: string): Promise<void>;
  reorderBlocks(sectionId: string, ids: string[]): Promise<void>;
  addAsset(fileName: string, base64: string): Promise<AssetMeta>;
  /** a picture that is in no block (a cancelled add) */
  deleteAsset(id: string): Promise<void>;
  assetUrl(assetId: string): Promise<string>;
  reportModel(year?: number): Promise<unknown>;
  /**
   * 导出 Word or PDF in a layout (公文/报告版式); `note` says which engine made a PDF and how the charts went in,
   * `warning` what the user must check in the file (images unlike their recorded sha256), empty when nothing
   */
  exportReport(
    year: number,
    path: string,
    opts: { format: 'docx' | 'pdf'; charts: 'native' | 'png'; layout?: 'official' | 'report' },
    onProgress: (p: ExportProgress) => void,
  ): Promise<{ path: string; note: string; warning: string }>;
}

export type { TableId, XlsxImportResult };
