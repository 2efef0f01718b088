/**
 * After opening a workspace: what the local journal put back (edits that had not reached the file when the window
 * was last closed or crashed), and, with their text to copy, edits that were NOT put back because the file holds
 * newer content at that place. Nothing is written over newer data, and nothing typed disappears without a word.
 */
import { useApp } from '../store/app';
import { dismissRestoreReport } from '../store/saves';
import { Dialog } from './Dialog';

export function RestoreNotice() {
  const report = useApp((s) => s.restoreReport);
  if (!report) return null;
  const close = dismissRestoreReport;
  const { restored, stale } = report;
  return (
    <Dialog title="已恢复未保存的修改" cancelLabel="知道了" onCancel={close} testId="restore-notice">
      {restored.length > 0 && (
        <>
          <p>上次关闭或刷新窗口前，有 {restored.length} 处修改还没有保存到文件。已把它们恢复到原处，并正在保存：</p>
          <ul className="restore-list" data-testid="restored">
            {restored.map((r, i) => (
              <li key={`${r.label}-${String(i)}`}>{r.label}</li>
            ))}
          </ul>
        </>
      )}
      {stale.length > 0 && (
        <>
          <p className="warn-text">
            以下 {stale.length} 处没有恢复：文件中的内容比这些修改新，保留了文件中的内容。需要时可从下面复制：
          </p>
          <ul className="restore-list stale" data-testid="not-restored">
            {stale.map((r, i) => (
              <li key={`${r.label}-${String(i)}`}>
                <strong>{r.label}</strong>
                <span className="muted">（{r.reason}）</span>
                <textarea readOnly value={r.text} aria-label={`未恢复的内容：${r.label}`} rows={3} />
              </li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}
