/**
 * Keyboard focus for the page's modal dialogs and panels: Tab stays inside an open dialog (what is behind it is
 * inert to the mouse too), and the focus goes back where the user was when the dialog closes.
 */
import { type RefObject, useEffect, useRef } from 'react';

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
  'textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/** the elements Tab visits inside `root`, in order (visible ones only) */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.tabIndex >= 0 && el.getClientRects().length > 0,
  );
}

/**
 * A Tab or Shift+Tab keydown that would leave `root`: the focus wraps to its other end instead. Returns true when
 * it moved the focus (the caller prevents the browser's own move).
 */
export function keepTabInside(root: HTMLElement, e: KeyboardEvent): boolean {
  if (e.key !== 'Tab' || e.ctrlKey || e.altKey || e.metaKey) return false;
  // only the topmost modal keeps the focus (a confirmation opened over another dialog)
  const modals = document.querySelectorAll('[aria-modal="true"]');
  if (modals[modals.length - 1] !== root) return false;
  const items = tabbables(root);
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return false;
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && root.contains(active);
  if (!inside || (e.shiftKey ? active === first : active === last)) {
    (e.shiftKey ? last : first).focus();
    return true;
  }
  return false;
}

/** the focus is on nothing (the page body), or on an element that has left the page with what was pressed */
export function focusIsNowhere(): boolean {
  const a = document.activeElement;
  return !a || a === document.body || a === document.documentElement || !a.isConnected;
}

/**
 * The elements around `el`, nearest first, up to (not including) the page body. Nothing around the body itself
 * (the focus when nothing has it): its parent, the whole document, would send the focus to the window's first
 * control (学校信息).
 */
export function surroundings(el: Element | null): Element[] {
  const out: Element[] = [];
  if (!el || el === document.body || el === document.documentElement) return out;
  for (let a = el.parentElement; a && a !== document.body && a !== document.documentElement; a = a.parentElement)
    out.push(a);
  return out;
}

/**
 * Gives the focus back to `opener` (the element focused when a dialog or panel opened) if the focus was left
 * nowhere (on the page body); an action that focused something else wins. When the dialog's action took the opener
 * away (the finding it resolved, the section it deleted), the focus goes to the first control of the nearest part
 * of the page around it that is still there (`around`, from surroundings()), so the keyboard goes on from where
 * the user was, not from the top of the page.
 */
export function restoreFocus(opener: Element | null, around: readonly Element[] = []): void {
  const active = document.activeElement;
  if (active && active !== document.body && active.isConnected) return;
  if (opener instanceof HTMLElement && opener !== document.body && opener.isConnected) {
    opener.focus();
    return;
  }
  for (const part of around) {
    if (!(part instanceof HTMLElement) || !part.isConnected) continue;
    const first = tabbables(part)[0];
    if (first) {
      first.focus();
      return;
    }
  }
  focusViewContent();
}

/**
 * A dialog that opened while nothing had the focus (已恢复未保存的修改 as a workspace opens): the focus goes to the
 * view's content — the grid's key input in 数据填报, else the first control of the view — so the keyboard goes
 * on where the user works, not from the top of the window (the page body).
 */
function focusViewContent(): void {
  const main = document.querySelector<HTMLElement>('main.main');
  if (!main) return;
  const target = main.querySelector<HTMLElement>('.keysink') ?? tabbables(main)[0];
  target?.focus();
}

/**
 * A modal box's keyboard focus while `active`: Tab and Shift+Tab wrap inside `box`, and when it closes (or leaves
 * the page) the focus goes back to the element that had it when it opened.
 */
export function useModalFocus(box: RefObject<HTMLElement | null>, active: boolean): void {
  // read while rendering the box the first time: effects (the box's own and its children's, which run first)
  // may already have moved the focus into it
  const opener = useRef<Element | null>(null);
  const around = useRef<Element[]>([]);
  const shown = useRef(false);
  if (active && !shown.current) {
    opener.current = document.activeElement;
    around.current = surroundings(opener.current);
  }
  shown.current = active;
  useEffect(() => {
    if (!active) return;
    const from = opener.current;
    const near = around.current;
    const onKey = (e: KeyboardEvent) => {
      if (box.current && keepTabInside(box.current, e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // after the box has left the page, where no other action put the focus
      queueMicrotask(() => restoreFocus(from, near));
    };
  }, [box, active]);
}

/**
 * The ↑/↓ buttons of an item that they move (a block, a section): the move takes the item's node out of the page
 * and back (which drops the focus), and at an end its button is switched off (which drops it too). After the move
 * the focus goes back to the moved item's button in the same direction, or to the other one at an end, so the
 * keyboard user sees where the item went and can press again.
 */
export function useMoveButtonsFocus(index: number): {
  up: RefObject<HTMLButtonElement | null>;
  down: RefObject<HTMLButtonElement | null>;
  moving(dir: 'up' | 'down'): void;
} {
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  const pending = useRef<'up' | 'down' | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the item's new place is what brings the focus back
  useEffect(() => {
    const dir = pending.current;
    if (!dir) return;
    pending.current = null;
    const same = dir === 'up' ? up.current : down.current;
    const other = dir === 'up' ? down.current : up.current;
    const target = same && !same.disabled ? same : other;
    if (!target) return;
    // buttons shown only while their row has the focus (the outline's ↑/↓) are hidden once the move dropped it,
    // and a hidden button takes no focus: data-refocus shows them (styles/writing.css) until the focus is back
    target.dataset.refocus = '';
    target.focus();
    delete target.dataset.refocus;
  }, [index]);
  return {
    up,
    down,
    moving: (dir) => {
      // only when the button pressed had the focus (a key, or a click): never taken from elsewhere
      const btn = dir === 'up' ? up.current : down.current;
      if (btn && document.activeElement === btn) pending.current = dir;
    },
  };
}

/**
 * An item of a list removed by a button inside it (a block's 删除, a case photo's 移除): once the item has left the
 * page (the removal may wait for the workspace's answer), a focus left on the page body goes to the same button of
 * the item now at its place (or of the last item), else to `fallback` — so the keyboard goes on from there.
 */
export function focusAfterRemoval(
  pressed: HTMLElement,
  opts: { list: Element | null; items: string; button: string; index: number; fallback(): HTMLElement | null },
): void {
  const item = pressed.closest(opts.items);
  let frames = 0;
  const go = () => {
    if (item?.isConnected && ++frames < 120) {
      requestAnimationFrame(go);
      return;
    }
    if (item?.isConnected || !focusIsNowhere()) return; // not removed (refused), or the focus went somewhere
    const left = opts.list?.isConnected ? [...opts.list.querySelectorAll<HTMLElement>(opts.items)] : [];
    const at = left[Math.min(opts.index, left.length - 1)];
    (at?.querySelector<HTMLElement>(opts.button) ?? opts.fallback())?.focus();
  };
  requestAnimationFrame(go);
}
