/**
 * One toast line for errors and confirmations; errors stay until dismissed, info fades after 4 s (8 s when it
 * offers an action, such as 「撤销」 after a deletion).
 */
import { useEffect } from 'react';
import { useApp } from '../store/app';

export function Notice() {
  const notice = useApp((s) => s.notice);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const t = setTimeout(() => useApp.setState({ notice: null }), notice.action ? 8000 : 4000);
    return () => clearTimeout(t);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
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
