/**
 * Row <-> model mapping for the workspace tables. Every row read from a file goes through zod here, so a
 * damaged or tampered row is refused with one Chinese sentence naming the place — table, row, column (and the
 * field inside a JSON column) — as QarError CORRUPT (the CLI's exit 2), never a stack dump.
 */
import type * as z from 'zod';
import { QarError } from '../core/errors';
import {
  AssetMeta,
  Block,
  ChangeEntry,
  Chapter,
  FrameworkRef,
  IndicatorValue,
  ReportYearInfo,
  ReviewComment,
  SchoolProfile,
  Section,
} from '../core/model';
import { issueMessage, valueAt } from '../core/workspace/zod-message';

/** Chinese names of our tables, for messages. */
export const TABLE_ZH: Record<string, string> = {
  profile: '学校信息',
  report_years: '年度',
  indicator_values: '指标数据',
  change_log: '数据修改记录',
  chapters: '章',
  sections: '节',
  blocks: '内容块',
  assets: '图片',
  comments: '批注',
  edit_log: '修改记录',
  snapshots: '历史版本',
  asset_archive: '已删除图片',
  report_settings: '报告设置',
};

/** Where a row sits: its table, a readable row key, and the model field -> column names. */
export interface RowPlace {
  table: string;
  rowKey: string | number;
  columns: Record<string, string>;
}

/** What is said about a damaged row, before and after the place; the session names the file (core/service.ts). */
export const DAMAGED_ROW_ADVICE = '无法读取，没有做任何修改。请改用该文件的备份，或向报送学校重新索取。';

/** A row the file should not hold: `where` names the table, row and column and says what is wrong. */
export class DamagedRowError extends QarError {
  constructor(
    readonly where: string,
    cause?: unknown,
  ) {
    super('CORRUPT', `工作区文件中的数据已损坏（${where}），${DAMAGED_ROW_ADVICE}`, { cause });
  }
}

/** The error for a damaged row; `clause` says what is wrong, in Chinese. */
export function damagedRow(place: RowPlace, clause: string, cause?: unknown): DamagedRowError {
  const table = `${TABLE_ZH[place.table] ?? place.table}（${place.table} 表，编号为 ${place.rowKey} 的行）`;
  return new DamagedRowError(`${table}的${clause}`, cause);
}

/**
 * Parses `data` (the row in model field names) with `schema`, or throws the place of the first problem: the same
 * Chinese clause as any other shape error (core/workspace/zod-message.ts), with the column's name where the
 * model's field stood (「report_year」, 「content.text」 inside a JSON column) and the value found.
 */
export function parseRow<T>(schema: z.ZodType<T>, data: unknown, place: RowPlace): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const [first, ...rest] = issue.path;
  const field = String(first ?? '');
  const column = place.columns[field] ?? field;
  const byColumn = { ...(data as Record<string, unknown>), [column]: (data as Record<string, unknown>)[field] };
  const path = [column, ...rest];
  const clause = issueMessage({ ...issue, path }, byColumn);
  const got = valueAt(byColumn, path);
  const shown = typeof got === 'number' || typeof got === 'string' ? String(got) : undefined;
  const found = shown !== undefined && !clause.includes('实际是') ? `（文件中为「${shown.slice(0, 40)}」）` : '';
  throw damagedRow(place, `${clause}${found}`, r.error);
}

/** JSON text of a column, or the place it is damaged. */
export function parseJsonColumn(text: unknown, place: RowPlace, column: string): unknown {
  if (typeof text !== 'string') throw damagedRow(place, `「${column}」不是文本`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw damagedRow(place, `「${column}」中的 JSON 无法解析`, e);
  }
}

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
const PROFILE_COLUMNS = { reportYear: 'report_year', id: 'framework_id', version: 'framework_version' };
export const toProfile = (r: ProfileRow): SchoolProfile =>
  parseRow(
    SchoolProfile,
    { name: r.name, code: r.code, level: r.level, category: r.category, region: r.region, reportYear: r.report_year },
    { table: 'profile', rowKey: 1, columns: PROFILE_COLUMNS },
  );
export const toFrameworkRef = (r: ProfileRow): FrameworkRef =>
  parseRow(
    FrameworkRef,
    { id: r.framework_id, version: r.framework_version },
    { table: 'profile', rowKey: 1, columns: PROFILE_COLUMNS },
  );

export interface YearRow {
  year: number;
  has_graduates: number;
  note: string;
}
export const toYear = (r: YearRow): ReportYearInfo =>
  parseRow(
    ReportYearInfo,
    { year: r.year, hasGraduates: r.has_graduates === 1, note: r.note },
    { table: 'report_years', rowKey: r.year, columns: { hasGraduates: 'has_graduates' } },
  );

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
  parseRow(
    IndicatorValue,
    {
      year: r.year,
      indicatorId: r.indicator_id,
      value: r.value,
      note: r.note,
      source: r.source,
      updatedAt: r.updated_at,
      // only when marked: exports of workspaces without marks stay as they were
      ...(r.not_applicable === 1 ? { notApplicable: true } : {}),
    },
    {
      table: 'indicator_values',
      rowKey: `${r.year}/${r.indicator_id}`,
      columns: { indicatorId: 'indicator_id', updatedAt: 'updated_at' },
    },
  );

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
  parseRow(
    ChangeEntry,
    {
      id: r.id,
      year: r.year,
      indicatorId: r.indicator_id,
      oldValue: r.old_value,
      newValue: r.new_value,
      at: r.at,
      how: r.how,
    },
    {
      table: 'change_log',
      rowKey: r.id,
      columns: { indicatorId: 'indicator_id', oldValue: 'old_value', newValue: 'new_value' },
    },
  );

export interface ChapterRow {
  id: string;
  year: number;
  key: string;
  title: string;
  ord: number;
  intro: string;
}
export const toChapter = (r: ChapterRow): Chapter =>
  parseRow(
    Chapter,
    { id: r.id, year: r.year, key: r.key, title: r.title, order: r.ord, intro: r.intro },
    { table: 'chapters', rowKey: r.id, columns: { order: 'ord' } },
  );

export interface SectionRow {
  id: string;
  chapter_id: string;
  key: string;
  title: string;
  ord: number;
}
export const toSection = (r: SectionRow): Section =>
  parseRow(
    Section,
    { id: r.id, chapterId: r.chapter_id, key: r.key, title: r.title, order: r.ord },
    { table: 'sections', rowKey: r.id, columns: { chapterId: 'chapter_id', order: 'ord' } },
  );

export interface BlockRow {
  id: string;
  section_id: string;
  ord: number;
  content: string;
  updated_at: string;
}
export const toBlock = (r: BlockRow): Block => {
  const place = {
    table: 'blocks',
    rowKey: r.id,
    columns: { sectionId: 'section_id', order: 'ord', updatedAt: 'updated_at' },
  };
  return parseRow(
    Block,
    {
      id: r.id,
      sectionId: r.section_id,
      order: r.ord,
      content: parseJsonColumn(r.content, place, 'content'),
      updatedAt: r.updated_at,
    },
    place,
  );
};

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
  parseRow(
    AssetMeta,
    {
      id: r.id,
      mime: r.mime,
      width: r.width,
      height: r.height,
      bytes: r.bytes,
      sha256: r.sha256,
      caption: r.caption,
      credit: r.credit,
      createdAt: r.created_at,
    },
    { table: 'assets', rowKey: r.id, columns: { createdAt: 'created_at' } },
  );

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
export const toComment = (r: CommentRow): ReviewComment => {
  const place = {
    table: 'comments',
    rowKey: r.id,
    columns: { parentId: 'parent_id', createdAt: 'created_at', resolvedAt: 'resolved_at' },
  };
  return parseRow(
    ReviewComment,
    {
      id: r.id,
      parentId: r.parent_id,
      target: parseJsonColumn(r.target, place, 'target'),
      author: r.author,
      body: r.body,
      status: r.status,
      createdAt: r.created_at,
      resolvedAt: r.resolved_at,
    },
    place,
  );
};
