/**
 * How charts go into the .docx, on its own: `qar report`'s argument rules (core/cli/report-args.ts) are read before
 * the report's head start begins its photos, and chart-choice.ts brings the chart rules, the values and the
 * workspace schemas with it (about 30 ms of loading that held the photos back; issue #16).
 */

/** Native Word charts where they print right (default), or pictures. */
export type ChartExportMode = 'native' | 'png';
export const CHART_EXPORT_MODES: readonly ChartExportMode[] = ['native', 'png'];
