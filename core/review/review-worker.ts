/**
 * Worker thread of the review pool (core/review/review-pool.ts): checks the schools' files it is sent, one at a
 * time and in the order sent, with core/review/school-check.ts, and answers each with its plain-data result.
 * Messages in: { id, path, year? }, or 'close' (the thread ends once idle); out: { id, checked } or, when the
 * check itself failed, { id, failed }.
 * Its own entry in each build: out/cli/review-worker.mjs (scripts/cli-bundle.mjs), out/main/review-worker.js
 * (electron.vite.config.ts); from sources it runs with tsx's loader (tests, `npm run qar:dev`).
 */
import { parentPort } from 'node:worker_threads';
import { checkSchoolFile } from './school-check';

export interface ReviewJob {
  id: number;
  path: string;
  year?: number;
}

const port = parentPort;
if (port) {
  // one file at a time: a worker never holds two workspaces
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (job: ReviewJob | 'close') => {
    queue = queue.then(async () => {
      if (job === 'close') {
        port.close(); // nothing left to do: the thread ends
        return;
      }
      try {
        const checked = await checkSchoolFile(job.path, job.year === undefined ? {} : { year: job.year });
        port.postMessage({ id: job.id, checked });
      } catch (e) {
        // checkSchoolFile lists a bad file rather than throwing: this is a bug, and the pool checks the file again
        // on its own thread, where the same error surfaces with its stack
        port.postMessage({ id: job.id, failed: e instanceof Error ? e.message : String(e) });
      }
    });
  });
}
