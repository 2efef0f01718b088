/**
 * Worker thread for the two file imports (core/host/import-job.ts): an Excel workbook is parsed, a workspace JSON
 * is read, checked and written as a new .qar, off the main process and under the heap cap the main process sets
 * (core/host/worker-job.ts). Messages out: { type: 'done', result } or { type: 'error', error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toApiError } from '../core/api/dispatch';
import { type ImportJob, runImportJob } from '../core/host/import-job';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  try {
    port.postMessage({ type: 'done', result: await runImportJob(workerData as ImportJob) });
  } catch (e) {
    port.postMessage({ type: 'error', error: toApiError(e) });
  }
}

void main();
