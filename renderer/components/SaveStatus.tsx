/**
 * Whether the user's work is in the file, always visible and always true: 保存中… / 已保存 /
 * 保存失败，正在重试（第 N 次）… / 离线 / 保存失败 (refused, with the reason). While a save is failing the
 * work stays on screen and in the local journal (store/saves.ts), and 立即重试 skips the wait. When the failure has a
 * reason, the banner under the top bar says it and holds 立即重试 (components/Banner.tsx): beside the two-line
 * status the button left the school's name four characters at 1093 px.
 */
import { useApp } from '../store/app';
import { outbox } from '../store/saves';

/** why saves keep failing, when the banner says it (not offline: that is said in the status itself) */
export const saveFailureReason = (s: {
  outbox: { attempt: number; failure: string | null };
  offline: boolean;
}): string | null => (s.outbox.attempt > 0 && !s.offline ? s.outbox.failure : null);

/** 立即重试: skips the wait before the next attempt */
export function RetryNow() {
  return (
    <button type="button" className="link-btn retry-now" onClick={() => outbox.retryNow()} data-testid="retry-now">
      立即重试
    </button>
  );
}

export function SaveStatus() {
  const saving = useApp((s) => s.saving);
  const box = useApp((s) => s.outbox);
  const offline = useApp((s) => s.offline);
  const error = useApp((s) => s.saveError);
  const inBanner = useApp((s) => saveFailureReason(s) !== null);
  const ro = useApp((s) => s.session?.readOnly ?? false);
  if (ro) return <span className="save-status ro">只读</span>;

  const unsaved = box.pending > 0;
  const retry = <RetryNow />;
  if (offline && (unsaved || box.attempt > 0)) {
    return (
      <span className="save-status-wrap">
        <span
          className="save-status failed"
          title="浏览器处于离线状态。修改已暂存在本机，恢复连接后会自动保存。"
          data-testid="save-status"
          aria-live="polite"
        >
          离线
        </span>
        {retry}
      </span>
    );
  }
  if (box.attempt > 0) {
    return (
      <span className="save-status-wrap">
        <span
          className="save-status failed"
          title={`${box.failure ?? ''}\n修改已暂存在本机，会自动重试直到保存成功。`}
          data-testid="save-status"
          aria-live="polite"
        >
          保存失败，正在重试（第 {box.attempt} 次）…
        </span>
        {!inBanner && retry}
      </span>
    );
  }
  if (error && !unsaved && saving === 0) {
    return (
      <span className="save-status failed" title={error} data-testid="save-status" aria-live="polite">
        保存失败
      </span>
    );
  }
  const busy = saving > 0 || unsaved;
  return (
    <span className={busy ? 'save-status busy' : 'save-status ok'} data-testid="save-status" aria-live="polite">
      {busy ? '保存中…' : '已保存'}
    </span>
  );
}
