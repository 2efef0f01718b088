/**
 * The photos a report of one year prints, found from the workspace's rows alone — its chapters of that year, their
 * sections' photo and case blocks, as core/report/build.ts walks them — before the framework is resolved and the
 * model built. Light on purpose (no zod, no model): `qar report`'s head start (core/cli/report-head-start.ts) reads
 * the rows straight from the file with it before the command's own modules have loaded.
 */
import type { FigureItem } from '../report/model';

/** What the walk reads of the rows (the Workspace's, or raw rows whose block content is parsed JSON). */
export interface YearPhotoRows {
  chapters: readonly { id: string; year: number }[];
  sections: readonly { id: string; chapterId: string }[];
  blocks: readonly { sectionId: string; content: unknown }[];
  assets: readonly { id: string; mime: string; width: number; height: number }[];
}

export type YearPhotoFigure = { figureKind: 'photo'; image: NonNullable<FigureItem['image']> };

const assetIdOf = (v: unknown): string | undefined =>
  typeof v === 'object' && v !== null && typeof (v as { assetId?: unknown }).assetId === 'string'
    ? (v as { assetId: string }).assetId
    : undefined;

/** Each photo figure of `year`'s chapters in reading order (a photo shown twice appears twice). */
export function yearPhotoFigures(rows: YearPhotoRows, year: number): YearPhotoFigure[] {
  const assets = new Map(rows.assets.map((a) => [a.id, a]));
  const chapters = new Set(rows.chapters.filter((c) => c.year === year).map((c) => c.id));
  const sections = new Set(rows.sections.filter((s) => chapters.has(s.chapterId)).map((s) => s.id));
  const figures: YearPhotoFigure[] = [];
  const add = (assetId: string | undefined) => {
    const a = assetId === undefined ? undefined : assets.get(assetId);
    if (a && assetId !== undefined)
      figures.push({
        figureKind: 'photo',
        image: { assetId, mime: a.mime as 'image/jpeg' | 'image/png', widthPx: a.width, heightPx: a.height },
      });
  };
  for (const b of rows.blocks) {
    if (!sections.has(b.sectionId)) continue;
    const c = b.content as { kind?: unknown; photos?: unknown } | null;
    if (c?.kind === 'photo') add(assetIdOf(c));
    else if (c?.kind === 'case' && Array.isArray(c.photos)) for (const p of c.photos) add(assetIdOf(p));
  }
  return figures;
}
