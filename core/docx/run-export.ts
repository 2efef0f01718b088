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
import type { FigureItem, ReportModel } from '../report/model';
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
 * before its framework is resolved and its model built: found from the workspace alone — its chapters of that
 * year, their sections' photo and case blocks, as core/report/build.ts walks them. A head start only: the writer
 * takes this work when it covers the model's photos (core/docx/media.ts photosFor) and starts its own otherwise.
 * Undefined with a page pass (the writer's own start, core/docx/write.ts) or a layout not known here.
 */
export function startYearPhotos(
  ws: Pick<Workspace, 'chapters' | 'sections' | 'blocks' | 'assets'>,
  year: number,
  layout: string,
  assetBytes: MediaDeps['assetBytes'],
  assetSha256?: MediaDeps['assetSha256'],
): PhotoWork | undefined {
  if (process.env.QAR_PAGE_PASS !== 'none') return undefined;
  let st: ReportStyles;
  try {
    st = getReportStyles(layout);
  } catch {
    return undefined; // the command says why, where it reads the layout itself
  }
  const assets = new Map(ws.assets.map((a) => [a.id, a]));
  const chapters = new Set(ws.chapters.filter((c) => c.year === year).map((c) => c.id));
  const sections = new Set(ws.sections.filter((s) => chapters.has(s.chapterId)).map((s) => s.id));
  const figures: { figureKind: 'photo'; image: NonNullable<FigureItem['image']> }[] = [];
  const add = (assetId: string) => {
    const a = assets.get(assetId);
    if (a)
      figures.push({ figureKind: 'photo', image: { assetId, mime: a.mime, widthPx: a.width, heightPx: a.height } });
  };
  for (const b of ws.blocks) {
    if (!sections.has(b.sectionId)) continue;
    if (b.content.kind === 'photo') add(b.content.assetId);
    else if (b.content.kind === 'case') for (const p of b.content.photos) add(p.assetId);
  }
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
    : undefined;
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
