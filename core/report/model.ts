/**
 * The report document model: one plain, serialisable structure (no Buffers, no class instances) that both
 * the .docx writer (core/docx) and the renderer's live HTML preview draw. Every number, label and caption is
 * already worked out here, so the two views cannot disagree: 图 2-3 in the preview is 图 2-3 in Word.
 * Images are referenced by asset id, charts by a resolved chart spec (core/charts: the data to plot, not pixels).
 */
import type { ChartSpec } from '../charts/spec';

export type { ChartSpec };

export interface ReportModel {
  /** the report year (年度) the document is about, e.g. 2024 */
  year: number;
  meta: ReportMeta;
  cover: ReportCover;
  /** 目录: what the table of contents lists before Word recomputes it (page numbers come from Word) */
  toc: TocEntry[];
  /** 前言 (unnumbered); absent when the workspace has none */
  preface?: ReportPreface;
  chapters: ReportChapter[];
  appendix: ReportAppendix;
  stats: ReportStats;
}

export interface ReportMeta {
  schoolName: string;
  /** 质量年度报告（2024年度） */
  title: string;
  /** 学校名 + title: the running header and the document's title property */
  fullTitle: string;
  frameworkTitle: string;
}

export interface ReportCover {
  schoolName: string;
  /** 质量年度报告 */
  title: string;
  /** （2024年度） */
  edition: string;
  /** 2025年1月 */
  date: string;
  /** 编制单位 (the school, or the district's education bureau) */
  preparedBy: string;
  /** the notice the report answers (《…通知》 and its 文号), when the framework names one */
  notice?: { title: string; number: string };
}

export interface TocEntry {
  level: 1 | 2;
  text: string;
  /** bookmark name of the heading (letters, digits, _), for links and page references */
  anchor: string;
}

export interface ReportPreface {
  /** 「前 言」 */
  heading: string;
  anchor: string;
  items: ReportItem[];
}

export interface ReportChapter {
  /** 1-based chapter number */
  number: number;
  key: string;
  title: string;
  /** 「2 人才培养」 */
  heading: string;
  anchor: string;
  /** the unnumbered overview paragraphs under the chapter heading */
  intro: string[];
  /** 面临挑战: blocks are 挑战一/二/三 */
  challenges: boolean;
  sections: ReportSection[];
}

export interface ReportSection {
  /** 「2.1」, or '' when the heading is not printed (the single section of 面临挑战) */
  number: string;
  title: string;
  /** 「2.1 立德树人」, or null when the section has no heading of its own */
  heading: string | null;
  anchor: string;
  items: ReportItem[];
}

export type ReportItem = ParagraphItem | CaseItem | FigureItem | TableItem | ChallengeItem;

export interface ParagraphItem {
  kind: 'paragraph';
  blockId: string;
  /** 段首句, printed bold at the start of the first paragraph ('' for none) */
  lead: string;
  /** the text after the 段首句, split into paragraphs (the first one continues the 段首句) */
  paragraphs: string[];
}

export interface CaseItem {
  kind: 'case';
  blockId: string;
  /** 「【案例 2-1】」 */
  label: string;
  /** "2-1" */
  number: string;
  title: string;
  paragraphs: string[];
}

export interface ImageRef {
  assetId: string;
  mime: 'image/jpeg' | 'image/png';
  widthPx: number;
  heightPx: number;
}

export interface FigureItem {
  kind: 'figure';
  /** block that holds it (a case's photos carry the case's block id) */
  blockId: string;
  figureKind: 'photo' | 'chart';
  /** 「图 2-3」 */
  label: string;
  number: string;
  /** caption text without number and without a final full stop */
  caption: string;
  /** label + space + caption: the line printed under the figure */
  captionLine: string;
  image?: ImageRef;
  /** the asset is referenced but not in the workspace: a placeholder is printed */
  missingAssetId?: string;
  chart?: ChartSpec;
  /** why a chart could not be built (no known indicator); the figure prints a placeholder */
  chartError?: string;
  /** 「（数据来源：…）」 under a chart; '' for photos */
  sourceLine: string;
}

export interface TableItem {
  kind: 'table';
  blockId: string;
  /** 「表 2-1」 */
  label: string;
  number: string;
  caption: string;
  /** printed above the table */
  captionLine: string;
  columns: string[];
  rows: string[][];
  sourceLine: string;
  /** columns printed flush left (names, reasons: easier to scan than centred); the others are centred */
  alignLeft?: number[];
  /**
   * the columns that may wrap: given, the columns are sized by how wide their text prints (core/docx/
   * measured-widths.ts) and every other column keeps its text on one line; absent, autoWidths
   */
  wrapColumns?: number[];
  /**
   * additive: columns holding names of schools: a name too long for its column breaks between its words
   * (core/docx/name-lines.ts), never inside one
   */
  nameColumns?: number[];
}

export interface ChallengeItem {
  kind: 'challenge';
  blockId: string;
  /** 「挑战一」 */
  label: string;
  title: string;
  /** 「挑战一：职业教育适应性和吸引力不够强」 */
  heading: string;
  anchor: string;
  /** 问题表现： paragraphs */
  problems: string[];
  /** 下一步打算： paragraphs */
  plans: string[];
}

export interface AppendixRow {
  /** 序号 of a top-level row; '' for a 其中 row */
  no: string;
  /** indicator name, a 其中 row prefixed 「其中：」 when it is the first part of its whole */
  name: string;
  /** 0 for a whole, 1 for 其中, 2 for a part of a part */
  indent: number;
  unit: string;
  /** formatted values per year column; 「—」 when there is no data */
  values: string[];
  indicatorId: string;
}

export interface AppendixTable {
  tableId: string;
  /** 「附表 1」 */
  label: string;
  name: string;
  /** 「附表 1 人才培养质量计分卡」, printed above the table */
  captionLine: string;
  /** 序号, 指标, 单位, 2023年, 2024年 */
  columns: string[];
  years: number[];
  rows: AppendixRow[];
}

export interface ReportAppendix {
  /** 「附表」 */
  heading: string;
  anchor: string;
  tables: AppendixTable[];
}

export interface ReportStats {
  chapters: number;
  sections: number;
  paragraphs: number;
  cases: number;
  figures: number;
  photos: number;
  charts: number;
  tables: number;
  appendixTables: number;
}

/** Every item of the document in reading order (preface, then chapters), for counting and checks. */
export function allItems(model: ReportModel): ReportItem[] {
  const out: ReportItem[] = [...(model.preface?.items ?? [])];
  for (const ch of model.chapters) for (const s of ch.sections) out.push(...s.items);
  return out;
}
