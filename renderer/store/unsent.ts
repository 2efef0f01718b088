/**
 * Text typed into a dialog and not saved yet, per place: a review comment (添加审核意见), a cell's 「不适用」 reason.
 * Closing the dialog with 取消 or Esc, the usual way to step back, keeps it; it is there again when the dialog
 * opens for the same place, until it is saved or the user empties the box. Kept in localStorage as the journal of
 * unsaved edits is (store/journal.ts), so a reload of the window or a restart of the desktop app does not lose it
 * either; where storage is unavailable it lives as long as the page.
 */

const PREFIX = 'qar:unsent:v1:';
/** what this page has seen (also the only copy when storage refuses a write) */
const memory = new Map<string, string>();

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The key of a place: its parts, e.g. ('na', workspace path, indicator id, year). */
export function unsentKey(...parts: unknown[]): string {
  return JSON.stringify(parts);
}

/** The unsaved text of a place, if any. */
export function unsentText(key: string): string | undefined {
  const kept = memory.get(key);
  if (kept !== undefined) return kept;
  try {
    const stored = storage()?.getItem(PREFIX + key);
    return stored ?? undefined;
  } catch {
    return undefined;
  }
}

/** Remembers what is in the box now (every keystroke); an emptied box keeps nothing. */
export function keepUnsent(key: string, text: string): void {
  if (text === '') {
    dropUnsent(key);
    return;
  }
  memory.set(key, text);
  try {
    storage()?.setItem(PREFIX + key, text);
  } catch {
    // storage full: the text is kept for as long as the page is open
  }
}

/** The text was saved where it belongs (or emptied): nothing to bring back. */
export function dropUnsent(key: string): void {
  memory.delete(key);
  try {
    storage()?.removeItem(PREFIX + key);
  } catch {
    // nothing stored
  }
}
