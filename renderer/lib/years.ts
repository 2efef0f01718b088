/**
 * The year columns of the grid: every year the workspace has up to the report year, and always the report year
 * and the two before it (the 3-year tables of the report), oldest first.
 */
export function yearsOf(reportYear: number, years: readonly { year: number }[]): number[] {
  const ys = new Set(years.map((y) => y.year).filter((y) => y <= reportYear));
  for (const y of [reportYear - 2, reportYear - 1, reportYear]) ys.add(y);
  return [...ys].sort((a, b) => a - b);
}

/** A year that may be added: a whole year 2000–2100 not in the workspace yet; else the Chinese reason. */
export function checkNewYear(text: string, existing: readonly number[], reportYear: number): number | string {
  const y = Number(text.trim());
  if (!/^\d{4}$/.test(text.trim()) || !Number.isInteger(y) || y < 2000 || y > 2100) {
    return '请填写 2000–2100 之间的四位年份，例如 2021';
  }
  if (existing.includes(y)) return `已有${y}年度`;
  if (y > reportYear) return `不能晚于报告年度（${reportYear}年）`;
  return y;
}
