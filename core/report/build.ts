/**
 * buildReportModel: workspace + framework → the report document model. Pure and deterministic (no clock,
 * no I/O), so the preview can rebuild it on every keystroke and tests can compare it exactly.
 *
 * Conventions (seed 003 §3, §7): chapters 1…n and sections n.m follow the workspace; figures (photos and
 * charts share one sequence), tables and cases are numbered per chapter as 图 X-Y, 表 X-Y, 【案例 X-Y】;
 * a case's photos become figures right after the case box; every chart gets a 「（数据来源：…）」 line.
 */
import { buildChartSpec, type ChartSpec } from '../charts/spec';
import { isQarError } from '../errors';
import { type FigureSource, figureSource, renderFigureText } from '../figures/render';
import type { Framework, FrameworkTable, Indicator } from '../framework/schema';
import { isUnconfirmedRow } from '../framework/unconfirmed';
import type { Block, BlockContent, Chapter, Section, Workspace } from '../model';
import { type IndicatorValues, valuesOf } from '../values/resolve';
import { chapterNumbers } from './chapter-numbers';
import {
  appendixYears,
  chineseNumeral,
  cleanCaption,
  formatIndicatorValue,
  NOT_APPLICABLE,
  partRowNames,
  sourceLine,
  spacedShortHeading,
  splitParagraphs,
  squash,
  yearMonth,
} from './format';
import type {
  AppendixRow,
  AppendixTable,
  FigureItem,
  ReportChapter,
  ReportItem,
  ReportModel,
  ReportSection,
  ReportStats,
  TocEntry,
} from './model';
import { getDefaultOutline, type Outline, outlineChapter, outlineTitle } from './outline';

export interface BuildReportOptions {
  /** report year; default: the workspace's reportYear */
  year?: number;
  /** cover date such as 「2025年1月」; default: the month of the latest edit of that year's content */
  date?: string;
  /** outline; default: the built-in 2024年度 outline */
  outline?: Outline;
  /**
   * The workspace's values and figure source when the caller has them already (validation: the same core/values
   * path, resolved once per run and shared with its checks); they must be of this workspace and framework.
   */
  shared?: { values: IndicatorValues; figures: FigureSource };
}

type ChartContent = Extract<BlockContent, { kind: 'chart' }>;
type CaseContent = Extract<BlockContent, { kind: 'case' }>;

/** Per-chapter counters: figures (photos and charts together), tables, cases, challenges. */
interface Counters {
  chapter: number;
  figure: number;
  table: number;
  case: number;
  challenge: number;
}

class Ctx {
  readonly indicators = new Map<string, { ind: Indicator; table: FrameworkTable }>();
  readonly assets: Map<string, Workspace['assets'][number]>;
  /** every number printed comes from core/values (computed derived values win over stale stored copies) */
  readonly values: IndicatorValues;
  /** bound figures in the text ({{fig:…}} markers) print from the same values */
  readonly figures: FigureSource;
  readonly stats: ReportStats = {
    chapters: 0,
    sections: 0,
    paragraphs: 0,
    cases: 0,
    figures: 0,
    photos: 0,
    charts: 0,
    tables: 0,
    appendixTables: 0,
  };
  constructor(
    readonly ws: Workspace,
    readonly fw: Framework,
    readonly year: number,
    shared?: BuildReportOptions['shared'],
  ) {
    for (const t of fw.tables) for (const ind of t.indicators) this.indicators.set(ind.id, { ind, table: t });
    this.assets = new Map(ws.assets.map((a) => [a.id, a]));
    this.values = shared?.values ?? valuesOf(ws, fw);
    this.figures = shared?.figures ?? figureSource(fw, this.values);
  }
  /** Stored text as printed: bound figures rendered (core/figures, the one renderer) */
  text(s: string): string {
    return renderFigureText(s, this.figures);
  }
  value(indicatorId: string, year: number): number | null {
    return this.values.value(indicatorId, year) ?? null;
  }
}

export function buildReportModel(ws: Workspace, fw: Framework, opts: BuildReportOptions = {}): ReportModel {
  const outline = opts.outline ?? getDefaultOutline();
  const year = opts.year ?? ws.profile.reportYear;
  const ctx = new Ctx(ws, fw, year, opts.shared);

  const { chapters, sections } = chaptersOfYear(ws, outline, year);
  const blocksBySection = new Map<string, Block[]>();
  for (const b of ws.blocks) {
    const list = blocksBySection.get(b.sectionId);
    if (list) list.push(b);
    else blocksBySection.set(b.sectionId, [b]);
  }
  for (const list of blocksBySection.values()) list.sort((a, b) => a.order - b.order);
  const sectionsOf = (chapterId: string) =>
    sections.filter((s) => s.chapterId === chapterId).sort((a, b) => a.order - b.order);

  const toc: TocEntry[] = [];
  let preface: ReportModel['preface'];
  const outChapters: ReportChapter[] = [];
  // which chapters print, and with which number: the rule the writing view's outline shows too
  const numbers = chapterNumbers(
    chapters,
    (id) => sectionsOf(id).flatMap((s) => (blocksBySection.get(s.id) ?? []).map((b) => b.content)),
    outline,
  );

  for (const ch of chapters) {
    if (ch.key === outline.preface.key) {
      // 前言: unnumbered; its intro and its sections' blocks, without section headings
      const counters: Counters = { chapter: 0, figure: 0, table: 0, case: 0, challenge: 0 };
      const items: ReportItem[] = splitParagraphs(ctx.text(ch.intro)).map((p, i) => ({
        kind: 'paragraph' as const,
        blockId: `${ch.id}-intro-${i}`,
        lead: '',
        paragraphs: [p],
      }));
      for (const s of sectionsOf(ch.id))
        items.push(...buildItems(ctx, blocksBySection.get(s.id) ?? [], counters, 'preface'));
      if (items.length === 0 && outline.preface.optional) continue;
      preface = { heading: spacedShortHeading(ch.title), anchor: 'preface', items };
      ctx.stats.paragraphs += items.filter((i) => i.kind === 'paragraph').length;
      toc.push({ level: 1, text: preface.heading, anchor: preface.anchor });
      continue;
    }
    const n = numbers.get(ch.id);
    if (n == null) continue; // an optional chapter with nothing in it is left out
    const oc = outlineChapter(outline, ch.key);
    const counters: Counters = { chapter: n, figure: 0, table: 0, case: 0, challenge: 0 };
    const isChallenges = oc?.challenges ?? ch.key === 'challenges';
    const chSections = sectionsOf(ch.id);
    const built: ReportSection[] = [];
    const anchor = `ch${n}`;
    const chapterToc: TocEntry[] = [];
    chSections.forEach((s, si) => {
      const items = buildItems(ctx, blocksBySection.get(s.id) ?? [], counters, `${anchor}_${si + 1}`);
      // 面临挑战 with a single section: the 挑战 headings stand in for the section heading (seed 003 ch. 8)
      const hidden = isChallenges && chSections.length === 1;
      const number = hidden ? '' : `${n}.${si + 1}`;
      const section: ReportSection = {
        number,
        title: s.title,
        heading: hidden ? null : `${number} ${squash(s.title)}`,
        anchor: `${anchor}_${si + 1}`,
        items,
      };
      if (section.heading) chapterToc.push({ level: 2, text: section.heading, anchor: section.anchor });
      for (const it of items)
        if (it.kind === 'challenge') chapterToc.push({ level: 2, text: it.heading, anchor: it.anchor });
      built.push(section);
    });
    const intro = splitParagraphs(ctx.text(ch.intro));
    const chapter: ReportChapter = {
      number: n,
      key: ch.key,
      title: ch.title,
      heading: `${n} ${squash(ch.title)}`,
      anchor,
      intro,
      challenges: isChallenges,
      sections: built,
    };
    outChapters.push(chapter);
    toc.push({ level: 1, text: chapter.heading, anchor }, ...chapterToc);
    ctx.stats.chapters++;
    ctx.stats.sections += built.filter((s) => s.heading).length;
    for (const s of built) ctx.stats.paragraphs += s.items.filter((i) => i.kind === 'paragraph').length;
  }

  const appendix = {
    heading: outline.appendix.title,
    anchor: 'appendix',
    tables: buildAppendix(ctx, outline),
  };
  ctx.stats.appendixTables = appendix.tables.length;
  if (appendix.tables.length > 0) toc.push({ level: 1, text: appendix.heading, anchor: appendix.anchor });

  const schoolName = squash(ws.profile.name);
  const edition = `（${year}年度）`;
  // 企业年报 names the partner schools' level (参与高等/中等职业教育…): the outline says per level
  const coverTitle = outlineTitle(outline, ws.profile.level);
  const title = `${coverTitle}${edition}`;
  return {
    year,
    meta: { schoolName, title, fullTitle: `${schoolName}${title}`, frameworkTitle: fw.title },
    cover: {
      schoolName,
      title: coverTitle,
      edition,
      date: opts.date ?? coverDate(ws, year),
      preparedBy: schoolName,
      ...noticeOf(fw),
    },
    toc,
    ...(preface ? { preface } : {}),
    chapters: outChapters,
    appendix,
    stats: ctx.stats,
  };
}

/**
 * The notice the report answers, for the cover: the framework's source document whose title is an 编制…通知 and
 * that has a 文号 (2024年度: 教职成司函〔2024〕29号, templates/frameworks/cn-2024-*.json documents.notice2024).
 * A notice naming another year (「（2024年度）」 or 「2022年」 in a 2025年度 edition, whose own notice is not in our
 * material) is not this report's basis: the line is left out rather than citing last year's notice.
 */
function noticeOf(fw: Framework): { notice?: { title: string; number: string } } {
  const d = Object.values(fw.documents).find(
    (x) => /编制/.test(x.title) && /通知/.test(x.title) && x.number.trim() && noticeFitsEdition(x.title, fw.edition),
  );
  return d ? { notice: { title: d.title, number: d.number.trim() } } : {};
}

function noticeFitsEdition(title: string, edition: string): boolean {
  const named = title.match(/(\d{4})年/)?.[1];
  const year = edition.match(/(\d{4})/)?.[1];
  return !named || !year || named === year;
}

/** The year's chapters and sections; when the workspace has none yet, the outline's (empty) ones. */
function chaptersOfYear(ws: Workspace, outline: Outline, year: number): { chapters: Chapter[]; sections: Section[] } {
  const chapters = ws.chapters.filter((c) => c.year === year).sort((a, b) => a.order - b.order);
  if (chapters.length > 0) {
    const ids = new Set(chapters.map((c) => c.id));
    return { chapters, sections: ws.sections.filter((s) => ids.has(s.chapterId)) };
  }
  const outChapters: Chapter[] = [];
  const outSections: Section[] = [];
  const all = [{ ...outline.preface, sections: [] as { key: string; title: string }[] }, ...outline.chapters];
  all.forEach((oc, ci) => {
    const id = `outline-${ci}`;
    outChapters.push({ id, year, key: oc.key, title: oc.title, order: ci, intro: '' });
    oc.sections.forEach((s, si) => {
      outSections.push({ id: `${id}-${si}`, chapterId: id, key: s.key, title: s.title, order: si });
    });
  });
  return { chapters: outChapters, sections: outSections };
}

/**
 * The latest edit of a year's content (its values and the blocks of its chapters) as an ISO time, '' when none:
 * the cover's 编制日期 is its month. The district draft stamps its content with its schools' latest edit, so its
 * cover is dated the same way (core/review/district.ts).
 */
export function latestEdit(ws: Pick<Workspace, 'values' | 'chapters' | 'sections' | 'blocks'>, year: number): string {
  let latest = '';
  for (const v of ws.values) if (v.year === year && v.updatedAt > latest) latest = v.updatedAt;
  const chapterIds = new Set(ws.chapters.filter((c) => c.year === year).map((c) => c.id));
  const sectionIds = new Set(ws.sections.filter((s) => chapterIds.has(s.chapterId)).map((s) => s.id));
  for (const b of ws.blocks) if (sectionIds.has(b.sectionId) && b.updatedAt > latest) latest = b.updatedAt;
  return latest;
}

function coverDate(ws: Workspace, year: number): string {
  return yearMonth(latestEdit(ws, year)) ?? `${year}年12月`;
}

function buildItems(ctx: Ctx, blocks: Block[], c: Counters, sectionAnchor: string): ReportItem[] {
  const items: ReportItem[] = [];
  for (const b of blocks) {
    const content = b.content;
    switch (content.kind) {
      case 'paragraph': {
        const lead = squash(ctx.text(content.lead));
        const paragraphs = splitParagraphs(ctx.text(content.text));
        if (!lead && paragraphs.length === 0) break;
        items.push({ kind: 'paragraph', blockId: b.id, lead, paragraphs: paragraphs.length ? paragraphs : [''] });
        break;
      }
      case 'case': {
        c.case++;
        ctx.stats.cases++;
        const number = `${c.chapter}-${c.case}`;
        items.push({
          kind: 'case',
          blockId: b.id,
          label: `【案例 ${number}】`,
          number,
          title: cleanCaption(ctx.text(content.title)),
          paragraphs: splitParagraphs(ctx.text(content.body)),
        });
        items.push(...casePhotos(ctx, b.id, content, c));
        break;
      }
      case 'photo':
        items.push(photoFigure(ctx, b.id, content.assetId, content.caption, c));
        break;
      case 'chart':
        items.push(chartFigure(ctx, b.id, content, c));
        break;
      case 'table': {
        c.table++;
        ctx.stats.tables++;
        const number = `${c.chapter}-${c.table}`;
        const caption = cleanCaption(content.caption);
        const label = `表 ${number}`;
        const width = content.columns.length;
        items.push({
          kind: 'table',
          blockId: b.id,
          label,
          number,
          caption,
          captionLine: caption ? `${label} ${caption}` : label,
          columns: content.columns.map(squash),
          // rows are padded / cut to the header's width so both views draw a rectangle
          rows: content.rows.map((r) => Array.from({ length: width }, (_, i) => ctx.text(r[i] ?? '').trim())),
          sourceLine: sourceLine(content.source),
        });
        break;
      }
      case 'challenge': {
        c.challenge++;
        const label = `挑战${chineseNumeral(c.challenge)}`;
        const title = cleanCaption(ctx.text(content.title));
        items.push({
          kind: 'challenge',
          blockId: b.id,
          label,
          title,
          heading: title ? `${label}：${title}` : label,
          anchor: `${sectionAnchor}_c${c.challenge}`,
          problems: splitParagraphs(ctx.text(content.problems)),
          plans: splitParagraphs(ctx.text(content.plans)),
        });
        break;
      }
    }
  }
  return items;
}

function nextFigure(ctx: Ctx, c: Counters): { number: string; label: string } {
  c.figure++;
  ctx.stats.figures++;
  const number = `${c.chapter}-${c.figure}`;
  return { number, label: `图 ${number}` };
}

function casePhotos(ctx: Ctx, blockId: string, content: CaseContent, c: Counters): FigureItem[] {
  return content.photos.map((p) => photoFigure(ctx, blockId, p.assetId, p.caption, c));
}

function photoFigure(ctx: Ctx, blockId: string, assetId: string, rawCaption: string, c: Counters): FigureItem {
  const { number, label } = nextFigure(ctx, c);
  ctx.stats.photos++;
  const asset = ctx.assets.get(assetId);
  const caption = cleanCaption(rawCaption || asset?.caption || '');
  const item: FigureItem = {
    kind: 'figure',
    blockId,
    figureKind: 'photo',
    label,
    number,
    caption,
    captionLine: caption ? `${label} ${caption}` : label,
    sourceLine: '',
  };
  if (asset) item.image = { assetId, mime: asset.mime, widthPx: asset.width, heightPx: asset.height };
  else item.missingAssetId = assetId;
  return item;
}

function chartFigure(ctx: Ctx, blockId: string, content: ChartContent, c: Counters): FigureItem {
  const { number, label } = nextFigure(ctx, c);
  ctx.stats.charts++;
  let spec: ChartSpec | undefined;
  let chartError: string | undefined;
  try {
    spec = buildChartSpec(ctx.ws, ctx.fw, content, { year: ctx.year, values: ctx.values });
  } catch (e) {
    if (!isQarError(e)) throw e;
    chartError = e.message;
  }
  // core/charts titles an untitled chart and adds a money/count unit (「…（元）」, seed 003 图 2-13)
  const caption = cleanCaption(spec?.title ?? content.caption);
  // seed 003: a chart's source is the platform table its data sits in, unless the author names one
  const first = ctx.indicators.get(content.indicators[0] ?? '');
  const src = content.source.trim() || (first ? `职业教育质量年报平台${first.table.name}` : '');
  return {
    kind: 'figure',
    blockId,
    figureKind: 'chart',
    label,
    number,
    caption,
    captionLine: caption ? `${label} ${caption}` : label,
    ...(spec ? { chart: spec } : {}),
    ...(chartError ? { chartError } : {}),
    sourceLine: sourceLine(src),
  };
}

function buildAppendix(ctx: Ctx, outline: Outline): AppendixTable[] {
  const years = appendixYears(ctx.year);
  const out: AppendixTable[] = [];
  for (const tableId of outline.appendix.tables) {
    const table = ctx.fw.tables.find((t) => t.id === tableId);
    if (!table) continue;
    const label = `附表 ${out.length + 1}`;
    out.push({
      tableId,
      label,
      name: table.name,
      captionLine: `${label} ${table.name}`,
      columns: ['序号', '指标', '单位', ...years.map((y) => `${y}年`)],
      years,
      rows: appendixRows(ctx, table, years),
    });
  }
  return out;
}

/**
 * A row not confirmed as a national-table row ([U], 待核实) ships switched off: while no printed year holds a value
 * or a 不适用 mark, it is not printed as if it were an official row without data; once filled, it is data. The one
 * rule of a school's 附表 and the district draft's.
 */
export function unconfirmedEmptyRow(values: IndicatorValues, ind: Indicator, years: readonly number[]): boolean {
  return (
    isUnconfirmedRow(ind) &&
    years.every((y) => values.value(ind.id, y) === undefined && !values.resolve(ind.id, y).notApplicable)
  );
}

/**
 * One 附表 cell, the printing rule of every appendix (a school's report, the district draft): whole head counts and
 * areas, a unit-less ratio (生师比) as 15.35:1; a cell marked 「不适用」 (with its reason) says so, not a blank 「—」.
 */
export function appendixCell(values: IndicatorValues, ind: Indicator, year: number): string {
  return values.resolve(ind.id, year).notApplicable
    ? NOT_APPLICABLE
    : formatIndicatorValue(values.value(ind.id, year) ?? null, ind);
}

function appendixRows(ctx: Ctx, table: FrameworkTable, years: number[]): AppendixRow[] {
  const byId = new Map(table.indicators.map((i) => [i.id, i]));
  const depth = (ind: Indicator): number => {
    let d = 0;
    let cur: Indicator | undefined = ind;
    const seen = new Set<string>();
    while (cur?.partOf && byId.has(cur.partOf) && !seen.has(cur.id) && d < 3) {
      seen.add(cur.id);
      d++;
      cur = byId.get(cur.partOf);
    }
    return d;
  };
  const rows: AppendixRow[] = [];
  let no = 0;
  for (const ind of table.indicators) {
    if (unconfirmedEmptyRow(ctx.values, ind, years)) continue;
    const indent = depth(ind);
    if (indent === 0) no++;
    rows.push({
      no: indent === 0 ? String(no) : '',
      name: ind.name,
      indent,
      unit: ind.unit,
      values: years.map((y) => appendixCell(ctx.values, ind, y)),
      indicatorId: ind.id,
    });
  }
  // 「其中：」 opens the first part listed under a whole (the one rule every printed table follows)
  const names = partRowNames(rows);
  return rows.map((r, i) => ({ ...r, name: names[i] as string }));
}
