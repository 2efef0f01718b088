/**
 * core/xlsx/wrap.ts measures text by char codes for speed; these pin its widths to the rule it states: CJK and
 * full-width characters (also those beyond the BMP, as one character) about 1.9 units, the rest 0.9.
 */
import { describe, expect, it } from 'vitest';
import { textUnits, wrappedLines, wrappedRowHeight } from '../core/xlsx/wrap';

describe('wrap: text widths in column-width units', () => {
  it('counts CJK, full-width and astral CJK characters wide, Latin, digits and spaces narrow', () => {
    expect(textUnits('')).toBe(0);
    expect(textUnits('ab 1')).toBeCloseTo(3.6);
    expect(textUnits('质量年报')).toBeCloseTo(7.6);
    expect(textUnits('（，）：')).toBeCloseTo(7.6);
    // 𠀀 (U+20000) is one wide character, not two halves
    expect(textUnits('𠀀')).toBeCloseTo(1.9);
    // an emoji beyond the BMP is one narrow character
    expect(textUnits('😀')).toBeCloseTo(0.9);
    // a lone high surrogate at the end is one narrow character
    expect(textUnits('a\ud800')).toBeCloseTo(1.8);
    expect(textUnits('2024年毕业生数 3800人')).toBeCloseTo(9 * 0.9 + 6 * 1.9);
  });

  it('wraps by width and line breaks, and sizes a row only when a cell needs more than one line', () => {
    // a room one unit narrower than the column: 10 CJK characters (19 units) fill a column of 20 exactly
    expect(wrappedLines('质'.repeat(10), 20)).toBe(1);
    expect(wrappedLines('质'.repeat(11), 20)).toBe(2);
    expect(wrappedLines('a\nb', 20)).toBe(2);
    expect(wrappedRowHeight([{ text: 'short', width: 20 }], 11)).toBeUndefined();
    expect(wrappedRowHeight([{ text: '质'.repeat(40), width: 20 }], 11)).toBe(Math.ceil(4 * 11 * 1.45 + 3));
  });
});
