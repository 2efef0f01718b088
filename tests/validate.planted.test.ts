/**
 * One workspace with a defect of every kind planted on purpose: validation must report exactly these findings,
 * no more (false alarms) and no fewer.
 */
import { describe, expect, it } from 'vitest';
import { validateWorkspace } from '../core/validate/engine';
import { ValidationResult } from '../core/validate/types';
import { plantedDefects } from './fixtures/validate/planted';
import { loadTestFramework, testOutline } from './fixtures/validate/workspace';

const cell = (indicatorId: string) => `cell:${indicatorId}:2024`;
const EXPECTED = [
  ['builtin.required', cell('funding_per_student')],
  ['builtin.type', cell('intl_students')],
  // 落实人数 420 > 毕业生数 400: the computed 落实率 (105%, what the report would print) is out of range
  ['builtin.type', cell('grad_placement_rate')],
  ['builtin.decimals', cell('sat_grad')],
  ['c.training', cell('training_persons')],
  ['r.sat_grad', cell('sat_grad')],
  ['k.placed_le_total', cell('grad_placed')],
  ['d.placement_rate', cell('grad_placement_rate')],
  ['y.main', cell('tech_service_income')],
  ['t.stratio.general', cell('student_teacher_ratio')],
  ['g.double_ratio', cell('double_teacher_ratio')],
  ['g.intl', cell('intl_students')],
  ['s.chapters', 'workspace:服务贡献'],
  ['s.appendix', 'workspace:附表：落实政策表'],
  ['s.case_title', 'block:b-case'],
  ['s.case_length', 'block:b-case'],
  ['s.figure_source', 'block:b-chart'],
  ['s.photo_caption', 'block:b-case'],
  ['n.numbers', 'block:b-para'],
  // 「较上年提高 1.3 个百分点」: the computed rate went from 93.68 % to 105 %
  ['n.numbers', 'block:b-para'],
  ['u.sat95', cell('sat_grad')],
];

describe('planted defects', () => {
  it('yields exactly the expected findings', () => {
    const r = validateWorkspace(plantedDefects(), loadTestFramework(), { outline: testOutline });
    expect(() => ValidationResult.parse(r)).not.toThrow();
    const got = r.findings.map((f) => {
      const l = f.location;
      const where =
        l.type === 'cell'
          ? `cell:${l.indicatorId}:${l.year}`
          : l.type === 'block'
            ? `block:${l.blockId}`
            : `workspace:${l.label}`;
      return [f.ruleId, where];
    });
    expect([...got].sort()).toEqual([...EXPECTED].sort());

    // every finding is complete: Chinese message, hint, stable key
    for (const f of r.findings) {
      expect(f.message).toMatch(/[\u4e00-\u9fff]/);
      expect(f.message).not.toMatch(/\{[a-z]+\}|NaN|undefined|Infinity/);
      expect(f.hint.length).toBeGreaterThan(4);
      expect(f.key).toContain(f.ruleId);
    }
    // severities come from the rules; errors first
    expect(r.summary).toEqual({ error: 8, warning: 11, info: 2 });
    const order = r.findings.map((f) => f.severity);
    expect(order).toEqual(
      [...order].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)),
    );
    expect(r.ruleStatus).toMatchObject({
      'builtin.required': 'fail',
      'builtin.type': 'fail',
      'builtin.decimals': 'fail',
      'c.training': 'fail',
      'k.double_le_total': 'pass',
      'g.double_ratio': 'pass',
      'u.sat95': 'unconfirmed',
      'n.numbers': 'fail',
    });
  });
});
