/**
 * The renderer's CSP by build mode (scripts/vite-csp.ts): `npm run dev` gets a dev-only policy naming Vite's dev
 * server and its websocket; a production build ships exactly the production policy (APP_CSP_META) and refuses to
 * build if renderer/index.html ever drifts from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_CSP_META } from '../core/host/security';
import { cspForMode, devCspMeta, rendererCsp } from '../scripts/vite-csp';
import { REPO_ROOT } from './helpers/cli';
import { makeTempDir } from './helpers/files';

const INDEX = readFileSync(join(REPO_ROOT, 'renderer', 'index.html'), 'utf8');
const metaOf = (html: string) => /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
const tmp = makeTempDir('qar-csp-build-');
afterAll(() => tmp.cleanup());

describe('CSP by build mode', () => {
  it('a production build keeps the production policy unchanged', () => {
    expect(cspForMode(INDEX, 'build')).toBe(INDEX);
    expect(metaOf(INDEX)).toBe(APP_CSP_META);
  });

  it('a drifted index.html fails the production build', () => {
    const drifted = INDEX.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    expect(() => cspForMode(drifted, 'build')).toThrow(/differs from APP_CSP_META/);
  });

  it('the dev server gets its own origin, websocket and the refresh preamble, and nothing else', () => {
    const dev = metaOf(cspForMode(INDEX, 'serve', 'http://localhost:5173/'));
    expect(dev).toBe(devCspMeta('http://localhost:5173/'));
    expect(dev).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173");
    expect(dev).toContain("script-src 'self' http://localhost:5173 'unsafe-inline'");
    expect(dev).not.toMatch(/unsafe-eval|\*|https?:\/\/(?!localhost:5173)/);
    expect(dev).toContain("object-src 'none'");
  });

  it('a real vite build writes the production policy into out/renderer/index.html', async () => {
    await build({
      root: join(REPO_ROOT, 'renderer'),
      base: './',
      configFile: false,
      logLevel: 'silent',
      plugins: [react(), rendererCsp()],
      build: { outDir: tmp.dir, emptyOutDir: true, modulePreload: { polyfill: false }, write: true },
    });
    expect(metaOf(readFileSync(join(tmp.dir, 'index.html'), 'utf8'))).toBe(APP_CSP_META);
  });
});
