/**
 * The preload: the only bridge between the sandboxed page and the main process. It exposes `window.qar` with
 * exactly two functions, `invoke(method, input)` and `on(event, cb)`, both limited to the names in the API
 * contract. No Electron object (ipcRenderer, the event) ever reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { ApiEvent, ApiMethod, ApiResult, QarBridge } from '../core/api';
import { EVENT_ALLOWLIST, eventChannel, invokeChannel, METHOD_ALLOWLIST } from './channels';

function unknownMethod(method: unknown): ApiResult<never> {
  return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `未知的操作「${String(method).slice(0, 60)}」。` } };
}

export const bridge: QarBridge = {
  invoke(method, input) {
    if (typeof method !== 'string' || !METHOD_ALLOWLIST.has(method)) return Promise.resolve(unknownMethod(method));
    return ipcRenderer.invoke(invokeChannel(method as ApiMethod), input);
  },
  on(event, cb) {
    if (typeof event !== 'string' || !EVENT_ALLOWLIST.has(event) || typeof cb !== 'function') {
      throw new Error(`未知的事件「${String(event).slice(0, 60)}」。`);
    }
    const channel = eventChannel(event as ApiEvent);
    const listener = (_e: unknown, payload: unknown) => (cb as (p: unknown) => void)(payload);
    ipcRenderer.on(channel, listener);
    return () => {
      ipcRenderer.removeListener(channel, listener);
    };
  },
};

contextBridge.exposeInMainWorld('qar', bridge);
