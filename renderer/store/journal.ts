/**
 * The journal of unsaved edits (lib/journal.ts) kept in localStorage, one record per workspace file, written
 * synchronously on every edit so a crash of the window loses nothing. localStorage survives a reload and, in the
 * desktop app, a restart (it lives in the app's profile folder).
 */
import type { Workspace } from '../../core/model';
import {
  dropEntry,
  emptyJournal,
  type Journal,
  type JournalEntry,
  journalKey,
  recordEdit,
  recordSaved,
} from '../lib/journal';

const PREFIX = 'qar:journal:v1:';

let current: { path: string; journal: Journal } | null = null;

/** what a file's identity is read from: its outline chapters' ids and keys */
export interface WorkspaceChapters {
  chapters: readonly Pick<Workspace['chapters'][number], 'id' | 'key'>[];
}

/**
 * Which file this is, beyond its path: the ids of the outline chapters are random and made when the file is
 * created, so another school's file saved at the same path never receives this journal's edits.
 */
export function workspaceIdentity(ws: WorkspaceChapters): string {
  return ws.chapters
    .filter((c) => c.key !== '')
    .map((c) => c.id)
    .sort()
    .slice(0, 3)
    .join(',');
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage switched off: the journal lives in memory only
  }
}

function read(path: string): Journal | null {
  const raw = storage()?.getItem(PREFIX + path);
  if (!raw) return null;
  try {
    const j = JSON.parse(raw) as Journal;
    return j && j.v === 1 && Array.isArray(j.entries) ? j : null;
  } catch {
    return null;
  }
}

function write(): void {
  if (!current) return;
  const s = storage();
  if (!s) return;
  try {
    if (current.journal.entries.length === 0) s.removeItem(PREFIX + current.path);
    else s.setItem(PREFIX + current.path, JSON.stringify(current.journal));
  } catch (e) {
    // quota: the edit is still queued for saving; only the crash safety net is missing
    console.warn('[journal] could not be written', e);
  }
}

/**
 * Starts journalling for a file and returns what was left in its journal. A journal of another file at the same
 * path is left alone (and not returned).
 */
export function openJournal(path: string, ws: Pick<Workspace, 'chapters'>): JournalEntry[] {
  const identity = workspaceIdentity(ws);
  const found = read(path);
  // a journal parked by another file at this path, earlier (below)
  const parked = `${path}#${identity}`;
  const mine = found && found.identity === identity ? found : read(parked);
  if (mine && mine !== found) storage()?.removeItem(PREFIX + parked);
  if (found && found !== mine) {
    // another file's journal: park it under its own identity, out of this file's way
    storage()?.setItem(`${PREFIX}${path}#${found.identity}`, JSON.stringify(found));
  }
  current = { path, journal: mine ?? emptyJournal(identity) };
  write();
  return mine ? mine.entries : [];
}

export function closeJournal(): void {
  current = null;
}

export function journalEdit(e: Omit<JournalEntry, 'key'>): void {
  if (!current) return;
  current.journal = recordEdit(current.journal, e);
  write();
}

export function journalSaved(key: string, saved: JournalEntry['data'], base: JournalEntry['base']): void {
  if (!current) return;
  current.journal = recordSaved(current.journal, key, saved, base);
  write();
}

export function journalDrop(key: string): void {
  if (!current) return;
  current.journal = dropEntry(current.journal, key);
  write();
}

export function journalEntries(): JournalEntry[] {
  return current?.journal.entries ?? [];
}

export { journalKey };
