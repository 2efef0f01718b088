/**
 * What a Node export adds to the writer: the real chart renderer (Node canvas) and the page pass (LibreOffice, else
 * docx/layout's estimate), for the CLI, the app's export worker and the benchmark. Node-only (sharp,
 * @napi-rs/canvas); the renderer never imports it. Heavy to load (docx, chart.js, the canvas): the CLI's
 * exportReportDocx (run-export.ts, re-exported here) loads it only after the photos have started.
 */
import { renderChartPng } from '../charts/render-node';
import { codeIdentity, exportCache, libreOfficeProfileTemplate } from '../fs/derived-cache-dir';
import { findProgram, libreOfficeHeadingPages, libreOfficeIdentity } from './lo-pages';
import { LibreOfficeSession } from './lo-session';
import type { LayoutPass, ReportDocxDeps } from './write';

// exportReportDocx lives in run-export.ts, which loads this module (and the writer) only once photos are started
export { type ExportReportOptions, exportReportDocx } from './run-export';

/** The TOC's pages from LibreOffice when it is installed here (exact for LibreOffice readers), else undefined. */
export const libreOfficeLayoutPass: LayoutPass = (probe, entries) => libreOfficeHeadingPages(probe, entries);

/**
 * libreOfficeLayoutPass with one LibreOffice kept running through an export's passes (core/docx/lo-session.ts),
 * started with the first pass (which begins as the export does); QAR_LO_SESSION=off starts LibreOffice for every pass instead.
 */
export function sessionLayoutPass(opts: { profileTemplate?: string } = {}): LayoutPass {
  let session: LibreOfficeSession | null | undefined; // null: no bridge here, convert pass by pass
  const warm = () => {
    if (session !== undefined) return;
    const soffice = process.env.QAR_LO_SESSION === 'off' ? undefined : findProgram('soffice');
    session = prestarted ?? ((soffice && LibreOfficeSession.start(soffice, opts)) || null);
    prestarted = undefined;
  };
  const pass: LayoutPass = (probe, entries) => {
    warm();
    return libreOfficeHeadingPages(probe, entries, session ? { session } : {});
  };
  pass.done = () => {
    session?.close();
    session = undefined;
    prestarted?.close(); // started early but not needed: the cache had every page
    prestarted = undefined;
  };
  return pass;
}

let prestarted: LibreOfficeSession | undefined;

/**
 * Starts the page pass's LibreOffice now, for the next export in this process to take (`qar report` calls it
 * before it opens the workspace: LibreOffice takes a second or more to start, and by the time the first probe is
 * built it is ready). When that export needs no layout (every page in the cache), it stops it unused.
 */
export function startPagePassEarly(): void {
  const mode = process.env.QAR_PAGE_PASS;
  if (prestarted || mode === 'estimate' || mode === 'none' || process.env.QAR_LO_SESSION === 'off') return;
  const soffice = findProgram('soffice');
  if (!soffice) return;
  const engine = exportCache() ? libreOfficeIdentity() : undefined;
  prestarted = LibreOfficeSession.start(soffice, profileOpts(engine));
}

/** Stops a LibreOffice startPagePassEarly started that no export took (the command failed before it exported). */
export function stopPagePassEarly(): void {
  prestarted?.close();
  prestarted = undefined;
}

/**
 * Chart PNGs by the Node renderer and the page pass: LibreOffice when installed, else docx/layout's estimate.
 * QAR_PAGE_PASS=estimate skips LibreOffice, QAR_PAGE_PASS=none skips the pass (TOC numbers left to Word): the
 * test suite sets none for tests about other things, so they need not lay out every document they write.
 * Print photos, chart pictures and page facts are kept in the per-user export cache (core/fs/derived-cache-dir.ts;
 * QAR_CACHE_DIR=off turns it off), so a repeat export of unchanged content redoes none of them.
 */
export function nodeDocxDeps(): Pick<
  ReportDocxDeps,
  'renderChart' | 'layoutPass' | 'pages' | 'cache' | 'cacheSalt' | 'layoutEngine'
> {
  const mode = process.env.QAR_PAGE_PASS;
  const cache = exportCache();
  const engine = cache && mode !== 'estimate' && mode !== 'none' ? libreOfficeIdentity() : undefined;
  return {
    ...(cache ? { cache, cacheSalt: codeIdentity() } : {}),
    ...(engine ? { layoutEngine: engine } : {}),
    // the caption is printed under the figure, so the picture carries no title of its own
    renderChart: (spec, size) => renderChartPng(spec, { ...size, showTitle: false }),
    ...(mode === 'none' ? { pages: 'none' as const } : {}),
    ...(mode === 'estimate' || mode === 'none' ? {} : { layoutPass: sessionLayoutPass(profileOpts(engine)) }),
  };
}

const profileOpts = (engine: string | undefined) => {
  const profileTemplate = engine ? libreOfficeProfileTemplate(engine) : undefined;
  return profileTemplate ? { profileTemplate } : {};
};
