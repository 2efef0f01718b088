/** What tests/helpers/crash-writer.ts and the crash suite agree on. */
import { createHash } from 'node:crypto';

/** The paragraph text of edit step n. */
export const paragraphText = (n: number) => `第 ${n} 次改写。${'正文'.repeat(200)}`;

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** The suite's seeded sequences: the project's one PRNG. */
export { mulberry32 as rng } from '../../seeds/demo/prng';
