/**
 * The review summary as an Excel workbook (exceljs): 合规矩阵, 汇总(高职), 汇总(中职), 汇总(高职+中职) (the totals
 * seed 003 gives for all schools), 未计入汇总 (every school value left out of the aggregates, with the reason),
 * 问题清单, 文件清单.
 * Every sheet has a frozen header and an autofilter; statuses are coloured (通过 green, 未通过 red, 待核实 amber,
 * 无数据 grey) both as fills and as conditional formats (so a reviewer who edits a cell keeps the colours);
 * numbers are stored as numbers with number formats, never as text.
 *
 * Written with exceljs's streaming WorkbookWriter: each row goes to the zip as soon as it is complete, so a
 * province's 1 000 schools × 110 rules never sit in memory as a workbook model, and the zip is compressed by
 * Node's zlib rather than the in-memory writer's JavaScript deflate (issue #16: 20% of a 1 000-school review).
 * A sheet's frozen panes and column widths therefore come first (they precede the rows in the file).
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { NOT_APPLICABLE } from '../report/format';
import { roundTo } from '../values/round';
import { cellNumberFormat } from '../xlsx/layout';
import { wrappedRowHeight } from '../xlsx/wrap';
import type { AggregateRow, LevelAggregate, ReviewLevel } from './aggregate';
import { CELL_STATUSES, type CellStatus, STATUS_LABEL } from './matrix';
import { notApplicableForAll, schoolsColumn } from './not-applicable';
import { describeFrameworkUse, type ReviewSummary } from './review';
import { uniqueFindings } from './summary-docx';

export const SHEET_NAMES = {
  matrix: '合规矩阵',
  gaozhi: '汇总(高职)',
  zhongzhi: '汇总(中职)',
  totals: '汇总(高职+中职)',
  excluded: '未计入汇总',
  findings: '问题清单',
  files: '文件清单',
  unused: '未列入矩阵的规则',
} as const;

/** fill (ARGB) and font colour per status: Excel's own good / bad / neutral palette, grey for no data */
export const STATUS_COLOURS: Readonly<Record<CellStatus, { fill: string; font: string }>> = {
  pass: { fill: 'FFC6EFCE', font: 'FF006100' },
  fail: { fill: 'FFFFC7CE', font: 'FF9C0006' },
  unconfirmed: { fill: 'FFFFEB9C', font: 'FF9C5700' },
  nodata: { fill: 'FFD9D9D9', font: 'FF595959' },
};
const SEVERITY_COLOURS: Readonly<Record<string, CellStatus>> = { 错误: 'fail', 警告: 'unconfirmed', 提示: 'nodata' };

const HEADER_FILL = 'FFD9E1F2';
/** the header cells' size */
const HEADER_PT = 10.5;
/** a matrix rule column's width: its title wraps in the header row */
const RULE_WIDTH = 11;
const FONT = '宋体';
/** the body cells' size (the workbook's default font) */
const BODY_PT = 11;

function solid(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb }, bgColor: { argb } };
}

/**
 * Style parts shared by many cells are made once: a cell holds the part object it is given (exceljs keeps the
 * reference), and shareStyles below keys a style by its part objects. Never changed in place.
 */
const HEADER_PARTS = {
  font: { name: FONT, bold: true, size: HEADER_PT },
  fill: solid(HEADER_FILL),
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  border: { bottom: { style: 'thin', color: { argb: 'FF808080' } } },
} as const satisfies Partial<ExcelJS.Style>;
const CENTER: Partial<ExcelJS.Alignment> = { horizontal: 'center' };
const TOP: Partial<ExcelJS.Alignment> = { vertical: 'top' };
const WRAP_TOP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };

function styleHeader(row: ExcelJS.Row, height = 30): void {
  row.height = height;
  row.eachCell((c) => {
    c.font = HEADER_PARTS.font;
    c.fill = HEADER_PARTS.fill;
    c.alignment = HEADER_PARTS.alignment;
    c.border = HEADER_PARTS.border;
  });
}

type Book = ExcelJS.stream.xlsx.WorkbookWriter;

/** Excel's paper size code for A4 (ECMA-376 ST_PaperSize 9); unset, LibreOffice printed on US Letter. */
const A4 = 9;

/**
 * A new sheet with its header frozen (rows above 2, the first `xSplit` columns) and its column widths. Printed, it
 * is A4 landscape with the same header row and first columns on every page: a sheet wider than the paper (the
 * matrix's rules, the 问题清单's texts) continues on the next pages, each still saying which school or indicator
 * a row is, where it printed bare statuses under no header. Not shrunk to the paper's width: at 100+ rules that
 * would be an unreadable 20%.
 */
function addSheet(wb: Book, name: string, xSplit: number, widths: readonly number[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit, ySplit: 1, topLeftCell: `${colLetter(xSplit + 1)}2`, activeCell: 'A2' }],
    pageSetup: {
      paperSize: A4,
      orientation: 'landscape',
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
      printTitlesRow: '1:1',
      printTitlesColumn: `A:${colLetter(xSplit)}`,
    },
  });
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  return ws;
}

/**
 * One style object per distinct style. exceljs turns a cell's style into XML to find its number in the style
 * table unless it has seen that very object before (a WeakMap), and every cell has an object of its own: two
 * thirds of the time writing 1 000 schools' workbook went there. Equal styles are made the same object here just
 * before a row is written; nothing changes a style after that.
 *
 * A style is keyed by its parts (font, alignment, border, fill …), each part by the first equal part seen: cells
 * mostly hold the same few part objects, so a part is turned into JSON once per object rather than a whole style
 * once per cell (that took 0.3 s of a 1 000-school review).
 */
const sharedStyles = new Map<string, Partial<ExcelJS.Style>>();
const MAX_SHARED_STYLES = 1000;
const MAX_PARTS = 10_000;
const partIds = new WeakMap<object, number>();
const partIdByJson = new Map<string, number>();

function partKey(part: unknown): string {
  if (typeof part !== 'object' || part === null) return JSON.stringify(part) ?? '';
  let id = partIds.get(part);
  if (id === undefined) {
    const json = JSON.stringify(part);
    id = partIdByJson.get(json);
    if (id === undefined) {
      if (partIdByJson.size >= MAX_PARTS) return json; // a bound for a long-lived app process
      id = partIdByJson.size;
      partIdByJson.set(json, id);
    }
    partIds.set(part, id);
  }
  return `#${id}`;
}

/** Equal for equal styles (the same parts under the same names), whatever objects hold them. */
export function styleKey(style: Partial<ExcelJS.Style>): string {
  let key = '';
  for (const name of Object.keys(style).sort()) {
    const part = (style as Record<string, unknown>)[name];
    if (part !== undefined) key += `${name}=${partKey(part)};`;
  }
  return key;
}

function shareStyles(row: ExcelJS.Row): void {
  row.eachCell((c) => {
    const key = styleKey(c.style);
    const hit = sharedStyles.get(key);
    if (hit) c.style = hit;
    else if (sharedStyles.size < MAX_SHARED_STYLES) sharedStyles.set(key, c.style);
  });
}

/**
 * Wraps a row's long-text cells (1-based columns) inside their columns and gives the row the height their lines
 * need: LibreOffice prints an .xlsx row at the height it is given, so unsized, a wrapped text showed one line and a
 * text not wrapped was cut at the next cell or ran past the table's edge.
 */
function wrapCells(r: ExcelJS.Row, widths: readonly number[], cols: readonly number[]): void {
  for (const k of cols) {
    const c = r.getCell(k);
    c.alignment = c.alignment ? { ...c.alignment, ...WRAP_TOP } : WRAP_TOP;
  }
  const cells = cols.map((k) => {
    const v = r.getCell(k).value;
    return { text: typeof v === 'string' ? v : v == null ? '' : String(v), width: widths[k - 1] ?? 8 };
  });
  const height = wrappedRowHeight(cells, BODY_PT);
  if (!height) return;
  r.height = height;
  // a row of several lines reads from its top: figures and statuses beside a wrapped text, not at its foot
  r.eachCell((c) => {
    const a = c.alignment;
    if (a !== WRAP_TOP && a !== TOP) c.alignment = a ? { ...a, ...TOP } : TOP;
  });
}

/** Writes a finished row out of memory. */
function commitRow(row: ExcelJS.Row): void {
  shareStyles(row);
  row.commit();
}

/** The autofilter over the header and the data rows, and the sheet written out. */
function finishSheet(ws: ExcelJS.Worksheet, columns: number, lastRow: number): void {
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(lastRow, 1), column: columns } };
  ws.eachRow((r) => shareStyles(r));
  ws.commit();
}

/** Conditional formats mirroring the static fills, over a rectangular range of status texts. */
function statusConditionalFormats(ws: ExcelJS.Worksheet, ref: string, map: Readonly<Record<string, CellStatus>>): void {
  ws.addConditionalFormatting({
    ref,
    rules: Object.entries(map).map(([text, st], i) => ({
      type: 'cellIs',
      operator: 'equal',
      formulae: [`"${text}"`],
      priority: i + 1,
      style: {
        fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: STATUS_COLOURS[st].fill } },
        font: { color: { argb: STATUS_COLOURS[st].font } },
      },
    })),
  });
}

const STATUS_PARTS = Object.fromEntries(
  CELL_STATUSES.map((st) => [
    st,
    {
      fill: solid(STATUS_COLOURS[st].fill),
      font: { name: FONT, size: 10, color: { argb: STATUS_COLOURS[st].font } },
      alignment: { horizontal: 'center', vertical: 'middle' },
    } satisfies Partial<ExcelJS.Style>,
  ]),
) as Record<CellStatus, { fill: ExcelJS.Fill; font: Partial<ExcelJS.Font>; alignment: Partial<ExcelJS.Alignment> }>;

function paintStatus(c: ExcelJS.Cell, st: CellStatus): void {
  const parts = STATUS_PARTS[st];
  c.fill = parts.fill;
  c.font = parts.font;
  c.alignment = parts.alignment;
}

function colLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A stored figure at its indicator's decimals (core/values/round, as every view rounds): no float noise. */
function rounded(v: number | null | undefined, decimals: number): number | null {
  return v === null || v === undefined || !Number.isFinite(v) ? null : roundTo(v, decimals);
}

/**
 * The number format of an aggregate's cell: the report's printing rule (core/xlsx/layout cellNumberFormat →
 * core/report/format printedNumber), so the workbook shows 218400 and 90.98 as the Word summary, the 汇总 screen
 * and the schools' own 附表 do — not 218,400.00. The cell keeps the (rounded) number; percent values are 0–100.
 */
function aggregateNumberFormat(row: Parameters<typeof cellNumberFormat>[0], value: number | null): string {
  return cellNumberFormat(row, value ?? undefined);
}

const LABEL_TO_STATUS: Readonly<Record<string, CellStatus>> = Object.fromEntries(
  CELL_STATUSES.map((s) => [STATUS_LABEL[s], s]),
) as Record<string, CellStatus>;

/**
 * The matrix's rule columns. A rule that applies to none of these schools (a 医学院校 standard, schools all 工科)
 * would be a column blank from top to bottom: printed, pages of them. It is named on a sheet of its own instead
 * (unusedRulesSheet), so the workbook still accounts for every rule — not below the matrix, where its long titles
 * stood in the columns that every printed page repeats.
 */
function matrixRules(s: ReviewSummary): ReviewSummary['matrix']['rules'] {
  if (s.matrix.rows.length === 0) return s.matrix.rules;
  return s.matrix.rules.filter((r) => s.matrix.rows.some((row) => row.cells[r.id]));
}

/** The rules left out of the matrix because they apply to none of the reviewed schools, printed once. */
function unusedRulesSheet(wb: Book, s: ReviewSummary): void {
  const columns = new Set(matrixRules(s));
  const unused = s.matrix.rules.filter((r) => !columns.has(r));
  const widths = [6, 24, 70, 10]; // one printed page wide (A4 landscape)
  const ws = addSheet(wb, SHEET_NAMES.unused, 1, widths);
  const header = ws.addRow(['序号', '规则编号', '规则', '框架层次']);
  styleHeader(header);
  commitRow(header);
  if (unused.length === 0) {
    const r = ws.addRow(['', '', '无：每条规则都至少适用于一所被审阅的学校，均已列在合规矩阵中。']);
    commitRow(r);
  }
  unused.forEach((rule, i) => {
    const r = ws.addRow([i + 1, rule.id, rule.title, rule.levels.join('、')]);
    wrapCells(r, widths, [2, 3]);
    commitRow(r);
  });
  const note = ws.addRow([
    '',
    '',
    `以上 ${unused.length} 条规则按学校层次和类别不适用于本次审阅的任何学校，未列为合规矩阵的列。`,
  ]);
  wrapCells(note, widths, [3]);
  finishSheet(ws, widths.length, unused.length + 1);
}

function matrixSheet(wb: Book, s: ReviewSummary): void {
  const fixed = ['序号', '学校', '学校代码', '层次', ...CELL_STATUSES.map((st) => STATUS_LABEL[st])];
  const rules = matrixRules(s);
  const ws = addSheet(wb, SHEET_NAMES.matrix, 2, [
    6,
    28,
    14,
    7,
    ...CELL_STATUSES.map(() => 8),
    ...rules.map(() => RULE_WIDTH),
  ]);
  const header = ws.addRow([...fixed, ...rules.map((r) => r.title)]);
  // as tall as the longest rule title wraps to (a fixed 96 pt printed the longest without their first and last lines)
  const titles = wrappedRowHeight(
    rules.map((r) => ({ text: r.title, width: RULE_WIDTH })),
    HEADER_PT,
  );
  styleHeader(header, Math.max(96, titles ?? 0));
  rules.forEach((r, i) => {
    header.getCell(fixed.length + i + 1).note = `规则编号：${r.id}（适用：${r.levels.join('、')}）`;
  });
  commitRow(header);

  s.matrix.rows.forEach((row, i) => {
    const r = ws.addRow([
      i + 1,
      row.name,
      row.code,
      row.level,
      ...CELL_STATUSES.map((st) => row.counts[st]),
      ...rules.map((rule) => {
        const st = row.cells[rule.id];
        return st ? STATUS_LABEL[st] : '';
      }),
    ]);
    rules.forEach((rule, k) => {
      const st = row.cells[rule.id];
      if (st) paintStatus(r.getCell(fixed.length + k + 1), st);
    });
    for (let k = 5; k <= fixed.length; k++) r.getCell(k).numFmt = '0';
    commitRow(r);
  });
  const lastData = s.matrix.rows.length + 1;
  if (rules.length > 0 && s.matrix.rows.length > 0) {
    const ref = `${colLetter(fixed.length + 1)}2:${colLetter(fixed.length + rules.length)}${lastData}`;
    statusConditionalFormats(ws, ref, LABEL_TO_STATUS);
  }
  // per-rule counts below the table (outside the filter range, so filtering schools never hides them)
  ws.addRow([]);
  for (const st of CELL_STATUSES) {
    const r = ws.addRow([
      '',
      `${STATUS_LABEL[st]}（校数）`,
      '',
      '',
      ...CELL_STATUSES.map(() => null),
      ...rules.map((rule) => s.matrix.ruleCounts[rule.id]?.[st] ?? 0),
    ]);
    r.getCell(2).font = { name: FONT, bold: true };
    r.getCell(2).fill = solid(STATUS_COLOURS[st].fill);
    for (let k = 0; k < rules.length; k++) r.getCell(fixed.length + k + 1).numFmt = '0';
  }
  finishSheet(ws, fixed.length + rules.length, lastData);
}

function aggregateSheet(wb: Book, name: string, agg: LevelAggregate | undefined, years: number[]): void {
  // 指标表 wide enough for 「人才培养质量计分卡」 on one line
  const widths = [20, 40, 8, 46, ...years.map(() => 14), 12, 8, 12, 50];
  const ws = addSheet(wb, name, 2, widths);
  const y = years[years.length - 1] as number;
  const header = ws.addRow([
    '指标表',
    '指标',
    '单位',
    '汇总方法',
    ...years.map((v) => `${v}年`),
    `有数据学校数（${y}年）`,
    '学校数',
    `未计入学校数（${y}年）`,
    '说明',
  ]);
  styleHeader(header, 36);
  const rows: AggregateRow[] = agg?.rows ?? [];
  for (const a of rows) {
    const r = ws.addRow([
      a.tableName,
      a.name,
      a.unit,
      a.methodText,
      // stored at the indicator's decimals: sums of floats carry noise (18653.269999999997)
      ...years.map((v) => rounded(a.values[v], a.decimals)),
      schoolsColumn(a.values[y], a.contributing[y], a.notApplicable[y], agg?.schoolCount ?? 0),
      agg?.schoolCount ?? 0,
      a.excludedCount[y] ?? 0,
      aggregateNote(a, years),
    ]);
    r.getCell(2).alignment = { indent: a.indent * 2 };
    wrapCells(r, widths, [1, 2, 4, 8 + years.length]);
    years.forEach((v, i) => {
      const c = r.getCell(5 + i);
      c.numFmt = aggregateNumberFormat(a, rounded(a.values[v], a.decimals));
      if (a.values[v] === null || a.values[v] === undefined) {
        c.value = notApplicableForAll(a.values[v], a.notApplicable[v], agg?.schoolCount ?? 0) ? NOT_APPLICABLE : '—';
        c.alignment = { horizontal: 'center' };
        c.font = { name: FONT, color: { argb: STATUS_COLOURS.nodata.font } };
      }
    });
    r.getCell(5 + years.length).numFmt = '0';
    r.getCell(6 + years.length).numFmt = '0';
    r.getCell(7 + years.length).numFmt = '0';
    if (a.excludedCount[y]) paintStatus(r.getCell(7 + years.length), 'unconfirmed');
  }
  if (!agg) ws.addRow(['', '本次审阅没有这一层次的学校。']);
  finishSheet(ws, widths.length, rows.length + 1);
}

/** Per row: figures not given and schools left out, year by year. */
function aggregateNote(a: AggregateRow, years: readonly number[]): string {
  const out: string[] = [];
  for (const y of years) {
    if (a.withheld[y]) out.push(`${y}年${a.withheld[y]}`);
    if (a.excludedCount[y]) out.push(`${y}年 ${a.excludedCount[y]} 校数据有误未计入（见「${SHEET_NAMES.excluded}」）`);
    if (a.notApplicable[y]) out.push(`${y}年 ${a.notApplicable[y]} 校标为不适用`);
  }
  return out.join('；');
}

function totalsSheet(wb: Book, s: ReviewSummary): void {
  const widths = [20, 40, 8, ...s.years.map(() => 14), 14, 44];
  const ws = addSheet(wb, SHEET_NAMES.totals, 2, widths);
  const y = s.years[s.years.length - 1] as number;
  const header = ws.addRow(['指标表', '指标', '单位', ...s.years.map((v) => `${v}年`), `汇总层次（${y}年）`, '依据']);
  styleHeader(header, 36);
  for (const t of s.totals) {
    const r = ws.addRow([
      t.tableName,
      t.name,
      t.unit,
      ...s.years.map((v) => rounded(t.values[v], t.decimals) ?? '—'),
      (t.levels[y] ?? []).join('+'),
      `高职、中职合计；市级报告同口径的全市数字见${t.basis}`,
    ]);
    wrapCells(r, widths, [1, 2, widths.length]);
    s.years.forEach((v, i) => {
      const c = r.getCell(4 + i);
      if (t.values[v] === null || t.values[v] === undefined) c.alignment = CENTER;
      else c.numFmt = aggregateNumberFormat(t, rounded(t.values[v], t.decimals));
    });
  }
  if (s.totals.length === 0) ws.addRow(['', '本次审阅没有可合计的数据。']);
  finishSheet(ws, widths.length, s.totals.length + 1);
}

function excludedSheet(wb: Book, s: ReviewSummary): void {
  const widths = [28, 14, 7, 8, 36, 14, 60, 50];
  const ws = addSheet(wb, SHEET_NAMES.excluded, 1, widths);
  const header = ws.addRow(['学校', '学校代码', '层次', '年度', '指标', '数值', '原因', '未计入的汇总项']);
  styleHeader(header);
  let n = 0;
  for (const level of ['高职', '中职'] as const) {
    for (const e of s.aggregates[level]?.excluded ?? []) {
      const r = ws.addRow([e.school, e.code, level, e.year, e.name, e.value, e.reason, e.rows.join('、')]);
      r.getCell(4).numFmt = '0';
      wrapCells(r, widths, [1, 5, 6, 7, 8]);
      n++;
    }
  }
  if (n === 0) ws.addRow(['', '', '', null, '所有学校的数据都已计入汇总。']);
  finishSheet(ws, 8, n + 1);
}

function findingsSheet(wb: Book, s: ReviewSummary): void {
  const widths = [28, 14, 7, 9, 9, 30, 24, 34, 60, 60, 40];
  const ws = addSheet(wb, SHEET_NAMES.findings, 1, widths);
  const header = ws.addRow([
    '学校',
    '学校代码',
    '层次',
    '严重程度',
    '状态',
    '规则',
    '规则编号',
    '位置',
    '问题说明',
    '依据',
    '修改建议',
  ]);
  styleHeader(header);
  commitRow(header);
  const ruleTitle = new Map(s.matrix.rules.map((r) => [r.id, r.title]));
  const rows = uniqueFindings(s.findings);
  for (const f of rows) {
    const r = ws.addRow([
      f.school,
      f.code,
      f.level,
      f.severity,
      f.state,
      ruleTitle.get(f.ruleId) ?? '',
      f.ruleId,
      f.where,
      f.message,
      f.citation,
      f.hint,
    ]);
    const st = SEVERITY_COLOURS[f.severity];
    if (st) paintStatus(r.getCell(4), st);
    wrapCells(r, widths, [1, 6, 7, 8, 9, 10, 11]);
    commitRow(r);
  }
  if (rows.length > 0) statusConditionalFormats(ws, `D2:D${rows.length + 1}`, SEVERITY_COLOURS);
  finishSheet(ws, 11, rows.length + 1);
}

function filesSheet(wb: Book, s: ReviewSummary): void {
  const widths = [6, 40, 28, 14, 7, 40, 9, 66, 66, 10, 9, 60];
  const ws = addSheet(wb, SHEET_NAMES.files, 2, widths);
  const header = ws.addRow([
    '序号',
    '文件',
    '学校',
    '学校代码',
    '层次',
    '指标框架',
    '审阅年度',
    '审阅前 SHA-256',
    '审阅后 SHA-256',
    '文件未改动',
    '状态',
    '原因',
  ]);
  styleHeader(header);
  commitRow(header);
  s.files.forEach((f, i) => {
    const unchanged = f.sha256Before !== '' && f.sha256Before === f.sha256After;
    const r = ws.addRow([
      i + 1,
      f.path,
      f.school?.name ?? '',
      f.school?.code ?? '',
      f.school?.level ?? '',
      f.frameworkUse
        ? describeFrameworkUse(f.frameworkUse)
        : f.framework
          ? `${f.framework.id}（${f.framework.version}）`
          : '',
      f.year ?? null,
      f.sha256Before,
      f.sha256After,
      unchanged ? '是' : '否',
      f.status === 'reviewed' ? '已审阅' : '已跳过',
      f.reason,
    ]);
    r.getCell(1).numFmt = '0';
    r.getCell(7).numFmt = '0';
    paintStatus(r.getCell(11), f.status === 'reviewed' ? 'pass' : 'fail');
    if (!unchanged) paintStatus(r.getCell(10), 'fail');
    wrapCells(r, widths, [2, 3, 6, 12]);
    commitRow(r);
  });
  // below the list: schools of one level on different frameworks or versions, older editions, one case from two
  // schools
  const warnings = [...s.yearWarnings, ...s.frameworkWarnings, ...s.caseWarnings];
  if (warnings.length > 0) ws.addRow([]);
  for (const w of warnings) {
    const r = ws.addRow(['', `注意：${w}`]);
    r.getCell(2).alignment = { wrapText: false, vertical: 'top' };
    r.getCell(2).font = { bold: true, color: { argb: 'FFC00000' } };
  }
  finishSheet(ws, 12, s.files.length + 1);
}

/** The whole workbook as bytes (about 1.5 MB for 1 000 schools: the zip is small, the workbook model was not). */
export async function writeReviewXlsx(s: ReviewSummary): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    // the statuses and school names repeat in every sheet: one copy each
    useSharedStrings: true,
  });
  wb.creator = '质量年报工作台';
  wb.created = new Date(s.createdAt);
  matrixSheet(wb, s);
  const levelSheet: Record<ReviewLevel, string> = { 高职: SHEET_NAMES.gaozhi, 中职: SHEET_NAMES.zhongzhi };
  for (const level of ['高职', '中职'] as const) aggregateSheet(wb, levelSheet[level], s.aggregates[level], s.years);
  totalsSheet(wb, s);
  excludedSheet(wb, s);
  findingsSheet(wb, s);
  filesSheet(wb, s);
  unusedRulesSheet(wb, s);
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
