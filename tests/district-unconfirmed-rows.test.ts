/**
 * The district draft's 附表 follows the schools' own rule for a row not confirmed as a national-table row ([U],
 * 待核实): while no school filled it, it is not printed as an official row reading 「—」; once one did, it prints
 * with the district value (core/report/build.ts unconfirmedEmptyRow, used by both).
 */
import { describe, expect, it } from 'vitest';
import { getFramework } from '../core/framework/registry';
import type { IndicatorValue } from '../core/model';
import { buildDistrictFramework, districtAppendix } from '../core/review/district';

const at = '2026-11-30T00:00:00.000Z';
const value = (indicatorId: string, year: number, v: number | null, extra: Partial<IndicatorValue> = {}) => ({
  indicatorId,
  year,
  value: v,
  note: '',
  source: '',
  updatedAt: at,
  ...extra,
});

const rowNames = (values: IndicatorValue[]) =>
  districtAppendix({ values }, fw, 2026)
    .filter((t) => t.label.startsWith('附表 1-'))
    .flatMap((t) => t.rows.map((r) => r.name));

const fw = buildDistrictFramework({ 高职: getFramework('cn-2026-gaozhi') });

describe('district 附表 and 待核实 rows', () => {
  it('leaves out a [U] row no school filled, and prints it once the district has a value or a 不适用 mark', () => {
    const base = [value('gz_teachers_fulltime', 2026, 706), value('gz_teachers_fulltime', 2025, 668)];
    const empty = rowNames(base);
    // the confirmed row prints; the three [U] rows the 2025 edition added do not
    expect(empty.some((n) => n.includes('专任教师数'))).toBe(true);
    expect(empty.filter((n) => /具有高级专业技术职务|年生均财政专项经费/.test(n))).toEqual([]);
    const filled = rowNames([...base, value('gz_teachers_senior', 2026, 212)]);
    expect(filled.filter((n) => n.includes('具有高级专业技术职务的专任教师数'))).toHaveLength(1);
    const marked = rowNames([
      ...base,
      value('gz_special_funding_per_student', 2026, null, { notApplicable: true, note: '2 所学校均标为不适用' }),
    ]);
    expect(marked.filter((n) => n.includes('年生均财政专项经费'))).toHaveLength(1);
  });
});
