/**
 * What an export may keep between runs: things derived from content alone (a photo resized for print, a chart
 * drawn at print size, the page facts of a layout probe), looked up by a key that is a hash of everything they
 * were derived from. The writer only sees this interface; core/fs/derived-cache-dir.ts keeps the entries on disk.
 * A miss is never an error: the caller derives the thing again.
 */
import { createHash } from 'node:crypto';

export interface DerivedCache {
  get(kind: CacheKind, key: string): Buffer | undefined;
  put(kind: CacheKind, key: string, data: Buffer): void;
}

export type CacheKind = 'photo' | 'chart' | 'pages';

/**
 * Bumped whenever what an entry holds could change for the same inputs (the photo/chart code, the probe's
 * layout rules): old entries are then simply never asked for again and age out.
 */
export const DERIVED_CACHE_VERSION = 1;

/** sha256 over the parts, each length-prefixed so that ('ab','c') and ('a','bc') differ. */
export function cacheKey(...parts: (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  h.update(`v${DERIVED_CACHE_VERSION}`);
  for (const p of parts) {
    const b = typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
    h.update(`${b.length}:`);
    h.update(b);
  }
  return h.digest('hex');
}
