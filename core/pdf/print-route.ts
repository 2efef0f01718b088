/**
 * The renderer's print-only route: the paged preview of the open workspace and nothing else (renderer/main.tsx).
 * One definition for the page and for the three printers (Chromium in the CLI and browser host, Electron).
 * The layout (公文版式/报告版式) travels with it, so a printed PDF has the pages the user chose for the Word file.
 */
import { REPORT_LAYOUTS, type ReportLayoutId } from '../docx/styles';

export interface PrintRoute {
  year?: number;
  /** default 'official' */
  layout?: ReportLayoutId;
}

export function printRouteHash(year?: number, layout?: string): string {
  const q = new URLSearchParams();
  if (year) q.set('year', String(year));
  if (layout && layout !== 'official') q.set('layout', layout);
  const s = q.toString();
  return `print${s ? `?${s}` : ''}`;
}

/** Reads the route from location.hash: null when the hash is not the print route or names no known layout. */
export function parsePrintRoute(hash: string): PrintRoute | null {
  const m = /^#print(?:\?(.*))?$/.exec(hash);
  if (!m) return null;
  const q = new URLSearchParams(m[1] ?? '');
  const out: PrintRoute = {};
  for (const key of q.keys()) if (key !== 'year' && key !== 'layout') return null;
  const year = q.get('year');
  if (year !== null) {
    if (!/^\d{4}$/.test(year)) return null;
    out.year = Number(year);
  }
  const layout = q.get('layout');
  if (layout !== null) {
    const known = REPORT_LAYOUTS.find((id) => id === layout);
    if (!known) return null;
    out.layout = known;
  }
  return out;
}
