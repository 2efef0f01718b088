/**
 * Worker thread for 导出 Word: builds the report model, renders the charts and writes the .docx off the main
 * thread so the window stays responsive. Opens its own read-only connection to the workspace file.
 * Messages out: { type: 'progress', progress } …, then { type: 'done', result } or { type: 'error', error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReportJob } from '../core/api/context';
import { toApiError } from '../core/api/dispatch';
import { runReportExport } from '../core/host/report-job';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const job = workerData as ReportJob;
  try {
    const result = await runReportExport(job, (progress) => port.postMessage({ type: 'progress', progress }));
    port.postMessage({ type: 'done', result });
  } catch (e) {
    port.postMessage({ type: 'error', error: toApiError(e) });
  }
}

void main();
