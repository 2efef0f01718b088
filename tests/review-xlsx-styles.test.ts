import { describe, expect, it } from 'vitest';
import { styleKey } from '../core/review/xlsx';

// The review workbook shares one style object per distinct style (exceljs writes a style's XML for every object
// it has not seen); the key says which styles are equal.
describe('review workbook: styleKey', () => {
  const bold = { bold: true, size: 11, name: '宋体' };
  it('is the same for equal styles held in different objects, in either order of the style parts', () => {
    const a = { font: bold, alignment: { vertical: 'top' as const, wrapText: true } };
    const b = { alignment: { vertical: 'top' as const, wrapText: true }, font: { ...bold } };
    expect(styleKey(b)).toBe(styleKey(a));
  });

  it('tells styles apart by any part, and a missing part from an empty one', () => {
    const base = {
      font: bold,
      fill: { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFC6EFCE' } },
    };
    const other = {
      ...base,
      fill: { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFFC7CE' } },
    };
    expect(styleKey(other)).not.toBe(styleKey(base));
    expect(styleKey({ ...base, numFmt: '0.00' })).not.toBe(styleKey(base));
    expect(styleKey({ ...base, numFmt: '0.00' })).not.toBe(styleKey({ ...base, numFmt: '0.0' }));
    expect(styleKey({ font: bold })).not.toBe(styleKey({ font: bold, alignment: {} }));
    expect(styleKey({ font: bold, border: undefined })).toBe(styleKey({ font: bold }));
  });

  it('does not take a part changed in place for the part it was before', () => {
    // parts are keyed by object the first time they are seen; a part built anew (as the writer does) is keyed anew
    const align = { vertical: 'middle' as const };
    const k1 = styleKey({ alignment: align });
    const k2 = styleKey({ alignment: { ...align, wrapText: true } });
    expect(k2).not.toBe(k1);
  });
});
