/**
 * What the window's layout remembers between sessions on this computer (localStorage): the side panel's width and
 * whether it is open, and the browser host's zoom. Read once at start, written on change; anything unreadable falls
 * back to the defaults (a preference is never worth an error).
 */
export interface LayoutPrefs {
  sideWidth: number;
  sideOpen: boolean;
  zoom: number;
}

const KEY = 'qar.layout';
export const SIDE_MIN = 260;
export const SIDE_MAX = 640;
export const DEFAULT_PREFS: LayoutPrefs = { sideWidth: 360, sideOpen: true, zoom: 1 };

/** Browser zoom steps (as Chromium's), for Ctrl + / Ctrl − in the browser host. */
export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2] as const;

export function clampSide(width: number, windowWidth: number): number {
  // the main pane keeps at least 560 px (the grid's name column and three years)
  const max = Math.max(SIDE_MIN, Math.min(SIDE_MAX, windowWidth - 560));
  return Math.round(Math.min(max, Math.max(SIDE_MIN, width)));
}

/** The next zoom step up (+1) or down (−1) from `zoom`; 0 resets to 100%. */
export function nextZoom(zoom: number, dir: -1 | 0 | 1): number {
  if (dir === 0) return 1;
  const i = ZOOM_STEPS.findIndex((z) => Math.abs(z - zoom) < 0.001);
  const at = i >= 0 ? i : ZOOM_STEPS.indexOf(1);
  return ZOOM_STEPS[Math.min(ZOOM_STEPS.length - 1, Math.max(0, at + dir))] ?? 1;
}

export function loadPrefs(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): LayoutPrefs {
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? '{}') as Partial<Record<keyof LayoutPrefs, unknown>>;
    return {
      sideWidth:
        typeof raw.sideWidth === 'number' && Number.isFinite(raw.sideWidth) ? raw.sideWidth : DEFAULT_PREFS.sideWidth,
      sideOpen: typeof raw.sideOpen === 'boolean' ? raw.sideOpen : DEFAULT_PREFS.sideOpen,
      zoom: typeof raw.zoom === 'number' && (ZOOM_STEPS as readonly number[]).includes(raw.zoom) ? raw.zoom : 1,
    };
  } catch {
    return { ...DEFAULT_PREFS };
  }
}

export function savePrefs(patch: Partial<LayoutPrefs>, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify({ ...loadPrefs(storage), ...patch }));
  } catch {
    // storage full or blocked: the layout just is not remembered
  }
}
