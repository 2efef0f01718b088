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
