/**
 * IPC channel names, shared by the main process (electron/ipc.ts) and the preload (electron/preload.ts).
 * One channel per API method, built from the contract's keys, so the preload's allowlist is exactly the contract.
 * Electron-free.
 */
import { API_EVENTS, API_METHODS, type ApiEvent, type ApiMethod } from '../core/api';

export const invokeChannel = (method: ApiMethod): string => `qar:${method}`;
export const eventChannel = (event: ApiEvent): string => `qar-event:${event}`;

/** What the page may call: the contract's method names, nothing else. */
export const METHOD_ALLOWLIST: ReadonlySet<string> = new Set(API_METHODS);
/** What the page may listen to. */
export const EVENT_ALLOWLIST: ReadonlySet<string> = new Set(API_EVENTS);
