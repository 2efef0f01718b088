/**
 * Reads a framework's Excel form back (`qar framework import F.xlsx --out F.json`). A workbook from outside is
 * hostile until checked: the container guard (size, zip bomb, encrypted/old formats) runs before exceljs, sheets
 * are read into a plain grid with row and column limits, every cell is read by type (a date, an error value or a
 * formula without a result in a text column is refused), and the assembled framework goes through EVERY loader
 * check (core/framework/loader.ts). Each problem names its sheet and cell: 「指标」G12：小数位应为 0–4 的整数.
 *
 * The hidden 框架数据 sheet carries the whole framework as JSON (itself fully checked): what the form does not show
 * (consistency and narrative rules, …) comes from there; what the form shows replaces it.
 */
import ExcelJS from 'exceljs';
import { QarError } from '../../errors';
import { SchoolLevel } from '../../model';
import { checkXlsxContainer } from '../../xlsx/guard';
import {
  checkFramework,
  type FrameworkProblem,
  formatPath,
  frameworkProblems,
  MAX_FRAMEWORK_BYTES,
  parseFrameworkJson,
} from '../loader';
import { frameworkText } from '../resolve';
import {
  type Confidence,
  FRAMEWORK_FORMAT,
  type Framework,
  type Indicator,
  type IndicatorType,
  type ReleaseNote,
  type Rule,
  type Severity,
} from '../schema';
import {
  CONFIDENCE_LABELS,
  DOCUMENT_COLUMNS,
  type FormColumn,
  fromLabel,
  INDICATOR_COLUMNS,
  INFO_ROWS,
  KIND_LABELS,
  MAX_FORM_ROWS,
  RELEASE_NOTE_LABEL,
  REQUIRED_LABELS,
  SEVERITY_LABELS,
  SHEET,
  STANDARD_COLUMNS,
  TYPE_LABELS,
} from './layout';

/** A cell as exceljs gives it (string, number, boolean, Date, rich text, formula, hyperlink, error …). */
export type RawCell = unknown;
/** Sheets by name; rows[0] is the header row; every row has the cells up to the last filled one. */
export type FormGrid = Map<string, RawCell[][]>;

export interface FormImport {
  framework: Framework;
  /** Chinese lines: what changed against the framework the form was exported from */
  summary: string[];
}

const MAX_COLUMNS = 60;
const MAX_SHEETS = 50;

interface Problem {
  sheet: string;
  cell: string;
  text: string;
}

function colName(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
const addr = (row: number, col: number) => `${colName(col + 1)}${row + 1}`;

// ---------------------------------------------------------------------------------------------- bytes -> grid

/** The workbook's sheets as a plain grid, after the container guard and within row/column limits. */
export async function readFormGrid(bytes: Uint8Array, fileLabel: string): Promise<FormGrid> {
  await checkXlsxContainer(bytes);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw new QarError(
      'FRAMEWORK',
      `「${fileLabel}」无法作为 Excel 工作簿读取（文件可能已损坏），请重新从 Excel 保存后再导入。`,
      {
        cause: e,
      },
    );
  }
  const grid: FormGrid = new Map();
  if (wb.worksheets.length > MAX_SHEETS) {
    throw new QarError('FRAMEWORK', `「${fileLabel}」有 ${wb.worksheets.length} 个工作表，不是指标框架的 Excel 形式。`);
  }
  for (const sheet of wb.worksheets) {
    if (sheet.actualRowCount > MAX_FORM_ROWS) {
      throw new QarError(
        'FRAMEWORK',
        `「${fileLabel}」的「${sheet.name}」工作表有 ${sheet.actualRowCount} 行，超过 ${MAX_FORM_ROWS} 行，不是正常的指标框架。`,
      );
    }
    const rows: RawCell[][] = [];
    const last = Math.min(sheet.rowCount, MAX_FORM_ROWS + 1);
    for (let r = 1; r <= last; r++) {
      const row = sheet.getRow(r);
      const cells: RawCell[] = [];
      const width = Math.min(row.cellCount, MAX_COLUMNS);
      for (let c = 1; c <= width; c++) {
        const cell = row.getCell(c);
        // a merged range's value sits in its first cell; the others read as empty
        cells.push(cell.type === ExcelJS.ValueType.Merge ? null : cell.value);
      }
      rows.push(cells);
    }
    grid.set(sheet.name, rows);
  }
  return grid;
}

// ---------------------------------------------------------------------------------------------- cells

type Read<T> = { ok: true; value: T } | { ok: false; why: string };

/** The text of a cell, without any normalisation (names keep their full-width punctuation). */
function cellText(v: RawCell): Read<string> {
  if (v === null || v === undefined) return { ok: true, value: '' };
  if (typeof v === 'string') return { ok: true, value: v.trim() };
  if (typeof v === 'number')
    return Number.isFinite(v) ? { ok: true, value: String(v) } : { ok: false, why: '不是有效的数' };
  if (typeof v === 'boolean') return { ok: true, value: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) return { ok: false, why: '单元格是日期，请改为文本' };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) {
      const parts = (o.richText as unknown[]).map((r) =>
        r && typeof r === 'object' && typeof (r as { text?: unknown }).text === 'string'
          ? (r as { text: string }).text
          : '',
      );
      return { ok: true, value: parts.join('').trim() };
    }
    if ('error' in o) return { ok: false, why: `「${String(o.error)}」是 Excel 错误值` };
    if ('formula' in o || 'sharedFormula' in o) {
      const r = o.result;
      if (typeof r === 'string') return { ok: true, value: r.trim() };
      if (typeof r === 'number' && Number.isFinite(r)) return { ok: true, value: String(r) };
      return { ok: false, why: '公式没有可用的计算结果，请直接填写内容' };
    }
    if (typeof o.text === 'string') return { ok: true, value: o.text.trim() };
  }
  return { ok: false, why: '单元格内容无法识别' };
}

function cellNumber(v: RawCell): Read<number | undefined> {
  if (typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v)) {
    return cellNumber((v as { result?: unknown }).result ?? null);
  }
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, why: '不是有效的数' };
  const t = cellText(v);
  if (!t.ok) return t;
  if (t.value === '') return { ok: true, value: undefined };
  const s = t.value.normalize('NFKC').replace(/,/g, '');
  if (!/^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(s)) return { ok: false, why: `「${t.value.slice(0, 30)}」不是数字` };
  return { ok: true, value: Number(s) };
}

// ---------------------------------------------------------------------------------------------- list sheets

interface ListSheet {
  name: string;
  /** column index by key (absent: the column is not in the sheet) */
  cols: Map<string, number>;
  /** data rows with their 0-based row index */
  rows: { r: number; cells: RawCell[] }[];
}

function listSheet(
  grid: FormGrid,
  name: string,
  columns: readonly FormColumn[],
  problems: Problem[],
): ListSheet | undefined {
  const rows = grid.get(name);
  if (!rows) return undefined;
  const cols = new Map<string, number>();
  (rows[0] ?? []).forEach((v, c) => {
    const t = cellText(v);
    const col = t.ok ? columns.find((x) => x.header === t.value) : undefined;
    if (!col) return;
    if (cols.has(col.key)) problems.push({ sheet: name, cell: addr(0, c), text: `表头「${col.header}」重复` });
    else cols.set(col.key, c);
  });
  const data = rows
    .slice(1)
    .map((cells, i) => ({ r: i + 1, cells }))
    .filter(({ cells }) =>
      cells.some((v) => v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '')),
    );
  return { name, cols, rows: data };
}

/** Reads the cells of one row by key, recording a problem for each unreadable one. */
class RowReader {
  constructor(
    private readonly sheet: ListSheet,
    private readonly row: { r: number; cells: RawCell[] },
    private readonly problems: Problem[],
  ) {}
  has(key: string): boolean {
    return this.sheet.cols.has(key);
  }
  at(key: string): string {
    const c = this.sheet.cols.get(key);
    return c === undefined ? '' : addr(this.row.r, c);
  }
  private fail(key: string, why: string): void {
    this.problems.push({ sheet: this.sheet.name, cell: this.at(key), text: why });
  }
  text(key: string): string | undefined {
    const c = this.sheet.cols.get(key);
    if (c === undefined) return undefined;
    const t = cellText(this.row.cells[c]);
    if (!t.ok) {
      this.fail(key, t.why);
      return '';
    }
    return t.value;
  }
  number(key: string): number | undefined {
    const c = this.sheet.cols.get(key);
    if (c === undefined) return undefined;
    const n = cellNumber(this.row.cells[c]);
    if (!n.ok) {
      this.fail(key, n.why);
      return undefined;
    }
    return n.value;
  }
  label<K extends string>(key: string, labels: Readonly<Record<K, string>>, what: string, extra = {}): K | undefined {
    const t = this.text(key);
    if (t === undefined || t === '') return undefined;
    const k = fromLabel(labels, t, extra);
    if (k === undefined) this.fail(key, `${what}「${t.slice(0, 20)}」无效，可选：${Object.values(labels).join('、')}`);
    return k;
  }
  yesNo(key: string): boolean | undefined {
    const t = this.text(key);
    if (t === undefined || t === '') return undefined;
    if (['是', 'TRUE', 'true', '1', '启用', 'Y', 'y'].includes(t)) return true;
    if (['否', 'FALSE', 'false', '0', '停用', 'N', 'n'].includes(t)) return false;
    this.fail(key, `「${t.slice(0, 20)}」应为 是 或 否`);
    return undefined;
  }
  blame(key: string, why: string): void {
    this.fail(key, why);
  }
}

const CONFIDENCE_EXTRA = { 已确认: 'C', 部分确认: 'P', 未核实: 'U', 未确认: 'U' } as const;

function citationOf(rr: RowReader, base: Indicator['citation']): Indicator['citation'] | undefined {
  if (!rr.has('doc')) return base;
  const doc = rr.text('doc') ?? '';
  const where = rr.text('where') ?? base?.where ?? '';
  const seed = rr.text('seed') ?? base?.seed ?? '';
  const quote = rr.text('quote') ?? base?.quote ?? '';
  // a form written before the column existed keeps the framework's own note
  const note = rr.text('citeNote') ?? base?.note ?? '';
  if (!doc) {
    if (where || seed || quote || note)
      rr.blame('doc', '填写了出处（依据位置、种子行、原文摘录或出处备注），但没有依据文件编号');
    return undefined;
  }
  return { doc, where, seed, quote, note };
}

// ---------------------------------------------------------------------------------------------- grid -> framework

interface Origin {
  /** where each indicator / rule / document / top-level field came from in the workbook */
  indicator: Map<string, { sheet: string; r: number }>;
  rule: Map<string, { sheet: string; r: number }>;
  document: Map<string, { sheet: string; r: number }>;
  info: Map<string, { sheet: string; r: number }>;
}

const FORBIDDEN_KEY = (k: string) => k.startsWith('__') || k === 'constructor' || k === 'prototype';

function readBase(grid: FormGrid, fileLabel: string): Framework {
  const rows = grid.get(SHEET.data);
  if (!rows) {
    throw new QarError(
      'FRAMEWORK',
      `「${fileLabel}」缺少隐藏的「${SHEET.data}」工作表：它不是由 qar framework export 生成的指标框架 Excel，或该表被删除了。请重新导出后在新文件中修改。`,
    );
  }
  let text = '';
  for (const row of rows.slice(1)) {
    const t = cellText(row[0]);
    if (!t.ok) throw new QarError('FRAMEWORK', `「${fileLabel}」的「${SHEET.data}」工作表已损坏，请重新导出。`);
    text += typeof row[0] === 'string' ? row[0] : t.value; // untrimmed: the JSON is cut at arbitrary places
    if (text.length > MAX_FRAMEWORK_BYTES) break;
  }
  return checkFramework(parseFrameworkJson(text, `${fileLabel}（${SHEET.data}）`), `${fileLabel}（${SHEET.data}）`);
}

function readInfo(grid: FormGrid, out: Record<string, unknown>, origin: Origin, problems: Problem[]): void {
  const rows = grid.get(SHEET.info);
  if (!rows) return;
  const notes: ReleaseNote[] = [];
  let sawNotes = false;
  rows.forEach((row, r) => {
    if (r === 0) return;
    const label = cellText(row[0]);
    if (!label.ok || !label.value) return;
    const value = cellText(row[1]);
    if (!value.ok) {
      problems.push({ sheet: SHEET.info, cell: addr(r, 1), text: value.why });
      return;
    }
    if (label.value === RELEASE_NOTE_LABEL) {
      sawNotes = true;
      if (!value.value) return;
      const c = cellText(row[2]);
      const conf = c.ok ? fromLabel(CONFIDENCE_LABELS, c.value, CONFIDENCE_EXTRA) : undefined;
      if (!conf) {
        problems.push({
          sheet: SHEET.info,
          cell: addr(r, 2),
          text: `版本说明的可信度应为 ${Object.values(CONFIDENCE_LABELS).join('、')}`,
        });
        return;
      }
      origin.info.set(`releaseNotes.${notes.length}`, { sheet: SHEET.info, r });
      notes.push({ text: value.value, confidence: conf });
      return;
    }
    const field = INFO_ROWS.find((x) => x.label === label.value);
    if (!field) return;
    origin.info.set(field.key, { sheet: SHEET.info, r });
    if (field.key === 'level') {
      const l = SchoolLevel.safeParse(value.value);
      if (!l.success) {
        problems.push({
          sheet: SHEET.info,
          cell: addr(r, 1),
          text: `办学层次「${value.value}」无效，应为 中职、高职 或 职业本科`,
        });
        return;
      }
    }
    out[field.key] = value.value;
  });
  if (sawNotes) out.releaseNotes = notes;
}

function readDocuments(grid: FormGrid, base: Framework, origin: Origin, problems: Problem[]): Framework['documents'] {
  const sheet = listSheet(grid, SHEET.documents, DOCUMENT_COLUMNS, problems);
  if (!sheet) return base.documents;
  const entries: [string, Framework['documents'][string]][] = [];
  for (const row of sheet.rows) {
    const rr = new RowReader(sheet, row, problems);
    const key = rr.text('key') ?? '';
    if (!key) {
      rr.blame('key', '依据文件的编号为空');
      continue;
    }
    if (FORBIDDEN_KEY(key) || !/^[a-z0-9_-]{1,50}$/.test(key)) {
      rr.blame('key', `编号「${key.slice(0, 30)}」无效：只能用小写英文、数字、_ 和 -，且不能以 __ 开头`);
      continue;
    }
    if (entries.some(([k]) => k === key)) {
      rr.blame('key', `编号「${key}」重复`);
      continue;
    }
    origin.document.set(key, { sheet: sheet.name, r: row.r });
    const prior = base.documents[key];
    entries.push([
      key,
      {
        title: rr.text('title') ?? prior?.title ?? '',
        number: rr.text('number') ?? prior?.number ?? '',
        issuer: rr.text('issuer') ?? prior?.issuer ?? '',
        date: rr.text('date') ?? prior?.date ?? '',
      },
    ]);
  }
  // fromEntries makes own properties only (a key can never reach the prototype)
  return Object.fromEntries(entries);
}

function readIndicators(grid: FormGrid, base: Framework, origin: Origin, problems: Problem[]): Framework['tables'] {
  const sheet = listSheet(grid, SHEET.indicators, INDICATOR_COLUMNS, problems);
  if (!sheet) return base.tables;
  for (const key of ['table', 'id', 'name']) {
    if (!sheet.cols.has(key)) {
      const h = INDICATOR_COLUMNS.find((c) => c.key === key)?.header;
      problems.push({ sheet: sheet.name, cell: 'A1', text: `缺少表头「${h}」` });
      return base.tables;
    }
  }
  const baseInd = new Map<string, { ind: Indicator; table: Framework['tables'][number] }>();
  for (const t of base.tables) for (const i of t.indicators) baseInd.set(i.id, { ind: i, table: t });
  const tables: { id: string; name: string; order: number; indicators: Record<string, unknown>[] }[] = [];
  for (const row of sheet.rows) {
    const rr = new RowReader(sheet, row, problems);
    const tableId = rr.text('table') ?? '';
    const id = rr.text('id') ?? '';
    if (!id) {
      rr.blame('id', '指标编号为空（新增指标请起一个编号；不要的指标请删除整行）');
      continue;
    }
    if (!tableId) {
      rr.blame('table', '表编号为空');
      continue;
    }
    const prior = baseInd.get(id)?.ind;
    let table = tables.find((t) => t.id === tableId);
    if (!table) {
      const baseTable = base.tables.find((t) => t.id === tableId);
      const name = rr.text('tableName') || baseTable?.name || '';
      table = { id: tableId, name, order: tables.length + 1, indicators: [] };
      tables.push(table);
    }
    const type = rr.label<IndicatorType>('type', TYPE_LABELS, '类型', {
      人数: 'count',
      个数: 'count',
      比例: 'percent',
    });
    const decimals = rr.number('decimals');
    if (decimals !== undefined && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 4)) {
      rr.blame('decimals', '小数位应为 0–4 的整数');
    }
    const req = rr.label('required', REQUIRED_LABELS, '必填', { 必填: 'yes', 选填: 'no' });
    const confidence = rr.label<Confidence>('confidence', CONFIDENCE_LABELS, '可信度', CONFIDENCE_EXTRA);
    const partOf = rr.text('partOf');
    const formula = rr.text('formula');
    const citation = citationOf(rr, prior?.citation);
    const ind: Record<string, unknown> = {
      ...(prior ?? {}),
      id,
      name: rr.text('name') ?? prior?.name ?? '',
      unit: rr.text('unit') ?? prior?.unit ?? '',
      type: type ?? prior?.type,
      decimals: decimals ?? prior?.decimals,
      required:
        req === undefined
          ? (prior?.required ?? false)
          : req === 'yes'
            ? true
            : req === 'graduates'
              ? 'graduates'
              : false,
      confidence: confidence ?? prior?.confidence ?? 'U',
      description: rr.text('description') ?? prior?.description ?? '',
    };
    if (rr.has('type') && type === undefined && !prior) rr.blame('type', '新增指标须填写类型');
    if (rr.has('decimals') && decimals === undefined && !prior) rr.blame('decimals', '新增指标须填写小数位');
    if (partOf !== undefined) {
      if (partOf) ind.partOf = partOf;
      else delete ind.partOf;
    }
    if (formula !== undefined) {
      if (formula) ind.formula = formula;
      else delete ind.formula;
    }
    if (citation) ind.citation = citation;
    else delete ind.citation;
    origin.indicator.set(`${tables.indexOf(table)}.${table.indicators.length}`, { sheet: sheet.name, r: row.r });
    table.indicators.push(ind);
  }
  return tables as unknown as Framework['tables'];
}

function readStandards(grid: FormGrid, base: Framework, origin: Origin, problems: Problem[]): Rule[] {
  const sheet = listSheet(grid, SHEET.standards, STANDARD_COLUMNS, problems);
  if (!sheet) return base.rules;
  if (!sheet.cols.has('id')) {
    problems.push({ sheet: sheet.name, cell: 'A1', text: '缺少表头「规则编号」' });
    return base.rules;
  }
  const baseRule = new Map(base.rules.map((r) => [r.id, r]));
  const fromSheet = new Map<string, { rule: Record<string, unknown>; r: number }>();
  for (const row of sheet.rows) {
    const rr = new RowReader(sheet, row, problems);
    const id = rr.text('id') ?? '';
    if (!id) {
      rr.blame('id', '规则编号为空');
      continue;
    }
    if (fromSheet.has(id)) {
      rr.blame('id', `规则编号「${id.slice(0, 40)}」在本表中重复`);
      continue;
    }
    const prior = baseRule.get(id);
    const priorKind = prior?.kind === 'threshold' || prior?.kind === 'target' ? prior.kind : undefined;
    const kind =
      rr.label<'threshold' | 'target'>('kind', KIND_LABELS, '类型', { 标准: 'threshold', 目标: 'target' }) ?? priorKind;
    if (!kind) {
      rr.blame('kind', '请填写类型：国家标准 或 省市目标');
      continue;
    }
    const severity = rr.label<Severity>('severity', SEVERITY_LABELS, '级别');
    const confidence = rr.label<Confidence>('confidence', CONFIDENCE_LABELS, '可信度', CONFIDENCE_EXTRA);
    const enabled = rr.yesNo('enabled');
    const categoriesText = rr.text('categories');
    const levelsText = rr.text('levels');
    const when = rr.text('when');
    const reference = rr.number('reference');
    const deadline = rr.number('deadline');
    const since = rr.number('since');
    const rule: Record<string, unknown> = {
      ...(priorKind ? prior : {}),
      id,
      kind,
      title: rr.text('title') ?? prior?.title ?? '',
      indicator: rr.text('indicator') ?? (priorKind ? (prior as { indicator: string }).indicator : ''),
      expr: rr.text('expr') ?? (priorKind ? (prior as { expr: string }).expr : ''),
      severity: severity ?? prior?.severity ?? 'warning',
      enabled: enabled ?? prior?.enabled ?? false,
      confidence: confidence ?? prior?.confidence ?? 'U',
      message: rr.text('message') ?? prior?.message ?? '',
      hint: rr.text('hint') ?? prior?.hint ?? '',
    };
    if (categoriesText !== undefined) {
      rule.categories = categoriesText ? categoriesText.split(/[、,，;；\s]+/).filter(Boolean) : [];
    }
    if (levelsText !== undefined) {
      rule.levels = levelsText ? levelsText.split(/[、,，;；\s]+/).filter(Boolean) : [];
    }
    if (when !== undefined) {
      if (when) rule.when = when;
      else delete rule.when;
    }
    if (rr.has('reference')) {
      if (reference === undefined) delete rule.reference;
      else rule.reference = reference;
    }
    if (kind === 'target') {
      if (rr.has('deadline')) rule.deadline = deadline;
      if (rule.deadline === undefined) rr.blame('deadline', '省市目标须填写截止年份');
      if (rr.has('since')) {
        if (since === undefined) delete rule.since;
        else rule.since = since;
      }
    } else {
      delete rule.deadline;
      delete rule.since;
    }
    const citation = citationOf(rr, prior?.citation);
    if (citation) rule.citation = citation;
    else delete rule.citation;
    fromSheet.set(id, { rule, r: row.r });
  }
  // the base order is kept: standards and targets in place, removed ones dropped, new ones at the end
  const out: Record<string, unknown>[] = [];
  const place = (_id: string, r: number) => {
    origin.rule.set(String(out.length), { sheet: sheet.name, r });
  };
  for (const r of base.rules) {
    if (r.kind !== 'threshold' && r.kind !== 'target') {
      out.push(r as unknown as Record<string, unknown>);
      continue;
    }
    const s = fromSheet.get(r.id);
    if (!s) continue;
    place(r.id, s.r);
    out.push(s.rule);
    fromSheet.delete(r.id);
  }
  for (const [id, s] of fromSheet) {
    place(id, s.r);
    out.push(s.rule);
  }
  return out as unknown as Rule[];
}

/** A loader problem (a path in the assembled framework) as a place in the workbook. */
function locate(p: FrameworkProblem, origin: Origin, fw: Record<string, unknown>): Problem {
  const path = p.path as (string | number | symbol)[];
  const [a, b, c, d] = path;
  /** the column of a field; a citation's parts have columns of their own */
  const colOf = (cols: readonly FormColumn[], field: unknown, sub: unknown, fallback: string) => {
    const key = field === 'citation' ? String(sub ?? 'doc') : String(field ?? '');
    const i = cols.findIndex((x) => x.key === key);
    return Math.max(0, i >= 0 ? i : cols.findIndex((x) => x.key === fallback));
  };
  if (a === 'tables' && typeof b === 'number' && c === 'indicators' && typeof d === 'number') {
    const o = origin.indicator.get(`${b}.${d}`);
    if (o) return { sheet: o.sheet, cell: addr(o.r, colOf(INDICATOR_COLUMNS, path[4], path[5], 'id')), text: p.text };
  }
  if (a === 'tables' && typeof b === 'number') {
    const o = origin.indicator.get(`${b}.0`);
    if (o) return { sheet: o.sheet, cell: addr(o.r, c === 'name' ? 1 : 0), text: p.text };
  }
  if (a === 'rules' && typeof b === 'number') {
    const o = origin.rule.get(String(b));
    if (o) return { sheet: o.sheet, cell: addr(o.r, colOf(STANDARD_COLUMNS, c, d, 'id')), text: p.text };
    const id = ((fw.rules as { id?: string }[] | undefined)?.[b]?.id ?? '').slice(0, 60);
    return {
      sheet: SHEET.data,
      cell: formatPath(path),
      text: `（表中未列出的规则 ${id}，来自原框架）${p.text}——可能是删除或改了它用到的指标`,
    };
  }
  if (a === 'documents' && typeof b === 'string') {
    const o = origin.document.get(b);
    if (o) return { sheet: o.sheet, cell: addr(o.r, colOf(DOCUMENT_COLUMNS, c, undefined, 'key')), text: p.text };
  }
  if (typeof a === 'string') {
    const o = origin.info.get(a === 'releaseNotes' ? `releaseNotes.${String(b)}` : a);
    if (o) return { sheet: o.sheet, cell: addr(o.r, 1), text: p.text };
  }
  return { sheet: SHEET.info, cell: formatPath(path), text: p.text };
}

function refuse(fileLabel: string, problems: readonly Problem[]): never {
  const shown = problems.slice(0, 5).map((p) => `「${p.sheet}」${p.cell}：${p.text}`);
  const more = problems.length > 5 ? `；另有 ${problems.length - 5} 处问题` : '';
  throw new QarError(
    'FRAMEWORK',
    `指标框架 Excel「${fileLabel}」有误，未生成框架文件：${shown.join('；')}${more}。请改正后重新导入。`,
  );
}

/** What the officer changed, against the framework the form was exported from (for the import's report). */
function describeChanges(base: Framework, fw: Framework): string[] {
  const ids = (f: Framework) => new Map(f.tables.flatMap((t) => t.indicators.map((i) => [i.id, i] as const)));
  const a = ids(base);
  const b = ids(fw);
  const added = [...b.keys()].filter((k) => !a.has(k));
  const removed = [...a.keys()].filter((k) => !b.has(k));
  const changed = [...b.keys()].filter((k) => a.has(k) && JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k)));
  const ra = new Map(base.rules.map((r) => [r.id, r]));
  const rb = new Map(fw.rules.map((r) => [r.id, r]));
  const rulesAdded = [...rb.keys()].filter((k) => !ra.has(k));
  const rulesRemoved = [...ra.keys()].filter((k) => !rb.has(k));
  const switched = [...rb.values()].filter((r) => ra.has(r.id) && ra.get(r.id)?.enabled !== r.enabled);
  const rulesChanged = [...rb.keys()].filter(
    (k) => ra.has(k) && JSON.stringify(ra.get(k)) !== JSON.stringify(rb.get(k)),
  );
  const lines = [`框架 ${fw.id}（${fw.edition}，版本 ${fw.version}）：${b.size} 项指标，${fw.rules.length} 条规则。`];
  if (base.id !== fw.id || base.version !== fw.version)
    lines.push(`编号/版本：${base.id} ${base.version} → ${fw.id} ${fw.version}。`);
  if (added.length) lines.push(`新增指标 ${added.length} 项：${added.map((k) => b.get(k)?.name).join('、')}。`);
  if (removed.length) lines.push(`删除指标 ${removed.length} 项：${removed.map((k) => a.get(k)?.name).join('、')}。`);
  if (changed.length) lines.push(`修改指标 ${changed.length} 项：${changed.map((k) => b.get(k)?.name).join('、')}。`);
  if (rulesAdded.length) lines.push(`新增规则 ${rulesAdded.length} 条：${rulesAdded.join('、')}。`);
  if (rulesRemoved.length) lines.push(`删除规则 ${rulesRemoved.length} 条：${rulesRemoved.join('、')}。`);
  for (const r of switched)
    lines.push(
      `${r.enabled ? '启用' : '停用'}规则 ${r.id}（${r.title}）${r.enabled && r.confidence === 'U' ? '——可信度仍为“待核实”，请核实后改为“已核实”' : ''}。`,
    );
  const otherChanged = rulesChanged.filter((k) => !switched.some((r) => r.id === k));
  if (otherChanged.length) lines.push(`修改规则 ${otherChanged.length} 条：${otherChanged.join('、')}。`);
  if (lines.length === 1) lines.push('与导出时相比没有改动。');
  return lines;
}

/** The grid of a framework form → a checked framework (throws QarError('FRAMEWORK') naming sheet and cell). */
export function importFrameworkGrid(grid: FormGrid, fileLabel: string): FormImport {
  const base = readBase(grid, fileLabel);
  const problems: Problem[] = [];
  const origin: Origin = { indicator: new Map(), rule: new Map(), document: new Map(), info: new Map() };
  const head: Record<string, unknown> = {};
  readInfo(grid, head, origin, problems);
  const raw: Record<string, unknown> = {
    ...base,
    ...head,
    format: FRAMEWORK_FORMAT,
    documents: readDocuments(grid, base, origin, problems),
    tables: readIndicators(grid, base, origin, problems),
    rules: readStandards(grid, base, origin, problems),
  };
  if (problems.length > 0) refuse(fileLabel, problems);
  const { framework, problems: found } = frameworkProblems(raw);
  if (!framework)
    refuse(
      fileLabel,
      found.map((p) => locate(p, origin, raw)),
    );
  // the same checks as a framework file, on the text a school will be sent (size, keys, depth, meaning)
  const text = frameworkText(framework);
  if (new TextEncoder().encode(text).length > MAX_FRAMEWORK_BYTES) {
    refuse(fileLabel, [{ sheet: SHEET.indicators, cell: '', text: '框架内容过多，超过 2 MB' }]);
  }
  const checked = checkFramework(JSON.parse(text), fileLabel);
  return { framework: checked, summary: describeChanges(base, checked) };
}

/** An .xlsx framework form → a checked framework. */
export async function importFrameworkForm(bytes: Uint8Array, fileLabel: string): Promise<FormImport> {
  return importFrameworkGrid(await readFormGrid(bytes, fileLabel), fileLabel);
}
