/**
 * electron-vite build of the desktop app: out/main (main process + report, import and review workers), out/preload,
 * out/renderer.
 * `npm run build` needs no Electron binary. Native modules stay external (loaded from node_modules, unpacked from
 * asar by electron-builder.yml); the preload is bundled whole as CommonJS because sandboxed preloads can only
 * `require('electron')`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { rendererCsp } from './scripts/vite-csp';

/**
 * seeds/demo reads its illustrations with `new URL('./images/…', import.meta.url)`: ship them next to the main
 * chunks (all chunks sit in out/main, see chunkFileNames) so the bundled demo finds them.
 */
function demoImages(): Plugin {
  return {
    name: 'qar-demo-images',
    generateBundle() {
      const dir = resolve('seeds/demo/images');
      for (const f of readdirSync(dir).filter((x) => /\.(jpe?g|png)$/i.test(x))) {
        this.emitFile({ type: 'asset', fileName: `images/${f}`, source: readFileSync(join(dir, f)) });
      }
    },
  };
}

const NATIVE = ['better-sqlite3', 'sharp', '@napi-rs/canvas', /^@napi-rs\/canvas-/, /^@img\//];

export default defineConfig({
  main: {
    plugins: [demoImages()],
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve('electron/main.ts'),
          'report-worker': resolve('electron/report-worker.ts'),
          'import-worker': resolve('electron/import-worker.ts'),
          // the district review's checking threads, found beside the chunk that starts them (core/review/review-pool.ts)
          'review-worker': resolve('core/review/review-worker.ts'),
        },
        external: NATIVE,
        output: { chunkFileNames: '[name]-[hash].js' },
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
    plugins: [react(), rendererCsp()],
    build: {
      outDir: 'out/renderer',
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
