/**
 * 导出 PDF: which engine makes the PDF, and the LibreOffice route from the report's .docx bytes.
 *
 * Order: LibreOffice when installed (the PDF is the Word document as an office suite prints it, TOC numbers
 * updated); otherwise the paged preview printed by the desktop app (Electron printToPDF) or, in the browser host
 * and the CLI, by Chromium when one is installed; otherwise a Chinese message saying what is needed. The result
 * always says which engine was used (CLI line, UI message).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QarError } from '../errors';
import { convertDocxToPdf, findSoffice } from './libreoffice';

export type PdfEngine = 'libreoffice' | 'chromium' | 'electron';

/** How the UI and the CLI name the engine: 「PDF 由 LibreOffice 转换」. */
export const PDF_ENGINE_TEXT: Record<PdfEngine, string> = {
  libreoffice: 'LibreOffice 转换',
  chromium: 'Chromium 打印分页预览',
  electron: '本程序打印分页预览',
};

export const PDF_NEEDS_ENGINE =
  '导出 PDF 需要 LibreOffice（请安装 LibreOffice 7 或更新版本后重试），或在桌面版中导出（由分页预览打印）。也可以先导出 Word，再在 Word/WPS 中另存为 PDF。';

export function libreOfficeAvailable(): boolean {
  return findSoffice() !== null;
}

export interface PdfResult {
  path: string;
  bytes: number;
  engine: PdfEngine;
  /** false when the TOC numbers are the ones cached in the file (LibreOffice could not update them) */
  fieldsUpdated: boolean;
}

/** The report's .docx bytes → PDF at `outPath`, through LibreOffice. Throws QarError UNAVAILABLE without it. */
export async function docxToPdfWithLibreOffice(
  docx: Buffer,
  outPath: string,
  opts: { timeoutMs?: number } = {},
): Promise<PdfResult> {
  const dir = mkdtempSync(join(tmpdir(), 'qar-report-'));
  try {
    const docxPath = join(dir, 'report.docx');
    writeFileSync(docxPath, docx);
    const r = await convertDocxToPdf(docxPath, outPath, opts);
    return { path: outPath, bytes: statSync(outPath).size, engine: 'libreoffice', fieldsUpdated: r.fieldsUpdated };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export { reportFormatOf } from './report-format';

/**
 * Throws the Chinese UNAVAILABLE message unless some engine can make a PDF here (checked before any work starts).
 */
export async function assertPdfEngine(): Promise<void> {
  if (libreOfficeAvailable()) return;
  const { chromiumPath, rendererDir } = await import('./chromium');
  if (!chromiumPath() || !rendererDir()) throw new QarError('UNAVAILABLE', PDF_NEEDS_ENGINE);
}

/**
 * The PDF of a report whose .docx is `docx`: LibreOffice when installed, else the paged preview of the workspace
 * printed by Chromium (CLI and browser host, where /usr/bin/chromium or QAR_CHROMIUM exists), else UNAVAILABLE
 * with what to install. The desktop app prints its own preview instead (electron/pdf-print.ts).
 */
export async function writeReportPdf(
  docx: Buffer,
  outPath: string,
  source: { workspacePath: string; year?: number; layout?: string },
  opts: { timeoutMs?: number } = {},
): Promise<PdfResult> {
  if (libreOfficeAvailable()) return docxToPdfWithLibreOffice(docx, outPath, opts);
  await assertPdfEngine();
  const { printPreviewPdfWithChromium } = await import('./chromium');
  return printPreviewPdfWithChromium(source.workspacePath, outPath, {
    year: source.year,
    layout: source.layout,
    timeoutMs: opts.timeoutMs,
  });
}
