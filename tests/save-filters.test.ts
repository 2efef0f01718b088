/** The native save dialog's filters (electron/save-filters.ts, Electron-free): the comments export's format choice. */
import { describe, expect, it } from 'vitest';
import { FILTERS, saveFilters, withExtension } from '../electron/save-filters';

describe('save dialog filters', () => {
  it('offers Word, Excel and JSON for the comments export, the suggested format first', () => {
    expect(saveFilters('comments', '乙校审核意见.docx').map((f) => f.extensions[0])).toEqual(['docx', 'xlsx', 'json']);
    expect(saveFilters('comments', '乙校审核意见.xlsx').map((f) => f.extensions[0])).toEqual(['xlsx', 'docx', 'json']);
    expect(saveFilters('comments', '乙校审核意见.json').map((f) => f.extensions[0])).toEqual(['json', 'docx', 'xlsx']);
    expect(saveFilters('comments', '乙校审核意见.json')[0]?.name).toContain('学校导入');
    expect(saveFilters('xlsx', 'x.xlsx')).toEqual(FILTERS.xlsx);
  });

  it('adds the suggested extension only when the typed name has none the filters know', () => {
    const f = saveFilters('comments', 'a.xlsx');
    expect(withExtension('/d/乙校', f, 'a.xlsx')).toBe('/d/乙校.xlsx');
    expect(withExtension('/d/乙校.json', f, 'a.xlsx')).toBe('/d/乙校.json');
    expect(withExtension('/d/乙校.DOCX', f, 'a.xlsx')).toBe('/d/乙校.DOCX');
    expect(withExtension('/d/乙校.v2', f, 'a.xlsx')).toBe('/d/乙校.v2.xlsx');
    expect(withExtension('/d/报告', FILTERS.docx, '')).toBe('/d/报告.docx');
  });
});
