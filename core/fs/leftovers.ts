/**
 * Removing temp files a crashed run left beside a target, and only those we can prove are ours and abandoned:
 * the name must be one our writers give (core/fs/temp-names.ts, or the names of earlier versions), the entry
 * must be a regular file (never a symlink or folder: lstat, so a planted link is left alone, not followed), and
 * its writer must be gone — a process of this computer that no longer runs, or (for a temp made elsewhere, e.g.
 * on a shared folder) untouched for a day.
 */
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { HOST_TAG, pidAlive, TEMP_NAME } from './temp-names';

const SQLITE_SIDE = /(-journal|-wal|-shm)$/;
/** Temp names of earlier versions: `NAME.tmp-PID`, `.NAME.tmp-PID-HEX`, `.NAME.tmp-PID-MILLIS`. */
const LEGACY_TEMP = /^\.?(.+)\.tmp-(\d{1,10})(-[0-9a-f]{8}|-\d{13})?$/;
const FOREIGN_HOST_AGE_MS = 24 * 3600 * 1000;
const LEGACY_AGE_MS = 10 * 60 * 1000;

/** Why `name` (in the folder of `target`) is an abandoned temp of `target`, or null when it is not provably one. */
export function staleTempReason(target: string, name: string, now = Date.now()): string | null {
  const base = basename(target);
  const bare = name.replace(SQLITE_SIDE, '');
  const m = TEMP_NAME.exec(bare);
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(join(dirname(target), name));
  } catch {
    return null;
  }
  if (!st.isFile()) return null;
  const age = now - st.mtimeMs;
  if (m) {
    if (m[1] !== base) return null;
    const pid = Number(m[3]);
    if (m[2] === HOST_TAG) {
      if (pid === process.pid || pidAlive(pid)) return null;
      return `写入进程 ${pid} 已结束`;
    }
    return age > FOREIGN_HOST_AGE_MS ? '其他电脑的临时文件，已超过一天未改动' : null;
  }
  const legacy = LEGACY_TEMP.exec(bare);
  if (!legacy || legacy[1] !== base) return null;
  // a leading dot belongs to the two newer legacy forms only; `NAME.tmp-PID` has none
  if (bare.startsWith('.') !== (legacy[3] !== undefined)) return null;
  const pid = Number(legacy[2]);
  if (pid === process.pid || pidAlive(pid) || age < LEGACY_AGE_MS) return null;
  return `旧版本留下的临时文件（进程 ${pid} 已结束）`;
}

/** Removes the abandoned temp files of `target` (and their SQLite side files); returns the names removed. */
export function cleanLeftoverTemps(target: string): string[] {
  const dir = dirname(target);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const base = basename(target);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.includes(base) || !name.includes('.tmp-')) continue;
    if (staleTempReason(target, name) === null) continue;
    try {
      rmSync(join(dir, name));
      removed.push(name);
    } catch {
      // gone already, or not ours to remove after all (permissions): leave it
    }
  }
  return removed;
}
