/**
 * Reviewing schools' files at province scale (`qar review`, the API's review.run): one school at a time — hashed
 * (a worker thread hashes the next files meanwhile), opened read-only, read, validated, reduced to what the
 * summary keeps of it (core/review/review.ts ReviewBuilder), closed and dropped — so memory stays flat with the
 * number of schools and only the per-school rows and findings grow. A file that cannot be used (corrupt, newer,
 * not a .qar, refused by expandInputs) is listed with its reason and never stops the others.
 */
import { HashAhead } from './file-hash';
import { type ExpandedInputs, loadOne, refusedInput } from './load';
import { ReviewBuilder, type ReviewOptions, type ReviewSummary } from './review';

/** Below this many files a hashing thread costs more to start than it saves. */
const HASH_AHEAD_FROM = 8;

export async function reviewFiles(
  paths: readonly string[] & Partial<Pick<ExpandedInputs, 'refused'>>,
  opts: ReviewOptions,
): Promise<ReviewSummary> {
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
