/**
 * What a user sees cut off or on top of something else, measured in the page: the visible parts a test names must
 * lie inside the viewport, not overlap each other, and show their whole text (no text wider or taller than its box
 * unless the box ends it with an ellipsis on purpose, which is then listed as `ellipsis`).
 */
import type { Page } from 'playwright-core';

export interface LayoutProblem {
  what: string;
  problem: string;
}

/**
 * Checks the elements matched by each selector (visible ones only) against the viewport and each other. `ellipsis`
 * names selectors whose text may be cut with an ellipsis by design (a long school name in the top bar); they still
 * must be `minWidth` px wide at least, so a few characters stay readable.
 */
export function layoutProblems(
  page: Page,
  selectors: string[],
  opts: { ellipsis?: string[]; minWidth?: number } = {},
): Promise<LayoutProblem[]> {
  return page.evaluate(
    ({ selectors, ellipsis, minWidth }) => {
      const out: { what: string; problem: string }[] = [];
      const vw = document.documentElement.clientWidth;
      const vh = document.documentElement.clientHeight;
      const items: { what: string; r: DOMRect; el: Element }[] = [];
      for (const sel of selectors) {
        document.querySelectorAll(sel).forEach((el, i) => {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) return; // not shown
          const name = `${sel}[${i}]「${(el.textContent ?? '').trim().slice(0, 20)}」`;
          items.push({ what: name, r, el });
          if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5)
            out.push({
              what: name,
              problem: `outside the ${vw}×${vh} viewport: ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`,
            });
          const h = el as HTMLElement;
          const cutOnPurpose = ellipsis.some((e) => el.matches(e));
          if (cutOnPurpose) {
            if (r.width < minWidth) out.push({ what: name, problem: `only ${Math.round(r.width)} px wide` });
          } else if (h.scrollWidth > h.clientWidth + 1 || h.scrollHeight > h.clientHeight + 1) {
            out.push({
              what: name,
              problem: `text cut: ${h.scrollWidth}×${h.scrollHeight} in ${h.clientWidth}×${h.clientHeight}`,
            });
          }
        });
      }
      for (let i = 0; i < items.length; i++)
        for (let j = i + 1; j < items.length; j++) {
          const a = items[i];
          const b = items[j];
          if (!a || !b || a.el.contains(b.el) || b.el.contains(a.el)) continue;
          const x = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
          const y = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
          if (x > 0.5 && y > 0.5) out.push({ what: `${a.what} / ${b.what}`, problem: 'overlap' });
        }
      return out;
    },
    { selectors, ellipsis: opts.ellipsis ?? [], minWidth: opts.minWidth ?? 0 },
  );
}
