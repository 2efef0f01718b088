/**
 * The export cache on disk (core/docx/derived-cache.ts): one file per entry in a per-user cache folder, not in the
 * workspace. Why not the workspace: an export opens the .qar read-only (the app may hold its write lock, and a
 * file received for review must not change), a cache table would need a migration and grow the file a school
 * mails around by megabytes of pictures it can derive again; and the entries are keyed by content hashes, so one
 * entry serves every copy of the same workspace (审阅 copies, next year's file) without trusting any of them.
 *
 * Folder: QAR_CACHE_DIR when set ('off' turns the cache off), else %LOCALAPPDATA%\qar-studio\cache,
 * ~/Library/Caches/qar-studio or $XDG_CACHE_HOME/qar-studio (~/.cache/qar-studio). An entry is the sha256 of its
 * payload followed by the payload, written to a temp name and renamed, so a torn or altered entry reads as a miss
 * and is removed. Past MAX_BYTES the least recently used entries go (once per process, at the first write).
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  type Dirent,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CacheKind, DerivedCache } from '../docx/derived-cache';
import { tempPathBeside } from './temp-names';

const MAX_BYTES = 512 * 1024 * 1024;
const KEY = /^[0-9a-f]{64}$/;

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const set = env.QAR_CACHE_DIR;
  if (set === 'off') return undefined;
  if (set) return set;
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'qar-studio', 'cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'qar-studio');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'qar-studio');
}

/** The cache in `dir`; every failure to read or write it is a miss (a full disk or a read-only home never stops an export). */
export class DirCache implements DerivedCache {
  private pruned = false;

  constructor(
    readonly dir: string,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  /**
   * One folder per kind, every entry straight in it. Not in subfolders by the key's first two characters, as
   * before: a first export put its 40-odd entries into as many new folders, a failed create, a mkdir and a create
   * again each (about 20 ms of the thread the photos wait for, issue #16), where a few thousand entries (the size
   * cap's worth) in one folder are nothing to any current file system. Entries of that layout are found by no key
   * now; pruning still counts and removes them.
   */
  private path(kind: CacheKind, key: string): string {
    return join(this.dir, kind, key);
  }

  get(kind: CacheKind, key: string): Buffer | undefined {
    if (!KEY.test(key)) return undefined;
    const p = this.path(kind, key);
    let raw: Buffer;
    try {
      raw = readFileSync(p);
    } catch {
      return undefined;
    }
    const data = raw.subarray(32);
    if (raw.length < 32 || !createHash('sha256').update(data).digest().equals(raw.subarray(0, 32))) {
      rmSync(p, { force: true });
      return undefined;
    }
    try {
      const now = new Date();
      utimesSync(p, now, now); // recently used: pruned last
    } catch {
      // a read-only cache still serves
    }
    return data;
  }

  put(kind: CacheKind, key: string, data: Buffer): void {
    if (!KEY.test(key)) return;
    const p = this.path(kind, key);
    try {
      const tmp = tempPathBeside(p);
      // the folder is made only when the file cannot be created without it: an export puts 40-odd entries into
      // folders that mostly exist, and each recursive mkdir was a few system calls on this thread (issue #16)
      let fd: number;
      try {
        fd = openSync(tmp, 'wx', 0o600);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        mkdirSync(join(p, '..'), { recursive: true });
        fd = openSync(tmp, 'wx', 0o600);
      }
      try {
        writeSync(fd, createHash('sha256').update(data).digest());
        writeSync(fd, data);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, p);
    } catch {
      return;
    }
    if (!this.pruned) {
      this.pruned = true;
      this.prune();
    }
  }

  /** Removes the least recently used entries until the folder holds at most maxBytes. */
  prune(): void {
    const files: { p: string; size: number; at: number }[] = [];
    // every file below the folder, at any depth (entries of the earlier layout, one folder deeper, included)
    const walk = (d: string, depth: number) => {
      let entries: Dirent[];
      try {
        entries = readdirSync(d, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = join(d, e.name);
        if (e.isDirectory()) {
          if (depth < 3) walk(p, depth + 1);
        } else
          try {
            const s = statSync(p);
            files.push({ p, size: s.size, at: s.mtimeMs });
          } catch {
            // gone meanwhile (another export pruning)
          }
      }
    };
    walk(this.dir, 0);
    let total = files.reduce((a, f) => a + f.size, 0);
    files.sort((a, b) => a.at - b.at);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      rmSync(f.p, { force: true });
      total -= f.size;
    }
  }
}

/**
 * Which build of the program is running (the size and time of the file this module was loaded from: a chunk of
 * the bundled CLI, the app's main bundle; else the entry script), part of every key: a new build may draw the
 * same chart differently. Photos and page facts need it less (their keys hold what they depend on) but carry it
 * too, which costs one cold export after an update.
 */
export function codeIdentity(): string {
  const self = import.meta.url?.startsWith('file:') ? fileURLToPath(import.meta.url) : undefined;
  for (const p of [self, process.argv[1], process.execPath]) {
    if (!p) continue;
    try {
      const s = statSync(p);
      return `${p}|${s.size}|${s.mtimeMs}`;
    } catch {
      // not a file (a REPL): try the next
    }
  }
  return process.version;
}

/** The cache an export uses here, or undefined when turned off. */
export function exportCache(env: NodeJS.ProcessEnv = process.env): DerivedCache | undefined {
  const dir = defaultCacheDir(env);
  return dir ? new DirCache(dir) : undefined;
}

/**
 * Where a LibreOffice user profile is kept to start the page pass's LibreOffice from (core/docx/lo-session.ts): a
 * first start spends about a second making a profile, a copy of one made before starts without. Beside the cache
 * folder, not in it (its pruning counts files), one per LibreOffice build and font set (`engine`); undefined when
 * the cache is off.
 */
export function libreOfficeProfileTemplate(engine: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = defaultCacheDir(env);
  return dir ? join(`${dir}.lo-profile`, createHash('sha256').update(engine).digest('hex').slice(0, 32)) : undefined;
}

/**
 * Where V8 keeps the compiled code of the command line between runs (Node's module compile cache): beside the cache
 * folder, like the LibreOffice profile, because it belongs to the program and not to any workspace, so clearing the
 * export cache leaves it. Node keys each entry by the source's hash and its own version, so a new build or Node
 * never runs stale code from it. Undefined when the cache is off.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = defaultCacheDir(env);
  return dir ? `${dir}.code` : undefined;
}
