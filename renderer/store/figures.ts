/**
 * Bound figures in the writing view: the figure source every editor chip renders with (core/figures over the
 * renderer's values, the same core/values path as the grid), the picker's open state, and the one entry point
 * that inserts a figure where the user last had the caret — used by the picker and by the grid's 「插入到正文」
 * (`insertFigureRequest(indicatorId, year)`).
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import { type FigureSource, figureSource, renderFigureText } from '../../core/figures/render';
import { type FigureForm, type FigureToken, figureMarker } from '../../core/figures/tokens';
import type { BlockContent } from '../../core/model';
import { gridValues } from '../lib/values';
import { useApp } from './app';
import { setInsertFigureHandler } from './figure-hook';
import { editBlock, editChapter, flushBlock, flushChapter } from './writing';

/** The values the chips print, following every edit of the grid (optimistic values included). */
export function useFigureSource(): FigureSource | null {
  const framework = useApp((s) => s.session?.framework);
  const values = useApp((s) => s.values);
  return useMemo(
    () => (framework ? figureSource(framework, gridValues(values, framework)) : null),
    [framework, values],
  );
}

/** A text editor that can take a figure at its caret (FigureTextEditor registers itself). */
export interface FigureTarget {
  /** inserts at the last caret; false when the editor is gone or read-only */
  insert(token: FigureToken): boolean;
  /** a short name of the place for the toast: 「段落正文」 */
  readonly label: string;
}

const targets = new Map<string, FigureTarget>();
let lastCaret: string | null = null;
/**
 * Where the caret last was, in the stored text (characters before it): kept when the writing view is closed, so the
 * grid's 「插入到正文」 still inserts there.
 */
let lastCaretOffset: { key: string; offset: number; path: string } | null = null;

export function registerFigureTarget(key: string, t: FigureTarget): () => void {
  targets.set(key, t);
  return () => {
    if (targets.get(key) === t) targets.delete(key);
  };
}

/** The editor the user last placed the caret in (a click, typing, arrow keys), and where in its stored text. */
export function noteCaret(key: string, offset?: number): void {
  lastCaret = key;
  const path = useApp.getState().session?.path;
  if (offset !== undefined && path) lastCaretOffset = { key, offset, path };
}

/**
 * Inserts a marker into the stored text of the field the caret was last in, when its editor is not on screen (the
 * user is in the grid): block fields through editBlock, a chapter's intro through editChapter (one undo step).
 */
function insertIntoStored(marker: string): { label: string } | undefined {
  const at = lastCaretOffset;
  const session = useApp.getState().session;
  // only in the workspace the caret was in (another file may have blocks of the same id)
  if (!at || !session || session.path !== at.path) return undefined;
  const ws = session.workspace;
  const [kind, id, field] = at.key.split(':');
  const put = (text: string) => {
    const o = Math.max(0, Math.min(at.offset, text.length));
    lastCaretOffset = { ...at, offset: o + marker.length };
    return text.slice(0, o) + marker + text.slice(o);
  };
  if (kind === 'chapter' && field === 'intro') {
    const ch = ws.chapters.find((c) => c.id === id);
    if (!ch) return undefined;
    editChapter(ch.id, { intro: put(ch.intro) });
    flushChapter(ch.id);
    useApp.setState({ focusChapterId: ch.id, focusBlockId: null });
    return { label: '章首概述' };
  }
  const b = kind === 'block' ? ws.blocks.find((x) => x.id === id) : undefined;
  if (!b || !field) return undefined;
  const c = b.content as Record<string, unknown>;
  if (typeof c[field] !== 'string') return undefined;
  editBlock(b.id, { ...b.content, [field]: put(c[field] as string) } as BlockContent, { separate: true });
  flushBlock(b.id);
  useApp.setState({ focusBlockId: b.id });
  return { label: FIELD_LABEL[field] ?? '正文' };
}

const FIELD_LABEL: Record<string, string> = {
  lead: '段首句',
  text: '段落正文',
  body: '案例正文',
  problems: '问题表现',
  plans: '下一步打算',
};

export function lastCaretKey(): string | null {
  return lastCaret && targets.has(lastCaret) ? lastCaret : null;
}

interface PickerState {
  open: boolean;
  /** the year the picker starts on (the grid passes the cell's) */
  year: number | null;
  indicatorId: string | null;
  /** 识别数字 is open for this chapter */
  recognizeChapter: string | null;
  show(opts?: { indicatorId?: string; year?: number }): void;
  hide(): void;
}

export const useFigurePicker = create<PickerState>((set) => ({
  open: false,
  year: null,
  indicatorId: null,
  recognizeChapter: null,
  show: (opts = {}) => set({ open: true, year: opts.year ?? null, indicatorId: opts.indicatorId ?? null }),
  hide: () => set({ open: false }),
}));

/**
 * Inserts a bound figure at the last caret of the writing view. `form`: 'fig' the value, 'chg' the change from the
 * year before, 'pct' the relative change. Says what it did, or why it could not, in a toast. Returns true when done.
 */
export function insertFigureRequest(indicatorId: string, year: number, form: FigureForm = 'fig'): boolean {
  const app = useApp.getState();
  const s = app.session;
  if (!s) return false;
  if (s.readOnly) {
    app.notify('error', '此工作区为只读，不能插入数据。');
    return false;
  }
  const ind = s.framework.tables.flatMap((t) => t.indicators).find((i) => i.id === indicatorId);
  if (!ind) {
    app.notify('error', `指标体系中没有指标「${indicatorId}」，无法插入。`);
    return false;
  }
  const token: FigureToken =
    form === 'fig' ? { form, indicatorId, year } : { form, indicatorId, year, baseYear: year - 1 };
  const key = lastCaretKey();
  const target = key ? targets.get(key) : undefined;
  // the editor is on screen: at its caret; otherwise (the grid's 「插入到正文」) into the text where the caret last was
  const done = target?.insert(token) ? { label: target.label } : insertIntoStored(figureMarker(token));
  if (!done) {
    if (app.view !== 'writing') app.setView('writing');
    app.notify('error', '请先在「报告撰写」中点击正文里要插入的位置，再插入数据。');
    return false;
  }
  if (app.view !== 'writing') app.setView('writing');
  app.notify('info', `已插入：${ind.name}（${year}年）到${done.label}`);
  return true;
}

/** A stored text as the report prints it (bound figures rendered): for the 「N 字」 counts beside the editors. */
export function usePrintedText(text: string): string {
  const src = useFigureSource();
  return useMemo(() => (src && text.includes('{{') ? renderFigureText(text, src) : text), [src, text]);
}

// the grid's right-click 「插入到正文」 (components/GridMenu.tsx) asks through store/figure-hook.ts: this answers it
setInsertFigureHandler(({ indicatorId, year }) => {
  insertFigureRequest(indicatorId, year);
});
