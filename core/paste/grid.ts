/**
 * Where a block copied from Excel goes when it is pasted into an indicator grid, cell by cell, and what cannot
 * go anywhere (and why). Pure: the renderer asks, writes the `writes` in one save and lists the `dropped`.
 *
 * Four shapes of block are told apart, the way the Excel import reads a sheet (core/xlsx/match.ts):
 * - bare numbers: placed from the selected cell, rows = the table's rows, columns = its year columns;
 * - with a header row of years (2024 / 2024年 …): each column goes to its year;
 * - with a label column (指标名称 and/or 指标编号): each row goes to the indicator it names, in any table;
 * - both: rows by name, columns by year; the selected cell does not matter.
 * A blank source cell leaves the target as it is (copying a half-filled sheet never clears numbers); 「无数据」/「—」
 * clears it. Nothing that holds text is dropped without an entry in `dropped`.
 */
import type { Framework, FrameworkTable, Indicator } from '../framework/schema';
import { isDerived, parseYearHeader } from '../xlsx/layout';
import {
  ID_HEADERS,
  type IndicatorMatch,
  indexIndicators,
  type KnownIndicator,
  LABEL_HEADERS,
  matchIndicator,
  OTHER_HEADERS,
} from '../xlsx/match';
import { enteredValueProblem, readNumberText } from '../xlsx/number';

export interface GridPasteTarget {
  /** every table: labelled rows may name an indicator of another table */
  framework: Pick<Framework, 'tables'>;
  /** the table shown; its rows are its indicators in order */
  table: FrameworkTable;
  /** the grid's year columns, oldest first */
  years: readonly number[];
  /** the years the workspace holds (a grid column may show a year not added yet) */
  workspaceYears: readonly number[];
  reportYear: number;
  /** the selected cell: row index in table.indicators, column index in years */
  start: { row: number; col: number };
  /**
   * The cell shows a value computed from its parts (core/values origin 'computed'), so it takes no typing. A derived
   * indicator whose parts are missing takes a typed 填报值, pasted ones too. Default: every derived cell is computed.
   */
  isComputed?(indicatorId: string, year: number): boolean;
}

/** A cell of the copied block: 0-based row and column, and its text. */
export interface SourceCell {
  r: number;
  c: number;
  text: string;
}

export interface PasteWrite extends SourceCell {
  indicatorId: string;
  indicatorName: string;
  tableId: string;
  tableName: string;
  year: number;
  /** null: 「无数据」/「—」, known to be missing */
  value: number | null;
  /** the text was written another way and read as `value` (「15.35:1」 → 15.35): said to the user */
  taken?: string;
}

export type DropReason =
  | 'derived' // the target is computed from a formula
  | 'not-number' // text, a negative, a fraction for a count …
  | 'beyond-rows' // below the table's last row
  | 'beyond-cols' // right of the last year column
  | 'unknown-row' // a labelled row naming no indicator (or several)
  | 'not-a-year' // a column whose header is not a year
  | 'year-missing' // a year the workspace does not hold (can be added)
  | 'year-late' // a year after the report year
  | 'duplicate'; // a second, different value for a cell already pasted

export interface PasteDrop extends SourceCell {
  reason: DropReason;
  /** the Chinese reason, without the source cell */
  message: string;
}

/** A labelled source row and the indicator it will go to. */
export interface RowMapping {
  r: number;
  label: string;
  match: IndicatorMatch;
  /** the indicator id used (the match, or the user's choice); null = this row is not pasted */
  chosen: string | null;
}

export interface GridPasteChoices {
  /** the first row is a header of years (asked when it could be numbers) */
  headerRow?: boolean;
  /** source row → indicator id (null: do not paste the row), for rows whose label was ambiguous or unknown */
  rows?: Readonly<Record<number, string | null>>;
  /** add the years the paste needs that the workspace lacks */
  addYears?: boolean;
}

export type GridPasteMode = 'position' | 'header' | 'labels' | 'labels+header';

export interface GridPastePlan {
  mode: GridPasteMode;
  /** rows × columns of the copied block (trailing blank rows removed) */
  size: { rows: number; cols: number };
  writes: PasteWrite[];
  dropped: PasteDrop[];
  /** blank source cells inside the block (targets left as they are) */
  blanks: number;
  /** years up to the report year that the paste needs and the workspace lacks */
  missingYears: number[];
  headerRow: boolean;
  /** the first row holds only 4-digit numbers: years or values? */
  headerAmbiguous: boolean;
  rowMappings: RowMapping[];
  /** part of the block does not fit, or years must be added: ask before writing */
  needsConfirm: boolean;
  /** the matching needs the user's eye (an ambiguous header, a label naming several or no indicators) */
  needsPreview: boolean;
}

const blank = (t: string | undefined) => (t ?? '').replace(/[\s\u3000]+/g, '') === '';

/** Numeric-looking text (a value, a percentage, 无数据/—): what a data cell holds, not a label. */
function looksNumeric(text: string): boolean {
  return readNumberText(text, { type: 'percent', unit: '' }).kind === 'value';
}

function headerText(text: string | undefined): string {
  return (text ?? '').normalize('NFKC').replace(/\s+/g, '').trim();
}

/** Removes trailing rows with nothing in them (Excel's clipboard ends with a newline). */
function trimBlock(block: readonly (readonly string[])[]): string[][] {
  const rows = block.map((r) => [...r]);
  while (rows.length > 0 && (rows.at(-1) ?? []).every((t) => blank(t))) rows.pop();
  return rows;
}

type ColumnRole = 'label' | 'id' | 'ignore' | 'data';

interface Shape {
  headerRow: boolean;
  headerAmbiguous: boolean;
  roles: ColumnRole[];
  labelCol: number | null;
  idCol: number | null;
}

/** Which leading columns hold labels, ids or units, and whether row 0 is a header. */
function readShape(
  rows: string[][],
  width: number,
  index: ReturnType<typeof indexIndicators>,
  units: ReadonlySet<string>,
  forcedHeader: boolean | undefined,
): Shape {
  const row0 = rows[0] ?? [];
  const yearish = row0.map((t) => (blank(t) ? undefined : parseYearHeader(t)));
  const words = row0.map((t) => headerText(t));
  const isWord = (w: string) => LABEL_HEADERS.has(w) || ID_HEADERS.has(w) || OTHER_HEADERS.has(w);
  const nonBlank0 = row0.map((t, c) => ({ t, c })).filter((x) => !blank(x.t));
  const allHeaderish = nonBlank0.every((x) => yearish[x.c] !== undefined || isWord(words[x.c] ?? ''));
  const hasSuffixOrWord = nonBlank0.some((x) => isWord(words[x.c] ?? '') || /[年届]/.test(words[x.c] ?? ''));
  const anyYear = yearish.some((y) => y !== undefined);

  const roles: ColumnRole[] = Array.from({ length: width }, () => 'data');
  let labelCol: number | null = null;
  let idCol: number | null = null;

  const classify = (first: number) => {
    for (let c = 0; c < Math.min(width, 3); c++) {
      const head = words[c] ?? '';
      if (first === 1 && head) {
        if (LABEL_HEADERS.has(head) && labelCol === null) {
          roles[c] = 'label';
          labelCol = c;
          continue;
        }
        if (ID_HEADERS.has(head) && idCol === null) {
          roles[c] = 'id';
          idCol = c;
          continue;
        }
        if (OTHER_HEADERS.has(head)) {
          roles[c] = 'ignore';
          continue;
        }
      }
      const cells = rows.slice(first).map((r) => r[c] ?? '');
      const filled = cells.filter((t) => !blank(t));
      if (filled.length === 0) break;
      const text = filled.filter((t) => !looksNumeric(t));
      if (text.length * 2 < filled.length) break; // a column of numbers: data starts here
      const ids = filled.filter((t) => index.byId.has(t.normalize('NFKC').trim().toLowerCase())).length;
      const names = filled.filter((t) => matchIndicator(index, { label: t }).kind !== 'unknown').length;
      if (ids > 0 && idCol === null && ids >= names) {
        roles[c] = 'id';
        idCol = c;
      } else if (labelCol === null && (names > 0 || (c === 0 && idCol === null))) {
        roles[c] = 'label';
        labelCol = c;
      } else if (filled.every((t) => units.has(t.normalize('NFKC').trim()))) {
        roles[c] = 'ignore'; // a 单位 column
      } else break;
    }
  };

  // a header: row 0 holds years (and header words) only, and is not itself a labelled data row
  let headerRow = false;
  let headerAmbiguous = false;
  if (forcedHeader !== undefined) headerRow = forcedHeader;
  else if (anyYear && allHeaderish && hasSuffixOrWord) headerRow = true;
  else if (nonBlank0.length > 0 && allHeaderish && anyYear) {
    // only bare 4-digit numbers: a row of years, or a row of values that happen to look like years?
    const ys = nonBlank0.map((x) => yearish[x.c] as number);
    const consecutive = ys.length >= 2 && ys.every((y, i) => i === 0 || y === (ys[i - 1] as number) + 1);
    headerRow = consecutive;
    headerAmbiguous = true;
  } else if (anyYear && rows.length > 1) {
    // 「（blank or 指标名称）| 2022 | 2023」 above labelled rows: the blank corner of a copied range
    const c0 = row0[0] ?? '';
    const rest = nonBlank0.filter((x) => x.c > 0);
    if ((blank(c0) || isWord(words[0] ?? '')) && rest.length > 0 && rest.every((x) => yearish[x.c] !== undefined)) {
      headerRow = true;
    }
  }
  classify(headerRow ? 1 : 0);
  // a "header" whose first cell names an indicator is a data row
  if (headerRow && forcedHeader === undefined && labelCol !== null && !blank(row0[labelCol])) {
    const w = words[labelCol] ?? '';
    if (!isWord(w) && matchIndicator(index, { label: row0[labelCol] ?? '' }).kind !== 'unknown') {
      headerRow = false;
      headerAmbiguous = false;
    }
  }
  if (labelCol === null && idCol === null) {
    // no labels: every column is data (a stray text column becomes 「不是数字」 entries)
    for (let c = 0; c < width; c++) roles[c] = 'data';
  }
  if (!roles.includes('data')) {
    // nothing but text: read it as data so each cell is listed, never silently ignored
    for (let c = 0; c < width; c++) roles[c] = 'data';
    labelCol = null;
    idCol = null;
  }
  return { headerRow, headerAmbiguous, roles, labelCol, idCol };
}

function rowTarget(
  plan: { rowMappings: RowMapping[] },
  row: string[],
  r: number,
  shape: Shape,
  index: ReturnType<typeof indexIndicators>,
  choices: GridPasteChoices,
): { known: KnownIndicator | null; why: string } {
  const label = shape.labelCol !== null ? (row[shape.labelCol] ?? '').trim() : '';
  const id = shape.idCol !== null ? (row[shape.idCol] ?? '').trim() : '';
  const match = matchIndicator(index, { id, label });
  const chosenByUser = choices.rows?.[r];
  const chosen = chosenByUser !== undefined ? chosenByUser : match.kind === 'found' ? match.known.ind.id : null;
  plan.rowMappings.push({ r, label: label || id, match, chosen });
  if (chosen) {
    const known = index.byId.get(chosen);
    if (known) return { known, why: '' };
  }
  const name = label || id;
  if (chosenByUser === null) return { known: null, why: `已选择不粘贴这一行${name ? `（${name}）` : ''}` };
  if (!name) return { known: null, why: '这一行没有指标名称' };
  if (match.kind === 'ambiguous') {
    const where = match.candidates.map((k) => k.table.name).join('、');
    return { known: null, why: `「${name}」对应多个指标（${where}），没有选定其中一个` };
  }
  return { known: null, why: `找不到指标「${name}」` };
}

/** Plans a paste: where each source cell goes, what is dropped and why, and whether to ask first. */
export function planGridPaste(
  block: readonly (readonly string[])[],
  target: GridPasteTarget,
  choices: GridPasteChoices = {},
): GridPastePlan {
  const rows = trimBlock(block);
  const width = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const index = indexIndicators(target.framework);
  const units = new Set(
    target.framework.tables.flatMap((t) => t.indicators.map((i) => i.unit.normalize('NFKC'))).filter(Boolean),
  );
  const shape = readShape(rows, width, index, units, choices.headerRow);
  const labelled = shape.labelCol !== null || shape.idCol !== null;
  const mode: GridPasteMode = labelled
    ? shape.headerRow
      ? 'labels+header'
      : 'labels'
    : shape.headerRow
      ? 'header'
      : 'position';

  const plan: GridPastePlan = {
    mode,
    size: { rows: rows.length, cols: width },
    writes: [],
    dropped: [],
    blanks: 0,
    missingYears: [],
    headerRow: shape.headerRow,
    headerAmbiguous: shape.headerAmbiguous,
    rowMappings: [],
    needsConfirm: false,
    needsPreview: false,
  };
  const drop = (cell: SourceCell, reason: DropReason, message: string) =>
    plan.dropped.push({ ...cell, reason, message });

  const { table, years, start } = target;
  const inWorkspace = new Set(target.workspaceYears);
  const shownYears = new Set(years);
  const missing = new Set<number>();
  const first = shape.headerRow ? 1 : 0;
  const header = rows[0] ?? [];
  const dataCols = shape.roles.map((role, c) => (role === 'data' ? c : -1)).filter((c) => c >= 0);
  const lastRow = table.indicators.at(-1);
  const lastYear = years.at(-1);

  /** the year a data column goes to, or why it has none */
  const yearOf = (c: number): { year: number } | { reason: DropReason; message: string } => {
    if (shape.headerRow) {
      const y = parseYearHeader(header[c] ?? '');
      if (y !== undefined) return { year: y };
      const h = (header[c] ?? '').trim();
      return { reason: 'not-a-year', message: h ? `列标题「${h}」不是年份` : '这一列没有年份标题' };
    }
    const k = dataCols.indexOf(c);
    const y = years[start.col + k];
    if (y !== undefined) return { year: y };
    return { reason: 'beyond-cols', message: `超出表格右侧（最后一列是${lastYear ?? ''}年）` };
  };

  const seen = new Map<string, { r: number; value: number | null }>();
  for (let r = first; r < rows.length; r++) {
    const row = rows[r] ?? [];
    const dataCells = dataCols.map((c) => ({ r, c, text: row[c] ?? '' }));
    if (dataCells.every((x) => blank(x.text))) {
      plan.blanks += dataCells.length;
      continue; // blank rows and sub-headings hold nothing to paste
    }
    let known: KnownIndicator | null = null;
    let rowWhy = '';
    let rowReason: DropReason = 'unknown-row';
    if (labelled) {
      const t = rowTarget(plan, row, r, shape, index, choices);
      known = t.known;
      rowWhy = t.why;
    } else {
      const ind = table.indicators[start.row + (r - first)];
      if (ind) known = { ind, table };
      else {
        rowReason = 'beyond-rows';
        rowWhy = `超出表格底部（${table.name}到「${lastRow?.name ?? ''}」为止）`;
      }
    }
    for (const cell of dataCells) {
      const text = cell.text.trim();
      if (blank(text)) {
        plan.blanks++;
        continue;
      }
      const src = { r: cell.r, c: cell.c, text };
      if (!known) {
        drop(src, rowReason, rowWhy);
        continue;
      }
      const ind: Indicator = known.ind;
      const y = yearOf(cell.c);
      if (!('year' in y)) {
        drop(src, y.reason, y.message);
        continue;
      }
      const year = y.year;
      if (year > target.reportYear) {
        drop(src, 'year-late', `${year}年晚于报告年度（${target.reportYear}年）`);
        continue;
      }
      if (isDerived(ind) && (target.isComputed?.(ind.id, year) ?? true)) {
        drop(src, 'derived', `「${ind.name}」由公式自动计算，不能粘贴`);
        continue;
      }
      const reading = readNumberText(text, ind);
      if (reading.kind === 'empty') {
        plan.blanks++;
        continue;
      }
      if (reading.kind === 'bad') {
        drop(src, 'not-number', `${reading.reason}（${ind.name}，${year}年）`);
        continue;
      }
      const problem = reading.value === null ? null : enteredValueProblem(reading.value, ind);
      if (problem) {
        drop(src, 'not-number', `「${text}」：${problem}（${year}年）`);
        continue;
      }
      if (!inWorkspace.has(year) || !shownYears.has(year)) {
        missing.add(year);
        if (!choices.addYears) {
          drop(src, 'year-missing', `${year}年度还没有添加到工作区（可在粘贴时添加）`);
          continue;
        }
      }
      const key = `${ind.id}|${year}`;
      const before = seen.get(key);
      if (before) {
        if (before.value !== reading.value) {
          drop(
            src,
            'duplicate',
            `与第 ${before.r + 1} 行是同一指标（${ind.name}，${year}年）但数值不同，已按第 ${before.r + 1} 行粘贴`,
          );
        }
        continue;
      }
      seen.set(key, { r: cell.r, value: reading.value });
      plan.writes.push({
        ...src,
        indicatorId: ind.id,
        indicatorName: ind.name,
        tableId: known.table.id,
        tableName: known.table.name,
        year,
        value: reading.value,
        ...(reading.taken ? { taken: reading.taken } : {}),
      });
    }
  }
  plan.missingYears = [...missing].sort((a, b) => a - b);
  plan.needsConfirm =
    plan.dropped.some((d) => d.reason === 'beyond-rows' || d.reason === 'beyond-cols') ||
    (plan.missingYears.length > 0 && choices.addYears === undefined);
  plan.needsPreview =
    (shape.headerAmbiguous && choices.headerRow === undefined) ||
    plan.rowMappings.some((m) => m.match.kind !== 'found' && choices.rows?.[m.r] === undefined);
  return plan;
}

/** 「第 3 行第 2 列」: a cell of the copied block, counted from 1 as the user sees it. */
export function sourceCellName(cell: Pick<SourceCell, 'r' | 'c'>): string {
  return `第 ${cell.r + 1} 行第 ${cell.c + 1} 列`;
}

/** One line per dropped cell: 「第 3 行第 2 列「85.2」：超出表格底部（…）」. */
export function describeDrop(d: PasteDrop): string {
  const t = d.text.length > 20 ? `${d.text.slice(0, 20)}…` : d.text;
  return `${sourceCellName(d)}「${t}」：${d.message}`;
}

/** The dropped cells back as Excel text at their places in the copied block, so they can be pasted elsewhere. */
export function droppedAsBlock(plan: Pick<GridPastePlan, 'dropped' | 'size'>): string[][] {
  const out: string[][] = Array.from({ length: plan.size.rows }, () =>
    Array.from({ length: plan.size.cols }, () => ''),
  );
  for (const d of plan.dropped) {
    const row = out[d.r];
    if (row) row[d.c] = d.text;
  }
  while (out.length > 0 && (out.at(-1) ?? []).every((t) => t === '')) out.pop();
  return out;
}

/** A copied text that is plainly the number written (「3725」「70.0」「97.5%」) is shown as copied. */
const PLAIN_NUMBER = /^[+-]?\d+(?:\.\d+)?%?$/;

/**
 * The number a pasted cell was taken as; when it was read from other text (千分位, spaces, full-width digits, a unit
 * after the number) the copied text follows, so the user sees the conversion instead of trusting it blindly.
 */
function takenText(w: PasteWrite): string {
  if (w.value === null) return '无数据';
  if (PLAIN_NUMBER.test(w.text)) return w.text;
  return `${w.value}（复制的是「${w.text}」）`;
}

/** Source rows with what they wrote: 「第 2 行 → 人才培养质量计分卡 · 毕业生数：2022年 3701、2023年 3725」. */
export function describeWrites(writes: readonly PasteWrite[]): string[] {
  const byRow = new Map<string, PasteWrite[]>();
  for (const w of writes) {
    const k = `${w.r}|${w.indicatorId}`;
    byRow.set(k, [...(byRow.get(k) ?? []), w]);
  }
  return [...byRow.values()].map((ws) => {
    const w0 = ws[0] as PasteWrite;
    const cells = ws.map((w) => `${w.year}年 ${takenText(w)}`).join('、');
    return `第 ${w0.r + 1} 行 → ${w0.tableName} · ${w0.indicatorName}：${cells}`;
  });
}

/**
 * The dropped cells, one line per source row and reason, every cell named with its text:
 * 「第 17 行第 1、2、3 列「80」「81」「82」：超出表格底部（…）」. A 2000-row paste lists 2000 lines, not 10000.
 */
export function groupDrops(dropped: readonly PasteDrop[]): string[] {
  const groups = new Map<string, PasteDrop[]>();
  for (const d of dropped) {
    const k = `${d.r}\u0000${d.message}`;
    groups.set(k, [...(groups.get(k) ?? []), d]);
  }
  return [...groups.values()].map((ds) => {
    const d0 = ds[0] as PasteDrop;
    if (ds.length === 1) return describeDrop(d0);
    const cols = ds.map((d) => d.c + 1).join('、');
    const texts = ds.map((d) => `「${d.text.length > 12 ? `${d.text.slice(0, 12)}…` : d.text}」`).join('');
    return `第 ${d0.r + 1} 行第 ${cols} 列${texts}：${d0.message}`;
  });
}

/** 「超出表格 24 个、自动计算 3 个」: how many cells will not go in, by reason. */
export function dropSummary(dropped: readonly PasteDrop[]): string {
  const names: Record<DropReason, string> = {
    'beyond-rows': '超出表格底部',
    'beyond-cols': '超出表格右侧',
    derived: '自动计算的指标',
    'not-number': '不是有效数字',
    'unknown-row': '找不到对应指标',
    'not-a-year': '列标题不是年份',
    'year-missing': '年度未添加',
    'year-late': '晚于报告年度',
    duplicate: '重复且数值不同',
  };
  const counts = new Map<DropReason, number>();
  for (const d of dropped) counts.set(d.reason, (counts.get(d.reason) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${names[r]} ${n} 个`).join('、');
}
