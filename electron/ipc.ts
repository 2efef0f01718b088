/**
 * Wires the API contract to `ipcMain.handle`: one handler per method. Each checks that the call comes from our
 * own page (the sender frame's URL), then goes through the shared dispatcher, which validates the input with the
 * contract's zod schema and answers with an envelope. Also the main -> page event sender.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { API_METHODS, type ApiEvent, type ApiEventPayload, type ApiResult, apiEvents } from '../core/api';
import { type ApiHandlers, type DispatchOptions, dispatch } from '../core/api/dispatch';
import { eventChannel, invokeChannel } from './channels';

export const FORBIDDEN_RESULT: ApiResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: '拒绝访问：该请求不是来自质量年报工作台的页面。' },
};

export interface IpcOptions extends DispatchOptions {
  /** true when the URL is our page (core/host/security.ts isAppUrl) */
  isTrustedUrl: (url: string | undefined) => boolean;
}

/** Only the top frame of our page may call; a subframe or a foreign page (if one ever loaded) may not. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, opts: IpcOptions): boolean {
  const frame = event.senderFrame;
  if (!frame) return false; // the frame navigated away or was destroyed while the call was in flight
  if (frame.parent) return false;
  return opts.isTrustedUrl(frame.url);
}

export function registerIpc(ipcMain: IpcMain, handlers: ApiHandlers, opts: IpcOptions): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(invokeChannel(method), async (event, input: unknown) => {
      if (!isTrustedSender(event, opts)) return FORBIDDEN_RESULT;
      return dispatch(handlers, method, input, opts);
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(invokeChannel(method));
  };
}

/** Send an event to the page, checked against the contract so the page never sees a malformed payload. */
export function sendEvent<E extends ApiEvent>(
  wc: WebContents | null | undefined,
  event: E,
  payload: ApiEventPayload<E>,
): boolean {
  if (!wc || wc.isDestroyed()) return false;
  const checked = apiEvents[event].safeParse(payload);
  if (!checked.success) {
    console.error(`[ipc] event ${event} payload outside its contract`, checked.error);
    return false;
  }
  wc.send(eventChannel(event), checked.data);
  return true;
}
