/**
 * Reviewing schools' files at province scale (`qar review`, the API's review.run): each school is hashed, opened
 * read-only, read, validated and reduced to what the summary keeps of it (core/review/review.ts ReviewBuilder),
 * then its workspace is dropped — so memory stays flat with the number of schools and only the per-school rows and
 * findings grow. A file that cannot be used (corrupt, newer, not a .qar, refused by expandInputs) is listed with
 * its reason and never stops the others.
 *
 * With the schools' own frameworks (no `resolveFramework` given: what the CLI and the app do), the schools are
 * read and checked on worker threads (core/review/review-pool.ts: one per core on 4 or more cores; on 2–3, one
 * thread and this one), a few files ahead, and added to the summary here in the order given: the summary is the
 * same as checking them one after the other on this thread (tests/review-pool.test.ts). A caller's own `resolveFramework` (a function cannot cross to a thread)
 * checks them here one at a time, a worker hashing the next files meanwhile.
 */
import { availableParallelism } from 'node:os';
import { outlineOf, resolveSchoolFramework } from '../framework/resolve';
import { HashAhead } from './file-hash';
import { type ExpandedInputs, loadOne, refusedInput } from './load';
import { type CheckedInput, ReviewBuilder, type ReviewOptions, type ReviewSummary } from './review';
import { defaultReviewThreads, ONE_WORKER_HEAP, ReviewPool } from './review-pool';
import { checkSchoolFile } from './school-check';

/** Below this many files a hashing thread costs more to start than it saves. */
const HASH_AHEAD_FROM = 8;
/**
 * Below this many files the checking threads are not started. Threads cost CPU of their own (each loads the
 * program, ~0.5 s; their capped heaps collect more often): in all, a review on two threads took ~1.3–1.4× the CPU
 * time of one at a time. On this 2-core machine with others at work (load ~2), paired runs were slower with the
 * threads at 100 and 400 schools (1.18×, 1.10×) and faster only at 1 000 (0.94×): `npm run bench -- review`.
 */
const POOL_FROM = 500;
/**
 * …and not on fewer cores than this. On 2 cores the threads' extra CPU outweighs the second core: quiet paired runs
 * at 1 000 schools were 0.94× at best, and 1.2–1.35× slower under load (13:28 run: 18.4–20.4 s against 13.7–15.3 s
 * one at a time, 1.3× the CPU). With 4 or more cores there is room for it; not measured here (this machine has 2).
 */
const POOL_MIN_CORES = 4;
/**
 * On 2–3 cores, from this many files: one checking thread, and this thread checks schools too (it gathers them
 * anyway). One worker's start (~0.5 s of CPU) is all it adds, and both cores check; in all it takes ~1.2× the CPU
 * of one at a time. Whole `qar review` runs paired on this 2-core machine against one at a time: 1 000 schools
 * 0.82–0.93 (medians of four bench runs); 400: 0.90, 0.95; 200: 0.95 (0.92–1.06, 5 pairs); 100: 0.99 (0.96–1.12,
 * 5 pairs), no gain for the extra CPU and memory, so not there.
 */
const SHARED_FROM = 200;
/** Files in flight per thread: the next one is queued when a thread finishes one, so no thread waits for work. */
const AHEAD_PER_THREAD = 2;

export type ReviewFilesOptions = Omit<ReviewOptions, 'resolveFramework' | 'outlineOf'> &
  Partial<Pick<ReviewOptions, 'resolveFramework' | 'outlineOf'>> & {
    /** threads that check schools (schools' own frameworks only), 0: all on this thread; default by the number of
     *  files and cores (reviewThreads) */
    threads?: number;
    /** with threads, this thread checks schools too (default: on fewer than POOL_MIN_CORES cores) */
    hereToo?: boolean;
  };

type Paths = readonly string[] & Partial<Pick<ExpandedInputs, 'refused'>>;

/** How a review of `files` files is shared out on `cores` cores, when the caller does not say. */
export function reviewThreads(files: number, cores: number): { threads: number; hereToo: boolean } {
  if (cores >= POOL_MIN_CORES) return { threads: files >= POOL_FROM ? defaultReviewThreads() : 0, hereToo: false };
  return cores >= 2 && files >= SHARED_FROM ? { threads: 1, hereToo: true } : { threads: 0, hereToo: false };
}

/**
 * QAR_REVIEW_THREADS=0…8 sets the number of checking threads whatever the number of files (0: all on the calling
 * thread), and QAR_REVIEW_HERE=0|1 whether this thread checks too, so every way can be measured with one build;
 * anything else is ignored.
 */
function fromEnv(): { threads?: number; hereToo?: boolean } {
  const t = process.env.QAR_REVIEW_THREADS;
  const h = process.env.QAR_REVIEW_HERE;
  return {
    ...(t !== undefined && /^[0-8]$/.test(t) ? { threads: Number(t) } : {}),
    ...(h === '0' || h === '1' ? { hereToo: h === '1' } : {}),
  };
}

export async function reviewFiles(paths: Paths, opts: ReviewFilesOptions): Promise<ReviewSummary> {
  const { resolveFramework, outlineOf: outline, threads, hereToo, ...rest } = opts;
  if (resolveFramework)
    return reviewHere(paths, { ...rest, resolveFramework, ...(outline ? { outlineOf: outline } : {}) });
  const builder = new ReviewBuilder({ ...rest, resolveFramework: resolveSchoolFramework, outlineOf });
  const open = paths.filter((p) => !paths.refused?.has(p));
  const env = fromEnv();
  const auto = reviewThreads(open.length, availableParallelism());
  const n = threads ?? env.threads ?? auto.threads;
  const here = hereToo ?? env.hereToo ?? (threads === undefined && env.threads === undefined && auto.hereToo);
  const pool = n > 0 ? ReviewPool.start(n, rest.year, n === 1 ? ONE_WORKER_HEAP : undefined, here) : null;
  const hasher = !pool && open.length >= HASH_AHEAD_FROM ? new HashAhead(open) : undefined;
  const check = (p: string): Promise<CheckedInput> => {
    const refused = paths.refused?.get(p);
    if (refused) return Promise.resolve(refusedInput(p, refused));
    if (pool) return pool.check(p);
    return checkSchoolFile(p, {
      ...(rest.year === undefined ? {} : { year: rest.year }),
      ...(hasher ? { hasher } : {}),
    });
  };
  try {
    // a few files ahead on the threads, taken in the order given
    const ahead = pool ? (n + (here ? 1 : 0)) * AHEAD_PER_THREAD : 0;
    const started: Promise<CheckedInput>[] = [];
    let next = 0;
    for (let i = 0; i < paths.length; i++) {
      while (next < paths.length && next <= i + ahead) {
        const c = check(paths[next++] as string);
        c.catch(() => {}); // awaited in its turn below; until then a failure must not count as unhandled
        started.push(c);
      }
      builder.addChecked(await (started[i] as Promise<CheckedInput>));
      started[i] = undefined as unknown as Promise<CheckedInput>; // dropped once added
    }
  } finally {
    await Promise.all([pool?.close(), hasher?.close()]);
  }
  return builder.finish();
}

/** One school at a time on this thread with the caller's framework lookup. */
async function reviewHere(paths: Paths, opts: ReviewOptions): Promise<ReviewSummary> {
  const builder = new ReviewBuilder(opts);
  const open = paths.filter((p) => !paths.refused?.has(p));
  const hasher = open.length >= HASH_AHEAD_FROM ? new HashAhead(open) : undefined;
  try {
    for (const p of paths) {
      const refused = paths.refused?.get(p);
      builder.add(refused ? refusedInput(p, refused) : await loadOne(p, hasher ? { hasher } : {}));
    }
  } finally {
    await hasher?.close();
  }
  return builder.finish();
}
