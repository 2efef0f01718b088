/**
 * Debounced autosave of text edits: each editor schedules the latest write under a key (one per block /
 * chapter / profile); it runs 600 ms after the last keystroke (well within the promised 1 s), or at once on
 * blur, view change and page hide. While anything is scheduled or in flight the status shows 保存中….
 */
import { useApp } from './app';

const SAVE_DELAY_MS = 600;

interface Pending {
  timer: ReturnType<typeof setTimeout>;
  run: () => Promise<unknown>;
}
const pending = new Map<string, Pending>();

function publish(): void {
  useApp.setState({ dirty: pending.size });
}

export function scheduleSave(key: string, run: () => Promise<unknown>, ms = SAVE_DELAY_MS): void {
  const old = pending.get(key);
  if (old) clearTimeout(old.timer);
  pending.set(key, { run, timer: setTimeout(() => flushSave(key), ms) });
  publish();
}

export function flushSave(key: string): void {
  const p = pending.get(key);
  if (!p) return;
  clearTimeout(p.timer);
  pending.delete(key);
  publish();
  void useApp.getState().track(p.run());
}

export function flushAllSaves(): void {
  for (const key of [...pending.keys()]) flushSave(key);
}

export function hasPendingSaves(): boolean {
  return pending.size > 0;
}
