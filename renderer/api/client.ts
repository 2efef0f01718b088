/**
 * The renderer's typed API client: the only way the UI talks to the workspace.
 *
 *   const r = await api.call('values.set', { changes, how: 'manual' });
 *   if (r.ok) use(r.data); else showError(r.error.message);   // message is Chinese, shown as is
 *
 * In Electron it goes through the preload bridge `window.qar`; in a plain browser (the e2e host) it POSTs JSON
 * to `/api/<method>` with the page's token and listens to `/api/events` (server-sent events).
 * Method names, inputs and outputs are typed from core/api.ts; nothing here knows about any one method.
 */
import type {
  ApiError,
  ApiEvent,
  ApiEventPayload,
  ApiInput,
  ApiMethod,
  ApiOutput,
  ApiResponse,
  QarBridge,
} from '../../core/api';

export type { ApiError, ApiEvent, ApiEventPayload, ApiInput, ApiMethod, ApiOutput, ApiResponse };

declare global {
  interface Window {
    /** set by electron/preload.ts; absent in the browser host */
    qar?: QarBridge;
  }
}

/** Thrown by `api.must` so callers that prefer exceptions still get the Chinese message. */
export class ApiCallError extends Error {
  readonly code: string;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
  }
}

export interface ApiClient {
  /** the envelope: never throws for expected failures */
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiResponse<M>>;
  /** the data, or throws ApiCallError with the Chinese message */
  must<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  /** subscribe to an event from the main process / host; returns the unsubscribe function */
  on<E extends ApiEvent>(event: E, cb: (payload: ApiEventPayload<E>) => void): () => void;
  /** 'electron' when running inside the desktop app, 'browser' in the test host */
  readonly transport: 'electron' | 'browser';
}

/** No answer from the host (stopped, or the network is down): the outbox retries these, nothing is lost. */
const NETWORK_ERROR: ApiError = {
  code: 'UNREACHABLE',
  message: '无法连接到工作台服务（服务已停止或网络中断）',
};

/** Token the browser host writes into index.html (<meta name="qar-token">); required on every call. */
export function hostToken(doc: Document | undefined): string {
  return doc?.querySelector('meta[name="qar-token"]')?.getAttribute('content') ?? '';
}

/** HTTP transport for the browser host. Exported for tests; the app uses `api`. */
export function createHttpBridge(opts: { base?: string; token?: string; fetchImpl?: typeof fetch } = {}): QarBridge {
  const base = opts.base ?? '';
  const doFetch = opts.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const token = () => opts.token ?? hostToken(globalThis.document);
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  function ensureEventSource(): void {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token())}`);
    source.onmessage = (msg) => {
      let parsed: { event?: string; payload?: unknown };
      try {
        parsed = JSON.parse(msg.data);
      } catch {
        return; // a keep-alive or a garbled line: nothing to deliver
      }
      const set = parsed.event ? listeners.get(parsed.event) : undefined;
      if (set) for (const cb of set) cb(parsed.payload);
    };
  }

  return {
    async invoke(method, input) {
      try {
        const res = await doFetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Qar-Token': token() },
          body: JSON.stringify(input ?? {}),
        });
        const body = (await res.json()) as ApiResponse<typeof method>;
        // 503: the host is busy for now (e.g. other large uploads in flight), so a save may be retried
        if (res.status === 503 && body && typeof body === 'object' && body.ok === false) {
          return { ok: false, error: { code: 'BUSY', message: body.error.message } };
        }
        if (body && typeof body === 'object' && 'ok' in body) return body;
        return { ok: false, error: NETWORK_ERROR };
      } catch {
        return { ok: false, error: NETWORK_ERROR };
      }
    },
    on(event, cb) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const fn = cb as (payload: unknown) => void;
      set.add(fn);
      ensureEventSource();
      return () => {
        set.delete(fn);
      };
    },
  };
}

export function createApiClient(bridge: QarBridge, transport: 'electron' | 'browser'): ApiClient {
  return {
    transport,
    call: (method, input) => bridge.invoke(method, input),
    async must(method, input) {
      const r = await bridge.invoke(method, input);
      if (r.ok) return r.data;
      throw new ApiCallError(r.error);
    },
    on: (event, cb) => bridge.on(event, cb),
  };
}

function defaultClient(): ApiClient {
  const bridge = typeof window !== 'undefined' ? window.qar : undefined;
  return bridge ? createApiClient(bridge, 'electron') : createApiClient(createHttpBridge(), 'browser');
}

/** The app's client. */
export const api: ApiClient = defaultClient();
