/**
 * A block copied from Excel pasted into a report table (表格 block): it fills the cells from the one pasted into,
 * adding rows and columns as needed within the TableBlock limits (core/model.ts TABLE_LIMITS). Whatever does not
 * fit, or is longer than a cell may hold, is listed cell by cell. Pure.
 */
import { TABLE_LIMITS } from '../model';
import { type SourceCell, sourceCellName } from './grid';

export interface TableCells {
  columns: string[];
  rows: string[][];
}

export interface TableCut extends SourceCell {
  /** 'rows' / 'cols': beyond the limit; 'long': the text was shortened to the limit (the cut part is `text`) */
  reason: 'rows' | 'cols' | 'long';
  message: string;
}

export interface TablePastePlan {
  table: TableCells;
  /** cells filled from the block */
  filled: number;
  addedRows: number;
  addedCols: number;
  cut: TableCut[];
}

/**
 * `at.row` -1 is the header row (the column titles): the block's first row becomes titles, the rest body rows.
 * Empty source cells are written as empty: in a report table a blank is content (Excel's own paste does the same).
 */
export function planTablePaste(
  table: TableCells,
  block: readonly (readonly string[])[],
  at: { row: number; col: number },
): TablePastePlan {
  const rows = block.map((r) => [...r]);
  while (rows.length > 0 && (rows.at(-1) ?? []).every((t) => t === '')) rows.pop();
  const columns = [...table.columns];
  const body = table.rows.map((r) => [...r]);
  const cut: TableCut[] = [];
  let filled = 0;
  const width = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const startCol = Math.max(0, at.col);

  const wantCols = Math.min(TABLE_LIMITS.columns, startCol + width);
  const addedCols = Math.max(0, wantCols - columns.length);
  for (let c = columns.length; c < wantCols; c++) columns.push(`列${c + 1}`);
  for (const r of body) while (r.length < columns.length) r.push('');

  let addedRows = 0;
  rows.forEach((src, i) => {
    const target = at.row + i; // -1 = header
    src.forEach((raw, j) => {
      const col = startCol + j;
      const text = raw.replace(/\r\n?/g, '\n');
      if (col >= TABLE_LIMITS.columns) {
        if (text.trim()) {
          cut.push({ r: i, c: j, text, reason: 'cols', message: `超出表格最多 ${TABLE_LIMITS.columns} 列的限制` });
        }
        return;
      }
      if (target === -1) {
        const limit = TABLE_LIMITS.title;
        columns[col] = limitText(text, limit, { r: i, c: j }, '列标题', cut);
        filled++;
        return;
      }
      if (target >= TABLE_LIMITS.rows) {
        if (text.trim()) {
          cut.push({ r: i, c: j, text, reason: 'rows', message: `超出表格最多 ${TABLE_LIMITS.rows} 行的限制` });
        }
        return;
      }
      while (body.length <= target) {
        body.push(columns.map(() => ''));
        addedRows++;
      }
      const row = body[target] as string[];
      row[col] = limitText(text, TABLE_LIMITS.cell, { r: i, c: j }, '单元格', cut);
      filled++;
    });
  });
  return { table: { columns, rows: body }, filled, addedRows, addedCols, cut };
}

function limitText(text: string, limit: number, cell: { r: number; c: number }, what: string, cut: TableCut[]): string {
  // the schema counts UTF-16 units; never split a surrogate pair
  if (text.length <= limit) return text;
  const end = /[\uD800-\uDBFF]/.test(text[limit - 1] ?? '') ? limit - 1 : limit;
  const rest = text.slice(end);
  cut.push({
    ...cell,
    text: rest,
    reason: 'long',
    message: `${what}最多 ${limit} 字，超出的 ${[...rest].length} 字未粘贴`,
  });
  return text.slice(0, end);
}

/** 「第 3 行第 2 列：超出表格最多 20 列的限制（「…」）」 */
export function describeCut(c: TableCut): string {
  const t = c.text.length > 20 ? `${c.text.slice(0, 20)}…` : c.text;
  return `${sourceCellName(c)}：${c.message}（「${t}」）`;
}
