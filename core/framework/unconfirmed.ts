/**
 * A row not confirmed as a national-table row ([U], 待核实: editions_and_rows_2026.md): the one rule of "is this row
 * 待核实" and what it is called, for every place that shows it — the grid's tag, the exported workbook's 备注 and
 * sheet head, the 附表 of a school's report and of the district draft (core/report/build.ts unconfirmedEmptyRow).
 * Types only: the renderer imports it.
 */
import type { Indicator } from './schema';

export const UNCONFIRMED_TAG = '待核实';

/** What such a row is (one sentence, no full stop). */
export const UNCONFIRMED_MEANING = '本行是否为国家指标表的行目尚未确认';

/** What the 附表 does with it (the printing rule of core/report/build.ts appendixRows). */
export const UNCONFIRMED_PRINTING = '留空时报告附表不印出，填写后照常印出';

/** Is this row 待核实: its official name (or whether it is an official row at all) is not confirmed. */
export function isUnconfirmedRow(ind: Pick<Indicator, 'confidence'>): boolean {
  return ind.confidence === 'U';
}
