/** 已保存 / 保存中… / 保存失败: always visible, so a user knows their work is on disk. */
import { useApp } from '../store/app';

export function SaveStatus() {
  const saving = useApp((s) => s.saving);
  const dirty = useApp((s) => s.dirty);
  const error = useApp((s) => s.saveError);
  const ro = useApp((s) => s.session?.readOnly ?? false);
  if (ro) return <span className="save-status ro">只读</span>;
  if (error)
    return (
      <span className="save-status failed" title={error} data-testid="save-status">
        保存失败
      </span>
    );
  const busy = saving > 0 || dirty > 0;
  return (
    <span className={busy ? 'save-status busy' : 'save-status ok'} data-testid="save-status" aria-live="polite">
      {busy ? '保存中…' : '已保存'}
    </span>
  );
}
