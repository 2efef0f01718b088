/**
 * .docx → PDF through LibreOffice, the first choice for 导出 PDF: the PDF is then the Word document as a reader's
 * office suite lays it out (same fonts, same page breaks, native charts drawn by LibreOffice's chart engine).
 *
 * Each conversion runs headless with a private, throw-away profile (-env:UserInstallation), so it neither waits for
 * nor disturbs a LibreOffice the user has open, and ends after a timeout with a Chinese message.
 *
 * Why a Basic macro rather than plain `--convert-to pdf`: a plain conversion prints the table of contents as cached
 * in the file; the macro updates every index and field first (until the page count settles), so the TOC's page
 * numbers are LibreOffice's own for the very pages it prints. The macro lives only in the throw-away profile
 * (application Basic, which LibreOffice trusts), reads its two paths from the environment (no quoting of user paths
 * into a macro URL) and closes LibreOffice when done. If that route fails, plain `--convert-to pdf` is tried and
 * the result says the fields were not updated.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { QarError } from '../errors';
import { killProcessTree } from '../proc/process-tree';

export const DEFAULT_PDF_TIMEOUT_MS = 180_000;

/** Where LibreOffice usually is, after QAR_SOFFICE and the PATH. */
const SOFFICE_CANDIDATES: readonly string[] = [
  '/usr/bin/soffice',
  '/usr/lib/libreoffice/program/soffice',
  '/opt/libreoffice/program/soffice',
  '/snap/bin/libreoffice',
  '/Applications/LibreOffice.app/Contents/MacOS/soffice',
  'C:\\Program Files\\LibreOffice\\program\\soffice.exe',
  'C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe',
];

/** The soffice executable to use, or null when LibreOffice is not installed. QAR_SOFFICE overrides ('' = none). */
export function findSoffice(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env.QAR_SOFFICE;
  if (override !== undefined) return override.trim() && existsSync(override.trim()) ? override.trim() : null;
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean))
    for (const n of names) if (existsSync(join(dir, n))) return join(dir, n);
  return SOFFICE_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** The macro: load hidden, update indexes and fields until the page count stops changing, export, quit. */
const MACRO_MODULE = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub QarExportPdf
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  oDoc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ(&quot;QAR_PDF_IN&quot;)), &quot;_blank&quot;, 0, args())
  For k = 1 To 3
    nBefore = oDoc.getCurrentController().getPropertyValue(&quot;PageCount&quot;)
    oIdx = oDoc.getDocumentIndexes()
    For i = 0 To oIdx.getCount() - 1
      oIdx.getByIndex(i).update()
    Next
    oDoc.getTextFields().refresh()
    If oDoc.getCurrentController().getPropertyValue(&quot;PageCount&quot;) = nBefore Then Exit For
  Next
  Dim f(0) As New com.sun.star.beans.PropertyValue
  f(0).Name = &quot;FilterName&quot;
  f(0).Value = &quot;writer_pdf_Export&quot;
  oDoc.storeToURL(ConvertToURL(Environ(&quot;QAR_PDF_OUT&quot;)), f())
  oDoc.close(True)
  StarDesktop.terminate()
End Sub
</script:module>
`;

/** Runs soffice; resolves with its exit code, rejects with a Chinese QarError on timeout or when it cannot start. */
function run(soffice: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(soffice, args, {
      env,
      stdio: 'ignore',
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const timer = setTimeout(() => {
      killProcessTree(child);
      reject(
        new QarError(
          'UNAVAILABLE',
          `LibreOffice 转换 PDF 超时（超过 ${Math.round(timeoutMs / 1000)} 秒），已停止。请关闭其他占用电脑的程序后重试，或先导出 Word 再在 Word/WPS 中另存为 PDF。`,
        ),
      );
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new QarError('UNAVAILABLE', `无法启动 LibreOffice（${soffice}），请检查安装是否完整。`, { cause: e }));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
}

export interface LibreOfficePdfResult {
  /** whether the TOC and fields were updated by LibreOffice before export (the macro route) */
  fieldsUpdated: boolean;
  ms: number;
}

/**
 * Converts `docxPath` to `pdfPath` (written through a temp file and a rename, so a failure never leaves half a PDF).
 * Throws QarError UNAVAILABLE when LibreOffice is not installed, cannot start or times out.
 */
export async function convertDocxToPdf(
  docxPath: string,
  pdfPath: string,
  opts: { soffice?: string | null; timeoutMs?: number } = {},
): Promise<LibreOfficePdfResult> {
  const soffice = opts.soffice === undefined ? findSoffice() : opts.soffice;
  if (!soffice) throw new QarError('UNAVAILABLE', '未找到 LibreOffice，无法用它转换 PDF。');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_PDF_TIMEOUT_MS;
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), 'qar-pdf-'));
  const profile = join(work, 'profile');
  const profileUrl = pathToFileURL(profile).href;
  const tmpPdf = join(work, 'out.pdf');
  const deadline = () => Math.max(1000, timeoutMs - (performance.now() - started));
  const common = [`-env:UserInstallation=${profileUrl}`, '--headless', '--norestore', '--nologo', '--nolockcheck'];
  const env = { ...process.env, QAR_PDF_IN: docxPath, QAR_PDF_OUT: tmpPdf };
  try {
    let fieldsUpdated = false;
    // 1. create the private profile, 2. put the macro into its Basic library, 3. run it
    await run(soffice, [...common, '--terminate_after_init'], env, deadline());
    const module = join(profile, 'user', 'basic', 'Standard', 'Module1.xba');
    if (existsSync(dirname(module))) {
      writeFileSync(module, MACRO_MODULE);
      await run(soffice, [...common, 'macro:///Standard.Module1.QarExportPdf'], env, deadline());
      fieldsUpdated = existsSync(tmpPdf) && statSync(tmpPdf).size > 0;
    }
    if (!fieldsUpdated) {
      const outDir = join(work, 'plain');
      const code = await run(
        soffice,
        [...common, '--convert-to', 'pdf:writer_pdf_Export', '--outdir', outDir, docxPath],
        env,
        deadline(),
      );
      const produced = join(outDir, basename(docxPath).replace(/\.docx$/i, '.pdf'));
      const any = existsSync(outDir) ? readdirSync(outDir).find((f) => f.toLowerCase().endsWith('.pdf')) : undefined;
      const out = existsSync(produced) ? produced : any ? join(outDir, any) : '';
      if (!out)
        throw new QarError(
          'UNAVAILABLE',
          `LibreOffice 未能把报告转换为 PDF（退出码 ${code}）。请先导出 Word，在 Word/WPS 中打开检查后另存为 PDF。`,
        );
      renameSync(out, tmpPdf);
    }
    moveInto(tmpPdf, pdfPath);
    return { fieldsUpdated, ms: Math.round(performance.now() - started) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Renames the finished PDF over the target (copying when the temp folder is on another drive). */
function moveInto(from: string, to: string): void {
  const tmp = join(dirname(to), `.${basename(to)}.tmp-${process.pid}-${Date.now()}`);
  try {
    try {
      renameSync(from, to);
      return;
    } catch {
      // other device: copy next to the target, then rename
    }
    copyFileSync(from, tmp);
    renameSync(tmp, to);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new QarError('BAD_INPUT', `无法写入「${basename(to)}」：文件可能正在打开，或文件夹不可写。`, { cause: e });
  }
}
