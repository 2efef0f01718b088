/**
 * A spreadsheet-like grid for one framework table: rows = indicators (其中 rows indented), columns = years.
 * Works like Excel for numbers: arrows move, typing starts editing, Enter/Tab commit and move, Esc cancels,
 * Delete clears, Ctrl+V pastes a block copied from Excel (store/paste.ts: by position from the selected cell, or by
 * indicator name and year when the copy has them; one save, how 'paste'; what does not fit is asked and listed).
 * Shift+arrows, shift+click or a drag select a range: Ctrl+C copies it as Excel's tab-separated text, Delete
 * clears it in one save. Cells with open review comments carry a corner marker.
 * Derived indicators show core/values' value (the one the findings and the report use): computed from their
 * formula and read-only while their parts are there; without their parts they take a typed 填报值. A stored copy
 * that conflicts with the formula is marked, with a one-click 「按公式重新计算」. Cells with findings are outlined.
 */
import { type ClipboardEvent, type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { FrameworkTable, Indicator } from '../../core/framework/schema';
import { isUnconfirmedRow, UNCONFIRMED_MEANING, UNCONFIRMED_TAG } from '../../core/framework/unconfirmed';
import { describeSkips, type FillCell, planFill } from '../../core/paste/fill';
import { explainValue } from '../../core/values/explain';
import { percentSlip } from '../../core/xlsx/number';
import { type ColumnKey, type ColumnWidths, DEFAULT_WIDTHS, loadWidths, saveWidths } from '../lib/column-widths';
import { openCounts } from '../lib/comments';
import { formatValue, parseCellInput } from '../lib/format';
import { type GridShape, navTarget } from '../lib/grid-nav';
import { type GridPos, inRect, type Rect, rectOf, rectSize, toTsv } from '../lib/range';
import { cellText, gridValues } from '../lib/values';
import { yearsOf } from '../lib/years';
import { type CellRef, cellKey, findingsView, useApp } from '../store/app';
import { pasteIntoGrid } from '../store/paste';
import type { ValueInput } from '../store/types';
import { ColumnResizer } from './ColumnResizer';
import { Dialog } from './Dialog';
import { GridMenu } from './GridMenu';

/** what a 待核实 row is, and what the 附表 does with it (core/report/build.ts appendixRows) */
function unconfirmedRowTitle(ind: Indicator): string {
  // a computed row is not typed: it fills in from its parts (its own title says from which)
  const fill = ind.formula
    ? '由公式自动计算，填好其组成数据即可'
    : ind.required === false
      ? '可以填写'
      : '校验要用到它，请填写';
  return `${UNCONFIRMED_TAG}：${UNCONFIRMED_MEANING}。${fill}；留空时报告附表不印本行。`;
}

interface Row {
  ind: Indicator;
  depth: number;
  firstChild: boolean;
}

function rowsOf(table: FrameworkTable): Row[] {
  const byId = new Map(table.indicators.map((i) => [i.id, i]));
  const seenParent = new Set<string>();
  return table.indicators.map((ind) => {
    let depth = 0;
    let p = ind.partOf;
    while (p && depth < 4) {
      depth++;
      p = byId.get(p)?.partOf;
    }
    const firstChild = !!ind.partOf && !seenParent.has(ind.partOf);
    if (ind.partOf) seenParent.add(ind.partOf);
    return { ind, depth, firstChild };
  });
}

export { yearsOf };

export function Grid({ table }: { table: FrameworkTable }) {
  const [sized, setSized] = useState<ColumnWidths | undefined>(loadWidths);
  const headRef = useRef<HTMLTableRowElement>(null);
  // the widths a drag starts from: the user's, or what the table's own layout gives now
  const widths: ColumnWidths = sized ?? {
    unit: Math.round(headRef.current?.querySelector('th.h-unit')?.getBoundingClientRect().width ?? DEFAULT_WIDTHS.unit),
    year: Math.round(headRef.current?.querySelector('th.h-year')?.getBoundingClientRect().width ?? DEFAULT_WIDTHS.year),
  };
  const onWidth = (col: ColumnKey, px: number | 'reset', done: boolean) => {
    const next = px === 'reset' ? undefined : { ...widths, [col]: px };
    setSized(next);
    if (done) saveWidths(next);
  };
  const session = useApp((s) => s.session);
  const values = useApp((s) => s.values);
  const cell = useApp((s) => s.cell);
  const selectCell = useApp((s) => s.selectCell);
  const anchor = useApp((s) => s.anchor);
  const extendTo = useApp((s) => s.extendTo);
  const comments = useApp((s) => s.session?.workspace.comments);
  const dragging = useRef(false);
  const setValues = useApp((s) => s.setValues);
  const cellErrors = useApp((s) => s.cellErrors);
  const setCellError = useApp((s) => s.setCellError);
  // not the findings a 「不适用」 mark waiting to be saved answers: the cell shows the mark, not a problem
  const findings = useApp((s) => findingsView(s).open);
  const naPending = useApp((s) => s.naPending);
  const naMarks = useApp((s) => s.naMarks);
  const [editing, setEditingState] = useState<{ key: string; text: string } | null>(null);
  /** 0.95 typed into a % cell: asking whether 95% was meant (nothing is saved until the user says which) */
  const [slip, setSlip] = useState<{ ind: Indicator; year: number; typed: number; meant: number } | null>(null);
  /** the right-click menu, at the pointer (or under the selected cell for the keyboard) */
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  // mirrors `editing` synchronously: keys typed before the input has mounted are appended, not lost
  const editingRef = useRef<{ key: string; text: string } | null>(null);
  const setEditing = (e: { key: string; text: string } | null) => {
    editingRef.current = e;
    setEditingState(e);
  };
  const gridRef = useRef<HTMLDivElement>(null);
  // The grid's keyboard focus lives in a transparent input, so a Chinese IME can compose into a cell that is
  // not yet being edited (the committed text opens the editor), as typing into an Excel cell does.
  const sinkRef = useRef<HTMLInputElement>(null);
  const composing = useRef(false);
  const focusGrid = () => sinkRef.current?.focus({ preventScroll: true });
  const inputRef = useRef<HTMLInputElement>(null);

  const rows = useMemo(() => rowsOf(table), [table]);
  const readOnly = session?.readOnly ?? true;
  const reportYear = session?.workspace.profile.reportYear ?? new Date().getFullYear();
  const years = useMemo(
    () => yearsOf(reportYear, session?.workspace.years ?? []),
    [reportYear, session?.workspace.years],
  );

  // worst severity and messages per cell, for outlines and tooltips
  const marks = useMemo(() => {
    const m = new Map<string, { sev: 'error' | 'warning' | 'info'; msgs: string[] }>();
    for (const f of findings) {
      if (f.location.type !== 'cell' || f.location.tableId !== table.id) continue;
      const k = cellKey(f.location.indicatorId, f.location.year);
      const cur = m.get(k);
      const rank = { error: 3, warning: 2, info: 1 } as const;
      if (!cur) m.set(k, { sev: f.severity, msgs: [f.message] });
      else {
        cur.msgs.push(f.message);
        if (rank[f.severity] > rank[cur.sev]) cur.sev = f.severity;
      }
    }
    return m;
  }, [findings, table.id]);

  // every number shown comes from core/values over the values held here (the validator's and the report's path)
  const framework = session?.framework;
  const vals = useMemo(() => (framework ? gridValues(values, framework) : null), [values, framework]);
  const resolved = (ind: Indicator, year: number) => vals?.resolve(ind.id, year);
  const shown = (ind: Indicator, year: number): number | undefined => resolved(ind, year)?.value;
  const explain = (ind: Indicator, year: number): string => {
    const r = resolved(ind, year);
    return r && vals && r.derived ? explainValue(r, vals.vf, (x) => formatValue(x, ind.decimals, true)) : '';
  };

  // first paint of a grid, for scripts/bench/ui.ts (navigation start → grid visible)
  useEffect(() => {
    requestAnimationFrame(() => {
      if (performance.getEntriesByName('qar-grid-visible').length === 0) performance.mark('qar-grid-visible');
    });
  }, []);

  const rowIndex = cell ? rows.findIndex((r) => r.ind.id === cell.indicatorId) : -1;
  const colIndex = cell ? years.indexOf(cell.year) : -1;
  const anchorRow = anchor ? rows.findIndex((r) => r.ind.id === anchor.indicatorId) : -1;
  const anchorCol = anchor ? years.indexOf(anchor.year) : -1;
  // a range only when both corners are on this table and it spans more than one cell
  const range: Rect | null =
    rowIndex >= 0 && colIndex >= 0 && anchorRow >= 0 && anchorCol >= 0
      ? rectOf({ r: anchorRow, c: anchorCol }, { r: rowIndex, c: colIndex })
      : null;
  const multi = range && rectSize(range) > 1 ? range : null;
  const openByTarget = useMemo(() => openCounts(comments ?? []), [comments]);
  const yearInfo = session?.workspace.years;

  useEffect(() => {
    const up = () => {
      dragging.current = false;
    };
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, []);

  // keep the selection on this table; scroll it into view and give the grid focus after a jump
  useEffect(() => {
    if (cell && rowIndex < 0) return;
    const el = gridRef.current?.querySelector<HTMLElement>('td.sel');
    el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [cell, rowIndex]);
  const editingKey = editing?.key;
  useEffect(() => {
    const el = inputRef.current;
    if (!editingKey || !el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [editingKey]);
  useEffect(() => {
    // a new selection from outside (a finding clicked) takes keyboard focus to the grid
    if (cell && rowIndex >= 0 && !editing && document.activeElement?.closest('.side') !== null) {
      sinkRef.current?.focus({ preventScroll: true });
    }
  }, [cell, rowIndex, editing]);

  /** the cells of the selection (the range, else the active cell), row by row */
  const selectedCells = (): { ind: Indicator; year: number }[][] => {
    const rect =
      multi ??
      (rowIndex >= 0 && colIndex >= 0 ? rectOf({ r: rowIndex, c: colIndex }, { r: rowIndex, c: colIndex }) : null);
    if (!rect) return [];
    const out: { ind: Indicator; year: number }[][] = [];
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row = rows[r];
      if (!row) continue;
      const line: { ind: Indicator; year: number }[] = [];
      for (let c = rect.c0; c <= rect.c1; c++) {
        const y = years[c];
        if (y !== undefined) line.push({ ind: row.ind, year: y });
      }
      out.push(line);
    }
    return out;
  };

  const move = (dr: number, dc: number) => {
    const r = Math.min(rows.length - 1, Math.max(0, Math.max(rowIndex, 0) + dr));
    const c = Math.min(years.length - 1, Math.max(0, (colIndex < 0 ? years.length - 1 : colIndex) + dc));
    const row = rows[r];
    const y = years[c];
    if (row && y !== undefined) selectCell({ indicatorId: row.ind.id, year: y });
  };

  const current = (): { ind: Indicator; year: number } | null => {
    const row = rows[rowIndex];
    const y = years[colIndex];
    return row && y !== undefined ? { ind: row.ind, year: y } : null;
  };

  /** a computed cell takes no typing: say which cells make it */
  const computedHere = (ind: Indicator, year: number) => resolved(ind, year)?.origin === 'computed';
  const refuseDerived = (ind: Indicator, year: number) =>
    setCellError(
      cellKey(ind.id, year),
      `“${ind.name}”由公式自动计算，不能直接填写；请修改其组成数据（${explain(ind, year).replace(/^按公式计算：/, '')}）。`,
    );

  const startEdit = (initial?: string) => {
    const c = current();
    if (!c) return;
    if (readOnly) {
      useApp.getState().notify('info', '此工作区为只读，不能修改数据');
      return;
    }
    if (computedHere(c.ind, c.year)) return refuseDerived(c.ind, c.year);
    const v = values[cellKey(c.ind.id, c.year)];
    setEditing({ key: cellKey(c.ind.id, c.year), text: initial ?? formatValue(v, c.ind.decimals + 2) });
  };

  /** true when the edit was saved (or unchanged) and the editor may close */
  const commit = (): boolean => {
    const c = current();
    const editing = editingRef.current;
    if (!editing || !c) return true;
    const parsed = parseCellInput(editing.text, c.ind);
    if (!parsed.ok) {
      setCellError(editing.key, parsed.message);
      return false;
    }
    setCellError(editing.key, null);
    setEditing(null);
    const meant = percentSlip(editing.text, parsed.value, c.ind);
    if (meant !== null && parsed.value !== null) {
      setSlip({ ind: c.ind, year: c.year, typed: parsed.value, meant });
      return true;
    }
    saveTyped(c.ind, c.year, parsed.value);
    // 「15.35:1」 in 生师比: taken as 15.35, and said (a text read another way is never taken silently)
    if (parsed.taken) useApp.getState().notify('info', `${parsed.taken}。`);
    return true;
  };

  const saveTyped = (ind: Indicator, year: number, value: number | null) => {
    if ((values[cellKey(ind.id, year)] ?? null) !== value) {
      void setValues([{ indicatorId: ind.id, year, value }], 'manual', `修改 ${ind.name}`);
    }
  };

  /** the answer to 「是否指 95%？」: exactly the number chosen is saved */
  const answerSlip = (value: number) => {
    if (slip) saveTyped(slip.ind, slip.year, value);
    setSlip(null);
    focusGrid();
  };

  const cancel = () => {
    if (editing) setCellError(editing.key, null);
    setEditing(null);
    focusGrid();
  };

  /** text that reached the focus input without a keydown we handled: IME commits, dictation, insertText */
  const onSinkText = (text: string) => {
    if (sinkRef.current) sinkRef.current.value = '';
    if (!text) return;
    const pending = editingRef.current;
    if (pending) setEditing({ key: pending.key, text: pending.text + text });
    else startEdit(text);
  };

  const posOf = (): GridPos => ({ r: Math.max(rowIndex, 0), c: colIndex < 0 ? years.length - 1 : colIndex });
  const refAt = (p: GridPos): CellRef | null => {
    const row = rows[p.r];
    const y = years[p.c];
    return row && y !== undefined ? { indicatorId: row.ind.id, year: y } : null;
  };
  const shape = (): GridShape => {
    const wrap = gridRef.current;
    const rowH = wrap?.querySelector('tbody tr')?.getBoundingClientRect().height || 32;
    const headH = wrap?.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    return {
      rows: rows.length,
      cols: years.length,
      pageRows: Math.max(1, Math.floor(((wrap?.clientHeight ?? 0) - headH) / rowH) - 1),
      filled: (r, c) => {
        const row = rows[r];
        const y = years[c];
        return !!row && y !== undefined && shown(row.ind, y) !== undefined;
      },
    };
  };

  /** Ctrl+PageDown / Ctrl+PageUp: the next or previous table, its first cell of the report year selected */
  const switchTable = (delta: number) => {
    const tables = [...(framework?.tables ?? [])].sort((a, b) => a.order - b.order);
    const i = tables.findIndex((t) => t.id === table.id);
    const next = tables[i + delta];
    if (!next) return;
    const first = next.indicators[0];
    useApp.getState().setTable(next.id);
    if (first)
      selectCell({
        indicatorId: first.id,
        year: years.includes(reportYear) ? reportYear : (years.at(-1) ?? reportYear),
      });
  };

  const selectAll = () => {
    const first = refAt({ r: 0, c: 0 });
    const last = refAt({ r: rows.length - 1, c: years.length - 1 });
    if (first && last) useApp.setState({ anchor: first, cell: last });
  };

  /** Esc with nothing to cancel: the focus leaves the grid for the table tabs (Tab goes on from there) */
  const leaveGrid = () => document.querySelector<HTMLElement>('.table-tab.active')?.focus();

  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (composing.current || e.key === 'Process') return; // the IME owns these keys
    const pending = editingRef.current;
    if (pending) {
      // the editor is opening: keep what is typed meanwhile
      if (e.target === sinkRef.current && e.key.length === 1 && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        setEditing({ key: pending.key, text: pending.text + e.key });
      } else if (e.target === sinkRef.current && (e.key === 'Enter' || e.key === 'Tab')) {
        e.preventDefault();
        if (commit()) move(e.key === 'Enter' ? 1 : 0, e.key === 'Tab' ? 1 : 0);
      }
      return;
    }
    if (e.target !== sinkRef.current || e.altKey) return; // a button inside the grid (重算) keeps its keys
    const ctrl = e.ctrlKey || e.metaKey;
    if (e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) {
      e.preventDefault();
      const td = gridRef.current?.querySelector<HTMLElement>('td.sel');
      const box = td?.getBoundingClientRect();
      if (box) setMenu({ x: box.left + box.width / 2, y: box.bottom });
      return;
    }
    const to = navTarget({ key: e.key, ctrl }, posOf(), shape());
    if (to) {
      e.preventDefault();
      const ref = refAt(to);
      if (ref) (e.shiftKey ? extendTo : selectCell)(ref);
      return;
    }
    if (ctrl) {
      if (e.key === 'PageDown' || e.key === 'PageUp') {
        e.preventDefault();
        return switchTable(e.key === 'PageDown' ? 1 : -1);
      }
      const k = e.key.toLowerCase();
      if (k === 'a' && !e.shiftKey) {
        e.preventDefault();
        return selectAll();
      }
      if ((k === 'd' || k === 'r') && !e.shiftKey) {
        e.preventDefault();
        return fill(k === 'd' ? 'down' : 'right');
      }
      return; // Ctrl+C / Ctrl+V / Ctrl+Z … are handled elsewhere
    }
    switch (e.key) {
      case 'Tab': {
        // at the table's edge Tab leaves the grid (keyboard users reach the rest of the page)
        const c = posOf().c;
        if (e.shiftKey ? c <= 0 : c >= years.length - 1) return;
        e.preventDefault();
        return move(0, e.shiftKey ? -1 : 1);
      }
      case 'Enter':
        e.preventDefault();
        return move(e.shiftKey ? -1 : 1, 0);
      case 'F2':
        e.preventDefault();
        return startEdit();
      case 'Escape': {
        // dismiss a message shown on the cell (a refused edit); with none, leave the grid
        const c = current();
        if (c && cellErrors[cellKey(c.ind.id, c.year)]) return setCellError(cellKey(c.ind.id, c.year), null);
        if (menu) return setMenu(null);
        e.preventDefault();
        return leaveGrid();
      }
      case 'Delete':
      case 'Backspace':
        e.preventDefault();
        return clearSelection();
      default:
        if (e.key.length === 1 && /[\d.\-+%０-９a-zA-Z\u4e00-\u9fff]/.test(e.key)) {
          e.preventDefault();
          startEdit(e.key);
        }
    }
  };

  /** Delete / 清除: the range in one save, or the active cell */
  const clearSelection = () => {
    const c = current();
    if (!c || readOnly) return;
    if (multi) return clearRange();
    // a stored copy may always be cleared (a stale one included); a computed value without one cannot
    const storedHere = (values[cellKey(c.ind.id, c.year)] ?? null) !== null;
    if (!storedHere && computedHere(c.ind, c.year)) return refuseDerived(c.ind, c.year);
    if (storedHere) {
      void setValues([{ indicatorId: c.ind.id, year: c.year, value: null }], 'manual', `清除 ${c.ind.name}`);
    }
  };

  /**
   * Ctrl+D / Ctrl+R: the selection's first row (column) into the rest of it; on one cell, from the cell above (to
   * the left), as in Excel. Written through setValues like a typed number: one save, one undo step, the findings.
   */
  const fill = (direction: 'down' | 'right') => {
    if (readOnly) return useApp.getState().notify('info', '此工作区为只读，不能修改数据');
    if (rowIndex < 0 || colIndex < 0) return;
    const rect = multi ?? {
      r0: direction === 'down' ? rowIndex - 1 : rowIndex,
      r1: rowIndex,
      c0: direction === 'right' ? colIndex - 1 : colIndex,
      c1: colIndex,
    };
    if (rect.r0 < 0 || rect.c0 < 0 || (direction === 'down' ? rect.r1 === rect.r0 : rect.c1 === rect.c0)) {
      return useApp
        .getState()
        .notify('info', direction === 'down' ? '上方没有可向下填充的单元格' : '左侧没有可向右填充的单元格');
    }
    const block: FillCell[][] = [];
    for (let r = rect.r0; r <= rect.r1; r++) {
      const row = rows[r];
      if (!row) continue;
      block.push(
        years.slice(rect.c0, rect.c1 + 1).map((y) => ({
          ind: row.ind,
          year: y,
          value: shown(row.ind, y),
          stored: values[cellKey(row.ind.id, y)],
        })),
      );
    }
    const plan = planFill(block, direction, (id, y) => vals?.resolve(id, y).origin === 'computed');
    const what = direction === 'down' ? '向下填充' : '向右填充';
    const skipped = plan.skipped.length
      ? `；${plan.skipped.length} 个未填充：${describeSkips(plan.skipped).join('；')}`
      : '';
    if (plan.writes.length === 0)
      return useApp
        .getState()
        .notify(plan.skipped.length ? 'error' : 'info', `${what}：没有需要修改的单元格${skipped}`);
    void setValues(plan.writes, 'manual', `${what} ${plan.writes.length} 个单元格`).then((ok) => {
      if (ok)
        useApp
          .getState()
          .notify(plan.skipped.length ? 'error' : 'info', `已${what} ${plan.writes.length} 个单元格${skipped}`);
    });
  };

  const onInputKey = (e: KeyboardEvent<HTMLInputElement>) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (commit()) {
        move(e.shiftKey ? -1 : 1, 0);
        focusGrid();
      }
    } else if (e.key === 'Tab') {
      e.preventDefault();
      if (commit()) {
        move(0, e.shiftKey ? -1 : 1);
        focusGrid();
      }
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      if (commit()) {
        move(e.key === 'ArrowUp' ? -1 : 1, 0);
        focusGrid();
      }
    }
  };

  /** Ctrl+V: a block copied from Excel, planned and reported by store/paste.ts (nothing dropped unlisted). */
  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editing || readOnly) return;
    const text = e.clipboardData.getData('text/plain');
    if (!text) return;
    e.preventDefault();
    if (rowIndex < 0 || colIndex < 0) return useApp.getState().notify('error', '请先选中粘贴的起始单元格');
    pasteIntoGrid(text, table, { row: rowIndex, col: colIndex });
  };

  /** Delete on a range: every filled, typed-in cell of it becomes empty, in one save (one undo step). */
  const clearRange = () => {
    const cells = selectedCells().flat();
    const inputs: ValueInput[] = cells
      .filter((c) => !c.ind.formula && (values[cellKey(c.ind.id, c.year)] ?? null) !== null)
      .map((c) => ({ indicatorId: c.ind.id, year: c.year, value: null }));
    if (inputs.length === 0) return;
    void setValues(inputs, 'manual', `清除 ${inputs.length} 个单元格`).then((ok) => {
      if (ok) useApp.getState().notify('info', `已清除 ${inputs.length} 个单元格`);
    });
  };

  const onCopy = (e: ClipboardEvent<HTMLDivElement>) => {
    if (editing) return;
    const block = selectedCells();
    if (block.length === 0) return;
    e.preventDefault();
    const text = block.map((line) => line.map((c) => formatValue(shown(c.ind, c.year), c.ind.decimals)));
    // one cell copies as its bare text (as before); a block as Excel's rows of tab-separated cells
    e.clipboardData.setData(
      'text/plain',
      text.length === 1 && text[0]?.length === 1 ? (text[0][0] ?? '') : toTsv(text),
    );
    if (multi) useApp.getState().notify('info', `已复制 ${rectSize(multi)} 个单元格，可粘贴到 Excel`);
  };

  const sel = current();
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: keys and paste arrive from the focus input inside (bubbling)
    <div className="grid-outer" onKeyDown={onGridKey} onPaste={onPaste} onCopy={onCopy} data-testid="grid">
      <input
        ref={sinkRef}
        className="keysink"
        aria-label={
          sel
            ? `${table.name}：${sel.ind.name} ${sel.year}年 ${formatValue(shown(sel.ind, sel.year), sel.ind.decimals) || '空'}`
            : `${table.name}（方向键移动，直接输入数字，Enter 确认）`
        }
        autoComplete="off"
        spellCheck={false}
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={(e) => {
          composing.current = false;
          onSinkText(e.data);
        }}
        onInput={(e) => {
          if (!composing.current) onSinkText(e.currentTarget.value);
        }}
        onFocus={() => {
          // read the store, not this render's `cell`: a click selects the cell just before focusing here
          if (!useApp.getState().cell && rows[0] && years.length)
            selectCell({ indicatorId: rows[0].ind.id, year: years[years.length - 1] ?? reportYear });
        }}
      />
      <div className="grid-wrap" ref={gridRef}>
        <table className={sized ? 'grid sized' : 'grid'}>
          <colgroup>
            <col className="c-name" />
            <col className="c-unit" style={sized ? { width: sized.unit } : undefined} />
            {years.map((y) => (
              <col key={y} className="c-year" style={sized ? { width: sized.year } : undefined} />
            ))}
          </colgroup>
          <thead>
            <tr ref={headRef}>
              <th scope="col" className="h-name">
                指标
              </th>
              <th scope="col" className="h-unit">
                单位
                <ColumnResizer col="unit" width={widths.unit} onWidth={onWidth} />
              </th>
              {years.map((y) => {
                const noGrad = yearInfo?.find((x) => x.year === y)?.hasGraduates === false;
                return (
                  <th key={y} scope="col" className={y === reportYear ? 'h-year current' : 'h-year'} data-year={y}>
                    {y}年
                    <ColumnResizer col="year" width={widths.year} onWidth={onWidth} />
                    {noGrad && (
                      <span className="no-grad" title="本年度没有毕业生：毕业生相关指标不作必填要求">
                        无毕业生
                      </span>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, ri) => (
              <tr key={row.ind.id} className={row.ind.formula ? 'derived' : undefined} data-indicator={row.ind.id}>
                <th scope="row" className="r-name" title={row.ind.description || row.ind.name}>
                  <span className={`r-label indent-${row.depth}${isUnconfirmedRow(row.ind) ? ' with-tag' : ''}`}>
                    {row.firstChild && <span className="qizhong">其中：</span>}
                    {row.ind.name}
                  </span>
                  {isUnconfirmedRow(row.ind) && (
                    // a row not confirmed as a national-table row ([U]): said here, and what the 附表 does with it
                    <span className="unconfirmed" title={unconfirmedRowTitle(row.ind)}>
                      {UNCONFIRMED_TAG}
                    </span>
                  )}
                  {row.ind.required !== false && (
                    <span className="req" title={row.ind.required === 'graduates' ? '有毕业生的年度必填' : '必填'}>
                      *
                    </span>
                  )}
                </th>
                <td className="r-unit">{row.ind.unit}</td>
                {years.map((y, ci) => {
                  const k = cellKey(row.ind.id, y);
                  const inRange = !!multi && inRect(multi, ri, ci);
                  const open = openByTarget.get(`cell|${row.ind.id}|${y}`) ?? 0;
                  const selected = cell?.indicatorId === row.ind.id && cell.year === y;
                  const mark = marks.get(k);
                  const err = cellErrors[k];
                  const isEditing = editing?.key === k;
                  const r = resolved(row.ind, y);
                  const v = r?.value;
                  // 「不适用」 (with the school's reason) shows as such, never as an empty cell
                  const na = v === undefined ? naMarks[k] : undefined;
                  const cls = [
                    'cell',
                    selected ? 'sel' : '',
                    mark ? `f-${mark.sev}` : '',
                    err ? 'has-error' : '',
                    r?.origin === 'computed' ? 'ro' : '',
                    r?.origin === 'reported' ? 'reported' : '',
                    r?.conflict ? 'conflict' : '',
                    inRange ? 'in-range' : '',
                    open ? 'has-comment' : '',
                    na !== undefined ? 'na' : '',
                  ]
                    .filter(Boolean)
                    .join(' ');
                  return (
                    <td
                      key={y}
                      className={cls}
                      data-selected={selected || undefined}
                      data-cell={k}
                      data-comments={open || undefined}
                      data-origin={r?.derived ? r.origin : undefined}
                      data-conflict={r?.conflict || undefined}
                      title={
                        [
                          explain(row.ind, y),
                          na !== undefined ? `不适用：${na}${naPending[k] === 'waiting' ? '（待保存）' : ''}` : '',
                          mark ? mark.msgs.join('\n') : '',
                          open ? `${open} 条未解决的批注` : '',
                        ]
                          .filter(Boolean)
                          .join('\n') || undefined
                      }
                      onMouseDown={(e) => {
                        if (isEditing) return;
                        e.preventDefault(); // keep focus in the grid's input, not on the cell
                        if (editing && !commit()) return;
                        if (e.button === 2 && inRange) return focusGrid(); // right-click in the range keeps it
                        if (e.shiftKey && cell) extendTo({ indicatorId: row.ind.id, year: y });
                        else {
                          selectCell({ indicatorId: row.ind.id, year: y });
                          dragging.current = e.button === 0;
                        }
                        focusGrid();
                      }}
                      onMouseEnter={(e) => {
                        if (!dragging.current || editing || (e.buttons & 1) === 0) return;
                        extendTo({ indicatorId: row.ind.id, year: y });
                      }}
                      onDoubleClick={() => startEdit()}
                      onContextMenu={(e) => {
                        if (isEditing) return;
                        e.preventDefault();
                        setMenu({ x: e.clientX, y: e.clientY });
                      }}
                    >
                      {isEditing ? (
                        <input
                          ref={inputRef}
                          className="cell-input"
                          value={editing.text}
                          inputMode="decimal"
                          aria-label={`${row.ind.name} ${y}年`}
                          aria-invalid={!!err}
                          onChange={(e) => {
                            setEditing({ key: k, text: e.target.value });
                            if (err) setCellError(k, null);
                          }}
                          onKeyDown={onInputKey}
                          onBlur={() => {
                            if (!commit()) return;
                          }}
                        />
                      ) : (
                        <span className={v === undefined ? 'v empty' : 'v'}>
                          {v === undefined
                            ? na !== undefined
                              ? '不适用'
                              : r?.origin === 'missing' && r.derived
                                ? '—'
                                : ''
                            : r && cellText(r, row.ind)}
                        </span>
                      )}
                      {r?.conflict && selected && !readOnly && !isEditing && (
                        <button
                          type="button"
                          className="recompute"
                          aria-label="按公式重新计算"
                          title={explain(row.ind, y)}
                          onMouseDown={(e) => e.stopPropagation()}
                          onClick={() => void useApp.getState().recompute([{ indicatorId: row.ind.id, year: y }])}
                        >
                          重算
                        </button>
                      )}
                      {err && selected && (
                        <div className="cell-error" role="alert">
                          {err}
                        </div>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {menu && sel && (
        <GridMenu
          at={menu}
          table={table}
          cell={{ indicatorId: sel.ind.id, year: sel.year }}
          derived={!!resolved(sel.ind, sel.year)?.derived}
          conflict={!!resolved(sel.ind, sel.year)?.conflict}
          readOnly={readOnly}
          onClose={() => {
            setMenu(null);
            focusGrid();
          }}
          onClear={clearSelection}
          onPasteText={(text) => {
            if (rowIndex < 0 || colIndex < 0) return;
            pasteIntoGrid(text, table, { row: rowIndex, col: colIndex });
          }}
          recomputeCells={() =>
            selectedCells()
              .flat()
              .filter((c) => resolved(c.ind, c.year)?.derived)
              .map((c) => ({ indicatorId: c.ind.id, year: c.year }))
          }
        />
      )}
      {slip && (
        <Dialog
          title={`是否指 ${slip.meant}%？`}
          confirmLabel={`改为 ${slip.meant}%`}
          cancelLabel={`保留 ${slip.typed}%`}
          onConfirm={() => answerSlip(slip.meant)}
          onCancel={() => answerSlip(slip.typed)}
          testId="percent-slip"
        >
          <p>
            「{slip.ind.name}」（{slip.year}年）的单位是 %，您输入的是 {slip.typed}，将保存为 {slip.typed}%。
            如果这是小数形式的比例（{slip.typed} = {slip.meant}%），请改为 {slip.meant}%。
          </p>
        </Dialog>
      )}
    </div>
  );
}
