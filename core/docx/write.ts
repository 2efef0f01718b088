/**
 * writeReportDocx: the report document model → a .docx (A4, official-document margins and typography from
 * templates/report/styles.json). Three sections: the cover (no header, no page number), the table of contents
 * (Roman page numbers), and the body from 前言 to the 附表 (header with the school and title, page numbers
 * restarting at 1). The TOC is a real field with cached entries, so it reads right before Word updates it.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  type FileChild,
  Footer,
  Header,
  type ISectionOptions,
  NumberFormat,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from 'docx';
import type { ChartRun } from 'docx/charts';
import { allItems, type FigureItem, type ReportModel } from '../report/model';
import { type ChartExportMode, chartFigureDecisions, chartPlan, chartSizePx } from './chart-choice';
import { appendixTable, type ContentCtx, headingParagraph, itemContent, type WrittenTable } from './content';
import { coverFootLines } from './cover-lines';
import { cacheKey } from './derived-cache';
import { estimatePageFacts, type PageLayoutFacts } from './estimate-pages';
import { fontTableXml, stylesFonts } from './font-table';
import { mmToCssPx, photoBoxMm, textBoxMm } from './geometry';
import type { ProbeEntry } from './lo-pages';
import { type MediaDeps, type PreparedPicture, type ProgressFn, prepareMedia } from './media';
import { packWithPictures, writeOverlapped } from './overlap';
import { factsFromCache, factsToCache, probeKey } from './page-facts-cache';
import { changedSegments, joinFacts, type PageSegment, pageSegments, splitFacts } from './page-segments';
import { A4, buildDocxStyles, mmToTwips, ptToTwips, S } from './style-defs';
import { getReportStyles, type ReportStyles, type TextStyle } from './styles';
import { balancedLines, textRuns } from './text';
import { tocBlock } from './toc';
import { documentParts, packDocument, type SettleParts, zipParts } from './zip-parts';

export type { ChartRenderSize, ProgressFn } from './media';

export interface ReportDocxDeps extends MediaDeps {
  /** typography template; default: the built-in 'official' (templates/report/styles.json) */
  styles?: ReportStyles;
  /** progress for the app's progress bar: images, charts, document, pages, pack */
  onProgress?: ProgressFn;
  /**
   * The TOC's page numbers from a real layout (Node: core/docx/lo-pages.ts renders the probe with LibreOffice);
   * undefined when that layout is not available here, and the writer falls back to docx/layout's estimate.
   */
  layoutPass?: LayoutPass;
  /**
   * What lays the probe out (LibreOffice's build and the installed fonts, core/docx/lo-pages.ts): with `cache`,
   * the layoutPass's facts are kept under the probe's content hash, so an unchanged report is not laid out again
   */
  layoutEngine?: string;
  /** told where the TOC's page numbers came from and how long working them out took */
  onTocPages?: (info: TocPagesInfo) => void;
  /**
   * 'none' skips the page pass: the TOC lists every heading with its PAGEREF field but no cached number (Word
   * fills them on open), and tables get no 续表 parts. For scripted bulk drafts and tests of other things.
   */
  pages?: 'layout' | 'none';
  /** native Word charts where they print right (default), or every chart as a picture */
  charts?: ChartExportMode;
  /**
   * The first page pass holds the height of each grid table's 续表 captions (reserveCaptions in core/docx/content.ts),
   * so long tables find their parts in one layout, and a second lays out the document as written to check them.
   * For documents of long tables (the review summary, the district draft: 2 passes where they took 4 and still
   * moved). Off for the school report, whose tables mostly fit on a page: a reserved layout is always followed by
   * the document's own layout of every chapter with a grid table, which is one pass more where no table breaks.
   */
  reserveCaptions?: boolean;
}

export interface LayoutPass {
  /** the layout of a probe that prints these TOC entries (all, or a partial probe's: core/docx/page-segments.ts) */
  (probeDocx: Buffer, entries: readonly ProbeEntry[]): Promise<PageLayoutFacts | undefined>;
  /** told when the export's passes are over */
  done?: () => void;
}

const gridRows = (ctx: ContentCtx) => ctx.tables.flatMap((t, ordinal) => (t.grid ? [{ ordinal, rows: t.rows }] : []));

export interface TocPagesInfo {
  source: 'libreoffice' | 'estimate';
  ms: number;
  /** layouts made (one, or more when tables break across pages or chapter ends are pulled back; a later one holds only the chapters that changed) */
  passes: number;
  /** of those, how many were answered from the cache of an earlier export (the same probe, laid out before) */
  cached: number;
}

interface BuildOptions {
  /** the TOC's page numbers by heading anchor */
  tocPages?: ReadonlyMap<string, number>;
  /** the TOC as lo-pages.ts's probe (live page references between markers) instead of the TOC field */
  tocProbe?: boolean;
  /** grid tables' 续表 parts (see splitsFrom) */
  splits?: Splits;
  /** probe: tables not split carry their caption as a repeated header row (core/docx/content.ts gridTableParts) */
  reserveCaptions?: boolean;
  /** filled with every table written, in order (the estimate matches its tables to them) */
  tables?: ContentCtx['tables'];
  /** per-figure scale (see shrinkFrom) */
  figureScale?: ReadonlyMap<FigureItem, number>;
  /** native Word charts placed instead of pictures (core/docx/native-chart.ts); the probe has stand-ins */
  charts?: Map<FigureItem, ChartRun>;
  /** the page segments (core/docx/page-segments.ts), whose table ranges are filled as the document is built */
  segments?: PageSegment[];
  /** a partial probe: only these segments are written, and only their TOC entries (by index) */
  only?: { has(anchor: string): boolean; entries: readonly number[] };
}

/** a white 1×1 PNG */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC',
  'base64',
);

/**
 * The report's charts as the document places them: native Word charts (with the module that builds and finishes
 * them) and the figures that get no picture. That module (./native-chart.ts: docx's chart writer and fflate) is
 * loaded only when some chart is native: a report of pictures (`--charts png`) never loads it (issue #16).
 */
async function planCharts(
  model: ReportModel,
  st: ReportStyles,
  mode: ChartExportMode,
): Promise<{
  native: Map<FigureItem, ChartRun>;
  noPicture: Set<FigureItem>;
  module?: typeof import('./native-chart');
}> {
  const decisions = chartFigureDecisions(model, st, mode);
  if (!decisions.some((d) => d.as === 'native'))
    return chartPlan(decisions, () => {
      throw new Error('no native chart was planned');
    });
  const module = await import('./native-chart');
  return { ...module.planChartFigures(model, st, mode, decisions), module };
}

export async function writeReportDocx(model: ReportModel, deps: ReportDocxDeps): Promise<Buffer> {
  const st = deps.styles ?? getReportStyles();
  const progress: ProgressFn = deps.onProgress ?? (() => {});
  const charts = await planCharts(model, st, deps.charts ?? 'native');
  if (deps.pages === 'none') {
    // photos are resized while the charts are drawn and the document is built (core/docx/overlap.ts)
    return writeOverlapped({
      model,
      st,
      deps,
      progress,
      noPicture: charts.noPicture,
      build: (media, p) => buildReportDocument(model, st, media, { charts: charts.native }, p),
      pack,
    });
  }
  try {
    return await withPages();
  } finally {
    deps.layoutPass?.done?.();
  }

  async function withPages(): Promise<Buffer> {
    const t0 = performance.now();
    const lineHeightPt = st.body.lineSpacingPt ?? st.body.sizePt * 1.5;
    const segments = pageSegments(model);
    let source: TocPagesInfo['source'] = deps.layoutPass ? 'libreoffice' : 'estimate';
    /** the tables of the last probe built (which are grid tables, by ordinal) */
    let gridTables: ContentCtx['tables'] = [];
    let cached = 0;
    let firstKey = '';
    /** One layout of the probe (all segments, or `only` these), from the cache when an earlier export made it. */
    const pass = async (
      stand: Map<FigureItem, PreparedPicture>,
      splits: Splits,
      figureScale: Scales,
      only?: readonly PageSegment[],
      reserveCaptions = false,
    ): Promise<PageLayoutFacts | PassChain> => {
      const reserve = reserveCaptions && !!deps.reserveCaptions;
      const entries = (only ?? segments)?.flatMap((g) => g.entries);
      const tables: ContentCtx['tables'] = [];
      const probe = buildReportDocument(
        model,
        st,
        stand,
        {
          tocProbe: true,
          splits,
          tables,
          ...(reserve ? { reserveCaptions: true } : {}),
          figureScale,
          ...(segments ? { segments } : {}),
          ...(only
            ? {
                only: {
                  has: (a: string) => only.some((g) => g.anchor === a),
                  entries: (entries ?? []).map((e) => e.index),
                },
              }
            : {}),
        },
        () => {},
      );
      gridTables = tables;
      if (source === 'libreoffice' && deps.layoutPass) {
        const want = entries ?? model.toc.map((e, index) => ({ index, anchor: e.anchor, level: e.level }));
        const parts = documentParts(probe);
        const cache = deps.cache;
        const key = cache && deps.layoutEngine && parts ? probeKey(parts, want, deps.layoutEngine, deps.cacheSalt) : '';
        if (!firstKey && !only && key && cache) {
          firstKey = key;
          // the whole chain of passes that started from this probe, kept by an earlier export
          const chain = chainFromCache(cache.get('pages', cacheKey('chain', key)), model);
          if (chain) {
            deps.layoutPass?.done?.(); // no layout needed: a LibreOffice started early stops now, not at the end
            return chain;
          }
        }
        const hit = key && cache ? factsFromCache(cache.get('pages', key)) : undefined;
        if (hit) {
          cached++;
          return withLines(hit, lineHeightPt);
        }
        const facts = await deps.layoutPass(parts ? zipParts(parts) : await Packer.toBuffer(probe), want);
        if (facts) {
          if (key && cache) cache.put('pages', key, factsToCache(facts));
          return withLines(facts, lineHeightPt);
        }
        if (only) throw new PartialPassFailed();
        source = 'estimate';
      }
      return estimatePageFacts(model, probe, tables);
    };

    // The first pass needs only each picture's size, known from the stored photos before they are resized: it
    // starts now, and LibreOffice lays the probe out while the photos are made (its pictures are 1-pixel stand-ins
    // drawn at the same size, so LibreOffice need not decode and embed 40 camera photos only to count pages).
    const making = prepareMedia(model, st, deps, progress, charts.noPicture); // the photos' threads start first
    const planned = plannedStandIns(model, st, charts);
    const early = pass(planned, new Map(), new Map(), undefined, true);
    early.catch(() => {}); // awaited below; a failure then is handled there
    const media = await making;
    const stand = standIns(media, charts, st);
    progress({ stage: 'pages', done: 0, total: MAX_PASSES });
    // a photo whose stored size was not its printed proportions (an EXIF turn): pass 1 again, with the real sizes
    let first: PageLayoutFacts | PassChain;
    if (sameSizes(planned, stand)) first = await early;
    else {
      await early.catch(() => undefined); // one LibreOffice job at a time
      first = await pass(stand, new Map(), new Map(), undefined, true);
    }

    // Pass 1 finds where tables break and which chapters end on a near-empty page. Its tables carry their caption
    // as a repeated header row (reserveCaptions), so each page a table runs onto already holds the height of the
    // 续表 caption it will have: the pages its rows land on are where its parts start. Pass 2 lays out the document
    // as it will be written (captions as paragraphs, 续表 parts) and checks that. A smaller figure moves what
    // follows up, and a part that did not start where it was meant to moves what follows, so the passes go on
    // until the settings they find are the ones the document was laid out with; the TOC's numbers are those of the
    // last pass, whose layout is the report's. Each chapter starts a page, so a later pass lays out only the
    // chapters whose settings changed, or whose tables pass 1 held captions for.
    let splits: Splits = new Map();
    let scales: Scales = new Map();
    let facts: PageLayoutFacts;
    let passes = 1;
    if ('chain' in first) {
      ({ facts, splits, scales } = first);
      passes = first.passes;
      cached = passes;
    } else {
      facts = first;
      // by chapters, when the layout gives each chapter's pages (LibreOffice, and docx/layout's estimate where the
      // body's pages are numbered one by one): later passes then lay out only the chapters that changed
      const bySegment = segments ? splitFacts(facts, segments, lineHeightPt) : undefined;
      // laid out with reserved captions: not yet the document's own layout wherever a grid table is
      const firstTables = gridTables;
      const wasReserved = !!deps.reserveCaptions;
      let reserved = wasReserved
        ? (segments ?? []).filter((g) => firstTables.slice(g.tables[0], g.tables[1]).some((t) => t.grid))
        : [];
      let reservedWhole = wasReserved && !segments && firstTables.some((t) => t.grid);
      // a loaded machine makes each LibreOffice pass slow: past the budget the last layout stands (its TOC is right;
      // at worst a table part lacks its 续表 caption and shows only the repeated header row); a reserved layout is
      // never the last one, its captions are not where the document has them
      for (
        let n = 1;
        n < MAX_PASSES && (performance.now() - t0 < PASS_BUDGET_MS || reserved.length > 0 || reservedWhole);
        n++
      ) {
        // after a reserved pass the breaks are where the parts start; after the document's own, a new break moves up
        const next = splitsFrom(facts.rows, splits, !(reservedWhole || reserved.length > 0));
        const nextScales = shrinkFrom(model, st, media, facts, scales);
        if (sameSplits(next, splits) && nextScales === scales && reserved.length === 0 && !reservedWhole) break;
        const moved = segments ? changedSegments(segments, [splits, next], [scales, nextScales]) : [];
        const changed = segments?.filter((g) => moved.includes(g) || reserved.includes(g)) ?? [];
        reserved = [];
        reservedWhole = false;
        splits = next;
        scales = nextScales;
        progress({ stage: 'pages', done: n, total: MAX_PASSES });
        passes++;
        const partial =
          bySegment && segments && changed.length > 0 && changed.length < segments.length
            ? await pass(stand, splits, scales, changed).then(
                (f) => splitFacts(f as PageLayoutFacts, changed, lineHeightPt),
                () => undefined,
              )
            : undefined;
        if (partial && bySegment && segments) {
          for (const [anchor, f] of partial) bySegment.set(anchor, f);
          facts = joinFacts(segments, bySegment);
        } else {
          facts = (await pass(stand, splits, scales)) as PageLayoutFacts;
          const whole = bySegment && segments ? splitFacts(facts, segments, lineHeightPt) : undefined;
          if (bySegment && whole) for (const [anchor, f] of whole) bySegment.set(anchor, f);
        }
      }
      // kept even when the time budget cut it short: its TOC is right for its last layout, and a repeat export
      // of the same content then writes the same document as this one did
      if (firstKey && deps.cache && source === 'libreoffice')
        deps.cache.put('pages', cacheKey('chain', firstKey), chainToCache({ facts, splits, scales, passes }, model));
    }
    deps.onTocPages?.({ source, ms: performance.now() - t0, passes, cached });
    progress({ stage: 'pages', done: MAX_PASSES, total: MAX_PASSES });
    const settled = { tocPages: facts.pages, splits, figureScale: scales, charts: charts.native };
    return packWithPictures(media, (m) => buildReportDocument(model, st, m, settled, progress), pack);
  }

  async function pack(doc: Document, settle?: SettleParts): Promise<Buffer> {
    progress({ stage: 'pack', done: 0, total: 1 });
    const fonts = [{ path: 'word/fontTable.xml', data: fontTableXml(stylesFonts(st)) }];
    // native charts' unit titles moved above the value axis (the docx package cannot place a title)
    const finish = charts.native.size > 0 ? charts.module : undefined;
    const out = await packDocument(
      doc,
      fonts,
      finish ? (parts) => void finish.finishNativeChartParts(parts) : undefined,
      finish?.finishNativeCharts,
      settle,
    );
    progress({ stage: 'pack', done: 1, total: 1 });
    return out;
  }
}

type Splits = ReadonlyMap<number, readonly number[]>;

/** Where a run of passes ended (kept in the cache under its first probe's key): the last facts and what made them. */
interface PassChain {
  chain: true;
  facts: PageLayoutFacts;
  splits: Splits;
  scales: Scales;
  passes: number;
}

const figuresOf = (model: ReportModel) => allItems(model).filter((i): i is FigureItem => i.kind === 'figure');

function chainToCache(c: Omit<PassChain, 'chain'>, model: ReportModel): Buffer {
  const index = new Map(figuresOf(model).map((f, i) => [f, i]));
  const scales = [...c.scales].map(([f, v]) => [index.get(f) ?? -1, v]);
  return Buffer.concat([
    Buffer.from(`${JSON.stringify({ splits: [...c.splits], scales, passes: c.passes })}\n`, 'utf8'),
    factsToCache(c.facts),
  ]);
}

function chainFromCache(raw: Buffer | undefined, model: ReportModel): PassChain | undefined {
  if (!raw) return undefined;
  const nl = raw.indexOf(10);
  const facts = nl > 0 ? factsFromCache(raw.subarray(nl + 1)) : undefined;
  if (!facts) return undefined;
  try {
    const head = JSON.parse(raw.subarray(0, nl).toString('utf8')) as {
      splits: [number, number[]][];
      scales: [number, number][];
      passes: number;
    };
    const figures = figuresOf(model);
    const scales = new Map<FigureItem, number>();
    for (const [i, v] of head.scales) {
      const f = figures[i];
      if (!f || typeof v !== 'number' || !(v > 0 && v <= 1)) return undefined;
      scales.set(f, v);
    }
    const splits = new Map<number, number[]>();
    for (const [k, v] of head.splits) {
      if (!Number.isInteger(k) || !Array.isArray(v) || !v.every((r) => Number.isInteger(r) && r > 0)) return undefined;
      splits.set(k, v);
    }
    if (!Number.isInteger(head.passes) || head.passes < 1) return undefined;
    return { chain: true, facts, splits, scales, passes: head.passes };
  } catch {
    return undefined;
  }
}

/** A partial pass LibreOffice could not make: the caller lays the whole report out instead. */
class PartialPassFailed extends Error {}

/** Lines on the page before each chapter, from its used height where only that was read (LibreOffice over UNO). */
function withLines(facts: PageLayoutFacts, lineHeightPt: number): PageLayoutFacts {
  if (facts.lines || !facts.usedPt) return facts;
  const lines = new Map([...facts.usedPt].map(([page, pt]) => [page, Math.round(pt / lineHeightPt) + 1]));
  return { ...facts, lines };
}

type Charts = Awaited<ReturnType<typeof planCharts>>;

/** The probe's pictures: 1-pixel stand-ins at each prepared picture's size, and at the chart size for native charts. */
function standIns(media: ReadonlyMap<FigureItem, PreparedPicture>, charts: Charts, st: ReportStyles) {
  const stand = new Map([...media].map(([f, pic]) => [f, { ...pic, data: PIXEL_PNG, type: 'png' as const }]));
  const chartSize = chartSizePx(st);
  for (const f of charts.native.keys()) stand.set(f, { ...chartSize, data: PIXEL_PNG, type: 'png' });
  return stand;
}

/**
 * The stand-ins before any photo is resized: a photo's box from its stored proportions (prepareMedia sizes it from
 * the resized picture; the two agree unless the stored photo still carries an EXIF turn, which sameSizes finds).
 */
function plannedStandIns(model: ReportModel, st: ReportStyles, charts: Charts): Map<FigureItem, PreparedPicture> {
  const chartSize = chartSizePx(st);
  const out = new Map<FigureItem, PreparedPicture>();
  for (const f of figuresOf(model)) {
    if (f.figureKind === 'photo' && f.image) {
      const box = photoBoxMm(st, f.image.heightPx / f.image.widthPx);
      out.set(f, { data: PIXEL_PNG, type: 'png', widthPx: mmToCssPx(box.w), heightPx: mmToCssPx(box.h) });
    } else if (f.figureKind === 'chart' && f.chart && (!charts.noPicture.has(f) || charts.native.has(f)))
      out.set(f, { ...chartSize, data: PIXEL_PNG, type: 'png' });
  }
  return out;
}

function sameSizes(a: ReadonlyMap<FigureItem, PreparedPicture>, b: ReadonlyMap<FigureItem, PreparedPicture>): boolean {
  if (a.size !== b.size) return false;
  for (const [f, p] of a) {
    const q = b.get(f);
    if (!q || q.widthPx !== p.widthPx || q.heightPx !== p.heightPx) return false;
  }
  return true;
}

const MAX_PASSES = 4;
const PASS_BUDGET_MS = 45_000;

/**
 * Where each grid table should start a 续表 part, from the pages its rows landed on in a layout made with
 * `current`: at every row that starts a new page. A break that is new in this pass, and not the first in its
 * table, is put one row earlier for each new 续表 caption above it in the table, which takes about a row's height;
 * not when `captionsMove` is false (a layout whose tables held their captions' height already: reserveCaptions).
 */
export function splitsFrom(
  rows: ReadonlyMap<number, readonly number[]>,
  current: ReadonlyMap<number, readonly number[]> = new Map(),
  captionsMove = true,
): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const [ordinal, pages] of rows) {
    const had = new Set(current.get(ordinal) ?? []);
    const starts: number[] = [];
    let added = 0;
    for (let r = 1; r < pages.length; r++) {
      const a = pages[r - 1];
      const b = pages[r];
      if (a === undefined || b === undefined || b <= a) continue;
      if (had.has(r) || !captionsMove) starts.push(r);
      else starts.push(Math.max(1, r - added++));
    }
    const unique = [...new Set(starts)].sort((x, y) => x - y);
    if (unique.length) out.set(ordinal, unique);
  }
  return out;
}

type Scales = ReadonlyMap<FigureItem, number>;

/** A chapter's last page with this many lines or fewer is pulled back by drawing its figures smaller. */
const SHORT_END_LINES = 3;
/** …but never below this share of their box */
const MIN_FIGURE_SCALE = 0.72;

/**
 * Figures to draw smaller so that a chapter whose last page holds only a line or three ends a page earlier (a
 * near-empty page before the next chapter's page break reads as a mistake). The chapter's figures give up, in
 * proportion to their height, the height of those lines and a little more; a chapter without figures, or whose
 * figures would fall below MIN_FIGURE_SCALE, is left as it is. Returns `current` itself when nothing changes.
 */
export function shrinkFrom(
  model: ReportModel,
  st: ReportStyles,
  media: ReadonlyMap<FigureItem, PreparedPicture>,
  facts: PageLayoutFacts,
  current: Scales,
): Scales {
  if (!facts.lines) return current;
  const segments = [
    ...(model.preface ? [{ anchor: model.preface.anchor, items: model.preface.items }] : []),
    ...model.chapters.map((c) => ({ anchor: c.anchor, items: c.sections.flatMap((s) => s.items) })),
  ];
  const level1 = model.toc.filter((e) => e.level === 1).map((e) => e.anchor);
  const out = new Map(current);
  let changed = false;
  for (const seg of segments) {
    const next = level1[level1.indexOf(seg.anchor) + 1];
    const nextPage = next ? facts.pages.get(next) : undefined;
    if (nextPage === undefined) continue;
    const lines = facts.lines.get(nextPage - 1);
    if (lines === undefined || lines === 0 || lines > SHORT_END_LINES) continue;
    const figures = seg.items.filter((i): i is FigureItem => i.kind === 'figure' && media.has(i));
    const heightPt = (f: FigureItem) => (((media.get(f)?.heightPx ?? 0) * 72) / 96) * (out.get(f) ?? 1);
    const total = figures.reduce((a, f) => a + heightPt(f), 0);
    // one line more than is over: pictures end on whole lines, and keep-with-next moves a caption with its picture
    const need = (lines + 1) * (st.body.lineSpacingPt ?? st.body.sizePt * 1.5);
    if (total <= 0) continue;
    const factor = (total - need) / total;
    if (figures.some((f) => (out.get(f) ?? 1) * factor < MIN_FIGURE_SCALE)) continue;
    for (const f of figures) out.set(f, (out.get(f) ?? 1) * factor);
    changed = true;
  }
  return changed ? out : current;
}

function sameSplits(a: Splits, b: Splits): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if ((b.get(k) ?? []).join() !== v.join()) return false;
  return true;
}

export function buildReportDocument(
  model: ReportModel,
  st: ReportStyles,
  media: Map<FigureItem, PreparedPicture>,
  opts: BuildOptions,
  progress: ProgressFn,
): Document {
  // the text width exactly as the section's page size less its margins (each rounded to twips): tables and the
  // TOC's right tab must not exceed it, or LibreOffice wraps the page numbers away
  const textTwips = mmToTwips(A4.widthMm) - mmToTwips(st.page.marginMm.left) - mmToTwips(st.page.marginMm.right);
  const ctx: ContentCtx = {
    st,
    media,
    textTwips,
    tables: opts.tables ?? [],
    ...(opts.tocProbe ? { probe: true } : {}),
    ...(opts.splits ? { splits: opts.splits } : {}),
    ...(opts.reserveCaptions ? { reserveCaptions: true } : {}),
    ...(opts.figureScale ? { figureScale: opts.figureScale } : {}),
    ...(opts.charts ? { charts: opts.charts } : {}),
  };
  const chapterCount = model.chapters.length + (model.preface ? 1 : 0) + 1;
  let done = 0;
  progress({ stage: 'document', done, total: chapterCount });

  const body: FileChild[] = [];
  // each level-1 part starts a page (a break before its heading, but not before the body's first); parts left out
  // of a partial probe are still built, so every table keeps its ordinal
  const emitted = new Set<number>();
  const part = (anchor: string, build: (out: FileChild[], pageBreak: boolean) => void) => {
    const from = ctx.tables.length;
    const out: FileChild[] = [];
    build(out, body.length > 0);
    const seg = opts.segments?.find((g) => g.anchor === anchor);
    if (seg) seg.tables = [from, ctx.tables.length];
    if (opts.only && !opts.only.has(anchor)) {
      // not in this probe's document: the estimate matches the tables it lays out to the others
      for (let t = from; t < ctx.tables.length; t++)
        ctx.tables[t] = { ...(ctx.tables[t] as WrittenTable), omitted: true };
      return;
    }
    body.push(...out);
    for (let t = from; t < ctx.tables.length; t++) emitted.add(t);
  };
  if (model.preface) {
    const { heading, anchor, items } = model.preface;
    part(anchor, (out) => {
      // its own style (big, centred) but outline level 1, so the TOC lists it
      out.push(headingParagraph(st, heading, anchor, 1, false, S.prefaceHeading));
      for (const it of items) out.push(...itemContent(ctx, it));
    });
    progress({ stage: 'document', done: ++done, total: chapterCount });
  }
  for (const ch of model.chapters) {
    part(ch.anchor, (out, pageBreak) => {
      out.push(headingParagraph(st, ch.heading, ch.anchor, 1, pageBreak));
      for (const p of ch.intro) out.push(new Paragraph({ children: textRuns(p, st.body.font) }));
      for (const s of ch.sections) {
        if (s.heading) out.push(headingParagraph(st, s.heading, s.anchor, 2));
        for (const it of s.items) out.push(...itemContent(ctx, it));
      }
    });
    progress({ stage: 'document', done: ++done, total: chapterCount });
  }
  if (model.appendix.tables.length > 0) {
    part(model.appendix.anchor, (out, pageBreak) => {
      out.push(headingParagraph(st, model.appendix.heading, model.appendix.anchor, 1, pageBreak));
      for (const t of model.appendix.tables) out.push(...appendixTable(ctx, t, model.appendix.tables));
    });
  }
  progress({ stage: 'document', done: ++done, total: chapterCount });

  const m = st.page.marginMm;
  const page = {
    size: { width: mmToTwips(A4.widthMm), height: mmToTwips(A4.heightMm) },
    margin: {
      top: mmToTwips(m.top),
      bottom: mmToTwips(m.bottom),
      left: mmToTwips(m.left),
      right: mmToTwips(m.right),
      header: mmToTwips(st.page.headerMm),
      footer: mmToTwips(st.page.footerMm),
    },
  };
  const [before, after] = st.footer.pageNumber.split('{n}');
  const pageFooter = () =>
    new Footer({
      children: [
        new Paragraph({
          style: S.footer,
          children: [
            new TextRun(before ?? ''),
            new TextRun({ children: [PageNumber.CURRENT] }),
            new TextRun(after ?? ''),
          ],
        }),
      ],
    });
  const emptyHeader = new Header({ children: [new Paragraph({ children: [] })] });
  const emptyFooter = new Footer({ children: [new Paragraph({ children: [] })] });
  const runningHeader = new Header({
    children: [
      new Paragraph({
        style: S.header,
        border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 2 } },
        children: textRuns(model.meta.fullTitle, st.header.font ?? st.body.font),
      }),
    ],
  });

  const cover: ISectionOptions = {
    properties: { page, verticalAlign: 'top' },
    headers: { default: emptyHeader },
    footers: { default: emptyFooter },
    children: coverContent(model, st),
  };
  const toc: ISectionOptions = {
    properties: { page: { ...page, pageNumbers: { start: 1, formatType: NumberFormat.UPPER_ROMAN } } },
    headers: { default: emptyHeader },
    footers: { default: pageFooter() },
    children: [
      new Paragraph({ style: S.tocHeading, children: [new TextRun(st.tocHeading.text ?? '目  录')] }),
      ...tocBlock(model, {
        textTwips: ctx.textTwips,
        ...(opts.tocPages ? { pages: opts.tocPages } : {}),
        ...(opts.tocProbe
          ? {
              probe: true,
              rows: gridRows(ctx).filter((t) => emitted.has(t.ordinal)),
              ...(opts.only ? { entries: new Set(opts.only.entries) } : {}),
            }
          : {}),
      }),
    ],
  };
  const main: ISectionOptions = {
    properties: { page: { ...page, pageNumbers: { start: 1, formatType: NumberFormat.DECIMAL } } },
    headers: { default: runningHeader },
    footers: { default: pageFooter() },
    children: body,
  };

  const doc = new Document({
    // file properties (文件 → 属性): what Windows Explorer and the bureau's file lists show
    title: model.meta.fullTitle,
    subject: model.meta.title,
    // a review summary without a region has no name: the app is then the author
    creator: model.meta.schoolName || '质量年报工作台',
    lastModifiedBy: model.meta.schoolName || '质量年报工作台',
    keywords: ['质量年度报告', `${model.year}年度`, model.meta.schoolName].filter(Boolean).join(';'),
    description: `${model.meta.fullTitle}（${model.meta.frameworkTitle}）`,
    styles: buildDocxStyles(st),
    features: { updateFields: true },
    sections: [cover, toc, main],
  });
  return doc;
}

/**
 * 封面: school, 质量年度报告, （2024年度）, then 编制单位, 编制日期 and 编制依据 (the notice's 文号). Faces mix as
 * report covers do (楷体 school, 宋体 title, 仿宋 lines), not all 黑体.
 */
function coverContent(model: ReportModel, st: ReportStyles): Paragraph[] {
  const gap = (pt: number) => new Paragraph({ spacing: { before: ptToTwips(pt), after: 0, line: 240 }, children: [] });
  // a title or name longer than the line breaks into even lines between words (text.ts balancedLines)
  const perLine = (t: TextStyle) => Math.floor((textBoxMm(st).widthMm * 72) / 25.4 / (t.sizePt ?? st.body.sizePt));
  // every line past the first of a broken name or title comes out of the space above 编制单位, so a long name
  // keeps the cover on one page (1.5 × the size: a single-spaced CJK line in Word and LibreOffice is less)
  let extraPt = 0;
  const line = (style: string, text: string, t: TextStyle) => {
    const lines = balancedLines(text, perLine(t));
    extraPt += (lines.length - 1) * (t.sizePt ?? st.body.sizePt) * 1.5;
    return new Paragraph({
      style,
      alignment: AlignmentType.CENTER,
      children: lines.flatMap((l, i) => [
        ...(i > 0 ? [new TextRun({ break: 1 })] : []),
        ...textRuns(l, t.font ?? st.body.font),
      ]),
    });
  };
  const c = model.cover;
  const foot = coverFootLines(c, st);
  // the notice by its 文号 only: its full title is in the 前言, and would wrap on a cover line
  const notice = foot.notice ? [gap(6), line(S.coverNotice, foot.notice, st.cover.notice)] : [];
  // a summary whose reviewer named no region has neither a name nor a 编制单位: no empty line, no bare 「编制单位：」
  const school = c.schoolName.trim() ? [line(S.coverSchool, c.schoolName, st.cover.school)] : [];
  const title = line(S.coverTitle, c.title, st.cover.title);
  const edition = line(S.coverEdition, c.edition, st.cover.edition);
  const unit = foot.unit ? [line(S.coverUnit, foot.unit, st.cover.unit), gap(6)] : [];
  const date = line(S.coverDate, foot.date, st.cover.date);
  return [
    gap(90),
    ...school,
    gap(30),
    title,
    gap(16),
    edition,
    gap(Math.max(40, 170 - extraPt)),
    ...unit,
    date,
    ...notice,
  ];
}
