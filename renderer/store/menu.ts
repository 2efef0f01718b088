/**
 * Carries out a menu command (store/menu-map.ts decides what it means): file flows through the existing dialogs
 * and API calls, undo/redo to the workspace history or the focused text field, 使用说明 and 关于.
 */
import { useApp } from './app';
import { flushAllSaves } from './autosave';
import { backend } from './backend';
import { openNextYear } from './editions';
import { type MenuAction, type MenuCommand, type MenuContext, menuAction } from './menu-map';
import { review, useReview } from './review';

/** The grid's hidden key sink is an <input>, but typing there is the grid's, not a text field's. */
export function isTextField(el: Element | null): boolean {
  if (!(el instanceof HTMLElement) || el.classList.contains('keysink')) return false;
  if (el.isContentEditable || el.tagName === 'TEXTAREA') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return ['text', 'search', 'number', 'email', 'tel', 'url', 'password', ''].includes(type);
}

// The last Ctrl+Z / Ctrl+Y the page saw: a menu event right after it is the same stroke, already acted on.
let lastHistoryKey: { direction: 'undo' | 'redo'; at: number } | null = null;
const SAME_STROKE_MS = 400;

/** window keydown listener (capture phase) that remembers history key strokes */
export function noteHistoryKey(e: KeyboardEvent): void {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
  const k = e.key.toLowerCase();
  const direction = k === 'z' ? (e.shiftKey ? 'redo' : 'undo') : k === 'y' ? 'redo' : null;
  if (direction) lastHistoryKey = { direction, at: performance.now() };
}

function keyJustHandled(command: MenuCommand): boolean {
  return (
    !!lastHistoryKey && lastHistoryKey.direction === command && performance.now() - lastHistoryKey.at < SAME_STROKE_MS
  );
}

export function currentMenuContext(command: MenuCommand): MenuContext {
  const st = useApp.getState();
  return {
    hasSession: !!st.session,
    readOnly: !!st.session?.readOnly,
    view: st.view,
    textField: isTextField(document.activeElement),
    keyHandled: keyJustHandled(command),
  };
}

export function runMenuCommand(command: MenuCommand): void {
  void carryOut(menuAction(command, currentMenuContext(command)));
}

const errText = (e: unknown) => (e instanceof Error && e.message ? e.message : '操作失败，请重试');

function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : path;
}

function baseName(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return name.replace(/\.[^.]*$/, '') || '导入的工作区';
}

async function carryOut(action: MenuAction): Promise<void> {
  const st = useApp.getState();
  switch (action.kind) {
    case 'new-workspace': {
      flushAllSaves();
      st.closeHelp();
      if (st.session) await st.leave();
      if (useReview.getState().active) review.exit();
      // the start page renders on the next frame; then the school name field takes the typing
      requestAnimationFrame(() => document.getElementById('new-school-name')?.focus());
      return;
    }
    case 'open-demo': {
      const picked = await backend.pickSavePath('示例学校.qar', 'workspace');
      if (!picked) return;
      flushAllSaves();
      if (useReview.getState().active) review.exit();
      await st.enter(() => backend.openDemo(dirOf(picked)), '正在打开示例学校…');
      return;
    }
    case 'next-year':
      flushAllSaves();
      openNextYear();
      return;
    case 'show-export':
      flushAllSaves();
      st.setView('preview');
      return;
    case 'export-json':
      await exportJson();
      return;
    case 'import-json':
      await importJson();
      return;
    case 'file-command':
      st.runFileCommand(action.command);
      return;
    case 'history':
      await (action.direction === 'undo' ? st.undo() : st.redo());
      return;
    case 'text-history':
      // The only script entry to a text field's own edit history; used only when the key stroke did not reach
      // the page (a mouse click on the menu, or macOS key equivalents), so it never undoes twice.
      document.execCommand(action.direction);
      return;
    case 'about':
      st.setAboutOpen(true);
      return;
    case 'help':
      st.openHelp();
      return;
    case 'notice':
      st.notify('info', action.text);
      return;
    case 'none':
      return;
  }
}

export async function exportJson(): Promise<string | null> {
  const st = useApp.getState();
  const p = st.session?.workspace.profile;
  if (!p) return null;
  flushAllSaves();
  try {
    const path = await backend.pickSavePath(`${p.name}（${p.reportYear}年度）.json`, 'json');
    if (!path) return null;
    const r = await backend.exportJson(path);
    st.notify('info', `已导出 JSON：${r.path}`);
    return r.path;
  } catch (e) {
    st.notify('error', errText(e));
    return null;
  }
}

/** A JSON export becomes a new .qar (never merged into the open file), which is then opened. */
export async function importJson(): Promise<boolean> {
  const st = useApp.getState();
  try {
    const source = await backend.pickOpenPath('json');
    if (!source) return false;
    const target = await backend.pickSavePath(`${baseName(source)}.qar`, 'workspace');
    if (!target) return false;
    flushAllSaves();
    if (useReview.getState().active) review.exit();
    const ok = await st.enter(() => backend.importJson(source, target), '正在导入 JSON…');
    if (ok) useApp.getState().notify('info', `已从 JSON 新建工作区：${target}`);
    return ok;
  } catch (e) {
    st.notify('error', errText(e));
    return false;
  }
}
