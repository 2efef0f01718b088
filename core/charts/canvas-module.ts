/**
 * @napi-rs/canvas, loaded on first use without its scan of the system's fonts. Loading it normally reads every font
 * file the system has (GlobalFonts.loadSystemFonts, 33 ms of a report export's thread here with ~80 fonts; a
 * Windows font folder holds hundreds). Our charts never name a system font: they draw in the CJK font registered by
 * path (render-node.ts ensureChartFont), and the canvas's fallback does not reach the scanned fonts either: checked on
 * Linux, a glyph the registered font lacks (Arabic, Thai, CJK Extension B) is an empty box with or without them. So
 * the scan changes no pixel (tests/charts-render.test.ts draws the demo's charts and such labels both ways and compares
 * the bytes).
 * Its switch is an environment variable read when the module loads: set only for that moment, and only when the
 * user has not set it (DISABLE_SYSTEM_FONTS_LOAD= with an empty value loads the system fonts as before).
 */
import { createRequire } from 'node:module';
import type * as NapiCanvas from '@napi-rs/canvas';

let loaded: typeof NapiCanvas | undefined;

export function canvasModule(): typeof NapiCanvas {
  if (loaded) return loaded;
  const key = 'DISABLE_SYSTEM_FONTS_LOAD';
  const userSet = process.env[key] !== undefined;
  if (!userSet) process.env[key] = '1';
  try {
    loaded = createRequire(import.meta.url)('@napi-rs/canvas') as typeof NapiCanvas;
  } finally {
    if (!userSet) delete process.env[key];
  }
  return loaded;
}
