/**
 * The rule modules of issue #10 one by one, where the planted-defect suite cannot reach: a framework without the
 * hand-written sum rule, a school without last year's data (the plausible band), the framework switches (yoy
 * override / off), citations of an imported framework that carry internal references, an earlier printed year
 * with no data at all, tables turned round, and the 「不适用」 mark stored in a real .qar.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import { getFramework } from '../core/framework/registry';
import { Framework } from '../core/framework/schema';
import type { Workspace } from '../core/model';
import { openWorkspace } from '../core/service';
import { compileFramework } from '../core/validate/compile';
import { validateWorkspace } from '../core/validate/engine';
import { charCount, humanCitationText, resolveCitation } from '../core/validate/format';
import { scanTable } from '../core/validate/narrative-growth';
import { createWorkspace } from '../core/workspace-io';
import { demoSchool, plant, zhongzhiSchool } from './fixtures/validate/schools';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-validate-rules-');
afterAll(() => tmp.cleanup());

const run = (ws: Workspace, fw = getFramework(ws.framework.id)) => validateWorkspace(ws, fw);
const rule = (ws: Workspace, id: string, fw?: Framework) => run(ws, fw).findings.filter((f) => f.ruleId === id);

/** A copy of a shipped framework, edited (a new object: compiled once per object). */
function edited(id: string, edit: (fw: Framework) => void): Framework {
  const fw = structuredClone(getFramework(id));
  edit(fw);
  return Framework.parse(fw);
}

describe('part of whole, from the declarations', () => {
  it('a whole marked sumOfParts equals its parts, when no framework rule says so', () => {
    const fw = edited('cn-2024-zhongzhi', (f) => {
      f.rules = f.rules.filter((r) => r.id !== 'consistency.grad_destinations_sum');
    });
    const ws = plant(zhongzhiSchool(), [{ id: 'grad_flexible', year: 2024, value: 60 }]);
    expect(rule(ws, 'builtin.part_whole', fw).map((f) => f.message)).toEqual([
      '2024年「毕业生数」为 620人，但其各组成项之和为 640人（协议和合同就业人数 150人 + 灵活就业人数 60人 + 自主创业人数 5人 + 升学人数 400人 + 待就业人数 20人 + 暂不就业人数 5人），相差 20人',
    ]);
    // with the framework's own rule, that rule speaks (its message and citation), not the built-in one
    expect(rule(ws, 'builtin.part_whole')).toEqual([]);
    expect(rule(ws, 'consistency.grad_destinations_sum')).toHaveLength(1);
  });

  it('a share under a share is no part: 满意度 sub-items are not bounded by 在校生满意度', () => {
    const ws = plant(demoSchool(), [{ id: 'sat_course_ideology', year: 2024, value: 99.5 }]);
    expect(rule(ws, 'builtin.part_whole')).toEqual([]);
  });
});

describe('unit slips without last year: the plausible band', () => {
  it('设备总值 typed in 元 by a school with no 2023 data: found through 生均设备值, at the part', () => {
    const ws = plant(zhongzhiSchool(), [{ id: 'equipment_value', year: 2024, value: 9000000 }]);
    ws.years = ws.years.filter((y) => y.year === 2024);
    ws.values = ws.values.filter((v) => v.year === 2024);
    const f = rule(ws, 'builtin.unit');
    expect(f.map((x) => x.message)).toEqual([
      '2024年「教学仪器设备总值」为 9000000.00万元，按此算出的「生均教学仪器设备值」为 37500000.00元，超出常见范围（300元～300000元）；很可能按「元」填写了以「万元」为单位的数，应为 900.00万元（「生均教学仪器设备值」将为 3750.00元）',
    ]);
    expect(f[0]?.detail?.suggestedValue).toBe(900);
  });

  it('0.95 in a % cell with no other year: the band of a satisfaction figure', () => {
    const ws = plant(zhongzhiSchool(), [{ id: 'sat_students', year: 2024, value: 0.955 }]);
    ws.values = ws.values.filter((v) => !(v.indicatorId === 'sat_students' && v.year === 2023));
    expect(rule(ws, 'builtin.unit').map((x) => x.detail?.suggestedValue)).toEqual([95.5]);
  });
});

describe('unit slips between two typed years: which year is the odd one out', () => {
  /** The unit findings of an indicator, as [year, message, suggested value]. */
  const unitAt = (ws: Workspace, id: string) =>
    rule(ws, 'builtin.unit')
      .filter((f) => f.location.type === 'cell' && f.location.indicatorId === id)
      .map((f) => [f.location.type === 'cell' ? f.location.year : 0, f.message, f.detail?.suggestedValue]);

  it('in a real .qar, 2025 设备总值 typed in 元 and 2026 right: the finding is at 2025, corrected to 6785.30万元', async () => {
    const path = join(tmp.dir, '设备总值两年.qar');
    createWorkspace(path, {
      profile: { name: '测试中职学校', code: '', level: '中职', category: '工科', region: '', reportYear: 2026 },
      framework: { id: 'cn-2024-zhongzhi', version: getFramework('cn-2024-zhongzhi').version },
    });
    const s = await openWorkspace(path);
    try {
      const fw = getFramework('cn-2024-zhongzhi');
      for (const year of [2025, 2026]) s.putYear({ year });
      s.setValues(
        [
          { year: 2025, indicatorId: 'students_fulltime', value: 2300 },
          { year: 2026, indicatorId: 'students_fulltime', value: 2400 },
          { year: 2025, indicatorId: 'equipment_value', value: 67853000 },
          { year: 2026, indicatorId: 'equipment_value', value: 6785.3 },
        ],
        'manual',
        fw,
      );
      const f = rule(s.getWorkspace(), 'builtin.unit');
      expect(f.map((x) => [x.location.type === 'cell' ? x.location.year : 0, x.message])).toEqual([
        [
          2025,
          '2025年「教学仪器设备总值」为 67853000.00万元，约为2026年（6785.30万元）的 1万倍；很可能按「元」填写了以「万元」为单位的数，应为 6785.30万元',
        ],
      ]);
      expect(f[0]?.detail?.suggestedValue).toBe(6785.3);
    } finally {
      s.close();
    }
  });

  it("the earlier year below its band, against the unit's usual direction: the band decides (2023)", () => {
    // 0.0864万元 in 2023 puts 生均设备值 at 0.38元; 900万元 in 2024 is in its band
    const ws = plant(zhongzhiSchool(), [{ id: 'equipment_value', year: 2023, value: 0.0864 }]);
    expect(unitAt(ws, 'equipment_value')).toEqual([
      [
        2023,
        '2023年「教学仪器设备总值」为 0.0864万元，约为2024年（900.00万元）的万分之一；数量级小了约 1万倍，很可能单位或位数填错，应为 864.00万元',
        864,
      ],
    ]);
  });

  it("no band, no derived value: the unit's usual slip (元 typed for 万元) names the earlier year", () => {
    const ws = plant(zhongzhiSchool(), [{ id: 'special_funding', year: 2023, value: 4800000 }]);
    expect(unitAt(ws, 'special_funding')).toEqual([
      [
        2023,
        '2023年「年财政专项经费」为 4800000.00万元，约为2024年（500.00万元）的 1万倍；很可能按「元」填写了以「万元」为单位的数，应为 480.00万元',
        480,
      ],
    ]);
  });

  it('nothing can tell which of two years is wrong: both named, neither corrected', () => {
    const ws = plant(zhongzhiSchool(), [{ id: 'staff_total', year: 2023, value: 17300 }]);
    const f = rule(ws, 'builtin.unit').filter(
      (x) => x.location.type === 'cell' && x.location.indicatorId === 'staff_total',
    );
    expect(f.map((x) => [x.location.type === 'cell' ? x.location.year : 0, x.message])).toEqual([
      [
        2024,
        '「教职工总数」2023年为 17300人，2024年为 180人，两年相差约 100倍；其中一年很可能单位或位数填错，仅凭已填数据无法判断是哪一年',
      ],
    ]);
    expect(f[0]?.detail?.suggestedValue).toBeUndefined();
    expect(f[0]?.hint).toBe(
      '请核对2023年和2024年的数值与单位（本指标单位：人），改正填错的那一年；若两年数值都属实，请在备注中说明原因。',
    );
    // the same jump is not also reported as a year-on-year change
    expect(
      run(ws).findings.filter(
        (x) => x.location.type === 'cell' && x.location.indicatorId === 'staff_total' && x.ruleId !== 'builtin.unit',
      ),
    ).toEqual([]);
  });

  it('a third typed year decides: the later of two years is the slip when the year before agrees with the earlier', () => {
    // the demo's 2022–2024 with 2023 left empty: 2024 has only 2022 beside it, and 2021 (typed) agrees with 2022
    const ws = demoSchool();
    const staff = (y: number) => ws.values.find((v) => v.indicatorId === 'staff_total' && v.year === y)!;
    const v2022 = staff(2022).value!;
    ws.years.push({ ...structuredClone(ws.years.find((y) => y.year === 2022)!), year: 2021 });
    ws.values.push({ ...structuredClone(staff(2022)), year: 2021, value: v2022 - 10 });
    staff(2023).value = null;
    const slipped = plant(ws, [{ id: 'staff_total', year: 2024, value: v2022 * 100 }]);
    expect(unitAt(slipped, 'staff_total').map(([y, , s]) => [y, s])).toEqual([[2024, v2022]]);
    // without the third year, two years alone cannot tell
    const alone = structuredClone(slipped);
    alone.values = alone.values.filter((v) => !(v.indicatorId === 'staff_total' && v.year === 2021));
    expect(unitAt(alone, 'staff_total').map(([y, , s]) => [y, s])).toEqual([[2024, undefined]]);
  });

  it('unchanged: the later year typed wrong is still found at the later year, corrected', () => {
    const ws = plant(zhongzhiSchool(), [{ id: 'special_funding', year: 2024, value: 5000000 }]);
    expect(unitAt(ws, 'special_funding').map(([y, , s]) => [y, s])).toEqual([[2024, 500]]);
  });

  it('0.955 typed for 95.5% in the earlier year: found there only (the later year was also "corrected" to 0.96%)', () => {
    const pct = plant(zhongzhiSchool(), [{ id: 'sat_students', year: 2023, value: 0.955 }]);
    expect(unitAt(pct, 'sat_students').map(([y, , s]) => [y, s])).toEqual([[2023, 95.5]]);
  });
});

describe('one slip, one finding, at the most severe level', () => {
  it("a unit slip that explains a province's error-level range finding takes its severity", () => {
    // a provincial framework may make a range an error; the unit note that replaces it must not make it a warning
    const strict = edited('cn-2024-zhongzhi', (f) => {
      const r = f.rules.find((x) => x.id === 'range.grad_monthly_income')!;
      r.severity = 'error';
    });
    const ws = plant(zhongzhiSchool(), [{ id: 'grad_monthly_income', year: 2024, value: 360000 }]);
    const at = run(ws, strict).findings.filter(
      (f) => f.location.type === 'cell' && f.location.indicatorId === 'grad_monthly_income' && f.location.year === 2024,
    );
    expect(at.map((f) => [f.ruleId, f.severity])).toEqual([['builtin.unit', 'error']]);
    expect(at[0]?.detail?.suggestedValue).toBe(3600);
    // with the shipped framework (range: a warning) the unit note stays a warning
    expect(rule(ws, 'builtin.unit').map((f) => f.severity)).toEqual(['warning']);
  });

  it('a 待核实 rule of any kind silences no other check: the year-on-year warning stays beside its note', () => {
    const fell = plant(demoSchool(), [{ id: 'counselors', year: 2024, value: 2 }]);
    const unconfirmed = edited('cn-2024-gaozhi', (f) => {
      const range = structuredClone(f.rules.find((r) => r.kind === 'range')!);
      f.rules.push({
        ...range,
        id: 'r.counselors',
        enabled: false,
        indicator: 'counselors',
        min: 10,
        max: 5000,
      } as never);
    });
    const at = run(fell, unconfirmed).findings.filter(
      (f) => f.location.type === 'cell' && f.location.indicatorId === 'counselors' && f.location.year === 2024,
    );
    expect(at.map((f) => [f.ruleId, f.severity, f.unconfirmed])).toEqual([
      ['national.counselors', 'warning', false],
      ['builtin.yoy_band', 'warning', false],
      ['r.counselors', 'info', true],
    ]);
  });

  it('a 待核实 completeness rule does not hide that a value the report uses is missing', () => {
    const ws = plant(demoSchool(), [{ id: 'grad_local_rate', year: 2024, value: null }]);
    expect(rule(ws, 'builtin.missing_used')).toHaveLength(1);
    const unconfirmed = edited('cn-2024-gaozhi', (f) => {
      f.rules.push({
        ...structuredClone(f.rules.find((r) => r.kind === 'completeness')!),
        id: 'c.local',
        enabled: false,
        indicators: ['grad_local_rate'],
      });
    });
    const at = run(ws, unconfirmed).findings.filter(
      (f) => f.location.type === 'cell' && f.location.indicatorId === 'grad_local_rate' && f.location.year === 2024,
    );
    expect(at.map((f) => [f.ruleId, f.severity])).toEqual([
      ['builtin.missing_used', 'warning'],
      ['c.local', 'info'],
    ]);
  });
});

describe('year-on-year band: a default for every indicator, switchable in the framework', () => {
  const halved = () => plant(zhongzhiSchool(), [{ id: 'grad_monthly_income', year: 2024, value: 1700 }]);
  it('by default: a warning beyond twice the band', () => {
    expect(rule(halved(), 'builtin.yoy_band').map((f) => f.severity)).toEqual(['warning']);
  });
  it('a fall counts like the rise it undoes: a count falling to a thirtieth is a warning', () => {
    const fell = plant(demoSchool(), [{ id: 'counselors', year: 2024, value: 2 }]);
    const f = rule(fell, 'builtin.yoy_band');
    expect(f.map((x) => [x.severity, x.message])).toEqual([
      [
        'warning',
        '「专职辅导员数」由2023年的 61人 变为2024年的 2人，下降 96.7%，超过常见的年度变化幅度（±50%），请再次核对',
      ],
    ]);
  });
  it('off for one indicator, or a wider band', () => {
    const off = edited('cn-2024-zhongzhi', (f) => {
      f.tables[0]!.indicators.find((i) => i.id === 'grad_monthly_income')!.yoy = false;
    });
    expect(rule(halved(), 'builtin.yoy_band', off)).toEqual([]);
    const wide = edited('cn-2024-zhongzhi', (f) => {
      f.tables[0]!.indicators.find((i) => i.id === 'grad_monthly_income')!.yoy = { maxChange: 0.4 };
    });
    // a fall of about 43% (as a ratio either way, about 1.75): beyond ±40%, within twice it
    const fell = plant(zhongzhiSchool(), [{ id: 'grad_monthly_income', year: 2024, value: 2050 }]);
    const f = rule(fell, 'builtin.yoy_band', wide);
    expect(f.map((x) => x.severity)).toEqual(['info']);
    expect(f[0]?.message).toContain('（±40%）');
  });
});

describe('citations shown to users', () => {
  it('an imported framework with file names and notes in its citation: shown without them, kept in detail', () => {
    const shown = humanCitationText('生师比=折合在校生数/教师总数（转述，见 shared/domain 研究笔记）');
    expect(shown.shown).toBe('生师比=折合在校生数/教师总数（转述）');
    expect(shown.removed).toEqual(['转述，见 shared/domain 研究笔记']);
    expect(humanCitationText('§8 内部不一致').shown).toBe('');
    const fw = getFramework('cn-2024-gaozhi');
    const c = resolveCitation(fw, {
      doc: 'cq2024',
      where: '7.3 条件支撑',
      seed: '003_8cc0f5bbd6b51b9c.txt:3273',
      quote: '年生均财政拨款 13396.58 元（见 seed003_spec.md §7）',
      note: '',
    });
    expect(c?.text).toBe('《重庆市职业教育质量年度报告（2024年度）》7.3 条件支撑');
    expect(c?.quote).toBe('年生均财政拨款 13396.58 元');
    expect(c?.seed).toBe('');
  });

  it('no citation of the shipped frameworks shows an internal reference', () => {
    const internal = /[A-Za-z0-9_.-]+\.(txt|md|json|ts)\b|shared\/|§\s*\d|研究笔记/;
    for (const id of ['cn-2024-gaozhi', 'cn-2024-zhongzhi']) {
      const fw = getFramework(id);
      const all = [
        ...fw.rules.map((r) => r.citation),
        ...fw.tables.flatMap((t) => t.indicators.map((i) => i.citation)),
      ];
      for (const c of all) {
        if (!c) continue;
        const r = resolveCitation(fw, c)!;
        expect(`${r.text}${r.quote}`, c.doc).not.toMatch(internal);
        // the data itself is clean: nothing had to be taken out at run time
        expect(humanCitationText(c.quote).removed, c.quote).toEqual([]);
      }
    }
  });
});

describe('every printed year', () => {
  it('an earlier year without any data is one warning, not one per cell', () => {
    const ws = zhongzhiSchool();
    ws.values = ws.values.filter((v) => v.year !== 2023);
    const f = rule(ws, 'builtin.required');
    expect(f.map((x) => [x.severity, x.location.type === 'workspace' && x.location.label, x.message])).toEqual([
      [
        'warning',
        '附表：2023年数据',
        '2023年还没有填写任何数据，附表同时打印2023年和2024年的数据，2023年一列将全部空白',
      ],
    ]);
  });

  it('validating another year checks that report: its own year and the year before', () => {
    const ws = plant(zhongzhiSchool(), [{ id: 'invention_patents', year: 2023, value: 9 }]);
    const years = (year: number) =>
      validateWorkspace(ws, getFramework(ws.framework.id), { year })
        .findings.filter((f) => f.ruleId === 'builtin.part_whole')
        .map((f) => f.location.type === 'cell' && f.location.year);
    expect(years(2024)).toEqual([2023]);
    expect(years(2023)).toEqual([2023]);
  });
});

describe('numbers in table blocks', () => {
  const matcher = compileFramework(getFramework('cn-2024-zhongzhi')).rules.find((r) => r.rule.kind === 'narrative')!
    .narrative!;
  it('years across (with units in the head) or down the first column', () => {
    const across = scanTable(
      {
        kind: 'table',
        caption: '',
        columns: ['指标', '2023年', '2024年'],
        rows: [['专任教师（人）', '134', '140']],
        source: '',
      },
      matcher,
      2024,
    );
    expect(across.map((h) => `${h.indicatorId}:${h.year}=${h.writtenText}`)).toEqual([
      'teachers_fulltime:2023=134人',
      'teachers_fulltime:2024=140人',
    ]);
    const down = scanTable(
      {
        kind: 'table',
        caption: '',
        columns: ['年度', '专任教师', '生师比'],
        rows: [['2024年', '140', '17.14']],
        source: '',
      },
      matcher,
      2024,
    );
    expect(down.map((h) => `${h.indicatorId}:${h.year}=${h.written}`)).toEqual([
      'teachers_fulltime:2024=140',
      'student_teacher_ratio:2024=17.14',
    ]);
    // a table that is not about indicators is not read
    expect(
      scanTable(
        { kind: 'table', caption: '', columns: ['序号', '课程名称'], rows: [['1', '数控加工']], source: '' },
        matcher,
        2024,
      ),
    ).toEqual([]);
  });
});

describe('case length as the conventions count', () => {
  it('汉字 and Chinese punctuation 1 each, a number 1, spaces 0', () => {
    // 1087 汉字, two numbers (1 字 each, not 7), two marks of punctuation
    const body = `${'学校深化产教融合推进岗课赛证综合育人'.repeat(60)}，2024年培训教师120人次。`;
    expect([...body].length).toBe(1096);
    expect(charCount(body)).toBe(1091);
  });

  it('a number keeps its . , : - % inside, not the punctuation after it', () => {
    expect(charCount('95.2%')).toBe(1);
    expect(charCount('1,200人')).toBe(2);
    expect(charCount('2024-2025学年')).toBe(3);
    expect(charCount('达到2024.')).toBe(4);
    expect(charCount('共120人, 占95%,')).toBe(7);
    expect(charCount('𠀀字')).toBe(2);
  });
});

describe('「不适用」 in a real .qar', () => {
  it('needs a reason, excludes a value, ends with a number, and survives export', async () => {
    const path = join(tmp.dir, '不适用.qar');
    createWorkspace(path, {
      profile: { name: '测试中职学校', code: '', level: '中职', category: '工科', region: '', reportYear: 2024 },
      framework: { id: 'cn-2024-zhongzhi', version: getFramework('cn-2024-zhongzhi').version },
    });
    const s = await openWorkspace(path);
    try {
      const fw = getFramework('cn-2024-zhongzhi');
      const refuse = (change: Parameters<typeof s.setValues>[0][number]) => {
        try {
          s.setValues([change], 'manual', fw);
        } catch (e) {
          expect(e).toBeInstanceOf(QarError);
          return (e as QarError).message;
        }
        return 'saved';
      };
      expect(refuse({ year: 2024, indicatorId: 'intl_students', value: null, notApplicable: true })).toBe(
        '2024年「全日制国（境）外留学生人数」：标为「不适用」时请在备注中说明原因（例如：本年度未开设该类专业）。没有保存任何修改。',
      );
      expect(refuse({ year: 2024, indicatorId: 'intl_students', value: 3, notApplicable: true, note: '无' })).toBe(
        '2024年「全日制国（境）外留学生人数」：标为「不适用」的单元格不能同时填写数值。没有保存任何修改。',
      );
      expect(s.getWorkspace().values).toEqual([]);
      s.setValues(
        [{ year: 2024, indicatorId: 'intl_students', value: null, notApplicable: true, note: '本校未招收留学生' }],
        'manual',
        fw,
      );
      const marked = s.getWorkspace().values;
      expect(marked).toMatchObject([
        { indicatorId: 'intl_students', value: null, notApplicable: true, note: '本校未招收留学生' },
      ]);
      expect(s.exportData().values[0]?.notApplicable).toBe(true);
      // emptied again (null): the mark stays; a number ends it
      s.setValues([{ year: 2024, indicatorId: 'intl_students', value: null }], 'manual', fw);
      expect(s.getWorkspace().values[0]?.notApplicable).toBe(true);
      s.setValues([{ year: 2024, indicatorId: 'intl_students', value: 2 }], 'manual', fw);
      expect(s.getWorkspace().values[0]).not.toHaveProperty('notApplicable');
    } finally {
      s.close();
    }
  });
});
