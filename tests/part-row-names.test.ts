/**
 * 「其中：」 on a table's part rows, one rule for every printed view (core/report/format partRowNames): the schools'
 * 附表, the district draft's 附表, the review's Word summary and the 汇总 screen. The summary printed its parts
 * with an indent only, the 汇总 screen put 「其中：」 on every part, the 附表 on the first part under a whole.
 */
import { describe, expect, it } from 'vitest';
import { builtinFrameworks } from '../core/framework/registry';
import type { Indicator } from '../core/framework/schema';
import { partRowNames } from '../core/report/format';
import { allItems } from '../core/report/model';
import { buildReviewReportModel } from '../core/review/summary-docx';
import { reviewDistrictSet } from './fixtures/review/district-set';
import { makeTempDir } from './helpers/files';

/** The rule the 附表 followed before it was shared, by each row's whole (partOf): kept here as the reference. */
function byWhole(inds: readonly Indicator[]): string[] {
  const byId = new Map(inds.map((i) => [i.id, i]));
  let prevParent: string | undefined;
  return inds.map((ind) => {
    let indent = 0;
    for (let cur: Indicator | undefined = ind; cur?.partOf && byId.has(cur.partOf); indent++)
      cur = byId.get(cur.partOf);
    const first = indent > 0 && ind.partOf !== prevParent;
    prevParent = indent > 0 ? ind.partOf : undefined;
    return first ? `其中：${ind.name}` : ind.name;
  });
}

function depths(inds: readonly Indicator[]): { name: string; indent: number }[] {
  const byId = new Map(inds.map((i) => [i.id, i]));
  return inds.map((ind) => {
    let indent = 0;
    for (let cur: Indicator | undefined = ind; cur?.partOf && byId.has(cur.partOf); indent++)
      cur = byId.get(cur.partOf);
    return { name: ind.name, indent };
  });
}

describe('partRowNames: 「其中：」 opens the first part listed under a whole', () => {
  it('names every table of every built-in framework as the 附表 named them by their wholes', () => {
    let parts = 0;
    for (const fw of builtinFrameworks())
      for (const t of fw.tables) {
        expect(partRowNames(depths(t.indicators)), `${fw.id} ${t.name}`).toEqual(byWhole(t.indicators));
        parts += t.indicators.filter((i) => i.partOf).length;
      }
    expect(parts).toBeGreaterThan(50);
  });

  it('back at a part’s depth after a deeper part opens again; siblings do not', () => {
    const rows = [
      { name: '教职工总数', indent: 0 },
      { name: '专任教师数', indent: 1 },
      { name: '专业课教师数', indent: 2 },
      { name: '“双师型”教师数', indent: 3 },
      { name: '具有研究生学位的专任教师数', indent: 1 },
      { name: '行业企业兼职教师数', indent: 0 },
      { name: '甲', indent: 1 },
      { name: '乙', indent: 1 },
    ];
    expect(partRowNames(rows)).toEqual([
      '教职工总数',
      '其中：专任教师数',
      '其中：专业课教师数',
      '其中：“双师型”教师数',
      '其中：具有研究生学位的专任教师数',
      '行业企业兼职教师数',
      '其中：甲',
      '乙',
    ]);
  });

  it('the review’s Word summary names its 汇总 rows the same way', async () => {
    const tmp = makeTempDir('qar-part-rows-');
    try {
      const { summary } = await reviewDistrictSet(tmp.dir);
      const agg = Object.values(summary.aggregates).find((a) => a?.rows.some((r) => r.indent > 0));
      expect(agg, 'a level with part rows').toBeDefined();
      const names = partRowNames(agg!.rows);
      const tables = allItems(buildReviewReportModel(summary)).filter((i) => i.kind === 'table');
      const printed = new Set(tables.flatMap((t) => (t.kind === 'table' ? t.rows.map((r) => r[0]?.trim()) : [])));
      const withQizhong = names.filter((n) => n.startsWith('其中：'));
      expect(withQizhong.length).toBeGreaterThan(0);
      for (const n of withQizhong) expect(printed, n).toContain(n);
    } finally {
      tmp.cleanup();
    }
  });
});
