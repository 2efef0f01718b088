/**
 * #14.6 for workbooks: rows, cells, shared strings, expanded ranges (merges, data validations) and bytes are
 * bounded before exceljs builds anything, with a Chinese TOO_LARGE message naming the limit. The workbook
 * (7.5 MB, a million one-cell rows) used to pass the byte guards and cost 26.6 s CPU / 1.7 GB.
 */
import { describe, expect, it } from 'vitest';
import { isQarError, type QarError } from '../core/errors';
import { getFramework } from '../core/framework/registry';
import {
  checkXlsxContainer,
  MAX_XLSX_CELLS,
  MAX_XLSX_RANGE_CELLS,
  MAX_XLSX_ROWS,
  MAX_XLSX_SHARED_STRINGS,
} from '../core/xlsx/guard';
import { parseValuesXlsx } from '../core/xlsx/import';
import { makeXlsx, millionRowsSheet, sheetXml } from './helpers/xlsx-parts';

const fw = getFramework('cn-2024-gaozhi');
const HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>指标编号</t></is></c><c r="B1"><v>2024</v></c></row>';

async function refusal(bytes: Uint8Array): Promise<QarError> {
  try {
    await checkXlsxContainer(bytes);
  } catch (e) {
    if (isQarError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function rows(n: number, cellsPerRow = 1, from = 2): string {
  const out: string[] = [HEADER];
  for (let r = from; r < from + n; r++) {
    let cells = '';
    for (let c = 0; c < cellsPerRow; c++) cells += `<c r="${String.fromCharCode(66 + (c % 20))}${r}"><v>1</v></c>`;
    out.push(`<row r="${r}">${cells}</row>`);
  }
  return out.join('');
}

describe('workbook resource limits', () => {
  it('the issue workbook (a million one-cell rows) is refused quickly, naming the row limit', async () => {
    const bytes = await makeXlsx([{ name: '教学资源表', xml: millionRowsSheet() }], undefined, 6);
    expect(bytes.length).toBeGreaterThan(5 * 1024 * 1024);
    const t = process.cpuUsage();
    const e = await refusal(bytes);
    const cpu = process.cpuUsage(t);
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain(`${MAX_XLSX_ROWS} 行`);
    expect(e.message).not.toContain('\n');
    // generous: the point is "stops early", not a speed target (those are in npm run bench)
    expect((cpu.user + cpu.system) / 1e6).toBeLessThan(10);
  });

  it('too many cells in few rows', async () => {
    const e = await refusal(await makeXlsx([{ name: 'x', rows: rows(Math.ceil(MAX_XLSX_CELLS / 20) + 10, 20) }]));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain(`${MAX_XLSX_CELLS} 个单元格`);
  });

  it('too many shared strings', async () => {
    const si = '<si><t>x</t></si>'.repeat(MAX_XLSX_SHARED_STRINGS + 1);
    const shared = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${si}</sst>`;
    const e = await refusal(await makeXlsx([{ name: 'x', rows: rows(3) }], shared));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toContain('共享文本');
  });

  it('a merge or a data validation over the whole sheet (exceljs expands every cell) is refused', async () => {
    const merge = sheetXml(rows(3), '<mergeCells count="1"><mergeCell ref="A5:XFD1048576"/></mergeCells>');
    const e1 = await refusal(await makeXlsx([{ name: 'x', xml: merge }]));
    expect(e1.code).toBe('TOO_LARGE');
    expect(e1.message).toContain(`${MAX_XLSX_RANGE_CELLS}`);
    const dv = sheetXml(
      rows(3),
      '<dataValidations count="1"><dataValidation type="whole" sqref="C1:C1048576 D1:D9"><formula1>0</formula1></dataValidation></dataValidations>',
    );
    expect((await refusal(await makeXlsx([{ name: 'x', xml: dv }]))).code).toBe('TOO_LARGE');
  });

  it('prefixed tags (x:row, x:c) count too', async () => {
    const body: string[] = [];
    for (let r = 1; r <= MAX_XLSX_ROWS + 5; r++) body.push(`<x:row r="${r}"><x:c r="A${r}"><x:v>1</x:v></x:c></x:row>`);
    const xml = `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${body.join('')}</x:sheetData></x:worksheet>`;
    expect((await refusal(await makeXlsx([{ name: 'x', xml }]))).code).toBe('TOO_LARGE');
  });

  it('a workbook just under the limits is still read', async () => {
    const bytes = await makeXlsx([{ name: '教学资源表', rows: rows(2000, 2) }]);
    await expect(checkXlsxContainer(bytes)).resolves.toBeUndefined();
    const r = await parseValuesXlsx(bytes, fw, [2024]);
    expect(r.problems.length).toBeGreaterThan(0); // rows without an indicator: listed, not a crash
  });
});
