/**
 * 新建下一年度报告 carries last year's earlier-year cells as they were typed: a cell marked 「不适用」 with its
 * reason stays 不适用 in the new file (it was carried as an empty cell with the reason as a plain note, so the
 * 2026 report's 附表 printed 「—」 where the school had stated 不适用, and its completeness check asked again).
 * Real SQLite files on both sides, through core/workspace/next-year-file.ts (the path of the app and `qar new`).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFramework } from '../core/framework/registry';
import { createWorkspace, openWorkspace } from '../core/service';
import { createNextYearWorkspace } from '../core/workspace/next-year-file';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-next-marks-');
afterAll(() => tmp.cleanup());

describe('新建下一年度报告 keeps what last year’s cells said', () => {
  it('a 2025 cell marked 不适用 is still 不适用 (with its reason) in the 2026 workspace', async () => {
    const last = join(tmp.dir, '学校2025.qar');
    const fw = getFramework('cn-2025-gaozhi');
    const s = await createWorkspace(last, {
      profile: { name: '重庆测试职业技术学院', level: '高职', category: '工科', region: '重庆市', reportYear: 2025 },
      framework: { id: fw.id, version: fw.version },
    });
    try {
      s.setValues(
        [
          { year: 2025, indicatorId: 'intl_students', value: null, notApplicable: true, note: '本年度未招收留学生' },
          { year: 2025, indicatorId: 'grad_total', value: 3000, note: '截至8月31日', source: '招生就业处' },
          { year: 2024, indicatorId: 'special_funding_per_student', value: 1520.5 },
        ],
        'manual',
        fw,
      );
    } finally {
      s.close();
    }
    const next = join(tmp.dir, '学校2026.qar');
    await createNextYearWorkspace(last, next, { year: 2026 });
    const n = await openWorkspace(next, { readonly: true });
    try {
      const ws = n.getWorkspace();
      const at = (id: string, year: number) => ws.values.find((v) => v.indicatorId === id && v.year === year);
      expect(at('intl_students', 2025)).toMatchObject({ value: null, notApplicable: true, note: '本年度未招收留学生' });
      expect(at('grad_total', 2025)).toMatchObject({ value: 3000, note: '截至8月31日', source: '招生就业处' });
      expect(at('grad_total', 2025)?.notApplicable).toBeUndefined();
      // a row the 2025 edition added (待核实) is carried like any other
      expect(at('special_funding_per_student', 2024)?.value).toBe(1520.5);
    } finally {
      n.close();
    }
  });
});
