/**
 * The report's body as page segments: 前言, each chapter and the 附表 each start on a new page (a page break before
 * their heading), so how one segment breaks into pages does not depend on any other; only where it starts does.
 * A page pass that changed only some segments' 续表 parts or figure sizes therefore needs only those segments laid
 * out again: their pages are counted from 1 in a probe of their own, and every segment's pages are then placed one
 * after another. Pure: the writer (core/docx/write.ts) builds the probes and asks LibreOffice.
 */
import type { FigureItem, ReportItem, ReportModel } from '../report/model';
import type { PageLayoutFacts } from './estimate-pages';
import type { ProbeEntry } from './lo-pages';

export interface PageSegment {
  /** the level-1 heading's anchor */
  anchor: string;
  /** the TOC entries in it (its own heading first), numbered as in the whole report's TOC */
  entries: ProbeEntry[];
  /** the table ordinals in it (filled while the probe is built: [from, to)) */
  tables: [number, number];
  figures: ReadonlySet<FigureItem>;
}

/** What one segment's layout says, its pages counted from 1. */
export interface SegmentFacts {
  length: number;
  pages: Map<string, number>;
  rows: Map<number, (number | undefined)[]>;
  /** lines on its last page (see PageLayoutFacts.lines) */
  tailLines?: number;
}

const figuresIn = (items: readonly ReportItem[]) => new Set(items.filter((i): i is FigureItem => i.kind === 'figure'));

/**
 * The segments in order, or undefined when the TOC's level-1 entries are not exactly the segments' headings (then
 * every pass lays out the whole report, as before). Table ranges are filled by buildReportDocument.
 */
export function pageSegments(model: ReportModel): PageSegment[] | undefined {
  const defs: { anchor: string; items: readonly ReportItem[] }[] = [
    ...(model.preface ? [{ anchor: model.preface.anchor, items: model.preface.items }] : []),
    ...model.chapters.map((c) => ({ anchor: c.anchor, items: c.sections.flatMap((s) => s.items) })),
    ...(model.appendix.tables.length > 0 ? [{ anchor: model.appendix.anchor, items: [] }] : []),
  ];
  const segments: PageSegment[] = [];
  let current: PageSegment | undefined;
  for (const [index, e] of model.toc.entries()) {
    if (e.level === 1) {
      const def = defs[segments.length];
      if (!def || def.anchor !== e.anchor) return undefined;
      current = { anchor: e.anchor, entries: [], tables: [0, 0], figures: figuresIn(def.items) };
      segments.push(current);
    }
    if (!current) return undefined;
    current.entries.push({ index, anchor: e.anchor, level: e.level });
  }
  return segments.length === defs.length && segments.length > 0 ? segments : undefined;
}

/**
 * Each segment's facts from a layout of exactly these segments, in this order, with pages counted from the first
 * one's; undefined when a start or the last page is missing.
 */
export function splitFacts(
  facts: PageLayoutFacts,
  segments: readonly PageSegment[],
  lineHeightPt: number,
): Map<string, SegmentFacts> | undefined {
  if (facts.lastPage === undefined) return undefined;
  const out = new Map<string, SegmentFacts>();
  for (const [k, seg] of segments.entries()) {
    const start = facts.pages.get(seg.anchor);
    const next = segments[k + 1];
    const end = next ? facts.pages.get(next.anchor) : facts.lastPage + 1;
    if (start === undefined || end === undefined || end <= start) return undefined;
    const last = end - 1;
    const pages = new Map<string, number>();
    for (const e of seg.entries) {
      const p = facts.pages.get(e.anchor);
      if (p === undefined) return undefined;
      pages.set(e.anchor, p - start + 1);
    }
    const rows = new Map<number, (number | undefined)[]>();
    for (let t = seg.tables[0]; t < seg.tables[1]; t++) {
      const r = facts.rows.get(t);
      if (r)
        rows.set(
          t,
          Array.from(r, (p) => (p === undefined ? undefined : p - start + 1)),
        );
    }
    const used = facts.usedPt?.get(last);
    const tailLines = facts.lines?.get(last) ?? (used === undefined ? undefined : Math.round(used / lineHeightPt) + 1);
    out.set(seg.anchor, { length: end - start, pages, rows, ...(tailLines === undefined ? {} : { tailLines }) });
  }
  return out;
}

/** The whole body's facts: every segment placed after the one before it. */
export function joinFacts(segments: readonly PageSegment[], parts: ReadonlyMap<string, SegmentFacts>): PageLayoutFacts {
  const pages = new Map<string, number>();
  const rows = new Map<number, number[]>();
  const lines = new Map<number, number>();
  let start = 1;
  for (const seg of segments) {
    const f = parts.get(seg.anchor);
    if (!f) throw new Error(`page facts missing for ${seg.anchor}`);
    for (const [a, p] of f.pages) pages.set(a, start + p - 1);
    for (const [t, r] of f.rows) rows.set(t, Array.from(r, (p) => (p === undefined ? p : start + p - 1)) as number[]);
    if (f.tailLines !== undefined) lines.set(start + f.length - 1, f.tailLines);
    start += f.length;
  }
  return { pages, rows, lines, lastPage: start - 1 };
}

const sameList = (a: readonly number[] | undefined, b: readonly number[] | undefined) =>
  (a ?? []).join() === (b ?? []).join();

/** The segments whose 续表 parts or figure sizes differ between two passes' settings. */
export function changedSegments(
  segments: readonly PageSegment[],
  splits: [ReadonlyMap<number, readonly number[]>, ReadonlyMap<number, readonly number[]>],
  scales: [ReadonlyMap<FigureItem, number>, ReadonlyMap<FigureItem, number>],
): PageSegment[] {
  return segments.filter((seg) => {
    for (let t = seg.tables[0]; t < seg.tables[1]; t++) if (!sameList(splits[0].get(t), splits[1].get(t))) return true;
    for (const f of seg.figures) if ((scales[0].get(f) ?? 1) !== (scales[1].get(f) ?? 1)) return true;
    return false;
  });
}
