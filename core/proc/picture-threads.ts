/**
 * The picture threads yield to the writer's thread. An export resizes its photos on libuv's threadpool, where
 * sharp runs libvips with threads of its own: eight or more threads then share two cores with the one thread that
 * lays out the charts and writes the document, and Linux shares CPU per thread, so that thread got a quarter to
 * half of a core until the photos were done, and finished alone afterwards while the photos' threads idled.
 * Lowering the threadpool's priority (a higher nice value, which any process may set on its own threads) lets the
 * writer's thread run whenever it has work; the photos take every cycle it leaves, so they lose nothing but order.
 *
 * Linux only: nice is per thread there, a thread found by its id under /proc/self/task, and libvips' threads
 * inherit the value of the libuv thread that starts them. Elsewhere (Windows, macOS) nothing changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How far the picture threads step back from the writer's thread: enough for it to win a shared core (CFS weight 1024 vs 110). */
export const PICTURE_THREAD_NICE = 10;

/** QAR_PICTURE_NICE=0…19 sets the step (0 leaves the threads as they are: the bench's before/after). */
function niceFromEnv(): number {
  const v = process.env.QAR_PICTURE_NICE;
  const n = v === undefined || v === '' ? PICTURE_THREAD_NICE : Number(v);
  return Number.isInteger(n) && n >= 0 && n <= 19 ? n : PICTURE_THREAD_NICE;
}

/** The ids of this process's libuv threadpool threads and of libvips' threads already started (Linux). */
function pictureThreads(): number[] {
  const ids: number[] = [];
  for (const id of readdirSync('/proc/self/task')) {
    try {
      const name = readFileSync(`/proc/self/task/${id}/comm`, 'utf8').trim();
      if (name === 'libuv-worker' || name.startsWith('libvips')) ids.push(Number(id));
    } catch {
      // the thread ended meanwhile
    }
  }
  return ids;
}

/**
 * Lowers the priority of the threadpool (call once it exists: after something ran on it, such as loading sharp)
 * and of any libvips thread started before; libvips' later threads inherit it. Returns how many threads it
 * lowered. Never throws: priority is an optimisation, not a condition.
 */
export function lowerPictureThreads(step = niceFromEnv()): number {
  if (process.platform !== 'linux' || step === 0) return 0;
  let n = 0;
  try {
    // relative to this thread's own (a process started niced keeps its order: the pictures one step further back)
    const nice = Math.min(19, getPriority() + step);
    for (const tid of pictureThreads()) {
      try {
        setPriority(tid, nice);
        n++;
      } catch {
        // not permitted here (a container policy): leave it
      }
    }
  } catch {
    return n;
  }
  return n;
}
