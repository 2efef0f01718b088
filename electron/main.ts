/**
 * The Electron main process. Thin: one window, the Chinese menu, native dialogs, single instance, recent files,
 * window bounds, and the API wired to IPC. Every API call is a handler from core/api-handlers.ts; no domain
 * logic lives here. Report export runs in a worker thread (electron/report-worker.ts).
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  type OpenDialogOptions,
  protocol,
  type SaveDialogOptions,
  screen,
  session,
  shell,
} from 'electron';
import type { ApiEvent, ApiEventPayload, ApiInput, ApiMethod, JobProgress } from '../core/api';
import type {
  ApiHostContext,
  PickOpenPurpose,
  PickSavePurpose,
  ReportExporter,
  ReportJobResult,
} from '../core/api/context';
import { dispatch } from '../core/api/dispatch';
import { createPathPolicy } from '../core/api/path-policy';
import { createApiHandlers, SessionSlot, workspaceInfo } from '../core/api-handlers';
import { QarError, type QarErrorCode } from '../core/errors';
import { watchOutsideChanges } from '../core/host/outside-change';
import { RecentStore } from '../core/host/recent';
import { buildCsp, isAppUrl } from '../core/host/security';
import { qarFileFromArgv } from './argv';
import { type CloseGuard, confirmCloseDialog, installCloseGuard } from './close-guard';
import { registerIpc, sendEvent } from './ipc';
import { buildMenuTemplate, type MenuCommand } from './menu';
import { offMainImports } from './off-main';
import { grantCommandLineFile, grantingDialogs, tryGrant } from './path-grants';
import { printReportPdfInElectron } from './pdf-print';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './protocol';
import { FILTERS, SAVE_TITLES, saveFilters, withExtension } from './save-filters';
import { denyAllPermissions, installCspHeader, installNavigationGuards, secureWebPreferences } from './security';
import { loadWindowState, restoreBounds, saveWindowState } from './window-state';

const here = dirname(fileURLToPath(import.meta.url));
/** electron-vite dev sets this to the Vite dev server; packaged and preview builds load files. */
const devServer = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererDir = join(here, '../renderer');
const preloadPath = join(here, '../preload/index.cjs');
// the renderer comes from app://qar (electron/protocol.ts), never file://; must be declared before `ready`
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// Bundled code cannot find data folders next to its source: point db/ at the migrations shipped with the app
// (electron-builder.yml `files`); worker threads inherit the variable.
process.env.QAR_MIGRATIONS_DIR ??= join(app.getAppPath(), 'db', 'migrations');

let win: BrowserWindow | null = null;
/** asks the page about unsaved work before the window closes (electron/close-guard.ts) */
let closeGuard: CloseGuard | null = null;
/** Paths from the page are used only when the user chose them (dialogs, command line, recent files). */
const paths = createPathPolicy({ mode: 'granted' });
const argvFile = qarFileFromArgv(process.argv);
let pendingOpen: string | null = argvFile ? grantCommandLineFile(paths, argvFile, process.cwd()) : null;
const slot = new SessionSlot((path, e) =>
  emit('workspace.notice', { kind: 'close-problem', path, text: e instanceof Error ? e.message : String(e) }),
);
const recent = new RecentStore(join(app.getPath('userData'), 'recent.json'));
for (const r of recent.list()) tryGrant(paths, r.path, 'write');
const windowStateFile = join(app.getPath('userData'), 'window-state.json');

function emit<E extends ApiEvent>(event: E, payload: ApiEventPayload<E>): void {
  sendEvent(win?.webContents, event, payload);
}

/** Report export in a worker thread: the window stays responsive while charts and the docx are made. */
const exportInWorker: ReportExporter = (job, onProgress) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(join(here, 'report-worker.js'), { workerData: job });
    worker.on(
      'message',
      (msg: {
        type: string;
        progress?: Omit<JobProgress, 'jobId'>;
        result?: unknown;
        error?: { code: string; message: string };
      }) => {
        if (msg.type === 'progress' && msg.progress) onProgress(msg.progress);
        else if (msg.type === 'done') resolve(msg.result as ReportJobResult);
        else if (msg.type === 'error') reject(fromWorkerError(msg.error));
      },
    );
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`导出进程异常退出（${code}）`));
    });
  });

/** The worker's envelope error back as a throwable: QarError keeps its Chinese message through dispatch. */
function fromWorkerError(err: { code: string; message: string } | undefined): Error {
  if (!err) return new Error('导出失败');
  if (err.code === 'INTERNAL') return new Error(err.message.replace(/^内部错误：|。请把这行信息反馈给开发者。$/g, ''));
  return new QarError(err.code as QarErrorCode, err.message);
}

async function pickOpen(purpose: PickOpenPurpose): Promise<string | null> {
  const opts: OpenDialogOptions = {
    title: {
      workspace: '打开工作区',
      json: '选择 JSON 文件',
      image: '选择图片',
      xlsx: '选择 Excel 工作簿',
      framework: '选择指标体系文件',
    }[purpose],
    filters: FILTERS[purpose],
    properties: ['openFile'],
  };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return r.canceled ? null : (r.filePaths[0] ?? null);
}

/** 区县审核: several schools' .qar files (multi-select) or the folder that holds them. */
async function pickOpenMany(kind: 'qar-files' | 'folder'): Promise<string[]> {
  const opts: OpenDialogOptions =
    kind === 'folder'
      ? { title: '选择存放学校工作区的文件夹', properties: ['openDirectory'] }
      : { title: '选择学校工作区文件', filters: FILTERS.workspace, properties: ['openFile', 'multiSelections'] };
  const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
  return r.canceled ? [] : r.filePaths;
}

async function pickSave(purpose: PickSavePurpose, defaultName: string): Promise<string | null> {
  if (purpose === 'folder') {
    const opts: OpenDialogOptions = { title: '选择文件夹', properties: ['openDirectory', 'createDirectory'] };
    const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    return r.canceled ? null : (r.filePaths[0] ?? null);
  }
  const filters = saveFilters(purpose, defaultName);
  const opts: SaveDialogOptions = {
    title: SAVE_TITLES[purpose],
    // the page's suggestion is a file name only, never a folder to start in
    defaultPath: defaultName ? join(app.getPath('documents'), basename(defaultName.replace(/\\/g, '/'))) : undefined,
    filters,
  };
  const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
  return r.canceled || !r.filePath ? null : withExtension(r.filePath, filters, defaultName);
}

const ctx: ApiHostContext = {
  host: 'electron',
  version: app.getVersion(),
  platform: process.platform,
  recent: {
    list: () => recent.list(),
    add: (path, name) => {
      recent.add(path, name);
      app.addRecentDocument(path);
    },
    remove: (path) => recent.remove(path),
  },
  paths,
  emit,
  // what the user picks is granted before the page sees it
  ...grantingDialogs(paths, { pickOpen, pickSave, pickOpenMany }),
  exportReport: exportInWorker,
  // workbooks and JSON exports are parsed in a worker with a heap cap: a hostile file never costs the window
  ...offMainImports(join(here, 'import-worker.js')),
  onCloseReply: (reply) => closeGuard?.reply(reply),
  // no LibreOffice: print the paged preview in a hidden window (electron/pdf-print.ts)
  printReportPdf: (job, onProgress) =>
    printReportPdfInElectron(job, onProgress, {
      BrowserWindow,
      webPreferences: secureWebPreferences(preloadPath, { devTools: false }),
      // the same app://qar page as the main window (never file://), on the print route
      load: (w, hash) => w.loadURL(`${devServer ?? APP_ENTRY_URL}#${hash}`),
    }),
  onSessionChange: (info) => {
    win?.setTitle(info ? `${info.schoolName}${info.readonly ? '（只读）' : ''} - 质量年报工作台` : '质量年报工作台');
    rebuildMenu();
  },
};
const handlers = createApiHandlers(ctx, slot);

/** Run an API method from a menu item; failures are shown in a native message box, in Chinese. */
async function callFromMenu<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<boolean> {
  const r = await dispatch(handlers, method, input);
  if (!r.ok) {
    const opts = { type: 'error' as const, title: '质量年报工作台', message: r.error.message, buttons: ['确定'] };
    if (win) await dialog.showMessageBox(win, opts);
    else await dialog.showMessageBox(opts);
    return false;
  }
  emit('workspace.changed', { workspace: slot.current ? workspaceInfo(slot.current) : null });
  return true;
}

/** Open a file the user chose outside the page (menu, recent, command line, OS file association). */
async function openPath(path: string): Promise<void> {
  tryGrant(paths, path, 'write');
  if (!win) {
    pendingOpen = path;
    return;
  }
  if (!(await callFromMenu('workspace.open', { path }))) ctx.recent.remove?.(path);
}

function rebuildMenu(): void {
  const command = (c: MenuCommand) => emit('menu.command', { command: c });
  const template = buildMenuTemplate(
    { dev: !!devServer, isMac: process.platform === 'darwin', recent: recent.list(), hasWorkspace: !!slot.current },
    {
      command,
      open: async () => {
        const path = await ctx.pickOpen('workspace');
        if (path) await openPath(path);
      },
      openDemo: async () => {
        const dir = await ctx.pickSave('folder', '');
        if (dir) await callFromMenu('workspace.openDemo', { dir });
      },
      openRecent: (path) => void openPath(path),
      clearRecent: () => {
        recent.clear();
        app.clearRecentDocuments();
        rebuildMenu();
      },
      saveAs: async () => {
        const path = await ctx.pickSave(
          'workspace',
          `${slot.current ? workspaceInfo(slot.current).schoolName : '工作区'}.qar`,
        );
        // the save dialog already asked before overwriting
        if (path) await callFromMenu('workspace.saveAs', { path, replace: true });
      },
      about: () => {
        const opts = {
          type: 'info' as const,
          title: '关于质量年报工作台',
          message: `质量年报工作台 ${app.getVersion()}`,
          detail: '职业学校质量年度报告的数据整理、校验与 Word 报告生成工具。数据只保存在本机的 .qar 文件中。',
          buttons: ['确定'],
        };
        if (win) void dialog.showMessageBox(win, opts);
        else void dialog.showMessageBox(opts);
      },
    },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  const saved = loadWindowState(windowStateFile);
  const bounds = restoreBounds(
    saved,
    [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea),
  );
  win = new BrowserWindow({
    ...bounds,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: '质量年报工作台',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preloadPath, { devTools: !app.isPackaged }),
  });
  if (saved?.maximized) win.maximize();
  installNavigationGuards(win.webContents, (url) => void shell.openExternal(url));
  win.once('ready-to-show', () => win?.show());
  const current = win;
  closeGuard = installCloseGuard(current, {
    ask: (requestId) => emit('app.closeRequested', { requestId }),
    confirm: (report) => confirmCloseDialog(current, report),
  });
  win.on('close', () => {
    if (!win) return;
    saveWindowState(windowStateFile, { ...win.getNormalBounds(), maximized: win.isMaximized() });
  });
  win.on('closed', () => {
    win = null;
  });
  win.webContents.once('did-finish-load', () => {
    const path = pendingOpen;
    pendingOpen = null;
    if (path) void openPath(path);
  });
  if (devServer) void win.loadURL(devServer);
  else void win.loadURL(APP_ENTRY_URL);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const file = qarFileFromArgv(argv);
    const path = file ? grantCommandLineFile(paths, file, workingDirectory) : null;
    if (path) void openPath(path);
  });
  // macOS: double-clicked .qar files arrive here, possibly before the window exists
  app.on('open-file', (event, path) => {
    event.preventDefault();
    void openPath(path);
  });

  app.whenReady().then(() => {
    const csp = buildCsp({ devServer });
    installCspHeader(session.defaultSession, csp);
    registerAppProtocol(protocol, rendererDir, csp);
    denyAllPermissions(session.defaultSession);
    registerIpc(ipcMain, handlers, { isTrustedUrl: (url) => isAppUrl(url, { appOrigin: APP_ORIGIN, devServer }) });
    app.on('web-contents-created', (_e, wc) => {
      installNavigationGuards(wc, (url) => void shell.openExternal(url));
    });
    rebuildMenu();
    createWindow();
    watchOutsideChanges(slot, emit);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    try {
      slot.close();
    } catch (e) {
      // the window is going away: the native box is the last place to say the file is not whole on its own
      dialog.showErrorBox('质量年报工作台', e instanceof Error ? e.message : String(e));
    }
  });
}
