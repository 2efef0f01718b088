/**
 * 历史版本: listing and restoring the history of a workspace, and whole-workspace snapshots.
 *
 * Every change is logged as it is made (value edits in change_log, everything else in edit_log, by db/store.ts);
 * a restore puts ONE target back to how it was before a logged change, through the same store methods, so the
 * restore is itself logged (how = 'restore') and can be undone the same way. Snapshots hold the whole workspace
 * (not the images' bytes: those are kept once, by sha256, in assets or asset_archive) and are taken when a
 * workspace is opened for writing and when it is exported — only when something changed since the last one.
 *
 * Bound: the newest SNAPSHOT_LIMIT snapshots are kept. Snapshots are small (the demo school's is tens of KB
 * compressed; printed by scripts/bench/history.ts), so 20 cost well under a few MB while reaching back over
 * 20 working sessions — several weeks of writing a report; older states stay reachable one change at a time
 * through the log, which is never pruned (it is text). The bytes of deleted images are kept while a kept
 * snapshot shows them or while they were deleted after the oldest kept snapshot; older ones are dropped, and a
 * restore that needs them says so.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ZodType } from 'zod';
import { QarError } from '../core/errors';
import {
  ChapterState,
  EditEntry,
  type HistoryRecord,
  OrderState,
  ProfileState,
  SectionState,
  SnapshotData,
  type SnapshotInfo,
  type SnapshotReason,
  WorkspaceRestoreState,
} from '../core/history/model';
import { AssetMeta, Block, type BlockContent, type ChangeEntry, FrameworkRef, ReportYearInfo } from '../core/model';
import { type ChangeRow, damagedRow, parseJsonColumn, parseRow, toChange } from './rows';
import type { WorkspaceStore } from './store';

export const SNAPSHOT_LIMIT = 20;

interface EditRow {
  id: number;
  at: string;
  how: string;
  kind: string;
  action: string;
  target_id: string;
  before: string | null;
  after: string | null;
}

function toEdit(r: EditRow): EditEntry {
  const place = { table: 'edit_log', rowKey: r.id, columns: { targetId: 'target_id' } };
  return parseRow(
    EditEntry,
    {
      id: r.id,
      at: r.at,
      how: r.how,
      kind: r.kind,
      action: r.action,
      targetId: r.target_id,
      before: r.before === null ? null : parseJsonColumn(r.before, place, 'before'),
      after: r.after === null ? null : parseJsonColumn(r.after, place, 'after'),
    },
    place,
  );
}

/** A logged state, checked with its schema (a damaged log row names its place, like every other row). */
function stateOf<T>(schema: ZodType<T>, e: EditEntry, which: 'before' | 'after'): T {
  return parseRow(schema, e[which], { table: 'edit_log', rowKey: e.id, columns: {} });
}

const assetIdsOf = (c: BlockContent): string[] =>
  c.kind === 'photo' ? [c.assetId] : c.kind === 'case' ? c.photos.map((p) => p.assetId) : [];

export class WorkspaceHistory {
  constructor(private readonly store: WorkspaceStore) {}

  private get db() {
    return this.store.opened.db;
  }

  // ------------------------------------------------------------------------------------------------ the log

  /** Newest first, `limit` entries after skipping `offset`; `total` counts everything. */
  list(offset: number, limit: number): { total: number; records: HistoryRecord[] } {
    const total = (
      this.db.prepare('SELECT (SELECT count(*) FROM change_log) + (SELECT count(*) FROM edit_log) AS n').get() as {
        n: number;
      }
    ).n;
    const refs = this.db
      .prepare(
        `SELECT 'v' AS src, id, at FROM change_log UNION ALL SELECT 'e' AS src, id, at FROM edit_log
         ORDER BY at DESC, src, id DESC LIMIT ? OFFSET ?`,
      )
      .all(Math.max(0, Math.floor(limit)), Math.max(0, Math.floor(offset))) as { src: 'v' | 'e'; id: number }[];
    return { total, records: refs.map((r) => this.record(`${r.src}${r.id}`)) };
  }

  /** One entry by its ref ('v12' value change, 'e5' edit). */
  record(ref: string): HistoryRecord {
    const m = /^([ve])(\d{1,12})$/.exec(ref);
    if (!m) throw new QarError('BAD_INPUT', `修改记录编号「${ref.slice(0, 20)}」不正确。`);
    const id = Number(m[2]);
    if (m[1] === 'v') {
      const r = this.db.prepare('SELECT * FROM change_log WHERE id = ?').get(id) as ChangeRow | undefined;
      if (!r) throw new QarError('NOT_FOUND', '找不到这条修改记录。');
      return { type: 'value', entry: toChange(r) };
    }
    const r = this.db.prepare('SELECT * FROM edit_log WHERE id = ?').get(id) as EditRow | undefined;
    if (!r) throw new QarError('NOT_FOUND', '找不到这条修改记录。');
    return { type: 'edit', entry: toEdit(r) };
  }

  /** The latest delete of an image, whose `before` holds its metadata (for putting it back). */
  private deletedAssetMeta(id: string): AssetMeta | null {
    const r = this.db
      .prepare(
        "SELECT * FROM edit_log WHERE kind = 'asset' AND action = 'delete' AND target_id = ? ORDER BY id DESC LIMIT 1",
      )
      .get(id) as EditRow | undefined;
    return r ? stateOf(AssetMeta, toEdit(r), 'before') : null;
  }

  /** Images a block to be put back shows: brought back from the archive first when they were deleted. */
  private ensureAssets(blocks: readonly Block[]): void {
    for (const id of blocks.flatMap((b) => assetIdsOf(b.content))) {
      if (this.store.has('assets', id)) continue;
      const meta = this.deletedAssetMeta(id);
      if (!meta) throw new QarError('NOT_FOUND', '该内容块使用的图片已不在工作区中，也没有删除记录，无法恢复。');
      this.store.reinsertAsset(meta);
    }
  }

  /**
   * Puts the target of entry `ref` back as it was BEFORE that change (a created thing is removed, a deleted one
   * comes back, an edited one gets its old content). One transaction; logged as 'restore'. Returns what was done.
   */
  restore(ref: string): string {
    const rec = this.record(ref);
    return this.store.withHow('restore', () =>
      this.store.inTransaction(() =>
        rec.type === 'value' ? this.restoreValue(rec.entry) : this.restoreEdit(rec.entry),
      ),
    );
  }

  private restoreValue(c: ChangeEntry): string {
    this.store.setValues([{ year: c.year, indicatorId: c.indicatorId, value: c.oldValue }], 'restore');
    return `已把 ${c.year}年 ${c.indicatorId} 恢复为${c.oldValue === null ? '空' : ` ${c.oldValue}`}。`;
  }

  private restoreEdit(e: EditEntry): string {
    const s = this.store;
    const id = e.targetId;
    switch (`${e.kind}.${e.action}`) {
      case 'block.create':
        s.deleteBlock(id);
        return '已删除该内容块（恢复到添加之前）。';
      case 'block.update': {
        if (!s.has('blocks', id)) throw new QarError('NOT_FOUND', '该内容块已被删除，请先恢复删除它的那条记录。');
        const before = stateOf(Block, e, 'before');
        this.ensureAssets([before]);
        s.updateBlock(id, before.content);
        return '已把该内容块恢复为修改前的内容。';
      }
      case 'block.delete': {
        const before = stateOf(Block, e, 'before');
        this.ensureAssets([before]);
        s.reinsertBlock(before);
        return '已恢复被删除的内容块。';
      }
      case 'block.move': {
        const before = stateOf(Block, e, 'before');
        s.moveBlock(id, before.sectionId, before.order);
        return '已把该内容块移回原来的位置。';
      }
      case 'block.reorder':
        s.reorderBlocks(id, stateOf(OrderState, e, 'before').ids);
        return '已恢复内容块原来的顺序。';
      case 'section.create':
        s.deleteSection(id);
        return '已删除该小节（恢复到添加之前）。';
      case 'section.update': {
        const { section } = stateOf(SectionState, e, 'before');
        s.updateSection(id, { title: section.title, key: section.key });
        return '已恢复小节原来的标题。';
      }
      case 'section.delete': {
        const { section, blocks } = stateOf(SectionState, e, 'before');
        this.ensureAssets(blocks);
        s.reinsertSection(section, blocks);
        return `已恢复小节「${section.title}」及其 ${blocks.length} 个内容块。`;
      }
      case 'section.reorder':
        s.reorderSections(id, stateOf(OrderState, e, 'before').ids);
        return '已恢复小节原来的顺序。';
      case 'chapter.create':
        s.deleteChapter(id);
        return '已删除该章（恢复到添加之前）。';
      case 'chapter.update': {
        const { chapter } = stateOf(ChapterState, e, 'before');
        s.updateChapter(id, { title: chapter.title, intro: chapter.intro, key: chapter.key });
        return '已恢复该章原来的标题和导语。';
      }
      case 'chapter.delete': {
        const { chapter, sections, blocks } = stateOf(ChapterState, e, 'before');
        this.ensureAssets(blocks);
        s.reinsertChapter(chapter, sections, blocks);
        return `已恢复「${chapter.title}」及其 ${sections.length} 节、${blocks.length} 个内容块。`;
      }
      case 'chapter.reorder':
        s.reorderChapters(Number(id), stateOf(OrderState, e, 'before').ids);
        return '已恢复各章原来的顺序。';
      case 'profile.update':
        s.setProfile(stateOf(ProfileState, e, 'before').profile);
        return '已恢复原来的学校信息。';
      case 'framework.update':
        s.setFramework(stateOf(FrameworkRef, e, 'before'));
        return '已恢复原来的指标体系。';
      case 'year.create':
        s.deleteYear(Number(id));
        return `已删除${id}年度（恢复到添加之前）。`;
      case 'year.update':
      case 'year.delete':
        s.putYear(stateOf(ReportYearInfo, e, 'before'));
        return `已恢复${id}年度原来的设置。`;
      case 'asset.create':
        s.deleteAsset(id);
        return '已删除该图片（恢复到添加之前）。';
      case 'asset.update': {
        const before = stateOf(AssetMeta, e, 'before');
        s.updateAsset(id, { caption: before.caption, credit: before.credit });
        return '已恢复图片原来的说明。';
      }
      case 'asset.delete':
        s.reinsertAsset(stateOf(AssetMeta, e, 'before'));
        return '已恢复被删除的图片。';
      case 'workspace.restore':
        return this.restoreSnapshot(stateOf(WorkspaceRestoreState, e, 'before').snapshotId);
      default:
        throw new QarError('BAD_INPUT', '这条记录不能恢复。');
    }
  }

  // ------------------------------------------------------------------------------------------------ snapshots

  private snapshotData(): SnapshotData {
    const ws = this.store.getWorkspace();
    return {
      profile: ws.profile,
      framework: ws.framework,
      years: ws.years,
      values: ws.values,
      chapters: ws.chapters,
      sections: ws.sections,
      blocks: ws.blocks,
      assets: ws.assets,
    };
  }

  /**
   * Takes a snapshot of the workspace as it is now, unless it is identical to the newest one (then that one's id
   * is returned). Read-only workspaces are never written: null.
   */
  snapshot(reason: SnapshotReason, label = ''): number | null {
    if (this.store.readonly) return null;
    return this.store.inTransaction(() => {
      const json = JSON.stringify(this.snapshotData());
      const digest = createHash('sha256').update(json).digest('hex');
      const last = this.db.prepare('SELECT id, digest FROM snapshots ORDER BY id DESC LIMIT 1').get() as
        | { id: number; digest: string }
        | undefined;
      if (last?.digest === digest) return last.id;
      const r = this.db
        .prepare('INSERT INTO snapshots (at, reason, label, digest, data) VALUES (?, ?, ?, ?, ?)')
        .run(new Date().toISOString(), reason, label, digest, gzipSync(json));
      this.prune();
      return Number(r.lastInsertRowid);
    });
  }

  private readSnapshot(id: number): SnapshotData {
    const r = this.db.prepare('SELECT data FROM snapshots WHERE id = ?').get(id) as { data: Buffer } | undefined;
    if (!r) throw new QarError('NOT_FOUND', '该历史版本已按保留规则清理，无法恢复。');
    const place = { table: 'snapshots', rowKey: id, columns: {} };
    let text: string;
    try {
      text = gunzipSync(r.data).toString('utf8');
    } catch (e) {
      throw damagedRow(place, '「data」无法解压', e);
    }
    return parseRow(SnapshotData, parseJsonColumn(text, place, 'data'), place);
  }

  listSnapshots(): SnapshotInfo[] {
    const rows = this.db.prepare('SELECT id, at, reason, label FROM snapshots ORDER BY id DESC').all() as {
      id: number;
      at: string;
      reason: SnapshotReason;
      label: string;
    }[];
    return rows.map((r) => {
      const d = this.readSnapshot(r.id);
      return { ...r, blocks: d.blocks.length, values: d.values.length };
    });
  }

  /** Keeps the newest SNAPSHOT_LIMIT snapshots, and the image bytes they (or recent deletes) still need. */
  private prune(): void {
    this.db
      .prepare(
        `DELETE FROM snapshots WHERE id NOT IN (SELECT id FROM snapshots ORDER BY id DESC LIMIT ${SNAPSHOT_LIMIT})`,
      )
      .run();
    const oldest = this.db.prepare('SELECT min(at) AS at FROM snapshots').get() as { at: string | null };
    if (!oldest.at) return;
    const old = this.db.prepare('SELECT sha256 FROM asset_archive WHERE archived_at < ?').all(oldest.at) as {
      sha256: string;
    }[];
    // reading every kept snapshot is needed only when some archived image is a candidate for dropping
    if (old.length === 0) return;
    const needed = new Set<string>();
    for (const { id } of this.db.prepare('SELECT id FROM snapshots').all() as { id: number }[]) {
      for (const a of this.readSnapshot(id).assets) needed.add(a.sha256);
    }
    const drop = this.db.prepare('DELETE FROM asset_archive WHERE sha256 = ?');
    for (const { sha256 } of old) if (!needed.has(sha256)) drop.run(sha256);
  }

  /**
   * Puts the whole workspace back to snapshot `id`: profile, framework, years, values, chapters, sections, blocks
   * and images (the reviewer's comments stay). The state before is snapshotted first, so the restore can be
   * undone; value changes go to change_log one by one (how 'restore'), the rest as one 'workspace.restore' edit.
   */
  restoreSnapshot(id: number): string {
    const target = this.readSnapshot(id);
    return this.store.withHow('restore', () =>
      this.store.inTransaction(() => {
        const pre = this.snapshot('restore', `恢复到 ${id} 号版本之前`);
        const db = this.db;
        for (const a of target.assets) {
          if (this.store.has('assets', a.id)) {
            db.prepare('UPDATE assets SET caption = ?, credit = ? WHERE id = ?').run(a.caption, a.credit, a.id);
          } else this.store.reinsertAsset(a);
        }
        const put = db.prepare(
          `INSERT INTO report_years (year, has_graduates, note) VALUES (?, ?, ?)
           ON CONFLICT (year) DO UPDATE SET has_graduates = excluded.has_graduates, note = excluded.note`,
        );
        for (const y of target.years) put.run(y.year, y.hasGraduates ? 1 : 0, y.note);
        this.restoreValues(target);
        db.prepare('DELETE FROM chapters').run(); // sections and blocks follow (ON DELETE CASCADE)
        const ch = db.prepare('INSERT INTO chapters (id, year, key, title, ord, intro) VALUES (?, ?, ?, ?, ?, ?)');
        for (const c of target.chapters) ch.run(c.id, c.year, c.key, c.title, c.order, c.intro);
        const se = db.prepare('INSERT INTO sections (id, chapter_id, key, title, ord) VALUES (?, ?, ?, ?, ?)');
        for (const x of target.sections) se.run(x.id, x.chapterId, x.key, x.title, x.order);
        const bl = db.prepare('INSERT INTO blocks (id, section_id, ord, content, updated_at) VALUES (?, ?, ?, ?, ?)');
        for (const b of target.blocks) bl.run(b.id, b.sectionId, b.order, JSON.stringify(b.content), b.updatedAt);
        const keepYears = new Set(target.years.map((y) => y.year));
        for (const y of this.store.getYears()) {
          if (!keepYears.has(y.year)) db.prepare('DELETE FROM report_years WHERE year = ?').run(y.year);
        }
        const keepAssets = new Set(target.assets.map((a) => a.id));
        for (const a of this.store.getAssets()) {
          if (keepAssets.has(a.id)) continue;
          this.store.archiveAssetBytes(a.id);
          db.prepare('DELETE FROM assets WHERE id = ?').run(a.id);
        }
        db.prepare(
          `UPDATE profile SET name = ?, code = ?, level = ?, category = ?, region = ?, report_year = ?,
             framework_id = ?, framework_version = ? WHERE id = 1`,
        ).run(
          target.profile.name,
          target.profile.code,
          target.profile.level,
          target.profile.category,
          target.profile.region,
          target.profile.reportYear,
          target.framework.id,
          target.framework.version,
        );
        this.store.recordEdit('workspace', 'restore', `snapshot:${id}`, { snapshotId: pre }, { snapshotId: id });
        return `已把整个工作区恢复到该历史版本（${target.blocks.length} 个内容块、${target.values.length} 项指标数据）。恢复前的状态已另存为一个历史版本，可以再恢复回来。`;
      }),
    );
  }

  /** Values exactly as in the snapshot; each difference logged in change_log as a restore. */
  private restoreValues(target: SnapshotData): void {
    const db = this.db;
    const now = new Date().toISOString();
    const key = (y: number, i: string) => `${y}\u0000${i}`;
    const want = new Map(target.values.map((v) => [key(v.year, v.indicatorId), v]));
    const log = db.prepare(
      "INSERT INTO change_log (year, indicator_id, old_value, new_value, at, how) VALUES (?, ?, ?, ?, ?, 'restore')",
    );
    for (const cur of this.store.getValues()) {
      if (want.has(key(cur.year, cur.indicatorId))) continue;
      db.prepare('DELETE FROM indicator_values WHERE year = ? AND indicator_id = ?').run(cur.year, cur.indicatorId);
      if (cur.value !== null) log.run(cur.year, cur.indicatorId, cur.value, null, now);
    }
    const have = new Map(this.store.getValues().map((v) => [key(v.year, v.indicatorId), v]));
    const put = db.prepare(
      `INSERT INTO indicator_values (year, indicator_id, value, note, source, updated_at, not_applicable)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (year, indicator_id) DO UPDATE SET value = excluded.value, note = excluded.note,
         source = excluded.source, updated_at = excluded.updated_at, not_applicable = excluded.not_applicable`,
    );
    for (const v of target.values) {
      const cur = have.get(key(v.year, v.indicatorId));
      const na = v.notApplicable === true && v.value === null;
      if (
        cur &&
        cur.value === v.value &&
        cur.note === v.note &&
        cur.source === v.source &&
        (cur.notApplicable === true) === na
      )
        continue;
      // a 「不适用」 mark is part of the value: a restore brings it back (or clears it) with the number
      put.run(v.year, v.indicatorId, v.value, v.note, v.source, v.updatedAt, na ? 1 : 0);
      if ((cur?.value ?? null) !== v.value) log.run(v.year, v.indicatorId, cur?.value ?? null, v.value, now);
    }
  }
}
