/**
 * Carrying out an undo or redo (store/undo.ts keeps the stacks) and showing the user what it did: it switches to
 * the view, table or chapter of the change, selects or highlights the place, and says it in a toast
 * (「已撤销：表1 毕业生数（2024年）3800 → 3725」). A number is never changed in a table the user cannot see.
 */
import type { Framework } from '../../core/framework/schema';
import type { Block, Workspace } from '../../core/model';
import { blockPlace, cellPlace, chapterFieldPlace, tableOfIndicator } from '../lib/places';
import { showValues, useApp, writeValues } from './app';
import { backend } from './backend';
import { outbox, saveBlock, saveChapterText, saveSectionTitle } from './saves';
import { type HistoryStep, remapBlockId, takeRedo, takeUndo, type UndoEntry, type UndoStacks } from './undo';
import { revalidateSoon, showOrder } from './writing';

const show = (v: number | null) => (v === null ? '空' : String(v));

/** The toast for a step: what was undone or redone, and where. Pure. */
export function describeStep(
  step: Pick<HistoryStep, 'entry' | 'apply'>,
  direction: 'undo' | 'redo',
  ws: Pick<Workspace, 'chapters' | 'sections' | 'blocks' | 'profile'>,
  fw: Pick<Framework, 'tables'>,
): string {
  const verb = direction === 'undo' ? '撤销' : '重做';
  const { entry, apply } = step;
  const blockOf = (b: Block) => blockPlace(ws, ws.blocks.find((x) => x.id === b.id) ?? b);
  switch (apply.kind) {
    case 'values': {
      const [first, ...rest] = apply.changes;
      if (!first) return `已${verb}`;
      const place = cellPlace(fw, first.indicatorId, first.year);
      if (rest.length === 0) return `已${verb}：${place}${show(first.oldValue)} → ${show(first.newValue)}`;
      const label = entry.kind === 'values' ? entry.label : '';
      return `已${verb}：${label}（${place}等 ${apply.changes.length} 处数值）`;
    }
    case 'block-content': {
      const b = ws.blocks.find((x) => x.id === apply.blockId);
      // named by the text that was typed (undoing it may leave the block empty)
      const named = entry.kind === 'block-content' ? entry.after : apply.after;
      const place = b ? blockPlace(ws, { ...b, content: named }) : '内容块';
      return `已${verb}：${place} 的修改`;
    }
    case 'chapter-text':
      return `已${verb}：${chapterFieldPlace(ws, apply.chapterId, apply.field)} 的修改`;
    case 'block-add':
      return entry.kind === 'block-delete'
        ? `已${verb}删除：${blockOf(apply.block)} 已恢复`
        : `已${verb}新增：${blockOf(apply.block)}`;
    case 'block-delete':
      return entry.kind === 'block-add'
        ? `已${verb}新增：${blockOf(apply.block)} 已删除`
        : `已${verb}删除：${blockOf(apply.block)}`;
    case 'block-move': {
      const b = ws.blocks.find((x) => x.id === apply.blockId);
      return `已${verb}移动：${b ? blockPlace(ws, b) : '内容块'}`;
    }
    case 'section-move': {
      const sec = ws.sections.find((x) => x.id === apply.sectionId);
      return `已${verb}移动：小节「${sec?.title ?? ''}」`;
    }
    case 'section-title':
      return `已${verb}：小节标题「${apply.before}」→「${apply.after}」`;
    case 'na-mark': {
      const place = cellPlace(fw, apply.indicatorId, apply.year);
      if (apply.after !== null) return `已${verb}：${place}标为「不适用」`;
      return `已${verb}：${place}取消「不适用」${apply.afterValue !== null ? `，恢复为 ${apply.afterValue}` : ''}`;
    }
    case 'batch':
      return `已${verb}：${apply.label}`;
  }
}

function chapterOfBlock(ws: Workspace, sectionId: string): string | null {
  return ws.sections.find((s) => s.id === sectionId)?.chapterId ?? null;
}

/** Goes to where an entry acts: the grid cell, or the block / chapter in 报告撰写. */
function reveal(apply: UndoEntry): void {
  const st = useApp.getState();
  const ws = st.session?.workspace;
  const fw = st.session?.framework;
  if (!ws || !fw) return;
  const go = { help: null } as const;
  switch (apply.kind) {
    case 'na-mark':
    case 'values': {
      const first = apply.kind === 'values' ? apply.changes[0] : apply;
      const t = first ? tableOfIndicator(fw, first.indicatorId) : null;
      if (!first || !t) return;
      useApp.setState({
        ...go,
        view: 'data',
        tableId: t.tableId as never,
        cell: { indicatorId: first.indicatorId, year: first.year },
        anchor: null,
      });
      return;
    }
    case 'block-content':
    case 'block-move':
      useApp.setState({ ...go, view: 'writing', focusBlockId: apply.blockId, focusChapterId: null });
      return;
    case 'block-add':
      useApp.setState({ ...go, view: 'writing', focusBlockId: apply.block.id, focusChapterId: null });
      return;
    case 'block-delete':
      useApp.setState({
        ...go,
        view: 'writing',
        focusBlockId: null,
        focusChapterId: chapterOfBlock(ws, apply.block.sectionId),
      });
      return;
    case 'chapter-text':
      useApp.setState({ ...go, view: 'writing', focusBlockId: null, focusChapterId: apply.chapterId });
      return;
    case 'section-move':
      useApp.setState({ ...go, view: 'writing', focusBlockId: null, focusChapterId: apply.chapterId });
      return;
    case 'section-title': {
      const chapterId = ws.sections.find((x) => x.id === apply.sectionId)?.chapterId ?? null;
      useApp.setState({ ...go, view: 'writing', focusBlockId: null, focusChapterId: chapterId });
      return;
    }
    case 'batch': {
      const first = apply.entries[0];
      if (first) reveal(first);
      return;
    }
  }
}

function patchBlocks(fn: (blocks: Block[]) => Block[]): void {
  useApp.getState().patchWorkspace((s) => ({ ...s, workspace: { ...s.workspace, blocks: fn(s.workspace.blocks) } }));
}

/**
 * Carries out `apply`. Returns the stacks to keep (a re-created block has a new id) and the entry as carried out
 * (with that id), or null when it failed.
 */
async function carryOut(apply: UndoEntry, next: UndoStacks): Promise<{ stacks: UndoStacks; done: UndoEntry } | null> {
  const st = useApp.getState();
  const ok = { stacks: next, done: apply };
  switch (apply.kind) {
    case 'values': {
      const inputs = apply.changes.map((c) => ({ indicatorId: c.indicatorId, year: c.year, value: c.newValue }));
      showValues(inputs);
      void writeValues(inputs, 'manual', '撤销/重做', () => apply.changes);
      return ok;
    }
    case 'block-content':
      st.patchBlock(apply.blockId, apply.after);
      saveBlock(apply.blockId, apply.after, 0, revalidateSoon);
      return ok;
    case 'chapter-text': {
      const { chapterId, field, after } = apply;
      st.patchWorkspace((s) => ({
        ...s,
        workspace: {
          ...s.workspace,
          chapters: s.workspace.chapters.map((c) => (c.id === chapterId ? { ...c, [field]: after } : c)),
        },
      }));
      saveChapterText(chapterId, field, after, 0, revalidateSoon);
      return ok;
    }
    case 'block-add': {
      const { block } = apply;
      const made = await st.track(backend.addBlock(block.sectionId, block.content, block.order));
      if (!made) return null;
      patchBlocks((blocks) => [
        ...blocks.map((b) =>
          b.sectionId === block.sectionId && b.order >= made.order ? { ...b, order: b.order + 1 } : b,
        ),
        made,
      ]);
      revalidateSoon();
      return { stacks: remapBlockId(next, block.id, made.id), done: { ...apply, block: made } };
    }
    case 'block-delete': {
      const id = apply.block.id;
      outbox.cancel(`block:${id}`);
      const deleted = await st.track(backend.deleteBlock(id).then(() => true));
      if (!deleted) return null;
      patchBlocks((blocks) => blocks.filter((b) => b.id !== id));
      revalidateSoon();
      return ok;
    }
    case 'block-move': {
      const moved = await st.track(backend.reorderBlocks(apply.sectionId, apply.after).then(() => true));
      if (!moved) return null;
      showOrder('blocks', apply.after);
      revalidateSoon();
      return ok;
    }
    case 'section-move': {
      const moved = await st.track(backend.reorderSections(apply.chapterId, apply.after).then(() => true));
      if (!moved) return null;
      showOrder('sections', apply.after);
      return ok;
    }
    case 'section-title':
      showSectionTitle(apply.sectionId, apply.after);
      saveSectionTitle(apply.sectionId, apply.after);
      return ok;
    case 'na-mark': {
      const cell = { indicatorId: apply.indicatorId, year: apply.year };
      if (apply.after === null && apply.afterValue !== null) {
        // the number the mark had cleared comes back; a number ends the mark in the same save
        const inputs = [{ ...cell, value: apply.afterValue }];
        showValues(inputs);
        void writeValues(inputs, 'manual', '撤销/重做', () => [
          { ...cell, oldValue: apply.beforeValue, newValue: apply.afterValue },
        ]);
        return ok;
      }
      return (await st.markNotApplicable(cell, apply.after, false)) ? ok : null;
    }
    case 'batch':
      // text changes (查找/替换), or numbers typed over 「不适用」 marks: each is put on screen and queued at once
      for (const e of apply.entries) await carryOut(e, next);
      return ok;
  }
}

export function showSectionTitle(sectionId: string, title: string): void {
  useApp.getState().patchWorkspace((s) => ({
    ...s,
    workspace: {
      ...s.workspace,
      sections: s.workspace.sections.map((x) => (x.id === sectionId ? { ...x, title } : x)),
    },
  }));
}

let busy = false;

async function step(direction: 'undo' | 'redo'): Promise<void> {
  if (busy) return; // one step at a time: a structure change waits for the workspace's answer
  const st = useApp.getState();
  const s = st.session;
  if (!s) return;
  const taken = direction === 'undo' ? takeUndo(st.stacks) : takeRedo(st.stacks);
  if (!taken) return;
  busy = true;
  try {
    // the description names the block as it is now (before a deletion is carried out)
    const text = describeStep(taken, direction, s.workspace, s.framework);
    useApp.setState({ stacks: taken.next });
    const done = await carryOut(taken.apply, taken.next);
    if (!done) {
      useApp.setState({ stacks: st.stacks }); // nothing changed: the entry stays where it was
      return;
    }
    useApp.setState({ stacks: done.stacks });
    reveal(done.done);
    useApp.getState().notify('info', text);
  } finally {
    busy = false;
  }
}

export const undoStep = () => step('undo');
export const redoStep = () => step('redo');

/** Undo the given entry if it is still the latest (the 「撤销」 button in a deletion's toast). */
export function undoIfLatest(entry: UndoEntry): Promise<void> {
  const top = useApp.getState().stacks.undo.at(-1);
  if (top !== entry) {
    useApp.getState().notify('info', '之后又有新的修改，请用顶部的「撤销」逐步撤销');
    return Promise.resolve();
  }
  return undoStep();
}
