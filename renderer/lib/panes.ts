/**
 * F6 / Shift+F6: the focus goes round the window's panes (top bar, the view's parts, the side panel), as in
 * Windows applications, so a keyboard user reaches every pane without tabbing through a whole table or chapter.
 * In the data view the grid takes the focus (its key input), so typing goes on where it was.
 */
const PANE_SELECTORS = ['.topbar', '.data-view', 'nav.outline', '.writing .doc', 'main.main', 'aside.side'];
const FOCUSABLE =
  'input:not([disabled]):not([type=hidden]), textarea:not([disabled]), select:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** The panes shown now, in order; a pane that holds another listed pane is left out (the inner ones count). */
export function currentPanes(doc: Document = document): HTMLElement[] {
  const found = PANE_SELECTORS.map((q) => doc.querySelector<HTMLElement>(q)).filter((e): e is HTMLElement => !!e);
  return found.filter((p) => !found.some((q) => q !== p && p.contains(q)));
}

function focusInto(pane: HTMLElement): boolean {
  const target = pane.querySelector<HTMLElement>('.keysink') ?? pane.querySelector<HTMLElement>(FOCUSABLE);
  if (!target) return false;
  target.focus();
  return true;
}

/** Moves the focus to the next (or previous) pane that has something to focus. */
export function cyclePane(back: boolean): void {
  const panes = currentPanes();
  if (panes.length === 0) return;
  const at = panes.findIndex((p) => p.contains(document.activeElement));
  for (let step = 1; step <= panes.length; step++) {
    const i =
      at < 0 ? (back ? panes.length - step : step - 1) : (at + (back ? -step : step) + panes.length * 2) % panes.length;
    const pane = panes[i];
    if (pane && focusInto(pane)) return;
  }
}
