/**
 * Reading an indicator workbook (the shape export.ts writes, or an office's own sheet with the same headers)
 * into value changes. Nothing is written here: the caller applies the changes only when `problems` is empty.
 *
 * Rows are matched by 指标编号, else by 指标名称 (match.ts); year columns by headers like 2024 / 2024年 / 2024届.
 * Every cell that cannot be read becomes a problem naming its sheet and cell, e.g. 「教学资源表」D7：「约三百」不是数字.
 */
import ExcelJS from 'exceljs';
import type { ValueChange } from '../../db/store';
import { QarError } from '../errors';
import type { Framework, Indicator } from '../framework/schema';
import { checkXlsxContainer } from './guard';
import { GUIDE_SHEET, ID_HEADER, isDerived, NAME_HEADER, parseYearHeader } from './layout';
import { indexIndicators, matchIndicator } from './match';
import { type CellReading, readNumberCell, readNumberText } from './number';

export interface XlsxProblem {
  sheet: string;
  /** A1-style address, e.g. D7 */
  cell: string;
  /** the whole Chinese line, location included: 「教学资源表」D7：「约三百」不是数字，… */
  message: string;
}

export interface XlsxParseResult {
  /** one entry per filled cell (unchanged values included: the store logs only real changes) */
  changes: ValueChange[];
  /** anything that blocks the import */
  problems: XlsxProblem[];
  /** things worth knowing that do not block (derived rows ignored, sheets skipped) */
  infos: XlsxProblem[];
  /** sheets that were read as indicator tables */
  sheets: string[];
}

/** The text shown in a cell, for headers, ids and names. */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.normalize('NFKC').trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return '';
  if (typeof v === 'object') {
    if ('richText' in v)
      return v.richText
        .map((r) => r.text)
        .join('')
        .normalize('NFKC')
        .trim();
    if ('text' in v && typeof v.text === 'string') return v.text.normalize('NFKC').trim();
    if ('result' in v && (typeof v.result === 'string' || typeof v.result === 'number')) return String(v.result).trim();
  }
  return '';
}

/** What a value cell holds, read for one indicator. */
function readValueCell(cell: ExcelJS.Cell, ind: Indicator): CellReading {
  if (cell.type === ExcelJS.ValueType.Merge) return { kind: 'empty' }; // the merge's first cell carries the value
  const v = cell.value;
  if (v === null || v === undefined) return { kind: 'empty' };
  if (typeof v === 'number') return readNumberCell(v, cell.numFmt, ind);
  if (typeof v === 'string') return readNumberText(v, ind);
  if (typeof v === 'boolean') return { kind: 'bad', reason: `「${v ? 'TRUE' : 'FALSE'}」是逻辑值，不是数字` };
  if (v instanceof Date) return { kind: 'bad', reason: '单元格是日期，不是数字，请改为常规数字格式后重填' };
  if ('error' in v) return { kind: 'bad', reason: `「${v.error}」是 Excel 错误值，请改为数字或留空` };
  if ('richText' in v) return readNumberText(v.richText.map((r) => r.text).join(''), ind);
  if ('formula' in v || 'sharedFormula' in v) {
    const r = (v as { result?: unknown }).result;
    if (r === undefined || r === null) {
      return { kind: 'bad', reason: '公式没有计算结果，请在 Excel 中打开、保存后再导入，或直接填写数值' };
    }
    if (typeof r === 'number') return readNumberCell(r, cell.numFmt, ind);
    if (typeof r === 'string') return readNumberText(r, ind);
    if (typeof r === 'object' && r !== null && 'error' in r) {
      return {
        kind: 'bad',
        reason: `公式结果是错误值「${String((r as { error: unknown }).error)}」，请改为数字或留空`,
      };
    }
    return { kind: 'bad', reason: '公式结果不是数字' };
  }
  if ('text' in v && typeof v.text === 'string') return readNumberText(v.text, ind);
  return { kind: 'bad', reason: '单元格内容无法识别为数字' };
}

interface Header {
  row: number;
  idCol?: number;
  nameCol?: number;
  years: Map<number, number>; // column -> year
}

/** The header is the first row (of the first ten) holding 指标编号 or 指标名称. */
function findHeader(sheet: ExcelJS.Worksheet, problems: XlsxProblem[], name: string): Header | undefined {
  const last = Math.min(sheet.rowCount, 10);
  for (let r = 1; r <= last; r++) {
    const row = sheet.getRow(r);
    const h: Header = { row: r, years: new Map() };
    const seenYears = new Map<number, string>();
    row.eachCell((cell, col) => {
      const t = cellText(cell);
      if (t === ID_HEADER && h.idCol === undefined) h.idCol = col;
      else if (t === NAME_HEADER && h.nameCol === undefined) h.nameCol = col;
      else {
        const y = parseYearHeader(typeof cell.value === 'number' ? cell.value : t);
        if (y === undefined) return;
        const first = seenYears.get(y);
        if (first) {
          problems.push(at(name, cell.address, `${y}年出现了两列（另一列在 ${first}），请删除重复的年度列`));
        } else {
          seenYears.set(y, cell.address);
          h.years.set(col, y);
        }
      }
    });
    if (h.idCol !== undefined || h.nameCol !== undefined) return h;
  }
  return undefined;
}

function at(sheet: string, cell: string, reason: string): XlsxProblem {
  return { sheet, cell, message: `「${sheet}」${cell}：${reason}。` };
}

async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  await checkXlsxContainer(bytes);
  const wb = new ExcelJS.Workbook();
  try {
    // exceljs's typings want a Buffer; a view over the same memory avoids a copy
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (e) {
    throw new QarError(
      'BAD_INPUT',
      '无法读取工作簿内容，文件可能已损坏或不是标准的 Excel 工作簿。请在 Excel 中打开并另存为 .xlsx 后再导入。',
      { cause: e },
    );
  }
  return wb;
}

/**
 * Reads an indicator workbook. `years` are the workspace's years: a filled column for any other year is a problem.
 * Throws QarError (BAD_INPUT / TOO_LARGE) when the file is not a usable workbook at all.
 */
export async function parseValuesXlsx(
  bytes: Uint8Array,
  fw: Framework,
  years: readonly number[],
): Promise<XlsxParseResult> {
  const wb = await loadWorkbook(bytes);
  const index = indexIndicators(fw);
  const tableNames = new Set(fw.tables.map((t) => t.name));
  const knownYears = new Set(years);
  const yearList = [...years].sort((a, b) => a - b).join('、');
  const result: XlsxParseResult = { changes: [], problems: [], infos: [], sheets: [] };
  const { problems, infos } = result;
  /** first place each (indicator, year) was read, to catch two different values for one cell */
  const seen = new Map<string, { value: number | null; where: string }>();

  for (const sheet of wb.worksheets) {
    const name = sheet.name;
    if (name === GUIDE_SHEET) continue;
    const header = findHeader(sheet, problems, name);
    if (!header) {
      if (tableNames.has(name)) {
        problems.push(
          at(name, 'A1', `找不到表头（需要「${ID_HEADER}」或「${NAME_HEADER}」和年度列），请使用导出的模板填写`),
        );
      } else if (sheet.actualRowCount > 0) {
        infos.push({
          sheet: name,
          cell: 'A1',
          message: `已跳过工作表「${name}」：没有「${ID_HEADER}」或「${NAME_HEADER}」表头。`,
        });
      }
      continue;
    }
    result.sheets.push(name);
    if (header.years.size === 0) {
      const col = header.nameCol ?? header.idCol ?? 1;
      problems.push(
        at(name, sheet.getRow(header.row).getCell(col).address, '表头中没有年度列（如「2024年」），无法读取数值'),
      );
      continue;
    }
    const derivedNames: string[] = [];
    const badYearCols = new Set<number>();

    sheet.eachRow((row, r) => {
      if (r <= header.row) return;
      const idCell = header.idCol !== undefined ? row.getCell(header.idCol) : undefined;
      const nameCell = header.nameCol !== undefined ? row.getCell(header.nameCol) : undefined;
      const id = idCell ? cellText(idCell).toLowerCase() : '';
      const label = nameCell ? cellText(nameCell) : '';
      const filled = [...header.years.keys()].filter((c) => readValueCell(row.getCell(c), PLAIN).kind !== 'empty');
      if (filled.length === 0) return; // blank rows, sub-headings, notes: nothing to import
      const match = matchIndicator(index, { id, label });
      const where = ((label ? nameCell : idCell) ?? nameCell ?? row.getCell(1)).address;
      if (match.kind !== 'found') {
        const what = [label && `「${label}」`, id && `（编号 ${id}）`].filter(Boolean).join('');
        const why = match.kind === 'ambiguous' ? '该名称对应多个指标，请填写指标编号' : '请核对指标名称，或删除这一行';
        problems.push(at(name, where, `找不到指标${what || '（这一行没有指标名称）'}，${why}`));
        return;
      }
      const { ind } = match.known;
      if (isDerived(ind)) {
        derivedNames.push(ind.name);
        return;
      }
      for (const col of filled) {
        const year = header.years.get(col)!;
        const cell = row.getCell(col);
        if (!knownYears.has(year)) {
          if (!badYearCols.has(col)) {
            badYearCols.add(col);
            const h = sheet.getRow(header.row).getCell(col).address;
            problems.push(
              at(name, h, `${year}年不在本工作区的年度（${yearList}）中，请先在工作区添加该年度，或删除这一列`),
            );
          }
          continue;
        }
        const reading = readValueCell(cell, ind);
        if (reading.kind === 'bad') {
          problems.push(at(name, cell.address, `${reading.reason}（${ind.name}，${year}年）`));
          continue;
        }
        if (reading.kind === 'empty') continue;
        // 「15.35:1」 read as 15.35: said, never taken silently
        if (reading.taken) infos.push(at(name, cell.address, `${reading.taken}（${ind.name}，${year}年）`));
        const key = `${ind.id}|${year}`;
        const here = `「${name}」${cell.address}`;
        const before = seen.get(key);
        if (before) {
          if (before.value !== reading.value) {
            problems.push(
              at(name, cell.address, `${ind.name}（${year}年）与${before.where}重复且数值不同，请只保留一处`),
            );
          }
          continue;
        }
        seen.set(key, { value: reading.value, where: here });
        result.changes.push({ year, indicatorId: ind.id, value: reading.value });
      }
    });
    if (derivedNames.length > 0) {
      const list =
        derivedNames.slice(0, 3).join('、') + (derivedNames.length > 3 ? ` 等 ${derivedNames.length} 项` : '');
      infos.push({
        sheet: name,
        cell: '',
        message: `「${name}」：${list}是自动计算的指标，表中的数值已忽略（由工作台根据其他指标计算）。`,
      });
    }
  }
  if (result.sheets.length === 0 && problems.length === 0) {
    throw new QarError(
      'BAD_INPUT',
      `工作簿中没有找到指标数据表（需要「${ID_HEADER}」或「${NAME_HEADER}」表头和年度列）。请先用「导出 Excel」得到模板，在模板中填写后再导入。`,
    );
  }
  return result;
}

/** Only used to ask "is anything in this cell?" before the row's indicator is known. */
const PLAIN: Indicator = {
  id: 'x',
  name: '',
  unit: '',
  type: 'number',
  decimals: 0,
  required: false,
  description: '',
  confidence: 'P',
};
