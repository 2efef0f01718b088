/**
 * electron-vite build of the desktop app: out/main (main process + report worker), out/preload, out/renderer.
 * `npm run build` needs no Electron binary. Native modules stay external (loaded from node_modules, unpacked from
 * asar by electron-builder.yml); the preload is bundled whole as CommonJS because sandboxed preloads can only
 * `require('electron')`.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const NATIVE = ['better-sqlite3', 'sharp', '@napi-rs/canvas', /^@napi-rs\/canvas-/, /^@img\//];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve('electron/main.ts'),
          'report-worker': resolve('electron/report-worker.ts'),
        },
        external: NATIVE,
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
