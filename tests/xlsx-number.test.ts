/** Reading what editors type into cells: numbers, separators, full-width digits, percents, units, 无数据. */
import { describe, expect, it } from 'vitest';
import { parseYearHeader } from '../core/xlsx/layout';
import { readNumberCell, readNumberText } from '../core/xlsx/number';

const count = { type: 'count', unit: '人' } as const;
const percent = { type: 'percent', unit: '%' } as const;
const money = { type: 'money', unit: '万元' } as const;

describe('readNumberText', () => {
  it.each([
    ['8123', count, 8123],
    ['1,234,567', count, 1234567],
    ['12,345.5', money, 12345.5],
    ['１２３４．５', money, 1234.5],
    ['１，２３４', count, 1234],
    ['  8123 ', count, 8123],
    ['8123人', count, 8123],
    ['20109.81万元', money, 20109.81],
    ['¥1,000.50', money, 1000.5],
    ['90.76%', percent, 90.76],
    ['９０．７６％', percent, 90.76],
    ['90.76', percent, 90.76],
    ['-3', count, -3],
    ['.5', money, 0.5],
  ])('「%s」→ %s', (raw, ind, value) => {
    expect(readNumberText(raw, ind)).toEqual({ kind: 'value', value });
  });

  it.each(['无数据', '—', '－', '-'])('「%s」means known to be missing (null)', (raw) => {
    expect(readNumberText(raw, count)).toEqual({ kind: 'value', value: null });
  });

  it.each(['', '   ', '\u3000'])('blank %j leaves the value alone', (raw) => {
    expect(readNumberText(raw, count)).toEqual({ kind: 'empty' });
  });

  it.each([
    ['约三百', count, /「约三百」不是数字.*单位：人/],
    ['1,2', count, /不是数字/],
    ['12,34,567', count, /不是数字/],
    ['1.2.3', money, /不是数字/],
    ['200元', money, /不是数字.*单位：万元/],
    ['12%', count, /带百分号.*不是百分比/],
    ['NaN', count, /不是数字/],
    ['Infinity', count, /不是数字/],
    ['1e400', count, /不是数字/],
    // a number written as a sentence writes it: never taken as 12000 without a word, and the message says what to type
    ['1.2万', count, /「1\.2万」带“万”字，请写成完整的数字（单位：人）：12000$/],
    ['1.2万人', count, /：12000$/],
    ['1.15万', count, /：11500$/],
    ['2,345.678万', { type: 'money', unit: '元' } as const, /：23456780$/],
    ['0.0005万', count, /：5$/],
    ['3亿', { type: 'money', unit: '元' } as const, /带“亿”字.*：300000000$/],
    // not a number before the 万: the plain refusal, no made-up figure
    ['万', count, /「万」不是数字/],
    ['1.2.3万', count, /「1\.2\.3万」不是数字/],
    ['--5万', count, /不是数字/],
    ['1e5万', count, /不是数字/],
    ['一万', count, /「一万」不是数字/],
    ['5万万', count, /「5万万」不是数字/],
    // 万元 already counts in 万: the number alone
    ['1200万', money, /「1200万」带“万”字，请写成完整的数字（单位：万元）：1200$/],
  ])('「%s」is refused', (raw, ind, reason) => {
    const r = readNumberText(raw, ind);
    expect(r.kind).toBe('bad');
    if (r.kind === 'bad') expect(r.reason).toMatch(reason);
  });
});

/** 生师比: a ratio without a unit, which every printed form of the tool writes 15.35:1 (core/report/format) */
const ratio = { type: 'ratio', unit: '', name: '生师比' } as const;

describe('readNumberText: a ratio typed as it is printed (15.35:1)', () => {
  it.each([
    ['15.35:1', 15.35],
    ['15.35：1', 15.35],
    ['15.35∶1', 15.35],
    [' 18 : 1 ', 18],
    ['15.35:1.0', 15.35],
  ])('「%s」in a 生师比 cell is taken as %s, and says so', (raw, value) => {
    const r = readNumberText(raw, ratio);
    expect(r).toMatchObject({ kind: 'value', value });
    if (r.kind === 'value') expect(r.taken).toBe(`「${raw.trim()}」按 ${value} 填入（生师比记为 X:1 中的 X）`);
  });

  it('a plain number is taken without a note', () => {
    expect(readNumberText('15.35', ratio)).toEqual({ kind: 'value', value: 15.35 });
  });

  it.each([
    // another form of ratio: never worked out silently; the message says what to type
    ['307:20', /^「307:20」不是 X:1 的写法：生师比记为 X:1 中的 X，请填写 307 ÷ 20 的值 15\.35$/],
    ['1:18', /^「1:18」是“1:X”（师生比）的写法：生师比记为 X:1 中的 X，若指 18:1，请填写 18$/],
    ['15.35:0', /^「15\.35:0」不是 X:1 的写法：生师比记为 X:1 中的 X，请只填写 X（如 15\.35:1 填 15\.35）$/],
  ])('「%s」in a 生师比 cell is refused with what to type', (raw, reason) => {
    const r = readNumberText(raw, ratio);
    expect(r.kind).toBe('bad');
    if (r.kind === 'bad') expect(r.reason).toMatch(reason);
  });

  it.each([
    ':1',
    '15.35:',
    'abc:1',
    '1:2:3',
    '::',
    '15.35:1:1',
    'Infinity:1',
    'NaN:1',
    '0x10:1',
    '1e5:1',
    '-5:1',
    '15.35:-1',
    '1:0',
    '１.２万:1',
    '15.35∶∶1',
  ])('garbage 「%s」 in a 生师比 cell is refused in Chinese, nothing taken', (raw) => {
    const r = readNumberText(raw, ratio);
    expect(r.kind).toBe('bad');
    if (r.kind === 'bad') expect(r.reason).toMatch(/^「.*」.*(不是|请)/);
  });

  it('「15.35:1」in a cell that is not an X:1 ratio says so', () => {
    const r = readNumberText('15.35:1', { ...count, name: '专任教师数' });
    expect(r.kind).toBe('bad');
    if (r.kind === 'bad')
      expect(r.reason).toBe('「15.35:1」是比值的写法，“专任教师数”不是 X:1 形式的比值，请只填写数字（单位：人）');
  });
});

describe('readNumberCell', () => {
  it('a percent-formatted cell (Excel stores 90.76% as 0.9076) means 90.76 for a percent indicator', () => {
    expect(readNumberCell(0.9076, '0.00%', percent)).toEqual({ kind: 'value', value: 90.76 });
    expect(readNumberCell(90.76, '0.00', percent)).toEqual({ kind: 'value', value: 90.76 });
  });
  it('a percent-formatted cell for a count is refused rather than guessed', () => {
    const r = readNumberCell(0.12, '0%', count);
    expect(r.kind).toBe('bad');
  });
  it('a literal "%" inside quotes in the format is not a percent format', () => {
    expect(readNumberCell(5, '0"%"', count)).toEqual({ kind: 'value', value: 5 });
  });
});

describe('parseYearHeader', () => {
  it.each([
    [2024, 2024],
    ['2024', 2024],
    ['2024年', 2024],
    ['2024 年度', 2024],
    ['2024届', 2024],
    ['２０２４年', 2024],
    ['2024-2025学年', undefined],
    ['备注', undefined],
    [1999, undefined],
    [2024.5, undefined],
  ])('%j → %s', (raw, year) => {
    expect(parseYearHeader(raw)).toBe(year);
  });
});
