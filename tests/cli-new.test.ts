import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../core/service';
import { runCli } from './helpers/cli';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-new-');
afterAll(() => tmp.cleanup());

describe('qar new', () => {
  it('creates an empty 中职 workspace with the outline and the 中职 framework, then validates it', async () => {
    const out = join(tmp.dir, '示例中职.qar');
    const r = runCli(['new', '--out', out, '--name', '重庆示例中等职业学校', '--level', '中职', '--year', '2025']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已新建工作区');
    // named by its title and version, not its id
    expect(r.stdout).toContain(
      '按报告年度选用指标体系《职业教育质量年度报告指标框架（2025年度·中等职业学校）》（版本 2025.1）',
    );
    // the program's id of it is no user's word (the first line said 「指标体系 cn-2025-zhongzhi」)
    expect(r.stdout).not.toContain('cn-2025-zhongzhi');
    const s = await openWorkspace(out, { readonly: true });
    try {
      const ws = s.getWorkspace();
      expect(ws.profile).toMatchObject({ name: '重庆示例中等职业学校', level: '中职', reportYear: 2025 });
      // the edition of the report year
      expect(ws.framework.id).toBe('cn-2025-zhongzhi');
      expect(ws.years.map((y) => y.year)).toContain(2025);
      expect(ws.chapters.some((c) => c.key === 'talent' && c.year === 2025)).toBe(true);
      expect(ws.values).toHaveLength(0);
    } finally {
      s.close();
    }
    // an empty school has errors to fix (missing required data), and says so with exit 1
    const v = runCli(['validate', out]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('未填写');
  });

  it('refuses bad arguments with one Chinese line and writes nothing', () => {
    const out = join(tmp.dir, '坏.qar');
    for (const args of [
      ['new', '--out', out, '--name', '某校', '--level', '大学'],
      ['new', '--out', out, '--name', '某校', '--level', '高职', '--year', '二〇二五'],
      ['new', '--out', out, '--name', '某校', '--level', '高职', '--category', '宇宙'],
      ['new', '--out', join(tmp.dir, 'x.txt'), '--name', '某校', '--level', '高职'],
      ['new', '--out', out, '--level', '高职'],
    ]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/[\u4e00-\u9fa5]/);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('does not overwrite an existing workspace', () => {
    const out = join(tmp.dir, '已有.qar');
    expect(runCli(['new', '--out', out, '--name', '甲校', '--level', '高职']).code).toBe(0);
    const again = runCli(['new', '--out', out, '--name', '乙校', '--level', '高职']);
    expect(again.code).toBe(2);
  });
});

describe('the report year a new workspace gets when none is given', () => {
  it('is the year itself from September (the 年度 report is written at its end), else the year before', async () => {
    const { likelyReportYear } = await import('../core/report/season');
    expect(likelyReportYear(new Date(2026, 10, 30))).toBe(2026);
    expect(likelyReportYear(new Date(2026, 8, 1))).toBe(2026);
    expect(likelyReportYear(new Date(2026, 7, 31))).toBe(2025);
    expect(likelyReportYear(new Date(2027, 0, 15))).toBe(2026);
  });
});
