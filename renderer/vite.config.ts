/**
 * Stand-alone Vite build of the renderer for the browser host (scripts/host.ts) and the end-to-end tests:
 * `npx vite build -c renderer/vite.config.ts` writes out/renderer, the same folder electron-vite uses.
 * Relative base so the page works from file:// in Electron and from / on the host.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { rendererCsp } from '../scripts/vite-csp';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), rendererCsp()],
  build: {
    outDir: resolve(here, '../out/renderer'),
    emptyOutDir: true,
    // no inline scripts or eval anywhere: the CSP forbids them
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    // chart.js comes in its own chunk (ChartSlot loads it on demand); the main chunk is React + zod + the app
    chunkSizeWarningLimit: 800,
  },
});
