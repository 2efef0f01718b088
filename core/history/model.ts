/**
 * The history of a workspace (历史版本) as plain data: what one logged change holds, what a snapshot holds, and
 * what the UI lists. Pure: zod and the shared model only.
 */
import * as z from 'zod';
import { Block, type ChangeEntry, Chapter, IsoTime, SchoolProfile, Section, Workspace } from '../model';

export const EditKind = z.enum(['profile', 'framework', 'year', 'chapter', 'section', 'block', 'asset', 'workspace']);
export type EditKind = z.infer<typeof EditKind>;
export const EditAction = z.enum(['create', 'update', 'delete', 'reorder', 'move', 'restore']);
export type EditAction = z.infer<typeof EditAction>;
export const EditHow = z.enum(['manual', 'restore', 'import', 'api']);
export type EditHow = z.infer<typeof EditHow>;

/** What one edit_log row keeps in `before` / `after`, by kind (null: did not exist). */
export const ChapterState = z.object({
  chapter: Chapter,
  /** a deleted chapter keeps its whole subtree, so restoring it brings everything back */
  sections: z.array(Section).default([]),
  blocks: z.array(Block).default([]),
});
export const SectionState = z.object({ section: Section, blocks: z.array(Block).default([]) });
export const OrderState = z.object({ ids: z.array(z.string()) });
export const ProfileState = z.object({ profile: SchoolProfile });
export const WorkspaceRestoreState = z.object({ snapshotId: z.number().int().positive() });

export const EditEntry = z.object({
  id: z.number().int().positive(),
  at: IsoTime,
  how: EditHow,
  kind: EditKind,
  action: EditAction,
  targetId: z.string().max(200),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type EditEntry = z.infer<typeof EditEntry>;

/** One entry of the history: a value change (change_log) or any other edit (edit_log). */
export type HistoryRecord = { type: 'value'; entry: ChangeEntry } | { type: 'edit'; entry: EditEntry };

/** A whole workspace at one moment (comments are the reviewer's and are not part of it; images by sha256). */
export const SnapshotData = Workspace.omit({ comments: true });
export type SnapshotData = z.infer<typeof SnapshotData>;

export const SnapshotReason = z.enum(['open', 'export', 'restore']);
export type SnapshotReason = z.infer<typeof SnapshotReason>;

/** One line of the 历史版本 list (the API's output). */
export const HistoryItem = z.object({
  /** 'v12' for value change 12 (change_log), 'e5' for edit 5 (edit_log) */
  ref: z.string().regex(/^[ve]\d{1,12}$/),
  at: IsoTime,
  how: z.string(),
  kind: z.string(),
  action: z.string(),
  /** one Chinese line: 修改段落「立德树人成效显著。」 / 2024年 在校生数：8456 → 9001 人 */
  title: z.string(),
  /** a few words of what was there before, when useful */
  detail: z.string().default(''),
  /** what 「恢复到此前」 would do, in Chinese; '' when the entry cannot be restored (e.g. a reorder) */
  restoreLabel: z.string(),
});
export type HistoryItem = z.infer<typeof HistoryItem>;

export const SnapshotInfo = z.object({
  id: z.number().int().positive(),
  at: IsoTime,
  reason: SnapshotReason,
  label: z.string(),
  /** 内容块 / 指标数据 counts, to recognise the version */
  blocks: z.number().int().nonnegative(),
  values: z.number().int().nonnegative(),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;
