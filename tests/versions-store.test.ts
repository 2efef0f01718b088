/**
 * 历史版本 in the window (renderer/store/versions.ts): a restore first saves what is still queued in the save
 * queue (typing waits 600 ms for more keystrokes), so typed work can never land after the restore and undo part
 * of it; while a save cannot get through, the restore is not carried out and the dialog says why.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls: string[] = [];
const reload = vi.fn(async () => {
  calls.push('reload');
});
const notify = vi.fn();

vi.mock('../renderer/store/app', () => ({
  useApp: { getState: () => ({ reload, notify }), setState: () => {} },
  cellKey: (id: string, year: number) => `${id}|${year}`,
}));
vi.mock('../renderer/store/journal', () => ({
  journalDrop: () => {},
  journalEdit: () => {},
  journalSaved: () => {},
  openJournal: () => ({}),
}));
vi.mock('../renderer/api/client', () => ({
  api: {
    must: async (method: string) => {
      calls.push(method);
      if (method === 'history.list') return { items: [], total: 0 };
      return { message: '已恢复' };
    },
  },
}));

const { outbox } = await import('../renderer/store/saves');
const { askRestore, confirmRestore, useHistory } = await import('../renderer/store/versions');

const item = { ref: 'e:1' } as never;

describe('历史版本 restore and the save queue', () => {
  beforeEach(() => {
    calls.length = 0;
    outbox.clear();
    useHistory.setState({ open: true, tab: 'changes', pending: null, error: null, busy: false });
  });

  it('typing still waiting for its debounce is saved before the restore, not after it', async () => {
    outbox.enqueue({
      key: 'block:b1',
      label: '段落',
      delayMs: 60_000,
      run: async () => {
        calls.push('save typed text');
      },
    });
    askRestore({ kind: 'entry', item });
    await confirmRestore();
    expect(calls).toEqual(['save typed text', 'history.restore', 'reload', 'history.list']);
    expect(useHistory.getState()).toMatchObject({ busy: false, pending: null, error: null });
  });

  it('a save that cannot get through: nothing is restored and the dialog says why', async () => {
    vi.useFakeTimers();
    try {
      let release: () => void = () => {};
      outbox.enqueue({
        key: 'block:b2',
        label: '段落',
        run: () =>
          new Promise<void>((resolve) => {
            release = resolve;
          }),
      });
      askRestore({ kind: 'entry', item });
      const done = confirmRestore();
      await vi.advanceTimersByTimeAsync(5000);
      await done;
      expect(calls).not.toContain('history.restore');
      expect(useHistory.getState().error).toBe('还有修改正在保存，请等保存完成后再恢复');
      release();
    } finally {
      vi.useRealTimers();
    }
  });
});
