/**
 * Writes a review summary as .xlsx (core/review/xlsx.ts) or .docx (core/review/summary-docx.ts through the
 * report's Word writer), atomically. `qar review` and the API's review.exportSummary both call this.
 */
import { nodeDocxDeps } from '../docx/export';
import { writeReportDocx } from '../docx/write';
import { QarError } from '../errors';
import { writeAtomically } from '../fs/atomic';
import type { ReviewSummary } from './review';
import { buildReviewReportModel } from './summary-docx';
import { writeReviewXlsx } from './xlsx';

export async function writeSummary(s: ReviewSummary, out: string, name?: string): Promise<void> {
  if (/\.xlsx$/i.test(out)) {
    writeAtomically(out, await writeReviewXlsx(s));
    return;
  }
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
