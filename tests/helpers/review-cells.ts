/** Every sheet's cell values of a review summary workbook, written and read back (for "same cells" checks). */
import ExcelJS from 'exceljs';
import type { ReviewSummary } from '../../core/review/review';
import { writeReviewXlsx } from '../../core/review/xlsx';

export async function sheetValues(s: ReviewSummary): Promise<Record<string, unknown[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writeReviewXlsx(s)) as unknown as ArrayBuffer);
  return Object.fromEntries(wb.worksheets.map((ws) => [ws.name, ws.getSheetValues()]));
}
