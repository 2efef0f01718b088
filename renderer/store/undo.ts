/**
 * One undo history per workspace: numbers, 「不适用」 marks, paragraph/case/challenge text and chapter text, block
 * creation, deletion and reordering. One entry = one user action (a typed cell, a pasted block, a run of typing in one
 * block until it loses focus, a deleted block …), holding what is needed to go both ways.
 * Pure: the store keeps the stacks; store/history.ts carries an entry out and shows the user where.
 */
import type { Block, BlockContent } from '../../core/model';

export interface CellChange {
  indicatorId: string;
  year: number;
  oldValue: number | null;
  newValue: number | null;
}

export type UndoEntry =
  /** `id`: to find this entry again when the workspace refuses the numbers (store/app.ts) */
  | { kind: 'values'; label: string; changes: CellChange[]; id?: number }
  /** `open`: typing is still going on in this block, so the next keystroke joins this entry */
  | { kind: 'block-content'; blockId: string; before: BlockContent; after: BlockContent; open: boolean }
  | { kind: 'chapter-text'; chapterId: string; field: 'title' | 'intro'; before: string; after: string; open: boolean }
  /** the block as it was created (undo deletes it) */
  | { kind: 'block-add'; block: Block }
  /** the block as it was when deleted, at its place (undo puts it back) */
  | { kind: 'block-delete'; block: Block }
  | { kind: 'block-move'; sectionId: string; blockId: string; before: string[]; after: string[] }
  | { kind: 'section-move'; chapterId: string; sectionId: string; before: string[]; after: string[] }
  | { kind: 'section-title'; sectionId: string; before: string; after: string }
  /**
   * A cell's 「不适用」 mark set, changed or taken back (`before`/`after`: the reason, null = no mark). Marking clears
   * the cell's number: `beforeValue` is the number it held, put back when the mark is undone.
   */
  | {
      kind: 'na-mark';
      indicatorId: string;
      year: number;
      before: string | null;
      after: string | null;
      beforeValue: number | null;
      afterValue: number | null;
    }
  /**
   * several changes made as one action, undone and redone together: text changes (查找/替换 全部替换), or numbers
   * typed or pasted over 「不适用」 marks (the numbers, and a mark step for each mark they ended)
   */
  | { kind: 'batch'; label: string; entries: UndoEntry[] };

export interface UndoStacks {
  undo: UndoEntry[];
  redo: UndoEntry[];
}

export const EMPTY_STACKS: UndoStacks = { undo: [], redo: [] };

const MAX = 200;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function isNoop(e: UndoEntry): boolean {
  switch (e.kind) {
    case 'values':
      return e.changes.length === 0;
    case 'block-content':
      return JSON.stringify(e.before) === JSON.stringify(e.after);
    case 'chapter-text':
    case 'section-title':
      return e.before === e.after;
    case 'na-mark':
      return e.before === e.after && e.beforeValue === e.afterValue;
    case 'batch':
      return e.entries.length === 0;
    case 'block-move':
    case 'section-move':
      return sameList(e.before, e.after);
    default:
      return false;
  }
}

/** The entry with its no-op parts removed (a cell set to what it held). */
function tidy(e: UndoEntry): UndoEntry {
  return e.kind === 'values' ? { ...e, changes: e.changes.filter((c) => c.oldValue !== c.newValue) } : e;
}

/** Typing in the same block (or chapter field) while it keeps the focus joins the open entry. */
function joins(top: UndoEntry | undefined, e: UndoEntry): boolean {
  if (!top) return false;
  if (top.kind === 'block-content' && e.kind === 'block-content') return top.open && top.blockId === e.blockId;
  if (top.kind === 'chapter-text' && e.kind === 'chapter-text') {
    return top.open && top.chapterId === e.chapterId && top.field === e.field;
  }
  return false;
}

export function pushEntry(s: UndoStacks, entry: UndoEntry): UndoStacks {
  const e = tidy(entry);
  const top = s.undo.at(-1);
  if (joins(top, e)) {
    const merged = { ...(top as UndoEntry), ...('after' in e ? { after: e.after } : {}) } as UndoEntry;
    const rest = s.undo.slice(0, -1);
    // typing back to where the run began leaves nothing to undo
    return { undo: isNoop(merged) ? rest : [...rest, merged], redo: [] };
  }
  if (isNoop(e)) return s;
  const sealed = sealTop(s).undo;
  return { undo: [...sealed.slice(-(MAX - 1)), e], redo: [] };
}

/** Ends a run of typing (the field lost focus, or another kind of action came): the next edit is a new entry. */
export function sealTop(s: UndoStacks): UndoStacks {
  const top = s.undo.at(-1);
  if (!top || !('open' in top) || !top.open) return s;
  return { ...s, undo: [...s.undo.slice(0, -1), { ...top, open: false }] };
}

/** The entry that undoes `e`. */
export function inverse(e: UndoEntry): UndoEntry {
  switch (e.kind) {
    case 'values':
      return { ...e, changes: e.changes.map((c) => ({ ...c, oldValue: c.newValue, newValue: c.oldValue })) };
    case 'block-content':
    case 'chapter-text':
      return { ...e, before: e.after, after: e.before, open: false } as UndoEntry;
    case 'section-title':
      return { ...e, before: e.after, after: e.before };
    case 'na-mark':
      return { ...e, before: e.after, after: e.before, beforeValue: e.afterValue, afterValue: e.beforeValue };
    case 'batch':
      return { ...e, entries: e.entries.map(inverse).reverse() };
    case 'block-add':
      return { kind: 'block-delete', block: e.block };
    case 'block-delete':
      return { kind: 'block-add', block: e.block };
    case 'block-move':
    case 'section-move':
      return { ...e, before: e.after, after: e.before };
  }
}

export interface HistoryStep {
  /** the entry as recorded (what the user did) */
  entry: UndoEntry;
  /** what to carry out now */
  apply: UndoEntry;
  /** the stacks once it is carried out */
  next: UndoStacks;
}

export function takeUndo(s: UndoStacks): HistoryStep | null {
  const stacks = sealTop(s);
  const e = stacks.undo.at(-1);
  if (!e) return null;
  return { entry: e, apply: inverse(e), next: { undo: stacks.undo.slice(0, -1), redo: [...stacks.redo, e] } };
}

export function takeRedo(s: UndoStacks): HistoryStep | null {
  const e = s.redo.at(-1);
  if (!e) return null;
  return { entry: e, apply: e, next: { undo: [...sealTop(s).undo, e], redo: s.redo.slice(0, -1) } };
}

/** A deleted block put back gets a new id: every entry about the old one now means the new one. */
export function remapBlockId(s: UndoStacks, from: string, to: string): UndoStacks {
  const map = (e: UndoEntry): UndoEntry => {
    switch (e.kind) {
      case 'block-content':
        return e.blockId === from ? { ...e, blockId: to } : e;
      case 'block-add':
      case 'block-delete':
        return e.block.id === from ? { ...e, block: { ...e.block, id: to } } : e;
      case 'block-move': {
        const sw = (ids: string[]) => ids.map((id) => (id === from ? to : id));
        return { ...e, blockId: e.blockId === from ? to : e.blockId, before: sw(e.before), after: sw(e.after) };
      }
      case 'batch':
        return { ...e, entries: e.entries.map(map) };
      default:
        return e;
    }
  };
  return { undo: s.undo.map(map), redo: s.redo.map(map) };
}

/** Entries about values go (an import rewrote values behind them); text and structure entries stay. */
export function dropValueEntries(s: UndoStacks): UndoStacks {
  return { undo: s.undo.filter((e) => e.kind !== 'values'), redo: s.redo.filter((e) => e.kind !== 'values') };
}
