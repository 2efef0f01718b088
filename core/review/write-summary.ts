/**
 * Writes a review summary as .xlsx (core/review/xlsx.ts) or .docx (core/review/summary-docx.ts through the
 * report's Word writer), atomically. `qar review` and the API's review.exportSummary both call this.
 * The Word writer (and the image and chart libraries it brings) is loaded only for a .docx: an .xlsx summary of
 * 1 000 schools does not pay for it in start-up time or memory.
 */
import { QarError } from '../errors';
import { writeAtomically } from '../fs/atomic';
import type { ReviewSummary } from './review';
import { writeReviewXlsx } from './xlsx';

export async function writeSummary(s: ReviewSummary, out: string, name?: string): Promise<void> {
  if (/\.xlsx$/i.test(out)) {
    writeAtomically(out, await writeReviewXlsx(s));
    return;
  }
  const [{ nodeDocxDeps }, { writeReportDocx }, { buildReviewReportModel }] = await Promise.all([
    import('../docx/export'),
    import('../docx/write'),
    import('./summary-docx'),
  ]);
  const model = buildReviewReportModel(s, name ? { name } : {});
  const docx = await writeReportDocx(model, {
    assetBytes: () => {
      throw new QarError('NOT_FOUND', '审阅汇总不含图片。');
    },
    renderChart: () => {
      throw new QarError('NOT_FOUND', '审阅汇总不含图表。');
    },
    ...(({ renderChart: _, ...pages }) => pages)(nodeDocxDeps()),
  });
  writeAtomically(out, docx);
}
