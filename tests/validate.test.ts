import { describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import type { Framework } from '../core/framework/schema';
import type { Workspace } from '../core/model';
import { compileFramework } from '../core/validate/compile';
import { validateWorkspace } from '../core/validate/engine';
import { ValidationResult } from '../core/validate/types';
import {
  cleanWorkspace,
  loadTestFramework,
  removeValue,
  setBlock,
  setValue,
  testOutline,
} from './fixtures/validate/workspace';

const fw = loadTestFramework();
const run = (ws: Workspace, year?: number, f: Framework = fw) =>
  validateWorkspace(ws, f, { outline: testOutline, year });
const only = (ws: Workspace, ruleId: string) => run(ws).findings.filter((f) => f.ruleId === ruleId);

describe('validateWorkspace: the clean workspace', () => {
  it('has no findings and every applicable rule passes', () => {
    const r = run(cleanWorkspace());
    expect(() => ValidationResult.parse(r)).not.toThrow();
    expect(r.findings).toEqual([]);
    expect(r.summary).toEqual({ error: 0, warning: 0, info: 0 });
    expect(r.ruleStatus['n.numbers']).toBe('pass');
    expect(r.ruleStatus['u.sat95']).toBe('unconfirmed');
    // the 医药 threshold does not apply to a 工科 school
    expect(r.ruleStatus['t.stratio.medical']).toBeUndefined();
  });
});

describe('built-in per-indicator checks', () => {
  it('required values: missing → error at the cell, citing the built-in rule (not the indicator source)', () => {
    const r = run(removeValue(cleanWorkspace(), 2024, 'grad_total'));
    const f = r.findings.filter((x) => x.ruleId === 'builtin.required');
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('error');
    expect(f[0]?.location).toEqual({
      type: 'cell',
      tableId: 'scorecard',
      tableName: '人才培养质量计分卡',
      indicatorId: 'grad_total',
      indicatorName: '毕业生数',
      year: 2024,
    });
    expect(f[0]?.message).toContain('2024年「毕业生数」未填写');
    expect(f[0]?.citation?.text).toBe('质量年报工作台内置规则「必填指标」');
    expect(f[0]?.citation?.quote).toContain('毕业生相关指标在有毕业生的年度须填写');
    expect(r.ruleStatus['builtin.required']).toBe('fail');
  });

  it('a null value is missing, never 0', () => {
    const f = only(setValue(cleanWorkspace(), 2024, 'sat_grad', null), 'builtin.required');
    expect(f.map((x) => x.location.type === 'cell' && x.location.indicatorId)).toEqual(['sat_grad']);
  });

  it("'graduates' indicators are required only in a year with graduates", () => {
    const ws = cleanWorkspace();
    for (const id of ['grad_total', 'grad_placed', 'grad_placement_rate']) removeValue(ws, 2024, id);
    // the rate cannot be computed: its missing parts (both required) carry the findings, not the computed cell
    const missing = only(ws, 'builtin.required');
    expect(missing.map((x) => x.location.type === 'cell' && x.location.indicatorId).sort()).toEqual([
      'grad_placed',
      'grad_total',
    ]);
    ws.years[1]!.hasGraduates = false;
    expect(only(ws, 'builtin.required')).toHaveLength(0);
    // a text that still cites the placement rate cites a figure the tables do not have
    expect(only(ws, 'n.numbers').map((f) => f.message)).toEqual([
      '正文写「毕业去向落实率为 95%」，但数据表中没有2024年的「毕业去向落实率」：正文引用了表中没有的数字',
    ]);
    setBlock(ws, 'b-para', { kind: 'paragraph', lead: '', text: '学校现有全日制在校生 3600 人，专任教师 200 人。' });
    expect(run(ws).findings).toEqual([]);
  });

  it('a derived indicator that can be computed counts as present', () => {
    const r = run(removeValue(cleanWorkspace(), 2024, 'grad_placement_rate'));
    expect(r.findings).toEqual([]);
  });

  it('types: percent over 100, negative and fractional counts, negative money', () => {
    const ws = cleanWorkspace();
    setValue(ws, 2024, 'sat_grad', 101);
    setValue(ws, 2024, 'training_persons', 12.5);
    setValue(ws, 2024, 'intl_students', -1);
    setValue(ws, 2024, 'funding_per_student', -5);
    const f = only(ws, 'builtin.type');
    expect(f.map((x) => [x.location.type === 'cell' && x.location.indicatorId, x.severity])).toEqual([
      ['sat_grad', 'error'],
      ['training_persons', 'error'],
      ['intl_students', 'error'],
      ['funding_per_student', 'error'],
    ]);
    expect(f[0]?.message).toBe('2024年「毕业生满意度」为 101%，百分比应在 0～100 之间');
    expect(f[1]?.message).toContain('应为整数');
    expect(f[3]?.message).toContain('-5元');
  });

  it('decimals beyond the declared ones → warning showing how it will print', () => {
    const f = only(setValue(cleanWorkspace(), 2024, 'sat_grad', 96.456), 'builtin.decimals');
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('warning');
    expect(f[0]?.message).toBe('2024年「毕业生满意度」为 96.456%，超过规定的 2 位小数，报告中将显示为 96.46%');
    expect(only(setValue(cleanWorkspace(), 2024, 'sat_grad', 96.45), 'builtin.decimals')).toHaveLength(0);
  });
});

describe('framework rules, each both ways', () => {
  it('completeness', () => {
    expect(only(cleanWorkspace(), 'c.training')).toHaveLength(0);
    const f = only(removeValue(cleanWorkspace(), 2024, 'training_persons'), 'c.training');
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('warning');
    expect(f[0]?.message).toBe('2024年「培训人次」未填写（服务贡献数据完整）');
    expect(f[0]?.citation?.where).toBe('二（三）');
  });

  // A required value that is missing is an error wherever else it is listed: a completeness rule of lower severity
  // (a warning, or a 待核实 rule's info) must not turn it into one (2026 audit: 全日制在校生数 showed as a warning)
  const withCompleteness = (over: Partial<Framework['rules'][number]>) =>
    ({ ...fw, rules: [...fw.rules, { ...fw.rules[0]!, id: 'c.sat', indicators: ['sat_grad'], ...over }] }) as Framework;
  const satCells = (f: Framework) => {
    const r = run(removeValue(cleanWorkspace(), 2024, 'sat_grad'), undefined, f);
    const cells = r.findings.filter((x) => x.location.type === 'cell' && x.location.indicatorId === 'sat_grad');
    return { r, cells };
  };

  it('completeness (a warning) and required on the same cell: reported once, as the error', () => {
    expect(fw.rules[0]?.kind).toBe('completeness');
    expect(fw.rules[0]?.severity).toBe('warning');
    const { r, cells } = satCells(withCompleteness({}));
    expect(cells.map((x) => [x.ruleId, x.severity])).toEqual([['builtin.required', 'error']]);
    expect(r.ruleStatus['c.sat']).toBe('fail');
    expect(r.ruleStatus['builtin.required']).toBe('fail');
  });

  it('completeness (an error) and required on the same cell: reported once, by the completeness rule', () => {
    const { cells } = satCells(withCompleteness({ severity: 'error' }));
    expect(cells.map((x) => [x.ruleId, x.severity])).toEqual([['c.sat', 'error']]);
  });

  it('a 待核实 completeness rule on a required cell leaves the required error standing', () => {
    const { r, cells } = satCells(withCompleteness({ enabled: false }));
    // the rule's own 待核实 note stays: it says something else (what the unconfirmed rule would report)
    expect(cells.map((x) => [x.ruleId, x.severity, x.unconfirmed])).toEqual([
      ['builtin.required', 'error', false],
      ['c.sat', 'info', true],
    ]);
    expect(r.ruleStatus['c.sat']).toBe('unconfirmed');
  });

  it('range: message template with {year} {value} {min}', () => {
    expect(only(cleanWorkspace(), 'r.sat_grad')).toHaveLength(0);
    const f = only(setValue(cleanWorkspace(), 2024, 'sat_grad', 55), 'r.sat_grad');
    expect(f.map((x) => x.message)).toEqual(['2024年毕业生满意度为 55.00%，低于常见水平 60.00%']);
  });

  it('range: no value → nodata, not a failure', () => {
    // the range is checked in every year the appendix prints (2023 and 2024): no value in either → no data
    const r = run(removeValue(removeValue(cleanWorkspace(), 2024, 'sat_grad'), 2023, 'sat_grad'));
    expect(r.ruleStatus['r.sat_grad']).toBe('nodata');
    expect(r.findings.filter((x) => x.ruleId === 'r.sat_grad')).toHaveLength(0);
    // the status speaks of the report year: a value in 2023 alone leaves 2024 without data
    expect(run(removeValue(cleanWorkspace(), 2024, 'sat_grad')).ruleStatus['r.sat_grad']).toBe('nodata');
  });

  it('consistency: shows the values involved', () => {
    expect(only(cleanWorkspace(), 'k.double_le_total')).toHaveLength(0);
    const f = only(setValue(cleanWorkspace(), 2024, 'teachers_double', 230), 'k.double_le_total');
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('error');
    expect(f[0]?.message).toBe('“双师型”教师数不能超过专任教师数（“双师型”教师数 230人，专任教师数 200人）');
    expect(f[0]?.location).toMatchObject({ type: 'cell', indicatorId: 'teachers_double', year: 2024 });
  });

  it('consistency: generated message when the rule has none; `when` gates it', () => {
    const ws = setValue(cleanWorkspace(), 2024, 'grad_placed', 420);
    const f = only(ws, 'k.placed_le_total');
    expect(f[0]?.message).toBe('2024年数据不一致：落实人数不超过毕业生数（毕业去向落实人数 420人，毕业生数 400人）');
    // without grad_total the `when` is false: the rule passes rather than failing on missing data
    removeValue(ws, 2024, 'grad_total');
    const r = run(ws);
    expect(r.ruleStatus['k.placed_le_total']).toBe('pass');
  });

  it('derived: stated value compared with the recomputation', () => {
    expect(only(setValue(cleanWorkspace(), 2024, 'grad_placement_rate', 95.005), 'd.placement_rate')).toHaveLength(0);
    const f = only(setValue(cleanWorkspace(), 2024, 'grad_placement_rate', 96.5), 'd.placement_rate');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toBe('2024年「毕业去向落实率」填报为 96.50%，按填报数据计算应为 95.00%（相差 1.50个百分点）');
    expect(f[0]?.hint).toContain('毕业去向落实人数 380人，毕业生数 400人');
  });

  it('yoy: flags a change beyond maxChange for a second look', () => {
    expect(only(cleanWorkspace(), 'y.main')).toHaveLength(0);
    const f = only(setValue(cleanWorkspace(), 2024, 'tech_service_income', 1000), 'y.main');
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('warning');
    expect(f[0]?.message).toBe(
      '「横向技术服务到款额」由2023年的 450.00万元 变为2024年的 1000.00万元，变化 +122.2%，超过 ±50%，请再次核对',
    );
    const drop = only(setValue(cleanWorkspace(), 2024, 'students_fulltime', 1500), 'y.main');
    expect(drop[0]?.message).toContain('-53.1%');
    expect(run(removeValue(cleanWorkspace(), 2023, 'students_fulltime')).ruleStatus['y.main']).toBe('pass');
  });

  it('threshold: national standard, restricted by school category', () => {
    const ws = setValue(cleanWorkspace(), 2024, 'students_fulltime', 3700); // 18.5:1
    const f = only(ws, 't.stratio.general');
    expect(f).toHaveLength(1);
    expect(f[0]?.message).toBe('2024年生师比为 18.50:1，高于国家标准 18.00:1');
    // shown: the document, its 文号 and the place in it; the seed lines only in the machine detail
    expect(f[0]?.citation?.text).toBe('《普通高等学校基本办学条件指标（试行）》（教发〔2004〕2号）表一');
    expect(f[0]?.citation?.seed).toBe('');
    expect(f[0]?.detail?.source).toBe('001_ff79f49185d5f0d4.txt:6540-6542');
    // a 医药 school is held to 16 instead (and 18 does not apply)
    const med = cleanWorkspace();
    med.profile.category = '医药';
    const r = run(med);
    expect(r.findings.map((x) => x.ruleId)).toEqual(['t.stratio.medical']);
    expect(r.ruleStatus['t.stratio.general']).toBeUndefined();
    expect(r.findings[0]?.message).toBe('2024年「生师比」为 18.00:1，未达到生师比国家标准（医药）（标准：16.00:1）');
  });

  it('target before its deadline: progress info with the distance to go', () => {
    const ws = setValue(cleanWorkspace(), 2024, 'teachers_double', 110); // 55 %
    const r = run(ws);
    const f = r.findings.filter((x) => x.ruleId === 'g.double_ratio');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'info', status: 'progress' });
    expect(f[0]?.message).toBe('2024年「“双师型”教师比例」为 55.00%，距2025年目标 60.00%还差 5.00个百分点');
    expect(r.ruleStatus['g.double_ratio']).toBe('pass');
  });

  it('target from its deadline on: a shortfall with the rule severity', () => {
    const ws = setValue(cleanWorkspace(), 2025, 'teachers_double', 110);
    ws.profile.reportYear = 2025;
    for (const [id, v] of Object.entries({ teachers_fulltime: 200, students_fulltime: 3600 }))
      setValue(ws, 2025, id, v);
    const f = run(ws).findings.filter((x) => x.ruleId === 'g.double_ratio');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'warning', status: 'fail' });
    expect(f[0]?.message).toBe('2025年「“双师型”教师比例」为 55.00%，未达到2025年目标 60.00%（相差 5.00个百分点）');
    // met after the deadline → nothing
    setValue(ws, 2025, 'teachers_double', 130);
    expect(run(ws).ruleStatus['g.double_ratio']).toBe('pass');
    // a target whose deadline has passed and is not met
    expect(only(setValue(cleanWorkspace(), 2024, 'intl_students', 5), 'g.intl')[0]?.severity).toBe('warning');
  });

  it('disabled [U] rule: no error, ruleStatus unconfirmed, one 待核实 info when it would fail', () => {
    const r = run(setValue(cleanWorkspace(), 2024, 'sat_grad', 90));
    expect(r.summary.error).toBe(0);
    expect(r.ruleStatus['u.sat95']).toBe('unconfirmed');
    const f = r.findings.filter((x) => x.ruleId === 'u.sat95');
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'info', unconfirmed: true });
    expect(f[0]?.message.startsWith('待核实：')).toBe(true);
  });
});

describe('structure rules', () => {
  it('chapters-present: a missing chapter and an empty one', () => {
    const ws = cleanWorkspace();
    ws.chapters = ws.chapters.filter((c) => c.key !== 'service');
    let f = only(ws, 's.chapters');
    expect(f.map((x) => [x.message, x.location])).toEqual([
      ['2024年度报告缺少「服务贡献」一章', { type: 'workspace', label: '服务贡献' }],
    ]);
    const empty = cleanWorkspace();
    empty.blocks = empty.blocks.filter((b) => b.sectionId !== 'sec-emp');
    f = only(empty, 's.chapters');
    expect(f.map((x) => x.location)).toEqual([{ type: 'block', chapterId: 'ch-talent', chapterTitle: '人才培养' }]);
    expect(f[0]?.message).toBe('「人才培养」一章还没有内容');
    // optional chapters may be absent; chapters of other years do not count
    const other = cleanWorkspace();
    for (const c of other.chapters) c.year = 2023;
    expect(only(other, 's.chapters')).toHaveLength(2);
  });

  it('appendix-complete: one finding per table listing what is missing', () => {
    const ws = cleanWorkspace();
    removeValue(ws, 2024, 'grad_total');
    removeValue(ws, 2024, 'students_fulltime');
    const f = only(ws, 's.appendix');
    expect(f.map((x) => x.message)).toEqual(['附表「人才培养质量计分卡」缺少 2 项必填数据：毕业生数、全日制在校生数']);
  });

  it('case-title, case-length, figure-source, photo-caption', () => {
    const ws = cleanWorkspace();
    setBlock(ws, 'b-case', {
      kind: 'case',
      title: ' ',
      body: '字'.repeat(601),
      photos: [{ assetId: 'img-1', caption: '' }],
    });
    setBlock(ws, 'b-chart', {
      kind: 'chart',
      caption: '毕业去向落实率',
      chartType: 'bar',
      indicators: ['grad_placement_rate'],
      years: [],
      source: '',
    });
    setBlock(ws, 'b-photo', { kind: 'photo', assetId: 'img-2', caption: '' });
    const r = run(ws);
    const got = r.findings
      .filter((x) => x.ruleId.startsWith('s.'))
      .map((x) => [x.ruleId, x.location.type === 'block' ? x.location.blockId : '', x.message]);
    expect(got).toEqual([
      ['s.case_title', 'b-case', '「人才培养」中的第 1 个案例没有标题'],
      [
        's.case_length',
        'b-case',
        '案例「（无标题）」正文 601 字，超过 600 字（按 Word「字数统计」的计法：汉字和中文标点各计 1 字，连续的数字或字母计 1 字，不计标题和空格）',
      ],
      ['s.figure_source', 'b-chart', '图表「毕业去向落实率」没有注明数据来源'],
      ['s.photo_caption', 'b-case', '「人才培养」中案例「（无标题）」的 1 张图片没有图题'],
      ['s.photo_caption', 'b-photo', '「服务贡献」中一张图片没有图题'],
    ]);
    // whitespace does not count towards a case's length
    setBlock(ws, 'b-case', { kind: 'case', title: '案例', body: `${'字 '.repeat(600)}\n`, photos: [] });
    expect(only(ws, 's.case_length')).toHaveLength(0);
  });
});

describe('narrative numbers', () => {
  const para = (ws: Workspace, text: string) => setBlock(ws, 'b-para', { kind: 'paragraph', lead: '', text });

  it('a number that differs from the table → warning at the block', () => {
    const ws = para(cleanWorkspace(), '学校专任教师 210 人，毕业去向落实率为 96.2%。');
    const f = only(ws, 'n.numbers');
    expect(f.map((x) => x.message)).toEqual([
      '正文写「专任教师 210 人」，但2024年「专任教师数」填报为 200人，两处不一致',
      '正文写「毕业去向落实率为 96.2%」，但2024年「毕业去向落实率」填报为 95.00%，两处不一致',
    ]);
    expect(f[0]?.location).toEqual({
      type: 'block',
      chapterId: 'ch-talent',
      chapterTitle: '人才培养',
      sectionId: 'sec-emp',
      blockId: 'b-para',
    });
  });

  it('accepts rounding to the written decimals, unit conversions and ratios', () => {
    for (const text of [
      '毕业去向落实率达 95%。',
      '毕业去向落实率为95.0%。',
      '就业去向落实率为 95.00%。',
      '横向技术服务到款额 500.5 万元。',
      '横向技术服务到款额为 5005000 元。',
      '横向技术服务到款额共 0.05 亿元。',
      '全日制在校生 0.36 万人。',
      '生师比为 18∶1。',
      '全日制在校生共有 3,600 名。',
    ]) {
      const ws = para(cleanWorkspace(), text);
      const r = run(ws);
      expect(r.findings, text).toEqual([]);
      expect(r.ruleStatus['n.numbers'], text).toBe('pass');
    }
  });

  it('checks stated changes against the two years (个百分点, %, amounts, direction)', () => {
    const changes = (text: string) => only(para(cleanWorkspace(), text), 'n.numbers').map((f) => f.message);
    // 2023 → 2024: 毕业去向落实率 93.68% → 95.00%, 全日制在校生 3200 → 3600
    for (const right of [
      '毕业去向落实率较上年提高 1.32 个百分点。',
      '全日制在校生较2023年增加 400 人。',
      '全日制在校生较上年增长 12.5%。',
      '全日制在校生 3600 人，同比增长 12.50%。',
      '全日制在校生较上年增加约 400 人。',
      '全日制在校生较快增长。',
    ])
      expect(changes(right), right).toEqual([]);
    expect(changes('毕业去向落实率较上年提高 3 个百分点。')).toEqual([
      '正文写「毕业去向落实率较上年提高 3 个百分点」，但2023年为 93.68%、2024年为 95.00%，实际提高 1.32个百分点',
    ]);
    expect(changes('毕业去向落实率较上年增长 11.68%。')).toHaveLength(1);
    expect(changes('全日制在校生较2023年增加 500 人。')).toEqual([
      '正文写「全日制在校生较2023年增加 500 人」，但2023年为 3200人、2024年为 3600人，实际增加 400人',
    ]);
    expect(changes('毕业去向落实率较上年有所下降。')).toEqual([
      '正文写「毕业去向落实率较上年有所下降」，但2023年为 93.68%、2024年为 95.00%，实际提高 1.32个百分点',
    ]);
  });

  it('ignores approximations, ranks, other units and far-away numbers', () => {
    for (const text of [
      '毕业去向落实率超过 90%。',
      '毕业去向落实率约 90%。',
      '毕业去向落实率 90%以上。',
      '毕业去向落实率全市第 3。',
      '专任教师 200余人。',
      '专任教师中有硕士以上学位的 150 人。',
      '毕业去向落实率，在全市同类学校中处于前列并保持了多年的 90%。',
      '专任教师队伍结构持续优化，其中“双师型”教师 130 人。',
      '全日制在校生3600人次。',
      '毕业去向落实率目标为 98%。',
    ]) {
      const r = run(para(cleanWorkspace(), text));
      expect(
        r.findings.filter((x) => x.ruleId === 'n.numbers'),
        text,
      ).toEqual([]);
    }
  });

  it('a year in the text switches the comparison to that year', () => {
    expect(only(para(cleanWorkspace(), '2023年毕业去向落实率为 93.68%。'), 'n.numbers')).toHaveLength(0);
    expect(only(para(cleanWorkspace(), '上年专任教师 190 人。'), 'n.numbers')).toHaveLength(0);
    const f = only(para(cleanWorkspace(), '专任教师2023年为 200 人。'), 'n.numbers');
    expect(f[0]?.message).toContain('2023年「专任教师数」填报为 190人');
    // a year with no stored value is skipped
    expect(only(para(cleanWorkspace(), '2019年专任教师 100 人。'), 'n.numbers')).toHaveLength(0);
  });

  it('reads case bodies and chapter intros too', () => {
    const ws = cleanWorkspace();
    setBlock(ws, 'b-case', { kind: 'case', title: '就业', body: '毕业去向落实率达 99.95%。', photos: [] });
    ws.chapters[1]!.intro = '学校现有专任教师 250 人。';
    const f = only(ws, 'n.numbers');
    expect(f.map((x) => (x.location.type === 'block' ? (x.location.blockId ?? x.location.chapterId) : ''))).toEqual([
      'ch-service',
      'b-case',
    ]);
  });
});

describe('framework problems and speed-ups', () => {
  it('a rule referring to an unknown indicator is a FRAMEWORK error', () => {
    const bad = { ...fw, rules: [{ ...fw.rules[2]!, id: 'k.bad', expr: 'nosuch > 1' }] } as Framework;
    expect(() => run(cleanWorkspace(), undefined, bad)).toThrow(QarError);
    expect(() => run(cleanWorkspace(), undefined, bad)).toThrow(/规则「k.bad」引用了不存在的指标「nosuch」/);
  });

  it('a hostile expression in a framework is refused', () => {
    const bad = { ...fw, rules: [{ ...fw.rules[2]!, id: 'k.evil', expr: 'constructor.constructor' }] } as Framework;
    try {
      run(cleanWorkspace(), undefined, bad);
      expect.unreachable();
    } catch (e) {
      expect((e as QarError).code).toBe('FRAMEWORK');
      expect((e as Error).message).toContain('规则「k.evil」的表达式不正确');
    }
  });

  it('formula cycles are refused', () => {
    const tables = structuredClone(fw.tables);
    tables[0]!.indicators[0]!.formula = 'grad_placement_rate * 2';
    expect(() => run(cleanWorkspace(), undefined, { ...fw, tables } as Framework)).toThrow(/循环引用/);
  });

  it('compiles a framework once', () => {
    expect(compileFramework(fw)).toBe(compileFramework(fw));
  });

  it('validates another year on request', () => {
    const r = run(cleanWorkspace(), 2023);
    // 2023 has no chapters; its values are complete; 留学生 8 < 10 at the 2023 deadline; 双师 57.89 % in progress
    expect(r.findings.map((x) => [x.ruleId, x.severity])).toEqual([
      ['s.chapters', 'error'],
      ['s.chapters', 'error'],
      ['g.intl', 'warning'],
      ['g.double_ratio', 'info'],
    ]);
  });
});
