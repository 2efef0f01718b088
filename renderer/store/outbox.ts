/**
 * The queue every save of typed work goes through, so nothing typed is lost to a failed save:
 * - a job runs after its debounce (text: 600 ms after the last keystroke) or at once when flushed;
 * - jobs in one lane run in order, one at a time; a newer job with the same key replaces a queued one
 *   (the latest text of a block is what counts);
 * - a job that fails in a way that may pass (the service unreachable, busy, a disk error) stays queued and is
 *   tried again on the backoff schedule (lib/backoff.ts) until it goes through; `retryNow` skips the wait
 *   (the 立即重试 button, the browser coming back online);
 * - a job the workspace refuses (bad input, read-only …) is handed back through `onRefused`, never retried.
 * No store imports: store/saves.ts makes the app's one instance and mirrors its state into the store.
 */
import { isRetryable, retryDelay } from '../lib/backoff';

export interface SaveError {
  code: string;
  message: string;
}

export interface SaveJob<T = unknown> {
  /** jobs with the same key replace each other while queued */
  key: string;
  /** jobs in one lane run in order (default: the key) */
  lane?: string;
  /** where the work is, for the close prompt: 「段落「校企共育…」」 */
  label: string;
  run(): Promise<T>;
  onSaved?(result: T): void;
  onRefused?(error: SaveError): void;
  /** a failure that will be retried (called on each one) */
  onRetry?(error: SaveError): void;
  /** wait this long before running (debounce); 0 = now */
  delayMs?: number;
}

export interface OutboxState {
  /** jobs queued or running */
  pending: number;
  /** the retry being waited for: 1 = the first retry after a failure; 0 = nothing failing */
  attempt: number;
  /** the last failure's message while retrying */
  failure: string | null;
  /** when the next retry runs (ms since epoch), while retrying */
  retryAt: number | null;
}

interface Queued {
  job: SaveJob;
  dueAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

interface Lane {
  running: SaveJob | null;
  queue: Queued[];
}

function asSaveError(e: unknown): SaveError {
  const o = e && typeof e === 'object' ? (e as { code?: unknown; message?: unknown }) : {};
  return {
    code: typeof o.code === 'string' ? o.code : 'INTERNAL',
    message: typeof o.message === 'string' && o.message ? o.message : '保存失败',
  };
}

export interface Outbox {
  enqueue<T>(job: SaveJob<T>): void;
  /** run debounced jobs now (all, or those with this key) */
  flush(key?: string): void;
  /** drop queued jobs with this key (their place is gone, e.g. a deleted block) */
  cancel(key: string): void;
  /** stop waiting for the backoff and try the failed jobs now */
  retryNow(): void;
  /** forget every queued job (the workspace was closed; the journal keeps the unsaved work) */
  clear(): void;
  state(): OutboxState;
  /** labels of the work not saved yet */
  pendingLabels(): string[];
  /** resolves true once nothing is pending, false after `ms` */
  whenIdle(ms: number): Promise<boolean>;
}

export function createOutbox(onChange: (s: OutboxState) => void, now: () => number = Date.now): Outbox {
  const lanes = new Map<string, Lane>();
  let attempt = 0;
  let failure: string | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let retryAt: number | null = null;
  const idleWaiters = new Set<() => void>();

  const pendingCount = () => {
    let n = 0;
    for (const l of lanes.values()) n += l.queue.length + (l.running ? 1 : 0);
    return n;
  };
  const state = (): OutboxState => ({ pending: pendingCount(), attempt, failure, retryAt });
  const publish = () => {
    const s = state();
    onChange(s);
    if (s.pending === 0) for (const w of [...idleWaiters]) w();
  };
  const laneOf = (name: string): Lane => {
    let l = lanes.get(name);
    if (!l) {
      l = { running: null, queue: [] };
      lanes.set(name, l);
    }
    return l;
  };

  const pump = () => {
    if (retryTimer) return; // waiting out the backoff
    const t = now();
    for (const [name, lane] of lanes) {
      if (lane.running) continue;
      const head = lane.queue[0];
      if (!head) {
        lanes.delete(name);
        continue;
      }
      if (head.dueAt > t) continue;
      lane.queue.shift();
      if (head.timer) clearTimeout(head.timer);
      lane.running = head.job;
      void run(lane, head.job);
    }
    publish();
  };

  const scheduleRetry = () => {
    if (retryTimer) return; // several lanes failing in one round are one attempt
    attempt += 1;
    const delay = retryDelay(attempt);
    retryAt = now() + delay;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      retryAt = null;
      pump();
    }, delay);
  };

  const run = async (lane: Lane, job: SaveJob) => {
    try {
      const result = await job.run();
      lane.running = null;
      attempt = 0;
      failure = null;
      job.onSaved?.(result);
    } catch (e) {
      lane.running = null;
      const err = asSaveError(e);
      if (isRetryable(err.code)) {
        // a newer edit with the same key is queued: it carries the latest text, this one is superseded
        if (!lane.queue.some((q) => q.job.key === job.key)) lane.queue.unshift({ job, dueAt: 0, timer: null });
        failure = err.message;
        scheduleRetry();
        job.onRetry?.(err);
      } else {
        job.onRefused?.(err);
        // refused on a retry: if nothing else waits, nothing is failing any more (else the status line would
        // keep saying 正在重试 with nothing to retry)
        if (pendingCount() === 0) {
          if (retryTimer) clearTimeout(retryTimer);
          retryTimer = null;
          retryAt = null;
          attempt = 0;
          failure = null;
        }
      }
    }
    pump();
  };

  return {
    enqueue<T>(typed: SaveJob<T>) {
      const job = typed as SaveJob<unknown>;
      const lane = laneOf(job.lane ?? job.key);
      lane.queue = lane.queue.filter((q) => {
        if (q.job.key !== job.key) return true;
        if (q.timer) clearTimeout(q.timer);
        return false;
      });
      const delay = job.delayMs ?? 0;
      const q: Queued = { job, dueAt: now() + delay, timer: null };
      if (delay > 0) q.timer = setTimeout(pump, delay);
      lane.queue.push(q);
      pump();
    },
    flush(key) {
      for (const lane of lanes.values()) {
        for (const q of lane.queue) {
          if (key !== undefined && q.job.key !== key) continue;
          q.dueAt = 0;
          if (q.timer) clearTimeout(q.timer);
          q.timer = null;
        }
      }
      pump();
    },
    cancel(key) {
      for (const lane of lanes.values()) {
        lane.queue = lane.queue.filter((q) => {
          if (q.job.key !== key) return true;
          if (q.timer) clearTimeout(q.timer);
          return false;
        });
      }
      pump();
    },
    retryNow() {
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      retryAt = null;
      for (const lane of lanes.values()) for (const q of lane.queue) if (!q.timer) q.dueAt = 0;
      pump();
    },
    clear() {
      for (const lane of lanes.values()) for (const q of lane.queue) if (q.timer) clearTimeout(q.timer);
      lanes.clear();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      retryAt = null;
      attempt = 0;
      failure = null;
      publish();
    },
    state,
    pendingLabels() {
      const out: string[] = [];
      for (const l of lanes.values()) {
        if (l.running) out.push(l.running.label);
        for (const q of l.queue) out.push(q.job.label);
      }
      return [...new Set(out)];
    },
    whenIdle(ms) {
      if (pendingCount() === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (ok: boolean) => {
          idleWaiters.delete(onIdle);
          clearTimeout(timer);
          resolve(ok);
        };
        const onIdle = () => done(true);
        const timer = setTimeout(() => done(false), ms);
        idleWaiters.add(onIdle);
      });
    },
  };
}
