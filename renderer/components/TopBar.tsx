/** Title bar of an open workspace: school, the four views, undo/redo, findings counts and the save status. */
import { useState } from 'react';
import { findingsView, useApp, type View } from '../store/app';
import { flushAllSaves } from '../store/autosave';
import { outbox } from '../store/saves';
import { openHistory } from '../store/versions';
import { Dialog } from './Dialog';
import { SaveStatus } from './SaveStatus';

const VIEWS: { id: View; label: string }[] = [
  { id: 'profile', label: '学校信息' },
  { id: 'data', label: '数据填报' },
  { id: 'writing', label: '报告撰写' },
  { id: 'preview', label: '预览与导出' },
];

const CHECK_STATE = { pending: '正在校验…', failed: '校验未能完成', ready: '' } as const;

export function TopBar() {
  const session = useApp((s) => s.session);
  const view = useApp((s) => s.view);
  const setView = useApp((s) => s.setView);
  // a finding a 「不适用」 mark waiting to be saved answers is not counted (lib/pending-findings.ts)
  const summary = useApp((s) => findingsView(s).summary);
  const waiting = useApp((s) => findingsView(s).waiting.length);
  // before the host's first answer the counts are unknown, not zero
  const checked = useApp((s) => s.checked);
  const pending = checked !== 'ready';
  const side = useApp((s) => s.side);
  const setSide = useApp((s) => s.setSide);
  const canUndo = useApp((s) => s.stacks.undo.length > 0);
  const canRedo = useApp((s) => s.stacks.redo.length > 0);
  const undo = useApp((s) => s.undo);
  const redo = useApp((s) => s.redo);
  const leave = useApp((s) => s.leave);
  const helpOpen = useApp((s) => s.help !== null);
  const openHelp = useApp((s) => s.openHelp);
  const closeHelp = useApp((s) => s.closeHelp);
  const [unsaved, setUnsaved] = useState<string[] | null>(null);
  if (!session) return null;
  /** 关闭: save what is pending; if some of it cannot reach the file, ask first */
  const close = async () => {
    flushAllSaves();
    if (await outbox.whenIdle(1500)) return void leave();
    setUnsaved(outbox.pendingLabels());
  };
  const p = session.workspace.profile;
  const ro = session.readOnly;

  return (
    <header className="topbar">
      <div className="brand" title={session.path}>
        <span className="brand-mark" aria-hidden="true">
          质
        </span>
        <div className="brand-text">
          <strong className="school-name">{p.name}</strong>
          <span className="muted">
            {p.level} · {p.reportYear}年度质量年报
          </span>
        </div>
      </div>
      <nav className="views" aria-label="视图">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            className={view === v.id && !helpOpen ? 'view-tab active' : 'view-tab'}
            aria-current={view === v.id && !helpOpen ? 'page' : undefined}
            onClick={() => {
              flushAllSaves();
              setView(v.id);
            }}
          >
            {v.label}
          </button>
        ))}
      </nav>
      <div className="top-actions">
        <button
          type="button"
          className="icon-btn"
          disabled={ro || !canUndo}
          onClick={() => void undo()}
          title="撤销上一步修改：数值、文字、内容块的新增、删除和移动（Ctrl+Z），并显示撤销了哪里"
        >
          ↶<span className="btn-label"> 撤销</span>
        </button>
        <button
          type="button"
          className="icon-btn"
          disabled={ro || !canRedo}
          onClick={() => void redo()}
          title="重做（Ctrl+Y）"
        >
          ↷<span className="btn-label"> 重做</span>
        </button>
        <button
          type="button"
          className={side === 'findings' ? 'findings-btn on' : 'findings-btn'}
          onClick={() => setSide(side === 'findings' ? null : 'findings')}
          title={
            pending
              ? CHECK_STATE[checked]
              : waiting > 0
                ? `校验结果（另有 ${waiting} 项已标记「不适用」，待保存）`
                : '校验结果'
          }
          aria-label={
            pending
              ? `校验：${CHECK_STATE[checked]}`
              : `校验：${summary.error} 个错误、${summary.warning} 个警告、${summary.info} 条提示`
          }
          data-testid="findings-toggle"
        >
          校验
          <span className="count error" title="错误">
            {pending ? '…' : summary.error}
          </span>
          <span className="count warning" title="警告">
            {pending ? '…' : summary.warning}
          </span>
          <span className="count info" title="提示">
            {pending ? '…' : summary.info}
          </span>
        </button>
        <SaveStatus />
        <button
          type="button"
          className="icon-btn"
          onClick={openHistory}
          title="查看修改历史，恢复以前的内容"
          data-testid="history-button"
        >
          历史版本
        </button>
        <button
          type="button"
          className={helpOpen ? 'icon-btn help-btn on' : 'icon-btn help-btn'}
          aria-pressed={helpOpen}
          onClick={() => (helpOpen ? closeHelp() : openHelp())}
          title="使用说明（F1）"
          data-testid="help-button"
        >
          ？<span className="btn-label"> 帮助</span>
        </button>
        <button type="button" className="link-btn" onClick={() => void close()}>
          关闭
        </button>
      </div>
      {unsaved && (
        <Dialog
          title="还有修改没有保存"
          confirmLabel="仍然关闭"
          cancelLabel="返回继续编辑"
          danger
          focusCancel
          onConfirm={() => {
            setUnsaved(null);
            void leave();
          }}
          onCancel={() => setUnsaved(null)}
          testId="confirm-close"
        >
          <p>以下 {unsaved.length} 处修改还没有保存到文件（正在重试）：</p>
          <ul className="restore-list">
            {unsaved.slice(0, 10).map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          <p className="muted">如果仍然关闭，这些修改暂存在本机，下次打开这个工作区时会自动恢复并保存。</p>
        </Dialog>
      )}
    </header>
  );
}
