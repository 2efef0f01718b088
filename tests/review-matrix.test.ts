/**
 * The compliance matrix made readable (issue 13, reviewer side): rule groups, short titles, tables, severity and
 * human citations (core/review/rule-info.ts), and the view under filters with the keyboard moves
 * (renderer/views/review/matrix-model.ts), on the planted-defect review fixtures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewRunOut } from '../core/api/review-contract';
import { reviewRunOut } from '../core/api/review-handlers';
import { getFramework } from '../core/framework/registry';
import { expandInputs, loadForReview } from '../core/review/load';
import { buildComplianceMatrix } from '../core/review/matrix';
import { reviewWorkspaces } from '../core/review/review';
import { describeRules, type RuleInfo, SHORT_CHARS, shortTitle } from '../core/review/rule-info';
import { BUILTIN_RULES } from '../core/validate/rules/index';
import {
  DEFAULT_MATRIX_FILTER,
  type MatrixFilter,
  matrixView,
  moveInGrid,
} from '../renderer/views/review/matrix-model';
import { writeDistrictSet } from './fixtures/review/district-set';
import { makeTempDir } from './helpers/files';

const gz = getFramework('cn-2024-gaozhi');
const zz = getFramework('cn-2024-zhongzhi');
let rules: RuleInfo[];
const byId = (id: string) => rules.find((r) => r.id === id)!;

const tmp = makeTempDir('qar-review-matrix-');
let out: ReviewRunOut;
const view = (f: Partial<MatrixFilter>) => matrixView(out, { ...DEFAULT_MATRIX_FILTER, ...f });

beforeAll(async () => {
  const m = buildComplianceMatrix([
    { name: 'a', code: 'a', level: '高职', fw: gz, result: { ruleStatus: {} } },
    { name: 'b', code: 'b', level: '中职', fw: zz, result: { ruleStatus: {} } },
  ]);
  rules = describeRules(m.rules, { 高职: gz, 中职: zz });
  writeDistrictSet(tmp.dir);
  const loaded = await loadForReview(expandInputs([tmp.dir]));
  out = reviewRunOut(reviewWorkspaces(loaded, { resolveFramework: (ref) => getFramework(ref.id) }));
});
afterAll(() => tmp.cleanup());

describe('rule groups, short titles and citations', () => {
  it('keeps every rule, grouped in runs: 国家标准 first, each group one run', () => {
    expect(rules).toHaveLength(
      BUILTIN_RULES.length + gz.rules.length + zz.rules.filter((r) => !gz.rules.some((g) => g.id === r.id)).length,
    );
    expect(rules[0]?.group).toBe('国家标准');
    const runs = rules.map((r) => r.group).filter((g, i, a) => i === 0 || a[i - 1] !== g);
    expect(new Set(runs).size).toBe(runs.length);
    for (const g of [
      '国家标准',
      '重庆目标',
      '完整性',
      '数据一致',
      '计算公式',
      '合理范围',
      '同比变化',
      '报告结构',
      '正文数字',
    ]) {
      expect(runs).toContain(g);
    }
    expect(runs.indexOf('国家标准')).toBeLessThan(runs.indexOf('重庆目标'));
    expect(runs.indexOf('重庆目标')).toBeLessThan(runs.indexOf('完整性'));
  });

  it('takes the group’s words off the header and keeps it short', () => {
    const r = byId('std2004.general.books_per_student');
    expect(r.group).toBe('基本办学条件（综合、师范、民族院校）');
    expect(r.short).toBe('生均图书不低于80册');
    expect(byId('derived.grad_placement_rate')).toMatchObject({ group: '计算公式', short: '毕业去向落实率' });
    expect(byId('cq.dual_teacher_rate_2027').group).toBe('重庆目标');
    expect(byId('std2004.medical.books_per_student').short).toBe('生均图书不低于60册');
    for (const x of rules) expect([...x.short].length).toBeLessThanOrEqual(SHORT_CHARS);
    expect(shortTitle('专职心理健康教育教师与全日制在校生比例不低于1:4000', '', 'threshold')).toBe(
      '专职心理健康教育教师与全日制在校生比例不低…',
    );
  });

  it('knows severity, the tables read, the human citation and whether the rule is switched off', () => {
    expect(byId('national.counselors')).toMatchObject({
      severity: 'warning',
      tables: ['resources'],
      unconfirmed: false,
    });
    expect(byId('national.counselors').citation).toMatch(
      /^《高等职业学校教育教学关键要素评估国家基本框架.*》「4\.2 思政课教师与辅导员队伍」第21条/,
    );
    // the human citation names the document, never the seed file
    for (const x of rules) expect(x.citation).not.toMatch(/\.txt|:\d+-\d+$/);
    expect(byId('builtin.required')).toMatchObject({ group: '完整性', severity: 'error', citation: '' });
    expect(byId('builtin.required').tables).toHaveLength(6);
    // every built-in check of the engine has a titled column in its group, not a bare id
    expect(byId('builtin.unit')).toMatchObject({ title: '单位与数量级正确', group: '数据规范', severity: 'warning' });
    expect(byId('builtin.part_whole')).toMatchObject({ group: '数据一致', severity: 'error' });
    expect(byId('builtin.yoy_band').group).toBe('同比变化');
    expect(byId('builtin.figures').tables).toEqual(['report']);
    expect(byId('structure.case_title').tables).toEqual(['report']);
    expect(byId('consistency.grad_enterprise_size').tables).toEqual(['scorecard', 'service']);
    expect(byId('std2004.medical.books_per_student').unconfirmed).toBe(true);
  });
});

describe('the matrix under filters (planted-defect fixtures)', () => {
  it('shows everything by default, in groups', () => {
    const v = view({});
    expect(v.rows.map((r) => r.name)).toEqual(['甲高等职业学院', '乙高等职业学院', '丙中等职业学校', '丁中等职业学校']);
    expect(v.rules).toHaveLength(out.rules.length);
    expect(v.groups.reduce((a, g) => a + g.span, 0)).toBe(v.rules.length);
    expect(out.ruleTables.map((t) => t.name)).toContain('报告正文');
  });

  it('status 未通过: only rules and schools with a failure, counts over the columns shown', () => {
    const v = view({ status: 'fail' });
    expect(v.rows.map((r) => r.name)).toEqual(['乙高等职业学院', '丁中等职业学校']);
    expect(v.rules.map((r) => r.id).sort()).toEqual(
      [
        'builtin.required',
        'consistency.staff_teachers',
        'dabiao.land_area',
        'dabiao.land_per_student',
        'derived.grad_placement_rate',
        'structure.appendix_complete',
      ].sort(),
    );
    expect(v.rows.find((r) => r.name === '乙高等职业学院')?.counts.fail).toBe(2);
    expect(view({ status: 'unconfirmed' }).rules.every((r) => (out.ruleCounts[r.id]?.unconfirmed ?? 0) > 0)).toBe(true);
    expect(view({ status: 'issues' }).rows.length).toBeGreaterThanOrEqual(2);
  });

  it('by table, by severity and by school name', () => {
    expect(view({ table: 'report' }).rules.every((r) => r.tables.includes('report'))).toBe(true);
    expect(view({ table: 'report' }).rules.map((r) => r.id)).toContain('structure.case_title');
    expect(view({ table: 'satisfaction' }).rules.some((r) => r.id === 'national.counselors')).toBe(false);
    const errors = view({ severity: 'error' }).rules;
    expect(errors.length).toBeGreaterThan(10);
    expect(errors.every((r) => r.severity === 'error')).toBe(true);
    expect(view({ query: '丁' }).rows.map((r) => r.name)).toEqual(['丁中等职业学校']);
    expect(view({ query: 'b001' }).rows.map((r) => r.name)).toEqual(['乙高等职业学院']);
    expect(view({ table: 'report', severity: 'info' }).rules).toHaveLength(0);
  });

  it('groups by table in table order when asked', () => {
    const labels = view({ groupBy: 'table' }).groups.map((g) => g.label);
    expect(new Set(labels).size).toBe(labels.length);
    const order = out.ruleTables.map((t) => t.name);
    const known = labels.filter((l) => order.includes(l));
    expect(known).toEqual([...known].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    expect(labels.at(-1)).toBe('多张数据表');
  });
});

describe('keyboard moves in the grid', () => {
  const size = { rows: 170, cols: 110 };
  const no = { ctrl: false };
  it('moves like Excel and stays inside', () => {
    expect(moveInGrid({ r: 0, c: 0 }, 'ArrowRight', no, size)).toEqual({ r: 0, c: 1 });
    expect(moveInGrid({ r: 0, c: 0 }, 'ArrowUp', no, size)).toEqual({ r: -1, c: 0 });
    expect(moveInGrid({ r: -1, c: 0 }, 'ArrowUp', no, size)).toEqual({ r: -1, c: 0 });
    expect(moveInGrid({ r: 5, c: 0 }, 'ArrowLeft', no, size)).toEqual({ r: 5, c: -1 });
    expect(moveInGrid({ r: 5, c: -1 }, 'ArrowLeft', no, size)).toEqual({ r: 5, c: -1 });
    expect(moveInGrid({ r: 5, c: 3 }, 'End', no, size)).toEqual({ r: 5, c: 109 });
    expect(moveInGrid({ r: 5, c: 3 }, 'Home', no, size)).toEqual({ r: 5, c: -1 });
    expect(moveInGrid({ r: 5, c: 3 }, 'End', { ctrl: true }, size)).toEqual({ r: 169, c: 109 });
    expect(moveInGrid({ r: 5, c: 3 }, 'ArrowDown', { ctrl: true }, size)).toEqual({ r: 169, c: 3 });
    expect(moveInGrid({ r: 5, c: 3 }, 'PageDown', no, size)).toEqual({ r: 15, c: 3 });
    expect(moveInGrid({ r: 165, c: 3 }, 'PageDown', no, size)).toEqual({ r: 169, c: 3 });
    expect(moveInGrid({ r: 5, c: 3 }, 'PageUp', no, size)).toEqual({ r: -1, c: 3 });
    expect(moveInGrid({ r: 5, c: 3 }, 'a', no, size)).toBeNull();
  });
});
