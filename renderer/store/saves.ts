/**
 * Saving typed work: every number, block, chapter text and profile edit is written to the local journal at once
 * (store/journal.ts) and queued in the outbox (store/outbox.ts), which retries until the workspace has it. The
 * store's `outbox` field mirrors the queue for the status line; the journal entry goes when the save is confirmed.
 * On open, what the journal still holds is put back (only over exactly what it was typed over) and saved.
 */
import type { Block, BlockContent, IndicatorValue, SchoolProfile, Workspace } from '../../core/model';
import type { ValidationResult } from '../../core/validate/types';
import {
  baseOf,
  type CellMark,
  entryText,
  isCellMark,
  type JournalData,
  type JournalEntry,
  type JournalTarget,
  journalKey,
  planReplay,
} from '../lib/journal';
import { blockPlace, cellPlace, chapterFieldPlace, chapterPlace } from '../lib/places';
import { cellKey, markDone, markWaiting, useApp } from './app';
import { backend } from './backend';
import { journalDrop, journalEdit, journalEntries, journalSaved, openJournal } from './journal';
import { createOutbox, type SaveError } from './outbox';
import type { ValueInput } from './types';

/** Typing is saved this long after the last keystroke (well within the promised 1 s), or at once on blur. */
export const TEXT_SAVE_DELAY_MS = 600;

export const outbox = createOutbox((s) => useApp.setState({ outbox: s }));

/** The workspace as opened, and what our own saves wrote since: the base a new journal entry records. */
let opened: Workspace | null = null;
const known = new Map<string, JournalEntry['base']>();

function baseFor(target: JournalTarget): JournalEntry['base'] {
  return known.get(journalKey(target)) ?? (opened ? baseOf(target, opened) : {});
}

function remember(target: JournalTarget, saved: JournalData, base: JournalEntry['base']): void {
  const key = journalKey(target);
  known.set(key, base);
  journalSaved(key, saved, base);
  if (useApp.getState().saveError) useApp.setState({ saveError: null });
}

function journal(target: JournalTarget, data: JournalData, label: string): void {
  journalEdit({ target, data, base: baseFor(target), label, at: Date.now() });
}

function refused(where: string, e: SaveError): void {
  const text = `${where}未能保存：${e.message}`;
  useApp.setState({ saveError: text, notice: { kind: 'error', text } });
}

// ------------------------------------------------------------------------------------------------ values

export type ValuesOutcome = 'saved' | 'retrying' | 'refused';

/**
 * Queues a write of cells (one call, one change-log entry each). Resolves when the first attempt settles:
 * 'retrying' means the numbers stay on screen and in the journal and go in when the service answers again.
 */
export function saveValues(
  inputs: ValueInput[],
  how: 'manual' | 'paste',
  label: string,
  hooks: {
    onSaved?(r: ValidationResult & { stored: ValueInput[]; values: IndicatorValue[] }): void;
    onRefused?(e: SaveError): void;
  } = {},
): Promise<ValuesOutcome> {
  const fw = useApp.getState().session?.framework;
  for (const v of inputs) {
    const target = { kind: 'value', indicatorId: v.indicatorId, year: v.year } as const;
    // clearing a cell keeps its 「不适用」 mark (as the workspace does): a mark not saved yet stays the cell's entry
    const pending = journalEntries().find((e) => e.key === journalKey(target))?.data;
    if (v.value === null && isCellMark(pending) && pending.notApplicable) continue;
    journal(target, v.value, fw ? cellPlace(fw, v.indicatorId, v.year) : label);
  }
  return new Promise((resolve) => {
    outbox.enqueue({
      key: `values#${++valueJobs}`,
      lane: 'values',
      label,
      run: () => backend.setValues(inputs, how),
      onSaved: (r) => {
        for (const row of r?.values ?? []) {
          remember({ kind: 'value', indicatorId: row.indicatorId, year: row.year }, row.value, {
            updatedAt: row.updatedAt,
          });
        }
        if (r) hooks.onSaved?.(r);
        resolve('saved');
      },
      onRefused: (e) => {
        for (const v of inputs) journalDrop(journalKey({ kind: 'value', indicatorId: v.indicatorId, year: v.year }));
        hooks.onRefused?.(e);
        resolve('refused');
      },
      onRetry: () => resolve('retrying'),
    });
  });
}
let valueJobs = 0;

/**
 * Queues a 「不适用」 mark (with its reason) or its removal (note null) for a cell: in the values' lane, so it and the
 * numbers typed into cells are saved in the order they were made (a number typed after a mark ends it, a mark
 * after a number clears it), journalled under the cell's key and retried like them. Resolves as saveValues does.
 */
export function saveMark(
  cell: { indicatorId: string; year: number },
  note: string | null,
  hooks: {
    onSaved?(r: ValidationResult & { values: IndicatorValue[] }): void;
    onRefused?(e: SaveError): void;
  } = {},
): Promise<ValuesOutcome> {
  const fw = useApp.getState().session?.framework;
  const target = { kind: 'value', indicatorId: cell.indicatorId, year: cell.year } as const;
  const mark: CellMark = note === null ? { notApplicable: false } : { notApplicable: true, note };
  const place = fw ? cellPlace(fw, cell.indicatorId, cell.year) : '单元格';
  journal(target, mark, place);
  const key = cellKey(cell.indicatorId, cell.year);
  // the findings panel shows the cell's "missing" findings as waiting until the host's findings include the mark
  markJobs.set(key, (markJobs.get(key) ?? 0) + 1);
  markWaiting(key);
  const ended = (saved: boolean) => {
    const left = (markJobs.get(key) ?? 1) - 1;
    if (left > 0) return void markJobs.set(key, left);
    markJobs.delete(key);
    markDone(key, saved);
  };
  return new Promise((resolve) => {
    outbox.enqueue({
      key: `values#${++valueJobs}`,
      lane: 'values',
      label: `${place}（${note === null ? '取消「不适用」' : '标为「不适用」'}）`,
      run: () => backend.setNotApplicable(cell.indicatorId, cell.year, note),
      onSaved: (r) => {
        const row = r.values.find((v) => v.indicatorId === cell.indicatorId && v.year === cell.year);
        remember(target, mark, { updatedAt: row?.updatedAt ?? null });
        ended(true);
        hooks.onSaved?.(r);
        resolve('saved');
      },
      onRefused: (e) => {
        journalDrop(journalKey(target));
        hooks.onRefused?.(e);
        ended(false);
        resolve('refused');
      },
      onRetry: () => resolve('retrying'),
    });
  });
}
/** cellKey → mark jobs of the cell in the outbox (a mark, its 撤销, a mark again …) */
const markJobs = new Map<string, number>();

// ------------------------------------------------------------------------------------------------ text

function sessionWs(): Workspace | null {
  return useApp.getState().session?.workspace ?? null;
}

/** Queues the block's content (debounced while typing); the journal has it at once. */
export function saveBlock(blockId: string, content: BlockContent, delayMs = TEXT_SAVE_DELAY_MS, after?: () => void) {
  const ws = sessionWs();
  const block = ws?.blocks.find((b) => b.id === blockId);
  const label = ws && block ? blockPlace(ws, { ...block, content }) : '内容块';
  const target = { kind: 'block', blockId } as const;
  journal(target, content, label);
  outbox.enqueue({
    key: journalKey(target),
    label,
    delayMs,
    run: () => backend.updateBlock(blockId, content),
    onSaved: (saved: Block) => {
      remember(target, content, { updatedAt: saved.updatedAt });
      // the file's time for this block, so the next edit's journal entry records the right base
      useApp.getState().patchWorkspace((s) => ({
        ...s,
        workspace: {
          ...s.workspace,
          blocks: s.workspace.blocks.map((b) => (b.id === blockId ? { ...b, updatedAt: saved.updatedAt } : b)),
        },
      }));
      after?.();
    },
    onRefused: (e) => {
      // deleted meanwhile (its deletion is in the undo history): nothing to keep
      if (!sessionWs()?.blocks.some((b) => b.id === blockId)) return journalDrop(journalKey(target));
      refused(label, e);
    },
  });
}

export function saveChapterText(
  chapterId: string,
  field: 'title' | 'intro',
  text: string,
  delayMs = TEXT_SAVE_DELAY_MS,
  after?: () => void,
) {
  const ws = sessionWs();
  const label = ws ? chapterFieldPlace(ws, chapterId, field) : '章';
  const target = { kind: 'chapter', chapterId, field } as const;
  journal(target, text, label);
  outbox.enqueue({
    key: journalKey(target),
    label,
    delayMs,
    run: () => backend.updateChapter(chapterId, { [field]: text }),
    onSaved: () => {
      remember(target, text, { data: text });
      after?.();
    },
    onRefused: (e) => {
      if (!sessionWs()?.chapters.some((c) => c.id === chapterId)) return journalDrop(journalKey(target));
      refused(label, e);
    },
  });
}

export function saveSectionTitle(sectionId: string, title: string) {
  const ws = sessionWs();
  const sec = ws?.sections.find((x) => x.id === sectionId);
  const label = ws && sec ? `${chapterPlace(ws, sec.chapterId)} · 小节「${title}」` : `小节「${title}」`;
  const target = { kind: 'section', sectionId } as const;
  journal(target, title, label);
  outbox.enqueue({
    key: journalKey(target),
    label,
    run: () => backend.renameSection(sectionId, title),
    onSaved: () => remember(target, title, { data: title }),
    onRefused: (e) => {
      if (!sessionWs()?.sections.some((x) => x.id === sectionId)) return journalDrop(journalKey(target));
      refused(label, e);
    },
  });
}

export function saveProfile(profile: SchoolProfile, delayMs = TEXT_SAVE_DELAY_MS, after?: () => void) {
  const target = { kind: 'profile' } as const;
  journal(target, profile, '学校信息');
  outbox.enqueue({
    key: 'profile',
    label: '学校信息',
    delayMs,
    run: () => backend.setProfile(profile),
    onSaved: () => {
      remember(target, profile, { data: profile });
      after?.();
    },
    onRefused: (e) => refused('学校信息', e),
  });
}

// ------------------------------------------------------------------------------------------------ open

export interface RestoreReport {
  restored: { label: string }[];
  /** edits not put back because the file changed after them: shown with their text, so nothing is lost */
  stale: { key: string; label: string; reason: string; text: string }[];
}

/**
 * A workspace was opened: journal it from now on, and put back what its journal still holds. Returns what was
 * restored (for the notice), or null when there was nothing.
 */
export function beginSaves(path: string, ws: Workspace, readOnly: boolean): RestoreReport | null {
  opened = ws;
  known.clear();
  markJobs.clear(); // the outbox was cleared with the last workspace
  if (readOnly) return null; // a read-only file is never written: its journal waits for a writable open
  const entries = openJournal(path, ws);
  if (entries.length === 0) return null;
  const plan = planReplay({ v: 1, identity: '', entries }, ws);
  for (const e of plan.done) journalDrop(e.key);
  // stale entries stay in the journal until the user has seen them (dismissRestoreReport): a crash before that
  // loses nothing, and opening twice gives the same report
  const values: ValueInput[] = [];
  const marks: { indicatorId: string; year: number; mark: CellMark }[] = [];
  for (const e of plan.replay) {
    const t = e.target;
    if (t.kind === 'value' && isCellMark(e.data))
      marks.push({ indicatorId: t.indicatorId, year: t.year, mark: e.data });
    else if (t.kind === 'value')
      values.push({ indicatorId: t.indicatorId, year: t.year, value: e.data as number | null });
    else if (t.kind === 'block') {
      useApp.getState().patchBlock(t.blockId, e.data as BlockContent);
      saveBlock(t.blockId, e.data as BlockContent, 0);
    } else if (t.kind === 'chapter') {
      useApp.getState().patchWorkspace((s) => ({
        ...s,
        workspace: {
          ...s.workspace,
          chapters: s.workspace.chapters.map((c) => (c.id === t.chapterId ? { ...c, [t.field]: e.data } : c)),
        },
      }));
      saveChapterText(t.chapterId, t.field, e.data as string, 0);
    } else if (t.kind === 'section') {
      useApp.getState().patchWorkspace((s) => ({
        ...s,
        workspace: {
          ...s.workspace,
          sections: s.workspace.sections.map((x) => (x.id === t.sectionId ? { ...x, title: e.data as string } : x)),
        },
      }));
      saveSectionTitle(t.sectionId, e.data as string);
    } else {
      const profile = e.data as SchoolProfile;
      useApp.getState().patchWorkspace((s) => ({ ...s, workspace: { ...s.workspace, profile } }));
      saveProfile(profile, 0);
    }
  }
  if (values.length > 0) {
    useApp.setState((st) => {
      const next = { ...st.values };
      for (const v of values) next[cellKey(v.indicatorId, v.year)] = v.value;
      return { values: next };
    });
    void saveValues(values, 'manual', `恢复 ${values.length} 个单元格`, {
      onSaved: () => void useApp.getState().revalidate(),
    });
  }
  for (const m of marks) {
    const note = m.mark.notApplicable ? m.mark.note : null;
    showMark(m, note);
    void saveMark(m, note, { onSaved: () => void useApp.getState().revalidate() });
  }
  if (plan.replay.length === 0 && plan.stale.length === 0) return null;
  return {
    restored: plan.replay.map((e) => ({ label: e.label })),
    stale: plan.stale.map(({ entry, reason }) => ({
      key: entry.key,
      label: entry.label,
      reason,
      text: entryText(entry),
    })),
  };
}

/** The restore notice was read: the edits the file had moved past (shown there to copy) leave the journal. */
export function dismissRestoreReport(): void {
  for (const s of useApp.getState().restoreReport?.stale ?? []) journalDrop(s.key);
  useApp.setState({ restoreReport: null });
}

/** An import rewrote values behind the journal's back: what the file holds now is the base from here on. */
export function rebaseSaves(ws: Workspace): void {
  opened = ws;
  known.clear();
}

/** Puts a cell's 「不适用」 mark (note) or its removal (null) on screen: a marked cell holds no value. */
export function showMark(cell: { indicatorId: string; year: number }, note: string | null): void {
  useApp.setState((st) => {
    const key = cellKey(cell.indicatorId, cell.year);
    const naMarks = { ...st.naMarks };
    if (note === null) {
      delete naMarks[key];
      return { naMarks };
    }
    naMarks[key] = note;
    return { naMarks, values: { ...st.values, [key]: null } };
  });
}
