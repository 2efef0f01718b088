/**
 * Bound figures (core/figures): the stored markers, and the ONE renderer every view prints through. Every unit kind
 * (rate, count, money in 元 and 万元, ratio, area, a head count of 万 size) and every sign (up, down, level), and the
 * 「—」 cases (no data, no base year, base 0, unknown indicator).
 */
import { describe, expect, it } from 'vitest';
import { type FigureSource, renderFigure, renderFigureParts, renderFigureText } from '../core/figures/render';
import { figureMarker, figureTokens, parseFigureText } from '../core/figures/tokens';
import { allIndicators } from '../core/framework/schema';
import { demoFramework } from '../seeds/demo/index';

const fw = demoFramework();
const inds = new Map(allIndicators(fw).map((i) => [i.id, i]));

function source(values: Record<string, Record<number, number>>): FigureSource {
  return { indicator: (id) => inds.get(id), value: (id, y) => values[id]?.[y] };
}

const fig = (id: string, year = 2024) => figureMarker({ form: 'fig', indicatorId: id, year });
const chg = (id: string, year = 2024, baseYear = year - 1) =>
  figureMarker({ form: 'chg', indicatorId: id, year, baseYear });
const pct = (id: string, year = 2024, baseYear = year - 1) =>
  figureMarker({ form: 'pct', indicatorId: id, year, baseYear });

describe('markers', () => {
  it('parses markers between text and gives back every character', () => {
    const text = `落实率${fig('grad_placement_rate')}，${chg('grad_total')}。{{不是标记}}{{fig:x:2024:2023}}`;
    const parts = parseFigureText(text);
    expect(parts.map((p) => (p.kind === 'text' ? p.text : p.raw)).join('')).toBe(text);
    expect(figureTokens(text)).toEqual([
      { form: 'fig', indicatorId: 'grad_placement_rate', year: 2024 },
      { form: 'chg', indicatorId: 'grad_total', year: 2024, baseYear: 2023 },
    ]);
    // a fig with a base year is not a marker: kept as typed
    expect(renderFigureText('{{fig:x:2024:2023}}', source({}))).toBe('{{fig:x:2024:2023}}');
  });
});

describe('values by unit kind', () => {
  const src = source({
    grad_placement_rate: { 2024: 90.98, 2023: 89.78 },
    grad_total: { 2024: 3725, 2023: 3707 },
    grad_monthly_income: { 2024: 4000.85 },
    equipment_value: { 2024: 2945.6 },
    student_teacher_ratio: { 2024: 15.35 },
    teaching_admin_area: { 2024: 218400.25 },
    training_person_times: { 2024: 125000 },
    books_per_student: { 2024: 62.354 },
  });
  it.each([
    ['grad_placement_rate', '90.98%'],
    ['grad_total', '3725 人'],
    ['grad_monthly_income', '4000.85 元'],
    ['equipment_value', '2945.60 万元'],
    ['student_teacher_ratio', '15.35:1'],
    // an area typed with a fraction prints it (a whole area prints whole: see the change cases)
    ['teaching_admin_area', '218400.25 平方米'],
    ['training_person_times', '12.5万人次'],
    ['books_per_student', '62.35 册'],
  ])('%s → %s', (id, text) => {
    expect(renderFigureText(fig(id), src)).toBe(text);
  });
});

describe('comparison phrases: sign × unit', () => {
  const cases: [string, string, number, number, string][] = [
    // rate: 个百分点, 提高/下降, printed differences (90.98 − 89.78 = 1.20 → 1.2)
    ['rate up', 'grad_placement_rate', 90.98, 89.78, '较上年提高 1.2 个百分点'],
    ['rate down', 'grad_placement_rate', 88.5, 90.98, '较上年下降 2.48 个百分点'],
    ['rate level at print precision', 'grad_placement_rate', 90.981, 90.979, '与上年持平'],
    // count: 增加/减少 with the unit
    ['count up', 'grad_total', 3725, 3707, '较上年增加 18 人'],
    ['count down', 'grad_total', 3707, 3725, '较上年减少 18 人'],
    ['count level', 'grad_total', 3725, 3725, '与上年持平'],
    // money keeps its two decimals (seed 003: 4706.91 万元)
    ['money 万元 up', 'equipment_value', 20109.81, 15402.9, '较上年增加 4706.91 万元'],
    ['money 元 down', 'grad_monthly_income', 3900, 4000.85, '较上年减少 100.85 元'],
    // ratio: no unit
    ['ratio down', 'student_teacher_ratio', 15.0, 15.35, '较上年下降 0.35'],
    ['ratio up', 'student_teacher_ratio', 16.1, 15.35, '较上年提高 0.75'],
    // area: the difference of the printed values, whole for whole areas, with the typed decimals otherwise
    ['area up', 'teaching_admin_area', 218400, 218000, '较上年增加 400 平方米'],
    ['area up, typed fractions', 'teaching_admin_area', 218400.4, 218000.6, '较上年增加 399.8 平方米'],
    ['area down to a whole value', 'teaching_admin_area', 218000, 218000.25, '较上年减少 0.25 平方米'],
  ];
  it.each(cases)('%s', (_name, id, now, before, text) => {
    expect(renderFigureText(chg(id), source({ [id]: { 2024: now, 2023: before } }))).toBe(text);
  });

  it('relative change: 增长/下降 with two decimals, level, and a base other than last year', () => {
    expect(renderFigureText(pct('grad_total'), source({ grad_total: { 2024: 3831, 2023: 3705 } }))).toBe(
      '较上年增长 3.40%',
    );
    expect(renderFigureText(pct('grad_total'), source({ grad_total: { 2024: 3705, 2023: 3831 } }))).toBe(
      '较上年下降 3.29%',
    );
    expect(renderFigureText(pct('grad_total'), source({ grad_total: { 2024: 3705, 2023: 3705 } }))).toBe('与上年持平');
    expect(renderFigureText(chg('grad_total', 2024, 2022), source({ grad_total: { 2024: 3725, 2022: 3600 } }))).toBe(
      '较2022年增加 125 人',
    );
  });
});

describe('「—」 and why', () => {
  it('missing value, missing base, base 0 and an unknown indicator print 「—」 with the reason', () => {
    const src = source({ grad_total: { 2024: 3725, 2022: 0 } });
    const one = (m: string) => renderFigureParts(m, src)[0];
    expect(one(fig('grad_placement_rate'))).toMatchObject({
      text: '—',
      problem: 'missing',
      label: '毕业去向落实率（2024年）',
    });
    expect(one(chg('grad_total'))).toMatchObject({ text: '—', problem: 'missing-base' });
    expect(one(pct('grad_total', 2024, 2022))).toMatchObject({ text: '—', problem: 'zero-base' });
    expect(one(fig('no_such_indicator'))).toMatchObject({ text: '—', problem: 'unknown-indicator' });
    expect(renderFigure({ form: 'fig', indicatorId: 'grad_total', year: 2024 }, src).problem).toBeUndefined();
    expect(renderFigureText(`毕业生${fig('grad_total')}，落实率${fig('grad_placement_rate')}。`, src)).toBe(
      '毕业生3725 人，落实率—。',
    );
  });
});
