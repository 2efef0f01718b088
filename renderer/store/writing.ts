/**
 * Writing actions: chapters, sections and blocks, applied to the store at once (the editor never waits) and
 * saved through the API. Text edits are debounced via autosave; structure changes (add, move, delete) are
 * saved immediately.
 */
import type { Block, BlockContent, Chapter, Section } from '../../core/model';
import { useApp } from './app';
import { flushSave, scheduleSave } from './autosave';
import { backend } from './backend';

const get = () => useApp.getState();

// Structure rules (case length, captions, sources) follow text edits: re-check shortly after a save.
let revalidateTimer: ReturnType<typeof setTimeout> | null = null;
function revalidateSoon(): void {
  if (revalidateTimer) clearTimeout(revalidateTimer);
  revalidateTimer = setTimeout(() => void get().revalidate(), 100);
}

export function editBlock(blockId: string, content: BlockContent): void {
  if (get().session?.readOnly) return;
  get().patchBlock(blockId, content);
  scheduleSave(`block:${blockId}`, async () => {
    await backend.updateBlock(blockId, content);
    revalidateSoon();
  });
}

export function flushBlock(blockId: string): void {
  flushSave(`block:${blockId}`);
}

export function editChapter(chapterId: string, patch: { title?: string; intro?: string }): void {
  if (get().session?.readOnly) return;
  get().patchWorkspace((s) => ({
    ...s,
    workspace: {
      ...s.workspace,
      chapters: s.workspace.chapters.map((c) => (c.id === chapterId ? { ...c, ...patch } : c)),
    },
  }));
  const key = `chapter:${chapterId}:${patch.title !== undefined ? 'title' : 'intro'}`;
  scheduleSave(key, async () => {
    await backend.updateChapter(chapterId, patch);
    revalidateSoon();
  });
}

export function flushChapter(chapterId: string): void {
  flushSave(`chapter:${chapterId}:title`);
  flushSave(`chapter:${chapterId}:intro`);
}

export async function renameSection(sectionId: string, title: string): Promise<void> {
  const t = title.trim();
  if (!t) return get().notify('error', '节标题不能为空');
  get().patchWorkspace((s) => ({
    ...s,
    workspace: {
      ...s.workspace,
      sections: s.workspace.sections.map((x) => (x.id === sectionId ? { ...x, title: t } : x)),
    },
  }));
  await get().track(backend.renameSection(sectionId, t));
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
  const order = new Map(list.map((x, i) => [x.id, i]));
  get().patchWorkspace((st) => ({
    ...st,
    workspace: {
      ...st.workspace,
      sections: st.workspace.sections.map((x) => (order.has(x.id) ? { ...x, order: order.get(x.id) ?? x.order } : x)),
    },
  }));
  await get().track(
    backend.reorderSections(
      chapterId,
      list.map((x) => x.id),
    ),
  );
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
  useApp.setState({ focusBlockId: block.id });
  revalidateSoon();
  return block;
}

export async function deleteBlock(blockId: string): Promise<void> {
  flushSave(`block:${blockId}`);
  const ok = await get().track(backend.deleteBlock(blockId).then(() => true));
  if (!ok) return;
  get().patchWorkspace((s) => ({
    ...s,
    workspace: { ...s.workspace, blocks: s.workspace.blocks.filter((b) => b.id !== blockId) },
  }));
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
  const order = new Map(list.map((b, i) => [b.id, i]));
  get().patchWorkspace((st) => ({
    ...st,
    workspace: {
      ...st.workspace,
      blocks: st.workspace.blocks.map((b) => (order.has(b.id) ? { ...b, order: order.get(b.id) ?? b.order } : b)),
    },
  }));
  await get().track(
    backend.reorderBlocks(
      sectionId,
      list.map((b) => b.id),
    ),
  );
  revalidateSoon();
}

/** Read a picked or dropped image and store it; the Chinese error of a bad or huge image is returned. */
export async function addImageFile(file: File): Promise<{ assetId: string } | { error: string }> {
  if (!/^image\/(jpeg|png)$/.test(file.type) && !/\.(jpe?g|png)$/i.test(file.name)) {
    return { error: `“${file.name}”不是 JPG 或 PNG 图片，请选择照片文件` };
  }
  if (file.size > 50 * 1024 * 1024) {
    return { error: `“${file.name}”太大（${(file.size / 1024 / 1024).toFixed(0)} MB），请选择 50 MB 以内的图片` };
  }
  const base64 = await fileToBase64(file);
  try {
    const meta = await backend.addAsset(file.name, base64);
    get().patchWorkspace((s) => ({ ...s, workspace: { ...s.workspace, assets: [...s.workspace.assets, meta] } }));
    return { assetId: meta.id };
  } catch (e) {
    return { error: e instanceof Error && e.message ? e.message : '图片无法读取，请换一张图片' };
  }
}

async function fileToBase64(file: File): Promise<string> {
  const buf = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < buf.length; i += CHUNK) bin += String.fromCharCode(...buf.subarray(i, i + CHUNK));
  return btoa(bin);
}
