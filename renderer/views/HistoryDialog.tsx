/**
 * 历史版本: every change to the workspace, newest first, each with a button that puts its target back as it was
 * before; and the snapshots of the whole workspace (taken on open and export) with 恢复到此版本. A restore asks
 * first and is itself recorded, so it can be undone from the same list.
 */
import { Dialog } from '../components/Dialog';
import { formatTime } from '../lib/time';
import { useApp } from '../store/app';
import {
  askRestore,
  cancelRestore,
  closeHistory,
  confirmRestore,
  HISTORY_PAGE,
  loadHistoryPage,
  showTab,
  useHistory,
} from '../store/versions';

const REASON = { open: '打开时', export: '导出时', restore: '恢复前' } as const;
const HOW: Record<string, string> = {
  manual: '',
  paste: '粘贴',
  import: '导入',
  restore: '恢复',
  demo: '示例',
  api: '',
};

export function HistoryDialog() {
  const h = useHistory();
  const readOnly = useApp((s) => s.session?.readOnly ?? true);
  if (!h.open) return null;

  if (h.pending) {
    const what =
      h.pending.kind === 'entry'
        ? `${h.pending.item.restoreLabel}：${h.pending.item.title}`
        : `把整个工作区恢复到 ${formatTime(h.pending.snapshot.at)} 的版本（${h.pending.snapshot.blocks} 个内容块、${h.pending.snapshot.values} 项指标数据）`;
    return (
      <Dialog
        title="确认恢复"
        confirmLabel="恢复"
        onConfirm={() => void confirmRestore()}
        onCancel={cancelRestore}
        busy={h.busy}
        testId="history-confirm"
      >
        <p>{what}</p>
        <p className="muted">恢复本身也会记入修改历史，之后仍可在这里撤销。</p>
      </Dialog>
    );
  }

  const pages = Math.max(1, Math.ceil(h.total / HISTORY_PAGE));
  const page = Math.floor(h.offset / HISTORY_PAGE) + 1;
  return (
    <Dialog title="历史版本" cancelLabel="关闭" onCancel={closeHistory} testId="history-dialog">
      <div className="history-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={h.tab === 'changes'}
          className={h.tab === 'changes' ? 'on' : ''}
          onClick={() => showTab('changes')}
        >
          修改记录
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={h.tab === 'snapshots'}
          className={h.tab === 'snapshots' ? 'on' : ''}
          onClick={() => showTab('snapshots')}
        >
          整个工作区的版本
        </button>
      </div>
      {h.error && (
        <p className="history-error" role="alert">
          {h.error}
        </p>
      )}
      {h.tab === 'changes' ? (
        <>
          {h.items.length === 0 && !h.loading && <p className="muted">还没有修改记录。</p>}
          <ol className="history-list" data-testid="history-list">
            {h.items.map((i) => (
              <li key={i.ref} className="history-item" data-ref={i.ref}>
                <div className="history-text">
                  <span className="history-title">{i.title}</span>
                  {i.detail && <span className="history-detail">{i.detail}</span>}
                  <span className="history-when">
                    {formatTime(i.at)}
                    {HOW[i.how] ? ` · ${HOW[i.how]}` : ''}
                  </span>
                </div>
                {i.restoreLabel && (
                  <button
                    type="button"
                    className="history-restore"
                    disabled={readOnly}
                    title={readOnly ? '只读打开的工作区不能恢复' : undefined}
                    onClick={() => askRestore({ kind: 'entry', item: i })}
                  >
                    {i.restoreLabel}
                  </button>
                )}
              </li>
            ))}
          </ol>
          <div className="history-pager">
            <button
              type="button"
              disabled={h.offset === 0}
              onClick={() => void loadHistoryPage(h.offset - HISTORY_PAGE)}
            >
              较新
            </button>
            <span className="muted">
              第 {page} / {pages} 页，共 {h.total} 条
            </span>
            <button
              type="button"
              disabled={h.offset + HISTORY_PAGE >= h.total}
              onClick={() => void loadHistoryPage(h.offset + HISTORY_PAGE)}
            >
              较早
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="muted">
            打开工作区和导出报告时自动保存整个工作区的版本（内容有变化时），保留最近 {h.snapshotLimit}{' '}
            个；更早的修改仍可在“修改记录”中逐条恢复。
          </p>
          {h.snapshots.length === 0 && !h.loading && <p className="muted">还没有保存的版本。</p>}
          <ol className="history-list" data-testid="snapshot-list">
            {h.snapshots.map((v) => (
              <li key={v.id} className="history-item" data-snapshot={v.id}>
                <div className="history-text">
                  <span className="history-title">
                    {formatTime(v.at)}（{v.label || REASON[v.reason]}）
                  </span>
                  <span className="history-detail">
                    {v.blocks} 个内容块、{v.values} 项指标数据
                  </span>
                </div>
                <button
                  type="button"
                  className="history-restore"
                  disabled={readOnly}
                  onClick={() => askRestore({ kind: 'snapshot', snapshot: v })}
                >
                  恢复到此版本
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </Dialog>
  );
}
