/**
 * 导出 PDF in the desktop app when LibreOffice is missing: the paged preview (renderer #print route) is loaded in a
 * hidden window with the same secure settings as the main window, and Electron's printToPDF prints its A4 sheets
 * (CSS @page, one sheet per page). The page says when every sheet, chart and photo is ready (data-paged="done").
 * Takes the BrowserWindow class as a parameter, so the wiring is testable with a mocked 'electron'.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BrowserWindow as BrowserWindowType, WebPreferences } from 'electron';
import type { ReportJob, ReportJobResult, ReportProgress } from '../core/api/context';
import { QarError } from '../core/errors';
import { printRouteHash } from '../core/pdf/print-route';
import { PDF_ENGINE_TEXT } from '../core/pdf/report-pdf';

export interface PrintDeps {
  BrowserWindow: new (opts: {
    show: boolean;
    width: number;
    height: number;
    webPreferences: WebPreferences;
  }) => BrowserWindowType;
  webPreferences: WebPreferences;
  /** loads the renderer with a hash (file in the packaged app, the dev server in development) */
  load(win: BrowserWindowType, hash: string): Promise<void>;
  timeoutMs?: number;
}

/** Reads the preview's state until it is done or failed (our own page, our own script: no user text is run). */
async function waitForPages(win: BrowserWindowType, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const state = (await win.webContents.executeJavaScript(
      "document.querySelector('[data-paged]')?.getAttribute('data-paged') ?? ''",
    )) as string;
    if (state === 'done') return;
    if (state === 'error') throw new QarError('UNAVAILABLE', '分页预览没有完成，无法打印 PDF。');
    if (Date.now() - started > timeoutMs)
      throw new QarError('UNAVAILABLE', `分页预览超过 ${Math.round(timeoutMs / 1000)} 秒仍未完成，无法打印 PDF。`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function printReportPdfInElectron(
  job: ReportJob,
  onProgress: (p: ReportProgress) => void,
  deps: PrintDeps,
): Promise<ReportJobResult> {
  onProgress({ stage: 'pdf', percent: 10, message: '正在排版分页预览…' });
  const win = new deps.BrowserWindow({ show: false, width: 1200, height: 900, webPreferences: deps.webPreferences });
  const tmp = join(dirname(job.outPath), `.${basename(job.outPath)}.tmp-${process.pid}-${Date.now()}`);
  try {
    await deps.load(win, printRouteHash(job.year, job.layout));
    await waitForPages(win, deps.timeoutMs ?? 180_000);
    onProgress({ stage: 'pdf', percent: 80, message: '正在打印 PDF…' });
    const pdf = await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true });
    writeFileSync(tmp, pdf);
    renameSync(tmp, job.outPath);
    onProgress({ stage: 'done', percent: 100, message: '导出完成' });
    return { path: job.outPath, bytes: pdf.length, engine: 'electron', note: `PDF 由${PDF_ENGINE_TEXT.electron}` };
  } finally {
    rmSync(tmp, { force: true });
    win.destroy();
  }
}
