/** The renderer's pure helpers: cell input parsing, Excel clipboard blocks, character counts (undo: renderer-saves.test.ts). */
import { describe, expect, it } from 'vitest';
import { getFramework } from '../core/framework/registry';
import { printedNumber } from '../core/report/format';
import { countChars } from '../renderer/lib/chars';
import { formatValue, parseCellInput } from '../renderer/lib/format';
import { parseClipboardBlock } from '../renderer/lib/paste';
import { formatDateTime, formatTime } from '../renderer/lib/time';
import { cellText, gridValues } from '../renderer/lib/values';
import { demoFramework } from '../seeds/demo/index';

describe('parseCellInput', () => {
  it('reads what Excel users type', () => {
    expect(parseCellInput('1,234.5')).toEqual({ ok: true, value: 1234.5 });
    expect(parseCellInput(' 85.07% ', { type: 'percent', name: '毕业去向落实率', unit: '%' })).toEqual({
      ok: true,
      value: 85.07,
    });
    expect(parseCellInput('１２３')).toEqual({ ok: true, value: 123 });
    expect(parseCellInput('')).toEqual({ ok: true, value: null });
    expect(parseCellInput('—')).toEqual({ ok: true, value: null });
  });
  it('refuses text, negatives and fractional counts in Chinese', () => {
    const text = parseCellInput('三十七');
    expect(text.ok).toBe(false);
    if (!text.ok) expect(text.message).toContain('不是数字');
    const neg = parseCellInput('-3', { type: 'count', name: '毕业生数' });
    expect(neg).toEqual({ ok: false, message: '毕业生数不能为负数' });
    const frac = parseCellInput('3.5', { type: 'count', name: '毕业生数' });
    expect(frac).toEqual({ ok: false, message: '毕业生数应为整数' });
  });
});

describe('parseCellInput reads a typed number as a pasted one is read (core/xlsx/number.ts)', () => {
  const income = { type: 'money', name: '毕业生就业半年内平均月收入', unit: '元' } as const;
  const graduates = { type: 'count', name: '毕业生数', unit: '人' } as const;
  it('a % typed into a cell that is not a percentage is refused, not stored without it', () => {
    // 「5%」 typed into a 元 cell was stored as 5 without a word; a paste of the same text is refused
    const r = parseCellInput('5%', income);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe('「5%」带百分号，但该指标不是百分比（单位：元），请去掉 %');
  });
  it('the indicator’s own unit after the number is taken, as in a paste; other text is refused in 「」', () => {
    expect(parseCellInput('3725人', graduates)).toEqual({ ok: true, value: 3725 });
    expect(parseCellInput('￥4,086.52', income)).toEqual({ ok: true, value: 4086.52 });
    const words = parseCellInput('约三千', graduates);
    expect(words).toEqual({ ok: false, message: '「约三千」不是数字，请只填写数字（单位：人），或留空' });
  });
});

describe('formatValue', () => {
  it('keeps decimals, trailing zeros only when fixed, and never shows missing as 0', () => {
    expect(formatValue(2945.6, 2)).toBe('2945.6');
    expect(formatValue(2945.6, 2, true)).toBe('2945.60');
    expect(formatValue(12216, 0)).toBe('12216');
    expect(formatValue(null, 2)).toBe('');
  });
});

describe('parseClipboardBlock', () => {
  it('splits tab/newline text from Excel, including quoted cells and CRLF', () => {
    expect(parseClipboardBlock('1\t2\t3\r\n4\t5\t6\r\n')).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(parseClipboardBlock('"a\tb"\t"x""y"\n')).toEqual([['a\tb', 'x"y']]);
    expect(parseClipboardBlock('7')).toEqual([['7']]);
  });
});

describe('grid values and countChars', () => {
  it('computes derived indicators from the values the grid holds; missing inputs show nothing', () => {
    const fw = demoFramework();
    const rate = fw.tables.flatMap((t) => t.indicators).find((i) => i.id === 'grad_placement_rate')!;
    const v: Record<string, number | null> = {
      'grad_total|2024': 1000,
      'grad_contract|2024': 600,
      'grad_flexible|2024': 200,
      'grad_startup|2024': 10,
      'grad_further_study|2024': 100,
    };
    // 落实人数 is not stored: computed from its own parts, then the rate from it
    expect(cellText(gridValues(v, fw).resolve('grad_placement_rate', 2024), rate)).toBe('91.00');
    const noTotal = gridValues({ ...v, 'grad_total|2024': null }, fw).resolve('grad_placement_rate', 2024);
    expect(noTotal.value).toBeUndefined();
    expect(cellText(noTotal, rate)).toBe('');
    // a formula the expression engine refuses never computes (and never runs)
    const hostile = structuredClone(fw);
    hostile.tables[0]!.indicators.find((i) => i.id === 'grad_placement_rate')!.formula =
      'constructor.constructor("x")()';
    expect(gridValues(v, hostile).resolve('grad_placement_rate', 2024).value).toBeUndefined();
  });

  it('a cell shows its number as the report prints it: a computed 生均图书 keeps its trailing zero, a head count stays whole', () => {
    const fw = getFramework('cn-2024-gaozhi');
    const ind = (id: string) => fw.tables.flatMap((t) => t.indicators).find((i) => i.id === id)!;
    const books = ind('books_per_student');
    // 1 246 000 册 over 20 000 折合在校生 = 62.3 册 a student: the 附表 prints 62.30 (2 decimals), the grid said 62.3
    const v = gridValues({ 'books|2024': 1246000, 'students_equivalent|2024': 20000 }, fw);
    const r = v.resolve('books_per_student', 2024);
    expect(r.value).toBeCloseTo(62.3, 10);
    expect(cellText(r, books)).toBe('62.30');
    expect(cellText(r, books)).toBe(printedNumber(r.value as number, books));
    // 折合在校生数 has one decimal in the framework but prints whole when whole, and keeps a typed fraction
    const equiv = ind('students_equivalent');
    expect(cellText(v.resolve('students_equivalent', 2024), equiv)).toBe('20000');
    const half = gridValues({ 'students_equivalent|2024': 20000.5 }, fw).resolve('students_equivalent', 2024);
    expect(cellText(half, equiv)).toBe('20000.5');
  });
  it('counts 字 as the report conventions do (Word 字数统计): no whitespace, a number or a Latin word is 1', () => {
    expect(countChars('校企 合作\n育人')).toBe(6);
    // 2024 | 年 | 毕 业 生 | 3725 | 人 | ， | 落 实 率 | 95.2% | 。
    expect(countChars('2024年毕业生3725人，落实率95.2%。')).toBe(13);
    expect(countChars('引入 AI 与 5G 技术')).toBe(7);
  });
});

describe('dates on screen (seed 003 §7.2: 2024 年 9 月 17 日)', () => {
  it('writes year, month and day in Chinese with the clock time, never 2024/9/17', () => {
    // a local time: the screen shows the user's clock
    const iso = new Date(2024, 8, 17, 9, 5).toISOString();
    expect(formatDateTime(iso)).toBe('2024年9月17日 09:05');
    expect(formatTime(iso, new Date(2024, 8, 17, 18, 0))).toBe('今天 09:05');
    expect(formatTime(iso, new Date(2024, 8, 18, 8, 0))).toBe('2024年9月17日 09:05');
    expect(formatDateTime('not a time')).toBe('');
  });
});
