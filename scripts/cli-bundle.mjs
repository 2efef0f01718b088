/**
 * The `qar` CLI built ahead of time: core/cli.ts and everything it imports in one ESM bundle, out/cli/cli.mjs
 * (plus a chunk per lazily imported command, see `splitting`), with the files it reads at run time beside it
 * (migrations/, templates/frameworks/, templates/outlines/, images/ of the demo school), so a command starts without transpiling
 * TypeScript (tsx stays for development and for tests that need the sources).
 *
 *   node scripts/cli-bundle.mjs          build now (`npm run build:cli`)
 *   ensureCliBundle()                    build only when the bundle is missing or older than any of its inputs
 *                                        (bin/qar.mjs calls this before every command: a stale bundle never runs)
 *
 * Plain JavaScript on purpose: bin/qar.mjs imports it on every start, before anything could transpile TypeScript.
 * esbuild (a devDependency, already what tsx and vite run on) is imported only when a build is needed.
 * Native modules stay external and load from node_modules: better-sqlite3, sharp, @napi-rs/canvas.
 * Staleness is by modification time: every input esbuild read (sources, JSON templates, dependency files), the
 * copied folders, package-lock.json (dependency versions) and this file (the recipe) must be older than the build.
 */

import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'out', 'cli');
export const BUNDLE = join(OUT_DIR, 'cli.mjs');
const INFO = join(OUT_DIR, 'build-info.json');
/** npm's record of what it installed in node_modules (npm 7 and later rewrite it at every install, `npm ci` too) */
const INSTALL_RECORD = 'node_modules/.package-lock.json';

/**
 * Dependency files scripts/patch-deps.mjs changes (its PATCHES), named here rather than imported: this file is
 * loaded on every start and stays light. tests/docx-layout-patch.test.ts checks that the two lists agree.
 */
export const PATCHED_FILES = [
  'node_modules/docx/dist/layout.mjs',
  'node_modules/docx/dist/layout.cjs',
  'node_modules/docx/dist/index.mjs',
  'node_modules/docx/dist/index.cjs',
];

/** Folders copied beside the bundle: source (repo-relative) -> destination (relative to out/cli). */
const ASSET_DIRS = [
  // db/migrate.ts looks for migrations/ beside its module file, i.e. beside the bundle
  ['db/migrations', 'migrations'],
  // core/framework/registry.ts walks up from its module file to the first templates/frameworks
  ['templates/frameworks', 'templates/frameworks'],
  // core/report/outlines.ts finds templates/outlines the same way (report outlines, one file per kind and edition)
  ['templates/outlines', 'templates/outlines'],
  // seeds/demo reads new URL('./images/…', import.meta.url)
  ['seeds/demo/images', 'images'],
];

/** How our Node code is bundled (the CLI here, the bench's helper processes in scripts/bench/lib/sides.ts). */
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  outExtension: { '.js': '.mjs' },
  // native modules load from node_modules
  // playwright-core: loaded only for a PDF without LibreOffice (core/pdf/chromium.ts), from node_modules when there
  external: ['better-sqlite3', 'sharp', '@napi-rs/canvas', '@napi-rs/canvas-*', '@img/*', 'playwright-core'],
  // CommonJS dependencies (exceljs, jszip, …) call require() for Node built-ins; ESM has none of its own
  banner: {
    js: "import { createRequire as __qarCreateRequire } from 'node:module'; const require = __qarCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'none',
};

/** Why the bundle must be (re)built, or null when it is up to date with every input it was built from. */
export function staleReason() {
  if (!existsSync(BUNDLE) || !existsSync(INFO)) return '尚未构建';
  /** @type {{ builtAt: number, inputs: string[], assetDirs: string[] }} */
  let info;
  try {
    info = JSON.parse(readFileSync(INFO, 'utf8'));
  } catch {
    return '构建信息无法读取';
  }
  // Installed without its sources (no core/ beside it): nothing to compare, the bundle is what there is.
  if (!existsSync(join(ROOT, 'core', 'cli.ts'))) return null;
  // The dependencies' files (about 800 of the 1 000 inputs, a third of a start's check) are stood for by npm's own
  // record of node_modules, which every install rewrites; a dependency file edited by hand needs `npm run build:cli`.
  const installed = existsSync(join(ROOT, INSTALL_RECORD));
  const inputs = installed ? info.inputs.filter((rel) => !rel.startsWith('node_modules/')) : info.inputs;
  // the build recipe (this file) and the dependency versions count as inputs too
  for (const rel of [
    ...inputs,
    ...info.assetDirs,
    'package-lock.json',
    'scripts/cli-bundle.mjs',
    ...(installed ? [INSTALL_RECORD] : []),
    // dependency files changed after the install (scripts/patch-deps.mjs, the install's last step)
    ...(installed ? PATCHED_FILES.filter((rel) => info.inputs.includes(rel)) : []),
  ]) {
    const p = join(ROOT, rel);
    let st;
    try {
      st = statSync(p);
    } catch {
      return `源文件已不存在：${rel}`;
    }
    if (st.mtimeMs > info.builtAt) return `源文件已修改：${rel}`;
    if (st.isDirectory()) {
      for (const f of readdirSync(p)) {
        if (statSync(join(p, f)).mtimeMs > info.builtAt) return `源文件已修改：${rel}/${f}`;
      }
    }
  }
  return null;
}

/** Builds into a fresh folder and swaps it in, so a command running meanwhile never sees half a bundle. */
export async function buildCliBundle() {
  const { build } = await import('esbuild');
  const builtAt = Date.now(); // before reading any input: an edit made during the build makes it stale again
  const tmp = `${OUT_DIR}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const result = await build({
    ...NODE_BUNDLE_OPTIONS,
    absWorkingDir: ROOT,
    // the review's worker threads load their own entry, found beside the chunk that starts them
    // (core/review/review-pool.ts): out/cli/review-worker.mjs
    entryPoints: [
      { in: join(ROOT, 'core', 'cli.ts'), out: 'cli' },
      { in: join(ROOT, 'core', 'review', 'review-worker.ts'), out: 'review-worker' },
      // run once below, on the new build: the shipped frameworks checked now rather than at every start
      { in: join(ROOT, 'core', 'framework', 'precheck-main.ts'), out: 'framework-precheck' },
    ],
    outdir: tmp,
    // each command's code (and the native modules it needs: sharp, canvas) in its own chunk, loaded on use,
    // so `qar info` does not load the report writer
    splitting: true,
    // beside cli.mjs: modules find migrations/ and images/ relative to their own file
    chunkNames: '[name]-[hash]',
    // smaller files parse faster at every start (zod alone is 0.7 MB unminified); the source map keeps traces readable
    minify: true,
    sourcemap: 'linked',
    metafile: true,
  });
  for (const [from, to] of ASSET_DIRS) cpSync(join(ROOT, from), join(tmp, to), { recursive: true });
  precheckFrameworks(tmp);
  // keys are paths, some with an import attribute suffix (`x.json with { type: 'json' }`)
  const inputs = [
    ...new Set(Object.keys(result.metafile.inputs).map((p) => relative(ROOT, resolve(ROOT, p.split(' with {')[0])))),
  ];
  const info = { builtAt, inputs, assetDirs: ASSET_DIRS.map(([from]) => from) };
  writeFileSync(join(tmp, 'build-info.json'), `${JSON.stringify(info, null, 1)}\n`);
  mkdirSync(dirname(OUT_DIR), { recursive: true });
  const old = `${OUT_DIR}.old-${process.pid}`;
  if (existsSync(OUT_DIR)) renameSync(OUT_DIR, old);
  try {
    renameSync(tmp, OUT_DIR);
  } catch (e) {
    // another process (a parallel `npm run qar`) swapped in its own build meanwhile: use it if it is current
    if (staleReason() !== null) throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  const modules = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.mjs'));
  return { inputs: inputs.length, bytes: modules.reduce((n, [, o]) => n + o.bytes, 0), files: modules.length };
}

/**
 * templates/checked beside the new bundle in `dir`: its framework-precheck.mjs checks the frameworks copied there
 * with that bundle's own checks (core/framework/prechecked.ts says why and when an entry is used). Not fatal: a
 * bundle without the entries checks its framework at each start, as before; said on stderr, never silent.
 */
function precheckFrameworks(dir) {
  // QAR_TEMPLATES_DIR left unset: the frameworks found are those beside the new bundle
  const { QAR_TEMPLATES_DIR: _unset, ...env } = process.env;
  const r = spawnSync(process.execPath, [join(dir, 'framework-precheck.mjs')], {
    cwd: dir,
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  if (r.status !== 0)
    process.stderr.write(
      `提示：内置指标框架的预先检查未完成，命令将在每次启动时检查（${(r.stderr || r.error?.message || '').trim().split('\n')[0]}）\n`,
    );
}

/** Builds when stale (saying why on stderr, so it is never silent); returns the bundle's file URL. */
export async function ensureCliBundle() {
  const why = staleReason();
  if (why) {
    process.stderr.write(`正在构建命令行程序（${why}）…\n`);
    await buildCliBundle();
  }
  return pathToFileURL(BUNDLE).href;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const t0 = performance.now();
  const r = await buildCliBundle();
  console.log(
    `已构建 ${relative(ROOT, BUNDLE)}（${r.files} 个模块文件共 ${(r.bytes / 1024 / 1024).toFixed(1)} MB，${r.inputs} 个源文件，${Math.round(performance.now() - t0)} ms）`,
  );
}
