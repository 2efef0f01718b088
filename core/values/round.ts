/**
 * Rounding a value to an indicator's decimals, ONE way for every view: half-up on the decimal digits as written
 * (94.585 → 94.59, 3.125 → 3.13). `toFixed` alone rounds the binary value (94.585 is 94.58499… → 94.58) and
 * `toLocaleString` rounds half-even in some engines, so the grid, the appendix and a finding could print the
 * same number differently; they all call these.
 */

/** The value with exactly `decimals` places (trailing zeros kept, 「2945.60」); -0.00 prints as 0.00. */
export function fixedDecimals(value: number, decimals: number): string {
  const d = Math.max(0, Math.min(10, Math.trunc(decimals)));
  const abs = Math.abs(value);
  // a whole number (most counts) needs no shift: while abs·10^d is exact, the shift below gives abs back unchanged
  if (Number.isInteger(abs) && abs * 10 ** d <= Number.MAX_SAFE_INTEGER) return (value < 0 ? -abs : abs).toFixed(d);
  // shift by the decimal exponent on the shortest written form, so 1.005e0 is 1005e-3 and rounds to 1.01
  const shifted = String(abs).includes('e') ? abs : Number(`${Math.round(Number(`${abs}e${d}`))}e-${d}`);
  const s = (value < 0 ? -shifted : shifted).toFixed(d);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/** The value rounded to `decimals` places as a number (what a school types, what 按公式重新计算 stores). */
export function roundTo(value: number, decimals: number): number {
  return Number(fixedDecimals(value, decimals));
}
