/**
 * The application menu, in Chinese. `buildMenuTemplate` is pure (Electron types only) so a test can read the
 * labels; main.ts turns it into a Menu. Items that need one of the page's forms (新建 asks for the school's
 * profile, 导出 shows progress) send a `menu.command` event; items that are a native dialog plus one API call
 * (打开, 另存为, 最近打开) run in the main process through `actions`.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ApiEventPayload, RecentFile } from '../core/api';

export type MenuCommand = ApiEventPayload<'menu.command'>['command'];

export interface MenuActions {
  /** forward to the page's own UI */
  command(command: MenuCommand): void;
  open(): void;
  openDemo(): void;
  openRecent(path: string): void;
  clearRecent(): void;
  saveAs(): void;
  about(): void;
}

export interface MenuOptions {
  dev: boolean;
  isMac: boolean;
  recent: readonly RecentFile[];
  /** a workspace is open (enables 另存为 and the exports) */
  hasWorkspace: boolean;
}

export function buildMenuTemplate(opts: MenuOptions, actions: MenuActions): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] = opts.recent.length
    ? [
        ...opts.recent.map((r, i) => ({
          label: `${i < 9 ? `&${i + 1} ` : ''}${r.name}`,
          toolTip: r.path,
          click: () => actions.openRecent(r.path),
        })),
        { type: 'separator' as const },
        { label: '清除最近打开', click: () => actions.clearRecent() },
      ]
    : [{ label: '（无）', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: '文件(&F)',
    submenu: [
      { label: '新建…', accelerator: 'CmdOrCtrl+N', click: () => actions.command('new') },
      { label: '打开…', accelerator: 'CmdOrCtrl+O', click: () => actions.open() },
      { label: '打开示例学校…', click: () => actions.openDemo() },
      // last year's workspace (the open one, or one to pick) → this year's: the page's form asks the rest
      { label: '新建下一年度报告…', click: () => actions.command('next-year') },
      { label: '最近打开', submenu: recentItems },
      { type: 'separator' },
      { label: '另存为…', accelerator: 'CmdOrCtrl+Shift+S', enabled: opts.hasWorkspace, click: () => actions.saveAs() },
      { type: 'separator' },
      {
        label: '导出 Word…',
        accelerator: 'CmdOrCtrl+E',
        enabled: opts.hasWorkspace,
        click: () => actions.command('export-docx'),
      },
      { label: '导出 JSON…', enabled: opts.hasWorkspace, click: () => actions.command('export-json') },
      { label: '导入 JSON…', enabled: opts.hasWorkspace, click: () => actions.command('import-json') },
      { type: 'separator' },
      // the page owns these flows (the import previews its changes before anything is written)
      { label: '导入 Excel…', enabled: opts.hasWorkspace, click: () => actions.command('import-xlsx') },
      { label: '导出 Excel…', enabled: opts.hasWorkspace, click: () => actions.command('export-xlsx') },
      { label: '导入审核意见…', enabled: opts.hasWorkspace, click: () => actions.command('import-comments') },
      { type: 'separator' },
      opts.isMac ? { label: '关闭窗口', role: 'close' } : { label: '退出', accelerator: 'Ctrl+Q', role: 'quit' },
    ],
  };

  // 撤销/重做 go to the page: the grid keeps its own undo history, and the page falls back to the text field's
  // native undo when the focus is in one. The clipboard items are the native roles.
  const edit: MenuItemConstructorOptions = {
    label: '编辑(&E)',
    submenu: [
      { label: '撤销', accelerator: 'CmdOrCtrl+Z', click: () => actions.command('undo') },
      { label: '重做', accelerator: opts.isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y', click: () => actions.command('redo') },
      { type: 'separator' },
      { label: '剪切', role: 'cut' },
      { label: '复制', role: 'copy' },
      { label: '粘贴', role: 'paste' },
      { label: '全选', role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '视图(&V)',
    submenu: [
      ...(opts.dev
        ? ([
            { label: '重新加载', role: 'reload' },
            { label: '开发者工具', role: 'toggleDevTools' },
            { type: 'separator' },
          ] as MenuItemConstructorOptions[])
        : []),
      { label: '实际大小', role: 'resetZoom' },
      { label: '放大', role: 'zoomIn' },
      { label: '缩小', role: 'zoomOut' },
      { type: 'separator' },
      { label: '全屏', role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    label: '帮助(&H)',
    submenu: [
      { label: '使用说明', accelerator: 'F1', click: () => actions.command('help') },
      { type: 'separator' },
      { label: '关于质量年报工作台', click: () => actions.about() },
    ],
  };

  const template = [file, edit, view, help];
  if (opts.isMac) {
    template.unshift({
      label: '质量年报工作台',
      submenu: [
        { label: '关于质量年报工作台', click: () => actions.about() },
        { type: 'separator' },
        { label: '隐藏', role: 'hide' },
        { label: '退出', role: 'quit' },
      ],
    });
  }
  return template;
}
