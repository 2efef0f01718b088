/**
 * Text typed into a dialog and not saved yet, per place: a review comment (添加审核意见), a cell's 「不适用」 reason.
 * Closing the dialog with 取消 or Esc, the usual way to step back, keeps it; it is there again when the dialog
 * opens for the same place, until it is saved or the user empties the box. Kept in localStorage as the journal of
 * unsaved edits is (store/journal.ts), so a reload of the window or a restart of the desktop app does not lose it
 * either; where storage is unavailable it lives as long as the page.
 *
 * A place in a workspace file is keyed by the file's path AND its identity (workspaceIdentity, as the journal is):
 * another school's file saved later at the same path never shows this file's text in its boxes.
 */
import { type WorkspaceChapters, workspaceIdentity } from './journal';

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

/** what marks the file's identity in a key (the last part), so the key it had before identities is known */
interface FileMark {
  workspaceFile: string;
}
const isFileMark = (x: unknown): x is FileMark =>
  typeof x === 'object' && x !== null && typeof (x as FileMark).workspaceFile === 'string';

/**
 * The key of a place in a workspace file, e.g. ('na', session, indicator id, year): by the file's path and its
 * identity, so the same path holding another school's file is another place.
 */
export function workspaceUnsentKey(
  kind: string,
  file: { path: string; workspace: WorkspaceChapters },
  ...parts: unknown[]
): string {
  return unsentKey(kind, file.path, ...parts, { workspaceFile: workspaceIdentity(file.workspace) } satisfies FileMark);
}

/** The key the same place had before keys named the file's identity (path only), if it is a file's place. */
function pathOnlyKey(key: string): string | null {
  try {
    const parts = JSON.parse(key) as unknown;
    return Array.isArray(parts) && isFileMark(parts.at(-1)) ? JSON.stringify(parts.slice(0, -1)) : null;
  } catch {
    return null;
  }
}

function stored(key: string): string | undefined {
  try {
    return storage()?.getItem(PREFIX + key) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The unsaved text of a place, if any. Text typed before keys named the file's identity is taken by the first file
 * at that path that asks for it (it was typed into the file there then) and moved to that file's key, so it is not
 * lost and no later file at the path sees it.
 */
export function unsentText(key: string): string | undefined {
  const kept = memory.get(key) ?? stored(key);
  if (kept !== undefined) return kept;
  const old = pathOnlyKey(key);
  const legacy = old === null ? undefined : (memory.get(old) ?? stored(old));
  if (old === null || legacy === undefined) return undefined;
  keepUnsent(key, legacy);
  memory.delete(old);
  try {
    storage()?.removeItem(PREFIX + old);
  } catch {
    // nothing stored
  }
  return legacy;
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
