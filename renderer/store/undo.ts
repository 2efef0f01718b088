/**
 * Undo/redo of value edits. One entry = one user action (a typed cell, a pasted block, a cleared range),
 * holding each cell's value before and after, so undo writes the old values back through values.set.
 * Pure: the store keeps the stacks, this module only computes them.
 */
export interface CellChange {
  indicatorId: string;
  year: number;
  oldValue: number | null;
  newValue: number | null;
}
export interface UndoEntry {
  label: string;
  changes: CellChange[];
}
export interface UndoStacks {
  undo: UndoEntry[];
  redo: UndoEntry[];
}

const MAX = 200;

export function pushEntry(s: UndoStacks, entry: UndoEntry): UndoStacks {
  const changes = entry.changes.filter((c) => c.oldValue !== c.newValue);
  if (changes.length === 0) return s;
  return { undo: [...s.undo.slice(-(MAX - 1)), { ...entry, changes }], redo: [] };
}

/** The entry to apply (with old and new swapped) and the stacks after it. */
export function takeUndo(s: UndoStacks): { apply: CellChange[]; next: UndoStacks } | null {
  const e = s.undo.at(-1);
  if (!e) return null;
  return {
    apply: e.changes.map((c) => ({ ...c, oldValue: c.newValue, newValue: c.oldValue })),
    next: { undo: s.undo.slice(0, -1), redo: [...s.redo, e] },
  };
}

export function takeRedo(s: UndoStacks): { apply: CellChange[]; next: UndoStacks } | null {
  const e = s.redo.at(-1);
  if (!e) return null;
  return { apply: e.changes, next: { undo: [...s.undo, e], redo: s.redo.slice(0, -1) } };
}
