/**
 * Closing the desktop window with unsaved work asks first (electron/close-guard.ts), without the Electron binary:
 * 'electron' is mocked, the window is an EventEmitter. The page is asked through app.closeRequested and answers
 * through the API method app.closeReply (wired by the real handlers); the native dialog is in Chinese.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ showMessageBox: vi.fn() }));
vi.mock('electron', () => ({ dialog: { showMessageBox: electron.showMessageBox } }));

import { dispatch } from '../core/api/dispatch';
import { createApiHandlers } from '../core/api-handlers';
import { CLOSE_ANSWER_MS, confirmCloseDialog, installCloseGuard } from '../electron/close-guard';
import { fakeCtx } from './api-fakes';

class FakeWindow extends EventEmitter {
  closed = 0;
  /** what Electron does: emit 'close'; unless prevented, the window goes */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.closed++;
  }
}

function setup(confirmAnswer: boolean) {
  const win = new FakeWindow();
  const asked: string[] = [];
  const confirm = vi.fn(async () => confirmAnswer);
  const guard = installCloseGuard(win, { ask: (id) => asked.push(id), confirm });
  // the page answers through the API method, as in the app
  const handlers = createApiHandlers({ ...fakeCtx(), onCloseReply: (r) => guard.reply(r) });
  const reply = (requestId: string, unsaved: number, items: string[] = []) =>
    dispatch(handlers, 'app.closeReply', { requestId, unsaved, items });
  return { win, asked, confirm, reply };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

describe('closing the window with unsaved work', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    electron.showMessageBox.mockReset();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('closes at once when the page says everything is saved', async () => {
    const t = setup(false);
    t.win.close();
    expect(t.win.closed).toBe(0); // held while the page is asked
    expect(t.asked).toHaveLength(1);
    expect((await t.reply(t.asked[0] as string, 0)).ok).toBe(true);
    await settle();
    expect(t.confirm).not.toHaveBeenCalled();
    expect(t.win.closed).toBe(1);
  });

  it('asks when work is unsaved; 返回继续编辑 keeps the window, 仍然关闭 closes it', async () => {
    const keep = setup(false);
    keep.win.close();
    keep.win.close(); // a second click while asking does not ask twice
    expect(keep.asked).toHaveLength(1);
    await keep.reply(keep.asked[0] as string, 2, ['第2章 人才培养 · 段落「新的一句」', '表1 毕业生数（2024年）']);
    await settle();
    expect(keep.confirm).toHaveBeenCalledWith({
      unsaved: 2,
      items: ['第2章 人才培养 · 段落「新的一句」', '表1 毕业生数（2024年）'],
    });
    expect(keep.win.closed).toBe(0);
    // asked again next time
    keep.win.close();
    expect(keep.asked).toHaveLength(2);

    const go = setup(true);
    go.win.close();
    await go.reply(go.asked[0] as string, 1, ['学校信息']);
    await settle();
    expect(go.win.closed).toBe(1);
  });

  it('a page that does not answer cannot keep the window open: the user is asked', async () => {
    const t = setup(true);
    t.win.close();
    await vi.advanceTimersByTimeAsync(CLOSE_ANSWER_MS);
    expect(t.confirm).toHaveBeenCalledWith(null);
    expect(t.win.closed).toBe(1);
    // an answer to an old question is ignored
    await t.reply('not-the-question', 0);
    expect(t.win.closed).toBe(1);
  });

  it('the native dialog is in Chinese, defaults to going back, and says the work is kept on this computer', async () => {
    electron.showMessageBox.mockResolvedValueOnce({ response: 0 }).mockResolvedValueOnce({ response: 1 });
    expect(await confirmCloseDialog(null, { unsaved: 1, items: ['第2章 人才培养 · 段落「新的一句」'] })).toBe(false);
    const opts = electron.showMessageBox.mock.calls[0]?.[0];
    expect(opts).toMatchObject({
      message: '有 1 处修改还没有保存到文件',
      buttons: ['返回继续编辑', '仍然关闭'],
      defaultId: 0,
      cancelId: 0,
    });
    expect(opts.detail).toContain('第2章 人才培养 · 段落「新的一句」');
    expect(opts.detail).toContain('下次打开这个工作区时会自动恢复');
    expect(await confirmCloseDialog(null, null)).toBe(true);
    expect(electron.showMessageBox.mock.calls[1]?.[0].message).toContain('窗口没有响应');
  });

  it('app.closeReply input is checked like every API input', async () => {
    const t = setup(false);
    const bad = await dispatch(createApiHandlers(fakeCtx()), 'app.closeReply', {
      requestId: 'x',
      unsaved: -1,
      items: [],
    } as never);
    expect(bad.ok).toBe(false);
    expect(
      (
        await t.reply(
          'x',
          0,
          Array.from({ length: 21 }, () => 'a'),
        )
      ).ok,
    ).toBe(false);
  });
});
