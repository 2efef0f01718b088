/**
 * The embedded demo school (seeds/demo): a complete, consistent, reproducible 高职 workspace.
 * Checks are computed from the framework file itself (partOf, formulas, rules), not from the demo's own tables.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadImage } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluate, mapScope, parseExpr } from '../core/framework/expr';
import { allIndicators } from '../core/framework/schema';
import { type BlockContent, getValue, WorkspaceExport } from '../core/model';
import { writeExportAsWorkspace } from '../core/service';
import { validateWorkspace } from '../core/validate/engine';
import { exportWorkspace, parseWorkspaceExport } from '../core/workspace-io';
import { WorkspaceStore } from '../db/store';
import { buildDemoExport, DEMO_CREDIT, demoFramework } from '../seeds/demo/index';
import outlineJson from '../templates/outlines/school-2024.json' with { type: 'json' };

const demo = buildDemoExport();
const fw = demoFramework();
const YEARS = [2022, 2023, 2024];
const chars = (s: string) => [...s.replace(/\s/g, '')].length;

function contentsOf(kind: BlockContent['kind']): BlockContent[] {
  return demo.blocks.map((b) => b.content).filter((c) => c.kind === kind);
}
function yearValues(year: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of demo.values) if (v.year === year && v.value !== null) m.set(v.indicatorId, v.value);
  return m;
}

describe('demo school: shape and reproducibility', () => {
  it('parses with the WorkspaceExport schema and the import cross-reference checks', () => {
    expect(() => WorkspaceExport.parse(demo)).not.toThrow();
    expect(() => parseWorkspaceExport(JSON.parse(JSON.stringify(demo)))).not.toThrow();
    expect(demo.profile).toMatchObject({
      name: '重庆示例职业技术学院',
      level: '高职',
      category: '工科',
      region: '重庆市',
    });
    expect(demo.profile.reportYear).toBe(2024);
    expect(demo.framework).toEqual({ id: fw.id, version: fw.version });
    expect(demo.years.map((y) => [y.year, y.hasGraduates])).toEqual(YEARS.map((y) => [y, true]));
  });

  it('is byte-for-byte reproducible (fixed ids and timestamps)', () => {
    expect(JSON.stringify(buildDemoExport())).toBe(JSON.stringify(demo));
    const times = new Set([
      ...demo.values.map((v) => v.updatedAt),
      ...demo.blocks.map((b) => b.updatedAt),
      ...demo.assets.map((a) => a.createdAt),
    ]);
    expect([...times]).toEqual(['2024-12-20T09:00:00.000Z']);
  });
});

describe('demo school: values', () => {
  it('has a value for every framework indicator in 2022, 2023 and 2024', () => {
    const missing: string[] = [];
    for (const ind of allIndicators(fw)) {
      for (const y of YEARS) if (getValue(demo, ind.id, y) === undefined) missing.push(`${y}/${ind.id}`);
    }
    expect(missing).toEqual([]);
    expect(demo.values.every((v) => v.source.length > 0)).toBe(true);
  });

  it('never has a part larger than its whole (framework partOf)', () => {
    const broken: string[] = [];
    for (const ind of allIndicators(fw)) {
      if (!ind.partOf) continue;
      for (const y of YEARS) {
        const part = getValue(demo, ind.id, y) as number;
        const whole = getValue(demo, ind.partOf, y) as number;
        if (part > whole) broken.push(`${y}: ${ind.id}=${part} > ${ind.partOf}=${whole}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('has destination categories that sum to the graduates, and derived values equal to their formulas', () => {
    const parts = allIndicators(fw).filter((i) => i.partOf === 'grad_total');
    expect(parts.length).toBeGreaterThanOrEqual(5);
    for (const y of YEARS) {
      const sum = parts.reduce((s, i) => s + (getValue(demo, i.id, y) ?? 0), 0);
      expect(sum, `${y} 毕业去向之和`).toBe(getValue(demo, 'grad_total', y));
      const scope = mapScope(yearValues(y));
      for (const ind of allIndicators(fw)) {
        if (!ind.formula) continue;
        const expected = evaluate(parseExpr(ind.formula), scope) as number;
        const stored = getValue(demo, ind.id, y) as number;
        expect(Math.abs(stored - expected), `${y} ${ind.id}`).toBeLessThanOrEqual(0.5 * 10 ** -ind.decimals + 1e-9);
      }
    }
  });

  it('meets the national standards and sits near the Chongqing 高职 figures', () => {
    for (const y of YEARS) {
      const g = (id: string) => getValue(demo, id, y) as number;
      expect(g('student_teacher_ratio')).toBeLessThanOrEqual(18);
      expect(g('dual_teacher_rate')).toBeGreaterThanOrEqual(50);
      expect(g('teachers_ideology') * 350).toBeGreaterThanOrEqual(g('students_fulltime'));
      expect(g('counselors') * 200).toBeGreaterThanOrEqual(g('students_fulltime'));
      expect(g('teachers_mental_health') * 4000).toBeGreaterThanOrEqual(g('students_fulltime'));
      expect(g('teachers_mental_health')).toBeGreaterThanOrEqual(2);
      expect(g('grad_placement_rate')).toBeGreaterThan(85);
      expect(g('grad_monthly_income')).toBeGreaterThan(3500);
      expect(g('sat_graduates')).toBeGreaterThan(94);
    }
    expect(getValue(demo, 'students_fulltime', 2024)).toBeGreaterThan(11000);
    expect(getValue(demo, 'students_fulltime', 2024)).toBeLessThan(13000);
  });

  it('changes plausibly from year to year (sizeable counts and amounts within ±20%)', () => {
    const jumps: string[] = [];
    for (const ind of allIndicators(fw)) {
      for (const y of [2023, 2024]) {
        const a = getValue(demo, ind.id, y - 1) as number;
        const b = getValue(demo, ind.id, y) as number;
        if (a < 50) continue; // small counts (标准数, 心理教师) move in whole steps
        if (Math.abs(b - a) / a > 0.2) jumps.push(`${ind.id} ${y - 1}→${y}: ${a}→${b}`);
      }
    }
    expect(jumps).toEqual([]);
  });
});

describe('demo school: narrative', () => {
  it('has every outline chapter and section with blocks, plus a 前言', () => {
    const preface = demo.chapters.find((c) => c.key === 'preface');
    expect(chars(preface?.intro ?? '')).toBeGreaterThan(300);
    for (const oc of outlineJson.chapters) {
      const ch = demo.chapters.find((c) => c.key === oc.key);
      expect(ch, oc.key).toBeDefined();
      const introLen = chars(ch?.intro ?? '');
      expect(introLen, `${oc.key} 概述`).toBeGreaterThanOrEqual(190);
      expect(introLen, `${oc.key} 概述`).toBeLessThanOrEqual(350);
      for (const os of oc.sections) {
        const sec = demo.sections.find((s) => s.key === os.key && s.chapterId === ch?.id);
        expect(sec, os.key).toBeDefined();
        expect(demo.blocks.filter((b) => b.sectionId === sec?.id).length, `${os.key} blocks`).toBeGreaterThan(0);
      }
    }
  });

  it('opens paragraphs with a 段首句 ending in 。 and names the school in full', () => {
    const paras = contentsOf('paragraph') as Extract<BlockContent, { kind: 'paragraph' }>[];
    expect(paras.length).toBeGreaterThanOrEqual(30);
    for (const p of paras) {
      expect(p.lead).toMatch(/。$/);
      expect(p.text).toContain('重庆示例职业技术学院');
    }
  });

  it('has at least 12 cases with a two-clause title and a 300–1000 character body', () => {
    const cases = contentsOf('case') as Extract<BlockContent, { kind: 'case' }>[];
    expect(cases.length).toBeGreaterThanOrEqual(12);
    for (const c of cases) {
      expect(c.title.length, c.title).toBeGreaterThan(0);
      expect([...c.title].length, c.title).toBeLessThanOrEqual(27);
      expect(c.title).toContain('，');
      expect(chars(c.body), c.title).toBeGreaterThanOrEqual(300);
      expect(chars(c.body), c.title).toBeLessThanOrEqual(1000);
    }
    const chaptersWithCases = new Set(
      demo.blocks
        .filter((b) => b.content.kind === 'case')
        .map((b) => demo.sections.find((s) => s.id === b.sectionId)?.chapterId),
    );
    expect(chaptersWithCases.size).toBeGreaterThanOrEqual(6);
  });

  it('has charts bound to framework indicators with a 数据来源, a table, and three challenges', () => {
    const ids = new Set(allIndicators(fw).map((i) => i.id));
    const charts = contentsOf('chart') as Extract<BlockContent, { kind: 'chart' }>[];
    expect(charts.length).toBeGreaterThanOrEqual(5);
    for (const c of charts) {
      expect(
        c.indicators.every((i) => ids.has(i)),
        c.caption,
      ).toBe(true);
      expect(c.caption).toMatch(/^2022-2024年学校/);
      expect(c.source).toMatch(/^（数据来源：.+）$/);
    }
    const tables = contentsOf('table') as Extract<BlockContent, { kind: 'table' }>[];
    expect(tables.length).toBeGreaterThanOrEqual(1);
    expect(tables[0]?.columns).toEqual(['序号', '赛项', '等级', '获奖学生']);
    const challenges = contentsOf('challenge') as Extract<BlockContent, { kind: 'challenge' }>[];
    expect(challenges).toHaveLength(3);
    for (const c of challenges) {
      expect(c.problems).toMatch(/^一是.+二是/);
      expect(c.plans.length).toBeGreaterThan(c.problems.length * 0.8);
    }
  });
});

describe('demo school: images', () => {
  it('has at least 8 decodable JPEGs whose metadata matches their bytes', async () => {
    expect(demo.assets.length).toBeGreaterThanOrEqual(8);
    for (const a of demo.assets) {
      const bytes = Buffer.from(demo.assetData[a.id] ?? '', 'base64');
      expect(bytes.length, a.id).toBe(a.bytes);
      expect(bytes.length, a.id).toBeLessThanOrEqual(300 * 1024);
      expect(createHash('sha256').update(bytes).digest('hex'), a.id).toBe(a.sha256);
      const img = await loadImage(bytes);
      expect([img.width, img.height], a.id).toEqual([a.width, a.height]);
      expect([a.width, a.height]).toEqual([1600, 1200]);
      expect(a.credit).toBe(DEMO_CREDIT);
      expect(a.caption).toContain('示例图片');
    }
  });

  it('uses every image, and every photo caption says 示例图片', () => {
    const captions: string[] = [];
    const used = new Set<string>();
    for (const b of demo.blocks) {
      const c = b.content;
      if (c.kind === 'photo') {
        captions.push(c.caption);
        used.add(c.assetId);
      }
      if (c.kind === 'case')
        for (const p of c.photos) {
          captions.push(p.caption);
          used.add(p.assetId);
        }
    }
    expect(captions.length).toBeGreaterThanOrEqual(8);
    for (const cap of captions) expect(cap).toMatch(/^重庆示例职业技术学院.+（示例图片）$/);
    expect([...used].sort()).toEqual(demo.assets.map((a) => a.id).sort());
  });
});

describe('demo school: validation and storage', () => {
  it('validates with zero errors and zero warnings for the report year', () => {
    const r = validateWorkspace(demo, fw);
    const notable = r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.ruleId}: ${f.message}`);
    expect(notable).toEqual([]);
    // The only info is the Chongqing 2027 双师型 target, reported as progress (not yet due).
    expect(r.findings.every((f) => f.status === 'progress')).toBe(true);
  });

  it('has clean data in the earlier years too (only their missing report chapters are flagged)', () => {
    for (const year of [2022, 2023]) {
      const r = validateWorkspace(demo, fw, { year });
      const other = r.findings.filter((f) => f.ruleId !== 'structure.chapters_present' && f.status !== 'progress');
      expect(other.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
    }
  });

  const dir = mkdtempSync(join(tmpdir(), 'qar-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports into a real .qar file and exports back with the same content', async () => {
    const path = join(dir, 'demo.qar');
    writeExportAsWorkspace(demo, path);
    const store = await WorkspaceStore.open(path);
    try {
      const back = exportWorkspace(store);
      expect(back.values.length).toBe(demo.values.length);
      expect(back.blocks.length).toBe(demo.blocks.length);
      expect(back.assets.map((a) => a.sha256).sort()).toEqual(demo.assets.map((a) => a.sha256).sort());
      expect(getValue(back, 'grad_placement_rate', 2024)).toBe(getValue(demo, 'grad_placement_rate', 2024));
      const key = (b: { id: string }) => b.id;
      expect([...back.blocks].sort((a, b) => key(a).localeCompare(key(b))).map((b) => b.content)).toEqual(
        [...demo.blocks].sort((a, b) => key(a).localeCompare(key(b))).map((b) => b.content),
      );
    } finally {
      store.close();
    }
  });
});
