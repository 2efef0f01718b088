#!/usr/bin/env node
/**
 * `npm start` / `npm run dev` run this first: make sure Electron's binary is on disk.
 *
 * Why: Electron ≥ 42 no longer downloads its binary at `npm install`; it does so the first time its own bin runs.
 * electron-vite, however, reads node_modules/electron/path.txt directly and stops with "Electron uninstall" when
 * the file is missing (electron-vite issue 904), so a fresh clone's `npm start` never reaches that first run.
 * Electron ships `install-electron` (node_modules/electron/install.js) for exactly this; we call it when needed.
 *
 * Idempotent: an installed binary of the right version is detected without touching the network. Plain .mjs on
 * purpose: it must run before anything else works, with nothing but Node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHINA_MIRROR = 'https://npmmirror.com/mirrors/electron/';

/** What Electron's install.js calls the executable inside dist/, per platform. */
export function platformExecutable(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * True when node_modules/electron holds a usable binary: dist/version is the package's version, path.txt names
 * this platform's executable and that file exists (the same test as Electron's own install.js).
 */
export function electronInstalled(electronDir, env = process.env, platform = process.platform) {
  try {
    const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
    const exe = platformExecutable(platform);
    if (readFileSync(join(electronDir, 'path.txt'), 'utf8') !== exe) return false;
    if (env.ELECTRON_OVERRIDE_DIST_PATH) return existsSync(join(env.ELECTRON_OVERRIDE_DIST_PATH, exe));
    if (
      readFileSync(join(electronDir, 'dist', 'version'), 'utf8')
        .trim()
        .replace(/^v/, '') !== version
    )
      return false;
    return existsSync(join(electronDir, 'dist', exe));
  } catch {
    return false;
  }
}

/** The Chinese advice printed when the download fails: exactly what to try, in order. */
export function downloadFailedMessage(platform = process.platform) {
  const win = platform === 'win32';
  const setMirror = win
    ? `PowerShell：$env:ELECTRON_MIRROR="${CHINA_MIRROR}"; npm start    命令提示符：set ELECTRON_MIRROR=${CHINA_MIRROR} && npm start`
    : `ELECTRON_MIRROR=${CHINA_MIRROR} npm start`;
  const setProxy = win
    ? '$env:ELECTRON_GET_USE_PROXY="1"; $env:HTTPS_PROXY="http://代理地址:端口";'
    : 'ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=http://代理地址:端口';
  return [
    '无法下载 Electron 运行文件（首次启动需要联网下载一次，约 100 MB），桌面程序未启动。请按顺序尝试：',
    '  1. 检查网络连接后重新运行 npm start；',
    `  2. 在中国大陆，改用国内镜像下载：${setMirror}`,
    `  3. 如果通过代理上网，设置代理后重试：${setProxy} npm start`,
    '  4. 仍然失败时，删除 node_modules/electron 文件夹，运行 npm install 后再试。',
    '不需要桌面程序时，也可以用浏览器使用：npm run build && npm run host -- --demo',
  ].join('\n');
}

export const SKIPPED_MESSAGE =
  '已设置环境变量 ELECTRON_SKIP_BINARY_DOWNLOAD，因此没有下载 Electron 运行文件，桌面程序无法启动。' +
  '请取消该变量（如 unset ELECTRON_SKIP_BINARY_DOWNLOAD）后重新运行 npm start。';

/**
 * Ensures the binary; returns the exit code. `runInstaller` runs Electron's install.js and returns its exit status
 * (injected so tests never download).
 */
export function ensureElectron({ electronDir, env = process.env, platform = process.platform, runInstaller, log }) {
  if (electronInstalled(electronDir, env, platform)) return 0;
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    log.error(SKIPPED_MESSAGE);
    return 1;
  }
  const mirror = env.ELECTRON_MIRROR ? `（镜像：${env.ELECTRON_MIRROR}）` : '';
  log.info(`首次启动：正在下载 Electron 运行文件${mirror}，请稍候……`);
  const status = runInstaller();
  if (status === 0 && electronInstalled(electronDir, env, platform)) {
    log.info('Electron 运行文件已就绪。');
    return 0;
  }
  log.error(downloadFailedMessage(platform));
  return 1;
}

function electronDirOf() {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('electron/package.json'));
}

const invokedDirectly = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (invokedDirectly) {
  let electronDir;
  try {
    electronDir = electronDirOf();
  } catch {
    console.error('找不到 Electron（node_modules/electron）。请先运行 npm install，然后重新运行 npm start。');
    process.exit(1);
  }
  const code = ensureElectron({
    electronDir,
    runInstaller: () => {
      // the installer's stack trace is noise to a user: keep its first line as the reason, then our advice
      const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
        stdio: ['inherit', 'inherit', 'pipe'],
        env: process.env,
        encoding: 'utf8',
      });
      const reason = (r.stderr ?? '').split('\n').find((l) => l.trim() && !/^\s+at /.test(l));
      if (r.status !== 0 && reason) console.error(`原因：${reason.trim()}`);
      return r.status ?? 1;
    },
    log: { info: (m) => console.log(m), error: (m) => console.error(m) },
  });
  process.exit(code);
}
