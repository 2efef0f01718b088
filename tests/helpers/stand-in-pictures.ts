/** Every figure of a report model given a small distinct stand-in picture of the size the writer would give it. */
import type { PreparedPicture } from '../../core/docx/media';
import type { FigureItem, ReportModel } from '../../core/report/model';

export function standInPictures(
  model: ReportModel,
  type: PreparedPicture['type'] = 'png',
): Map<FigureItem, PreparedPicture> {
  const out = new Map<FigureItem, PreparedPicture>();
  for (const [i, f] of model.chapters.flatMap((c) => c.sections.flatMap((s) => s.items)).entries()) {
    if (f.kind !== 'figure') continue;
    out.set(f, { data: Buffer.from(`picture ${i}`), type, widthPx: 400 + i, heightPx: 300 });
  }
  return out;
}
