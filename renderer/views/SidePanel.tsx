/**
 * The right-hand panel: 校验 (findings of a chosen year grouped by severity, then by place; click to jump;
 * citation one click away), 修改记录 (the selected cell's change history), 批注 (review comments) or 自评.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChangeEntry, Workspace } from '../../core/model';
import type { OutlineOptional } from '../../core/report/chapter-numbers';
import type { Finding } from '../../core/validate/types';
import { blockOrdinal, sectionPlace } from '../lib/comments';
import { formatValue } from '../lib/format';
import { SIDE_MAX, SIDE_MIN } from '../lib/layout-prefs';
import { ANSWERED_BY_NA, type WaitingFinding } from '../lib/pending-findings';
import { formatTime } from '../lib/time';
import { yearsOf } from '../lib/years';
import { findingsView, shownFindingsYear, useApp } from '../store/app';
import { backend } from '../store/backend';
import { outlineOptional, useEditions } from '../store/editions';
import { CommentsPanel } from './CommentsPanel';
import { SelfcheckPanel } from './SelfcheckPanel';

const SEVERITIES = [
  { id: 'error', label: '错误' },
  { id: 'warning', label: '警告' },
  { id: 'info', label: '提示' },
] as const;

function placeOf(f: Finding, ws: Workspace | undefined, outline: OutlineOptional | undefined): string {
  const l = f.location;
  if (l.type === 'cell') return l.tableName;
  if (l.type === 'block') {
    // the section's numbered title as the report numbers it, so the same message in two sections reads as two places
    const sec = ws ? sectionPlace(ws, l.sectionId, l.blockId, outline) : '';
    return `报告 · ${l.chapterTitle}${sec ? ` › ${sec}` : ''}`;
  }
  return l.label || '工作区';
}

/**
 * The panel's left edge: drag it (or focus it and press ←/→) to make the panel wider or narrower; double-click
 * collapses it. The width is remembered (App keeps it, lib/layout-prefs.ts stores it).
 */
function SideResizer({ width, onWidth }: { width: number; onWidth(w: number): void }) {
  const start = useRef<{ x: number; w: number } | null>(null);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable splitter has no native element (<hr> takes no keys)
    <div
      className="side-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label="调整面板宽度（←/→）"
      aria-valuenow={width}
      aria-valuemin={SIDE_MIN}
      aria-valuemax={SIDE_MAX}
      tabIndex={0}
      title="拖动调整宽度，双击收起"
      data-testid="side-resizer"
      onPointerDown={(e) => {
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = { x: e.clientX, w: width };
      }}
      onPointerMove={(e) => {
        if (start.current) onWidth(start.current.w + (start.current.x - e.clientX));
      }}
      onPointerUp={() => {
        start.current = null;
      }}
      onDoubleClick={() => useApp.getState().setSide(null)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          onWidth(width + (e.key === 'ArrowLeft' ? 24 : -24));
        }
      }}
    />
  );
}

export function SidePanel({ width, onWidth }: { width: number; onWidth(w: number): void }) {
  const side = useApp((s) => s.side);
  const setSide = useApp((s) => s.setSide);
  const openComments = useApp(
    (s) => s.session?.workspace.comments.filter((c) => c.parentId === null && c.status === 'open').length ?? 0,
  );
  return (
    <aside
      className="side"
      aria-label={
        side === 'history' ? '修改记录' : side === 'comments' ? '批注' : side === 'selfcheck' ? '自评' : '校验结果'
      }
    >
      <SideResizer width={width} onWidth={onWidth} />
      <div className="side-tabs">
        <button type="button" className={side === 'findings' ? 'active' : ''} onClick={() => setSide('findings')}>
          校验结果
        </button>
        <button type="button" className={side === 'history' ? 'active' : ''} onClick={() => setSide('history')}>
          修改记录
        </button>
        <button
          type="button"
          className={side === 'comments' ? 'active' : ''}
          onClick={() => useApp.getState().showComments(null)}
          data-testid="comments-tab"
        >
          批注{openComments > 0 && <span className="tab-count">{openComments}</span>}
        </button>
        <button
          type="button"
          className={side === 'selfcheck' ? 'active' : ''}
          onClick={() => setSide('selfcheck')}
          data-testid="selfcheck-tab"
        >
          自评
        </button>
        <button
          type="button"
          className="link-btn close"
          onClick={() => setSide(null)}
          aria-label="收起面板"
          title="收起"
        >
          ×
        </button>
      </div>
      {side === 'history' ? (
        <HistoryPanel />
      ) : side === 'comments' ? (
        <CommentsPanel />
      ) : side === 'selfcheck' ? (
        <SelfcheckPanel />
      ) : (
        <FindingsPanel />
      )}
    </aside>
  );
}

/** 年度 selector: findings of earlier years can be looked at; the report year is the default. */
function YearSelect() {
  const session = useApp((s) => s.session);
  const year = useApp(shownFindingsYear);
  const setFindingsYear = useApp((s) => s.setFindingsYear);
  if (!session) return null;
  const reportYear = session.workspace.profile.reportYear;
  const years = yearsOf(reportYear, session.workspace.years).reverse();
  return (
    <label className="findings-year">
      <span>年度</span>
      <select
        value={year}
        onChange={(e) => {
          const y = Number(e.target.value);
          void setFindingsYear(y === reportYear ? null : y);
        }}
        aria-label="校验年度"
      >
        {years.map((y) => (
          <option key={y} value={y}>
            {y}年{y === reportYear ? '（报告年度）' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * 「2024年 5 项、2023年 2 项」: the findings per year the report prints (the appendix's earlier year included), so
 * problems in a year other than the report year are counted where the user sees them.
 */
function perYear(findings: readonly Finding[], reportYear: number | undefined): string {
  const n = new Map<number, number>();
  for (const f of findings) {
    const y = f.location.type === 'cell' ? f.location.year : reportYear;
    if (y !== undefined) n.set(y, (n.get(y) ?? 0) + 1);
  }
  if (n.size < 2) return '';
  return [...n.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([y, k]) => `${y}年 ${k} 项`)
    .join('、');
}

function FindingsPanel() {
  // the host's findings, less those a 「不适用」 mark waiting to be saved answers (shown apart, not counted)
  const { open: findings, waiting, summary } = useApp(findingsView);
  const checked = useApp((s) => s.checked);
  const ws = useApp((s) => s.session?.workspace);
  const readOnly = useApp((s) => s.session?.readOnly ?? true);
  const openNotApplicable = useApp((s) => s.openNotApplicable);
  const jumpTo = useApp((s) => s.jumpTo);
  const years = perYear(findings, ws?.profile.reportYear);
  const [open, setOpen] = useState<Record<string, boolean>>({ error: true, warning: true, info: false });
  const [cited, setCited] = useState<string | null>(null);
  const info = useEditions((s) => s.info);
  const outline = useMemo(() => outlineOptional(info), [info]);

  const groups = useMemo(() => {
    return SEVERITIES.map((s) => {
      const items = findings.filter((f) => f.severity === s.id);
      const byPlace = new Map<string, Finding[]>();
      for (const f of items) {
        const p = placeOf(f, ws, outline);
        byPlace.set(p, [...(byPlace.get(p) ?? []), f]);
      }
      return { ...s, count: items.length, places: [...byPlace.entries()] };
    });
  }, [findings, ws, outline]);

  // until the host has answered for this workspace and year, an empty list says nothing about the report
  const status =
    checked === 'pending' ? (
      <p className="muted summary-line" role="status" data-testid="findings-pending">
        正在校验…
      </p>
    ) : checked === 'failed' ? (
      <p className="field-error" role="alert" data-testid="findings-failed">
        校验未能完成，这里没有最新结果。{' '}
        <button
          type="button"
          className="small"
          onClick={() => {
            useApp.setState({ checked: 'pending' });
            void useApp.getState().revalidate();
          }}
        >
          重新校验
        </button>
      </p>
    ) : null;
  if (findings.length === 0 && waiting.length === 0) {
    return (
      <div className="side-body">
        <YearSelect />
        {status ?? <p className="all-good">未发现问题。数据与报告符合指标体系的全部校验规则。</p>}
      </div>
    );
  }
  return (
    <div className="side-body findings" data-testid="findings">
      <YearSelect />
      {status}
      <p className="muted summary-line" data-testid="findings-summary">
        {findings.length === 0
          ? '没有待处理的问题。'
          : `共 ${summary.error} 个错误、${summary.warning} 个警告、${summary.info} 条提示。点击可定位到单元格或段落。`}
        {waiting.length > 0 && `另有 ${waiting.length} 项已标记「不适用」，保存后重新校验。`}
      </p>
      {years && (
        <p className="muted summary-line" data-testid="findings-years">
          含附表所印各年度：{years}。
        </p>
      )}
      {groups.map((g) =>
        g.count === 0 ? null : (
          <section key={g.id} className={`sev-group ${g.id}`}>
            <button
              type="button"
              className="sev-head"
              aria-expanded={open[g.id] ?? false}
              onClick={() => setOpen({ ...open, [g.id]: !open[g.id] })}
            >
              <span className={`sev-badge ${g.id}`}>{g.label}</span>
              <span className="sev-count">{g.count}</span>
              <span className="chev">{open[g.id] ? '▾' : '▸'}</span>
            </button>
            {open[g.id] &&
              g.places.map(([place, items]) => (
                <div key={place} className="place">
                  <h4>{place}</h4>
                  <ul>
                    {items.map((f, i) => {
                      const id = `${f.ruleId}|${i}|${place}`;
                      return (
                        <li key={id} className="finding" data-rule={f.ruleId} data-severity={f.severity}>
                          <button type="button" className="finding-main" onClick={() => jumpTo(f)}>
                            {whereOf(f, ws) && <span className="where">{whereOf(f, ws)}</span>}
                            <span className="msg">{f.message}</span>
                            {f.status === 'progress' && <span className="tag">目标推进中</span>}
                            {f.unconfirmed && <span className="tag">待核实</span>}
                          </button>
                          {(f.citation || f.hint) && (
                            <button
                              type="button"
                              className="cite-toggle"
                              aria-expanded={cited === id}
                              onClick={() => setCited(cited === id ? null : id)}
                            >
                              {cited === id ? '收起依据' : '依据'}
                            </button>
                          )}
                          {cited === id && (
                            <div className="citation">
                              {f.hint && <p className="hint">{f.hint}</p>}
                              {f.citation && (
                                <>
                                  <p className="cite-text">{f.citation.text}</p>
                                  {f.citation.quote && <blockquote>{f.citation.quote}</blockquote>}
                                </>
                              )}
                            </div>
                          )}
                          {!readOnly && f.location.type === 'cell' && ANSWERED_BY_NA.has(f.kind) && (
                            <div className="finding-actions">
                              <button
                                type="button"
                                className="link-btn"
                                data-testid="mark-na"
                                onClick={() => {
                                  const l = f.location;
                                  if (l.type === 'cell')
                                    openNotApplicable({ indicatorId: l.indicatorId, year: l.year });
                                }}
                              >
                                本年度不适用？标为「不适用」…
                              </button>
                            </div>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </div>
              ))}
          </section>
        ),
      )}
      <WaitingGroup waiting={waiting} ws={ws} onJump={jumpTo} />
    </div>
  );
}

/**
 * The findings a 「不适用」 mark answers while the mark waits in the save outbox (host unreachable): muted, apart
 * from the open problems and not counted. They leave when the host's findings include the mark, and go back to
 * their group if the mark is refused or taken back.
 */
function WaitingGroup({
  waiting,
  ws,
  onJump,
}: {
  waiting: WaitingFinding[];
  ws: Workspace | undefined;
  onJump(f: Finding): void;
}) {
  if (waiting.length === 0) return null;
  return (
    <section className="sev-group waiting" data-testid="findings-waiting">
      <div className="sev-head">
        <span className="sev-badge waiting">待保存</span>
        <span className="sev-count">{waiting.length}</span>
      </div>
      <ul>
        {waiting.map(({ finding: f, reason, saved }) => (
          <li
            key={`${f.key ?? f.ruleId}|${f.message}`}
            className="finding waiting"
            data-rule={f.ruleId}
            data-waiting={saved ? 'saved' : 'queued'}
          >
            <button type="button" className="finding-main" onClick={() => onJump(f)}>
              <span className="tag waiting">{saved ? '已标记不适用，正在重新校验' : '已标记不适用，待保存'}</span>
              {whereOf(f, ws) && <span className="where">{whereOf(f, ws)}</span>}
              <span className="msg">{f.message}</span>
              <span className="reason">不适用的原因：{reason}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function whereOf(f: Finding, ws: Workspace | undefined): string {
  const l = f.location;
  if (l.type === 'cell') return `${l.indicatorName} · ${l.year}年`;
  if (l.type === 'block' && l.blockId) {
    return (ws ? blockOrdinal(ws, l.blockId) : '') || '内容块';
  }
  return '';
}

/** The selected cell's 「不适用」 mark: its reason and 撤销, or 「标为不适用…」 for an empty input cell. */
function NotApplicableLine({ indicatorId, year, derived }: { indicatorId: string; year: number; derived: boolean }) {
  const reason = useApp((s) => s.naMarks[`${indicatorId}|${year}`]);
  const readOnly = useApp((s) => s.session?.readOnly ?? true);
  const open = useApp((s) => s.openNotApplicable);
  const mark = useApp((s) => s.markNotApplicable);
  if (reason !== undefined) {
    return (
      <p className="na-line" data-testid="na-line">
        已标为「不适用」：{reason}
        {!readOnly && (
          <button type="button" className="link-btn" onClick={() => void mark({ indicatorId, year }, null)}>
            撤销
          </button>
        )}
      </p>
    );
  }
  if (readOnly || derived) return null;
  return (
    <p className="na-line">
      <button type="button" className="link-btn" onClick={() => open({ indicatorId, year })}>
        本年度不适用？标为「不适用」…
      </button>
    </p>
  );
}

const HOW: Record<string, string> = {
  manual: '手工填写',
  paste: '粘贴',
  import: '导入',
  demo: '示例数据',
  derived: '自动计算',
  api: '命令行',
  carry: '从上一年度带入',
  upgrade: '升级指标体系',
};

function HistoryPanel() {
  const cell = useApp((s) => s.cell);
  const session = useApp((s) => s.session);
  const values = useApp((s) => s.values);
  const [entries, setEntries] = useState<ChangeEntry[] | null>(null);
  const [error, setError] = useState('');
  const ind = useMemo(() => {
    if (!cell || !session) return undefined;
    for (const t of session.framework.tables) {
      const i = t.indicators.find((x) => x.id === cell.indicatorId);
      if (i) return i;
    }
    return undefined;
  }, [cell, session]);
  const currentValue = cell ? values[`${cell.indicatorId}|${cell.year}`] : undefined;

  useEffect(() => {
    if (!cell) return;
    let live = true;
    setError('');
    // refetch whenever the value changes so the list includes the edit just made
    void currentValue;
    backend
      .history(cell.indicatorId, cell.year)
      .then((e) => live && setEntries(e))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [cell, currentValue]);

  if (!cell || !ind) return <div className="side-body muted">选中一个单元格，查看它的修改记录。</div>;
  const fmt = (v: number | null) => (v === null ? '（空）' : formatValue(v, ind.decimals));
  return (
    <div className="side-body history" data-testid="history">
      <h4>
        {ind.name} · {cell.year}年
      </h4>
      <NotApplicableLine indicatorId={cell.indicatorId} year={cell.year} derived={!!ind.formula} />
      {error && <p className="field-error">{error}</p>}
      {entries && entries.length === 0 && <p className="muted">还没有修改记录。</p>}
      <ol className="history-list">
        {[...(entries ?? [])].reverse().map((e) => (
          <li key={e.id}>
            <span className="when">{formatTime(e.at)}</span>
            <span className="change">
              {fmt(e.oldValue)} → <strong>{fmt(e.newValue)}</strong>
            </span>
            <span className="how muted">{HOW[e.how] ?? e.how}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
