/**
 * The browser host: the same API as the desktop app, over HTTP on 127.0.0.1, serving the built renderer.
 * End-to-end tests drive the real UI in Chromium through it (the Electron binary is not available here).
 *
 *   GET  /…                 the built renderer (out/renderer); index.html gets the per-run token as a meta tag
 *   POST /api/<method>      JSON in, the contract's envelope out (same handlers as Electron's IPC)
 *   GET  /api/events?token  server-sent events: job.progress, workspace.changed, menu.command
 *
 * Only our page may call: the Host header must be our loopback address (DNS rebinding), a browser Origin must be
 * ours, and every API call carries the token. Bodies are size-limited; static paths cannot leave the folder.
 * Paths from the page are confined to the output folder and the files the host was started with
 * (core/api/path-policy.ts 'confined'), so a page cannot make the host read or write elsewhere.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve } from 'node:path';
import type { ApiErrorCode, ApiEvent, ApiEventPayload, ApiResult } from '../api';
import { apiEvents } from '../api';
import type { ApiHostContext, PickOpenPurpose, PickSavePurpose } from '../api/context';
import { type ApiHandlers, dispatch } from '../api/dispatch';
import { createPathPolicy } from '../api/path-policy';
import { createApiHandlers, freeFileName, SessionSlot } from '../api-handlers';
import { watchOutsideChanges } from './outside-change';
import { addRecent } from './recent';
import { APP_CSP, checkHostRequest } from './security';
import { mimeOf, resolveStaticPath } from './static-files';

export interface HostOptions {
  /** the built renderer folder (index.html + assets) */
  rendererDir: string;
  /** where dialog.pickSave puts files (exports, new workspaces) */
  outDir: string;
  /** 0 = any free port */
  port?: number;
  /** fixed token (tests); default: 32 random bytes */
  token?: string;
  version?: string;
  /** answers dialog.pickOpen (tests queue paths here); default: cancelled */
  pickOpen?: (purpose: PickOpenPurpose) => string | null | Promise<string | null>;
  /** max request body; images arrive base64 (default MAX_BODY_BYTES) */
  maxBodyBytes?: number;
  /** max bytes of all request bodies being received at once (default MAX_BODY_BYTES_IN_FLIGHT) */
  maxInFlightBytes?: number;
  /** files or folders outside outDir the page may use too (the --workspace given on the command line) */
  allow?: readonly string[];
  /** how often the open file is checked for changes by other programs (default OUTSIDE_CHANGE_POLL_MS) */
  outsideChangePollMs?: number;
}

/** 50 MB images arrive as ≈ 67 MB of base64 inside JSON; nothing else comes near. */
export const MAX_BODY_BYTES = 80 * 1024 * 1024;
export const TOO_LARGE_MESSAGE = '请求内容过大（超过 80 MB）：图片请选择 50 MB 以内的文件。';
/**
 * All bodies being received at once: two full-size image uploads. Without it, five parallel 79 MB bodies were all
 * buffered (≈ 400 MB, then parsed). A request that does not fit waits for nobody: it gets 503 and retries.
 */
export const MAX_BODY_BYTES_IN_FLIGHT = 2 * MAX_BODY_BYTES;
export const BUSY_MESSAGE = '服务器正忙：同时上传的内容过多（如多张大图片），请稍候几秒再试。';

/** Bytes of request bodies held right now, across requests; a request takes its share or is turned away. */
export class BodyBudget {
  private used = 0;
  constructor(readonly limit: number) {}
  get inFlight(): number {
    return this.used;
  }
  take(n: number): boolean {
    if (this.used + n > this.limit) return false;
    this.used += n;
    return true;
  }
  give(n: number): void {
    this.used = Math.max(0, this.used - n);
  }
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  /** bytes of request bodies being received now (tests wait on it) */
  inFlightBytes(): number;
  handlers: ApiHandlers;
  slot: SessionSlot;
  emit<E extends ApiEvent>(event: E, payload: ApiEventPayload<E>): void;
  close(): Promise<void>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const METHOD_PATH = /^\/api\/([a-z]+\.[A-Za-z]+)$/;

function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: ApiResult<unknown>): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
}

/** Answers a request whose body was not read, and closes the connection so the unread rest is dropped. */
function refuseBody(res: ServerResponse, status: 413 | 503, body: ApiResult<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    Connection: 'close',
    ...(status === 503 ? { 'Retry-After': '5' } : {}),
  });
  res.end(text, () => res.socket?.destroySoon?.());
}

const fail = (code: ApiErrorCode, message: string): ApiResult<never> => ({ ok: false, error: { code, message } });

/**
 * Reads a body of at most `max` bytes, holding its bytes in the shared budget until `done` is called. A declared
 * Content-Length is reserved up front (over `max` or over the budget: answered before a byte is read); chunked
 * bodies take their share chunk by chunk. Reading stops at the first refusal.
 */
function readBody(
  req: IncomingMessage,
  max: number,
  budget: BodyBudget,
): Promise<{ body: Buffer; done: () => void } | 'too-large' | 'busy' | 'gone'> {
  return new Promise((resolveBody) => {
    const declared = Number(req.headers['content-length']);
    let held = 0;
    const release = () => {
      budget.give(held);
      held = 0;
    };
    if (Number.isFinite(declared) && declared > max) return resolveBody('too-large');
    if (Number.isFinite(declared) && declared > 0) {
      if (!budget.take(declared)) return resolveBody('busy');
      held = declared;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let stopped = false;
    const stop = (why: 'too-large' | 'busy') => {
      stopped = true;
      release();
      chunks.length = 0;
      req.removeAllListeners('data');
      req.pause();
      resolveBody(why);
    };
    req.on('data', (c: Buffer) => {
      if (stopped) return;
      size += c.length;
      if (size > max) return stop('too-large');
      if (size > held) {
        if (!budget.take(size - held)) return stop('busy');
        held = size;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!stopped) resolveBody({ body: Buffer.concat(chunks), done: release });
    });
    // the client gave up mid-body: nobody to answer
    req.on('error', () => {
      stopped = true;
      release();
      resolveBody('gone');
    });
    req.on('close', () => {
      if (!stopped && !req.complete) release(); // the client gave up mid-body
    });
  });
}

/** index.html with the token meta tag: the page reads it (renderer/api/client.ts) and sends it on every call. */
function indexWithToken(html: string, token: string): string {
  const meta = `<meta name="qar-token" content="${token}" />`;
  return html.includes('<head>') ? html.replace('<head>', `<head>\n    ${meta}`) : `${meta}\n${html}`;
}

export async function startHost(opts: HostOptions): Promise<RunningHost> {
  const token = opts.token ?? randomBytes(32).toString('hex');
  const rendererDir = resolve(opts.rendererDir);
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const budget = new BodyBudget(opts.maxInFlightBytes ?? MAX_BODY_BYTES_IN_FLIGHT);
  const paths = createPathPolicy({ mode: 'confined', roots: [opts.outDir] });
  for (const p of opts.allow ?? []) paths.grant(p, 'write');
  const streams = new Set<ServerResponse>();
  let recent: ReturnType<typeof addRecent> = [];
  let expectedHost = '';

  const emit = <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>): void => {
    const checked = apiEvents[event].safeParse(payload);
    if (!checked.success) return;
    const line = `data: ${JSON.stringify({ event, payload: checked.data })}\n\n`;
    for (const s of streams) s.write(line);
  };

  const ctx: ApiHostContext = {
    host: 'browser',
    version: opts.version ?? '0.0.0',
    platform: process.platform,
    recent: {
      list: () => [...recent],
      add: (path, name) => {
        recent = addRecent(recent, { path, name, openedAt: new Date().toISOString() });
      },
    },
    paths,
    emit,
    // a test's queued answer stands for the user's choice in a dialog
    pickOpen: async (purpose) => {
      const picked = opts.pickOpen ? await opts.pickOpen(purpose) : null;
      if (picked) paths.grant(picked, 'write');
      return picked;
    },
    // without LibreOffice, a PDF is this host's own paged preview printed by the installed Chromium (core/pdf)
    printReportPdf: async (job, onProgress) => {
      const [{ printRoute, printUrlToPdf }, { PDF_ENGINE_TEXT }] = await Promise.all([
        import('../pdf/chromium'),
        import('../pdf/report-pdf'),
      ]);
      onProgress({ stage: 'pdf', percent: 20, message: '正在用 Chromium 打印分页预览…' });
      await printUrlToPdf(`http://${expectedHost}/${printRoute(job.year, job.layout)}`, job.outPath);
      onProgress({ stage: 'done', percent: 100, message: '导出完成' });
      return {
        path: job.outPath,
        bytes: statSync(job.outPath).size,
        engine: 'chromium',
        note: `PDF 由${PDF_ENGINE_TEXT.chromium}`,
      };
    },
    // no native dialog here: save into the host's output folder, never over an existing file
    pickSave: async (purpose: PickSavePurpose, defaultName: string) => {
      if (purpose === 'folder') return opts.outDir;
      // the comments export's format is the one the page suggests (the native dialog offers all three)
      const suggested = /\.(docx|xlsx|json)$/i.exec(defaultName)?.[0].toLowerCase() ?? '.docx';
      const ext = { workspace: '.qar', docx: '.docx', pdf: '.pdf', json: '.json', xlsx: '.xlsx', comments: suggested }[
        purpose
      ];
      // the page's suggestion is a name, never a way out of the folder (../../x)
      const name = defaultName.replace(/[\\/\0]/g, '').replace(/^\.+/, '') || `质量年度报告${ext}`;
      return freeFileName(opts.outDir, name.endsWith(ext) ? name : `${name}${ext}`);
    },
  };
  const slot = new SessionSlot((path, e) =>
    emit('workspace.notice', { kind: 'close-problem', path, text: e instanceof Error ? e.message : String(e) }),
  );
  const handlers = createApiHandlers(ctx, slot);
  const stopWatching = watchOutsideChanges(slot, emit, opts.outsideChangePollMs);

  async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const m = METHOD_PATH.exec(pathname);
    if (req.method !== 'POST' || !m) return sendJson(res, 404, fail('UNKNOWN_METHOD', '未知的接口。'));
    const ct = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(ct)) {
      return sendJson(res, 415, fail('BAD_INPUT', '请求格式不正确：需要 JSON。'));
    }
    const read = await readBody(req, maxBody, budget);
    if (read === 'gone') return;
    if (read === 'too-large') return refuseBody(res, 413, fail('TOO_LARGE', TOO_LARGE_MESSAGE));
    if (read === 'busy') return refuseBody(res, 503, fail('TOO_LARGE', BUSY_MESSAGE));
    let input: unknown;
    try {
      const text = read.body.toString('utf8');
      read.done(); // the raw bytes are no longer held
      input = text.length ? JSON.parse(text) : {};
    } catch {
      read.done();
      return sendJson(res, 400, fail('BAD_INPUT', '请求内容不是有效的 JSON。'));
    }
    const result = await dispatch(handlers, m[1], input);
    sendJson(res, !result.ok && result.error.code === 'UNKNOWN_METHOD' ? 404 : 200, result);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(ping);
      streams.delete(res);
    });
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, '不支持的请求方法', 'text/plain; charset=utf-8');
    const file = resolveStaticPath(rendererDir, pathname);
    if (!file) return send(res, 403, '禁止访问', 'text/plain; charset=utf-8');
    const isFile = existsSync(file) && statSync(file).isFile();
    // client-side routes fall back to the app page
    const target = isFile ? file : join(rendererDir, 'index.html');
    if (!existsSync(target)) {
      return send(res, 503, '页面尚未构建：请先运行 npm run build。', 'text/plain; charset=utf-8');
    }
    const data = readFileSync(target);
    const body = extname(target).toLowerCase() === '.html' ? indexWithToken(data.toString('utf8'), token) : data;
    send(res, 200, req.method === 'HEAD' ? '' : body, mimeOf(target));
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    const verdict = checkHostRequest({
      host: req.headers.host,
      origin: req.headers.origin,
      // static files are public code; the Host check still applies (no DNS-rebound page can read them)
      token: isApi
        ? ((req.headers['x-qar-token'] as string | undefined) ?? url.searchParams.get('token') ?? undefined)
        : token,
      expectedHost,
      expectedToken: token,
    });
    if (verdict !== 'ok')
      return sendJson(res, 403, fail('FORBIDDEN', '拒绝访问：该请求不是来自质量年报工作台的页面。'));
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return sendJson(res, 405, fail('BAD_INPUT', '不支持的请求方法。'));
      return handleEvents(req, res);
    }
    if (isApi) {
      handleApi(req, res, url.pathname).catch((e) => {
        console.error('[host] request failed', e);
        if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', '内部错误：请求处理失败。'));
      });
      return;
    }
    handleStatic(req, res, url.pathname);
  });

  await new Promise<void>((ok, bad) => {
    server.once('error', bad);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  expectedHost = `127.0.0.1:${port}`;

  return {
    url: `http://${expectedHost}/`,
    port,
    token,
    inFlightBytes: () => budget.inFlight,
    handlers,
    slot,
    emit,
    close: () =>
      new Promise<void>((done) => {
        for (const s of streams) s.end();
        streams.clear();
        stopWatching();
        try {
          slot.close();
        } catch (e) {
          console.warn('[host] closing the workspace', e);
        }
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
