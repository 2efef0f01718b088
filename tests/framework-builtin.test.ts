import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { QarError } from '../core/errors';
import { evaluate, identifiersOf, parseExpr } from '../core/framework/expr';
import { builtinFrameworks, frameworkFor, getFramework } from '../core/framework/registry';
import { allIndicators, type Framework, type Rule } from '../core/framework/schema';

const TABLE_NAMES = {
  scorecard: '人才培养质量计分卡',
  satisfaction: '满意度调查表',
  resources: '教学资源表',
  service: '服务贡献表',
  international: '国际影响表',
  policy: '落实政策表',
};

/** Every indicator id a rule reads or points at. */
function ruleRefs(r: Rule): string[] {
  const out: string[] = [];
  const expr = (s: string | undefined) => {
    if (s) out.push(...identifiersOf(parseExpr(s)));
  };
  expr(r.when);
  switch (r.kind) {
    case 'completeness':
    case 'yoy':
      out.push(...r.indicators);
      break;
    case 'range':
    case 'derived':
      out.push(r.indicator);
      break;
    case 'consistency':
      expr(r.expr);
      break;
    case 'threshold':
    case 'target':
      expr(r.expr);
      out.push(r.indicator);
      break;
    case 'narrative':
      out.push(...r.indicators, ...Object.keys(r.aliases));
      break;
    case 'structure':
      break;
  }
  return out;
}

/** Computes every derived indicator from the inputs, in dependency order. */
function withDerived(fw: Framework, inputs: Record<string, number>): Map<string, number> {
  const values = new Map(Object.entries(inputs));
  const pending = allIndicators(fw).filter((i) => i.formula);
  for (let pass = 0; pass < 5; pass++) {
    for (const ind of pending) {
      const v = evaluate(parseExpr(ind.formula as string), { get: (id) => values.get(id), prev: () => undefined });
      if (typeof v === 'number') values.set(ind.id, v);
    }
  }
  return values;
}

describe('builtin frameworks', () => {
  // the school reports' frameworks (企业年报 has its own small set: tests/editions.test.ts)
  const fws = builtinFrameworks().filter((f) => f.kind === '学校年报');

  it('ships the 2024–2026年度 高职 and 中职 frameworks', () => {
    expect(fws.map((f) => f.id)).toEqual([
      'cn-2024-gaozhi',
      'cn-2024-zhongzhi',
      'cn-2025-gaozhi',
      'cn-2025-zhongzhi',
      'cn-2026-gaozhi',
      'cn-2026-zhongzhi',
    ]);
    for (const fw of fws) {
      expect(fw.edition).toBe(`${fw.id.slice(3, 7)}年度`);
      expect(fw.tables.map((t) => [t.id, t.name])).toEqual(Object.entries(TABLE_NAMES));
      const n = allIndicators(fw).length;
      expect(n).toBeGreaterThanOrEqual(50);
      expect(n).toBeLessThanOrEqual(90);
    }
  });

  it('every rule reference and citation resolves', () => {
    for (const fw of fws) {
      const ids = new Set(allIndicators(fw).map((i) => i.id));
      for (const r of fw.rules) {
        for (const ref of ruleRefs(r)) expect(ids.has(ref), `${fw.id} ${r.id} -> ${ref}`).toBe(true);
        if (r.citation) expect(fw.documents[r.citation.doc], `${fw.id} ${r.id}`).toBeDefined();
      }
      for (const i of allIndicators(fw)) {
        if (i.citation) expect(fw.documents[i.citation.doc], i.id).toBeDefined();
        if (i.partOf) expect(ids.has(i.partOf), i.id).toBe(true);
      }
    }
  });

  it('every national standard and provincial target cites its source', () => {
    for (const fw of fws) {
      for (const r of fw.rules.filter((x) => x.kind === 'threshold' || x.kind === 'target')) {
        expect(r.citation, r.id).toBeDefined();
        expect((r.citation?.quote ?? '').length, r.id).toBeGreaterThan(4);
      }
      const targets = fw.rules.filter((r) => r.kind === 'target');
      expect(targets.length).toBeGreaterThan(0);
      for (const t of targets) if (t.kind === 'target') expect(t.deadline).toBeGreaterThanOrEqual(2025);
    }
  });

  it('[U] rules ship switched off and say 待核实', () => {
    let unconfirmed = 0;
    for (const fw of fws) {
      for (const r of fw.rules.filter((x) => x.confidence === 'U')) {
        unconfirmed++;
        expect(r.enabled, r.id).toBe(false);
        expect(r.title, r.id).toContain('待核实');
        if (r.message) expect(r.message, r.id).toContain('待核实');
      }
      for (const i of allIndicators(fw).filter((x) => x.confidence === 'U')) {
        expect(i.description, i.id).toContain('待核实');
      }
    }
    expect(unconfirmed).toBeGreaterThan(5);
  });

  it('graduate indicators are required only in years with graduates', () => {
    for (const fw of fws) {
      const byId = new Map(allIndicators(fw).map((i) => [i.id, i]));
      for (const id of ['grad_total', 'grad_placement_rate', 'grad_contract', 'grad_monthly_income', 'sat_graduates']) {
        // 中职 from 2025: the monthly income row has no table source for 中职, so it is optional and 待核实
        if (id === 'grad_monthly_income' && fw.level === '中职' && fw.edition !== '2024年度') {
          expect(byId.get(id)).toMatchObject({ required: false, confidence: 'U' });
          continue;
        }
        expect(byId.get(id)?.required, `${fw.id} ${id}`).toBe('graduates');
      }
      expect(byId.get('students_fulltime')?.required).toBe(true);
    }
  });

  it('高职 carries the national key-element thresholds with their values', () => {
    const fw = getFramework('cn-2024-gaozhi');
    const rule = (id: string) => fw.rules.find((r) => r.id === id);
    expect(rule('national.student_teacher_ratio')).toMatchObject({
      expr: 'student_teacher_ratio <= 18',
      enabled: true,
    });
    expect(rule('national.dual_teacher_rate')).toMatchObject({ expr: 'teachers_dual >= 0.5 * teachers_professional' });
    expect(rule('national.ideology_teachers')).toMatchObject({ expr: 'teachers_ideology * 350 >= students_fulltime' });
    expect(rule('national.counselors')).toMatchObject({ expr: 'counselors * 200 >= students_fulltime' });
    expect(rule('national.mental_health_min')).toMatchObject({ expr: 'teachers_mental_health >= 2' });
    expect(rule('std2004.engineering.books_per_student')).toMatchObject({
      categories: ['工科', '农林'],
      reference: 60,
    });
    expect(rule('std2004.sports.books_per_student')).toMatchObject({ enabled: false, confidence: 'U' });
    expect(rule('cq.dual_teacher_rate_2027')).toMatchObject({ kind: 'target', deadline: 2027, reference: 70 });
  });

  it('a plausible 高职 school passes the enabled standards and a weak one fails them', () => {
    const fw = getFramework('cn-2024-gaozhi');
    const good = {
      students_fulltime: 9000,
      students_equivalent: 9200,
      staff_total: 700,
      teachers_fulltime: 560,
      teachers_professional: 400,
      teachers_dual: 260,
      teachers_practice_month: 400,
      teachers_postgrad: 300,
      teachers_parttime: 150,
      teachers_total: 620,
      teachers_ideology: 30,
      counselors: 50,
      teachers_mental_health: 4,
      total_hours: 2700,
      practice_hours: 1450,
      public_basic_hours: 700,
      elective_hours: 300,
      programme_hours_min: 2560,
      equipment_value: 4500,
      new_equipment_value: 500,
      books: 750000,
      teaching_admin_area: 160000,
    };
    const values = withDerived(fw, good);
    const scope = { get: (id: string) => values.get(id), prev: () => undefined };
    const standards = fw.rules.filter(
      (r): r is Extract<Rule, { kind: 'threshold' }> =>
        r.kind === 'threshold' && r.enabled && (r.categories.length === 0 || r.categories.includes('工科')),
    );
    expect(standards.length).toBeGreaterThan(10);
    for (const r of standards) {
      expect(evaluate(parseExpr(r.expr), scope), r.id).toBe(true);
    }
    const weak = withDerived(fw, { ...good, teachers_dual: 150, teachers_total: 450, teachers_mental_health: 1 });
    const weakScope = { get: (id: string) => weak.get(id), prev: () => undefined };
    const failed = standards.filter((r) => evaluate(parseExpr(r.expr), weakScope) === false).map((r) => r.id);
    expect(failed).toEqual(
      expect.arrayContaining([
        'national.student_teacher_ratio',
        'national.dual_teacher_rate',
        'national.mental_health_min',
      ]),
    );
  });

  it('graduate destinations must add up exactly', () => {
    for (const fw of fws) {
      const r = fw.rules.find((x) => x.id === 'consistency.grad_destinations_sum');
      if (r?.kind !== 'consistency') throw new Error('missing rule');
      expect(r.tolerance).toBe(0);
      const node = parseExpr(r.expr);
      const parts = {
        grad_contract: 500,
        grad_flexible: 120,
        grad_startup: 10,
        grad_further_study: 300,
        grad_unplaced: 70,
      };
      const ok = new Map(Object.entries({ ...parts, grad_total: 1000 }));
      expect(evaluate(node, { get: (id) => ok.get(id), prev: () => undefined }, { tolerance: 0 })).toBe(true);
      const off = new Map(Object.entries({ ...parts, grad_total: 1001 }));
      expect(evaluate(node, { get: (id) => off.get(id), prev: () => undefined }, { tolerance: 0 })).toBe(false);
    }
  });

  it('中职 carries the 达标工程 and 设置标准 items', () => {
    const fw = getFramework('cn-2024-zhongzhi');
    const refs = Object.fromEntries(
      fw.rules.filter((r) => r.kind === 'threshold').map((r) => [r.id, r.kind === 'threshold' ? r.reference : 0]),
    );
    expect(refs).toMatchObject({
      'dabiao.land_area': 40000,
      'dabiao.land_per_student': 33,
      'dabiao.building_area': 24000,
      'dabiao.building_per_student': 20,
      'dabiao.teachers_fulltime': 60,
      'dabiao.student_teacher_ratio': 20,
      'dabiao.equipment_value': 300,
      'dabiao.equipment_per_student': 2500,
      'dabiao.books_per_student': 30,
      'setting.students': 1200,
      'setting.dual_teachers': 30,
    });
    // higher-education staffing ratios do not apply to 中职
    expect(fw.rules.some((r) => r.id === 'national.ideology_teachers')).toBe(false);
  });

  it('every indicator with a formula has a derived rule, every derived rule a formula', () => {
    for (const fw of fws) {
      const withFormula = allIndicators(fw)
        .filter((i) => i.formula)
        .map((i) => i.id)
        .sort();
      const derived = fw.rules
        .filter((r) => r.kind === 'derived')
        .map((r) => (r.kind === 'derived' ? r.indicator : ''))
        .sort();
      expect(derived).toEqual(withFormula);
    }
  });

  // The seeds live beside the repository on the development machines, not in it; where they are absent the
  // line-range check has nothing to read.
  const SEEDS = join(import.meta.dirname, '..', '..', 'shared', 'seeds');
  it.skipIf(!existsSync(SEEDS))('seed citations point at existing lines', () => {
    const lengths = new Map<string, number>();
    for (const fw of fws) {
      const cites = [...allIndicators(fw).map((i) => i.citation), ...fw.rules.map((r) => r.citation)];
      for (const c of cites) {
        if (!c?.seed) continue;
        const [file, lines] = c.seed.split(':') as [string, string];
        if (!lengths.has(file)) lengths.set(file, readFileSync(join(SEEDS, file), 'utf8').split('\n').length);
        const max = Math.max(...lines.split(/[,-]/).map(Number));
        expect(max, c.seed).toBeLessThanOrEqual(lengths.get(file) as number);
      }
    }
    expect(lengths.size).toBeGreaterThanOrEqual(2);
  });
});

describe('registry lookups', () => {
  it('frameworkFor picks by level and edition; 职业本科 uses the 高职 framework', () => {
    // without an edition: the newest
    expect(frameworkFor('高职').id).toBe('cn-2026-gaozhi');
    expect(frameworkFor('中职', '2024年度').id).toBe('cn-2024-zhongzhi');
    expect(frameworkFor('职业本科', '2025年度').id).toBe('cn-2025-gaozhi');
    expect(frameworkFor('中职', '2025年度', '企业年报').id).toBe('cn-2025-qiye');
  });

  it('unknown id or edition: NOT_FOUND in Chinese', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as QarError;
      }
      throw new Error('expected a failure');
    };
    const a = err(() => getFramework('cn-1999-x'));
    expect(a.code).toBe('NOT_FOUND');
    expect(a.message).toContain('找不到指标框架「cn-1999-x」');
    expect(a.message).toContain('cn-2024-gaozhi');
    const b = err(() => frameworkFor('中职', '2030年度'));
    expect(b.code).toBe('NOT_FOUND');
    expect(b.message).toContain('2030年度中职');
  });

  it('caches and protects the shared copy', () => {
    const a = getFramework('cn-2024-gaozhi');
    expect(getFramework('cn-2024-gaozhi')).toBe(a);
    expect(Object.isFrozen(a.rules[0])).toBe(true);
    expect(() => {
      (a.tables[0] as { name: string }).name = 'x';
    }).toThrow();
  });
});
