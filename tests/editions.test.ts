/**
 * Editions: edition files resolve (base + changes) into frameworks with every loader check applied, a data fix in
 * the base reaches every edition built on it, each year picks its edition (and says so), outlines per kind and
 * edition, and the upgrade plan that keeps every value (renamed ids moved, the rest listed).
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isQarError, type QarError } from '../core/errors';
import { resolveEdition } from '../core/framework/edition';
import { newerEdition, pickEdition } from '../core/framework/editions';
import { parseFrameworkJson } from '../core/framework/loader';
import { builtinFrameworks, clearFrameworkCache, editionYearOf, getFramework } from '../core/framework/registry';
import { allIndicators, type Framework } from '../core/framework/schema';
import { describeUpgrade, planUpgrade } from '../core/framework/upgrade';
import type { IndicatorValue } from '../core/model';
import { buildReportModel } from '../core/report/build';
import { builtinOutlines, clearOutlineCache, getOutline, outlineFor, reportKinds } from '../core/report/outlines';
import { buildDemoExport } from '../seeds/demo/index';
import { REPO_ROOT } from './helpers/cli';
import { makeTempDir } from './helpers/files';

function err(f: () => unknown): QarError {
  try {
    f();
  } catch (e) {
    if (isQarError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const edition = (changes: unknown[], head: Record<string, unknown> = {}) => ({
  format: 'qar-framework-edition',
  formatVersion: 1,
  extends: 'cn-2024-gaozhi',
  id: 'test-2025-gaozhi',
  version: '1',
  releaseNotes: [{ text: '测试', confidence: 'U' }],
  changes,
  ...head,
});
const resolve = (raw: unknown) => resolveEdition(raw, '测试版本.json', getFramework);

function value(year: number, indicatorId: string, v: number | null): IndicatorValue {
  return { year, indicatorId, value: v, note: '', source: '', updatedAt: '2025-01-01T00:00:00.000Z' };
}

describe('builtin editions', () => {
  it('2025 and 2026 extend 2024 for 高职 and 中职, with 版本说明 and the base data', () => {
    const ids = builtinFrameworks().map((f) => f.id);
    for (const id of ['cn-2025-gaozhi', 'cn-2026-gaozhi', 'cn-2025-zhongzhi', 'cn-2026-zhongzhi', 'cn-2025-qiye']) {
      expect(ids).toContain(id);
    }
    const gz24 = getFramework('cn-2024-gaozhi');
    const gz25 = getFramework('cn-2025-gaozhi');
    const gz26 = getFramework('cn-2026-gaozhi');
    expect([gz25.edition, gz25.basedOn, gz26.edition, gz26.basedOn]).toEqual([
      '2025年度',
      'cn-2024-gaozhi',
      '2026年度',
      'cn-2025-gaozhi',
    ]);
    expect(gz25.releaseNotes.length).toBeGreaterThan(1);
    // every 2024 indicator is still there; the new ones are optional and 待核实
    const ids25 = new Set(allIndicators(gz25).map((i) => i.id));
    for (const i of allIndicators(gz24)) expect(ids25.has(i.id), i.id).toBe(true);
    const added = allIndicators(gz25).filter((i) => !allIndicators(gz24).some((x) => x.id === i.id));
    expect(added.map((i) => i.id).sort()).toEqual([
      'senior_teacher_rate',
      'special_funding_per_student',
      'teachers_senior',
    ]);
    for (const i of added) {
      expect(i.required, i.id).toBe(false);
      expect(i.confidence, i.id).toBe('U');
      expect(i.description, i.id).toContain('待核实');
    }
    // 中职 2025: the monthly income row has no table source for 中职 → optional, 待核实
    const income = allIndicators(getFramework('cn-2025-zhongzhi')).find((i) => i.id === 'grad_monthly_income');
    expect(income).toMatchObject({ required: false, confidence: 'U' });
  });

  it('every release note says how sure it is, and the 2026 edition says the notice is not out yet', () => {
    for (const fw of builtinFrameworks().filter((f) => f.basedOn)) {
      for (const n of fw.releaseNotes) expect(['C', 'P', 'U']).toContain(n.confidence);
    }
    expect(getFramework('cn-2026-zhongzhi').releaseNotes[0]?.text).toContain('尚未发布');
  });

  it('a data fix in the base reaches every edition built on it', () => {
    const tmp = makeTempDir('qar-editions-');
    try {
      cpSync(join(REPO_ROOT, 'templates'), tmp.dir, { recursive: true });
      const base = join(tmp.dir, 'frameworks', 'cn-2024-gaozhi.json');
      writeFileSync(base, readFileSync(base, 'utf8').replace('"name": "生师比"', '"name": "生师比（修正）"'));
      process.env.QAR_TEMPLATES_DIR = tmp.dir;
      clearFrameworkCache();
      for (const id of ['cn-2024-gaozhi', 'cn-2025-gaozhi', 'cn-2026-gaozhi']) {
        const i = allIndicators(getFramework(id)).find((x) => x.id === 'student_teacher_ratio');
        expect(i?.name, id).toBe('生师比（修正）');
      }
    } finally {
      delete process.env.QAR_TEMPLATES_DIR;
      clearFrameworkCache();
      tmp.cleanup();
    }
  });
});

describe('edition files: every check of a framework file, with the place in the edition file', () => {
  it('applies indicator and rule changes in order', () => {
    const fw = resolve(
      edition([
        {
          op: 'updateRule',
          id: 'national.student_teacher_ratio',
          set: { expr: 'student_teacher_ratio <= 16', reference: 16 },
          confidence: 'P',
          note: '省里要求更严',
        },
        { op: 'updateIndicator', id: 'books', set: { unit: '万册' }, confidence: 'P' },
        {
          op: 'addIndicator',
          table: 'service',
          indicator: { id: 'public_training', name: '公益性培训服务', unit: '人日', type: 'number', decimals: 0 },
          confidence: 'U',
        },
      ]),
    );
    expect(fw.rules.find((r) => r.id === 'national.student_teacher_ratio')).toMatchObject({
      expr: 'student_teacher_ratio <= 16',
      reference: 16,
    });
    expect(allIndicators(fw).find((i) => i.id === 'books')?.unit).toBe('万册');
    expect(fw.tables.find((t) => t.id === 'service')?.indicators.at(-1)?.id).toBe('public_training');
  });

  it('renames an indicator everywhere and records the old id for upgrades', () => {
    const fw = resolve(
      edition([{ op: 'renameIndicator', from: 'teachers_dual', to: 'teachers_double', confidence: 'P' }]),
    );
    const ids = new Set(allIndicators(fw).map((i) => i.id));
    expect(ids.has('teachers_dual')).toBe(false);
    expect(ids.has('teachers_double')).toBe(true);
    expect(fw.renamed).toEqual({ teachers_dual: 'teachers_double' });
    const dual = allIndicators(fw).find((i) => i.id === 'dual_teacher_rate');
    expect(dual?.formula).toContain('teachers_double');
    // every reference follows (rule ids keep their names: they are names, not references)
    const refs = fw.rules.map((r) => JSON.stringify({ ...r, id: '', title: '' }));
    expect(refs.filter((r) => /\bteachers_dual\b/.test(r))).toEqual([]);
    expect(refs.some((r) => r.includes('teachers_double'))).toBe(true);
  });

  it('refuses changes to what the base does not have, naming changes[i]', () => {
    const a = err(() =>
      resolve(edition([{ op: 'updateIndicator', id: 'no_such', set: { unit: '个' }, confidence: 'U' }])),
    );
    expect(a.code).toBe('FRAMEWORK');
    expect(a.message).toContain('「测试版本.json」');
    expect(a.message).toContain('changes[0].id');
    expect(a.message).toContain('no_such');
    const b = err(() => resolve(edition([], { extends: 'cn-1999-x' })));
    expect(b.message).toContain('extends：找不到所依据的指标框架「cn-1999-x」');
    const c = err(() =>
      resolve(edition([{ op: 'updateIndicator', id: 'books', set: { decimals: 9 }, confidence: 'U' }])),
    );
    expect(c.message).toContain('changes[0].set.decimals');
  });

  it('runs the loader checks on the result: a removal that breaks a rule names the rule', () => {
    const e = err(() => resolve(edition([{ op: 'removeIndicator', id: 'counselors', confidence: 'P' }])));
    expect(e.code).toBe('FRAMEWORK');
    expect(e.message).toContain('按「cn-2024-gaozhi」展开后');
    expect(e.message).toContain('规则 national.counselors');
    expect(e.message).toContain('引用的指标「counselors」不存在');
  });

  it('hostile edition files are refused before anything is applied', () => {
    const proto = '{"format":"qar-framework-edition","formatVersion":1,"extends":"cn-2024-gaozhi","__proto__":{"x":1}}';
    expect(err(() => resolve(parseFrameworkJson(proto, 'p.json'))).message).toMatch(/被禁止的键名|__proto__/);
    const evil = edition([
      {
        op: 'updateRule',
        id: 'national.student_teacher_ratio',
        set: { expr: 'constructor.constructor("return process")()' },
        confidence: 'U',
      },
    ]);
    const e = err(() => resolve(evil));
    expect(e.code).toBe('FRAMEWORK');
    expect(e.message).toContain('规则 national.student_teacher_ratio');
  });
});

describe('which edition a year uses', () => {
  it('the report year’s own, else the nearest, and says so', () => {
    expect(pickEdition({ level: '高职', year: 2025 })).toMatchObject({ exact: true });
    expect(pickEdition({ level: '高职', year: 2025 }).framework.id).toBe('cn-2025-gaozhi');
    expect(pickEdition({ level: '职业本科', year: 2026 }).framework.id).toBe('cn-2026-gaozhi');
    expect(pickEdition({ level: '中职', year: 2024 }).framework.id).toBe('cn-2024-zhongzhi');
    const later = pickEdition({ level: '中职', year: 2028 });
    expect(later.framework.id).toBe('cn-2026-zhongzhi');
    expect(later.exact).toBe(false);
    expect(later.note).toContain('没有 2028年度的内置指标体系');
    const earlier = pickEdition({ level: '高职', year: 2022 });
    expect(earlier.framework.id).toBe('cn-2024-gaozhi');
    expect(earlier.note).toContain('最早的');
  });

  it('企业年报: 高职 from 2024, 中职 from 2025 [P]', () => {
    expect(pickEdition({ level: '高职', year: 2024, kind: '企业年报' }).framework.id).toBe('cn-2024-qiye');
    const zz = err(() => pickEdition({ level: '中职', year: 2024, kind: '企业年报' }));
    expect(zz.message).toContain('只适用于高职、职业本科学校');
    const ok = pickEdition({ level: '中职', year: 2025, kind: '企业年报' });
    expect(ok.framework.id).toBe('cn-2025-qiye');
    expect(ok.outline.titles.中职).toBe('参与中等职业教育人才培养年度报告');
  });

  it('a workspace on an older edition is offered the one for its report year', () => {
    expect(newerEdition(getFramework('cn-2024-gaozhi'), '高职', 2025)?.id).toBe('cn-2025-gaozhi');
    expect(newerEdition(getFramework('cn-2024-gaozhi'), '高职', 2026)?.id).toBe('cn-2026-gaozhi');
    expect(newerEdition(getFramework('cn-2025-gaozhi'), '高职', 2025)).toBeUndefined();
    expect(newerEdition(getFramework('cn-2024-zhongzhi'), '中职', 2024)).toBeUndefined();
  });
});

describe('outlines: report kinds as data', () => {
  it('four kinds of outline files, each framework finds its own', () => {
    expect(reportKinds()).toEqual(expect.arrayContaining(['学校年报', '企业年报', '区域年报']));
    expect(outlineFor(getFramework('cn-2025-gaozhi')).id).toBe('school-2025');
    expect(outlineFor(getFramework('cn-2024-qiye')).id).toBe('enterprise-2024');
    expect(outlineFor({ kind: '区域年报', edition: '2026年度' }).id).toBe('district-2026');
    for (const o of builtinOutlines()) {
      // a part we are not sure of is optional and says why
      for (const c of o.chapters.filter((x) => x.confidence !== 'C')) {
        expect(c.optional, `${o.id} ${c.key}`).toBe(true);
        expect(c.note, `${o.id} ${c.key}`).toMatch(/待核实/);
      }
    }
  });

  it('the 2025 district outline has an optional 教育教学 part between 人才培养 and 服务贡献 [P]', () => {
    const o = getOutline('district-2025');
    const keys = o.chapters.map((c) => c.key);
    expect(keys.indexOf('teaching')).toBe(keys.indexOf('talent') + 1);
    expect(keys.indexOf('service')).toBe(keys.indexOf('teaching') + 1);
    expect(o.chapters.find((c) => c.key === 'teaching')).toMatchObject({ optional: true, confidence: 'P' });
    expect(getOutline('district-2024').chapters.some((c) => c.key === 'teaching')).toBe(false);
    expect(getOutline('district-2024').chapters[0]?.title).toBe('发展概况');
  });

  it('a new kind of report is a new file: the registry reads whatever outlines there are', () => {
    const tmp = makeTempDir('qar-outlines-');
    try {
      cpSync(join(REPO_ROOT, 'templates'), tmp.dir, { recursive: true });
      writeFileSync(
        join(tmp.dir, 'outlines', 'province-2025.json'),
        JSON.stringify({
          format: 'qar-outline',
          formatVersion: 1,
          extends: 'district-2025',
          id: 'province-2025',
          kind: '省级年报',
          title: '职业教育质量报告',
          releaseNotes: [{ text: '省级年报提纲（示例）', confidence: 'U' }],
        }),
      );
      process.env.QAR_TEMPLATES_DIR = tmp.dir;
      clearOutlineCache();
      expect(reportKinds()).toContain('省级年报');
      expect(getOutline('province-2025').chapters.map((c) => c.key)).toContain('teaching');
    } finally {
      delete process.env.QAR_TEMPLATES_DIR;
      clearOutlineCache();
      tmp.cleanup();
    }
  });
});

describe('outlines: the one a report needs, checked alone', () => {
  /** The outline the full, checked list gives for a framework or a kind and year: what outlineFor must agree with. */
  const fromFullList = (kind: string, year: number, own?: string) => {
    const all = builtinOutlines();
    if (own) return all.find((o) => o.id === own);
    return all
      .filter((o) => o.kind === kind && editionYearOf(o.edition) <= year)
      .sort((a, b) => editionYearOf(b.edition) - editionYearOf(a.edition) || b.id.localeCompare(a.id))[0];
  };

  it('is the outline the full list gives, for every builtin framework and every kind and year', () => {
    const cases = [
      ...builtinFrameworks().map((f) => ({ kind: f.kind, edition: f.edition, outline: f.outline })),
      ...['学校年报', '区域年报', '企业年报', '省级年报'].flatMap((kind) =>
        [2023, 2024, 2025, 2026, 2031].map((y) => ({ kind, edition: `${y}年度`, outline: undefined })),
      ),
    ];
    for (const c of cases) {
      clearOutlineCache(); // alone: nothing else checked in this process yet
      let alone: string | undefined;
      try {
        alone = JSON.stringify(outlineFor(c));
      } catch (e) {
        alone = isQarError(e) ? e.code : String(e);
      }
      const full = fromFullList(c.kind, editionYearOf(c.edition), c.outline);
      expect(alone, `${c.kind} ${c.edition}`).toBe(full ? JSON.stringify(full) : 'NOT_FOUND');
    }
  });

  it('a broken outline file of another report leaves a report alone; the full list still refuses it', () => {
    const tmp = makeTempDir('qar-outlines-');
    try {
      cpSync(join(REPO_ROOT, 'templates'), tmp.dir, { recursive: true });
      const enterprise = join(tmp.dir, 'outlines', 'enterprise-2026.json');
      const broken = { ...JSON.parse(readFileSync(enterprise, 'utf8')), releaseNotes: [] };
      writeFileSync(enterprise, JSON.stringify(broken));
      process.env.QAR_TEMPLATES_DIR = tmp.dir;
      clearOutlineCache();
      expect(outlineFor({ kind: '学校年报', edition: '2026年度' }).id).toBe('school-2026');
      expect(() => builtinOutlines()).toThrow(/enterprise-2026\.json/);
      expect(() => outlineFor({ kind: '企业年报', edition: '2026年度' })).toThrow(/enterprise-2026\.json/);
      // a file whose id cannot be read: which outline is the newest is unclear, and the full list says why
      writeFileSync(enterprise, '{"format": "qar-outline", "id": 5}');
      clearOutlineCache();
      expect(() => outlineFor({ kind: '学校年报', edition: '2026年度' })).toThrow(/enterprise-2026\.json/);
      // two files under one id: which is which is unclear, and the full list says so
      writeFileSync(
        join(tmp.dir, 'outlines', 'school-2026-copy.json'),
        readFileSync(join(REPO_ROOT, 'templates', 'outlines', 'school-2026.json')),
      );
      writeFileSync(
        join(tmp.dir, 'outlines', 'enterprise-2026.json'),
        readFileSync(join(REPO_ROOT, 'templates', 'outlines', 'enterprise-2026.json')),
      );
      clearOutlineCache();
      expect(() => outlineFor({ kind: '学校年报', edition: '2026年度' })).toThrow(/提纲编号「school-2026」重复/);
    } finally {
      delete process.env.QAR_TEMPLATES_DIR;
      clearOutlineCache();
      tmp.cleanup();
    }
  });
});

describe('upgrade plan: nothing silently dropped', () => {
  const from = getFramework('cn-2024-gaozhi');
  it('keeps same ids, moves renamed ones, lists the rest with their names', () => {
    const to: Framework = resolve(
      edition([{ op: 'renameIndicator', from: 'teachers_dual', to: 'teachers_double', confidence: 'P' }]),
    );
    const values = [
      value(2024, 'students_fulltime', 9000),
      value(2024, 'teachers_dual', 260),
      value(2024, 'an_old_row', 5),
    ];
    const plan = planUpgrade(values, from, to);
    expect(plan.kept).toBe(1);
    expect(plan.moves).toEqual([expect.objectContaining({ year: 2024, from: 'teachers_dual', to: 'teachers_double' })]);
    expect(plan.unmapped).toEqual([expect.objectContaining({ indicatorId: 'an_old_row', value: 5 })]);
    const lines = describeUpgrade(plan).join('\n');
    expect(lines).toContain('未能对应 1 项');
    expect(lines).toContain('an_old_row');
    expect(lines).toContain('2024年 “双师型”教师数（teachers_dual）→');
  });

  it('a rename onto an id that already has a value is not overwritten: listed instead', () => {
    const to = resolve(
      edition([{ op: 'renameIndicator', from: 'teachers_dual', to: 'teachers_double', confidence: 'P' }]),
    );
    const plan = planUpgrade([value(2024, 'teachers_dual', 1), value(2024, 'teachers_double', 2)], from, to);
    expect(plan.moves).toEqual([]);
    expect(plan.unmapped[0]?.reason).toContain('已有数值');
  });
});

describe('the cover’s 编制依据 follows the edition', () => {
  // the 2025/2026 notices are not in our material (editions_and_rows_2026.md): a 2025 report must not cite the
  // 2024 notice as its basis on the cover; the line is left out until a notice of that year is in the framework
  it('cites the 2024 notice for a 2024 report and no notice for a 2025 or 2026 one', () => {
    const demo = buildDemoExport();
    expect(buildReportModel(demo, getFramework('cn-2024-gaozhi')).cover.notice?.number).toBe('教职成司函〔2024〕29号');
    for (const id of ['cn-2025-gaozhi', 'cn-2026-zhongzhi', 'cn-2025-qiye']) {
      const ws = { ...demo, profile: { ...demo.profile, reportYear: Number(id.slice(3, 7)) } };
      expect(buildReportModel(ws, getFramework(id)).cover.notice, id).toBeUndefined();
    }
  });
});
