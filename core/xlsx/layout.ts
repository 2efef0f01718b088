/**
 * The shape of the indicator workbook, shared by the writer (export.ts) and the reader (import.ts):
 * header texts, the instructions sheet's name, and how a year column's header is written and recognised.
 */
import type { Indicator } from '../framework/schema';
import { decimalsOf, printedNumber, printsWhole } from '../report/format';

export const ID_HEADER = '指标编号';
export const NAME_HEADER = '指标名称';
export const UNIT_HEADER = '单位';
export const NOTE_HEADER = '备注';
export const GUIDE_SHEET = '说明';

/** Marker written in the 备注 column of derived rows (and read nowhere: the importer knows them by formula). */
export const DERIVED_MARK = '自动计算';

/** Texts that mean "known to be missing" (stored as null, shown as 无数据 / — elsewhere in the app). */
export const MISSING_TOKENS: readonly string[] = ['无数据', '—', '——', '–', '-', '--'];

/** Excel number format for an indicator: its decimals, no thousands separator (as the reports print them). */
export function numberFormat(ind: Pick<Indicator, 'decimals'>): string {
  return ind.decimals > 0 ? `0.${'0'.repeat(ind.decimals)}` : '0';
}

/**
 * The number format of one value cell: the decimals the report prints this value with (core/report/format
 * printedNumber), so the workbook shows 218400 and 12800.55 as the grid and the 附表 do, not 218400.00 — the cell
 * keeps the stored number itself. An empty head-count or area cell is General, so a fraction typed into it later
 * shows as typed instead of rounded by a whole-number format.
 */
export function cellNumberFormat(
  ind: Pick<Indicator, 'name' | 'unit' | 'type' | 'decimals'>,
  value: number | undefined,
): string {
  // a unit-less ratio (生师比) shows 15.02:1 as the 附表 prints it; the cell still holds 15.02… (the text is a format)
  const ratio = ind.type === 'ratio' && !ind.unit ? '":1"' : '';
  if (value === undefined || !Number.isFinite(value)) return printsWhole(ind) ? 'General' : numberFormat(ind) + ratio;
  return numberFormat({ decimals: decimalsOf(printedNumber(value, ind)) }) + ratio;
}

export function yearHeader(year: number): string {
  return `${year}年`;
}

/** 2024 / 2024年 / 2024年度 / 2024届 / 「２０２４」 → 2024; anything else → undefined. */
export function parseYearHeader(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 2000 && raw <= 2100 ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const m = /^(\d{4})\s*(年度|年|届)?$/.exec(raw.normalize('NFKC').trim());
  if (!m) return undefined;
  const y = Number(m[1]);
  return y >= 2000 && y <= 2100 ? y : undefined;
}

/** A derived indicator: computed from others, shaded grey in the workbook and ignored on import. */
export function isDerived(ind: Pick<Indicator, 'formula'>): boolean {
  return ind.formula !== undefined && ind.formula.trim() !== '';
}
