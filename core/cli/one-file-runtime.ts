/**
 * Runtime settings for a command that reads one workspace (report, validate, info …), applied by core/cli.ts
 * before the command's modules load; the commands over many files (review, district) keep Node's defaults.
 *
 * libuv's threadpool no larger than the machine's cores (at least 2, at most Node's default of 4): a report's
 * photos queue on it (core/docx/media.ts), and four resizing at once on two cores touched more fresh memory than two
 * did for the same pixels: 0.90–0.96× the CPU time of the seed-003-scale export (paired whole-process runs, issue
 * #16). Read by libuv when the pool first starts, which is after this (module loading does not start it); a value
 * the user set is kept.
 *
 * V8's optimising compiler stays on: without it that export's no-page-pass run took 0.95× the time, but the page
 * estimate that a machine without LibreOffice runs (docx/layout, seconds of JavaScript) took 2.0× (14 → 28 s).
 */
import { availableParallelism } from 'node:os';

export function tuneForOneFile(): void {
  process.env.UV_THREADPOOL_SIZE ??= String(Math.min(4, Math.max(2, availableParallelism())));
}
