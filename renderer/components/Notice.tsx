/**
 * One toast line for errors and confirmations; errors stay until dismissed, info fades after 4 s (8 s when it
 * offers an action, such as 「撤销」 after a deletion). It never covers a part marked `data-toast-clear` (at
 * 1093×614 it covered the 区县审核 cell detail's 依据): lib/toast-place.ts. While it shows, the height it takes from
 * the window's bottom (plus a gap) is the CSS variable --toast-clearance on the page, which scroll panes add to
 * their end, so their last rows scroll up above it (at 1093×614 it covered the 区县审核 汇总's last rows).
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { TOAST_BOTTOM, toastBottom } from '../lib/toast-place';
import { useApp } from '../store/app';

export function Notice() {
  const notice = useApp((s) => s.notice);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const t = setTimeout(() => useApp.setState({ notice: null }), notice.action ? 8000 : 4000);
    return () => clearTimeout(t);
  }, [notice]);
  const ref = useRef<HTMLDivElement>(null);
  const [bottom, setBottom] = useState(TOAST_BOTTOM);
  // placed before it paints, and again while it shows whenever the page's parts come, go or the window resizes
  // (a cell detail opened under a toast already showing)
  useLayoutEffect(() => {
    if (!notice) return;
    const place = () => {
      const el = ref.current;
      if (!el) return;
      const clear = [...document.querySelectorAll('[data-toast-clear]')]
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0);
      const box = el.getBoundingClientRect();
      const bottom = toastBottom(window.innerHeight, box, clear);
      setBottom(bottom);
      document.documentElement.style.setProperty('--toast-clearance', `${Math.ceil(bottom + box.height + 8)}px`);
    };
    place();
    const watch = new MutationObserver(place);
    watch.observe(document.body, { childList: true, subtree: true });
    window.addEventListener('resize', place);
    return () => {
      watch.disconnect();
      window.removeEventListener('resize', place);
      document.documentElement.style.removeProperty('--toast-clearance');
    };
  }, [notice]);
  if (!notice) return null;
  return (
    <div
      ref={ref}
      className={`notice ${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice"
      style={bottom === TOAST_BOTTOM ? undefined : { bottom }}
    >
      <span>{notice.text}</span>
      {notice.action && (
        <button
          type="button"
          className="notice-action"
          onClick={() => {
            const run = notice.action?.run;
            useApp.setState({ notice: null });
            run?.();
          }}
          data-testid="notice-action"
        >
          {notice.action.label}
        </button>
      )}
      <button
        type="button"
        className="link-btn"
        onClick={() => useApp.setState({ notice: null })}
        aria-label="关闭提示"
      >
        ×
      </button>
    </div>
  );
}
