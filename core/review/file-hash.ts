/**
 * A reviewed file's sha256, and its stamp (size, modification and change time in ns, inode) taken just before the
 * hash: afterwards an unchanged stamp says nothing wrote the file while it was hashed and read (a write changes
 * the times), so it need not be hashed a second time (core/review/load.ts).
 *
 * Read in 128 KiB pieces: a 130 MB workspace never sits in memory whole. Hashing is a fifth of a review's work at
 * province scale (1 000 files); `HashAhead` does it on a worker thread one or two files ahead of the school being
 * validated, so on a 2-core machine it overlaps with the validation instead of adding to it.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

export interface HashedFile {
  /** '' when the file could not be read */
  sha256: string;
  /** '' when the file could not be stat'ed */
  stamp: string;
}

/**
 * 128 KiB: a piece the core's cache holds while the hash reads what the kernel has just copied in. With 1 MiB
 * pieces the copy had left the cache before it was hashed: in a review (hash, then open, read and check the school),
 * hashing a 1.3 MB workspace took 2.13–2.15 ms against 1.59–1.65 ms with 128 KiB (64–256 KiB alike; 400 files,
 * sizes alternated file by file).
 */
const CHUNK = 128 << 10;

/** size, modification and change time (ns) and inode, or '' when the file cannot be stat'ed */
export function fileStamp(path: string): string {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}`;
  } catch {
    return '';
  }
}

/**
 * One read buffer per thread, reused (hashFile is synchronous): a fresh buffer per file is memory outside
 * the JavaScript heap that V8 counts towards collecting, and a review's checking thread hashes a file per school.
 */
let readBuffer: Buffer | undefined;

/** The stamp, then the sha256 of the content, on this thread. */
export function hashFile(path: string): HashedFile {
  const stamp = fileStamp(path);
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const h = createHash('sha256');
    readBuffer ??= Buffer.allocUnsafe(CHUNK);
    const buf = readBuffer;
    for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) {
      h.update(buf.subarray(0, n));
    }
    return { sha256: h.digest('hex'), stamp };
  } catch {
    return { sha256: '', stamp };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The worker's code: the same steps as fileStamp + hashFile above (tests/review-scale.test.ts checks both give
 * the same answers). A constant string run with `eval: true` because a worker needs a script of its own, and a
 * file beside this module is not there in every build (the CLI bundle, electron-vite's main bundle, vitest's
 * TypeScript); no user text ever reaches it, only file paths as messages.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, openSync, readSync, statSync } = require('node:fs');
const CHUNK = ${CHUNK};
const buf = Buffer.allocUnsafe(CHUNK);
function stampOf(path) {
  try {
    const s = statSync(path, { bigint: true });
    return s.size + ':' + s.mtimeNs + ':' + s.ctimeNs + ':' + s.ino;
  } catch {
    return '';
  }
}
parentPort.on('message', ({ id, path }) => {
  const stamp = stampOf(path);
  let fd;
  let sha256 = '';
  try {
    fd = openSync(path, 'r');
    const h = createHash('sha256');
    for (let n = readSync(fd, buf, 0, CHUNK, null); n > 0; n = readSync(fd, buf, 0, CHUNK, null)) h.update(buf.subarray(0, n));
    sha256 = h.digest('hex');
  } catch {
    sha256 = '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  parentPort.postMessage({ id, sha256, stamp });
});
`;

/**
 * Hashes the given paths in order on one worker thread, at most `depth` files ahead of the caller. `get(path)`
 * returns a path's result (starting it now if it was not started). `close()` ends the worker. When the worker
 * cannot start or dies, a file it did not answer for is hashed on the calling thread: slower, same answer.
 */
export class HashAhead {
  private worker: Worker | null = null;
  private next = 0;
  private seq = 0;
  /** null: the worker could not answer */
  private readonly started = new Map<string, Promise<HashedFile | null>>();
  private readonly waiting = new Map<number, (r: HashedFile | null) => void>();

  constructor(
    private readonly paths: readonly string[],
    private readonly depth = 2,
  ) {
    try {
      const w = new Worker(WORKER_SOURCE, { eval: true, stdout: false, stderr: false });
      w.on('message', (m: { id: number } & HashedFile) => {
        this.waiting.get(m.id)?.({ sha256: m.sha256, stamp: m.stamp });
        this.waiting.delete(m.id);
        if (this.waiting.size === 0) w.unref();
      });
      w.on('error', () => this.gone());
      w.on('exit', () => this.gone());
      w.unref(); // idle, it never keeps the process alive
      this.worker = w;
    } catch {
      this.worker = null;
    }
  }

  private gone(): void {
    this.worker = null;
    for (const done of this.waiting.values()) done(null);
    this.waiting.clear();
  }

  private start(path: string): Promise<HashedFile | null> {
    let p = this.started.get(path);
    if (p) return p;
    const w = this.worker;
    if (!w) return Promise.resolve(null);
    const id = ++this.seq;
    p = new Promise<HashedFile | null>((resolve) => this.waiting.set(id, resolve));
    w.ref(); // an answer is owed: the process must not end before it comes
    w.postMessage({ id, path });
    this.started.set(path, p);
    return p;
  }

  async get(path: string): Promise<HashedFile> {
    const mine = this.start(path); // first: the worker answers in order
    const at = this.paths.indexOf(path, this.next);
    if (at >= 0) {
      this.next = at + 1;
      for (let i = at + 1; i <= at + this.depth && i < this.paths.length; i++) void this.start(this.paths[i] as string);
    }
    const r = await mine;
    this.started.delete(path);
    return r ?? hashFile(path);
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.gone();
    if (w) await w.terminate();
  }
}
