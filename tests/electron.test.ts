/**
 * The Electron side without the Electron binary: 'electron' is mocked. Checks the window's security settings,
 * the CSP, navigation/window.open denial, the IPC wiring (sender check, zod validation, a real .qar), the
 * preload's allowlist, the menu, and the pure helpers (window bounds, recent list, argv).
 */
import { EventEmitter } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, data: null })),
  on: vi.fn(),
  removeListener: vi.fn(),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke, on: electron.on, removeListener: electron.removeListener },
}));

import { API_EVENTS, API_METHODS, type QarBridge } from '../core/api';
import { createApiHandlers, SessionSlot } from '../core/api-handlers';
import { addRecent, RecentStore, samePath } from '../core/host/recent';
import { APP_CSP, APP_CSP_META, buildCsp, isAppUrl, isSafeExternalUrl } from '../core/host/security';
import { createWorkspace } from '../core/workspace-io';
import { qarFileFromArgv } from '../electron/argv';
import { EVENT_ALLOWLIST, eventChannel, invokeChannel, METHOD_ALLOWLIST } from '../electron/channels';
import { FORBIDDEN_RESULT, registerIpc, sendEvent } from '../electron/ipc';
import { buildMenuTemplate, type MenuActions } from '../electron/menu';
import { APP_ENTRY_URL, APP_ORIGIN } from '../electron/protocol';
import {
  denyAllPermissions,
  installCspHeader,
  installNavigationGuards,
  secureWebPreferences,
} from '../electron/security';
import { loadWindowState, MIN_SIZE, restoreBounds, saveWindowState } from '../electron/window-state';
import { fakeCtx } from './api-fakes';
import { makeTempDir } from './helpers/files';
import { FIXTURE_FRAMEWORK, FIXTURE_PROFILE } from './helpers/workspace';

describe('window security', () => {
  it('webPreferences isolate and sandbox the page without Node', () => {
    const p = secureWebPreferences('/app/out/preload/index.cjs', { devTools: false });
    expect(p).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(secureWebPreferences('/p.cjs', { devTools: true }).devTools).toBe(true);
  });

  it('the CSP allows only our own files', () => {
    const d = Object.fromEntries(APP_CSP.split('; ').map((x) => [x.split(' ')[0], x.split(' ').slice(1).join(' ')]));
    expect(d).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self'",
      'img-src': "'self' data: blob:",
      'connect-src': "'self'",
      'object-src': "'none'",
      'base-uri': "'none'",
      'frame-ancestors': "'none'",
    });
    expect(APP_CSP).not.toMatch(/unsafe-eval|unsafe-inline|\*/);
    expect(buildCsp({ devServer: 'http://localhost:5173' })).toContain('ws://localhost:5173');
  });

  it("the renderer's CSP meta tag says exactly what the header says", () => {
    const html = readFileSync(join(__dirname, '..', 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(APP_CSP_META);
  });

  it('navigation and window.open are denied; only https goes to the system browser', () => {
    const wc = new EventEmitter() as EventEmitter & { setWindowOpenHandler: (h: unknown) => void };
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    wc.setWindowOpenHandler = (h) => {
      openHandler = h as typeof openHandler;
    };
    const opened: string[] = [];
    installNavigationGuards(wc as never, (url) => opened.push(url));

    const nav = (url: string) => {
      const event = { preventDefault: vi.fn() };
      wc.emit('will-navigate', event, url);
      return event.preventDefault;
    };
    expect(nav('https://www.moe.gov.cn/')).toHaveBeenCalled();
    expect(nav('file:///etc/passwd')).toHaveBeenCalled();
    expect(nav('javascript:alert(1)')).toHaveBeenCalled();
    expect(opened).toEqual(['https://www.moe.gov.cn/']);

    expect(openHandler?.({ url: 'https://example.org/a' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'http://example.org/' })).toEqual({ action: 'deny' });
    expect(openHandler?.({ url: 'file:///C:/x.exe' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://www.moe.gov.cn/', 'https://example.org/a']);

    const webview = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('the CSP header replaces any header of the response; permissions are refused', () => {
    let onHeaders: ((d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    const session = {
      webRequest: { onHeadersReceived: (fn: typeof onHeaders) => (onHeaders = fn) },
      setPermissionRequestHandler: (fn: typeof permission) => (permission = fn),
      setPermissionCheckHandler: (fn: typeof check) => (check = fn),
    };
    installCspHeader(session as never, APP_CSP);
    denyAllPermissions(session as never);
    let headers: Record<string, string[]> = {};
    onHeaders?.({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r) => {
      headers = r.responseHeaders;
    });
    expect(headers).toEqual({ 'Content-Security-Policy': [APP_CSP], 'X-Content-Type-Options': ['nosniff'] });
    const answer = vi.fn();
    permission?.({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(check?.()).toBe(false);
  });

  it('isAppUrl accepts only our app:// origin (or the dev server); file:// pages are never trusted', () => {
    const opts = { appOrigin: APP_ORIGIN };
    expect(isAppUrl(APP_ENTRY_URL, opts)).toBe(true);
    expect(isAppUrl('app://qar/assets/x.js', opts)).toBe(true);
    expect(isAppUrl('app://other/index.html', opts)).toBe(false);
    expect(isAppUrl('app://user:pw@qar/index.html', opts)).toBe(false);
    expect(isAppUrl('file:///opt/qar/resources/app.asar/out/renderer/index.html', opts)).toBe(false);
    expect(isAppUrl('file:///tmp/evil.html', opts)).toBe(false);
    expect(isAppUrl('https://evil.example/', opts)).toBe(false);
    expect(isAppUrl('https://qar/index.html', opts)).toBe(false);
    expect(isAppUrl(undefined, opts)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', { ...opts, devServer: 'http://localhost:5173' })).toBe(true);
    expect(isAppUrl('http://localhost:5174/', { ...opts, devServer: 'http://localhost:5173' })).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@x.org/')).toBe(false);
  });
});

describe('IPC', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let slot: SessionSlot;
  let handles: Map<string, (event: unknown, input: unknown) => Promise<unknown>>;
  let qar: string;
  const APP = APP_ENTRY_URL;

  beforeEach(() => {
    tmp = makeTempDir('qar-ipc-');
    qar = join(tmp.dir, '学校.qar');
    createWorkspace(qar, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
    slot = new SessionSlot();
    handles = new Map();
    const ipcMain = {
      handle: (ch: string, fn: (event: unknown, input: unknown) => Promise<unknown>) => handles.set(ch, fn),
      removeHandler: (ch: string) => handles.delete(ch),
    };
    registerIpc(ipcMain as never, createApiHandlers(fakeCtx(), slot), {
      isTrustedUrl: (url) => isAppUrl(url, { appOrigin: APP_ORIGIN }),
      log: () => {},
    });
  });
  afterEach(() => {
    slot.close();
    tmp.cleanup();
  });

  const from = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });
  const invoke = (method: string, event: unknown, input: unknown) => handles.get(`qar:${method}`)!(event, input);

  it('registers one handler per contract method', () => {
    expect([...handles.keys()].sort()).toEqual(API_METHODS.map((m) => invokeChannel(m)).sort());
  });

  it('rejects a foreign sender, a subframe and a destroyed frame', async () => {
    expect(await invoke('workspace.open', from('https://evil.example/'), { path: qar })).toEqual(FORBIDDEN_RESULT);
    expect(await invoke('workspace.open', from(APP, { url: APP }), { path: qar })).toEqual(FORBIDDEN_RESULT);
    expect(await invoke('workspace.open', { senderFrame: null }, { path: qar })).toEqual(FORBIDDEN_RESULT);
    expect(slot.current).toBeNull();
  });

  it('rejects invalid input through the contract (zod), in Chinese', async () => {
    const r = (await invoke('workspace.open', from(APP), { path: 42 })) as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('BAD_INPUT');
    expect(r.error.message).toMatch(/^输入有误：path/);
  });

  it('accepts a valid call from our page and changes the real .qar', async () => {
    const opened = (await invoke('workspace.open', from(APP), { path: qar })) as { ok: boolean };
    expect(opened.ok).toBe(true);
    const r = (await invoke('values.set', from(APP), {
      changes: [{ year: 2024, indicatorId: 'students_total', value: 1234 }],
      how: 'manual',
    })) as { ok: boolean };
    expect(r.ok).toBe(true);
    const db = new Database(qar, { readonly: true });
    try {
      expect(db.prepare('SELECT value FROM indicator_values').all()).toEqual([{ value: 1234 }]);
      expect(db.prepare('SELECT new_value, how FROM change_log').all()).toEqual([{ new_value: 1234, how: 'manual' }]);
    } finally {
      db.close();
    }
  });

  it('sendEvent checks payloads against the contract', () => {
    const wc = { isDestroyed: () => false, send: vi.fn() };
    expect(sendEvent(wc as never, 'job.progress', { jobId: 'j', stage: 'docx', percent: 50, message: '一半' })).toBe(
      true,
    );
    expect(wc.send).toHaveBeenCalledWith('qar-event:job.progress', {
      jobId: 'j',
      stage: 'docx',
      percent: 50,
      message: '一半',
    });
    expect(sendEvent(wc as never, 'job.progress', { jobId: 'j', percent: 500 } as never)).toBe(false);
    expect(wc.send).toHaveBeenCalledTimes(1);
  });
});

describe('preload', () => {
  it('exposes window.qar whose allowlist is exactly the contract', async () => {
    await import('../electron/preload');
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, bridge] = electron.exposeInMainWorld.mock.calls[0] as [string, QarBridge];
    expect(name).toBe('qar');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect([...METHOD_ALLOWLIST].sort()).toEqual([...API_METHODS].sort());
    expect([...EVENT_ALLOWLIST].sort()).toEqual([...API_EVENTS].sort());

    for (const m of API_METHODS) await bridge.invoke(m, {} as never);
    expect(electron.invoke.mock.calls.map((c) => c[0])).toEqual(API_METHODS.map((m) => `qar:${m}`));

    electron.invoke.mockClear();
    const r = await bridge.invoke('shell.exec' as never, {} as never);
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    await bridge.invoke('__proto__' as never, {} as never);
    expect(electron.invoke).not.toHaveBeenCalled();

    const cb = vi.fn();
    const off = bridge.on('job.progress', cb);
    const [channel, listener] = electron.on.mock.calls[0] as [string, (e: unknown, p: unknown) => void];
    expect(channel).toBe(eventChannel('job.progress'));
    listener({ sender: 'ipc-event-object' }, { percent: 1 });
    expect(cb).toHaveBeenCalledWith({ percent: 1 }); // the Electron event never reaches the page
    off();
    expect(electron.removeListener).toHaveBeenCalledWith(channel, listener);
    expect(() => bridge.on('ipc.raw' as never, cb)).toThrow(/未知的事件/);
  });
});

describe('menu', () => {
  const actions: MenuActions = {
    command: vi.fn(),
    open: vi.fn(),
    openDemo: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    saveAs: vi.fn(),
    about: vi.fn(),
  };
  type Item = { label?: string; role?: string; enabled?: boolean; submenu?: Item[]; click?: () => void };
  const labels = (items: Item[]) => items.filter((i) => i.label).map((i) => i.label);

  it('has the Chinese menus; reload only in dev', () => {
    const recent = [{ path: '/d/甲校.qar', name: '甲职业学院', openedAt: '2025-01-01T00:00:00Z' }];
    const t = buildMenuTemplate({ dev: false, isMac: false, recent, hasWorkspace: true }, actions) as Item[];
    expect(labels(t)).toEqual(['文件(&F)', '编辑(&E)', '视图(&V)', '帮助(&H)']);
    const [file, edit, view, help] = t as [Item, Item, Item, Item];
    expect(labels(file.submenu!)).toEqual([
      '新建…',
      '打开…',
      '打开示例学校…',
      '新建下一年度报告…',
      '最近打开',
      '另存为…',
      '导出 Word…',
      '导出 JSON…',
      '导入 JSON…',
      '导入 Excel…',
      '导出 Excel…',
      '导入审核意见…',
      '退出',
    ]);
    expect(labels(edit.submenu!)).toEqual(['撤销', '重做', '剪切', '复制', '粘贴', '全选']);
    expect(labels(view.submenu!)).toEqual(['实际大小', '放大', '缩小', '全屏']);
    expect(labels(help.submenu!)).toEqual(['使用说明', '关于质量年报工作台']);
    const recentMenu = file.submenu!.find((i) => i.label === '最近打开')!;
    recentMenu.submenu![0]!.click!();
    expect(actions.openRecent).toHaveBeenCalledWith('/d/甲校.qar');
    file.submenu!.find((i) => i.label === '导出 Word…')!.click!();
    expect(actions.command).toHaveBeenCalledWith('export-docx');
    file.submenu!.find((i) => i.label === '导入 Excel…')!.click!();
    expect(actions.command).toHaveBeenCalledWith('import-xlsx');
    file.submenu!.find((i) => i.label === '导出 Excel…')!.click!();
    expect(actions.command).toHaveBeenCalledWith('export-xlsx');
    file.submenu!.find((i) => i.label === '导入审核意见…')!.click!();
    expect(actions.command).toHaveBeenCalledWith('import-comments');

    const dev = buildMenuTemplate({ dev: true, isMac: false, recent: [], hasWorkspace: false }, actions) as Item[];
    expect(labels(dev[2]!.submenu!)).toContain('重新加载');
    expect(dev[0]!.submenu!.find((i) => i.label === '另存为…')!.enabled).toBe(false);
  });
});

describe('pure helpers', () => {
  it('restoreBounds keeps a visible window and rescues one on a vanished monitor', () => {
    const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];
    expect(restoreBounds({ x: 100, y: 50, width: 1200, height: 800, maximized: false }, screen)).toEqual({
      x: 100,
      y: 50,
      width: 1200,
      height: 800,
    });
    const lost = restoreBounds({ x: 3000, y: 100, width: 1200, height: 800, maximized: false }, screen);
    expect(lost).toEqual({ x: 360, y: 120, width: 1200, height: 800 });
    const small = restoreBounds({ width: 5000, height: 300, maximized: false }, screen);
    expect(small.width).toBe(1920);
    expect(small.height).toBe(MIN_SIZE.height);
  });

  it('window state and recent files survive a restart and ignore damaged files', () => {
    const t = makeTempDir();
    try {
      const f = join(t.dir, 'window-state.json');
      expect(loadWindowState(f)).toBeNull();
      saveWindowState(f, { x: 1, y: 2, width: 1000, height: 700, maximized: true });
      expect(loadWindowState(f)).toEqual({ x: 1, y: 2, width: 1000, height: 700, maximized: true });

      const rf = join(t.dir, 'recent.json');
      const store = new RecentStore(rf);
      for (let i = 0; i < 12; i++) store.add(`/d/${i}.qar`, `学校${i}`);
      store.add('/d/3.qar', '学校3');
      const again = new RecentStore(rf).list();
      expect(again).toHaveLength(10);
      expect(again[0]!.path).toBe('/d/3.qar');
      expect(again.filter((r) => r.path === '/d/3.qar')).toHaveLength(1);
      writeFileSync(rf, '{oops');
      expect(new RecentStore(rf).list()).toEqual([]);
    } finally {
      t.cleanup();
    }
  });

  it('samePath: Windows paths case-insensitively, Linux paths exactly', () => {
    expect(samePath('C:\\A\\x.qar', 'c:/a/X.qar', 'win32')).toBe(true);
    expect(samePath('/a/X.qar', '/a/x.qar', 'linux')).toBe(false);
    expect(
      addRecent([{ path: '/a/x.qar', name: 'x', openedAt: 't' }], { path: '/a/x.qar/', name: 'x', openedAt: 't2' }),
    ).toHaveLength(1);
  });

  it('qarFileFromArgv finds the file a second instance was asked to open', () => {
    expect(qarFileFromArgv(['/usr/bin/qar', '--flag', '/home/u/学校.qar'])).toBe('/home/u/学校.qar');
    expect(qarFileFromArgv(['C:\\qar.exe', '--allow-file-access'])).toBeNull();
    expect(qarFileFromArgv(['x.qar'])).toBeNull(); // argv[0] is the executable
  });
});
