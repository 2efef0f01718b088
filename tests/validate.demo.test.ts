/**
 * The shipped frameworks against the demo school: the demo has no errors, and when the demo is broken on
 * purpose every framework message is filled cleanly (no raw placeholders, doubled units, NaN, long decimals).
 */
import { describe, expect, it } from 'vitest';
import { builtinFrameworks, getFramework } from '../core/framework/registry';
import type { Workspace } from '../core/model';
import { validateWorkspace } from '../core/validate/engine';
import { ValidationResult } from '../core/validate/types';
import { buildDemoExport } from '../seeds/demo/index';

const BAD_TEXT = /\{[a-zA-Z_]+\}|%%|:1:1|NaN|undefined|Infinity|\d\.\d{5,}/;

async function demo(figures: 'bound' | 'typed' = 'bound'): Promise<Workspace> {
  return structuredClone(await buildDemoExport({ figures }));
}

/** The demo with many defects: values scaled, some removed, cases/figures/photos stripped, a chapter dropped. */
function broken(ws: Workspace): Workspace {
  const year = ws.profile.reportYear;
  ws.values.forEach((v, i) => {
    if (v.year !== year || v.value === null) return;
    if (/rate|ratio|sat_/.test(v.indicatorId)) v.value = Math.round(v.value * 1.37 * 100) / 100;
    else if (Number.isInteger(v.value)) v.value = Math.round(v.value * 2.1);
    else v.value = Math.round(v.value * 0.31 * 100) / 100;
    if (i % 9 === 0) v.value = null;
  });
  for (const b of ws.blocks) {
    const c = b.content;
    if (c.kind === 'case') {
      c.title = '';
      c.body = c.body.repeat(4);
      for (const p of c.photos) p.caption = '';
    }
    if (c.kind === 'chart') c.source = '';
    if (c.kind === 'photo') c.caption = '';
  }
  // the report prints a picture's own caption when its block has none: clear those too
  for (const a of ws.assets) a.caption = '';
  const dropped = ws.chapters.find((c) => c.key === 'culture')?.id;
  ws.chapters = ws.chapters.filter((c) => c.id !== dropped);
  return ws;
}

describe('demo school with the shipped framework', () => {
  it('has no errors', async () => {
    const ws = await demo();
    const r = validateWorkspace(ws, getFramework(ws.framework.id));
    expect(() => ValidationResult.parse(r)).not.toThrow();
    expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(r.summary.error).toBe(0);
    for (const f of r.findings) expect(f.message).not.toMatch(BAD_TEXT);
  });

  it('broken on purpose: many findings, each message filled cleanly, with every structure check firing', async () => {
    // typed figures: the narrative check reads what stays typed (bound figures always print the data)
    const ws = broken(await demo('typed'));
    const fw = getFramework(ws.framework.id);
    const r = validateWorkspace(ws, fw);
    expect(r.summary.error).toBeGreaterThan(5);
    for (const f of r.findings) {
      expect(f.message, f.ruleId).not.toMatch(BAD_TEXT);
      expect(f.hint.length, f.ruleId).toBeGreaterThan(0);
    }
    const kinds = new Set(r.findings.map((f) => f.kind));
    for (const k of ['required', 'derived', 'threshold', 'yoy', 'structure', 'narrative'])
      expect(kinds, k).toContain(k);
    const checks = fw.rules.filter((x) => x.kind === 'structure').map((x) => x.id);
    for (const id of checks) expect(r.ruleStatus[id], id).toBe('fail');
  });

  it('every shipped framework compiles and gives a status for its rules', async () => {
    const ws = await demo();
    for (const fw of builtinFrameworks()) {
      const r = validateWorkspace(ws, fw);
      expect(() => ValidationResult.parse(r)).not.toThrow();
      expect(Object.keys(r.ruleStatus).length, fw.id).toBeGreaterThan(fw.rules.length / 2);
    }
  });
});

describe('a national standard broken in the demo', () => {
  it('names the rule, the tested value, the cell and the document', async () => {
    const ws = await demo();
    const year = ws.profile.reportYear;
    const row = ws.values.find((v) => v.year === year && v.indicatorId === 'teachers_dual')!;
    row.value = 200; // of 536 专业课教师: 37.31 %, while the stated rate still says 66.42 %
    const r = validateWorkspace(ws, getFramework(ws.framework.id), { year });
    const f = r.findings.find((x) => x.ruleId === 'national.dual_teacher_rate');
    expect(f).toBeDefined();
    // the message shows the rate the standard actually tested, never the contradictory stated one
    expect(f!.message).toContain('37.31%');
    expect(f!.message).not.toContain('66.42%');
    expect(f!.location).toMatchObject({ type: 'cell', tableId: 'resources', indicatorId: 'dual_teacher_rate', year });
    expect(f!.citation?.text).toBe(
      '《高等职业学校教育教学关键要素评估国家基本框架（〈高等职业学校办学能力评价实施方案（2025—2030年）〉附件）》「4.3 数量结构」第22条及注10',
    );
    expect(f!.detail?.source).toContain('001_ff79f49185d5f0d4.txt:6542');
    expect(r.ruleStatus['national.dual_teacher_rate']).toBe('fail');
    // and the stale stated rate is its own error
    expect(r.findings.some((x) => x.ruleId === 'derived.dual_teacher_rate' && x.severity === 'error')).toBe(true);
  });
});

describe('a composite provincial target (all 办学条件 items at once)', () => {
  it('sits on the first failing cell and names every failing item', async () => {
    const fw = getFramework('cn-2024-zhongzhi');
    const ws = await demo();
    const year = ws.profile.reportYear;
    ws.framework = { id: fw.id, version: fw.version };
    ws.profile.level = '中职';
    const set = (id: string, value: number) => {
      ws.values = ws.values.filter((v) => !(v.year === year && v.indicatorId === id));
      ws.values.push({ year, indicatorId: id, value, note: '', source: '', updatedAt: '2024-12-20T09:00:00.000Z' });
    };
    // every item met except 校舍建筑面积 per student and books per student (per-student values are computed
    // from their parts, so the parts are set: 27000 / 1500 = 18, 37500 / 1500 = 25)
    const ok: Record<string, number> = {
      land_area: 60000,
      land_per_student: 40,
      building_area: 27000,
      building_per_student: 18,
      books: 37500,
      teachers_fulltime: 90,
      students_fulltime: 1500,
      equipment_value: 500,
      equipment_per_student: 3000,
      books_per_student: 25,
    };
    for (const [id, v] of Object.entries(ok)) set(id, v);
    set('student_teacher_ratio', 1500 / 90);
    const r = validateWorkspace(ws, fw, { year });
    const f = r.findings.find((x) => x.ruleId === 'cq.dabiao_2025');
    expect(f).toBeDefined();
    expect(f!.location).toMatchObject({ type: 'cell', indicatorId: 'building_per_student' });
    expect(f!.message).toContain('未达标项：');
    expect(f!.message).toContain('生均');
    expect(f!.message).not.toContain('生师比');
  });
});
