/**
 * Menu commands → what the page does (renderer/store/menu-map.ts), for every command electron/menu.ts can send and
 * every command the event schema allows; and the 使用说明 text: docs/使用说明.md is generated from the in-app
 * content and covers the sections the users need.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { apiEvents } from '../core/api';
import { buildMenuTemplate, type MenuActions } from '../electron/menu';
import { HELP_SECTIONS } from '../renderer/help/content';
import { helpToMarkdown, slug } from '../renderer/help/markdown';
import { MENU_COMMANDS, type MenuCommand, type MenuContext, menuAction } from '../renderer/store/menu-map';

const ROOT = join(import.meta.dirname, '..');

/** Clicks every item of the menu (both platforms' layouts) and records the commands sent to the page. */
function commandsTheMenuSends(): Set<MenuCommand> {
  const sent = new Set<MenuCommand>();
  const actions: MenuActions = {
    command: (c) => sent.add(c),
    open: () => {},
    openDemo: () => {},
    openRecent: () => {},
    clearRecent: () => {},
    saveAs: () => {},
    about: () => {},
  };
  const walk = (items: MenuItemConstructorOptions[]) => {
    for (const item of items) {
      // the click handlers ignore their Electron arguments
      (item.click as (() => void) | undefined)?.();
      if (Array.isArray(item.submenu)) walk(item.submenu);
    }
  };
  for (const isMac of [false, true]) {
    walk(
      buildMenuTemplate(
        { dev: true, isMac, hasWorkspace: true, recent: [{ path: '/tmp/a.qar', name: '甲校', openedAt: '' }] },
        actions,
      ),
    );
  }
  return sent;
}

const inData: MenuContext = {
  hasSession: true,
  readOnly: false,
  view: 'data',
  textField: false,
  keyHandled: false,
};
const noWorkspace: MenuContext = { ...inData, hasSession: false };

describe('menu command → page action', () => {
  it('the page knows exactly the commands of the event schema', () => {
    const schema = [...apiEvents['menu.command'].shape.command.options].sort();
    expect([...MENU_COMMANDS].sort()).toEqual(schema);
  });

  it('every command the Chinese menu sends is one the page handles', () => {
    const sent = commandsTheMenuSends();
    // the menu sends at least the file forms, the exports/imports, undo/redo and 使用说明
    for (const c of ['new', 'export-docx', 'export-json', 'import-json', 'undo', 'redo', 'help'] as const) {
      expect(sent.has(c)).toBe(true);
    }
    for (const c of sent) {
      expect(MENU_COMMANDS).toContain(c);
      const a = menuAction(c, inData);
      expect(a.kind).not.toBe('none');
      expect(a.kind === 'notice' ? a.text : '').not.toMatch(/未知/);
    }
  });

  it('maps each command with a workspace open in 数据填报', () => {
    const expected: Record<MenuCommand, string> = {
      new: 'new-workspace',
      'open-demo': 'open-demo',
      'next-year': 'next-year',
      'export-docx': 'show-export',
      'export-json': 'export-json',
      'import-json': 'import-json',
      'export-xlsx': 'file-command',
      'import-xlsx': 'file-command',
      'import-comments': 'file-command',
      undo: 'history',
      redo: 'history',
      about: 'about',
      help: 'help',
    };
    for (const c of MENU_COMMANDS) expect([c, menuAction(c, inData).kind]).toEqual([c, expected[c]]);
    expect(menuAction('import-comments', inData)).toEqual({ kind: 'file-command', command: 'import-comments' });
    expect(menuAction('redo', inData)).toEqual({ kind: 'history', direction: 'redo' });
  });

  it('without a workspace: exports explain themselves, import JSON / help / about / new still work', () => {
    for (const c of ['export-docx', 'export-json', 'export-xlsx', 'import-xlsx', 'import-comments'] as const) {
      const a = menuAction(c, noWorkspace);
      expect(a).toEqual({ kind: 'notice', text: '请先打开或新建一个工作区。' });
    }
    expect(menuAction('import-json', noWorkspace).kind).toBe('import-json');
    expect(menuAction('help', noWorkspace).kind).toBe('help');
    expect(menuAction('about', noWorkspace).kind).toBe('about');
    expect(menuAction('new', noWorkspace).kind).toBe('new-workspace');
    expect(menuAction('undo', noWorkspace).kind).toBe('none');
  });

  it('undo/redo: a text field keeps its own history, a stroke the page already handled is not repeated', () => {
    expect(menuAction('undo', { ...inData, textField: true })).toEqual({ kind: 'text-history', direction: 'undo' });
    expect(menuAction('redo', { ...inData, view: 'writing', textField: true })).toEqual({
      kind: 'text-history',
      direction: 'redo',
    });
    // Ctrl+Z reached the page (grid handler or native undo ran): the menu's echo does nothing
    expect(menuAction('undo', { ...inData, keyHandled: true }).kind).toBe('none');
    expect(menuAction('undo', { ...inData, textField: true, keyHandled: true }).kind).toBe('none');
    // one history for the workspace: outside 数据填报 too (it shows where it acted); read-only files say why not
    expect(menuAction('undo', { ...inData, view: 'writing' })).toEqual({ kind: 'history', direction: 'undo' });
    const ro = menuAction('redo', { ...inData, readOnly: true });
    expect(ro.kind === 'notice' && ro.text).toContain('只读');
  });
});

describe('使用说明', () => {
  const md = readFileSync(join(ROOT, 'docs/使用说明.md'), 'utf8');

  it('docs/使用说明.md is generated from the in-app text (run npx tsx scripts/write-help-markdown.ts)', () => {
    expect(md).toBe(helpToMarkdown());
  });

  it('has the sections the users need, in order, in both the app and the document', () => {
    const titles = HELP_SECTIONS.map((s) => s.title);
    expect(titles).toEqual(['开始', '填报数据', '校验', '撰写报告', '预览与导出 Word', '区县审核', '常见问题']);
    const mdTitles = [...md.matchAll(/^## \d+\. (.+)$/gm)].map((m) => m[1]);
    expect(mdTitles).toEqual(titles);
    // the table of contents links to each heading's anchor
    titles.forEach((t, i) => {
      expect(md).toContain(`${i + 1}. [${t}](#${slug(`${i + 1}. ${t}`)})`);
    });
    expect(slug('5. 预览与导出 Word')).toBe('5-预览与导出-word');
    expect(new Set(HELP_SECTIONS.map((s) => s.id)).size).toBe(HELP_SECTIONS.length);
  });

  it('covers the topics of each section in plain words', () => {
    const text = (id: string) => JSON.stringify(HELP_SECTIONS.find((s) => s.id === id)?.blocks ?? []);
    expect(text('start')).toMatch(/打开示例学校[\s\S]*新建工作区[\s\S]*一个学校一个文件[\s\S]*复制/);
    for (const w of [
      '六张表',
      '年份列',
      '单位',
      '带 * 的指标为必填',
      '灰色的格子是自动计算的',
      '从 Excel 粘贴',
      '导入 Excel',
      '撤销',
      '修改记录',
    ])
      expect(text('data')).toContain(w);
    for (const w of ['错误', '警告', '提示', '点击一条结果', '依据', '国家标准', '重庆目标', '待核实'])
      expect(text('validate')).toContain(w);
    for (const w of ['段首句', '【案例】', '1000 字', '题注', '数据来源', '问题表现', '下一步打算'])
      expect(text('writing')).toContain(w);
    for (const w of ['更新域', '黑体', '楷体', '仿宋', 'GB2312']) expect(text('export')).toContain(w);
    for (const w of ['合规矩阵', '汇总', '审核意见', '区域报告草稿']) expect(text('review')).toContain(w);
    for (const w of ['已损坏', '更新版本', '不是质量年报工作台文件', '图片太大', '自动保存'])
      expect(text('faq')).toContain(w);
  });

  it('the in-app strings are Chinese and bold markers are balanced', () => {
    for (const s of HELP_SECTIONS) {
      expect(s.blocks.length).toBeGreaterThan(0);
      const all = s.blocks.flatMap((b) => ('items' in b ? b.items : [b.text]));
      for (const line of all) {
        expect(line).toMatch(/[\u4e00-\u9fff]/);
        expect((line.match(/\*\*/g) ?? []).length % 2).toBe(0);
      }
    }
  });
});
