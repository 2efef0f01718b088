/** Row <-> model mapping for the workspace tables. Every read goes through zod so a tampered row fails loudly. */
import {
  AssetMeta,
  Block,
  BlockContent,
  ChangeEntry,
  Chapter,
  CommentTarget,
  IndicatorValue,
  ReportYearInfo,
  ReviewComment,
  SchoolProfile,
  Section,
} from '../core/model';

export interface ProfileRow {
  name: string;
  code: string;
  level: string;
  category: string;
  region: string;
  report_year: number;
  framework_id: string;
  framework_version: string;
}
export const toProfile = (r: ProfileRow): SchoolProfile =>
  SchoolProfile.parse({
    name: r.name,
    code: r.code,
    level: r.level,
    category: r.category,
    region: r.region,
    reportYear: r.report_year,
  });

export interface YearRow {
  year: number;
  has_graduates: number;
  note: string;
}
export const toYear = (r: YearRow): ReportYearInfo =>
  ReportYearInfo.parse({ year: r.year, hasGraduates: r.has_graduates === 1, note: r.note });

export interface ValueRow {
  year: number;
  indicator_id: string;
  value: number | null;
  note: string;
  source: string;
  updated_at: string;
  not_applicable: number;
}
export const toValue = (r: ValueRow): IndicatorValue =>
  IndicatorValue.parse({
    year: r.year,
    indicatorId: r.indicator_id,
    value: r.value,
    note: r.note,
    source: r.source,
    updatedAt: r.updated_at,
    // only when marked: exports of workspaces without marks stay as they were
    ...(r.not_applicable === 1 ? { notApplicable: true } : {}),
  });

export interface ChangeRow {
  id: number;
  year: number;
  indicator_id: string;
  old_value: number | null;
  new_value: number | null;
  at: string;
  how: string;
}
export const toChange = (r: ChangeRow): ChangeEntry =>
  ChangeEntry.parse({
    id: r.id,
    year: r.year,
    indicatorId: r.indicator_id,
    oldValue: r.old_value,
    newValue: r.new_value,
    at: r.at,
    how: r.how,
  });

export interface ChapterRow {
  id: string;
  year: number;
  key: string;
  title: string;
  ord: number;
  intro: string;
}
export const toChapter = (r: ChapterRow): Chapter =>
  Chapter.parse({ id: r.id, year: r.year, key: r.key, title: r.title, order: r.ord, intro: r.intro });

export interface SectionRow {
  id: string;
  chapter_id: string;
  key: string;
  title: string;
  ord: number;
}
export const toSection = (r: SectionRow): Section =>
  Section.parse({ id: r.id, chapterId: r.chapter_id, key: r.key, title: r.title, order: r.ord });

export interface BlockRow {
  id: string;
  section_id: string;
  ord: number;
  content: string;
  updated_at: string;
}
export const toBlock = (r: BlockRow): Block =>
  Block.parse({
    id: r.id,
    sectionId: r.section_id,
    order: r.ord,
    content: BlockContent.parse(JSON.parse(r.content)),
    updatedAt: r.updated_at,
  });

export interface AssetRow {
  id: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  caption: string;
  credit: string;
  created_at: string;
}
export const toAsset = (r: AssetRow): AssetMeta =>
  AssetMeta.parse({
    id: r.id,
    mime: r.mime,
    width: r.width,
    height: r.height,
    bytes: r.bytes,
    sha256: r.sha256,
    caption: r.caption,
    credit: r.credit,
    createdAt: r.created_at,
  });

export interface CommentRow {
  id: string;
  parent_id: string | null;
  target: string;
  author: string;
  body: string;
  status: string;
  created_at: string;
  resolved_at: string | null;
}
export const toComment = (r: CommentRow): ReviewComment =>
  ReviewComment.parse({
    id: r.id,
    parentId: r.parent_id,
    target: CommentTarget.parse(JSON.parse(r.target)),
    author: r.author,
    body: r.body,
    status: r.status,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
  });
