/**
 * The one zustand store: the open workspace, what is selected, the workspace's undo history, the state of saving
 * (store/saves.ts, store/outbox.ts) and the latest findings. Views read slices of it; every write to the workspace
 * goes through an action here or in store/writing.ts so the save status and the findings stay honest.
 */
import { create } from 'zustand';
import type { TableKey } from '../../core/framework/schema';
import type { Block, BlockContent, CommentTarget, ReportLayout, SchoolProfile } from '../../core/model';
import type { Finding, ValidationResult } from '../../core/validate/types';
import { targetKey } from '../lib/comments';
import { loadPrefs, savePrefs } from '../lib/layout-prefs';
import { type FindingsView, type PendingMark, splitFindings } from '../lib/pending-findings';
import { cellPlace } from '../lib/places';
import { backend } from './backend';
import { redoStep, undoStep } from './history';
import { closeJournal } from './journal';
import type { OutboxState } from './outbox';
import { beginSaves, outbox, type RestoreReport, rebaseSaves, saveMark, saveValues, showMark } from './saves';
import type { RecentItem, Session, ValueInput } from './types';
import { type CellChange, dropValueEntries, EMPTY_STACKS, pushEntry, type UndoEntry, type UndoStacks } from './undo';

export type View = 'profile' | 'data' | 'writing' | 'preview';
export type SidePanel = 'findings' | 'history' | 'comments' | 'selfcheck' | null;
/** a menu item the data view or the comments panel carries out (they own the path field and the preview) */
export type FileCommand = 'import-xlsx' | 'export-xlsx' | 'import-comments';

export interface CellRef {
  indicatorId: string;
  year: number;
}

export const cellKey = (indicatorId: string, year: number) => `${indicatorId}|${year}`;

interface AppState {
  session: Session | null;
  /** value by cellKey; null = known missing */
  values: Record<string, number | null>;
  view: View;
  tableId: TableKey;
  cell: CellRef | null;
  /** where a range selection started (shift+arrows / shift+click / drag); null = just the cell */
  anchor: CellRef | null;
  /** the year the findings panel shows; null = the report year */
  findingsYear: number | null;
  /** the 批注 tab shows only the threads of this target (targetKey) when set */
  commentFocus: string | null;
  fileCommand: { command: FileCommand; seq: number } | null;
  focusBlockId: string | null;
  focusChapterId: string | null;
  /** a finding or a comment about a block was clicked: 报告撰写 scrolls to it and gives it the focus (once per seq) */
  blockJump: { blockId: string; seq: number } | null;
  side: SidePanel;
  /**
   * whether `findings` are the host's answer for the open workspace and the year shown: 'pending' until the first
   * answer (and after another year is chosen), 'failed' when the check could not run. Only 'ready' may say
   * 「未发现问题」: an empty list before the host has answered is not an all-clear.
   */
  checked: 'pending' | 'ready' | 'failed';
  findings: Finding[];
  summary: ValidationResult['summary'];
  stacks: UndoStacks;
  /** number of structure changes (add, delete, move …) in flight */
  saving: number;
  /** typed work queued or being retried (store/outbox.ts) */
  outbox: OutboxState;
  /** the browser says it has no network (browser host only; the desktop app saves to a local file) */
  offline: boolean;
  /** the last change the workspace refused (not retried), until the next successful save */
  saveError: string | null;
  /** edits put back from the local journal on open, for the notice */
  restoreReport: RestoreReport | null;
  /** inline Chinese error per cell (text in a number cell, a refused save) */
  cellErrors: Record<string, string>;
  /** a toast; `action` is a button in it (「撤销」 after a deletion) */
  notice: { kind: 'error' | 'info'; text: string; action?: { label: string; run: () => void } } | null;
  recent: RecentItem[];
  busy: string | null;
  /** 使用说明 is showing (in place of the current view or the start page); section: where to jump, seq: each open */
  help: { section: string | null; seq: number } | null;
  /** the 关于 dialog is open */
  aboutOpen: boolean;
  /** cells marked 「不适用」: cellKey → the reason the school gave */
  naMarks: Record<string, string>;
  /** the 「标为不适用」 dialog is open for this cell */
  naCell: CellRef | null;
  /**
   * cells whose 「不适用」 mark (or its removal) the host's findings do not include yet (lib/pending-findings.ts):
   * the findings panel and counts show their "missing" findings as waiting, not as open problems
   */
  naPending: Record<string, PendingMark>;

  setView(v: View): void;
  openHelp(section?: string): void;
  closeHelp(): void;
  setAboutOpen(open: boolean): void;
  setTable(t: TableKey): void;
  selectCell(c: CellRef | null): void;
  /** move the active cell, keeping (or starting) the range's anchor */
  extendTo(c: CellRef): void;
  setFindingsYear(year: number | null): Promise<void>;
  /** open the 批注 tab, optionally on one target's threads */
  showComments(target: CommentTarget | null): void;
  runFileCommand(command: FileCommand): void;
  /** re-read the workspace after a change made outside the editor's own actions (an import) */
  reload(opts?: { clearUndo?: boolean }): Promise<void>;
  setSide(p: SidePanel): void;
  notify(kind: 'error' | 'info', text: string, action?: { label: string; run: () => void }): void;
  setCellError(key: string, msg: string | null): void;
  loadRecent(): Promise<void>;
  /** on start: enter the workspace the host already has open, else show the start page */
  boot(): Promise<void>;
  enter(load: () => Promise<Session>, busyText: string): Promise<boolean>;
  leave(): Promise<void>;
  setValues(values: ValueInput[], how: 'manual' | 'paste', label: string): Promise<boolean>;
  /** 按公式重新计算: the conflicting derived copies of `cells` (or of the whole workspace) take the computed values */
  recompute(cells?: CellRef[]): Promise<void>;
  openNotApplicable(cell: CellRef | null): void;
  /** mark a cell 「不适用」 with its reason (its value is cleared), or remove the mark (note null) */
  /** `remember` false: an undo or redo carrying the mark out (it is in the history already) */
  markNotApplicable(cell: CellRef, note: string | null, remember?: boolean): Promise<boolean>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  revalidate(): Promise<void>;
  saveProfile(p: SchoolProfile): Promise<void>;
  /** the report layout, kept in the workspace file (a copied .qar prints the same) */
  saveReportLayout(layout: ReportLayout): Promise<void>;
  /** wrap any save so the status bar shows 保存中… / 已保存 and failures are reported */
  track<T>(p: Promise<T>): Promise<T | undefined>;
  patchBlock(blockId: string, content: BlockContent): void;
  replaceBlocks(blocks: Block[]): void;
  patchWorkspace(fn: (s: Session) => Session): void;
  jumpTo(f: Finding): void;
  /** open 报告撰写 at a block: its chapter, scrolled to it, its editor focused */
  jumpToBlock(blockId: string): void;
}

const EMPTY_SUMMARY = { error: 0, warning: 0, info: 0 };

function valuesMap(s: Session): Record<string, number | null> {
  const m: Record<string, number | null> = {};
  for (const v of s.workspace.values) m[cellKey(v.indicatorId, v.year)] = v.value;
  return m;
}

function naMarksOf(s: Session): Record<string, string> {
  const m: Record<string, string> = {};
  for (const v of s.workspace.values)
    if (v.notApplicable && v.value === null) m[cellKey(v.indicatorId, v.year)] = v.note;
  return m;
}

function errText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e && typeof e.message === 'string' && e.message) return e.message;
  return '操作失败，请重试';
}

/** the year the findings panel shows */
export function shownFindingsYear(st: { findingsYear: number | null; session: Session | null }): number | undefined {
  return st.findingsYear ?? st.session?.workspace.profile.reportYear;
}

/** the findings panel shows the report year (whose findings cover the appendix's earlier year too) */
function showsReportYear(): boolean {
  const st = useApp.getState();
  return shownFindingsYear(st) === st.session?.workspace.profile.reportYear;
}

// Findings refresh is serialised: a newer request supersedes an older one that is still running.
let validateSeq = 0;
let entryIds = 0;
let booting: Promise<void> | null = null;

export const useApp = create<AppState>((set, get) => ({
  session: null,
  values: {},
  view: 'data',
  tableId: 'scorecard',
  cell: null,
  anchor: null,
  findingsYear: null,
  commentFocus: null,
  fileCommand: null,
  focusBlockId: null,
  focusChapterId: null,
  blockJump: null,
  // the panel stays closed when it was closed last time (lib/layout-prefs.ts)
  side: loadPrefs().sideOpen ? 'findings' : null,
  checked: 'pending',
  findings: [],
  summary: EMPTY_SUMMARY,
  stacks: EMPTY_STACKS,
  saving: 0,
  outbox: { pending: 0, attempt: 0, failure: null, retryAt: null },
  offline: false,
  saveError: null,
  restoreReport: null,
  cellErrors: {},
  notice: null,
  recent: [],
  busy: null,
  help: null,
  aboutOpen: false,
  naMarks: {},
  naCell: null,
  naPending: {},

  // a confirmation toast belongs to the view it was shown in
  setView: (view) => set((s) => ({ view, help: null, notice: s.notice?.kind === 'info' ? null : s.notice })),
  openHelp: (section) => set((s) => ({ help: { section: section ?? null, seq: (s.help?.seq ?? 0) + 1 } })),
  closeHelp: () => set({ help: null }),
  setAboutOpen: (aboutOpen) => set({ aboutOpen }),
  setTable: (tableId) => set({ tableId, anchor: null }),
  selectCell: (cell) => set({ cell, anchor: null }),
  extendTo: (cell) => set((s) => ({ cell, anchor: s.anchor ?? s.cell ?? cell })),
  setFindingsYear: async (findingsYear) => {
    set({ findingsYear, checked: 'pending' });
    await get().revalidate();
  },
  showComments: (target) => set({ side: 'comments', commentFocus: target ? targetKey(target) : null }),
  runFileCommand: (command) =>
    set((s) => ({
      fileCommand: { command, seq: (s.fileCommand?.seq ?? 0) + 1 },
      ...(command === 'import-comments'
        ? { side: 'comments' as const, view: s.view === 'writing' ? ('writing' as const) : ('data' as const) }
        : { view: 'data' as const }),
      help: null,
    })),
  reload: async (opts = {}) => {
    const cur = get().session;
    if (!cur) return;
    try {
      const workspace = await backend.workspace();
      const session = { ...cur, workspace };
      rebaseSaves(workspace);
      // an import changes values behind the undo history: its number entries would put stale values back
      const clear = opts.clearUndo ?? true;
      set((st) => ({
        session,
        values: valuesMap(session),
        naMarks: naMarksOf(session),
        stacks: clear ? dropValueEntries(st.stacks) : st.stacks,
      }));
    } catch (e) {
      set({ notice: { kind: 'error', text: errText(e) } });
    }
    void get().revalidate();
  },
  setSide: (side) => {
    savePrefs({ sideOpen: side !== null });
    set({ side });
  },
  notify: (kind, text, action) => set({ notice: action ? { kind, text, action } : { kind, text } }),
  setCellError: (key, msg) =>
    set((s) => {
      const cellErrors = { ...s.cellErrors };
      if (msg) cellErrors[key] = msg;
      else delete cellErrors[key];
      return { cellErrors };
    }),

  loadRecent: async () => {
    try {
      set({ recent: await backend.recent() });
    } catch {
      set({ recent: [] });
    }
  },

  boot: () => {
    // once per page: a second call (React's StrictMode runs effects twice in development) joins the first, so the
    // workspace is entered, and its journal replayed, once
    booting ??= (async () => {
      try {
        const s = await backend.current();
        if (s) await get().enter(async () => s, '正在打开…');
      } catch {
        // no workspace open: the start page shows
      }
    })();
    return booting;
  },

  enter: async (load, busyText) => {
    set({ busy: busyText, notice: null });
    try {
      const session = await load();
      const firstTable = [...session.framework.tables].sort((a, b) => a.order - b.order)[0];
      set({
        session,
        values: valuesMap(session),
        naMarks: naMarksOf(session),
        naCell: null,
        naPending: {},
        view: 'data',
        tableId: firstTable?.id ?? 'scorecard',
        cell: null,
        anchor: null,
        findingsYear: null,
        commentFocus: null,
        stacks: EMPTY_STACKS,
        cellErrors: {},
        checked: 'pending',
        findings: [],
        summary: EMPTY_SUMMARY,
        saveError: null,
        busy: null,
        help: null,
        focusBlockId: null,
        focusChapterId: null,
      });
      // what the local journal still holds from last time goes back in (and is saved)
      set({ restoreReport: beginSaves(session.path, session.workspace, session.readOnly) });
      void get().revalidate();
      return true;
    } catch (e) {
      set({ busy: null, notice: { kind: 'error', text: errText(e) } });
      return false;
    }
  },

  leave: async () => {
    // anything still unsaved stays in the journal for the next open (TopBar asked the user first)
    outbox.clear();
    closeJournal();
    try {
      await backend.close();
    } catch (e) {
      // every edit is saved already; a close that could not put everything into the file itself must be said
      set({ notice: { kind: 'error', text: errText(e) } });
    }
    set({
      session: null,
      values: {},
      findings: [],
      summary: EMPTY_SUMMARY,
      cell: null,
      stacks: EMPTY_STACKS,
      saveError: null,
      restoreReport: null,
      naPending: {},
    });
    void get().loadRecent();
  },

  track: async (p) => {
    set((s) => ({ saving: s.saving + 1 }));
    try {
      const r = await p;
      set((s) => ({ saving: s.saving - 1, saveError: null }));
      return r;
    } catch (e) {
      set((s) => ({ saving: s.saving - 1, saveError: errText(e), notice: { kind: 'error', text: errText(e) } }));
      return undefined;
    }
  },

  setValues: async (inputs, how, label) => {
    const s = get();
    if (!s.session || s.session.readOnly || inputs.length === 0) return false;
    const changes = cellChanges(s.values, inputs);
    // a number ends a cell's 「不适用」 mark: those cells are history steps of the mark (undo puts mark and reason
    // back, not an empty cell), the rest one step of numbers, together one entry
    const ended = (c: CellChange) => c.newValue !== null && s.naMarks[cellKey(c.indicatorId, c.year)] !== undefined;
    const values = { kind: 'values' as const, label, changes: changes.filter((c) => !ended(c)), id: ++entryIds };
    const marks: UndoEntry[] = changes.filter(ended).map((c) => ({
      kind: 'na-mark',
      indicatorId: c.indicatorId,
      year: c.year,
      before: s.naMarks[cellKey(c.indicatorId, c.year)] ?? null,
      after: null,
      beforeValue: c.oldValue,
      afterValue: c.newValue,
    }));
    const entry: UndoEntry =
      marks.length === 0
        ? values
        : { kind: 'batch', label, entries: values.changes.length ? [values, ...marks] : marks };
    // optimistic: the grid shows the new numbers at once; they stay while a failed save is retried
    showValues(inputs);
    set((st) => ({ stacks: pushEntry(st.stacks, entry) }));
    const outcome = await writeValues(inputs, how, label, () => {
      // refused (not a connection problem): the old numbers go back, and the history forgets the edit
      set((st) => ({
        stacks: {
          undo: st.stacks.undo.filter((e) => e !== entry && !(e.kind === 'values' && e.id === values.id)),
          redo: st.stacks.redo,
        },
      }));
      return changes;
    });
    return outcome !== 'refused';
  },

  recompute: async (cells) => {
    const s = get();
    if (!s.session || s.session.readOnly) return;
    const rows = await s.track(backend.recompute(cells));
    if (!rows) return;
    mergeStored(rows);
    s.notify(
      'info',
      rows.length ? `已按公式重新计算 ${rows.length} 个单元格（已记入修改记录）` : '没有需要重新计算的单元格',
    );
    void get().revalidate();
  },

  openNotApplicable: (naCell) => set({ naCell }),

  markNotApplicable: async (c, note, remember = true) => {
    const s = get();
    if (!s.session || s.session.readOnly) return false;
    const place = cellPlace(s.session.framework, c.indicatorId, c.year);
    const key = cellKey(c.indicatorId, c.year);
    const before = { mark: s.naMarks[key], value: s.values[key] ?? null };
    // in the one history, so Ctrl+Z right after marking takes the mark back (and not the edit before it)
    const entry = {
      kind: 'na-mark' as const,
      ...c,
      before: before.mark ?? null,
      after: note,
      beforeValue: before.value,
      afterValue: note === null ? before.value : null,
    };
    if (remember) set((st) => ({ stacks: pushEntry(st.stacks, entry) }));
    // optimistic, as numbers are: the mark shows at once and stays while a failed save is retried (outbox)
    showMark(c, note);
    const seq = ++validateSeq;
    const outcome = await saveMark(c, note, {
      onSaved: (r) => {
        set({ saveError: null });
        // the response's findings were computed after the mark was stored
        if (seq === validateSeq && showsReportYear())
          set((st) => ({
            checked: 'ready',
            findings: r.findings,
            summary: r.summary,
            naPending: settled(st, marksSaved),
          }));
        // another year shown, or a findings request made before this save may answer last: ask again, so the
        // cell stops waiting on findings that include the mark
        else void get().revalidate();
      },
      onRefused: (e) => {
        // refused (not a connection problem): the cell goes back to what it showed, if nothing newer is there
        const st = get();
        if ((st.naMarks[key] ?? null) === note) {
          const naMarks = { ...st.naMarks };
          if (before.mark === undefined) delete naMarks[key];
          else naMarks[key] = before.mark;
          set({ naMarks, values: { ...st.values, [key]: before.value } });
        }
        const text = `${place}未能${note === null ? '取消' : '标为'}「不适用」：${e.message}`;
        set((st2) => ({
          saveError: text,
          notice: { kind: 'error', text },
          // not made: nothing to undo
          stacks: { undo: st2.stacks.undo.filter((x) => x !== entry), redo: st2.stacks.redo },
        }));
      },
    });
    return outcome !== 'refused';
  },

  undo: async () => {
    const s = get();
    if (!s.session || s.session.readOnly) return;
    await undoStep();
  },
  redo: async () => {
    const s = get();
    if (!s.session || s.session.readOnly) return;
    await redoStep();
  },

  revalidate: async () => {
    const s = get().session;
    if (!s) return;
    const seq = ++validateSeq;
    const asOf = marksSaved;
    try {
      const r = await backend.validate(shownFindingsYear(get()) ?? s.workspace.profile.reportYear);
      if (seq === validateSeq)
        set((st) => ({ checked: 'ready', findings: r.findings, summary: r.summary, naPending: settled(st, asOf) }));
    } catch (e) {
      set((st) => ({
        checked: st.checked === 'ready' ? 'ready' : 'failed',
        notice: { kind: 'error', text: `校验失败：${errText(e)}` },
      }));
    }
  },

  saveReportLayout: async (layout) => {
    const s = get().session;
    if (!s || s.readOnly) return;
    set({ session: { ...s, workspace: { ...s.workspace, reportLayout: layout } } });
    await get().track(backend.setReportLayout(layout));
  },

  saveProfile: async (p) => {
    const s = get().session;
    if (!s || s.readOnly) return;
    set({ session: { ...s, workspace: { ...s.workspace, profile: p } } });
    await get().track(backend.setProfile(p));
    void get().revalidate();
  },

  patchBlock: (blockId, content) =>
    set((st) => {
      if (!st.session) return {};
      const blocks = st.session.workspace.blocks.map((b) => (b.id === blockId ? { ...b, content } : b));
      return { session: { ...st.session, workspace: { ...st.session.workspace, blocks } } };
    }),
  replaceBlocks: (blocks) =>
    set((st) => (st.session ? { session: { ...st.session, workspace: { ...st.session.workspace, blocks } } } : {})),
  patchWorkspace: (fn) => set((st) => (st.session ? { session: fn(st.session) } : {})),

  jumpTo: (f) => {
    const loc = f.location;
    if (get().notice?.kind === 'info') set({ notice: null });
    set({ help: null });
    if (loc.type === 'cell') {
      set({
        view: 'data',
        tableId: loc.tableId,
        cell: { indicatorId: loc.indicatorId, year: loc.year },
        anchor: null,
      });
    } else if (loc.type === 'block') {
      if (loc.blockId) get().jumpToBlock(loc.blockId);
      else set({ view: 'writing', focusBlockId: null, focusChapterId: loc.chapterId });
    }
  },
  jumpToBlock: (blockId) =>
    set((s) => ({
      view: 'writing',
      help: null,
      focusBlockId: blockId,
      focusChapterId: null,
      blockJump: { blockId, seq: (s.blockJump?.seq ?? 0) + 1 },
    })),
}));

// ------------------------------------------------------------------------------------------------ 「不适用」 waiting

/** Marks saved so far, numbered in order: a findings answer knows which of them it includes. */
let marksSaved = 0;

/** Findings that include the marks saved up to number `asOf`: those cells wait no longer. */
function settled(st: { naPending: Record<string, PendingMark> }, asOf: number): Record<string, PendingMark> {
  const done = (v: PendingMark | undefined) => typeof v === 'number' && v <= asOf;
  const keys = Object.keys(st.naPending);
  if (!keys.some((k) => done(st.naPending[k]))) return st.naPending;
  const next = { ...st.naPending };
  for (const k of keys) if (done(next[k])) delete next[k];
  return next;
}

/** A mark (or its removal) for this cell went into the outbox (store/saves.ts saveMark). */
export function markWaiting(key: string): void {
  useApp.setState((st) =>
    st.naPending[key] === 'waiting' ? {} : { naPending: { ...st.naPending, [key]: 'waiting' } },
  );
}

/**
 * The cell's last queued mark job ended: saved, it waits only for findings that include it (asked after now, or
 * answered by a later save in the values' lane); refused, the cell shows what it showed before and the host's
 * findings hold as they are.
 */
export function markDone(key: string, saved: boolean): void {
  useApp.setState((st) => {
    const next = { ...st.naPending };
    if (saved) next[key] = ++marksSaved;
    else delete next[key];
    return { naPending: next };
  });
}

// the last split, so every view reading it in one render shares one object (zustand compares by reference)
let lastView: { from: readonly unknown[]; view: FindingsView } | null = null;

/** The findings to show and count, with those a mark waiting to be saved answers set aside (lib/pending-findings.ts). */
export function findingsView(st: {
  findings: Finding[];
  summary: ValidationResult['summary'];
  naMarks: Record<string, string>;
  naPending: Record<string, PendingMark>;
}): FindingsView {
  const from = [st.findings, st.summary, st.naMarks, st.naPending];
  if (lastView?.from.every((x, i) => x === from[i])) return lastView.view;
  lastView = { from, view: splitFindings(st.findings, st.summary, st.naMarks, st.naPending) };
  return lastView.view;
}

/** Each cell's value before and after, for the undo history. */
export function cellChanges(before: Record<string, number | null>, inputs: ValueInput[]): CellChange[] {
  return inputs.map((v) => ({
    indicatorId: v.indicatorId,
    year: v.year,
    oldValue: before[cellKey(v.indicatorId, v.year)] ?? null,
    newValue: v.value,
  }));
}

/** Puts numbers on screen (clearing their cells' input errors). */
export function showValues(inputs: readonly ValueInput[]): void {
  useApp.setState((st) => {
    const values = { ...st.values };
    const cellErrors = { ...st.cellErrors };
    // a number ends a 「不适用」 mark (the server removes it in the same save)
    const naMarks = { ...st.naMarks };
    for (const v of inputs) {
      values[cellKey(v.indicatorId, v.year)] = v.value;
      delete cellErrors[cellKey(v.indicatorId, v.year)];
      if (v.value !== null) delete naMarks[cellKey(v.indicatorId, v.year)];
    }
    return { values, cellErrors, naMarks };
  });
}

/**
 * Saves numbers already on screen and refreshes the findings. `onRefused` returns the changes to put back when the
 * workspace refuses them (only cells still showing the refused number go back).
 */
export async function writeValues(
  inputs: ValueInput[],
  how: 'manual' | 'paste',
  label: string,
  onRefused: () => CellChange[],
): Promise<'saved' | 'retrying' | 'refused'> {
  const seq = ++validateSeq;
  const t0 = performance.now();
  return saveValues(inputs, how, label, {
    onSaved: (result) => {
      useApp.setState({ saveError: null });
      // derived copies that followed a part join the screen; the typed cells keep what is on screen (a newer
      // number may be typed there already, waiting for its own save)
      const typed = new Set(inputs.map((v) => cellKey(v.indicatorId, v.year)));
      mergeStored(result.stored.filter((r) => !typed.has(cellKey(r.indicatorId, r.year))));
      // the response holds the report year's findings (every year its appendix prints): use it when the panel shows them
      if (seq === validateSeq && showsReportYear()) {
        // saved after every mark before it in the values' lane: its findings include them
        useApp.setState((st) => ({
          checked: 'ready',
          findings: result.findings,
          summary: result.summary,
          naPending: settled(st, marksSaved),
        }));
        // edit → findings on screen, for scripts/bench/ui.ts (after the frame that paints them)
        requestAnimationFrame(() => performance.measure('qar-edit-to-findings', { start: t0, end: performance.now() }));
      } else if (seq === validateSeq) void useApp.getState().revalidate();
    },
    onRefused: (e) => {
      const changes = onRefused();
      const st = useApp.getState();
      const restored = { ...st.values };
      const errs = { ...st.cellErrors };
      for (const c of changes) {
        const k = cellKey(c.indicatorId, c.year);
        if (restored[k] === c.newValue) restored[k] = c.oldValue;
      }
      const first = inputs[0];
      if (first) errs[cellKey(first.indicatorId, first.year)] = e.message;
      useApp.setState({ values: restored, cellErrors: errs, notice: { kind: 'error', text: e.message } });
    },
  });
}

/** Rows the server stored beyond what was typed (derived copies that followed a part) join the local values. */
function mergeStored(rows: readonly ValueInput[]): void {
  const cur = useApp.getState().values;
  const changed = rows.filter((r) => (cur[cellKey(r.indicatorId, r.year)] ?? null) !== r.value);
  if (changed.length === 0) return;
  const values = { ...cur };
  for (const r of changed) values[cellKey(r.indicatorId, r.year)] = r.value;
  useApp.setState({ values });
}
