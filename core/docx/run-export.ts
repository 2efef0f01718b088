/**
 * exportReportDocx: one call from a workspace to .docx bytes with the real chart renderer and page pass (what the
 * CLI and the benchmark use; the app's worker calls writeReportDocx through core/api/deps.ts).
 *
 * Light to load on purpose: the writer's modules — docx, docx/charts, chart.js and the canvas, about 3 MB of code
 * to parse — are imported only here, after the model is built and, without the page pass, after the photos have
 * started resizing on the threadpool, so that loading them overlaps the photos' work instead of preceding it.
 */
import type { Framework } from '../framework/schema';
import { codeIdentity, exportCache } from '../fs/derived-cache-dir';
import type { Workspace } from '../model';
import { type BuildReportOptions, buildReportModel } from '../report/build';
import type { ReportModel } from '../report/model';
import type { ChartExportMode } from './chart-choice';
import { figuresOf, forwardOnly, type MediaDeps, PHOTOS_IN_FLIGHT, type ProgressFn, startPhotos } from './media';
import { getReportStyles, type ReportStyles } from './styles';
import type { TocPagesInfo } from './write';

export interface ExportReportOptions extends BuildReportOptions {
  styles?: ReportStyles;
  onProgress?: ProgressFn;
  onTocPages?: (info: TocPagesInfo) => void;
  /** native Word charts where they print right (default), or pictures */
  charts?: ChartExportMode;
}

export async function exportReportDocx(
  ws: Workspace,
  fw: Framework,
  assetBytes: MediaDeps['assetBytes'],
  opts: ExportReportOptions = {},
): Promise<{ model: ReportModel; docx: Buffer }> {
  const model = buildReportModel(ws, fw, opts);
  // the page pass's own start (LibreOffice while photos are resized) is the writer's (core/docx/write.ts);
  // without it, the photos start here (nodeDocxDeps reads the same variable)
  const early = process.env.QAR_PAGE_PASS === 'none';
  const progress = early && opts.onProgress ? forwardOnly(opts.onProgress) : opts.onProgress;
  const cache = early ? exportCache() : undefined;
  const cacheDeps = cache ? { cache, cacheSalt: codeIdentity() } : {};
  const photos = early
    ? startPhotos(
        figuresOf(model),
        opts.styles ?? getReportStyles(),
        { assetBytes, ...cacheDeps },
        progress ?? (() => {}),
        PHOTOS_IN_FLIGHT,
      )
    : undefined;
  const [{ writeReportDocx }, { nodeDocxDeps }] = await Promise.all([import('./write'), import('./export')]);
  const docx = await writeReportDocx(model, {
    assetBytes,
    ...nodeDocxDeps(),
    ...cacheDeps,
    ...(photos ? { photos } : {}),
    ...(opts.styles ? { styles: opts.styles } : {}),
    ...(progress ? { onProgress: progress } : {}),
    ...(opts.onTocPages ? { onTocPages: opts.onTocPages } : {}),
    ...(opts.charts ? { charts: opts.charts } : {}),
  });
  return { model, docx };
}
