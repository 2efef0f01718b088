/**
 * Defect 9 (#14): the history of everything. Every change is logged with enough to restore it — values, block
 * content before/after, block/section/chapter create/delete/reorder, profile and framework, images (bytes kept
 * by sha256) — it survives closing the file, any entry's target can be put back as it was, a restore is itself
 * logged (and can be undone), and whole-workspace snapshots (on open and export, bounded) can be restored.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../core/api/dispatch';
import { createApiHandlers } from '../core/api-handlers';
import { openWorkspace, type WorkspaceSession } from '../core/service';
import { SNAPSHOT_LIMIT } from '../db/history';
import { fakeCtx } from './api-fakes';
import { makePng, makeTempDir } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

let tmp: ReturnType<typeof makeTempDir>;
let path: string;
let s: WorkspaceSession;
beforeEach(async () => {
  tmp = makeTempDir();
  path = join(tmp.dir, '历史.qar');
  s = await buildFixtureWorkspace(path);
});
afterEach(() => {
  s.close();
  tmp.cleanup();
});

/** The newest history entry's ref (after an action). */
const newest = () => s.versions().list(0, 1).records[0]!;
const refOf = (r: ReturnType<typeof newest>) => `${r.type === 'value' ? 'v' : 'e'}${r.entry.id}`;

async function reopen(): Promise<void> {
  s.close();
  s = await openWorkspace(path);
}

describe('everything is logged and can be restored (defect 9)', () => {
  it('a paragraph rewrite: logged with the text before and after; restored after a restart', async () => {
    const para = s.getWorkspace().blocks.find((b) => b.content.kind === 'paragraph')!;
    s.updateBlock(para.id, { kind: 'paragraph', lead: '新的段首句。', text: '新的正文' });
    const rec = newest();
    expect(rec).toMatchObject({ type: 'edit', entry: { kind: 'block', action: 'update', targetId: para.id } });
    expect(rec.type === 'edit' && (rec.entry.before as { content: unknown }).content).toEqual(para.content);
    const ref = refOf(rec);
    await reopen(); // the history is in the file: undo is not lost on restart
    expect(s.versions().restore(ref)).toMatch(/恢复为修改前的内容/);
    expect(s.store.getBlock(para.id).content).toEqual(para.content);
    // the restore is logged, and can itself be undone
    const undo = newest();
    expect(undo.type === 'edit' && undo.entry.how).toBe('restore');
    s.versions().restore(refOf(undo));
    expect(s.store.getBlock(para.id).content).toMatchObject({ lead: '新的段首句。' });
  });

  it('deleting a chapter logs its whole subtree; restoring brings back the chapter, sections and blocks, same ids', () => {
    const ws = s.getWorkspace();
    const ch = ws.chapters.find((c) =>
      ws.sections.some((x) => x.chapterId === c.id && ws.blocks.some((b) => b.sectionId === x.id)),
    )!;
    const sections = ws.sections.filter((x) => x.chapterId === ch.id);
    const blocks = ws.blocks.filter((b) => sections.some((x) => x.id === b.sectionId));
    const order = s.store.getChapters(ch.year).map((c) => c.id);
    s.store.deleteChapter(ch.id);
    expect(s.getWorkspace().blocks.filter((b) => blocks.some((x) => x.id === b.id))).toEqual([]);
    expect(s.versions().restore(refOf(newest()))).toMatch(/已恢复.*节.*个内容块/);
    const after = s.getWorkspace();
    expect(after.chapters.find((c) => c.id === ch.id)).toEqual(ch);
    expect(after.sections.filter((x) => x.chapterId === ch.id)).toEqual(sections);
    expect(after.blocks.filter((b) => sections.some((x) => x.id === b.sectionId))).toEqual(blocks);
    expect(s.store.getChapters(ch.year).map((c) => c.id)).toEqual(order);
  });

  it('a photo and its image deleted: the bytes are kept (by sha256) and both come back', () => {
    const photo = s.getWorkspace().blocks.find((b) => b.content.kind === 'photo')!;
    const assetId = photo.content.kind === 'photo' ? photo.content.assetId : '';
    const bytes = s.getAssetBytes(assetId);
    s.deleteBlock(photo.id);
    const blockDelete = refOf(newest());
    s.store.deleteAsset(assetId);
    expect(s.store.has('assets', assetId)).toBe(false);
    // restoring the block brings its image back from the archive first
    s.versions().restore(blockDelete);
    expect(s.store.getBlock(photo.id)).toEqual(photo);
    expect(s.getAssetBytes(assetId).equals(bytes)).toBe(true);
  });

  it('a value change restores to the value before; section, order, profile, framework, year and image changes too', () => {
    s.setValues([{ year: 2024, indicatorId: 'students_total', value: 10_000 }], 'manual');
    s.versions().restore(refOf(newest()));
    expect(s.store.getValues(2024).find((v) => v.indicatorId === 'students_total')?.value).toBe(9002);
    expect(s.history({ limit: 1 })[0]).toMatchObject({ how: 'restore', oldValue: 10_000, newValue: 9002 });

    const ws = s.getWorkspace();
    const ch = ws.chapters.find((c) => ws.sections.filter((x) => x.chapterId === c.id).length >= 2)!;
    const order = s.store.getSections(ch.id).map((x) => x.id);
    s.store.reorderSections(ch.id, [...order].reverse());
    s.versions().restore(refOf(newest()));
    expect(s.store.getSections(ch.id).map((x) => x.id)).toEqual(order);

    const added = s.store.createSection(ch.id, { title: '新增小节' });
    s.versions().restore(refOf(newest()));
    expect(s.store.has('sections', added.id)).toBe(false);

    const profile = s.store.getProfile();
    s.setProfile({ ...profile, name: '改名后的学院', region: '渝北区' });
    s.versions().restore(refOf(newest()));
    expect(s.store.getProfile()).toEqual(profile);

    const fw = s.store.getFramework();
    s.setFramework({ id: 'cn-2024-zhongzhi', version: '2024.1' });
    s.versions().restore(refOf(newest()));
    expect(s.store.getFramework()).toEqual(fw);

    s.putYear({ year: 2025 });
    s.versions().restore(refOf(newest()));
    expect(s.store.getYears().map((y) => y.year)).not.toContain(2025);

    const a = s.addAsset(makePng(10, 10, 9), { mime: 'image/png', width: 10, height: 10, caption: '新图' });
    s.store.updateAsset(a.id, { caption: '改过的说明' });
    s.versions().restore(refOf(newest()));
    expect(s.store.getAsset(a.id).caption).toBe('新图');
  });

  it('every logged entry is described in one Chinese line, newest first, paged', async () => {
    const handlers = createApiHandlers(fakeCtx());
    s.close();
    expect((await dispatch(handlers, 'workspace.open', { path })).ok).toBe(true);
    const page1 = await dispatch(handlers, 'history.list', { offset: 0, limit: 5 });
    const page2 = await dispatch(handlers, 'history.list', { offset: 5, limit: 5 });
    expect(page1.ok && page2.ok).toBe(true);
    if (page1.ok && page2.ok) {
      const p1 = page1.data as { total: number; items: { ref: string; title: string; at: string }[] };
      const p2 = page2.data as typeof p1;
      expect(p1.items).toHaveLength(5);
      expect(p1.total).toBeGreaterThan(10);
      expect(new Set([...p1.items, ...p2.items].map((i) => i.ref)).size).toBe(10);
      for (const i of [...p1.items, ...p2.items]) expect(i.title).toMatch(/[\u4e00-\u9fff]/);
      expect(p1.items[0]!.at >= p2.items[0]!.at).toBe(true);
    }
    await dispatch(handlers, 'workspace.close', {});
    s = await openWorkspace(path);
  });
});

describe('snapshots of the whole workspace (defect 9)', () => {
  it('taken on open and export (not twice when nothing changed); restoring one puts everything back, undoable', async () => {
    s.close();
    const ctx = fakeCtx();
    const handlers = createApiHandlers(ctx);
    expect((await dispatch(handlers, 'workspace.open', { path })).ok).toBe(true);
    const list = async () =>
      (
        (await dispatch(handlers, 'history.snapshots', {})) as {
          ok: true;
          data: { items: { id: number; reason: string }[] };
        }
      ).data.items;
    const atOpen = await list();
    expect(atOpen).toHaveLength(1);
    expect(atOpen[0]!.reason).toBe('open');
    // unchanged: an export takes no second one
    expect((await dispatch(handlers, 'export.json', { path: join(tmp.dir, '一.json') })).ok).toBe(true);
    expect(await list()).toHaveLength(1);

    const before = (await dispatch(handlers, 'workspace.get', {})) as {
      ok: true;
      data: { blocks: unknown[]; values: unknown[] };
    };
    const para = (before.data.blocks as { id: string; content: { kind: string } }[]).find(
      (b) => b.content.kind === 'paragraph',
    )!;
    await dispatch(handlers, 'blocks.delete', { id: para.id });
    await dispatch(handlers, 'values.set', {
      changes: [{ year: 2024, indicatorId: 'students_total', value: 1 }],
      how: 'manual',
    });
    expect((await dispatch(handlers, 'export.json', { path: join(tmp.dir, '二.json') })).ok).toBe(true);
    const snaps = await list();
    expect(snaps.map((x) => x.reason)).toEqual(['export', 'open']);

    const r = await dispatch(handlers, 'history.restoreSnapshot', { id: snaps[1]!.id });
    expect(r.ok).toBe(true);
    const after = (await dispatch(handlers, 'workspace.get', {})) as typeof before;
    expect(after.data.blocks).toEqual(before.data.blocks);
    expect(after.data.values).toEqual(before.data.values);
    // the state before the restore was kept, and the restore is one entry that can be undone
    const undo = (await dispatch(handlers, 'history.list', { offset: 0, limit: 1 })) as {
      ok: true;
      data: { items: { ref: string; title: string }[] };
    };
    expect(undo.data.items[0]!.title).toMatch(/恢复到一个历史版本/);
    expect((await dispatch(handlers, 'history.restore', { ref: undo.data.items[0]!.ref })).ok).toBe(true);
    const back = (await dispatch(handlers, 'workspace.get', {})) as typeof before;
    expect((back.data.blocks as { id: string }[]).some((b) => b.id === para.id)).toBe(false);
    await dispatch(handlers, 'workspace.close', {});
    s = await openWorkspace(path);
  });

  it(`kept bounded: at most ${SNAPSHOT_LIMIT}, the newest`, () => {
    const ids: number[] = [];
    for (let i = 0; i < SNAPSHOT_LIMIT + 5; i++) {
      s.setValues([{ year: 2024, indicatorId: 'students_total', value: 100 + i }], 'manual');
      ids.push(s.versions().snapshot('export', `第 ${i} 次`)!);
    }
    const kept = s
      .versions()
      .listSnapshots()
      .map((x) => x.id);
    expect(kept).toEqual(ids.slice(-SNAPSHOT_LIMIT).reverse());
  });

  it('a 「不适用」 mark comes back with its snapshot (the mark is part of the value)', () => {
    const cell = { year: 2024, indicatorId: 'students_total' };
    s.setValues([{ ...cell, value: null, notApplicable: true, note: '本年度无此项' }], 'manual');
    const id = s.versions().snapshot('export', '标为不适用后')!;
    s.setValues([{ ...cell, value: 1200 }], 'manual'); // a number clears the mark
    const now = () => s.store.getValues(2024).find((v) => v.indicatorId === cell.indicatorId);
    expect(now()?.notApplicable).toBeUndefined();
    s.versions().restoreSnapshot(id);
    expect(now()).toMatchObject({ value: null, notApplicable: true, note: '本年度无此项' });
  });

  it('a read-only session lists history but cannot restore', async () => {
    s.close();
    s = await openWorkspace(path, { readonly: true });
    expect(s.versions().list(0, 3).records).toHaveLength(3);
    expect(() => s.versions().restore(refOf(newest()))).toThrow(/只读/);
    expect(s.versions().snapshot('open')).toBeNull();
  });
});
