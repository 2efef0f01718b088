/**
 * What each menu command (electron/menu.ts → `menu.command` event) means in the page right now. Pure, so a test can
 * walk every command the menu can send; store/menu.ts carries the answer out.
 *
 * 撤销/重做: electron/menu.ts wires them as role-less `click` items (not `role: 'undo'`), so the native edit
 * history of a text field is NOT reached by the menu on its own. Two cases reach the page:
 * - the key stroke went to the page first (Windows/Linux: the page's keydown runs before menu accelerators, and
 *   page's Ctrl+Z handler / a text field's native undo already acted) — then the menu event is a duplicate;
 * - the menu acted without the page seeing a key (a mouse click on 编辑 → 撤销, or macOS, where key equivalents go
 *   to the menu first) — then the page must do it: the text field's own history when one has the focus, else the
 *   workspace's one undo history (numbers, text, blocks), which shows where it acted.
 */

import { MENU_COMMANDS, type MenuCommand } from '../../core/menu-commands';
import type { FileCommand, View } from './app';

export { MENU_COMMANDS, type MenuCommand };

export interface MenuContext {
  /** a school workspace is open */
  hasSession: boolean;
  readOnly: boolean;
  view: View;
  /** the focus is in a text field (input, textarea, contenteditable), not the grid's key sink */
  textField: boolean;
  /** the same Ctrl+Z / Ctrl+Y reached the page a moment ago, so the page already acted on it */
  keyHandled: boolean;
}

export type MenuAction =
  /** back to the start page, with the 新建工作区 form focused */
  | { kind: 'new-workspace' }
  | { kind: 'open-demo' }
  /** 新建下一年度报告: from the open workspace, or a file to pick */
  | { kind: 'next-year' }
  /** 预览与导出 (the export button and its progress live there) */
  | { kind: 'show-export' }
  | { kind: 'export-json' }
  | { kind: 'import-json' }
  | { kind: 'file-command'; command: FileCommand }
  /** the workspace's undo history (store/history.ts) */
  | { kind: 'history'; direction: 'undo' | 'redo' }
  | { kind: 'text-history'; direction: 'undo' | 'redo' }
  | { kind: 'about' }
  | { kind: 'help' }
  /** tell the user why nothing happened */
  | { kind: 'notice'; text: string }
  /** nothing to do (already done by the page's own key handling) */
  | { kind: 'none' };

const NEEDS_WORKSPACE = '请先打开或新建一个工作区。';

export function menuAction(command: MenuCommand, ctx: MenuContext): MenuAction {
  switch (command) {
    case 'new':
      return { kind: 'new-workspace' };
    case 'open-demo':
      return { kind: 'open-demo' };
    case 'next-year':
      return { kind: 'next-year' };
    case 'export-docx':
      return ctx.hasSession ? { kind: 'show-export' } : { kind: 'notice', text: NEEDS_WORKSPACE };
    case 'export-json':
      return ctx.hasSession ? { kind: 'export-json' } : { kind: 'notice', text: NEEDS_WORKSPACE };
    // the JSON becomes a new .qar, so it works from the start page as well
    case 'import-json':
      return { kind: 'import-json' };
    case 'import-xlsx':
    case 'export-xlsx':
    case 'import-comments':
      return ctx.hasSession ? { kind: 'file-command', command } : { kind: 'notice', text: NEEDS_WORKSPACE };
    case 'undo':
    case 'redo':
      return historyAction(command, ctx);
    case 'about':
      return { kind: 'about' };
    case 'help':
      return { kind: 'help' };
    default: {
      const never: never = command;
      return { kind: 'notice', text: `未知的菜单命令：${String(never)}` };
    }
  }
}

function historyAction(direction: 'undo' | 'redo', ctx: MenuContext): MenuAction {
  if (ctx.keyHandled) return { kind: 'none' };
  if (ctx.textField) return { kind: 'text-history', direction };
  if (!ctx.hasSession) return { kind: 'none' };
  if (ctx.readOnly) return { kind: 'notice', text: '此工作区为只读，不能撤销或重做。' };
  return { kind: 'history', direction };
}
