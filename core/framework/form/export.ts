/**
 * Writes a framework as its Excel form (`qar framework export`): 说明, 框架信息 (id, version, edition, 版本说明),
 * 指标 (one row per indicator: units, decimals, required-ness, citations), 标准与目标 (national standards and
 * provincial targets: on/off, confidence, expression, reference), 依据文件, and the whole framework as JSON in a
 * very hidden sheet so the parts the form does not show (consistency rules, narrative aliases …) survive the trip.
 */
import ExcelJS from 'exceljs';
import { frameworkText } from '../resolve';
import type { Framework, Rule } from '../schema';
import {
  CONFIDENCE_LABELS,
  DATA_CHUNK,
  DOCUMENT_COLUMNS,
  type FormColumn,
  INDICATOR_COLUMNS,
  INFO_ROWS,
  KIND_LABELS,
  RELEASE_NOTE_LABEL,
  REQUIRED_LABELS,
  SEVERITY_LABELS,
  SHEET,
  STANDARD_COLUMNS,
  TYPE_LABELS,
} from './layout';

const FONT = '等线';
const HEADER_FILL = 'FFDDEBF7';
const LOCKED_FILL = 'FFF2F2F2';
const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
const box = { top: thin, left: thin, bottom: thin, right: thin };

type Cell = string | number | null;

function listSheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: readonly FormColumn[],
  rows: Cell[][],
): ExcelJS.Worksheet {
  const sheet = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = sheet.getRow(1);
  header.height = 22;
  header.eachCell((cell, col) => {
    cell.font = { name: FONT, bold: true, size: 11 };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = box;
    const note = columns[col - 1]?.note;
    if (note) cell.note = note;
  });
  for (const r of rows) {
    const row = sheet.addRow(r);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.font = { name: FONT, size: 11 };
      cell.border = box;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/** Rows below the list that still get the drop-downs, for rows the officer adds. */
const SPARE_ROWS = 200;

/** A drop-down on a column (rows 2…the list's last row + SPARE_ROWS, so new rows get it too). */
function choices(
  sheet: ExcelJS.Worksheet,
  columns: readonly FormColumn[],
  key: string,
  values: readonly string[],
  listRows: number,
): void {
  const col = columns.findIndex((c) => c.key === key) + 1;
  if (col === 0) return;
  const last = listRows + 1 + SPARE_ROWS;
  for (let r = 2; r <= last; r++) {
    sheet.getCell(r, col).dataValidation = {
      type: 'list',
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
      showErrorMessage: true,
      errorTitle: '请从列表中选择',
      error: `可选：${values.join('、')}`,
    };
  }
}

function citationCells(c: Rule['citation']): Cell[] {
  return [c?.doc ?? '', c?.where ?? '', c?.seed ?? '', c?.quote ?? '', c?.note ?? ''];
}

const GUIDE: readonly string[] = [
  '本工作簿是一套指标框架（指标体系）的 Excel 形式，供省、市、区县发布本地的指标框架使用，不需要编写 JSON。',
  '一、「框架信息」：框架编号、版本、年度、名称和版本说明。发布本地框架时请改用自己的编号（如 cq-2025-gaozhi），每次修改后提高版本号。',
  '二、「指标」：每行一个指标。可以修改名称、单位、类型、小数位、必填、可信度和出处，也可以新增行（新的指标编号）或删除行。',
  '三、「标准与目标」：国家标准（始终检查）和省市目标（截止年份前显示进度，之后显示差距）。“启用”填“是”才会检查；待核实的规则请保持“否”，核实后再启用并把可信度改为“已核实”。',
  '四、「依据文件」：规则和指标引用的文件。编号在「指标」和「标准与目标」的“依据文件编号”列中使用。',
  '五、条件表达式与计算公式只能使用指标编号、数字、+ - * / %、比较（< <= > >= == !=）、&& || ! 以及 min、max、abs、round、sum、coalesce、ratio、pct、prev、has 函数。',
  '六、不要修改或删除隐藏的工作表；其中保存着表中没有列出的规则（如数据一致性、正文数字核对），导入时一并带回。',
  '七、改好后运行 qar framework import 本文件.xlsx --out 框架.json 转回框架文件；每一处问题都会写明工作表和单元格（如「指标」G12）。再用 qar framework check 框架.json 检查，然后把 .json 文件发给学校。',
  '八、学校在工作台中选择「使用指标体系文件」，或运行 qar framework use 框架.json --into 学校.qar；框架会保存在学校的工作区文件中，审阅时按学校实际使用的框架校验。',
];

/** The framework's Excel form as .xlsx bytes. */
export async function exportFrameworkForm(fw: Framework, opts: { now?: Date } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const now = opts.now ?? new Date();
  wb.creator = '质量年报工作台';
  wb.created = now;
  wb.modified = now;
  wb.title = `${fw.title}（${fw.id} ${fw.version}）`;

  const guide = wb.addWorksheet(SHEET.guide, { properties: { tabColor: { argb: 'FF5B9BD5' } } });
  guide.getColumn(1).width = 100;
  guide.addRow(['质量年报工作台 · 指标框架（Excel 形式）']).getCell(1).font = { name: FONT, size: 16, bold: true };
  guide.addRow([`${fw.title}（编号 ${fw.id}，版本 ${fw.version}，${fw.edition}）`]);
  guide.addRow(['']);
  for (const line of GUIDE) {
    const row = guide.addRow([line]);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.height = 18 * Math.ceil([...line].length / 48);
  }
  guide.eachRow((row) => {
    const cell = row.getCell(1);
    cell.font = { name: FONT, size: 11, ...(cell.font?.bold ? { bold: true, size: 16 } : {}) };
  });

  const info = wb.addWorksheet(SHEET.info);
  info.columns = [
    { header: '项目', key: 'label', width: 14 },
    { header: '内容', key: 'value', width: 70 },
    { header: '可信度 / 说明', key: 'note', width: 60 },
  ];
  const head: Record<string, string> = {
    id: fw.id,
    version: fw.version,
    edition: fw.edition,
    title: fw.title,
    region: fw.region,
    level: fw.level,
    kind: fw.kind,
  };
  for (const r of INFO_ROWS) info.addRow([r.label, head[r.key] ?? '', r.note]);
  for (const n of fw.releaseNotes) info.addRow([RELEASE_NOTE_LABEL, n.text, CONFIDENCE_LABELS[n.confidence]]);
  if (fw.releaseNotes.length === 0) info.addRow([RELEASE_NOTE_LABEL, '', CONFIDENCE_LABELS.U]);
  info.eachRow((row, r) => {
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      cell.font = { name: FONT, size: 11, bold: r === 1 };
      cell.border = box;
      cell.alignment = { vertical: 'top', wrapText: true };
      if (r > 1 && c === 1) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LOCKED_FILL } };
    });
  });

  const indicatorRows: Cell[][] = [];
  for (const t of [...fw.tables].sort((a, b) => a.order - b.order)) {
    for (const i of t.indicators) {
      indicatorRows.push([
        t.id,
        t.name,
        i.id,
        i.name,
        i.unit,
        TYPE_LABELS[i.type],
        i.decimals,
        i.required === true
          ? REQUIRED_LABELS.yes
          : i.required === 'graduates'
            ? REQUIRED_LABELS.graduates
            : REQUIRED_LABELS.no,
        i.partOf ?? '',
        i.formula ?? '',
        CONFIDENCE_LABELS[i.confidence],
        ...citationCells(i.citation),
        i.description,
      ]);
    }
  }
  const ind = listSheet(wb, SHEET.indicators, INDICATOR_COLUMNS, indicatorRows);
  choices(ind, INDICATOR_COLUMNS, 'type', Object.values(TYPE_LABELS), indicatorRows.length);
  choices(ind, INDICATOR_COLUMNS, 'required', Object.values(REQUIRED_LABELS), indicatorRows.length);
  choices(ind, INDICATOR_COLUMNS, 'confidence', Object.values(CONFIDENCE_LABELS), indicatorRows.length);

  const standardRows: Cell[][] = [];
  for (const r of fw.rules) {
    if (r.kind !== 'threshold' && r.kind !== 'target') continue;
    standardRows.push([
      r.id,
      KIND_LABELS[r.kind],
      r.title,
      r.indicator,
      r.expr,
      r.reference ?? null,
      r.kind === 'target' ? r.deadline : null,
      r.kind === 'target' ? (r.since ?? null) : null,
      SEVERITY_LABELS[r.severity],
      r.enabled ? '是' : '否',
      CONFIDENCE_LABELS[r.confidence],
      r.categories.join('、'),
      r.levels.join('、'),
      r.when ?? '',
      ...citationCells(r.citation),
      r.message,
      r.hint,
    ]);
  }
  const std = listSheet(wb, SHEET.standards, STANDARD_COLUMNS, standardRows);
  const n = standardRows.length;
  choices(std, STANDARD_COLUMNS, 'kind', Object.values(KIND_LABELS), n);
  choices(std, STANDARD_COLUMNS, 'severity', Object.values(SEVERITY_LABELS), n);
  choices(std, STANDARD_COLUMNS, 'enabled', ['是', '否'], n);
  choices(std, STANDARD_COLUMNS, 'confidence', Object.values(CONFIDENCE_LABELS), n);

  listSheet(
    wb,
    SHEET.documents,
    DOCUMENT_COLUMNS,
    Object.entries(fw.documents).map(([key, d]) => [key, d.title, d.number, d.issuer, d.date]),
  );

  // the whole framework, for what the form does not show; cut below Excel's 32 767 characters a cell
  const data = wb.addWorksheet(SHEET.data, { state: 'veryHidden' });
  const text = frameworkText(fw);
  data.addRow(['以下是框架的完整数据（JSON），请勿修改。']);
  for (let i = 0; i < text.length; ) {
    let end = Math.min(text.length, i + DATA_CHUNK);
    // never split a surrogate pair (a lone half is not valid XML)
    const code = text.charCodeAt(end);
    if (end < text.length && code >= 0xdc00 && code <= 0xdfff) end--;
    data.addRow([text.slice(i, end)]);
    i = end;
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}
