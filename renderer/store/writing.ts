/**
 * Writing actions: chapters, sections and blocks, applied to the store at once (the editor never waits) and
 * saved through the API. Text edits go through the outbox (store/saves.ts: journalled, debounced, retried);
 * structure changes (add, move, delete) are saved immediately. Text, block additions, deletions and moves are
 * entries of the workspace's undo history (store/undo.ts); a deletion says so in a toast with 「撤销」.
 */
import type { Block, BlockContent, Chapter, Section } from '../../core/model';
import { blockPlace } from '../lib/places';
import { useApp } from './app';
import { backend } from './backend';
import { undoIfLatest } from './history';
import { outbox, saveBlock, saveChapterText, saveSectionTitle } from './saves';
import { pushEntry, sealTop, type UndoEntry } from './undo';

const get = () => useApp.getState();

// Structure rules (case length, captions, sources) follow text edits: re-check shortly after a save.
let revalidateTimer: ReturnType<typeof setTimeout> | null = null;
export function revalidateSoon(): void {
  if (revalidateTimer) clearTimeout(revalidateTimer);
  revalidateTimer = setTimeout(() => void get().revalidate(), 100);
}

function remember(entry: UndoEntry): void {
  useApp.setState((st) => ({ stacks: pushEntry(st.stacks, entry) }));
}

/** Ends a run of typing: the next keystroke starts a new undo entry. */
export function sealTyping(): void {
  useApp.setState((st) => ({ stacks: sealTop(st.stacks) }));
}

/** A change to a block's content (typing, a caption, a chart's indicators, a paste into its table). */
export function editBlock(blockId: string, content: BlockContent, opts: { separate?: boolean } = {}): void {
  const s = get().session;
  if (!s || s.readOnly) return;
  const before = s.workspace.blocks.find((b) => b.id === blockId)?.content;
  if (before) {
    if (opts.separate) sealTyping();
    remember({ kind: 'block-content', blockId, before, after: content, open: !opts.separate });
  }
  get().patchBlock(blockId, content);
  saveBlock(blockId, content, undefined, revalidateSoon);
}

export function flushBlock(blockId: string): void {
  outbox.flush(`block:${blockId}`);
  sealTyping();
}

export function editChapter(chapterId: string, patch: { title?: string; intro?: string }): void {
  const s = get().session;
  if (!s || s.readOnly) return;
  const field = patch.title !== undefined ? 'title' : 'intro';
  const text = patch[field] ?? '';
  const ch = s.workspace.chapters.find((c) => c.id === chapterId);
  if (ch) remember({ kind: 'chapter-text', chapterId, field, before: ch[field], after: text, open: true });
  get().patchWorkspace((st) => ({
    ...st,
    workspace: {
      ...st.workspace,
      chapters: st.workspace.chapters.map((c) => (c.id === chapterId ? { ...c, [field]: text } : c)),
    },
  }));
  saveChapterText(chapterId, field, text, undefined, revalidateSoon);
}

export function flushChapter(chapterId: string): void {
  outbox.flush(`chapter:${chapterId}:title`);
  outbox.flush(`chapter:${chapterId}:intro`);
  sealTyping();
}

export async function renameSection(sectionId: string, title: string): Promise<void> {
  const t = title.trim();
  if (!t) return get().notify('error', '节标题不能为空');
  const before = get().session?.workspace.sections.find((x) => x.id === sectionId)?.title;
  if (before !== undefined) remember({ kind: 'section-title', sectionId, before, after: t });
  get().patchWorkspace((s) => ({
    ...s,
    workspace: {
      ...s.workspace,
      sections: s.workspace.sections.map((x) => (x.id === sectionId ? { ...x, title: t } : x)),
    },
  }));
  saveSectionTitle(sectionId, t);
}

export async function addSection(chapterId: string, title: string): Promise<Section | undefined> {
  const sec = await get().track(backend.addSection(chapterId, title));
  if (sec) {
    get().patchWorkspace((s) => ({ ...s, workspace: { ...s.workspace, sections: [...s.workspace.sections, sec] } }));
    revalidateSoon();
  }
  return sec;
}

export async function deleteSection(sectionId: string): Promise<void> {
  const ok = await get().track(backend.deleteSection(sectionId).then(() => true));
  if (!ok) return;
  get().patchWorkspace((s) => ({
    ...s,
    workspace: {
      ...s.workspace,
      sections: s.workspace.sections.filter((x) => x.id !== sectionId),
      blocks: s.workspace.blocks.filter((b) => b.sectionId !== sectionId),
    },
  }));
  revalidateSoon();
}

/** A chapter of the school's own (no outline key), placed before 面临挑战 so that chapter stays last. */
export async function addChapter(title: string): Promise<Chapter | undefined> {
  const s = get().session;
  if (!s || s.readOnly) return undefined;
  const year = s.workspace.profile.reportYear;
  const list = s.workspace.chapters.filter((c) => c.year === year).sort((a, b) => a.order - b.order);
  const challenges = list.findIndex((c) => c.key === 'challenges');
  const order = challenges >= 0 ? challenges : list.length;
  const ch = await get().track(backend.createChapter(year, title, order));
  if (!ch) return undefined;
  get().patchWorkspace((st) => ({
    ...st,
    workspace: {
      ...st.workspace,
      chapters: [
        ...st.workspace.chapters.map((c) => (c.year === year && c.order >= order ? { ...c, order: c.order + 1 } : c)),
        ch,
      ],
    },
  }));
  revalidateSoon();
  return ch;
}

export async function deleteChapter(chapterId: string): Promise<boolean> {
  const ok = await get().track(backend.deleteChapter(chapterId).then(() => true));
  if (!ok) return false;
  get().patchWorkspace((s) => {
    const secIds = new Set(s.workspace.sections.filter((x) => x.chapterId === chapterId).map((x) => x.id));
    return {
      ...s,
      workspace: {
        ...s.workspace,
        chapters: s.workspace.chapters.filter((c) => c.id !== chapterId),
        sections: s.workspace.sections.filter((x) => !secIds.has(x.id)),
        blocks: s.workspace.blocks.filter((b) => !secIds.has(b.sectionId)),
      },
    };
  });
  revalidateSoon();
  return true;
}

/** Puts blocks (or sections) in the order of `ids` on screen: each one's order becomes its index there. */
export function showOrder(what: 'blocks' | 'sections', ids: readonly string[]): void {
  const order = new Map(ids.map((id, i) => [id, i]));
  const reorder = <T extends { id: string; order: number }>(xs: T[]): T[] =>
    xs.map((x) => (order.has(x.id) ? { ...x, order: order.get(x.id) ?? x.order } : x));
  get().patchWorkspace((st) => ({
    ...st,
    workspace:
      what === 'blocks'
        ? { ...st.workspace, blocks: reorder(st.workspace.blocks) }
        : { ...st.workspace, sections: reorder(st.workspace.sections) },
  }));
}

export function sectionsOf(chapterId: string, sections: Section[]): Section[] {
  return sections.filter((s) => s.chapterId === chapterId).sort((a, b) => a.order - b.order);
}

export function blocksOf(sectionId: string, blocks: Block[]): Block[] {
  return blocks.filter((b) => b.sectionId === sectionId).sort((a, b) => a.order - b.order);
}

export async function moveSection(chapterId: string, sectionId: string, to: number): Promise<void> {
  const s = get().session;
  if (!s) return;
  const list = sectionsOf(chapterId, s.workspace.sections);
  const from = list.findIndex((x) => x.id === sectionId);
  if (from < 0 || to < 0 || to >= list.length || from === to) return;
  const [moved] = list.splice(from, 1);
  if (!moved) return;
  list.splice(to, 0, moved);
  const before = sectionsOf(chapterId, s.workspace.sections).map((x) => x.id);
  const after = list.map((x) => x.id);
  showOrder('sections', after);
  const ok = await get().track(backend.reorderSections(chapterId, after).then(() => true));
  if (!ok) return showOrder('sections', before); // not saved: the order on screen is the order in the file
  remember({ kind: 'section-move', chapterId, sectionId, before, after });
}

export async function addBlock(sectionId: string, content: BlockContent, at?: number): Promise<Block | undefined> {
  const s = get().session;
  if (!s || s.readOnly) return undefined;
  const list = blocksOf(sectionId, s.workspace.blocks);
  const order = at ?? list.length;
  const block = await get().track(backend.addBlock(sectionId, content, order));
  if (!block) return undefined;
  get().patchWorkspace((st) => {
    // the service shifts the blocks after the insert position; mirror that here
    const blocks = st.workspace.blocks.map((b) =>
      b.sectionId === sectionId && b.order >= order ? { ...b, order: b.order + 1 } : b,
    );
    return { ...st, workspace: { ...st.workspace, blocks: [...blocks, block] } };
  });
  // the new block's first field takes the focus (as a jump from a finding does): what the user types next after
  // pressing 「段落」 goes there, not to the button, where it was lost
  useApp.setState((st) => ({
    focusBlockId: block.id,
    blockJump: { blockId: block.id, seq: (st.blockJump?.seq ?? 0) + 1 },
  }));
  remember({ kind: 'block-add', block });
  revalidateSoon();
  return block;
}

/**
 * Deletes at once (no confirmation box): the block as it was goes into the undo history, and the toast offers
 * 「撤销」 right there.
 */
export async function deleteBlock(blockId: string): Promise<void> {
  const s = get().session;
  const block = s?.workspace.blocks.find((b) => b.id === blockId);
  if (!s || s.readOnly || !block) return;
  // its pending text is part of what is deleted (and of what 撤销 puts back)
  outbox.cancel(`block:${blockId}`);
  const ok = await get().track(backend.deleteBlock(blockId).then(() => true));
  if (!ok) return;
  const place = blockPlace(s.workspace, block);
  get().patchWorkspace((st) => ({
    ...st,
    workspace: { ...st.workspace, blocks: st.workspace.blocks.filter((b) => b.id !== blockId) },
  }));
  const entry: UndoEntry = { kind: 'block-delete', block };
  remember(entry);
  get().notify('info', `已删除：${place}`, { label: '撤销', run: () => void undoIfLatest(entry) });
  revalidateSoon();
}

export async function moveBlock(sectionId: string, blockId: string, to: number): Promise<void> {
  const s = get().session;
  if (!s || s.readOnly) return;
  const list = blocksOf(sectionId, s.workspace.blocks);
  const from = list.findIndex((b) => b.id === blockId);
  if (from < 0 || to < 0 || to >= list.length || from === to) return;
  const [moved] = list.splice(from, 1);
  if (!moved) return;
  list.splice(to, 0, moved);
  const before = blocksOf(sectionId, s.workspace.blocks).map((b) => b.id);
  const after = list.map((b) => b.id);
  showOrder('blocks', after);
  const ok = await get().track(backend.reorderBlocks(sectionId, after).then(() => true));
  if (!ok) return showOrder('blocks', before); // not saved: the order on screen is the order in the file
  remember({ kind: 'block-move', sectionId, blockId, before, after });
  revalidateSoon();
}
