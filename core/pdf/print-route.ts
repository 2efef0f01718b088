/**
 * The renderer's print-only route: the paged preview of the open workspace and nothing else (renderer/main.tsx).
 * One definition for the page and for the three printers (Chromium in the CLI and browser host, Electron).
 */
export function printRouteHash(year?: number): string {
  return `print${year ? `?year=${year}` : ''}`;
}

/** Reads the route from location.hash: null when the hash is not the print route. */
export function parsePrintRoute(hash: string): { year?: number } | null {
  const m = /^#print(?:\?year=(\d{4}))?$/.exec(hash);
  if (!m) return null;
  return m[1] ? { year: Number(m[1]) } : {};
}
