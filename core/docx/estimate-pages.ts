/**
 * The TOC's page numbers without LibreOffice: one layout of the probe document by docx/layout, which lays pages
 * out as Word does (its own font tables include 宋体/黑体/楷体/仿宋 and Times New Roman; `guess` measures fonts
 * outside them, such as 仿宋_GB2312, as the nearest it knows rather than stopping). One pass is enough, because the
 * body's page numbers restart after the TOC section, so what the TOC prints cannot move a heading. Giving the
 * document docx's `pageNumbers` instead would lay it out three times (about 3 s each for the demo here).
 */
import type { Document } from 'docx';
import type { layoutDocument } from 'docx/layout';
import type { ReportModel } from '../report/model';

const flat = (s: string) => s.replace(/\s+/g, '');

/** What a page pass learns: the page of each TOC entry's heading, and of each grid table's data rows. */
export interface PageLayoutFacts {
  pages: Map<string, number>;
  /** grid table ordinal → page of each data row (any increasing page count; only changes matter) */
  rows: Map<number, number[]>;
  /** body page number → lines of text on it (paragraph lines and table rows), to find near-empty chapter ends */
  lines?: Map<number, number>;
  /**
   * body page number → height used on it, in pt, from the top of its first line to the top of its last (LibreOffice
   * over UNO: given for the page before each chapter, in place of `lines`)
   */
  usedPt?: Map<number, number>;
  /** the body's last page, when known (a partial pass's chapters are counted from it) */
  lastPage?: number;
}

/**
 * `tables` is every table the probe holds in reading order (case boxes too): docx/layout names tables by their
 * place among the body's blocks, so the n-th table it meets is our n-th.
 */
export async function estimatePageFacts(
  model: ReportModel,
  probe: Document,
  tables: readonly { grid: boolean; headerRows?: number }[],
): Promise<PageLayoutFacts> {
  // loaded here, only when the estimate is used: docx/layout is 1.6 MB of code (with its font tables) that an
  // export with LibreOffice, or without the page pass, never runs, and parsing it cost every export's start-up
  const { layoutDocument } = await import('docx/layout');
  const { pages } = layoutDocument(probe, { guess: true });
  const rows = new Map<number, number[]>();
  const ordinalOf = new Map<number, number>();
  pages.forEach((p, pageIndex) => {
    for (const b of p.body) {
      if (b.type !== 'table') continue;
      if (!ordinalOf.has(b.index)) ordinalOf.set(b.index, ordinalOf.size);
      const ordinal = ordinalOf.get(b.index) as number;
      if (!tables[ordinal]?.grid) continue;
      const list = rows.get(ordinal) ?? [];
      // row 0 is the header (repeated on every page), and row 1 too where the probe holds the caption there
      // (reserveCaptions); data row r is the row after them
      const head = tables[ordinal]?.headerRows ?? 1;
      for (const r of b.rows)
        if (r.index >= head && list[r.index - head] === undefined) list[r.index - head] = pageIndex;
      rows.set(ordinal, list);
    }
  });
  const lines = new Map<number, number>();
  for (const p of pages) {
    if (p.section < 2 || !/^\d+$/.test(p.pageNumber ?? '')) continue;
    const n = p.body.reduce(
      (a, b) => a + (b.type === 'paragraph' ? b.lines.filter((l) => l.text.trim()).length : b.rows.length),
      0,
    );
    lines.set(Number(p.pageNumber), n);
  }
  return { pages: tocPagesOf(model, pages), rows, lines };
}

function tocPagesOf(model: ReportModel, pages: ReturnType<typeof layoutDocument>['pages']): Map<string, number> {
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
