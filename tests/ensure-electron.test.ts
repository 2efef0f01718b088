/**
 * scripts/ensure-electron.mjs (`npm start` / `npm run dev` run it first): the binary is fetched through Electron's own
 * install.js only when missing, with a Chinese message saying what to do when that fails. The download is mocked
 * (a fake installer that writes what install.js writes, or fails); nothing here touches the network.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CHINA_MIRROR,
  downloadFailedMessage,
  electronInstalled,
  ensureElectron,
  platformExecutable,
  SKIPPED_MESSAGE,
} from '../scripts/ensure-electron.mjs';
import { REPO_ROOT } from './helpers/cli';
import { makeTempDir } from './helpers/files';

let tmp: ReturnType<typeof makeTempDir>;
let dir: string;
const log = () => ({ info: vi.fn(), error: vi.fn() });

/** What Electron's install.js leaves behind after a successful download. */
function fakeInstall(electronDir: string, version = '45.4.1', platform = process.platform): void {
  const exe = platformExecutable(platform);
  mkdirSync(join(electronDir, 'dist', exe, '..'), { recursive: true });
  writeFileSync(join(electronDir, 'dist', exe), 'binary');
  writeFileSync(join(electronDir, 'dist', 'version'), `v${version}`);
  writeFileSync(join(electronDir, 'path.txt'), exe);
}

beforeEach(() => {
  tmp = makeTempDir('qar-ensure-electron-');
  dir = join(tmp.dir, 'electron');
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
});
afterEach(() => tmp.cleanup());

describe('ensure-electron', () => {
  it('npm start and npm run dev ensure the binary before electron-vite', () => {
    const scripts = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.start).toMatch(/^node scripts\/ensure-electron\.mjs && electron-vite preview/);
    expect(scripts.dev).toMatch(/^node scripts\/ensure-electron\.mjs && electron-vite dev/);
  });

  it('a fresh install downloads once, then later starts do not download again', () => {
    const runInstaller = vi.fn(() => {
      fakeInstall(dir);
      return 0;
    });
    const l = log();
    expect(electronInstalled(dir, {})).toBe(false);
    expect(ensureElectron({ electronDir: dir, env: {}, runInstaller, log: l })).toBe(0);
    expect(runInstaller).toHaveBeenCalledTimes(1);
    expect(l.info.mock.calls.map((c) => c[0]).join('\n')).toMatch(/正在下载 Electron 运行文件/);
    expect(ensureElectron({ electronDir: dir, env: {}, runInstaller, log: log() })).toBe(0);
    expect(runInstaller).toHaveBeenCalledTimes(1);
  });

  it('a binary of another version (after npm update) is fetched again', () => {
    fakeInstall(dir, '44.0.0');
    expect(electronInstalled(dir, {})).toBe(false);
    const runInstaller = vi.fn(() => {
      fakeInstall(dir);
      return 0;
    });
    expect(ensureElectron({ electronDir: dir, env: {}, runInstaller, log: log() })).toBe(0);
    expect(runInstaller).toHaveBeenCalledTimes(1);
  });

  it('a failed download prints what to do in Chinese: network, mirror for China, proxy', () => {
    const l = log();
    const code = ensureElectron({ electronDir: dir, env: {}, platform: 'linux', runInstaller: () => 1, log: l });
    expect(code).toBe(1);
    const msg = l.error.mock.calls.map((c) => c[0]).join('\n');
    expect(msg).toBe(downloadFailedMessage('linux'));
    expect(msg).toContain(`ELECTRON_MIRROR=${CHINA_MIRROR} npm start`);
    expect(msg).toMatch(/网络/);
    expect(msg).toMatch(/HTTPS_PROXY=/);
    expect(msg).not.toMatch(/Error|stack/i);
  });

  it('an installer that exits 0 without leaving a binary still counts as failed', () => {
    const l = log();
    expect(ensureElectron({ electronDir: dir, env: {}, runInstaller: () => 0, log: l })).toBe(1);
    expect(l.error).toHaveBeenCalled();
  });

  it('Windows users get PowerShell and cmd forms of the mirror setting', () => {
    const msg = downloadFailedMessage('win32');
    expect(msg).toContain(`$env:ELECTRON_MIRROR="${CHINA_MIRROR}"`);
    expect(msg).toContain(`set ELECTRON_MIRROR=${CHINA_MIRROR}`);
  });

  it('ELECTRON_SKIP_BINARY_DOWNLOAD (CI) never downloads', () => {
    const runInstaller = vi.fn(() => 0);
    const l = log();
    const env = { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
    expect(ensureElectron({ electronDir: dir, env, runInstaller, log: l })).toBe(1);
    expect(runInstaller).not.toHaveBeenCalled();
    expect(l.error).toHaveBeenCalledWith(SKIPPED_MESSAGE);
  });

  it('the mirror in use is named while downloading', () => {
    const l = log();
    ensureElectron({
      electronDir: dir,
      env: { ELECTRON_MIRROR: CHINA_MIRROR },
      runInstaller: () => {
        fakeInstall(dir);
        return 0;
      },
      log: l,
    });
    expect(l.info.mock.calls[0]?.[0]).toContain(CHINA_MIRROR);
  });

  it('README documents ELECTRON_MIRROR', () => {
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain(`ELECTRON_MIRROR=${CHINA_MIRROR}`);
  });
});
