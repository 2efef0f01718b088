/**
 * The paged preview's page breaking, as pure data: the report model becomes a flow of blocks (headings, paragraph,
 * case parts, figures, tables, TOC lines); the browser measures each block at the printed text width
 * (PagedPreview.tsx); planPages cuts the flow into A4 pages the way the Word document breaks:
 * - chapters start a new page; headings and case titles stay with at least the start of what follows;
 * - paragraphs (also inside a case box) break between lines, with at least two lines on either side;
 * - tables break between rows (at least two rows before the break), the header row repeated under a 「续表」
 *   caption; figures never break.
 *
 * Why our own breaker rather than a paged-media library or LibreOffice's pages (issue #11, Deliver 4):
 * - pagedjs 0.4.3 inserts <style> elements, which this app's CSP (style-src 'self', no nonce) refuses: checked in
 *   Chromium, it lays out no page at all ("Applying inline style violates … style-src 'self'"); making it work
 *   means patching its internals. It also takes over the whole document (not a React view), and pulls
 *   @babel/polyfill and es5-ext (an install script). Its last release is from 2023.
 * - LibreOffice's pages (docx → PDF → images) are the Word layout itself, but only where LibreOffice is installed
 *   (rarely on school PCs), take 10–20 s per refresh for 45 pages, and are pictures: no links, no text to select.
 * The breaker is ~300 lines, runs in well under a second, needs nothing but the browser, and its page numbers fill
 * the preview's 目录. The model is the same one the Word writer reads, so both break at the same blocks; line
 * breaks within paragraphs follow the browser's fonts, so a page may differ by a line or two from Word's.
 */
import type {
  AppendixTable,
  CaseItem,
  ChallengeItem,
  FigureItem,
  ReportItem,
  ReportModel,
  TableItem,
} from '../../../core/report/model';

export type FlowBlock =
  | { kind: 'h1'; text: string; anchor: string; variant: 'chapter' | 'preface' | 'toc'; breakBefore: boolean }
  | { kind: 'h2' | 'h3'; text: string; anchor: string }
  | { kind: 'para'; lead: string; text: string; inCase: boolean }
  | { kind: 'case-title'; text: string }
  | { kind: 'case-end' }
  | { kind: 'figure'; item: FigureItem }
  | { kind: 'table'; table: TableItem | AppendixTable; appendix: boolean }
  | { kind: 'toc'; text: string; level: 1 | 2; anchor: string };

/** What the browser measured for a block, in CSS px. */
export interface Measure {
  height: number;
  marginTop: number;
  marginBottom: number;
  /** paragraphs: line count and height, padding above the first line and below the last */
  lines?: { count: number; lineHeight: number; padTop: number; padBottom: number };
  /** tables: caption + header row, each body row, and what follows the last row (数据来源 line) */
  rows?: { head: number; heights: number[]; tail: number };
}

/** A piece of a block on one page: whole, or lines [from, to) of a paragraph, or rows [from, to) of a table. */
export interface Fragment {
  block: number;
  from?: number;
  to?: number;
}

export interface PlannedPage {
  fragments: Fragment[];
}

function caseBlocks(it: CaseItem): FlowBlock[] {
  return [
    { kind: 'case-title', text: it.title ? `${it.label}${it.title}` : it.label },
    ...(it.paragraphs.length ? it.paragraphs : ['']).map(
      (text): FlowBlock => ({ kind: 'para', lead: '', text, inCase: true }),
    ),
    { kind: 'case-end' },
  ];
}

function challengeBlocks(it: ChallengeItem): FlowBlock[] {
  const paras = (label: string, texts: string[]) =>
    (texts.length ? texts : ['']).map(
      (text, i): FlowBlock => ({ kind: 'para', lead: i === 0 ? label : '', text, inCase: false }),
    );
  return [
    { kind: 'h3', text: it.heading, anchor: it.anchor },
    ...paras('问题表现：', it.problems),
    ...paras('下一步打算：', it.plans),
  ];
}

function itemBlocks(it: ReportItem): FlowBlock[] {
  switch (it.kind) {
    case 'paragraph':
      if (it.paragraphs.length === 0) return it.lead ? [{ kind: 'para', lead: it.lead, text: '', inCase: false }] : [];
      return it.paragraphs.map((text, i) => ({ kind: 'para', lead: i === 0 ? it.lead : '', text, inCase: false }));
    case 'case':
      return caseBlocks(it);
    case 'figure':
      return [{ kind: 'figure', item: it }];
    case 'table':
      return [{ kind: 'table', table: it, appendix: false }];
    case 'challenge':
      return challengeBlocks(it);
  }
}

/** The body's flow, from 前言 to the 附表, in the Word document's order. */
export function bodyFlow(model: ReportModel): FlowBlock[] {
  const out: FlowBlock[] = [];
  if (model.preface) {
    out.push({
      kind: 'h1',
      text: model.preface.heading,
      anchor: model.preface.anchor,
      variant: 'preface',
      breakBefore: false,
    });
    for (const it of model.preface.items) out.push(...itemBlocks(it));
  }
  model.chapters.forEach((ch, i) => {
    out.push({
      kind: 'h1',
      text: ch.heading,
      anchor: ch.anchor,
      variant: 'chapter',
      breakBefore: i > 0 || !!model.preface,
    });
    for (const p of ch.intro) out.push({ kind: 'para', lead: '', text: p, inCase: false });
    for (const s of ch.sections) {
      if (s.heading) out.push({ kind: 'h2', text: s.heading, anchor: s.anchor });
      for (const it of s.items) out.push(...itemBlocks(it));
    }
  });
  if (model.appendix.tables.length > 0) {
    out.push({
      kind: 'h1',
      text: model.appendix.heading,
      anchor: model.appendix.anchor,
      variant: 'chapter',
      breakBefore: out.length > 0,
    });
    for (const t of model.appendix.tables) out.push({ kind: 'table', table: t, appendix: true });
  }
  return out;
}

/** The 目录 pages' flow: the heading, then one line per entry. */
export function tocFlow(model: ReportModel, heading: string): FlowBlock[] {
  return [
    { kind: 'h1', text: heading, anchor: '', variant: 'toc', breakBefore: false },
    ...model.toc.map((e): FlowBlock => ({ kind: 'toc', text: e.text, level: e.level, anchor: e.anchor })),
  ];
}

const keepsWithNext = (b: FlowBlock | undefined) =>
  !!b && (b.kind === 'h1' || b.kind === 'h2' || b.kind === 'h3' || b.kind === 'case-title');

/** Lines a paragraph keeps together at a page break (widows and orphans). */
export const MIN_LINES = 2;

/** Cuts a measured flow into pages of `pageHeight` px. Pure. */
export function planPages(blocks: FlowBlock[], measures: Measure[], pageHeight: number): PlannedPage[] {
  const pages: PlannedPage[] = [{ fragments: [] }];
  let used = 0;
  const page = () => pages[pages.length - 1]!;
  const newPage = () => {
    if (page().fragments.length === 0) return;
    pages.push({ fragments: [] });
    used = 0;
  };
  // a little tolerance: measured heights are fractional
  const fits = (h: number) => used + h <= pageHeight + 0.5;
  const whole = (i: number) => {
    const m = measures[i]!;
    return m.marginTop + m.height + m.marginBottom;
  };
  /** the least of block i that must follow a heading on the same page */
  const minStart = (i: number, depth = 0): number => {
    const b = blocks[i];
    const m = measures[i];
    if (!b || !m) return 0;
    if (m.lines) return m.marginTop + m.lines.padTop + Math.min(MIN_LINES, m.lines.count) * m.lines.lineHeight;
    if (m.rows) return m.marginTop + m.rows.head + (m.rows.heights[0] ?? 0);
    if (keepsWithNext(b) && depth < 2) return whole(i) + minStart(i + 1, depth + 1);
    return whole(i);
  };

  blocks.forEach((b, i) => {
    const m = measures[i]!;
    if (b.kind === 'h1' && b.breakBefore) newPage();

    if (m.lines && m.lines.count > 0) {
      const { count, lineHeight, padTop, padBottom } = m.lines;
      let from = 0;
      while (from < count) {
        const top = from === 0 ? m.marginTop + padTop : 0;
        const rest = count - from;
        if (fits(top + rest * lineHeight + padBottom)) {
          page().fragments.push(from === 0 ? { block: i } : { block: i, from, to: count });
          used += top + rest * lineHeight + padBottom + m.marginBottom;
          break;
        }
        let k = Math.floor((pageHeight - used - top + 0.5) / lineHeight);
        if (rest - k < MIN_LINES) k = rest - MIN_LINES;
        if (k < MIN_LINES || (from === 0 && k < Math.min(MIN_LINES, count))) {
          if (used === 0) k = Math.max(1, Math.min(rest - 1, Math.floor(pageHeight / lineHeight)));
          else {
            newPage();
            continue;
          }
        }
        page().fragments.push({ block: i, from, to: from + k });
        newPage();
        from += k;
      }
      return;
    }

    if (m.rows && m.rows.heights.length > 0) {
      const { head, heights, tail } = m.rows;
      let from = 0;
      while (from < heights.length) {
        const top = from === 0 ? m.marginTop : 0;
        let h = top + head;
        let k = from;
        while (k < heights.length && fits(h + heights[k]!)) h += heights[k++]!;
        const all = k === heights.length;
        if (all && fits(h + tail)) {
          page().fragments.push(from === 0 ? { block: i } : { block: i, from, to: heights.length });
          used += h + tail + m.marginBottom;
          break;
        }
        if (all) k = Math.max(from + 1, k - 1); // the 数据来源 line goes with at least the last row
        // no stray single row: at least two before the break (else the table starts on the next page) and two after
        if (!all && heights.length - k < 2) k = Math.max(from, heights.length - 2);
        if (from === 0 && k - from < Math.min(2, heights.length) && used > 0) k = from;
        if (k === from) {
          if (used > 0) {
            newPage();
            continue;
          }
          k = from + 1; // a row taller than a page: print it anyway
        }
        page().fragments.push({ block: i, from, to: k });
        newPage();
        from = k;
      }
      return;
    }

    const h = whole(i);
    const need = keepsWithNext(b) ? h + minStart(i + 1) : h;
    if (!fits(need - m.marginBottom) && used > 0) newPage();
    page().fragments.push({ block: i });
    used += h;
  });
  return pages.filter((p, k) => p.fragments.length > 0 || k === 0);
}

/** The body page (1-based) on which each heading anchor starts, for the 目录. */
export function anchorPages(blocks: FlowBlock[], pages: PlannedPage[]): Map<string, number> {
  const out = new Map<string, number>();
  pages.forEach((p, n) => {
    for (const f of p.fragments) {
      const b = blocks[f.block];
      if (b && 'anchor' in b && b.anchor && b.kind !== 'toc' && !out.has(b.anchor)) out.set(b.anchor, n + 1);
    }
  });
  return out;
}

/** Upper-case Roman numerals for the 目录's pages, as the Word document numbers them. */
export function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = n;
  for (const [v, s] of table)
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  return out;
}
