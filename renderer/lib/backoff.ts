/**
 * When a failed save is tried again: 1 s, 2 s, 4 s … doubling up to 30 s, for as long as it takes (a typed
 * sentence is never given up on). One client talks to one local service, so there is no herd to spread with
 * jitter, and a fixed schedule is what the status line can promise.
 */
export const RETRY_FIRST_MS = 1000;
export const RETRY_MAX_MS = 30_000;

/** Delay before retry number `attempt` (1 = the first retry). */
export function retryDelay(attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.min(n - 1, 30));
}

/**
 * Errors that say the workspace refused the change (bad input, read-only, gone …): trying again cannot help,
 * so the change is reported instead. Anything else (the service unreachable, busy, a disk error, an internal
 * error) may pass later and is retried.
 */
const REFUSALS: ReadonlySet<string> = new Set([
  'BAD_INPUT',
  'NOT_FOUND',
  'READ_ONLY',
  'FORBIDDEN',
  'TOO_LARGE',
  'CONFLICT',
  'NEWER',
  'CORRUPT',
  'FOREIGN',
  'FRAMEWORK',
  'NO_WORKSPACE',
  'UNKNOWN_METHOD',
  'UNSUPPORTED',
]);

export function isRetryable(code: string | undefined): boolean {
  return !REFUSALS.has(code ?? '');
}
