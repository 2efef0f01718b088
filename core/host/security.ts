/**
 * Security policy shared by the two doors into the UI (the Electron window and the browser test host):
 * the Content-Security-Policy and the checks that a caller really is our own page.
 * Pure: no electron, no node imports, so both sides and the tests use the very same strings.
 */

/**
 * The page's CSP. No inline scripts, no eval, no remote anything: the renderer is our bundled files only.
 * style-src stays 'self': React's `style={{…}}` sets properties through the CSSOM, which CSP does not restrict,
 * so 'unsafe-inline' is not needed. data:/blob: images are the workspace's photos (assets.get returns data URLs).
 * `devServer` (electron-vite dev only) adds the Vite dev server and its HMR websocket.
 */
export function buildCsp(opts: { devServer?: string } = {}): string {
  const dev = opts.devServer ? new URL(opts.devServer) : null;
  const devOrigin = dev ? dev.origin : '';
  const devWs = dev ? `ws://${dev.host}` : '';
  const src = (...extra: string[]) => ["'self'", ...extra.filter(Boolean)].join(' ');
  const directives: [string, string][] = [
    ['default-src', src(devOrigin)],
    // the React refresh preamble in dev is an inline script; production has none
    ['script-src', dev ? src(devOrigin, "'unsafe-inline'") : src()],
    ['style-src', dev ? src(devOrigin, "'unsafe-inline'") : src()],
    ['img-src', src(devOrigin, 'data:', 'blob:')],
    ['font-src', src(devOrigin, 'data:')],
    ['connect-src', src(devOrigin, devWs)],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map(([k, v]) => `${k} ${v}`).join('; ');
}

/** The production CSP, sent as a response header (Electron session and browser host). */
export const APP_CSP = buildCsp();

/** What renderer/index.html's meta tag carries: the same minus frame-ancestors, which only works as a header
 *  (browsers ignore it in a meta tag and warn on the console). */
export const APP_CSP_META = APP_CSP.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors '))
  .join('; ');

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Is `url` a page of our app? Production: the app's own origin (electron/protocol.ts serves the renderer on
 * app://qar; file:// pages are never trusted). Dev: same origin as the electron-vite dev server.
 */
export function isAppUrl(url: string | undefined | null, opts: { appOrigin?: string; devServer?: string }): boolean {
  if (!url) return false;
  const u = parse(url);
  if (!u || u.username || u.password) return false;
  if (opts.devServer) {
    const dev = parse(opts.devServer);
    if (dev && u.origin === dev.origin && (u.protocol === 'http:' || u.protocol === 'https:')) return true;
  }
  const app = opts.appOrigin ? parse(opts.appOrigin) : null;
  // custom schemes have an opaque URL.origin ('null'): compare scheme and host
  return !!app && u.protocol === app.protocol && u.host === app.host && u.host !== '';
}

/** Links the app may hand to the system browser (help pages, policy documents). Everything else is dropped. */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  return !!u && u.protocol === 'https:' && !u.username && !u.password;
}

/**
 * The browser host's request check: the Host header must be our loopback address (stops DNS rebinding), a
 * browser's Origin (sent on every POST) must be our own, and the per-run token must match.
 */
export function checkHostRequest(req: {
  host: string | undefined;
  origin: string | undefined;
  token: string | undefined;
  expectedHost: string;
  expectedToken: string;
}): 'ok' | 'bad-host' | 'bad-origin' | 'bad-token' {
  if (req.host !== req.expectedHost) return 'bad-host';
  if (req.origin !== undefined && req.origin !== `http://${req.expectedHost}`) return 'bad-origin';
  if (!req.token || !timingSafeEqualStr(req.token, req.expectedToken)) return 'bad-token';
  return 'ok';
}

function timingSafeEqualStr(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
