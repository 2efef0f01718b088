/**
 * 历史版本: the dialog's own small store (kept apart from the editor's store and its in-session undo stack).
 * Lists the workspace's history page by page and its snapshots, and restores an entry or a whole snapshot
 * through the API; after a restore the editor re-reads the workspace.
 */
import { create } from 'zustand';
import type { HistoryItem, SnapshotInfo } from '../../core/history/model';
import { api } from '../api/client';
import { useApp } from './app';
import { outbox } from './saves';

export const HISTORY_PAGE = 30;

type Pending = { kind: 'entry'; item: HistoryItem } | { kind: 'snapshot'; snapshot: SnapshotInfo };

interface HistoryState {
  open: boolean;
  tab: 'changes' | 'snapshots';
  items: HistoryItem[];
  total: number;
  offset: number;
  snapshots: SnapshotInfo[];
  snapshotLimit: number;
  loading: boolean;
  error: string | null;
  /** the restore waiting for the user's confirmation */
  pending: Pending | null;
  busy: boolean;
}

export const useHistory = create<HistoryState>(() => ({
  open: false,
  tab: 'changes',
  items: [],
  total: 0,
  offset: 0,
  snapshots: [],
  snapshotLimit: 0,
  loading: false,
  error: null,
  pending: null,
  busy: false,
}));

const message = (e: unknown) => (e instanceof Error && e.message ? e.message : '操作失败，请重试');

export async function loadHistoryPage(offset: number): Promise<void> {
  useHistory.setState({ loading: true, error: null });
  try {
    const r = await api.must('history.list', { offset, limit: HISTORY_PAGE });
    useHistory.setState({ items: r.items, total: r.total, offset, loading: false });
  } catch (e) {
    useHistory.setState({ loading: false, error: message(e) });
  }
}

export async function loadSnapshots(): Promise<void> {
  useHistory.setState({ loading: true, error: null });
  try {
    const r = await api.must('history.snapshots', {});
    useHistory.setState({ snapshots: r.items, snapshotLimit: r.limit, loading: false });
  } catch (e) {
    useHistory.setState({ loading: false, error: message(e) });
  }
}

export function openHistory(): void {
  useHistory.setState({ open: true, tab: 'changes', pending: null });
  void loadHistoryPage(0);
}

export function closeHistory(): void {
  useHistory.setState({ open: false, pending: null });
}

export function showTab(tab: HistoryState['tab']): void {
  useHistory.setState({ tab, pending: null });
  void (tab === 'changes' ? loadHistoryPage(0) : loadSnapshots());
}

export function askRestore(p: Pending): void {
  useHistory.setState({ pending: p });
}

export function cancelRestore(): void {
  useHistory.setState({ pending: null });
}

/** Carries out the confirmed restore, then re-reads the workspace and the list. */
export async function confirmRestore(): Promise<void> {
  const p = useHistory.getState().pending;
  if (!p) return;
  useHistory.setState({ busy: true, error: null });
  // typed work still queued would land after the restore and undo part of it: it is saved first
  outbox.flush();
  if (!(await outbox.whenIdle(5000))) {
    useHistory.setState({ busy: false, pending: null, error: '还有修改正在保存，请等保存完成后再恢复' });
    return;
  }
  try {
    const r =
      p.kind === 'entry'
        ? await api.must('history.restore', { ref: p.item.ref })
        : await api.must('history.restoreSnapshot', { id: p.snapshot.id });
    useHistory.setState({ busy: false, pending: null });
    await useApp.getState().reload({ clearUndo: true });
    useApp.getState().notify('info', r.message);
    await (useHistory.getState().tab === 'changes' ? loadHistoryPage(0) : loadSnapshots());
  } catch (e) {
    useHistory.setState({ busy: false, pending: null, error: message(e) });
  }
}
