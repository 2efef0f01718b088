/**
 * A province's targets hold only its own schools (core/framework/region.ts): the builtin frameworks carry 重庆市's
 * targets, and a school whose 所在地区 names another province was told it fell short of them. Now they are left
 * out for such a school, and one info finding says which and why; a Chongqing school, or one whose 所在地区 names
 * no province (a district alone, or empty), is checked against them as before.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { provinceOf, provincialTargetsApply } from '../core/framework/region';
import type { Workspace } from '../core/model';
import { writeExportAsWorkspace } from '../core/service';
import { validateWorkspace } from '../core/validate/engine';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { runCliInProcess } from './helpers/cli-inproc';
import { makeTempDir } from './helpers/files';

const fw = demoFramework();
const targets = fw.rules.filter((r) => r.kind === 'target').map((r) => r.id);
const demoIn = (region: string): Workspace =>
  ({ ...buildDemoExport(), profile: { ...buildDemoExport().profile, region } }) as unknown as Workspace;

describe('whose provincial targets apply', () => {
  it('reads the province a 所在地区 starts with', () => {
    expect(provinceOf('四川省成都市')).toBe('四川');
    expect(provinceOf(' 中国 陕西省西安市')).toBe('陕西');
    expect(provinceOf('山西省太原市')).toBe('山西');
    expect(provinceOf('重庆市渝北区')).toBe('重庆');
    expect(provinceOf('渝北区')).toBeUndefined();
    expect(provinceOf('')).toBeUndefined();
  });

  it('reads garbage as naming no province (the targets then apply, as for an empty 所在地区)', () => {
    for (const g of ['中国', '\u0000\u0001', '🙂四川', 'x'.repeat(5000), '   ', '<script>四川</script>', '川'])
      expect(provinceOf(g), JSON.stringify(g.slice(0, 20))).toBeUndefined();
    expect(provincialTargetsApply('重庆市', '🙂四川')).toBe(true);
  });

  it('applies them to a school of the province, or one that names no province', () => {
    expect(provincialTargetsApply('重庆市', '重庆市渝北区')).toBe(true);
    expect(provincialTargetsApply('重庆市', '渝北区')).toBe(true);
    expect(provincialTargetsApply('重庆市', '')).toBe(true);
    expect(provincialTargetsApply('', '四川省')).toBe(true);
    expect(provincialTargetsApply('重庆市', '四川省成都市')).toBe(false);
  });
});

describe('validation of a school in another province', () => {
  it('the demo framework has provincial targets to leave out', () => {
    expect(fw.region).toBe('重庆市');
    expect(targets.length).toBeGreaterThan(0);
  });

  it('a Chongqing school is checked against them', () => {
    const r = validateWorkspace(demoIn('重庆市'), fw);
    for (const id of targets) expect(r.ruleStatus[id], id).toBeDefined();
    expect(r.findings.some((f) => f.ruleId === 'builtin.region-targets')).toBe(false);
  });

  it('a school in 四川省 is not, and one info finding says which targets were left out and why', () => {
    const r = validateWorkspace(demoIn('四川省成都市'), fw);
    for (const id of targets) expect(r.ruleStatus[id], id).toBeUndefined();
    expect(r.findings.filter((f) => targets.includes(f.ruleId))).toEqual([]);
    const note = r.findings.filter((f) => f.ruleId === 'builtin.region-targets');
    expect(note).toHaveLength(1);
    expect(note[0]).toMatchObject({ severity: 'info', location: { type: 'workspace', label: '学校信息：所在地区' } });
    expect(note[0]?.message).toMatch(/^学校所在地区为「四川省成都市」，指标体系中的省级目标是重庆市的（「/);
    expect(note[0]?.message).toContain(`「${fw.rules.find((x) => x.kind === 'target')?.title}」`);
    expect(note[0]?.hint).toContain('如学校位于重庆市，请在「学校信息」中改正所在地区');
  });

  it('`qar validate` prints it, from the file', async () => {
    const tmp = makeTempDir('qar-region-');
    try {
      const file = join(tmp.dir, '四川某校.qar');
      writeExportAsWorkspace(
        { ...buildDemoExport(), profile: { ...buildDemoExport().profile, region: '四川省' } },
        file,
      );
      const r = await runCliInProcess(['validate', file]);
      expect(r.stdout.join('\n')).toContain('学校所在地区为「四川省」，指标体系中的省级目标是重庆市的');
    } finally {
      tmp.cleanup();
    }
  });
});
