/**
 * The planted-defect suite of issue #10: each slip a district reviewer would red-pen, planted on a clean school
 * (the demo 高职 school, a new 中职 school, the 中职 school in a year without graduates; tests/fixtures/validate),
 * must bring exactly the findings listed — rule, kind, severity, place and message — and nothing else; the clean
 * schools give no error and no warning. Values are planted as the app saves them (derived copies follow).
 */
import { describe, expect, it } from 'vitest';
import { getFramework } from '../core/framework/registry';
import type { Workspace } from '../core/model';
import { buildReportModel } from '../core/report/build';
import { validateWorkspace } from '../core/validate/engine';
import type { Finding, FindingLocation } from '../core/validate/types';
import { demoSchool, noGraduatesSchool, plant, zhongzhiSchool } from './fixtures/validate/schools';
import { SLIPS } from './fixtures/validate/slips';

type Expected = [ruleId: string, kind: string, severity: Finding['severity'], where: string, message: string];

function where(l: FindingLocation): string {
  if (l.type === 'cell') return `cell:${l.indicatorId}:${l.year}`;
  if (l.type === 'block') return `block:${l.blockId ?? l.chapterId}`;
  return `workspace:${l.label}`;
}

const run = (ws: Workspace) => validateWorkspace(ws, getFramework(ws.framework.id));

/** The findings a slip brings: those of the planted school that the clean one does not have. */
function brought(base: Workspace, planted: Workspace): Finding[] {
  const before = new Set(run(base).findings.map((f) => `${f.key}|${f.message}`));
  return run(planted).findings.filter((f) => !before.has(`${f.key}|${f.message}`));
}

const EXPECTED: Record<string, Expected[]> = {
  '高职: 发明专利授权数 above 专利授权数': [
    [
      'builtin.part_whole',
      'part-whole',
      'error',
      'cell:invention_patents:2024',
      '2024年「发明专利授权数」为 120项，多于它所属的「专利授权数」93项（多 27项）；其中项不能大于总数',
    ],
  ],
  '中职: 发明专利授权数 above 专利授权数': [
    [
      'builtin.part_whole',
      'part-whole',
      'error',
      'cell:invention_patents:2024',
      '2024年「发明专利授权数」为 6项，多于它所属的「专利授权数」4项（多 2项）；其中项不能大于总数',
    ],
  ],
  '高职: 设备总值 typed in 元': [
    [
      'builtin.unit',
      'unit',
      'warning',
      'cell:equipment_value:2024',
      '2024年「教学科研仪器设备总值」为 74968000.00万元，约为2023年（6785.30万元）的 1万倍；很可能按「元」填写了以「万元」为单位的数，应为 7496.80万元',
    ],
  ],
  '高职: 0.9618 for 毕业生满意度 96.18%': [
    [
      'narrative.key_numbers',
      'narrative',
      'warning',
      'block:ch-2024-talent',
      '正文写「毕业生满意度」为96.18%，数据表中2024年为0.9618%。',
    ],
    [
      'narrative.key_numbers',
      'narrative',
      'warning',
      'block:blk-2024-talent-employment-04',
      '正文写「毕业生满意度」为96.18%，数据表中2024年为0.9618%。',
    ],
    [
      'builtin.unit',
      'unit',
      'warning',
      'cell:sat_graduates:2024',
      '2024年「毕业生满意度」为 0.9618%，约为2023年（95.86%）的百分之一；很可能把百分比按小数填写了（百分比单元格填百分数，95% 填 95），应为 96.18%',
    ],
  ],
  '高职: 非学历培训人次 14,380 read as 14.38': [
    [
      'builtin.type',
      'type',
      'error',
      'cell:training_person_times:2024',
      '2024年「非学历培训人次」为 14.38人次，人数、个数等应为整数',
    ],
    [
      'builtin.unit',
      'unit',
      'warning',
      'cell:training_person_times:2024',
      '2024年「非学历培训人次」为 14.38人次，约为2023年（12940人次）的千分之一；很可能把千位分隔符当成了小数点（或粘贴时丢了后三位），应为 14380人次',
    ],
  ],
  '中职: 设备总值 typed in 元': [
    [
      'builtin.unit',
      'unit',
      'warning',
      'cell:equipment_value:2024',
      '2024年「教学仪器设备总值」为 9000000.00万元，约为2023年（864.00万元）的 1万倍；很可能按「元」填写了以「万元」为单位的数，应为 900.00万元',
    ],
  ],
  '中职: 0.972 for 用人单位满意度 97.2%': [
    [
      'builtin.unit',
      'unit',
      'warning',
      'cell:sat_employers:2024',
      '2024年「用人单位满意度」为 0.972%，约为2023年（97.20%）的百分之一；很可能把百分比按小数填写了（百分比单元格填百分数，95% 填 95），应为 97.20%',
    ],
  ],
  '高职: 合作企业数 352 → 900': [
    [
      'builtin.yoy_band',
      'yoy-band',
      'warning',
      'cell:partner_enterprises:2024',
      '「合作企业数」由2023年的 352家 变为2024年的 900家，增加 155.7%，超过常见的年度变化幅度（±50%），请再次核对',
    ],
  ],
  '中职: 毕业生就业半年内平均月收入 halves': [
    [
      'builtin.yoy_band',
      'yoy-band',
      'warning',
      'cell:grad_monthly_income:2024',
      '「毕业生就业半年内平均月收入」由2023年的 3456.48元 变为2024年的 1700.00元，下降 50.8%，超过常见的年度变化幅度（±20%），请再次核对',
    ],
  ],
  '高职: 本省去向落实率 reported in 2023, empty in 2024': [
    [
      'builtin.missing_used',
      'missing',
      'warning',
      'cell:grad_local_rate:2024',
      '2024年「本省去向落实率」未填写，但2023年填报为 71.38%，附表将两年并列',
    ],
  ],
  '中职: 非学历培训人次 reported in 2023, empty in 2024': [
    [
      'builtin.missing_used',
      'missing',
      'warning',
      'cell:training_person_times:2024',
      '2024年「非学历培训人次」未填写，但2023年填报为 2880人次，附表将两年并列',
    ],
  ],
  '高职: text refers to 图 2-99': [
    [
      'builtin.figures',
      'figures',
      'warning',
      'block:blk-2024-overview-scale-01',
      '正文提到「图 2-99」，但报告中没有图 2-99（第 2 章的图为 图 2-1～图 2-7）',
    ],
  ],
  '高职: a chart of years without data': [
    [
      'builtin.figures',
      'figures',
      'warning',
      'block:blk-2024-talent-experience-02',
      '图 2-2「2022-2024年学校在校生满意度（%）」所用指标在所示年份（2019年、2020年）都没有数据，图将是空的',
    ],
  ],
  '高职: an empty table': [
    [
      'builtin.figures',
      'figures',
      'warning',
      'block:blk-2024-talent-skills-02',
      '表 2-1「2024年学校技能大赛获奖情况」没有内容，报告中将是一张空表',
    ],
  ],
  '中职: a photo without credit, text refers to 【案例 2-5】': [
    [
      'builtin.figures',
      'figures',
      'warning',
      'block:zz-overview-scale-1',
      '正文提到「【案例 2-5】」，但报告中没有【案例 2-5】（第 2 章的案例为【案例 2-1】）',
    ],
    [
      'builtin.figures',
      'figures',
      'info',
      'block:zz-support-conditions-2',
      '图 7-1「学校新建实训楼」没有注明图片来源（拍摄者或提供单位）',
    ],
  ],
  '高职: 较2023年增加 686 人 written as 700': [
    [
      'narrative.key_numbers',
      'narrative',
      'warning',
      'block:blk-2024-overview-scale-01',
      '正文写「全日制在校生12216人，较2023年增加700人」，但2023年为 11530人、2024年为 12216人，实际增加 686人',
    ],
  ],
  '中职: a change written wrong and a table cell that differs': [
    [
      'narrative.key_numbers',
      'narrative',
      'warning',
      'block:zz-overview-scale-2',
      '正文写「专任教师数」为145人，数据表中2024年为140人。',
    ],
    [
      'narrative.key_numbers',
      'narrative',
      'warning',
      'block:zz-overview-scale-1',
      '正文写「全日制学历教育在校生2400人，较2023年增加150人」，但2023年为 2304人、2024年为 2400人，实际增加 96人',
    ],
  ],
  '无毕业生: the text still cites 毕业生人数': [
    [
      'narrative.key_numbers',
      'narrative',
      'warning',
      'block:zz-talent-employment-1',
      '正文写「毕业生人数620人」，但数据表中没有2024年的「毕业生数」：正文引用了表中没有的数字',
    ],
  ],
  '中职: a case over 1000 字 (1087 汉字, two numbers, punctuation)': [
    [
      'structure.case_length',
      'structure',
      'warning',
      'block:zz-talent-skills-2',
      '案例「岗课赛证融通，技能成长见实效」正文1091字，超过1000字（按 Word「字数统计」的计法：汉字和中文标点各计 1 字，连续的数字或字母计 1 字，不计标题和空格）',
    ],
  ],
  '高职: a negative amount (built-in type rule)': [
    [
      'builtin.type',
      'type',
      'error',
      'cell:internship_insurance:2024',
      '2024年「实习责任保险经费」为 -22.18万元，金额不能为负数',
    ],
  ],
  '高职: 2023 用人单位满意度 107 (the appendix prints 2023)': [
    [
      'builtin.type',
      'type',
      'error',
      'cell:sat_employers:2023',
      '2023年「用人单位满意度」为 107%，百分比应在 0～100 之间',
    ],
  ],
  '中职: 2023 “双师型”教师 above 专业课教师': [
    [
      'consistency.teachers_dual',
      'consistency',
      'error',
      'cell:teachers_dual:2023',
      '2023年“双师型”教师数（95人）多于专业课教师数（86人），部分不能大于整体。（“双师型”教师数 95人，专业课教师数 86人）',
    ],
    [
      'builtin.type',
      'type',
      'error',
      'cell:dual_teacher_rate:2023',
      '2023年「“双师型”教师比例」按公式计算为 110.47%，百分比应在 0～100 之间',
    ],
  ],
};

/** Internal references that must never reach a user: seed or note file names, paths, § of a research note. */
const INTERNAL = /[A-Za-z0-9_.-]+\.(txt|md|json|ts)\b|shared\/|§\s*\d|研究笔记/;

describe('planted slips: exactly the findings a reviewer would red-pen', () => {
  for (const slip of SLIPS) {
    it(`${slip.cls} — ${slip.name}`, () => {
      const got = brought(slip.base(), slip.make());
      expect(got.map((f) => [f.ruleId, f.kind, f.severity, where(f.location), f.message])).toEqual(EXPECTED[slip.name]);
      for (const f of got) {
        // what the user reads never holds an internal reference; the machine reference is in detail
        for (const text of [f.message, f.hint, f.citation?.text ?? '', f.citation?.quote ?? ''])
          expect(text, f.ruleId).not.toMatch(INTERNAL);
        expect(f.citation, f.ruleId).not.toBeNull();
        expect(f.hint.length, f.ruleId).toBeGreaterThan(8);
      }
    });
  }

  it('every class is planted, on the 高职 demo and on a 中职 school', () => {
    const classes = ['part-whole', 'unit', 'yoy', 'completeness', 'figures', 'narrative', 'message', 'years'];
    for (const cls of classes) {
      const levels = new Set(SLIPS.filter((s) => s.cls === cls).map((s) => s.base().profile.level));
      expect([...levels].sort(), cls).toEqual(['中职', '高职']);
    }
    // and each one is found
    expect(SLIPS.every((s) => (EXPECTED[s.name] ?? []).length > 0)).toBe(true);
  });
});

describe('clean schools: no error, no warning', () => {
  for (const [name, make] of [
    ['the demo (高职)', demoSchool],
    ['a new 中职 school', zhongzhiSchool],
    ['a 中职 school without graduates in 2024', noGraduatesSchool],
  ] as const) {
    it(name, () => {
      const r = run(make());
      expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
      // the notes left are provincial targets not yet due
      for (const f of r.findings) expect(f.kind, f.message).toBe('target');
      // the text's numbers were read and compared, not skipped
      expect(r.ruleStatus['narrative.key_numbers']).toBe('pass');
    });
  }
});

describe('「不适用」 clears a completeness finding honestly', () => {
  it('marked with its reason: no finding, and the appendix prints 不适用', () => {
    const ws = plant(demoSchool(), [{ id: 'grad_local_rate', year: 2024, value: null }]);
    expect(run(ws).findings.filter((f) => f.ruleId === 'builtin.missing_used')).toHaveLength(1);
    const row = ws.values.find((v) => v.indicatorId === 'grad_local_rate' && v.year === 2024)!;
    row.notApplicable = true;
    row.note = '本校2024届毕业生均为定向培养，不统计本省去向落实率';
    expect(run(ws).findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const model = buildReportModel(ws, getFramework(ws.framework.id));
    const printed = model.appendix.tables.flatMap((t) => t.rows).find((r) => r.indicatorId === 'grad_local_rate');
    expect(printed?.values).toEqual(['71.38', '不适用']);
  });
});
