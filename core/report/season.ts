/**
 * The report year a school is most likely writing on a given day, for the year fields' defaults (a new workspace,
 * the framework export). A 质量年度报告 covers a calendar year and is written at its end and early in the next:
 * the 2024年度 notice was relayed on 2024-12-05 and a school's kick-off was 2024-12-10; a district's 2025年度 report
 * is dated 2025-12; the 2026年度 notice is expected Nov–Dec 2026 (../shared/domain/editions_and_rows_2026.md E5,
 * inference [U]). So from September the year itself, before it the year before. Only a default: the user picks.
 */
export const SEASON_STARTS_MONTH = 9;

export function likelyReportYear(now: Date = new Date()): number {
  return now.getMonth() + 1 >= SEASON_STARTS_MONTH ? now.getFullYear() : now.getFullYear() - 1;
}
