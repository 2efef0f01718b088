/**
 * When a district figure is 「不适用」: no school gives a value and every school of the level marked the indicator
 * 不适用 that year (the schools said it does not apply; 「—」 would say the data is missing). One rule for the
 * review workbook, the Word summary, the review screen and the district draft. Pure, no imports: the renderer
 * uses it too.
 */
export function notApplicableForAll(
  value: number | null | undefined,
  notApplicableSchools: number | undefined,
  schools: number,
): boolean {
  return (value === null || value === undefined) && schools > 0 && (notApplicableSchools ?? 0) >= schools;
}

/**
 * The 学校数 column of a district figure (the review screen, the workbook, the Word summary): the schools with data
 * that year — `n`, or `n/m` with the level's school count — or, when every school marked the figure 不适用,
 * 「m 校标为不适用」: a bare 0 read as “no school reported”. One rule for the three views.
 */
export function schoolsColumn(
  value: number | null | undefined,
  contributing: number | undefined,
  notApplicableSchools: number | undefined,
  schools: number,
  withTotal = false,
): string | number {
  if (notApplicableForAll(value, notApplicableSchools, schools)) return `${notApplicableSchools} 校标为不适用`;
  const n = contributing ?? 0;
  return withTotal ? `${n}/${schools}` : n;
}
