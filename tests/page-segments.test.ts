/**
 * Page passes over only the chapters that changed (core/docx/page-segments.ts, issue #16): each level-1 part starts
 * a page, so a chapter laid out in a probe of its own breaks into the same pages as in the whole report. Checked
 * here with the real LibreOffice (over UNO, as an export does, and through a PDF when there is no bridge), and the
 * bookkeeping that places the parts back one after another.
 */
import { Packer } from 'docx';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WrittenTable } from '../core/docx/content';
import { estimatePageFacts, type PageLayoutFacts } from '../core/docx/estimate-pages';
import { libreOfficeHeadingPages, type ProbeEntry } from '../core/docx/lo-pages';
import { LibreOfficeSession } from '../core/docx/lo-session';
import { changedSegments, joinFacts, type PageSegment, pageSegments, splitFacts } from '../core/docx/page-segments';
import { getReportStyles } from '../core/docx/styles';
import { buildReportDocument, type LayoutPass, splitsFrom, writeReportDocx } from '../core/docx/write';
import { buildReportModel } from '../core/report/build';
import type { FigureItem, ReportModel } from '../core/report/model';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { LO_ENV } from './helpers/plain-render';

const st = getReportStyles('official');
const LINE = st.body.lineSpacingPt ?? st.body.sizePt * 1.5;
const demo = buildDemoExport();
const model = buildReportModel(demo, demoFramework());

/** The TOC probe of the report (of `only` these parts, when given), and the tables it holds in reading order. */
function probeDocument(
  m: ReportModel,
  segments: PageSegment[],
  splits: ReadonlyMap<number, readonly number[]>,
  only?: PageSegment[],
) {
  const tables: WrittenTable[] = [];
  const doc = buildReportDocument(
    m,
    st,
    new Map(),
    {
      tocProbe: true,
      splits,
      tables,
      segments,
      ...(only
        ? {
            only: {
              has: (a: string) => only.some((g) => g.anchor === a),
              entries: only.flatMap((g) => g.entries.map((e) => e.index)),
            },
          }
        : {}),
    },
    () => {},
  );
  return { doc, tables };
}

function probe(
  m: ReportModel,
  segments: PageSegment[],
  splits: ReadonlyMap<number, readonly number[]>,
  only?: PageSegment[],
): Promise<Buffer> {
  return Packer.toBuffer(probeDocument(m, segments, splits, only).doc);
}

/**
 * A layout of `only` these parts gives each of them the pages, rows and last-page lines it has in the whole
 * report's layout; placed back among the others, the whole report's pages come out.
 */
function expectPartsAsInWhole(
  part: PageLayoutFacts,
  whole: PageLayoutFacts,
  segments: PageSegment[],
  only: PageSegment[],
): void {
  const alone = splitFacts(part, only, LINE);
  const inWhole = splitFacts(whole, segments, LINE);
  expect(alone).toBeDefined();
  expect(inWhole).toBeDefined();
  for (const g of only) expect(alone?.get(g.anchor)).toEqual(inWhole?.get(g.anchor));
  const merged = new Map(inWhole);
  for (const [a, f] of alone ?? []) merged.set(a, f);
  expect(joinFacts(segments, merged).pages).toEqual(whole.pages);
}

const entriesOf = (segs: readonly PageSegment[]): ProbeEntry[] => segs.flatMap((g) => g.entries);

describe('page segments: bookkeeping', () => {
  const segments = pageSegments(model) as PageSegment[];

  it('are the report’s level-1 parts in order, each with its TOC entries', () => {
    expect(segments).toBeDefined();
    const level1 = model.toc.filter((e) => e.level === 1).map((e) => e.anchor);
    expect(segments.map((g) => g.anchor)).toEqual(level1);
    expect(segments.flatMap((g) => g.entries.map((e) => e.index))).toEqual(model.toc.map((_, i) => i));
    const figures = segments.reduce((n, g) => n + g.figures.size, 0);
    expect(figures).toBe(
      [...(model.preface?.items ?? []), ...model.chapters.flatMap((c) => c.sections.flatMap((s) => s.items))].filter(
        (i) => i.kind === 'figure',
      ).length,
    );
  });

  it('split and joined again give back the whole layout', () => {
    // a made-up layout: each part 3 pages after the one before, rows on the part's second page
    const pages = new Map<string, number>();
    let start = 1;
    const starts: number[] = [];
    for (const g of segments) {
      starts.push(start);
      for (const [k, e] of g.entries.entries()) pages.set(e.anchor, start + Math.min(k, 2));
      start += 3;
    }
    const segs = segments.map((g, k) => ({ ...g, tables: [k, k + 1] as [number, number] }));
    const rows = new Map(segs.map((_, k) => [k, [(starts[k] as number) + 1, (starts[k] as number) + 2]]));
    const usedPt = new Map(starts.slice(1).map((s) => [s - 1, 2 * LINE]));
    const facts: PageLayoutFacts = { pages, rows, usedPt, lastPage: start - 1 };
    const parts = splitFacts(facts, segs, LINE);
    expect(parts).toBeDefined();
    const joined = joinFacts(segs, parts as NonNullable<typeof parts>);
    expect(joined.pages).toEqual(pages);
    expect(joined.rows).toEqual(rows);
    expect(joined.lastPage).toBe(start - 1);
    // two lines' height from the first line's top to the last's: three lines
    for (const s of starts.slice(1)) expect(joined.lines?.get(s - 1)).toBe(3);
  });

  it('refuses a layout that lacks a part’s start or the last page', () => {
    const pages = new Map(model.toc.map((e, i) => [e.anchor, i + 1]));
    expect(splitFacts({ pages, rows: new Map() }, segments, LINE)).toBeUndefined();
    const missing = new Map(pages);
    missing.delete(segments[1]?.anchor as string);
    expect(splitFacts({ pages: missing, rows: new Map(), lastPage: 99 }, segments, LINE)).toBeUndefined();
  });

  it('names exactly the parts whose 续表 parts or figure sizes changed', () => {
    const segs = segments.map((g, k) => ({ ...g, tables: [k * 2, k * 2 + 2] as [number, number] }));
    const withFigure = segs.find((g) => g.figures.size > 0) as PageSegment;
    const figure = [...withFigure.figures][0] as FigureItem;
    const last = segs[segs.length - 1] as PageSegment;
    const changed = changedSegments(
      segs,
      [new Map([[last.tables[0], [5]]]), new Map([[last.tables[0], [4]]])],
      [new Map(), new Map([[figure, 0.9]])],
    );
    expect(changed.map((g) => g.anchor)).toEqual(
      [withFigure.anchor, last.anchor].filter((a, i, all) => all.indexOf(a) === i),
    );
    expect(changedSegments(segs, [new Map(), new Map()], [new Map(), new Map()])).toEqual([]);
  });
});

describe('page segments: a part laid out alone breaks as in the whole report (LibreOffice)', () => {
  const segments = pageSegments(model) as PageSegment[];
  const before = process.env.FONTCONFIG_FILE;
  let session: LibreOfficeSession;
  let whole: PageLayoutFacts;
  let settled: ReadonlyMap<number, readonly number[]>;

  beforeAll(async () => {
    process.env.FONTCONFIG_FILE = LO_ENV.FONTCONFIG_FILE;
    session = LibreOfficeSession.start('soffice') as LibreOfficeSession;
    expect(session).toBeDefined();
    const first = await libreOfficeHeadingPages(await probe(model, segments, new Map()), entriesOf(segments), {
      session,
    });
    expect(first).toBeDefined();
    // the 续表 parts the first layout asks for: the second layout is the one compared
    settled = splitsFrom((first as PageLayoutFacts).rows);
    expect(settled.size).toBeGreaterThan(0);
    whole = (await libreOfficeHeadingPages(await probe(model, segments, settled), entriesOf(segments), {
      session,
    })) as PageLayoutFacts;
    expect(whole).toBeDefined();
  }, 300_000);

  afterAll(() => {
    session?.close();
    if (before === undefined) delete process.env.FONTCONFIG_FILE;
    else process.env.FONTCONFIG_FILE = before;
  });

  it('reads every heading, the last page and the used height before each chapter over UNO', () => {
    expect(whole.pages.size).toBe(model.toc.length);
    // every grid row's marker is read: no holes
    expect(whole.rows.size).toBeGreaterThan(0);
    for (const rows of whole.rows.values()) for (const p of rows) expect(p).toBeGreaterThan(0);
    expect(whole.lastPage).toBeGreaterThan(Math.max(...whole.pages.values()) - 1);
    for (const g of segments.slice(1)) {
      const used = whole.usedPt?.get((whole.pages.get(g.anchor) as number) - 1);
      expect(used).toBeGreaterThanOrEqual(0);
      expect(used).toBeLessThan(842);
    }
  });

  it('gives each chosen part the same pages, rows and last-page lines alone as in the whole', async () => {
    // every other part, the 附表 (whose tables break) among them
    const only = segments.filter((_, k) => k % 2 === 1 || k === segments.length - 1);
    expect(only.length).toBeLessThan(segments.length);
    const part = await libreOfficeHeadingPages(await probe(model, segments, settled, only), entriesOf(only), {
      session,
    });
    expect(part).toBeDefined();
    expectPartsAsInWhole(part as PageLayoutFacts, whole, segments, only);
  }, 300_000);

  it('reads the same pages through a PDF when there is no UNO bridge', async () => {
    const viaPdf = await libreOfficeHeadingPages(await probe(model, segments, settled), entriesOf(segments));
    expect(viaPdf?.pages).toEqual(whole.pages);
    // pdftotext may wrap a marker and lose it (a hole, which splitsFrom passes over); those it reads agree
    expect([...(viaPdf?.rows.keys() ?? [])]).toEqual([...whole.rows.keys()]);
    for (const [t, rows] of viaPdf?.rows ?? [])
      rows.forEach((p, r) => {
        if (p !== undefined) expect(p).toBe(whole.rows.get(t)?.[r]);
      });
    expect(viaPdf?.lastPage).toBe(whole.lastPage);
  }, 300_000);
});

describe("page segments: a part laid out alone breaks as in the whole report (docx/layout's estimate, no LibreOffice)", () => {
  const segments = pageSegments(model) as PageSegment[];
  let whole: PageLayoutFacts;
  let settled: ReadonlyMap<number, readonly number[]>;
  const estimate = (splits: ReadonlyMap<number, readonly number[]>, only?: PageSegment[]) => {
    const { doc, tables } = probeDocument(model, segments, splits, only);
    return estimatePageFacts(model, doc, tables);
  };

  let wholeTables: WrittenTable[];

  beforeAll(async () => {
    settled = splitsFrom((await estimate(new Map())).rows);
    expect(settled.size).toBeGreaterThan(0);
    const { doc, tables } = probeDocument(model, segments, settled);
    whole = await estimatePageFacts(model, doc, tables);
    wholeTables = tables;
  }, 300_000);

  it('reads each table in 续表 parts as the table it is: every later table keeps its own rows', () => {
    // a part is a table of its own in the document; counted as one more table, it shifted every later one, and a
    // pass read one table's rows as another's
    expect(wholeTables.filter((t) => t.parts).length).toBe(settled.size);
    for (const [ordinal, t] of wholeTables.entries()) {
      if (!t.grid) continue;
      const rows = whole.rows.get(ordinal) ?? [];
      expect(rows, `table ${ordinal}`).toHaveLength(t.rows);
      expect(rows.every((p, r) => r === 0 || p >= (rows[r - 1] as number))).toBe(true);
    }
    // where the parts start, the layout breaks the page
    for (const [ordinal, starts] of settled)
      for (const r of starts)
        expect(whole.rows.get(ordinal)?.[r]).toBeGreaterThan(whole.rows.get(ordinal)?.[r - 1] as number);
  });

  it('counts the body by its own page numbers, rows and last page included', () => {
    expect(whole.pages.size).toBe(model.toc.length);
    expect(whole.lastPage).toBeGreaterThanOrEqual(Math.max(...whole.pages.values()));
    for (const rows of whole.rows.values())
      for (const p of rows) expect(p).toBeLessThanOrEqual(whole.lastPage as number);
    // the rows' pages are body pages (from 1 after the TOC), not places in the document
    expect(Math.min(...[...whole.rows.values()].flat())).toBeGreaterThanOrEqual(1);
  });

  it('gives each chosen part the same pages, rows and last-page lines alone as in the whole', async () => {
    // every other part, the 附表 (whose tables break) among them
    const only = segments.filter((_, k) => k % 2 === 1 || k === segments.length - 1);
    expect(only.length).toBeLessThan(segments.length);
    expectPartsAsInWhole(await estimate(settled, only), whole, segments, only);
  }, 300_000);
});

describe('the first pass, started before the photos are resized', () => {
  /** every picture's size in a probe, in order */
  const extents = async (docx: Buffer) => {
    const xml = (await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string')) ?? '';
    return [...xml.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"/g)].map((m) => `${m[1]}x${m[2]}`);
  };
  /** a layout pass that keeps each probe it is given and says every heading is on page 1 */
  const recording = (probes: Buffer[]): LayoutPass => {
    return async (docx, entries) => {
      probes.push(docx);
      return { pages: new Map(entries.map((e) => [e.anchor, 1])), rows: new Map() };
    };
  };
  const write = (m: ReportModel, probes: Buffer[]) =>
    writeReportDocx(m, {
      styles: st,
      assetBytes: (id) => Buffer.from(demo.assetData[id] ?? '', 'base64'),
      renderChart: async () => Buffer.from([]),
      layoutPass: recording(probes),
    });

  it('lays the probe out once when the stored sizes are the printed proportions', async () => {
    const probes: Buffer[] = [];
    await write(model, probes);
    expect(probes).toHaveLength(1);
  }, 120_000);

  it('lays it out again, with the real sizes, when a stored photo was recorded turned', async () => {
    const right: Buffer[] = [];
    await write(model, right);
    // the same report, but the workspace recorded one photo turned (width and height swapped)
    const turned = structuredClone(model);
    const photo = [
      ...(turned.preface?.items ?? []),
      ...turned.chapters.flatMap((c) => c.sections.flatMap((s) => s.items)),
    ].find((i): i is FigureItem => i.kind === 'figure' && !!i.image);
    const img = photo?.image as NonNullable<FigureItem['image']>;
    [img.widthPx, img.heightPx] = [img.heightPx, img.widthPx];
    const probes: Buffer[] = [];
    await write(turned, probes);
    expect(probes).toHaveLength(2);
    const first = await extents(probes[0] as Buffer);
    expect(first).not.toEqual(await extents(right[0] as Buffer));
    expect(await extents(probes[1] as Buffer)).toEqual(await extents(right[0] as Buffer));
  }, 120_000);
});
