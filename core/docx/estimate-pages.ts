/**
 * The TOC's page numbers without LibreOffice: one layout of the probe document by docx/layout, which lays pages
 * out as Word does (its own font tables include 宋体/黑体/楷体/仿宋 and Times New Roman; `guess` measures fonts
 * outside them, such as 仿宋_GB2312, as the nearest it knows rather than stopping). One pass is enough, because the
 * body's page numbers restart after the TOC section, so what the TOC prints cannot move a heading. Giving the
 * document docx's `pageNumbers` instead would lay it out three times (about 3 s each for the demo here).
 */
import type { Document } from 'docx';
import { layoutDocument } from 'docx/layout';
import type { ReportModel } from '../report/model';

const flat = (s: string) => s.replace(/\s+/g, '');

export function estimateTocPages(model: ReportModel, probe: Document): Map<string, number> {
  const { pages } = layoutDocument(probe, { guess: true });
  // each paragraph's first line, in reading order, on the body pages (section 2: after the cover and the TOC)
  const firstLines: { text: string; page: number }[] = [];
  const seen = new Set<number>();
  for (const p of pages) {
    if (p.section < 2) continue;
    const n = Number(p.pageNumber);
    for (const b of p.body) {
      if (b.type !== 'paragraph' || seen.has(b.index)) continue;
      seen.add(b.index);
      firstLines.push({ text: flat(b.lines.map((l) => l.text).join('')), page: n });
    }
  }
  const out = new Map<string, number>();
  let at = 0;
  for (const e of model.toc) {
    const want = flat(e.text);
    const i = firstLines.findIndex((l, k) => k >= at && l.text.startsWith(want));
    if (i < 0) continue;
    const page = firstLines[i]?.page;
    if (page !== undefined && Number.isFinite(page)) out.set(e.anchor, page);
    at = i + 1;
  }
  return out;
}
