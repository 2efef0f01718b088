/**
 * Worker threads that read and check schools' files (core/review/school-check.ts) for a review at province scale,
 * while this thread gathers the results in order (core/review/review-files.ts) and, with `hereToo` (2–3 cores),
 * checks files itself whenever it has fewer waiting than the least busy worker. The worker's script sits beside
 * this module in every build: out/cli/review-worker.mjs in the CLI bundle, out/main/review-worker.js in the app's
 * main process, and core/review/review-worker.ts from sources, run with tsx's loader (tests, `npm run qar:dev`). Where none is found, or a
 * worker cannot start or dies, the files go through the same checkSchoolFile on this thread: slower, same answer.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { CheckedInput } from './review';
import type { ReviewJob } from './review-worker';
import { checkSchoolFile } from './school-check';

/** How the worker is started: its script and, from sources, tsx's loader; null when there is none. */
export function reviewWorkerScript(here: string = import.meta.url): { script: URL; execArgv?: string[] } | null {
  for (const name of ['review-worker.mjs', 'review-worker.js']) {
    const script = new URL(`./${name}`, here);
    if (existsSync(fileURLToPath(script))) return { script };
  }
  const ts = new URL('./review-worker.ts', here);
  if (!here.endsWith('.ts') || !existsSync(fileURLToPath(ts))) return null;
  try {
    // absolute, so the worker finds the loader whatever the working folder
    const loader = createRequire(here).resolve('tsx');
    return { script: ts, execArgv: ['--import', pathToFileURL(loader).href] };
  } catch {
    return null;
  }
}

/** Each thread holds the program and one workspace (~35 MB): more cores than this add memory faster than speed. */
const MAX_THREADS = 4;

/** Threads for a review on this machine: one per core (this thread only gathers), at least one, at most 4. */
export function defaultReviewThreads(): number {
  return Math.min(MAX_THREADS, Math.max(1, availableParallelism()));
}

/**
 * A checking thread's heap. Its live data is the program (~16 MB) and one school's workspace without its images
 * (a few MB); left to itself V8 lets garbage grow to ~55 MB a thread before collecting, which on top of the
 * summary's own memory took a review of 1 000 schools over its 300 MB (issue #16). A school too large for this
 * stops only its thread: the file is checked again on the calling thread, which has no such limit.
 */
const WORKER_HEAP: ResourceLimits = { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 };
/**
 * The heap of a pool's only thread (2–3 cores, where this thread checks too): with one thread there is room for a
 * young generation where a school's short-lived objects die without being copied. 1 000 schools, paired against
 * WORKER_HEAP: 0.89, 0.98, 0.88 of the time with the same peak memory (243–246 MB against 235–244 MB).
 */
export const ONE_WORKER_HEAP: ResourceLimits = { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 32 };

interface Pending {
  path: string;
  resolve: (c: CheckedInput) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

export class ReviewPool {
  private readonly slots: Slot[] = [];
  private seq = 0;
  private closed = false;
  /** files queued or being checked on this thread when it checks too (`hereToo`) */
  private herePending = 0;
  /** this thread's checks, one after another (never two workspaces at once here either) */
  private hereQueue: Promise<unknown> = Promise.resolve();
  /** files answered by a worker thread, and checked on this thread (no worker left, or one failed) */
  readonly stats = { onThreads: 0, here: 0 };

  /**
   * Starts `threads` workers checking `year` (default each school's own), or gives null when the worker script is
   * not there or no worker starts: the caller then checks the files itself.
   */
  static start(threads: number, year?: number, heap: ResourceLimits = WORKER_HEAP, hereToo = false): ReviewPool | null {
    const how = reviewWorkerScript();
    if (!how || threads < 1) return null;
    const pool = new ReviewPool(year, hereToo);
    for (let i = 0; i < threads; i++) pool.spawn(how, heap);
    return pool.slots.length > 0 ? pool : null;
  }

  private constructor(
    private readonly year: number | undefined,
    private readonly hereToo: boolean,
  ) {}

  private spawn(how: { script: URL; execArgv?: string[] }, heap: ResourceLimits): void {
    let worker: Worker;
    try {
      worker = new Worker(how.script, {
        // without its own: this process's flags (--cpu-prof, --enable-source-maps …) as for any worker
        ...(how.execArgv ? { execArgv: how.execArgv } : {}),
        stdout: false,
        stderr: false,
        resourceLimits: heap,
      });
    } catch {
      return;
    }
    const slot: Slot = { worker, pending: new Map() };
    worker.on('message', (m: { id: number; checked?: CheckedInput; failed?: string }) => {
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (slot.pending.size === 0) worker.unref();
      if (m.checked) {
        this.stats.onThreads++;
        p.resolve(m.checked);
      } else {
        this.local(p); // the error shows again here, with its stack
      }
    });
    // a worker that fails to load or dies: its files are checked here, the others go on
    const gone = () => this.retire(slot);
    worker.on('error', gone);
    worker.on('exit', gone);
    worker.unref(); // idle, it never keeps the process alive
    this.slots.push(slot);
  }

  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    const left = [...slot.pending.values()];
    slot.pending.clear();
    for (const p of left) this.local(p);
  }

  private local(p: Pending): void {
    this.stats.here++;
    checkSchoolFile(p.path, this.year === undefined ? {} : { year: this.year }).then(p.resolve, p.reject);
  }

  /**
   * Checked on this thread after the ones queued here, each begun from the event loop (setImmediate): a worker's
   * answer waiting there is taken first, so that worker gets its next file without waiting for this thread's.
   */
  private queueHere(p: Pending): void {
    this.herePending++;
    this.hereQueue = this.hereQueue.then(
      () =>
        new Promise<void>((done) =>
          setImmediate(() => {
            this.stats.here++;
            checkSchoolFile(p.path, this.year === undefined ? {} : { year: this.year })
              .then(p.resolve, p.reject)
              .finally(() => {
                this.herePending--;
                done();
              });
          }),
        ),
    );
  }

  /** The file's entry, facts and check, from the least busy worker (or this thread when none is left). */
  check(path: string): Promise<CheckedInput> {
    return new Promise<CheckedInput>((resolve, reject) => {
      const pending: Pending = { path, resolve, reject };
      const slot = this.closed
        ? undefined
        : this.slots.reduce<Slot | undefined>((a, s) => (!a || s.pending.size < a.pending.size ? s : a), undefined);
      if (!slot) {
        this.local(pending);
        return;
      }
      if (this.hereToo && this.herePending < slot.pending.size) {
        this.queueHere(pending);
        return;
      }
      const id = ++this.seq;
      slot.pending.set(id, pending);
      slot.worker.ref(); // an answer is owed: the process must not end before it comes
      slot.worker.postMessage({
        id,
        path,
        ...(this.year === undefined ? {} : { year: this.year }),
      } satisfies ReviewJob);
    });
  }

  /** Ends the workers (an idle one by itself, so it leaves as a thread normally does); anything owed is checked here. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      [...this.slots].map(async (s) => {
        s.worker.removeAllListeners('error');
        s.worker.removeAllListeners('exit');
        s.worker.on('error', () => {});
        const exited = new Promise<void>((resolve) => s.worker.once('exit', () => resolve()));
        if (s.pending.size === 0) {
          s.worker.ref();
          s.worker.postMessage('close');
        } else {
          await s.worker.terminate();
        }
        await exited;
        this.retire(s);
      }),
    );
  }
}
