/**
 * Two schools' files for a 区县审核 e2e test: 甲职业技术学院, and one with a long name (LONG_SCHOOL) whose 专职辅导员
 * ratio breaks 1:200, so national.counselors is 未通过 there: a matrix cell with findings and a 依据.
 */
import { join } from 'node:path';
import { writeExportAsWorkspace } from '../../core/service';
import { buildDemoExport } from '../../seeds/demo/index';

export const LONG_SCHOOL = '某某省某某市某某区某某某某经济技术开发区职业技术学院（某某某校区）';

/** writes 甲职业技术学院.qar and `${LONG_SCHOOL}.qar` into `dir` (which must exist) */
export async function writeReviewSchools(dir: string): Promise<void> {
  const demo = await buildDemoExport();
  const a = structuredClone(demo);
  a.profile = { ...a.profile, name: '甲职业技术学院', code: 'A001' };
  const b = structuredClone(demo);
  b.profile = { ...b.profile, name: LONG_SCHOOL, code: 'B001' };
  const counselors = b.values.find((v) => v.indicatorId === 'counselors' && v.year === 2024);
  if (!counselors) throw new Error('demo has no counselors value');
  counselors.value = 2; // 1:200 broken → national.counselors 未通过
  writeExportAsWorkspace(a, join(dir, '甲职业技术学院.qar'));
  writeExportAsWorkspace(b, join(dir, `${LONG_SCHOOL}.qar`));
}
