/** One toast line for errors and confirmations; errors stay until dismissed, info fades after 4 s. */
import { useEffect } from 'react';
import { useApp } from '../store/app';

export function Notice() {
  const notice = useApp((s) => s.notice);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const t = setTimeout(() => useApp.setState({ notice: null }), 4000);
    return () => clearTimeout(t);
  }, [notice]);
  if (!notice) return null;
  return (
    <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
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
