/**
 * Turns off zod's JIT (core/cli.ts says when and why). Its own module so core/cli.ts can load it after the compile
 * cache is on, by a dynamic import of this file rather than of 'zod': a dynamic import of 'zod' itself would carry
 * every export of zod into the bundle, where static imports keep only what is used.
 */
import { config } from 'zod';

export function zodJitless(): void {
  config({ jitless: true });
}
