/**
 * The built-in report layouts (templates/report/styles*.json) are compiled into the program and used as shipped
 * (core/docx/styles.ts), so they are checked here: each is valid and parses to exactly itself (every default
 * written out, nothing the schema would drop), and a broken one gets the Chinese message.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_STYLES, getReportStyles, REPORT_LAYOUTS } from '../core/docx/styles';
import { parseReportStyles } from '../core/docx/styles-schema';
import { QarError } from '../core/errors';

describe('built-in report layouts', () => {
  it('are each exactly what the schema gives for them', () => {
    expect(Object.keys(BUILTIN_STYLES).sort()).toEqual([...REPORT_LAYOUTS].sort());
    for (const id of REPORT_LAYOUTS) {
      const shipped = BUILTIN_STYLES[id];
      expect(parseReportStyles(shipped), id).toStrictEqual(shipped);
      expect(getReportStyles(id), id).toStrictEqual(shipped);
    }
  });

  it('are given out as copies of the shipped data, the same object each time', () => {
    const a = getReportStyles('official');
    expect(a).not.toBe(BUILTIN_STYLES.official);
    expect(getReportStyles('official')).toBe(a);
    expect(() => getReportStyles('没有这个')).toThrow(/没有名为「没有这个」的报告样式/);
  });

  it('would refuse a layout made wrong, and one missing a default, with a Chinese message', () => {
    const wrong = structuredClone(BUILTIN_STYLES.official) as { case: { fill: string } };
    wrong.case.fill = 'blue';
    expect(() => parseReportStyles(wrong)).toThrow(QarError);
    expect(() => parseReportStyles(wrong)).toThrow(/报告样式文件格式不正确（case\.fill/);
    // a default the schema fills in would make the shipped file differ from what it gives: written out in full
    const short = structuredClone(BUILTIN_STYLES.official) as { cover: { unit?: unknown } };
    delete short.cover.unit;
    expect(parseReportStyles(short)).not.toStrictEqual(short);
  });
});
