/**
 * 最近打开: the list of recently opened workspaces, kept in a small JSON file (Electron: userData/recent.json).
 * The list logic is pure; `RecentStore` adds the file, written atomically so a crash never leaves half a file.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { RecentFile } from '../api';
import { writeAtomically } from '../fs/atomic';

export const MAX_RECENT = 10;

const RecentFileJson = z.object({ version: z.literal(1), items: z.array(RecentFile).max(100) });

/** Same file, different spelling (Windows is case-insensitive; trailing separators). */
export function samePath(a: string, b: string, platform: string = process.platform): boolean {
  const norm = (p: string) => {
    const s = p.replace(/[\\/]+$/, '');
    return platform === 'win32' || platform === 'darwin' ? s.replace(/\\/g, '/').toLowerCase() : s;
  };
  return norm(a) === norm(b);
}

/** Put `entry` first, drop older entries for the same path, keep at most `max`. */
export function addRecent(list: readonly RecentFile[], entry: RecentFile, max = MAX_RECENT): RecentFile[] {
  return [entry, ...list.filter((r) => !samePath(r.path, entry.path))].slice(0, max);
}

export function removeRecent(list: readonly RecentFile[], path: string): RecentFile[] {
  return list.filter((r) => !samePath(r.path, path));
}

/** The file name without folders, for menus when the school name is unknown. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

export class RecentStore {
  private items: RecentFile[];
  constructor(private readonly file: string) {
    this.items = RecentStore.read(file);
  }

  /** A missing or damaged file is an empty list: recent files are a convenience, never a reason to fail. */
  static read(file: string): RecentFile[] {
    try {
      const parsed = RecentFileJson.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data.items.slice(0, MAX_RECENT) : [];
    } catch {
      return [];
    }
  }

  list(): RecentFile[] {
    return [...this.items];
  }

  add(path: string, name: string, now = new Date()): RecentFile[] {
    this.items = addRecent(this.items, { path, name: name || baseName(path), openedAt: now.toISOString() });
    this.save();
    return this.list();
  }

  remove(path: string): RecentFile[] {
    this.items = removeRecent(this.items, path);
    this.save();
    return this.list();
  }

  clear(): void {
    this.items = [];
    this.save();
  }

  private save(): void {
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeAtomically(this.file, JSON.stringify({ version: 1, items: this.items }, null, 2));
    } catch (e) {
      // not worth interrupting the user: the list is rebuilt as files are opened
      console.warn('[recent] could not save', e);
    }
  }
}
