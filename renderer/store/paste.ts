/**
 * Paste from Excel, the UI side of core/paste: plan, ask when the block does not fit or its matching is unsure
 * (components/PasteDialogs.tsx), write in one save (one undo step, 「粘贴」 in the change log), then say what went
 * where and list, cell by cell, what did not. Small entry points the grid and the report-table editor call (and a
 * later context menu can call too): pasteIntoGrid, pasteIntoTable.
 */
import { create } from 'zustand';
import type { FrameworkTable } from '../../core/framework/schema';
import type { BlockContent } from '../../core/model';
import {
  describeWrites,
  droppedAsBlock,
  type GridPasteChoices,
  type GridPastePlan,
  type GridPasteTarget,
  groupDrops,
  planGridPaste,
} from '../../core/paste/grid';
import { describeCut, planTablePaste, type TablePastePlan } from '../../core/paste/table';
import { parseClipboardBlock } from '../lib/paste';
import { toTsv } from '../lib/range';
import { gridValues } from '../lib/values';
import { yearsOf } from '../lib/years';
import { useApp } from './app';
import { backend } from './backend';
import { editBlock } from './writing';

export interface GridAsk {
  block: string[][];
  target: GridPasteTarget;
  choices: GridPasteChoices;
  plan: GridPastePlan;
}

export type PasteReport =
  | {
      kind: 'grid';
      written: number;
      where: string[];
      /** one line per source row and reason; `droppedCells` counts the cells */
      dropped: string[];
      droppedCells: number;
      addedYears: number[];
      copyBack: string;
    }
  | { kind: 'table'; filled: number; addedRows: number; addedCols: number; cut: string[]; copyBack: string };

interface PasteState {
  ask: GridAsk | null;
  report: PasteReport | null;
  busy: boolean;
}

export const usePaste = create<PasteState>(() => ({ ask: null, report: null, busy: false }));

/** The grid as the paste sees it: its table, year columns and selected cell. */
export function gridTarget(table: FrameworkTable, start: { row: number; col: number }): GridPasteTarget | null {
  const s = useApp.getState().session;
  if (!s) return null;
  const reportYear = s.workspace.profile.reportYear;
  const values = gridValues(useApp.getState().values, s.framework);
  return {
    framework: s.framework,
    table,
    years: yearsOf(reportYear, s.workspace.years),
    workspaceYears: s.workspace.years.map((y) => y.year),
    reportYear,
    start,
    // the grid's rule: a derived cell without its parts takes a 填报值 (core/values)
    isComputed: (id, year) => values.resolve(id, year).origin === 'computed',
  };
}

/** Ctrl+V in the grid: text/plain from the clipboard, the table shown and the selected cell. */
export function pasteIntoGrid(text: string, table: FrameworkTable, start: { row: number; col: number }): void {
  const target = gridTarget(table, start);
  if (!target) return;
  const block = parseClipboardBlock(text);
  const plan = planGridPaste(block, target);
  if (plan.writes.length === 0 && plan.dropped.length === 0 && !plan.needsPreview) {
    useApp.getState().notify('info', '剪贴板中没有可粘贴的数值');
    return;
  }
  if (plan.needsConfirm || plan.needsPreview) {
    // what does not fit, years to add, an unsure header or label: the user decides first
    const choices: GridPasteChoices = plan.missingYears.length > 0 ? { addYears: true } : {};
    usePaste.setState({ ask: { block, target, choices, plan: planGridPaste(block, target, choices) } });
    return;
  }
  void applyGridPaste(plan);
}

/** A choice in the ask dialog: the plan follows it at once. */
export function chooseInAsk(patch: GridPasteChoices): void {
  const ask = usePaste.getState().ask;
  if (!ask) return;
  const choices = { ...ask.choices, ...patch, rows: { ...ask.choices.rows, ...patch.rows } };
  usePaste.setState({ ask: { ...ask, choices, plan: planGridPaste(ask.block, ask.target, choices) } });
}

export function cancelAsk(): void {
  usePaste.setState({ ask: null });
}

export async function confirmAsk(): Promise<void> {
  const ask = usePaste.getState().ask;
  if (!ask) return;
  const choices = { addYears: false, headerRow: ask.plan.headerRow, ...ask.choices };
  usePaste.setState({ busy: true });
  try {
    await applyGridPaste(planGridPaste(ask.block, ask.target, choices));
  } finally {
    usePaste.setState({ ask: null, busy: false });
  }
}

async function addYears(years: number[]): Promise<number[]> {
  const st = useApp.getState();
  const added: number[] = [];
  for (const y of years) {
    if (st.session?.workspace.years.some((x) => x.year === y)) continue;
    const all = await st.track(backend.addYear(y, true));
    if (!all) break; // the reason is in the notice; the cells of this year are listed as not pasted
    st.patchWorkspace((s) => ({ ...s, workspace: { ...s.workspace, years: all } }));
    added.push(y);
  }
  return added;
}

async function applyGridPaste(planned: GridPastePlan): Promise<void> {
  const st = useApp.getState();
  let plan = planned;
  let addedYears: number[] = [];
  if (plan.missingYears.length > 0 && plan.writes.some((w) => plan.missingYears.includes(w.year))) {
    addedYears = await addYears(plan.missingYears);
    const missed = plan.missingYears.filter((y) => !addedYears.includes(y));
    if (missed.length > 0) {
      // a year could not be added: its cells go to the list instead of failing the whole paste
      plan = {
        ...plan,
        writes: plan.writes.filter((w) => !missed.includes(w.year)),
        dropped: [
          ...plan.dropped,
          ...plan.writes
            .filter((w) => missed.includes(w.year))
            .map((w) => ({
              r: w.r,
              c: w.c,
              text: w.text,
              reason: 'year-missing' as const,
              message: `${w.year}年度未能添加`,
            })),
        ],
      };
    }
  }
  const inputs = plan.writes.map((w) => ({ indicatorId: w.indicatorId, year: w.year, value: w.value }));
  const ok = inputs.length === 0 || (await st.setValues(inputs, 'paste', `粘贴 ${inputs.length} 个单元格`));
  if (!ok) return; // refused as a whole: the notice says why, nothing changed
  const first = plan.writes[0];
  if (first && first.tableId === st.tableId)
    useApp.setState({ cell: { indicatorId: first.indicatorId, year: first.year } });
  const tables = [...new Set(plan.writes.map((w) => w.tableName))];
  if (plan.dropped.length === 0 && addedYears.length === 0) {
    const elsewhere = tables.some((t) => t !== tableName(st.tableId)) ? `（${tables.join('、')}）` : '';
    // a text read another way (「15.35:1」 → 15.35) is said, never taken silently
    const taken = plan.writes.flatMap((w) => (w.taken ? [w.taken] : []));
    const said = taken.length
      ? `；${taken.slice(0, 3).join('；')}${taken.length > 3 ? ` 等 ${taken.length} 处` : ''}`
      : '';
    useApp.getState().notify('info', `已粘贴 ${inputs.length} 个单元格${elsewhere}${said}`);
    return;
  }
  usePaste.setState({
    report: {
      kind: 'grid',
      written: inputs.length,
      where: describeWrites(plan.writes),
      dropped: groupDrops(plan.dropped),
      droppedCells: plan.dropped.length,
      addedYears,
      copyBack: toTsv(droppedAsBlock(plan)),
    },
  });
}

function tableName(id: string): string {
  return useApp.getState().session?.framework.tables.find((t) => t.id === id)?.name ?? '';
}

/**
 * Ctrl+V in a report table's cell (or a column title: `row` -1) with a block copied from Excel: fills the cells,
 * adding rows and columns within the limits, as one undo step; what was cut is listed.
 */
export function pasteIntoTable(
  blockId: string,
  content: Extract<BlockContent, { kind: 'table' }>,
  text: string,
  at: { row: number; col: number },
): void {
  const block = parseClipboardBlock(text);
  const plan: TablePastePlan = planTablePaste(content, block, at);
  editBlock(blockId, { ...content, columns: plan.table.columns, rows: plan.table.rows }, { separate: true });
  if (plan.cut.length === 0) {
    const more = [plan.addedRows && `新增 ${plan.addedRows} 行`, plan.addedCols && `新增 ${plan.addedCols} 列`]
      .filter(Boolean)
      .join('、');
    useApp.getState().notify('info', `已粘贴到表格：${plan.filled} 个单元格${more ? `（${more}）` : ''}`);
    return;
  }
  const back: string[][] = [];
  for (const c of plan.cut) {
    while (back.length <= c.r) back.push([]);
    const row = back[c.r] as string[];
    while (row.length <= c.c) row.push('');
    row[c.c] = c.text;
  }
  usePaste.setState({
    report: {
      kind: 'table',
      filled: plan.filled,
      addedRows: plan.addedRows,
      addedCols: plan.addedCols,
      cut: plan.cut.map(describeCut),
      copyBack: toTsv(back),
    },
  });
}

/** 复制未粘贴的内容: the cells that did not go in, as Excel text at their places in the copied block. */
export async function copyBack(): Promise<void> {
  const r = usePaste.getState().report;
  if (!r) return;
  try {
    await navigator.clipboard.writeText(r.copyBack);
    useApp.getState().notify('info', '已复制未粘贴的内容，可粘贴到 Excel 中查看');
  } catch {
    useApp.getState().notify('error', '无法写入剪贴板，请手动选中清单复制');
  }
}
