/**
 * Numbers in cells: shown with the indicator's decimals (85.07, 20109.81), read back from whatever an
 * Excel user types or pastes (1,234.5 / 85.07% / full-width digits). Text that is not a number is refused
 * with a Chinese sentence, never saved.
 */
import type { Indicator } from '../../core/framework/schema';
import { fixedDecimals } from '../../core/values/round';
import { enteredValueProblem } from '../../core/xlsx/number';

/**
 * `fixed` keeps trailing zeros (85.10, 2945.60) so a column of rates or amounts lines up. Rounded as the report
 * and the findings round (core/values/round: half-up on the written digits), so the three print the same number.
 */
export function formatValue(value: number | null | undefined, decimals: number, fixed = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  const s = fixedDecimals(value, Math.max(0, decimals));
  return fixed || !s.includes('.') ? s : s.replace(/\.?0+$/, '');
}

export type ParsedCell = { ok: true; value: number | null } | { ok: false; message: string };

const FULL_WIDTH = /[０-９．，－＋％]/g;

function toHalfWidth(s: string): string {
  return s.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Empty → null (cleared); a number → its value; anything else → a Chinese error. */
export function parseCellInput(raw: string, indicator?: Pick<Indicator, 'type' | 'name'>): ParsedCell {
  const s = toHalfWidth(raw).trim().replace(/[,\s]/g, '');
  if (s === '' || s === '—' || s === '-' || s === '无数据') return { ok: true, value: null };
  const percent = s.endsWith('%');
  const body = percent ? s.slice(0, -1) : s;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) {
    return { ok: false, message: `“${raw.trim().slice(0, 20)}”不是数字，请输入数字，例如 85.07` };
  }
  const value = Number(body);
  if (!Number.isFinite(value)) return { ok: false, message: '数字太大，请检查后重新输入' };
  const problem = enteredValueProblem(value, { type: indicator?.type ?? 'number', name: indicator?.name ?? '' });
  return problem ? { ok: false, message: problem } : { ok: true, value };
}
