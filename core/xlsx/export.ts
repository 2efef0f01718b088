/**
 * The indicator workbook editors fill in Excel: one sheet per framework table (指标编号 hidden | 指标名称 |
 * 单位 | one column per year | 备注), numbers stored as numbers with the indicator's decimals, derived rows
 * shaded grey and marked 自动计算 (their values are the grid's: core/values, computed from the parts), missing
 * values left empty, and a 说明 sheet on how to fill it in and re-import. A row not confirmed as a national-table
 * row (待核实, core/framework/unconfirmed) says so first in its 备注, and a sheet holding such rows says what that
 * means in a line right below its header (the importer skips a row without numbers and never reads 备注).
 */
import ExcelJS from 'exceljs';
import type { Framework, FrameworkTable, Indicator } from '../framework/schema';
import { isUnconfirmedRow, UNCONFIRMED_MEANING, UNCONFIRMED_PRINTING, UNCONFIRMED_TAG } from '../framework/unconfirmed';
import type { Workspace } from '../model';
import { readableFormula } from '../values/explain';
import { type IndicatorValues, valuesOf } from '../values/resolve';
import {
  cellNumberFormat,
  DERIVED_MARK,
  GUIDE_SHEET,
  ID_HEADER,
  isDerived,
  NAME_HEADER,
  NOTE_HEADER,
  UNIT_HEADER,
  yearHeader,
} from './layout';
import { wrappedRowHeight } from './wrap';

const FONT = '等线';
const HEADER_FILL = 'FFDDEBF7';
const DERIVED_FILL = 'FFE7E6E6';
const DERIVED_FONT = 'FF595959';
const BORDER_COLOR = 'FFBFBFBF';
/** column widths of the long texts: they wrap, and their rows are sized for it (wrap.ts) */
const NAME_WIDTH = 46;
const NOTE_WIDTH = 44;
const FONT_PT = 11;
const GUIDE_WIDTH = 70;
/** the 待核实 line below a sheet's header: the warning colour of the grid's tag */
const UNCONFIRMED_FONT = 'FF9C5700';
const UNCONFIRMED_FILL = 'FFFFF2CC';

/** The 备注 of a 待核实 row starts with this (the grid's tag; the sheet's head line says the rest). */
export const UNCONFIRMED_NOTE = `${UNCONFIRMED_TAG}：${UNCONFIRMED_MEANING}`;

/** The line below the header of a sheet with 待核实 rows. */
export function unconfirmedHeadLine(count: number): string {
  return `注：备注以「${UNCONFIRMED_TAG}」开头的 ${count} 行，是否为国家指标表的行目、官方名称如何，尚未确认，请勿当作已确认的国家指标；${UNCONFIRMED_PRINTING}。`;
}

export interface ExportXlsxOptions {
  /** the time printed on the 说明 sheet (tests pin it) */
  now?: Date;
}

/** Excel forbids []:*?/\ in sheet names and allows 31 characters; names must be unique. */
function sheetName(table: FrameworkTable, used: Set<string>): string {
  const base = table.name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || `表${table.order}`;
  let name = base;
  for (let i = 2; used.has(name) || name === GUIDE_SHEET; i++) name = `${base.slice(0, 28)}(${i})`;
  used.add(name);
  return name;
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const thin = { style: 'thin' as const, color: { argb: BORDER_COLOR } };
const box = { top: thin, left: thin, bottom: thin, right: thin };

function noteText(
  ind: Indicator,
  years: readonly number[],
  ws: Workspace,
  names: ReadonlyMap<string, string>,
  vals: IndicatorValues,
): string {
  const said = ownNoteText(ind, years, ws, names, vals);
  return isUnconfirmedRow(ind) ? [UNCONFIRMED_NOTE, said].filter(Boolean).join('；') : said;
}

function ownNoteText(
  ind: Indicator,
  years: readonly number[],
  ws: Workspace,
  names: ReadonlyMap<string, string>,
  vals: IndicatorValues,
): string {
  if (isDerived(ind)) {
    // what the grid says about these cells: a 填报值 without its parts, a stored copy the formula overrides
    const said = years.flatMap((y) => {
      const r = vals.resolve(ind.id, y);
      if (r.origin === 'reported') return [`${yearHeader(y)}为填报值（组成数据不全，无法计算）`];
      if (r.conflict && r.stored !== undefined)
        return [`${yearHeader(y)}保存的数值 ${r.stored} 与计算值不一致，表中为计算值`];
      return [];
    });
    const formula = readableFormula(ind.formula ?? '', (id) => names.get(id));
    return [`${DERIVED_MARK}：= ${formula}（导入时忽略）`, ...said].join('；');
  }
  const rows = years.map((y) => ({ y, v: ws.values.find((x) => x.year === y && x.indicatorId === ind.id) }));
  // a cell marked 「不适用」 is empty here as it is in the grid: its note says so (the 附表 prints 不适用)
  const parts = rows
    .filter((r) => r.v?.note || r.v?.notApplicable)
    .map((r) =>
      r.v?.notApplicable ? `${yearHeader(r.y)}不适用：${r.v.note ?? ''}` : `${yearHeader(r.y)}：${r.v?.note}`,
    );
  // one source for all years is the common case: say it once
  const sources = new Set(rows.map((r) => r.v?.source ?? '').filter(Boolean));
  if (sources.size === 1) parts.push(`数据来源：${[...sources][0]}`);
  else for (const r of rows) if (r.v?.source) parts.push(`${yearHeader(r.y)}数据来源：${r.v.source}`);
  return parts.join('；');
}

function addTableSheet(
  wb: ExcelJS.Workbook,
  table: FrameworkTable,
  name: string,
  ws: Workspace,
  names: ReadonlyMap<string, string>,
  vals: IndicatorValues,
): void {
  const years = ws.years.map((y) => y.year).sort((a, b) => a - b);
  const unconfirmed = table.indicators.filter(isUnconfirmedRow).length;
  // a sheet with 待核实 rows says what they are in a line right below the header, frozen in view with it; the header
  // stays the first row (the importer skips a row with no number in a year column)
  const headRows = unconfirmed > 0 ? 2 : 1;
  const sheet = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 3, ySplit: headRows, activeCell: `D${headRows + 1}` }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = [
    { header: ID_HEADER, key: 'id', width: 24, hidden: true },
    { header: NAME_HEADER, key: 'name', width: NAME_WIDTH },
    { header: UNIT_HEADER, key: 'unit', width: 9 },
    ...years.map((y) => ({ header: yearHeader(y), key: `y${y}`, width: 14 })),
    { header: NOTE_HEADER, key: 'note', width: NOTE_WIDTH },
  ];
  const lastCol = 4 + years.length;

  const header = sheet.getRow(1);
  header.height = 22;
  header.eachCell((cell) => {
    cell.font = { name: FONT, bold: true, size: 11 };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.alignment = { vertical: 'middle', horizontal: 'center' };
    cell.border = box;
  });
  years.forEach((y, i) => {
    if (ws.years.find((r) => r.year === y)?.hasGraduates === false) {
      header.getCell(4 + i).note = `${yearHeader(y)}无毕业生：毕业生相关指标可以不填。`;
    }
  });

  if (unconfirmed > 0) {
    const text = unconfirmedHeadLine(unconfirmed);
    const line = sheet.addRow(['', text]);
    sheet.mergeCells(2, 2, 2, lastCol);
    const cell = line.getCell(2);
    cell.font = { name: FONT, size: FONT_PT, color: { argb: UNCONFIRMED_FONT } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: UNCONFIRMED_FILL } };
    cell.alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
    cell.border = box;
    const width = NAME_WIDTH + 9 + 14 * years.length + NOTE_WIDTH;
    const height = wrappedRowHeight([{ text, width }], FONT_PT);
    if (height) line.height = height;
  }

  for (const ind of table.indicators) {
    const derived = isDerived(ind);
    const note = noteText(ind, years, ws, names, vals);
    const row = sheet.addRow([
      ind.id,
      ind.name,
      ind.unit,
      // the grid's values (core/values): derived rows computed from their parts
      ...years.map((y) => vals.value(ind.id, y) ?? null),
      note,
    ]);
    // a long name or 备注 wraps inside its column (printed, it ran past the table's edge)
    const height = wrappedRowHeight(
      [
        { text: ind.name, width: NAME_WIDTH - (ind.partOf ? 6 : 0) },
        { text: note, width: NOTE_WIDTH },
      ],
      FONT_PT,
    );
    if (height) row.height = height;
    for (let c = 1; c <= lastCol; c++) {
      const cell = row.getCell(c);
      cell.font = { name: FONT, size: FONT_PT, ...(derived ? { color: { argb: DERIVED_FONT } } : {}) };
      cell.border = box;
      if (derived) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: DERIVED_FILL } };
      // 其中 rows: indented by the cell's own indent, so the name text stays exact for matching on import
      if (c === 2)
        cell.alignment = { vertical: 'middle', horizontal: 'left', indent: ind.partOf ? 2 : 0, wrapText: true };
      else if (c === 3) cell.alignment = { vertical: 'middle', horizontal: 'center' };
      else if (c > 3 && c < lastCol) {
        cell.numFmt = cellNumberFormat(ind, vals.value(ind.id, years[c - 4] ?? 0));
        cell.alignment = { vertical: 'middle', horizontal: 'right' };
      } else cell.alignment = { vertical: 'middle', horizontal: 'left', wrapText: true };
    }
  }
}

export const GUIDE_LINES: readonly string[] = [
  '一、每个工作表对应平台的一张数据表，每行一个指标，每个年度一列。请只在年度列中填写数值。',
  '二、只填数字，不要带单位；可以带千位分隔符（如 12,345）。百分比指标填 90.76 或 90.76% 均可，都按 90.76% 保存。',
  '三、单元格留空表示「不修改」：导入时保留工作台中原有的数值。确实没有数据的，请填「无数据」或「—」。',
  `四、灰色行是${DERIVED_MARK}的指标（比例、生均值等），由工作台根据其他指标计算，导入时忽略这些行。`,
  '五、「其中」项（缩进显示的行）是上一级指标的一部分，请注意与总数保持一致。',
  '六、不要修改表头中的年度，也不要修改隐藏的 A 列（指标编号，导入时按它对应指标）；可以删除不需要修改的行或工作表。',
  '七、「备注」列只供参考（显示工作台中的备注和数据来源），导入时不读取。',
  '八、导入：在工作台中选择「导入 Excel」，或运行命令 qar import 本文件.xlsx --into 工作区.qar（加 --dry-run 可先预览将修改哪些数值）。',
  '九、只要有一处无法识别（如在数字单元格中填了文字），整个文件都不会导入，并会列出工作表和单元格位置（如「教学资源表」D7），改正后重新导入即可。导入的每一处修改都记入修改记录。',
];

/** The 说明 sheet's line on 待核实 rows, when the framework has any. */
export const UNCONFIRMED_GUIDE_LINE = `十、备注以「${UNCONFIRMED_TAG}」开头的行（工作台中同样标为「${UNCONFIRMED_TAG}」）：是否为国家指标表的行目、官方名称如何，尚未确认。可以照常填写和导入；${UNCONFIRMED_PRINTING}。`;

function addGuideSheet(wb: ExcelJS.Workbook, ws: Workspace, fw: Framework, now: Date): void {
  const sheet = wb.addWorksheet(GUIDE_SHEET, {
    properties: { tabColor: { argb: 'FF5B9BD5' } },
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  // narrower than A4 portrait's text width in LibreOffice's units too (at 80 its lines ran past the page's edge)
  sheet.getColumn(1).width = GUIDE_WIDTH;
  const years = ws.years
    .map((y) => y.year)
    .sort((a, b) => a - b)
    .map(yearHeader)
    .join('、');
  const add = (text: string, font: Partial<ExcelJS.Font> = {}) => {
    const row = sheet.addRow([text]);
    const cell = row.getCell(1);
    cell.font = { name: FONT, size: 11, ...font };
    cell.alignment = { wrapText: true, vertical: 'top' };
    // wrapped rows are not re-measured by LibreOffice: sized for their lines (wrap.ts)
    const height = wrappedRowHeight([{ text, width: GUIDE_WIDTH }], FONT_PT);
    if (height) row.height = height;
    return row;
  };
  add('质量年报工作台 · 指标数据填报表', { size: 16, bold: true }).height = 28;
  add(`学校：${ws.profile.name}（${ws.profile.level}）`);
  add(`指标体系：${fw.title}（${fw.edition}，版本 ${fw.version}）`);
  add(`数据年度：${years || '无'}`);
  add(`导出时间：${stamp(now)}`);
  add('');
  add('填写说明', { size: 13, bold: true });
  for (const line of GUIDE_LINES) add(line);
  if (fw.tables.some((t) => t.indicators.some(isUnconfirmedRow))) add(UNCONFIRMED_GUIDE_LINE);
}

/** Builds the indicator workbook of a workspace (values of every year) as .xlsx bytes. */
export async function exportValuesXlsx(ws: Workspace, fw: Framework, opts: ExportXlsxOptions = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const now = opts.now ?? new Date();
  wb.creator = '质量年报工作台';
  wb.created = now;
  wb.modified = now;
  wb.title = `${ws.profile.name}指标数据`;
  const tables = [...fw.tables].sort((a, b) => a.order - b.order);
  const names = new Map(tables.flatMap((t) => t.indicators.map((i) => [i.id, i.name] as const)));
  addGuideSheet(wb, ws, fw, now);
  const used = new Set<string>();
  const vals = valuesOf(ws, fw);
  for (const t of tables) addTableSheet(wb, t, sheetName(t, used), ws, names, vals);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
