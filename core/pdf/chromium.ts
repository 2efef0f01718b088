/**
 * The PDF when LibreOffice is missing, outside the desktop app: the paged preview (renderer/views/preview/) printed
 * by a Chromium already installed on the machine, through playwright-core (never a downloaded browser). The CLI
 * serves the built renderer and the workspace (read-only) on 127.0.0.1 with the browser host for the print; the
 * browser host prints its own page. The preview marks itself ready (data-paged="done") once every page is laid out.
 *
 * playwright-core is loaded only here and only when needed; without it, without a built renderer or without a
 * Chromium, the caller gets the Chinese message saying that PDF needs LibreOffice or the desktop app.
 */
import { existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { dispatch } from '../api/dispatch';
import { QarError } from '../errors';
import { startHost } from '../host/http-host';
import { printRouteHash } from './print-route';
import { PDF_NEEDS_ENGINE, type PdfResult } from './report-pdf';

/** Flags for a headless Chromium on a locked-down machine: no sandbox helper, no network chatter, no GPU. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium to print with (QAR_CHROMIUM overrides; '' = none), or null. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env.QAR_CHROMIUM;
  if (override !== undefined) return override.trim() && existsSync(override.trim()) ? override.trim() : null;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/**
 * The built renderer, or null when not built: QAR_RENDERER_DIR, else out/renderer seen from this module in the
 * sources (core/pdf/) or from the CLI bundle (out/cli/).
 */
export function rendererDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const override = env.QAR_RENDERER_DIR?.trim();
  const candidates = override
    ? [override]
    : [resolve(import.meta.dirname, '../../out/renderer'), resolve(import.meta.dirname, '../renderer')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/** The hash route of the print-only preview (core/pdf/print-route.ts), as a URL fragment. */
export function printRoute(year?: number, layout?: string): string {
  return `#${printRouteHash(year, layout)}`;
}

/** Prints a page of our own host (its preview in print mode) to `outPath` with the installed Chromium. */
export async function printUrlToPdf(url: string, outPath: string, opts: { timeoutMs?: number } = {}): Promise<void> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new QarError('UNAVAILABLE', PDF_NEEDS_ENGINE);
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch (e) {
    throw new QarError('UNAVAILABLE', PDF_NEEDS_ENGINE, { cause: e });
  }
  const timeout = opts.timeoutMs ?? 180_000;
  const browser = await playwright.chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], headless: true });
  const tmp = join(dirname(outPath), `.${basename(outPath)}.tmp-${process.pid}-${Date.now()}`);
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(url);
    const state = await page
      .waitForSelector('[data-paged="done"], [data-paged="error"]', { timeout })
      .catch(() => null);
    if (!state || (await state.getAttribute('data-paged')) !== 'done') {
      const why = state ? await state.textContent() : '';
      throw new QarError('UNAVAILABLE', `分页预览没有完成，无法打印 PDF${why ? `：${why}` : ''}。`);
    }
    await page.pdf({ path: tmp, preferCSSPageSize: true, printBackground: true });
    renameSync(tmp, outPath);
  } finally {
    rmSync(tmp, { force: true });
    await browser.close();
  }
}

/** The CLI's fallback: serve the workspace read-only with the browser host and print its paged preview. */
export async function printPreviewPdfWithChromium(
  workspacePath: string,
  outPath: string,
  opts: { year?: number; layout?: string; timeoutMs?: number } = {},
): Promise<PdfResult> {
  const renderer = rendererDir();
  if (!renderer || !chromiumPath()) throw new QarError('UNAVAILABLE', PDF_NEEDS_ENGINE);
  const outDir = mkdtempSync(join(tmpdir(), 'qar-print-'));
  const host = await startHost({ rendererDir: renderer, outDir, port: 0, allow: [workspacePath] });
  try {
    const r = await dispatch(host.handlers, 'workspace.open', { path: workspacePath, readonly: true });
    if (!r.ok) throw new QarError('BAD_INPUT', r.error.message);
    await printUrlToPdf(`${host.url}${printRoute(opts.year, opts.layout)}`, outPath, opts);
    return { path: outPath, bytes: statSync(outPath).size, engine: 'chromium', fieldsUpdated: true };
  } finally {
    await host.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}
