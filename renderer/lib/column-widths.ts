/**
 * Widths of the data grid's 单位 and year columns, changed by dragging a header's edge or with ←/→ on it, as in
 * Excel; the 指标 column takes the rest of the width (long names shorten with an ellipsis and show in full on hover).
 * Undefined until the user sizes a column: the table then lays itself out by its content, as before. Remembered on
 * this computer (a view preference, not part of the workspace).
 */
export interface ColumnWidths {
  unit: number;
  year: number;
}
export type ColumnKey = keyof ColumnWidths;

export const DEFAULT_WIDTHS: ColumnWidths = { unit: 72, year: 150 };
const LIMITS: Record<ColumnKey, [number, number]> = { unit: [48, 200], year: [80, 320] };
const KEY = 'qar.grid.columns';

export function clampWidth(col: ColumnKey, px: number): number {
  const [lo, hi] = LIMITS[col];
  return Math.round(Math.min(hi, Math.max(lo, px)));
}

export function loadWidths(): ColumnWidths | undefined {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Record<ColumnKey, unknown>> | null;
    if (!raw || typeof raw !== 'object') return undefined;
    const out = { ...DEFAULT_WIDTHS };
    for (const k of Object.keys(out) as ColumnKey[]) {
      const v = raw?.[k];
      if (typeof v === 'number' && Number.isFinite(v)) out[k] = clampWidth(k, v);
    }
    return out;
  } catch {
    return undefined;
  }
}

/** undefined: back to the table's own layout */
export function saveWidths(w: ColumnWidths | undefined): void {
  try {
    if (w) localStorage.setItem(KEY, JSON.stringify(w));
    else localStorage.removeItem(KEY);
  } catch {
    // storage unavailable: the widths hold until the window closes
  }
}
