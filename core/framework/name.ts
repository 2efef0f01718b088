/**
 * How a framework is named to a school's editors (the app's notes, the edition banner): its published title, which
 * carries its edition, and its version, not its id (「cn-2025-gaozhi」 means nothing to them):
 * 《职业教育质量年度报告指标框架（2025年度·高等职业学校）》（版本 2025.1）, its title in 书名号 as the review names it
 * (core/review/review.ts describeFrameworkUse). A title without its edition gets it.
 * Pure and import-free, so the renderer names a framework the same way the host's notes do.
 */
import type { Framework } from './schema';

export function frameworkName(fw: Pick<Framework, 'title' | 'edition' | 'version'>): string {
  const edition = fw.title.includes(fw.edition) ? '' : `${fw.edition}，`;
  return `《${fw.title}》（${edition}版本 ${fw.version}）`;
}
