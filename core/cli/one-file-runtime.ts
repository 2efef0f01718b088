/**
 * Runtime settings for a command that reads one workspace and ends within seconds (report, validate, info …),
 * applied by core/cli.ts before the command's modules load. Both were measured on the seed-003-scale report
 * (`qar report --charts png`, no page pass, paired whole-process runs on the 2-core machine, issue #16); the
 * commands over many files (review, district) keep Node's defaults, since they run long enough for both to pay.
 *
 * - No optimising compiler (TurboFan): a run of 1.5 s ends before most optimised code pays for its compiling,
 *   which runs on background threads beside the photos' resizing on a 2-core machine: 0.92× the CPU time and
 *   0.95× the wall time (6 pairs). The same JavaScript runs, in V8's interpreter and baseline tiers.
 * - libuv's threadpool no larger than the machine's cores (at least 2, at most Node's default of 4): the photos
 *   queue on it (core/docx/media.ts), and four resizing at once on two cores touched more fresh memory than two did
 *   for the same pixels: 0.90–0.96× the CPU time. Read by libuv when the pool first starts, which is after this
 *   (module loading does not start it); a value the user set is kept.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

export function tuneForOneFile(): void {
  process.env.UV_THREADPOOL_SIZE ??= String(Math.min(4, Math.max(2, availableParallelism())));
  // before any of the command's code has run hot enough to be optimised
  setFlagsFromString('--no-turbofan');
}
