/**
 * 查找/替换 (Ctrl+F / Ctrl+H) over the whole report: the bar's state, and replacing through the same paths as typing —
 * each changed text is put on screen and queued in the outbox (journalled, retried), and one action (替换 or 全部替换)
 * is one entry of the workspace's undo history. core/report/find.ts finds and plans.
 */
import { create } from 'zustand';
import {
  type FindMatch,
  type FindOptions,
  findMatches,
  planReplace,
  reportTexts,
  type TextEdit,
} from '../../core/report/find';
import { useApp } from './app';
import { showSectionTitle } from './history';
import { saveBlock, saveChapterText, saveSectionTitle } from './saves';
import { pushEntry, type UndoEntry } from './undo';
import { revalidateSoon, sealTyping } from './writing';

export interface FindState {
  open: boolean;
  replace: boolean;
  query: string;
  replacement: string;
  matchCase: boolean;
  /** index of the current match in the list of matches */
  current: number;
  /** bumps each time the bar is asked for (Ctrl+F again focuses the field) */
  seq: number;
}

export const useFind = create<FindState>(() => ({
  open: false,
  replace: false,
  query: '',
  replacement: '',
  matchCase: false,
  current: 0,
  seq: 0,
}));

export function openFind(replace: boolean): void {
  useFind.setState((s) => ({ open: true, replace: replace || (s.open && s.replace), seq: s.seq + 1 }));
}

export function closeFind(): void {
  useFind.setState({ open: false });
}

/** The matches in the report as it is now on screen. */
export function currentMatches(): FindMatch[] {
  const st = useApp.getState();
  const f = useFind.getState();
  const ws = st.session?.workspace;
  if (!ws || !f.query) return [];
  return findMatches(reportTexts(ws, ws.profile.reportYear), f.query, { matchCase: f.matchCase });
}

/** Shows a match: its block (scrolled to, highlighted), or its chapter for a chapter or section title. */
export function revealMatch(m: FindMatch): void {
  if (m.ref.kind === 'block') {
    useApp.setState({ view: 'writing', help: null, focusBlockId: m.ref.blockId, focusChapterId: null });
    return;
  }
  useApp.setState({ view: 'writing', help: null, focusBlockId: null, focusChapterId: m.chapterId });
  const anchor = m.ref.kind === 'section' ? `sec-${m.ref.sectionId}` : null;
  let tries = 0;
  const go = () => {
    const el = anchor ? document.getElementById(anchor) : document.querySelector('.chapter-page');
    if (el) el.scrollIntoView({ block: 'start' });
    else if (++tries < 60) requestAnimationFrame(go);
  };
  requestAnimationFrame(go);
}

function entryOf(e: TextEdit): UndoEntry | null {
  const ws = useApp.getState().session?.workspace;
  if (!ws) return null;
  const r = e.ref;
  if (r.kind === 'section') return { kind: 'section-title', sectionId: r.sectionId, before: e.before, after: e.after };
  if (r.kind === 'chapter') {
    return {
      kind: 'chapter-text',
      chapterId: r.chapterId,
      field: r.field,
      before: e.before,
      after: e.after,
      open: false,
    };
  }
  const b = ws.blocks.find((x) => x.id === r.blockId);
  if (!b) return null;
  return {
    kind: 'block-content',
    blockId: b.id,
    before: b.content,
    after: { ...b.content, [r.field]: e.after } as typeof b.content,
    open: false,
  };
}

/** Puts one entry's new text on screen and in the outbox (the same calls typing makes). */
function carry(e: UndoEntry): void {
  const st = useApp.getState();
  if (e.kind === 'block-content') {
    st.patchBlock(e.blockId, e.after);
    saveBlock(e.blockId, e.after, 0, revalidateSoon);
  } else if (e.kind === 'chapter-text') {
    st.patchWorkspace((s) => ({
      ...s,
      workspace: {
        ...s.workspace,
        chapters: s.workspace.chapters.map((c) => (c.id === e.chapterId ? { ...c, [e.field]: e.after } : c)),
      },
    }));
    saveChapterText(e.chapterId, e.field, e.after, 0, revalidateSoon);
  } else if (e.kind === 'section-title') {
    showSectionTitle(e.sectionId, e.after);
    saveSectionTitle(e.sectionId, e.after);
  }
}

/**
 * Replaces the current match (`all`: every match) with the replacement text. Returns how many occurrences were
 * replaced; what could not be replaced is said in the toast.
 */
export function replaceMatches(all: boolean): number {
  const st = useApp.getState();
  const f = useFind.getState();
  const ws = st.session?.workspace;
  if (!ws || st.session?.readOnly || !f.query) return 0;
  const matches = currentMatches();
  const chosen = all ? matches : matches.slice(f.current, f.current + 1);
  if (chosen.length === 0) return 0;
  const opts: FindOptions = { matchCase: f.matchCase };
  const plan = planReplace(ws, chosen, f.query, f.replacement, opts);
  // two edits of one block (its title and its body) become one block-content change
  const entries: UndoEntry[] = [];
  const blockEntry = new Map<string, Extract<UndoEntry, { kind: 'block-content' }>>();
  for (const edit of plan.edits) {
    const e = entryOf(edit);
    if (!e) continue;
    if (e.kind === 'block-content') {
      const prev = blockEntry.get(e.blockId);
      if (prev) {
        prev.after = { ...prev.after, [(edit.ref as { field: string }).field]: edit.after } as typeof prev.after;
        continue;
      }
      blockEntry.set(e.blockId, e);
    }
    entries.push(e);
  }
  const count = plan.edits.reduce((n, e) => n + e.count, 0);
  if (entries.length > 0) {
    sealTyping();
    const label = all
      ? `全部替换「${f.query}」→「${f.replacement}」（${count} 处）`
      : `替换「${f.query}」→「${f.replacement}」`;
    const entry: UndoEntry = entries.length === 1 && entries[0] ? entries[0] : { kind: 'batch', label, entries };
    useApp.setState((s) => ({ stacks: pushEntry(s.stacks, entry) }));
    for (const e of entries) carry(e);
  }
  const refused = plan.refused.length
    ? `；${plan.refused.length} 处未替换：${[...new Set(plan.refused.map((r) => r.reason))].join('、')}`
    : '';
  st.notify(plan.refused.length ? 'error' : 'info', count ? `已替换 ${count} 处${refused}` : `没有替换${refused}`);
  if (!all) {
    // stay on the next match (the replaced one is gone from the list, so the same index is the next one)
    const left = currentMatches();
    const i = Math.min(f.current, Math.max(0, left.length - 1));
    useFind.setState({ current: i });
    const next = left[i];
    if (next) revealMatch(next);
  }
  return count;
}
