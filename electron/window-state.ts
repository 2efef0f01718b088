/**
 * Window size and position, kept in userData/window-state.json between runs.
 * Electron-free: the caller passes the displays' work areas (screen.getAllDisplays()), so the math is tested
 * directly. A saved position on a monitor that is gone is pulled back onto a visible one.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const WindowStateJson = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateJson>;

export const DEFAULT_SIZE = { width: 1360, height: 860 };
export const MIN_SIZE = { width: 960, height: 640 };

/** How much of the window's title bar strip must be on a display for it to count as reachable. */
const MIN_VISIBLE_PX = 80;

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { w: Math.max(0, w), h: Math.max(0, h) };
}

/**
 * The bounds to open with: the saved ones when their top strip is visible on some display, else centred on the
 * primary display (first in `workAreas`); never larger than that display, never smaller than MIN_SIZE.
 */
export function restoreBounds(
  saved: WindowState | null,
  workAreas: readonly Rect[],
): Partial<Rect> & {
  width: number;
  height: number;
} {
  const primary = workAreas[0] ?? { x: 0, y: 0, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  const clampSize = (w: number, h: number) => ({
    width: Math.max(Math.min(w, primary.width), Math.min(MIN_SIZE.width, primary.width)),
    height: Math.max(Math.min(h, primary.height), Math.min(MIN_SIZE.height, primary.height)),
  });
  if (saved && saved.x !== undefined && saved.y !== undefined) {
    const titleStrip = { x: saved.x, y: saved.y, width: saved.width, height: 32 };
    const visible = workAreas.some((a) => {
      const o = overlap(titleStrip, a);
      return o.w >= MIN_VISIBLE_PX && o.h > 0;
    });
    if (visible) {
      const size = clampSize(saved.width, saved.height);
      return { x: saved.x, y: saved.y, ...size };
    }
  }
  const size = clampSize(saved?.width ?? DEFAULT_SIZE.width, saved?.height ?? DEFAULT_SIZE.height);
  return {
    x: Math.round(primary.x + (primary.width - size.width) / 2),
    y: Math.round(primary.y + (primary.height - size.height) / 2),
    ...size,
  };
}

export function loadWindowState(file: string): WindowState | null {
  try {
    const r = WindowStateJson.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(state));
    renameSync(`${file}.tmp`, file);
  } catch (e) {
    console.warn('[window-state] could not save', e);
  }
}
