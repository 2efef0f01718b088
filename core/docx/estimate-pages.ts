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
import type { WrittenTable } from './content';

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
 * place among the body's blocks, so the n-th table it meets is our n-th, counting each 续表 part as the table it is
 * in the document (before, a split table's parts shifted every later table by one: a later pass read the rows of
 * one table as another's, and the 续表 parts it chose were another table's).
 */
export async function estimatePageFacts(
  model: ReportModel,
  probe: Document,
  tables: readonly WrittenTable[],
): Promise<PageLayoutFacts> {
  // loaded here, only when the estimate is used: docx/layout is 1.6 MB of code (with its font tables) that an
  // export with LibreOffice, or without the page pass, never runs, and parsing it cost every export's start-up
  const { layoutDocument } = await import('docx/layout');
  const { pages } = layoutDocument(probe, { guess: true });
  // the body's own page numbers (what its footers print, from 1 after the TOC) where they run on one by one: a probe
  // of some chapters alone then counts them as LibreOffice does, and a later pass lays out only the chapters whose
  // settings changed (core/docx/page-segments.ts splitFacts). Else the pages' places in the document, whose
  // changes from row to row are all the passes need, and every pass lays out the whole.
  const body = pages.filter((p) => p.section >= 2);
  const numbered =
    body.length > 0 &&
    body.every(
      (p, i) => /^\d+$/.test(p.pageNumber ?? '') && Number(p.pageNumber) === Number(body[0]?.pageNumber) + i,
    ) &&
    pages.every((p) => p.section >= 2 || p.body.every((b) => b.type !== 'table'));
  const pageOf = (p: (typeof pages)[number], pageIndex: number) => (numbered ? Number(p.pageNumber) : pageIndex);
  // the document's tables in reading order, as docx/layout meets them: a table in 续表 parts is a table per part,
  // each with its header row, its data rows counted on from the part's first
  const written = tables.flatMap((t, ordinal) =>
    t.omitted ? [] : (t.parts ?? [0]).map((from) => ({ ordinal, from, head: t.parts ? 1 : (t.headerRows ?? 1) })),
  );
  const rows = new Map<number, number[]>();
  const placeOf = new Map<number, number>();
  pages.forEach((p, pageIndex) => {
    for (const b of p.body) {
      if (b.type !== 'table') continue;
      if (!placeOf.has(b.index)) placeOf.set(b.index, placeOf.size);
      const w = written[placeOf.get(b.index) as number];
      if (!w || !tables[w.ordinal]?.grid) continue;
      const list = rows.get(w.ordinal) ?? [];
      for (const r of b.rows)
        if (r.index >= w.head && list[w.from + r.index - w.head] === undefined)
          list[w.from + r.index - w.head] = pageOf(p, pageIndex);
      rows.set(w.ordinal, list);
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
  const lastPage = numbered ? Number(body[body.length - 1]?.pageNumber) : undefined;
  return { pages: tocPagesOf(model, pages), rows, lines, ...(lastPage === undefined ? {} : { lastPage }) };
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
