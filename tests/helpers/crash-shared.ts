/** What tests/helpers/crash-writer.ts and the crash suite agree on. */
import { createHash } from 'node:crypto';

/** The paragraph text of edit step n. */
export const paragraphText = (n: number) => `第 ${n} 次改写。${'正文'.repeat(200)}`;

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** mulberry32: the same seed gives the same sequence. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
