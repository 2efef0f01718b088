/**
 * core/values: the one path from stored data to every number. Every origin, conflicts and their tolerance,
 * cycles and the depth bound, missing never 0, the parts a missing value needs, and the two write-back plans
 * (按公式重新计算 and copies that follow an edit).
 */
import { describe, expect, it } from 'vitest';
import type { Framework, Indicator, Rule } from '../core/framework/schema';
import { conflictTolerance } from '../core/values/compile';
import { explainValue } from '../core/values/explain';
import { boundedByWhole, rangeProblem } from '../core/values/range';
import { planFollow, planRecompute } from '../core/values/recompute';
import { IndicatorValues, MAX_DEPTH, roundTo, storedFromRows, valuesOf } from '../core/values/resolve';
import { demoFramework } from '../seeds/demo/index';

type Ind = Partial<Indicator> & Pick<Indicator, 'id'>;

/** A small framework: the six tables' shape is not needed by core/values, only indicators and derived rules. */
function fwOf(inds: Ind[], rules: Partial<Rule>[] = []): Framework {
  const indicators = inds.map((i) => ({
    name: i.id,
    unit: '',
    type: 'number' as const,
    decimals: 2,
    required: false,
    description: '',
    confidence: 'P' as const,
    ...i,
  }));
  return {
    format: 'qar-framework',
    formatVersion: 1,
    id: 'test',
    version: '1',
    edition: '2024年度',
    level: '高职',
    title: 't',
    region: '',
    documents: {},
    tables: [{ id: 'scorecard', name: '表', order: 1, indicators }],
    rules: rules as Rule[],
  } as unknown as Framework;
}

const rows = (o: Record<string, number | null>, year = 2024) =>
  Object.entries(o).map(([indicatorId, value]) => ({ year, indicatorId, value }));

const RATE = fwOf([
  { id: 'placed', type: 'count', decimals: 0 },
  { id: 'total', type: 'count', decimals: 0 },
  { id: 'rate', type: 'percent', decimals: 2, formula: 'placed / total * 100' },
]);

describe('resolve: the origins', () => {
  it('input: the stored value; missing: undefined, never 0 (a stored null is missing too)', () => {
    const v = valuesOf({ values: rows({ placed: 0, total: null }) }, RATE);
    expect(v.resolve('placed', 2024)).toMatchObject({ value: 0, origin: 'input', derived: false, conflict: false });
    expect(v.resolve('total', 2024)).toMatchObject({ value: undefined, origin: 'missing' });
    expect(v.resolve('placed', 2023).value).toBeUndefined();
    // an id the framework does not know is still read as stored
    expect(valuesOf({ values: rows({ other: 5 }) }, RATE).value('other', 2024)).toBe(5);
  });

  it('computed: from the parts, even with no copy stored', () => {
    const r = valuesOf({ values: rows({ placed: 90, total: 100 }) }, RATE).resolve('rate', 2024);
    expect(r).toMatchObject({ value: 90, origin: 'computed', derived: true, computed: 90, stored: undefined });
    expect(r.conflict).toBe(false);
  });

  it('computed wins over a differing stored copy, which is a conflict', () => {
    const r = valuesOf({ values: rows({ placed: 80, total: 100, rate: 90 }) }, RATE).resolve('rate', 2024);
    expect(r).toMatchObject({ value: 80, origin: 'computed', stored: 90, computed: 80, conflict: true });
  });

  it('reported (填报值): parts absent, the stored value is used and marked', () => {
    const r = valuesOf({ values: rows({ rate: 91.5, total: 100 }) }, RATE).resolve('rate', 2024);
    expect(r).toMatchObject({ value: 91.5, origin: 'reported', conflict: false, blocked: 'parts' });
    expect(r.missingParts).toEqual([{ indicatorId: 'placed', year: 2024 }]);
  });

  it('a division by 0 is no value: reported when stored, else missing without parts to blame', () => {
    expect(valuesOf({ values: rows({ placed: 0, total: 0 }) }, RATE).resolve('rate', 2024)).toMatchObject({
      value: undefined,
      origin: 'missing',
      blocked: 'undefined',
      missingParts: [],
    });
    expect(valuesOf({ values: rows({ placed: 0, total: 0, rate: 0 }) }, RATE).resolve('rate', 2024).origin).toBe(
      'reported',
    );
  });

  it('a derived part is itself resolved (computed from its parts), and missing parts are the typeable leaves', () => {
    const fw = demoFramework();
    const parts = {
      grad_total: 1000,
      grad_contract: 600,
      grad_flexible: 200,
      grad_startup: 10,
      grad_further_study: 100,
    };
    const v = valuesOf({ values: rows(parts) }, fw);
    expect(v.resolve('grad_placed', 2024)).toMatchObject({ value: 910, origin: 'computed' });
    expect(v.value('grad_placement_rate', 2024)).toBeCloseTo(91, 12);
    const w = valuesOf({ values: rows({ grad_total: 1000, grad_contract: 600 }) }, fw);
    expect(w.resolve('grad_placement_rate', 2024).missingParts.map((p) => p.indicatorId)).toEqual([
      'grad_flexible',
      'grad_startup',
      'grad_further_study',
    ]);
  });

  it('a 填报值 of a derived part feeds the formulas that read it', () => {
    const fw = demoFramework();
    const v = valuesOf({ values: rows({ grad_placed: 900, grad_total: 1000 }) }, fw);
    expect(v.resolve('grad_placed', 2024).origin).toBe('reported');
    expect(v.resolve('grad_placement_rate', 2024)).toMatchObject({ value: 90, origin: 'computed' });
  });

  it('prev() reads the year before through the same path', () => {
    const fw = fwOf([
      { id: 'n', type: 'count', decimals: 0 },
      { id: 'growth', formula: 'n - prev(n)' },
    ]);
    const v = valuesOf({ values: [...rows({ n: 10 }, 2023), ...rows({ n: 15 }, 2024)] }, fw);
    expect(v.value('growth', 2024)).toBe(5);
    expect(v.resolve('growth', 2023).missingParts).toEqual([{ indicatorId: 'n', year: 2022 }]);
  });

  it('a scope for rule expressions reads resolved values this year and the year before', () => {
    const v = valuesOf({ values: [...rows({ placed: 80, total: 100, rate: 99 }), ...rows({ total: 50 }, 2023)] }, RATE);
    const s = v.scope(2024);
    expect(s.get('rate')).toBe(80);
    expect(s.prev('total')).toBe(50);
  });
});

describe('resolve: conflicts and their tolerance', () => {
  it('half a unit of the last decimal: a copy rounded to the decimals agrees, one unit off conflicts', () => {
    // 2/3 * 100 = 66.666…: 66.67 is the printed value; 66.66 is a truncation (0.0067 off) and conflicts
    const base = { placed: 2, total: 3 };
    expect(valuesOf({ values: rows({ ...base, rate: 66.67 }) }, RATE).resolve('rate', 2024).conflict).toBe(false);
    expect(valuesOf({ values: rows({ ...base, rate: 66.66 }) }, RATE).resolve('rate', 2024).conflict).toBe(true);
    expect(conflictTolerance({ decimals: 2 })).toBe(0.005);
    expect(conflictTolerance({ decimals: 0 })).toBe(0.5);
  });

  it('counts conflict by one', () => {
    const fw = demoFramework();
    const parts = { grad_contract: 600, grad_flexible: 200, grad_startup: 10, grad_further_study: 100 };
    expect(valuesOf({ values: rows({ ...parts, grad_placed: 911 }) }, fw).resolve('grad_placed', 2024).conflict).toBe(
      true,
    );
    expect(valuesOf({ values: rows({ ...parts, grad_placed: 910 }) }, fw).resolve('grad_placed', 2024).conflict).toBe(
      false,
    );
  });

  it("a framework derived rule's wider tolerance wins, so marker, finding and exclusion are one set", () => {
    const fw = fwOf(
      [
        { id: 'placed', type: 'count', decimals: 0 },
        { id: 'total', type: 'count', decimals: 0 },
        { id: 'rate', type: 'percent', decimals: 2, formula: 'placed / total * 100' },
      ],
      [{ kind: 'derived', id: 'derived.rate', indicator: 'rate', tolerance: 0.05 } as Partial<Rule>],
    );
    expect(valuesOf({ values: rows({ placed: 2, total: 3, rate: 66.63 }) }, fw).resolve('rate', 2024).conflict).toBe(
      false,
    );
    expect(valuesOf({ values: rows({ placed: 2, total: 3, rate: 66.6 }) }, fw).resolve('rate', 2024).conflict).toBe(
      true,
    );
  });

  it('conflicts(years) lists exactly the conflicting derived cells', () => {
    const v = valuesOf(
      { values: [...rows({ placed: 8, total: 10, rate: 90 }), ...rows({ placed: 9, total: 10, rate: 90 }, 2023)] },
      RATE,
    );
    expect(v.conflicts([2023, 2024]).map((r) => `${r.year}|${r.indicatorId}`)).toEqual(['2024|rate']);
  });
});

describe('resolve: cycles and the depth bound', () => {
  it('a formula loop has no value and does not hang', () => {
    const fw = fwOf([
      { id: 'a', formula: 'b + 1' },
      { id: 'b', formula: 'a + 1' },
    ]);
    const v = valuesOf({ values: [] }, fw);
    expect(v.resolve('a', 2024)).toMatchObject({ value: undefined, origin: 'missing' });
    // a stored copy of a looping value is a 填报值
    expect(valuesOf({ values: rows({ a: 3 }) }, fw).resolve('b', 2024)).toMatchObject({ value: 4, origin: 'computed' });
  });

  it('a chain deeper than MAX_DEPTH stops there (a hostile file cannot recurse without bound)', () => {
    const n = MAX_DEPTH + 5;
    const inds: Ind[] = [{ id: 'x0' }];
    for (let i = 1; i <= n; i++) inds.push({ id: `x${i}`, formula: `x${i - 1} + 1` });
    const fw = fwOf(inds);
    const v = valuesOf({ values: rows({ x0: 0 }) }, fw);
    expect(v.value(`x${MAX_DEPTH}`, 2024)).toBe(MAX_DEPTH);
    // resolved top-down the chain is cut at the bound instead of recursing further
    expect(new IndicatorValues(fw, storedFromRows(rows({ x0: 0 }))).value(`x${n}`, 2024)).toBeUndefined();
  });
});

describe('range checks shared by the validator and the aggregates', () => {
  it('percent 0–100, counts non-negative integers, others non-negative', () => {
    expect(rangeProblem({ type: 'percent' }, 101.5)).toContain('0～100');
    expect(rangeProblem({ type: 'percent' }, 100)).toBeUndefined();
    expect(rangeProblem({ type: 'count' }, -1)).toContain('负数');
    expect(rangeProblem({ type: 'count' }, 1.5)).toContain('整数');
    expect(rangeProblem({ type: 'money' }, -0.01)).toContain('负数');
    expect(rangeProblem({ type: 'ratio' }, 18)).toBeUndefined();
  });
  it('only additive amounts in the same unit bound a part by its whole', () => {
    expect(boundedByWhole({ type: 'count', unit: '人' }, { type: 'count', unit: '人' })).toBe(true);
    expect(boundedByWhole({ type: 'percent', unit: '%' }, { type: 'percent', unit: '%' })).toBe(false);
    expect(boundedByWhole({ type: 'money', unit: '万元' }, { type: 'money', unit: '元' })).toBe(false);
  });
});

describe('write-back plans', () => {
  it('planRecompute: each conflicting copy becomes the computed value rounded to its decimals', () => {
    const data = [...rows({ placed: 2, total: 3, rate: 50 }), ...rows({ placed: 1, total: 2, rate: 50 }, 2023)];
    expect(planRecompute(RATE, data)).toEqual([{ year: 2024, indicatorId: 'rate', value: 66.67 }]);
    expect(planRecompute(RATE, data, [{ year: 2023, indicatorId: 'rate' }])).toEqual([]);
    expect(roundTo(1.005, 2)).toBe(1.01);
  });

  it('planFollow: a copy that agreed follows the edit; a 填报值 or a conflict is left alone', () => {
    const agreed = rows({ placed: 90, total: 100, rate: 90 });
    expect(planFollow(RATE, agreed, [{ year: 2024, indicatorId: 'total', value: 120 }])).toEqual([
      { year: 2024, indicatorId: 'rate', value: 75 },
    ]);
    // the part cleared: the copy goes too (else the old number would come back as a 填报值)
    expect(planFollow(RATE, agreed, [{ year: 2024, indicatorId: 'placed', value: null }])).toEqual([
      { year: 2024, indicatorId: 'rate', value: null },
    ]);
    const conflicting = rows({ placed: 80, total: 100, rate: 90 });
    expect(planFollow(RATE, conflicting, [{ year: 2024, indicatorId: 'total', value: 120 }])).toEqual([]);
    const reported = rows({ total: 100, rate: 90 });
    expect(planFollow(RATE, reported, [{ year: 2024, indicatorId: 'placed', value: 50 }])).toEqual([]);
    // a cell the edit sets itself is never planned
    expect(planFollow(RATE, agreed, [{ year: 2024, indicatorId: 'rate', value: 10 }])).toEqual([]);
  });

  it('planFollow settles chains: a derived part cleared clears what reads it', () => {
    const fw = demoFramework();
    const parts = {
      grad_total: 1000,
      grad_contract: 600,
      grad_flexible: 200,
      grad_startup: 10,
      grad_further_study: 100,
    };
    const stored = rows({ ...parts, grad_placed: 910, grad_placement_rate: 91 });
    const plan = planFollow(fw, stored, [{ year: 2024, indicatorId: 'grad_contract', value: null }]);
    expect(plan.sort((a, b) => a.indicatorId.localeCompare(b.indicatorId))).toEqual([
      { year: 2024, indicatorId: 'grad_placed', value: null },
      { year: 2024, indicatorId: 'grad_placement_rate', value: null },
    ]);
  });
});

describe('explain', () => {
  it('says where the number comes from, in Chinese', () => {
    const fw = demoFramework();
    const v = valuesOf({ values: rows({ grad_total: 1000, grad_placement_rate: 91 }) }, fw);
    const text = explainValue(v.resolve('grad_placement_rate', 2024), v.vf);
    expect(text).toContain('填报值');
    expect(text).toContain('「协议和合同就业人数」');
    const c = valuesOf({ values: rows({ placed: 8, total: 10, rate: 90 }) }, RATE);
    expect(explainValue(c.resolve('rate', 2024), c.vf)).toContain('按公式重新计算');
  });
});
