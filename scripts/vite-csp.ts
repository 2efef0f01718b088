/**
 * The renderer's CSP meta tag, chosen by build mode (used by electron.vite.config.ts).
 *
 * renderer/index.html carries the production policy (APP_CSP_META). `npm run dev` serves the page from Vite's
 * dev server, whose client needs an inline React-refresh preamble and a websocket back to the server: in serve
 * mode only, the meta tag is swapped for the dev policy (core/host/security.ts buildCsp({ devServer })), which
 * names exactly that server. A production build keeps the file's policy untouched, and fails if it ever drifts
 * from APP_CSP_META, so a dev allowance can never ship.
 */
import type { Plugin } from 'vite';
import { APP_CSP_META, buildCsp } from '../core/host/security';

const META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)("\s*\/?>)/;

/** The dev policy as a meta tag carries it (frame-ancestors only works as a header). */
export function devCspMeta(devServer: string): string {
  return buildCsp({ devServer })
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors '))
    .join('; ');
}

/** index.html for a mode: 'serve' gets the dev policy for `devServer`, 'build' must already hold the production one. */
export function cspForMode(html: string, mode: 'serve' | 'build', devServer?: string): string {
  const m = META.exec(html);
  if (!m) throw new Error('renderer/index.html has no Content-Security-Policy meta tag');
  if (mode === 'build') {
    if (m[2] !== APP_CSP_META)
      throw new Error('renderer/index.html CSP differs from APP_CSP_META (core/host/security.ts)');
    return html;
  }
  if (!devServer) throw new Error('dev CSP needs the dev server URL');
  return html.replace(META, `$1${devCspMeta(devServer)}$3`);
}

export function rendererCsp(): Plugin {
  let mode: 'serve' | 'build' = 'build';
  return {
    name: 'qar-renderer-csp',
    configResolved(config) {
      mode = config.command;
    },
    transformIndexHtml(html, ctx) {
      if (mode === 'build') return cspForMode(html, 'build');
      const server = ctx.server;
      const url =
        server?.resolvedUrls?.local[0] ??
        `http://${typeof server?.config.server.host === 'string' ? server.config.server.host : 'localhost'}:${server?.config.server.port ?? 5173}`;
      return cspForMode(html, 'serve', url);
    },
  };
}
