/**
 * @napi-rs/canvas, loaded on first use without its own scan of the system's fonts (GlobalFonts.loadSystemFonts).
 * What that saves is small, and less than this comment once claimed: on Linux, Skia's font manager
 * (SkFontMgr_New_Custom_Directory over /usr/share/fonts) still reads every font file the first time GlobalFonts is
 * used, which is when render-node.ts ensureChartFont registers our CJK font by path. Measured on this machine with
 * ~80 fonts: module load 30 ms + registration 0.3 ms with the scan, 9 ms + 17 ms without it, so about 4 ms in all
 * (185 rather than 252 font-file opens: loadSystemFonts' second pass is what is skipped). Kept because it is free
 * and changes no pixel: our charts never name a system font, and the canvas's fallback does not reach the scanned
 * fonts either (checked on Linux: a glyph the registered font lacks, Arabic, Thai or CJK Extension B, is an empty
 * box with or without them; tests/charts-render.test.ts draws the demo's charts and such labels both ways and
 * compares the bytes).
 * Its switch is an environment variable the package reads as it loads. It is given to the package on a copy of the
 * environment, swapped in for that moment, and only when the user has not set it (DISABLE_SYSTEM_FONTS_LOAD= with
 * an empty value loads the system fonts as before). Never set in the process's own environment: that is setenv()
 * on this thread, and a report loads the canvas while sharp's threads decode its photos, where libjpeg reads its
 * own variable (getenv "JPEGMEM") at every picture; a getenv that meets setenv moving the environment crashed
 * `qar report` with SIGSEGV (issue #16: rare, found from a core dump, thread in getenv under libvips).
 */
import { createRequire } from 'node:module';
import type * as NapiCanvas from '@napi-rs/canvas';

let loaded: typeof NapiCanvas | undefined;

export function canvasModule(): typeof NapiCanvas {
  if (loaded) return loaded;
  const key = 'DISABLE_SYSTEM_FONTS_LOAD';
  const env = process.env;
  const swap = env[key] === undefined;
  if (swap) process.env = { ...env, [key]: '1' };
  try {
    loaded = createRequire(import.meta.url)('@napi-rs/canvas') as typeof NapiCanvas;
  } finally {
    if (swap) process.env = env;
  }
  return loaded;
}
