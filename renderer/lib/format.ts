/**
 * Numbers in cells: shown with the indicator's decimals (85.07, 20109.81), read back from whatever an
 * Excel user types or pastes (1,234.5 / 85.07% / full-width digits). Text that is not a number is refused
 * with a Chinese sentence, never saved.
 */
import type { Indicator } from '../../core/framework/schema';
import { fixedDecimals } from '../../core/values/round';
import { enteredValueProblem, readNumberText } from '../../core/xlsx/number';

/**
 * `fixed` keeps trailing zeros (85.10, 2945.60) so a column of rates or amounts lines up. Rounded as the report
 * and the findings round (core/values/round: half-up on the written digits), so the three print the same number.
 */
export function formatValue(value: number | null | undefined, decimals: number, fixed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const s = fixedDecimals(value, Math.max(0, decimals));
  return fixed || !s.includes('.') ? s : s.replace(/\.?0+$/, '');
}

/** `taken`: the text was written another way (「15.35:1」) and read as `value`; the grid says so */
export type ParsedCell = { ok: true; value: number | null; taken?: string } | { ok: false; message: string };

/**
 * Empty → null (cleared); a number → its value; anything else → a Chinese error. Read by core/xlsx/number.ts, the
 * reader of a paste and of an Excel import, so a text typed into a cell is taken (or refused) exactly as the same
 * text pasted: 「5%」 in a 元 cell is refused there, and was stored here as 5.
 */
export function parseCellInput(
  raw: string,
  indicator?: Pick<Indicator, 'type' | 'name'> & { unit?: string | undefined; decimals?: number },
): ParsedCell {
  const ind = {
    type: indicator?.type ?? 'number',
    unit: indicator?.unit ?? '',
    name: indicator?.name ?? '',
    ...(indicator?.decimals !== undefined ? { decimals: indicator.decimals } : {}),
  } as const;
  const read = readNumberText(raw, ind);
  if (read.kind === 'empty') return { ok: true, value: null };
  if (read.kind === 'bad') return { ok: false, message: read.reason };
  if (read.value === null) return { ok: true, value: null };
  const problem = enteredValueProblem(read.value, ind);
  if (problem) return { ok: false, message: problem };
  return read.taken ? { ok: true, value: read.value, taken: read.taken } : { ok: true, value: read.value };
}
