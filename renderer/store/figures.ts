/**
 * Bound figures in the writing view: the figure source every editor chip renders with (core/figures over the
 * renderer's values, the same core/values path as the grid), the picker's open state, and the one entry point
 * that inserts a figure where the user last had the caret — used by the picker and by the grid's 「插入到正文」
 * (`insertFigureRequest(indicatorId, year)`).
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import { type FigureSource, figureSource, renderFigureText } from '../../core/figures/render';
import type { FigureForm, FigureToken } from '../../core/figures/tokens';
import { gridValues } from '../lib/values';
import { useApp } from './app';

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

export function registerFigureTarget(key: string, t: FigureTarget): () => void {
  targets.set(key, t);
  return () => {
    if (targets.get(key) === t) targets.delete(key);
  };
}

/** The editor the user last placed the caret in (a click, typing, arrow keys). */
export function noteCaret(key: string): void {
  lastCaret = key;
}

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
  const key = lastCaretKey();
  const target = key ? targets.get(key) : undefined;
  if (!target) {
    if (app.view !== 'writing') app.setView('writing');
    app.notify('error', '请先在「报告撰写」中点击正文里要插入的位置，再插入数据。');
    return false;
  }
  const token: FigureToken =
    form === 'fig' ? { form, indicatorId, year } : { form, indicatorId, year, baseYear: year - 1 };
  if (!target.insert(token)) {
    app.notify('error', '无法在这里插入数据：请在正文中重新点击要插入的位置。');
    return false;
  }
  if (app.view !== 'writing') app.setView('writing');
  app.notify('info', `已插入：${ind.name}（${year}年）到${target.label}`);
  return true;
}

/** A stored text as the report prints it (bound figures rendered): for the 「N 字」 counts beside the editors. */
export function usePrintedText(text: string): string {
  const src = useFigureSource();
  return useMemo(() => (src && text.includes('{{') ? renderFigureText(text, src) : text), [src, text]);
}
