/**
 * What a door (Electron main, browser host, tests) gives the API handlers: who it is, the recent-files list,
 * the path policy, native dialogs (or their stand-ins), the event sender, and how to run a report export (a worker thread in the
 * desktop app, in-process in the host and tests).
 */
import type { ApiEvent, ApiEventPayload, JobProgress, RecentFile, WorkspaceInfo } from '../api';
import type { Framework } from '../framework/schema';
import type { XlsxParseResult } from '../xlsx/import';
import type { PathPolicy } from './path-policy';

export type PickOpenPurpose = 'workspace' | 'json' | 'image' | 'xlsx' | 'framework';
/** 'comments': a school's review comments as .docx, .xlsx or .json (the dialog offers all three) */
export type PickSavePurpose = 'workspace' | 'docx' | 'pdf' | 'json' | 'folder' | 'xlsx' | 'comments';

export interface ReportJob {
  /** the .qar to read (the worker opens its own read-only connection) */
  workspacePath: string;
  outPath: string;
  year?: number;
  /** built-in style template id (core/docx/styles.ts); default 'official' */
  layout?: string;
  /** default docx */
  format?: 'docx' | 'pdf';
  /** default native (core/docx/native-chart.ts) */
  charts?: 'native' | 'png';
}

/** What a report export tells the UI besides the file: the PDF engine and a Chinese note. */
export interface ReportJobResult {
  path: string;
  bytes: number;
  engine?: 'libreoffice' | 'chromium' | 'electron';
  note?: string;
  /** what the user must check in the file written (images unlike their recorded sha256), shown apart from the note */
  warning?: string;
}

export type ReportProgress = Omit<JobProgress, 'jobId'>;
export type ReportExporter = (job: ReportJob, onProgress: (p: ReportProgress) => void) => Promise<ReportJobResult>;

export interface ApiHostContext {
  host: 'electron' | 'browser';
  version: string;
  platform: string;
  recent: { list(): RecentFile[]; add(path: string, name: string): unknown; remove?(path: string): unknown };
  /** which paths from the page may be used (core/api/path-policy.ts); every handler taking a path asks it */
  paths: PathPolicy;
  emit<E extends ApiEvent>(event: E, payload: ApiEventPayload<E>): void;
  /** null when the user cancels; throws QarError UNSUPPORTED where there is no dialog */
  pickOpen(purpose: PickOpenPurpose): Promise<string | null>;
  pickSave(purpose: PickSavePurpose, defaultName: string): Promise<string | null>;
  /** several .qar files, or one folder, for the district review ([] when cancelled); absent: no native dialog */
  pickOpenMany?(kind: 'qar-files' | 'folder'): Promise<string[]>;
  /** default: in-process (core/host/report-job.ts) */
  exportReport?: ReportExporter;
  /** parse a workbook (desktop: a worker thread with a heap cap, electron/off-main.ts); default in-process */
  parseXlsx?(bytes: Uint8Array, framework: Framework, years: number[]): Promise<XlsxParseResult>;
  /** read, check and write a user's JSON export as a new .qar (desktop: a worker thread); default in-process */
  importJson?(jsonPath: string, targetPath: string): Promise<void>;
  /**
   * A PDF of the open workspace's paged preview, for when LibreOffice is missing: Electron's printToPDF of the
   * preview window, Chromium in the browser host. Absent: PDF needs LibreOffice.
   */
  printReportPdf?(job: ReportJob, onProgress: (p: ReportProgress) => void): Promise<ReportJobResult>;
  /** called after the open workspace changed through the API (menus, title bar follow it) */
  onSessionChange?(info: WorkspaceInfo | null): void;
  /** the page answered app.closeRequested (Electron's close prompt waits for it; other doors ignore it) */
  onCloseReply?(reply: { requestId: string; unsaved: number; items: string[] }): void;
}
