/**
 * Writes a review summary as .xlsx (core/review/xlsx.ts) or .docx (core/review/summary-docx.ts through the
 * report's Word writer), atomically. `qar review` and the API's review.exportSummary both call this.
 * The Word writer (and the image and chart libraries it brings) is loaded only for a .docx: an .xlsx summary of
 * 1 000 schools does not pay for it in start-up time or memory.
 */
import type { ReportDocxDeps } from '../docx/write';
import { QarError } from '../errors';
import { writeAtomically } from '../fs/atomic';
import type { ReviewSummary } from './review';
import { writeReviewXlsx } from './xlsx';

/**
 * For a .docx summary, starts the page pass's LibreOffice now (core/docx/export.ts startPagePassEarly), so that it
 * is ready when the schools are reviewed and the summary laid out; returns what stops it if no summary is written.
 */
export async function startSummaryEarly(out: string): Promise<() => void> {
  if (!/\.docx$/i.test(out)) return () => {};
  const { startPagePassEarly, stopPagePassEarly } = await import('../docx/export');
  startPagePassEarly();
  return stopPagePassEarly;
}

export async function writeSummary(s: ReviewSummary, out: string, name?: string): Promise<void> {
  if (/\.xlsx$/i.test(out)) {
    writeAtomically(out, await writeReviewXlsx(s));
    return;
  }
  writeAtomically(out, await summaryDocx(s, name));
}

/** The summary as .docx, with the page pass of core/docx/export.ts (`more`: what a test adds, e.g. onTocPages). */
export async function summaryDocx(
  s: ReviewSummary,
  name?: string,
  more: Partial<ReportDocxDeps> = {},
): Promise<Buffer> {
  const [{ nodeDocxDeps }, { writeReportDocx }, { buildReviewReportModel }] = await Promise.all([
    import('../docx/export'),
    import('../docx/write'),
    import('./summary-docx'),
  ]);
  const model = buildReviewReportModel(s, name ? { name } : {});
  return writeReportDocx(model, {
    assetBytes: () => {
      throw new QarError('NOT_FOUND', '审阅汇总不含图片。');
    },
    renderChart: () => {
      throw new QarError('NOT_FOUND', '审阅汇总不含图表。');
    },
    ...(({ renderChart: _, ...pages }) => pages)(nodeDocxDeps()),
    // long tables (one row per school): their 续表 parts found in one layout (core/docx/write.ts)
    reserveCaptions: true,
    ...more,
  });
}
