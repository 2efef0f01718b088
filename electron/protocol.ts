/**
 * The renderer is served from a privileged custom scheme, app://qar/…, instead of file://. A file:// page shares
 * an origin with every local file and gets extra privileges from Electron; app://qar is its own origin, and the
 * handler below answers only for files inside out/renderer (core/host/static-files.ts confinement), each response
 * carrying the CSP header. electron/main.ts registers the scheme before `ready` and the handler after it.
 * Takes Electron objects as parameters (types only), so it is testable with a mocked 'electron'.
 */
import { readFile, stat } from 'node:fs/promises';
import type { CustomScheme, Protocol } from 'electron';
import { mimeOf, resolveStaticPath } from '../core/host/static-files';

export const APP_SCHEME = 'app';
export const APP_HOST = 'qar';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** what the window loads */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * standard: relative URLs and a real origin (so 'self' in the CSP means app://qar); secure: treated like https;
 * no service workers, no CORS fetches from elsewhere, no streaming (the files are small).
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    allowServiceWorkers: false,
    corsEnabled: false,
    stream: false,
    bypassCSP: false,
  },
};

const text = (status: number, body: string, csp: string) =>
  new Response(body, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
    },
  });

/** The file for an app:// request inside `rendererDir`, or null (foreign host, bad path, outside the folder). */
export function appRequestPath(url: string, rendererDir: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST || u.username || u.password) return null;
  return resolveStaticPath(rendererDir, u.pathname);
}

/** Answers one app:// request: the file with its type and the CSP, or 404/405 in Chinese. */
export async function handleAppRequest(
  request: Pick<Request, 'url' | 'method'>,
  rendererDir: string,
  csp: string,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, '不支持的请求方法', csp);
  const file = appRequestPath(request.url, rendererDir);
  if (!file) return text(404, '找不到该页面资源', csp);
  try {
    if (!(await stat(file)).isFile()) return text(404, '找不到该页面资源', csp);
    const data = await readFile(file);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(data), {
      status: 200,
      headers: {
        'Content-Type': mimeOf(file),
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cache-Control': 'no-store',
      },
    });
  } catch {
    return text(404, '找不到该页面资源', csp);
  }
}

/** Serves out/renderer on app://qar (call after app `ready`; the scheme was registered as privileged before). */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string, csp: string): void {
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, rendererDir, csp));
}
