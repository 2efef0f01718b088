/**
 * Closing the window with typed work not yet in the file asks first. The window's 'close' is held while the page
 * is asked (event app.closeRequested; the page flushes its pending saves and answers with app.closeReply). If
 * everything is saved the window closes; otherwise a native Chinese dialog offers to go back or close anyway (the
 * work stays in the page's local journal and comes back on the next open). A page that does not answer in time
 * (hung or crashed) cannot hold the window hostage: the dialog says so and the user decides.
 */
import { randomUUID } from 'node:crypto';
import { type BrowserWindow, dialog } from 'electron';

export interface CloseReport {
  unsaved: number;
  items: string[];
}

interface ClosableWindow {
  on(event: 'close', listener: (e: { preventDefault(): void }) => void): unknown;
  close(): void;
}

export interface CloseGuard {
  /** the page's app.closeReply */
  reply(r: CloseReport & { requestId: string }): void;
}

/** How long the page has to save and answer (its own wait for pending saves is shorter). */
export const CLOSE_ANSWER_MS = 4000;

export function installCloseGuard(
  win: ClosableWindow,
  deps: {
    /** send app.closeRequested to the page */
    ask(requestId: string): void;
    /** true = close anyway; `report` null = the page did not answer */
    confirm(report: CloseReport | null): Promise<boolean>;
    timeoutMs?: number;
  },
): CloseGuard {
  let allowed = false;
  let waiting: { id: string; answer(r: CloseReport | null): void } | null = null;

  win.on('close', (e) => {
    if (allowed) return;
    e.preventDefault();
    if (waiting) return; // already asking (a second click on the close button)
    const id = randomUUID();
    const answered = new Promise<CloseReport | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), deps.timeoutMs ?? CLOSE_ANSWER_MS);
      waiting = {
        id,
        answer: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
    });
    deps.ask(id);
    void answered.then(async (report) => {
      try {
        if ((report && report.unsaved === 0) || (await deps.confirm(report))) {
          allowed = true;
          win.close();
        }
      } finally {
        waiting = null;
      }
    });
  });

  return {
    reply(r) {
      if (waiting && r.requestId === waiting.id) waiting.answer({ unsaved: r.unsaved, items: r.items });
    },
  };
}

/** The native question, in Chinese. True = close anyway. */
export async function confirmCloseDialog(win: BrowserWindow | null, report: CloseReport | null): Promise<boolean> {
  const kept = '已输入的内容暂存在本机，下次打开这个工作区时会自动恢复并保存。';
  const opts = {
    type: 'warning' as const,
    title: '质量年报工作台',
    message: report ? `有 ${report.unsaved} 处修改还没有保存到文件` : '窗口没有响应，无法确认修改是否都已保存到文件',
    detail: report
      ? [
          ...report.items.slice(0, 8),
          ...(report.items.length > 8 ? [`等 ${report.items.length} 处`] : []),
          '',
          kept,
        ].join('\n')
      : kept,
    buttons: ['返回继续编辑', '仍然关闭'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const r = win ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts);
  return r.response === 1;
}
