/**
 * Paste planning (core/paste): a block copied from Excel into an indicator grid or a report table. Each case of
 * issue #9 「What was seen 4」 is here: a 10×3 block near the bottom, a 2000×5 block, a copy with the label column
 * and a header row, and an Excel block into a report table. Nothing is dropped without being listed.
 */
import { describe, expect, it } from 'vitest';
import { getFramework } from '../core/framework/registry';
import type { FrameworkTable } from '../core/framework/schema';
import { TABLE_LIMITS } from '../core/model';
import {
  describeDrop,
  describeWrites,
  droppedAsBlock,
  dropSummary,
  type GridPasteTarget,
  groupDrops,
  planGridPaste,
} from '../core/paste/grid';
import { describeCut, planTablePaste } from '../core/paste/table';
import { indexIndicators, matchIndicator, normalizeLabel } from '../core/xlsx/match';

const fw = getFramework('cn-2024-gaozhi');
const table = (id: string) => fw.tables.find((t) => t.id === id) as FrameworkTable;
const scorecard = table('scorecard');
const YEARS = [2022, 2023, 2024];
const rowOf = (t: FrameworkTable, id: string) => t.indicators.findIndex((i) => i.id === id);

function target(t: FrameworkTable, row: number, col: number, more: Partial<GridPasteTarget> = {}): GridPasteTarget {
  return {
    framework: fw,
    table: t,
    years: YEARS,
    workspaceYears: YEARS,
    reportYear: 2024,
    start: { row, col },
    ...more,
  };
}
const grid = (rows: number, cols: number, f: (r: number, c: number) => string) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => f(r, c)));

describe('indicator matching shared with the Excel import', () => {
  const index = indexIndicators(fw);
  it('matches by id, exact name, and names as copied sheets write them', () => {
    expect(matchIndicator(index, { id: 'GRAD_TOTAL' })).toMatchObject({ kind: 'found', by: 'id' });
    expect(matchIndicator(index, { label: '毕业生数' })).toMatchObject({ kind: 'found', by: 'name' });
    for (const label of [
      '其中：协议和合同就业人数',
      '　　其中:协议和合同就业人数',
      '协议和合同就业人数 *',
      '协议和合同就业人数（人）',
    ]) {
      const m = matchIndicator(index, { label });
      expect([label, m.kind === 'found' && m.known.ind.id]).toEqual([label, 'grad_contract']);
    }
    // a bracket that is part of the name still matches exactly; a wrong unit does not
    const m = matchIndicator(index, { label: '毕业生专业相关度（就业对口率）' });
    expect(m.kind === 'found' && m.known.ind.id).toBe('grad_relevance_rate');
    expect(matchIndicator(index, { label: '毕业生数（万元）' }).kind).toBe('unknown');
    expect(normalizeLabel(' 其中：升学人数＊ ')).toBe('升学人数');
  });
  it('a name used by two indicators is ambiguous and lists both', () => {
    const twice = {
      tables: [scorecard, { ...table('service'), indicators: [{ ...scorecard.indicators[0]!, id: 'grad_total_2' }] }],
    };
    const m = matchIndicator(indexIndicators(twice), { label: '毕业生数' });
    expect(m.kind).toBe('ambiguous');
    if (m.kind === 'ambiguous') expect(m.candidates.map((k) => k.ind.id)).toEqual(['grad_total', 'grad_total_2']);
  });
});

describe('grid paste by position', () => {
  it('a 10×3 block near the bottom: the 6 cells that fit go in, the other 24 are listed, and it asks first', () => {
    const start = rowOf(scorecard, 'grad_relevance_rate'); // 2 rows from the bottom
    const block = grid(10, 3, (r, c) => String(80 + r + c / 10));
    const plan = planGridPaste(block, target(scorecard, start, 0));
    expect(plan.mode).toBe('position');
    expect(plan.writes).toHaveLength(6);
    expect(plan.writes.map((w) => [w.indicatorId, w.year])).toEqual([
      ['grad_relevance_rate', 2022],
      ['grad_relevance_rate', 2023],
      ['grad_relevance_rate', 2024],
      ['grad_promotion_rate', 2022],
      ['grad_promotion_rate', 2023],
      ['grad_promotion_rate', 2024],
    ]);
    expect(plan.dropped).toHaveLength(24);
    expect(plan.dropped.every((d) => d.reason === 'beyond-rows')).toBe(true);
    expect(plan.needsConfirm).toBe(true);
    expect(describeDrop(plan.dropped[0]!)).toBe(
      '第 3 行第 1 列「82」：超出表格底部（人才培养质量计分卡到「毕业三年职位晋升比例」为止）',
    );
    // listed one line per source row, every cell named with its text
    const lines = groupDrops(plan.dropped);
    expect(lines).toHaveLength(8);
    expect(lines[0]).toBe(
      '第 3 行第 1、2、3 列「82」「82.1」「82.2」：超出表格底部（人才培养质量计分卡到「毕业三年职位晋升比例」为止）',
    );
    expect(dropSummary(plan.dropped)).toBe('超出表格底部 24 个');
    // the dropped cells can be copied back, in their places
    const back = droppedAsBlock(plan);
    expect(back).toHaveLength(10);
    expect(back[0]).toEqual(['', '', '']);
    expect(back[9]).toEqual(['89', '89.1', '89.2']);
  });

  it('a 2000×5 block: what fits is written, every other filled cell is listed with its reason', () => {
    const block = grid(2000, 5, (r, c) => String(r * 10 + c));
    const plan = planGridPaste(block, target(scorecard, 0, 0));
    const fitting = scorecard.indicators.filter((i) => !i.formula).length * 3;
    expect(plan.writes).toHaveLength(fitting);
    const derived = scorecard.indicators.filter((i) => i.formula).length * 3;
    const byReason = (r: string) => plan.dropped.filter((d) => d.reason === r).length;
    expect(byReason('derived')).toBe(derived);
    expect(byReason('beyond-cols')).toBe(scorecard.indicators.length * 2);
    expect(byReason('beyond-rows')).toBe((2000 - scorecard.indicators.length) * 5);
    // every filled source cell is accounted for: written or listed
    expect(plan.writes.length + plan.dropped.length).toBe(10000);
    expect(plan.needsConfirm).toBe(true);
  });

  it('text, negatives and fractions of counts are listed, the rest is written; blanks leave the target alone', () => {
    const block = [
      ['3701', '约三千', ''],
      ['-5', '2.5', '无数据'],
    ];
    const plan = planGridPaste(block, target(scorecard, 0, 0));
    expect(plan.writes.map((w) => [w.indicatorId, w.year, w.value])).toEqual([
      ['grad_total', 2022, 3701],
      ['grad_contract', 2024, null],
    ]);
    expect(plan.blanks).toBe(1);
    expect(plan.dropped.map((d) => [d.reason, d.text])).toEqual([
      ['not-number', '约三千'],
      ['not-number', '-5'],
      ['not-number', '2.5'],
    ]);
    expect(plan.dropped[1]?.message).toContain('不能为负数');
    expect(plan.dropped[2]?.message).toContain('应为整数');
    expect(plan.needsConfirm).toBe(false);
  });

  it('the report of where a paste went names the number taken, and what was copied when it was read differently', () => {
    // what Excel gives for cells with 千分位, spaces, full-width digits and a unit: each read as a number, and the
    // report says which number (it used to repeat the copied text only, so 「２ ３１９」 looked as if kept as text)
    const block = [['3,726'], [' 2 319 '], ['４０３'], ['29人'], ['642']];
    const plan = planGridPaste(block, target(scorecard, 0, 0));
    expect(plan.writes.map((w) => w.value)).toEqual([3726, 2319, 403, 29, 642]);
    expect(describeWrites(plan.writes).map((l) => l.replace(/^.*：/, ''))).toEqual([
      '2022年 3726（复制的是「3,726」）',
      '2022年 2319（复制的是「2 319」）',
      '2022年 403（复制的是「４０３」）',
      '2022年 29（复制的是「29人」）',
      '2022年 642',
    ]);
  });

  it('a derived cell whose parts are missing takes a pasted 填报值, as it takes a typed one', () => {
    const start = rowOf(scorecard, 'grad_placed');
    const plan = planGridPaste([['3300', '3400', '3500']], target(scorecard, start, 0, { isComputed: () => false }));
    expect(plan.writes.map((w) => [w.indicatorId, w.year, w.value])).toEqual([
      ['grad_placed', 2022, 3300],
      ['grad_placed', 2023, 3400],
      ['grad_placed', 2024, 3500],
    ]);
    const computed = planGridPaste([['3300']], target(scorecard, start, 0, { isComputed: (_id, y) => y === 2022 }));
    expect(computed.dropped.map((d) => d.reason)).toEqual(['derived']);
  });

  it('a grid column for a year the workspace lacks is asked about, and written once the user agrees', () => {
    const t = target(scorecard, 0, 0, { workspaceYears: [2024] });
    const plan = planGridPaste([['3600', '3700', '3725']], t);
    expect(plan.missingYears).toEqual([2022, 2023]);
    expect(plan.needsConfirm).toBe(true);
    expect(plan.dropped.map((d) => d.reason)).toEqual(['year-missing', 'year-missing']);
    const yes = planGridPaste([['3600', '3700', '3725']], t, { addYears: true });
    expect(yes.writes).toHaveLength(3);
    expect(yes.dropped).toEqual([]);
    expect(yes.needsConfirm).toBe(false);
  });
});

describe('grid paste of a labelled copy', () => {
  // the usual Excel selection: the label column, the unit column and the header row of years
  const copy = [
    ['指标名称', '单位', '2022年', '2023年', '2024年'],
    ['毕业生数', '人', '3600', '3701', '3725'],
    ['其中：协议和合同就业人数', '人', '2100', '2200', '2318'],
    ['毕业去向落实率', '%', '90.1', '91.2', '89.18'],
    ['全日制在校生数', '人', '12000', '12100', '12216'],
  ];

  it('goes by name and year, in any table, wherever the selection is', () => {
    const plan = planGridPaste(copy, target(table('satisfaction'), 3, 2));
    expect(plan.mode).toBe('labels+header');
    expect(plan.needsConfirm).toBe(false);
    expect(plan.needsPreview).toBe(false);
    expect(plan.writes.map((w) => `${w.indicatorId}|${w.year}=${w.value}`)).toEqual([
      'grad_total|2022=3600',
      'grad_total|2023=3701',
      'grad_total|2024=3725',
      'grad_contract|2022=2100',
      'grad_contract|2023=2200',
      'grad_contract|2024=2318',
      'students_fulltime|2022=12000',
      'students_fulltime|2023=12100',
      'students_fulltime|2024=12216',
    ]);
    expect(plan.dropped.map((d) => [d.reason, d.r, d.c])).toEqual([
      ['derived', 3, 2],
      ['derived', 3, 3],
      ['derived', 3, 4],
    ]);
    expect(describeWrites(plan.writes)[0]).toBe(
      '第 2 行 → 人才培养质量计分卡 · 毕业生数：2022年 3600、2023年 3701、2024年 3725',
    );
  });

  it('labels without a header go to the years from the selected column; a blank corner cell still marks a header', () => {
    const noHeader = copy.slice(1).map((r) => [r[0]!, r[3]!, r[4]!]);
    const plan = planGridPaste(noHeader, target(scorecard, 0, 1));
    expect(plan.mode).toBe('labels');
    expect(plan.writes.filter((w) => w.indicatorId === 'grad_total').map((w) => w.year)).toEqual([2023, 2024]);

    const corner = [['', '2023', '2024'], ...noHeader];
    const p2 = planGridPaste(corner, target(scorecard, 0, 0));
    expect(p2.mode).toBe('labels+header');
    expect(p2.writes.filter((w) => w.indicatorId === 'grad_total').map((w) => [w.year, w.value])).toEqual([
      [2023, 3701],
      [2024, 3725],
    ]);
  });

  it('an unknown label is previewed, then pasted where the user says (or listed when left out)', () => {
    const block = [['2023年', '2024年'].map((x) => x), ['毕业生总人数', '3701', '3725'], ['升学人数', '300', '320']];
    block[0] = ['', '2023年', '2024年'];
    const plan = planGridPaste(block, target(scorecard, 0, 0));
    expect(plan.needsPreview).toBe(true);
    expect(plan.rowMappings.map((m) => [m.label, m.match.kind, m.chosen])).toEqual([
      ['毕业生总人数', 'unknown', null],
      ['升学人数', 'found', 'grad_further_study'],
    ]);
    expect(plan.dropped.map((d) => d.message)).toEqual(['找不到指标「毕业生总人数」', '找不到指标「毕业生总人数」']);
    const chosen = planGridPaste(block, target(scorecard, 0, 0), { rows: { 1: 'grad_total' } });
    expect(chosen.needsPreview).toBe(false);
    expect(chosen.writes.filter((w) => w.indicatorId === 'grad_total')).toHaveLength(2);
    const left = planGridPaste(block, target(scorecard, 0, 0), { rows: { 1: null } });
    expect(left.needsPreview).toBe(false);
    expect(left.dropped.map((d) => d.message)).toEqual([
      '已选择不粘贴这一行（毕业生总人数）',
      '已选择不粘贴这一行（毕业生总人数）',
    ]);
  });

  it('a first row of bare 4-digit numbers is asked about: years or values', () => {
    const block = [
      ['2022', '2023', '2024'],
      ['3600', '3701', '3725'],
    ];
    const plan = planGridPaste(block, target(scorecard, 0, 0));
    expect(plan.headerAmbiguous).toBe(true);
    expect(plan.needsPreview).toBe(true);
    expect(plan.headerRow).toBe(true); // consecutive years: offered as a header by default
    const asValues = planGridPaste(block, target(scorecard, 0, 0), { headerRow: false });
    expect(asValues.needsPreview).toBe(false);
    expect(asValues.writes.map((w) => `${w.indicatorId}|${w.year}=${w.value}`).slice(0, 3)).toEqual([
      'grad_total|2022=2022',
      'grad_total|2023=2023',
      'grad_total|2024=2024',
    ]);
  });

  it('our own export (hidden 指标编号 column included) pastes by id; a later year and a 备注 column are listed', () => {
    const block = [
      ['指标编号', '指标名称', '单位', '2024年', '2025年', '备注'],
      ['grad_total', '毕业生数', '人', '3725', '3800', '教务系统'],
    ];
    const plan = planGridPaste(block, target(table('resources'), 0, 0));
    expect(plan.writes.map((w) => [w.indicatorId, w.year, w.value])).toEqual([['grad_total', 2024, 3725]]);
    expect(plan.dropped.map((d) => [d.reason, d.text])).toEqual([
      ['year-late', '3800'],
      ['not-a-year', '教务系统'],
    ]);
  });

  it('two different values for one cell: the first is pasted, the second listed', () => {
    const block = [
      ['', '2024年'],
      ['毕业生数', '3725'],
      ['毕业生数', '3800'],
      ['毕业生数', '3725'],
    ];
    const plan = planGridPaste(block, target(scorecard, 0, 0));
    expect(plan.writes.map((w) => w.value)).toEqual([3725]);
    expect(plan.dropped.map((d) => [d.reason, d.r])).toEqual([['duplicate', 2]]);
  });
});

describe('paste into a report table', () => {
  const empty = { columns: ['项目', '数量'], rows: [['', '']] };
  it('an Excel block fills its cells, adding rows and columns', () => {
    const block = [
      ['专业群', '专业数', '在校生'],
      ['智能制造', '5', '3200'],
      ['数字商贸', '4', '2800'],
    ];
    const p = planTablePaste(empty, block, { row: -1, col: 0 });
    expect(p.table.columns).toEqual(['专业群', '专业数', '在校生']);
    expect(p.table.rows).toEqual([
      ['智能制造', '5', '3200'],
      ['数字商贸', '4', '2800'],
    ]);
    expect(p).toMatchObject({ filled: 9, addedRows: 1, addedCols: 1, cut: [] });

    const mid = planTablePaste(p.table, [['6', '3300']], { row: 0, col: 1 });
    expect(mid.table.rows[0]).toEqual(['智能制造', '6', '3300']);
  });

  it('stays within the TableBlock limits and lists every cut cell', () => {
    const wide = [Array.from({ length: 25 }, (_, i) => `v${i}`)];
    const p = planTablePaste(empty, wide, { row: 0, col: 0 });
    expect(p.table.columns).toHaveLength(TABLE_LIMITS.columns);
    expect(p.cut.map((c) => c.c)).toEqual([20, 21, 22, 23, 24]);
    expect(describeCut(p.cut[0]!)).toBe('第 1 行第 21 列：超出表格最多 20 列的限制（「v20」）');

    const tall = Array.from({ length: 510 }, (_, i) => [`r${i}`]);
    const t = planTablePaste(empty, tall, { row: 0, col: 0 });
    expect(t.table.rows).toHaveLength(TABLE_LIMITS.rows);
    expect(t.cut).toHaveLength(10);
    expect(t.cut[0]).toMatchObject({ r: 500, reason: 'rows' });

    const long = planTablePaste(empty, [['字'.repeat(2005)]], { row: 0, col: 0 });
    expect(long.table.rows[0]?.[0]).toHaveLength(TABLE_LIMITS.cell);
    expect(long.cut[0]).toMatchObject({ reason: 'long', text: '字'.repeat(5) });
  });
});

describe('a ratio pasted as reports write it (15.35:1)', () => {
  const resources = table('resources');
  const row = rowOf(resources, 'student_teacher_ratio');

  it('into a 生师比 that takes a 填报值: 15.35, with what was taken (the notice says it)', () => {
    const plan = planGridPaste([['15.35:1']], target(resources, row, 2, { isComputed: () => false }));
    expect(plan.dropped).toEqual([]);
    expect(plan.writes).toMatchObject([
      {
        indicatorId: 'student_teacher_ratio',
        year: 2024,
        value: 15.35,
        taken: '「15.35:1」按 15.35 填入（生师比记为 X:1 中的 X）',
      },
    ]);
  });

  it('another X:Y is not worked out: listed with the number to type', () => {
    const plan = planGridPaste([['307:20']], target(resources, row, 2, { isComputed: () => false }));
    expect(plan.writes).toEqual([]);
    expect(plan.dropped[0]?.message).toBe(
      '「307:20」不是 X:1 的写法：生师比记为 X:1 中的 X，请填写 307 ÷ 20 的值 15.35（生师比，2024年）',
    );
  });
});
