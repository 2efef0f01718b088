/**
 * 数据填报: the six tables as tabs, the grid of the chosen table, and a line about the selected cell
 * (indicator, unit, where its value comes from, description, its findings) with a button for its change history
 * and, on a derived cell whose stored copy conflicts with its formula, 「按公式重新计算」.
 */
import { useMemo } from 'react';
import type { FrameworkTable } from '../../core/framework/schema';
import { explainValue } from '../../core/values/explain';
import { Grid } from '../components/Grid';
import { targetKey } from '../lib/comments';
import { formatValue } from '../lib/format';
import { gridValues } from '../lib/values';
import { cellKey, findingsView, useApp } from '../store/app';
import { DataToolbar } from './DataToolbar';

export function DataEntryView() {
  const session = useApp((s) => s.session);
  const tableId = useApp((s) => s.tableId);
  const setTable = useApp((s) => s.setTable);
  const findings = useApp((s) => findingsView(s).open);
  const tables = useMemo(
    () => [...(session?.framework.tables ?? [])].sort((a, b) => a.order - b.order),
    [session?.framework],
  );

  if (!session) return null;
  const table = tables.find((t) => t.id === tableId) ?? tables[0];
  if (!table) return <p className="muted pad">指标体系中没有数据表。</p>;

  const counts = new Map<string, { error: number; warning: number }>();
  for (const f of findings) {
    if (f.location.type !== 'cell') continue;
    const c = counts.get(f.location.tableId) ?? { error: 0, warning: 0 };
    if (f.severity === 'error') c.error++;
    else if (f.severity === 'warning') c.warning++;
    counts.set(f.location.tableId, c);
  }

  return (
    <div className="data-view">
      <DataToolbar />
      <div className="table-tabs" role="tablist" aria-label="指标表">
        {tables.map((t, i) => {
          const c = counts.get(t.id);
          return (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={t.id === table.id}
              className={t.id === table.id ? 'table-tab active' : 'table-tab'}
              onClick={() => setTable(t.id)}
              data-table={t.id}
            >
              <span className="tab-no">表{i + 1}</span>
              {t.name}
              {c && c.error > 0 && <span className="dot error" title={`${c.error} 个错误`} />}
              {c && c.error === 0 && c.warning > 0 && <span className="dot warning" title={`${c.warning} 个警告`} />}
            </button>
          );
        })}
      </div>
      <Grid table={table} />
      <CellInfo table={table} />
    </div>
  );
}

function CellInfo({ table }: { table: FrameworkTable }) {
  const cell = useApp((s) => s.cell);
  const findings = useApp((s) => findingsView(s).open);
  const waiting = useApp((s) => findingsView(s).waiting);
  const setSide = useApp((s) => s.setSide);
  const side = useApp((s) => s.side);
  const showComments = useApp((s) => s.showComments);
  const comments = useApp((s) => s.session?.workspace.comments);
  const error = useApp((s) => (s.cell ? s.cellErrors[cellKey(s.cell.indicatorId, s.cell.year)] : undefined));
  const values = useApp((s) => s.values);
  const framework = useApp((s) => s.session?.framework);
  const readOnly = useApp((s) => s.session?.readOnly ?? true);
  const recompute = useApp((s) => s.recompute);
  const ind = cell ? table.indicators.find((i) => i.id === cell.indicatorId) : undefined;
  if (!cell || !ind) {
    return (
      <div className="cell-info muted">
        选中单元格后直接输入数字；可从 Excel 复制一块数据后按 Ctrl+V 粘贴。方向键移动，Enter 确认并下移，F2 修改，Ctrl+D
        向下填充，Delete 清除，右键查看更多操作；拖动表头右边线可调整列宽。
      </div>
    );
  }
  const target = { type: 'cell' as const, tableId: table.id, indicatorId: ind.id, year: cell.year };
  const threads = (comments ?? []).filter((c) => c.parentId === null && targetKey(c.target) === targetKey(target));
  const openThreads = threads.filter((c) => c.status === 'open').length;
  const vals = framework && ind.formula ? gridValues(values, framework) : null;
  const r = vals?.resolve(ind.id, cell.year);
  const origin = !r
    ? ''
    : r.origin === 'reported'
      ? ' · 填报值'
      : r.origin === 'computed'
        ? ' · 自动计算'
        : ' · 自动计算（缺少组成数据）';
  const mine = findings.filter(
    (f) => f.location.type === 'cell' && f.location.indicatorId === ind.id && f.location.year === cell.year,
  );
  const mineWaiting = waiting.find(
    ({ finding: { location: l } }) => l.type === 'cell' && l.indicatorId === ind.id && l.year === cell.year,
  );
  return (
    <div className="cell-info">
      <div className="cell-info-main">
        <strong>{ind.name}</strong>
        <span className="muted">
          {cell.year}年{ind.unit ? ` · 单位：${ind.unit}` : ''}
          {origin}
          {ind.required === true ? ' · 必填' : ind.required === 'graduates' ? ' · 有毕业生的年度必填' : ''}
        </span>
        {ind.description && <span className="desc">{ind.description}</span>}
        {r && vals && (
          <span className={r.conflict ? 'desc conflict-line' : 'desc'} data-testid="cell-origin">
            {explainValue(r, vals.vf, (x) => formatValue(x, ind.decimals, true))}
          </span>
        )}
        {error && <span className="field-error">{error}</span>}
        {mine.map((f) => (
          <span key={f.ruleId + f.message} className={`finding-line ${f.severity}`}>
            {f.message}
          </span>
        ))}
        {mineWaiting && (
          <span className="finding-line waiting" data-testid="cell-waiting">
            {mineWaiting.saved ? '已标记「不适用」，正在重新校验' : '已标记「不适用」，待保存：保存后重新校验'}
          </span>
        )}
      </div>
      {r?.conflict && !readOnly && (
        <button
          type="button"
          className="small primary"
          onClick={() => void recompute([{ indicatorId: ind.id, year: cell.year }])}
          data-testid="recompute-cell"
        >
          按公式重新计算
        </button>
      )}
      {threads.length > 0 && (
        <button
          type="button"
          className={openThreads ? 'small comment-btn open' : 'small comment-btn'}
          onClick={() => showComments(target)}
          data-testid="cell-comments"
        >
          批注 {threads.length}
          {openThreads ? `（${openThreads} 条未解决）` : ''}
        </button>
      )}
      <button
        type="button"
        className={side === 'history' ? 'small on' : 'small'}
        onClick={() => setSide(side === 'history' ? 'findings' : 'history')}
        data-testid="history-toggle"
      >
        修改记录
      </button>
    </div>
  );
}
