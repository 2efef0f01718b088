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
import {
  figuresOf,
  forwardOnly,
  type MediaDeps,
  PHOTOS_IN_FLIGHT,
  type PhotoWork,
  type ProgressFn,
  startPhotos,
} from './media';
import { getReportStyles, type ReportStyles } from './styles';
import type { TocPagesInfo } from './write';
import { yearPhotoFigures } from './year-photos';

export interface ExportReportOptions extends BuildReportOptions {
  styles?: ReportStyles;
  onProgress?: ProgressFn;
  onTocPages?: (info: TocPagesInfo) => void;
  /** native Word charts where they print right (default), or pictures */
  charts?: ChartExportMode;
  /** photos already being resized (startYearPhotos); the writer takes them when they cover the report's */
  photos?: PhotoWork;
  /** the hash of the bytes assetBytes gave (MediaDeps.assetSha256) */
  assetSha256?: MediaDeps['assetSha256'];
}

const photoCacheDeps = () => {
  const cache = exportCache();
  return cache ? { cache, cacheSalt: codeIdentity() } : {};
};

/**
 * Without the page pass, the photos a report of `year` prints start resizing as soon as the workspace is read,
 * before its framework is resolved and its model built: found from the workspace alone (core/docx/year-photos.ts).
 * `qar report` has usually started them earlier still (core/cli/report-head-start.ts); this is its way when that
 * could not be used. A head start only: the writer
 * takes this work when it covers the model's photos (core/docx/media.ts photosFor) and starts its own otherwise.
 * Undefined with a page pass (the writer's own start, core/docx/write.ts) or a layout not known here.
 */
export function startYearPhotos(...args: Parameters<typeof yearPhotoWork>): PhotoWork | undefined {
  return process.env.QAR_PAGE_PASS === 'none' ? yearPhotoWork(...args) : undefined;
}

/** The photos a report of `year` prints, started now whatever the page pass (undefined for a layout not known here). */
export function yearPhotoWork(
  ws: Pick<Workspace, 'chapters' | 'sections' | 'blocks' | 'assets'>,
  year: number,
  layout: string,
  assetBytes: MediaDeps['assetBytes'],
  assetSha256?: MediaDeps['assetSha256'],
): PhotoWork | undefined {
  let st: ReportStyles;
  try {
    st = getReportStyles(layout);
  } catch {
    return undefined; // the command says why, where it reads the layout itself
  }
  const figures = yearPhotoFigures(ws, year);
  return startPhotos(
    figures,
    st,
    { assetBytes, ...(assetSha256 ? { assetSha256 } : {}), ...photoCacheDeps() },
    () => {},
    PHOTOS_IN_FLIGHT,
  );
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
  const hashes = opts.assetSha256 ? { assetSha256: opts.assetSha256 } : {};
  const cacheDeps = early ? photoCacheDeps() : {};
  const photos = early
    ? (opts.photos ??
      startPhotos(
        figuresOf(model),
        opts.styles ?? getReportStyles(),
        { assetBytes, ...hashes, ...cacheDeps },
        progress ?? (() => {}),
        PHOTOS_IN_FLIGHT,
      ))
    : // with a page pass the writer starts its own (core/docx/write.ts), unless `qar report`'s head start has
      opts.photos;
  const [{ writeReportDocx }, { nodeDocxDeps }] = await Promise.all([import('./write'), import('./export')]);
  const docx = await writeReportDocx(model, {
    assetBytes,
    ...hashes,
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
