/**
 * A review where most 高职 schools are on the 2024 edition and one is on 2026: the aggregates follow the majority's
 * framework, so the rows the 2025 edition added are in the newer school's file and in no aggregate. The warning
 * names them, and the school, instead of only saying that "other schools only contribute matching indicators".
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-review-editions-');
afterAll(() => tmp.cleanup());

describe('qar review across editions', () => {
  it('names the indicators that are in a minority framework only and go into no aggregate', {
    timeout: 180_000,
  }, () => {
    const make = (name: string, year: number) => {
      const out = join(tmp.dir, `${name}.qar`);
      const r = runCli(['new', '--name', name, '--level', '高职', '--year', String(year), '--out', out]);
      expect(r.code, r.stderr).toBe(0);
      return out;
    };
    const files = [
      make('重庆甲职业技术学院', 2024),
      make('重庆乙职业技术学院', 2024),
      make('重庆丙职业技术学院', 2026),
    ];
    const r = runCli(['review', ...files, '--year', '2024', '--out', join(tmp.dir, '审阅.xlsx')]);
    expect(r.code, r.stderr).toBe(0);
    const warning = r.stdout.split('\n').find((l) => l.includes('高职学校使用了 2 种指标体系或版本')) ?? '';
    expect(warning).toContain('区域汇总按多数学校的指标体系计算');
    expect(warning).toContain('「具有高级专业技术职务的专任教师数」');
    expect(warning).toContain('「年生均财政专项经费」');
    expect(warning).toMatch(/只在重庆丙职业技术学院的指标体系中，该校填报的这些数据未计入区域汇总。/);
  });
});
