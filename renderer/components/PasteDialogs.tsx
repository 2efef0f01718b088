/**
 * The two dialogs of a paste from Excel (store/paste.ts): before, when the block does not fit or its matching is
 * unsure (what will go where, what will not, years to add, which row is which indicator); after, when anything
 * was not pasted (every such cell listed with its reason, and a button to copy them back out).
 */
import { dropSummary, type GridPastePlan } from '../../core/paste/grid';
import { cellPlace } from '../lib/places';
import { useApp } from '../store/app';
import { cancelAsk, chooseInAsk, confirmAsk, copyBack, type GridAsk, usePaste } from '../store/paste';
import { Dialog } from './Dialog';

export function PasteDialogs() {
  const ask = usePaste((s) => s.ask);
  const report = usePaste((s) => s.report);
  if (ask) return <AskDialog ask={ask} />;
  if (report) return <ReportDialog />;
  return null;
}

function modeText(ask: GridAsk): string {
  const { plan, target } = ask;
  const fw = useApp.getState().session?.framework;
  const ind = target.table.indicators[target.start.row];
  const year = target.years[target.start.col];
  const at = fw && ind && year ? `「${cellPlace(fw, ind.id, year)}」` : '所选单元格';
  switch (plan.mode) {
    case 'position':
      return `从${at}起按位置粘贴。`;
    case 'header':
      return `按第一行的年份对应各列，从${at}所在行起向下粘贴。`;
    case 'labels':
      return `按指标名称对应各行，从${year ?? ''}年列起向右粘贴。`;
    case 'labels+header':
      return '按指标名称对应各行、按第一行的年份对应各列粘贴（与所选单元格无关）。';
  }
}

function whereText(plan: GridPastePlan): string {
  const tables = [...new Set(plan.writes.map((w) => w.tableName))];
  const years = [...new Set(plan.writes.map((w) => w.year))].sort((a, b) => a - b);
  if (plan.writes.length === 0) return '没有可以粘贴的单元格。';
  const ys = years.length > 1 ? `${years[0]}–${years.at(-1)}年` : `${years[0]}年`;
  return `可以粘贴 ${plan.writes.length} 个单元格（${tables.join('、')}，${ys}）。`;
}

function AskDialog({ ask }: { ask: GridAsk }) {
  const busy = usePaste((s) => s.busy);
  const fw = useApp((s) => s.session?.framework);
  const { plan, choices } = ask;
  const unsure = plan.rowMappings.filter((m) => m.match.kind !== 'found');
  const needsYears = plan.missingYears.length > 0;
  const notPasted = plan.dropped.filter((d) => d.reason !== 'year-missing' || !choices.addYears);
  return (
    <Dialog
      title={plan.needsPreview || unsure.length > 0 ? '粘贴预览：请确认对应关系' : '粘贴的内容放不下'}
      confirmLabel={plan.writes.length > 0 ? `粘贴 ${plan.writes.length} 个单元格` : '确定'}
      onConfirm={() => void confirmAsk()}
      onCancel={cancelAsk}
      busy={busy}
      testId="paste-ask"
    >
      <p>
        复制的内容有 {plan.size.rows} 行 × {plan.size.cols} 列。{modeText(ask)}
      </p>
      <p data-testid="paste-ask-summary">
        <strong>{whereText(plan)}</strong>
        {notPasted.length > 0 && (
          <>
            另有 <strong>{notPasted.length}</strong> 个单元格不能粘贴（{dropSummary(notPasted)}
            ），粘贴后会逐个列出，并可复制出来另作处理。
          </>
        )}
      </p>
      {plan.headerAmbiguous && (
        <label className="check-line">
          <input
            type="checkbox"
            checked={choices.headerRow ?? plan.headerRow}
            onChange={(e) => chooseInAsk({ headerRow: e.target.checked })}
            data-testid="paste-header-row"
          />
          第一行是年份（表头），不是数据
        </label>
      )}
      {needsYears && (
        <label className="check-line">
          <input
            type="checkbox"
            checked={choices.addYears ?? false}
            onChange={(e) => chooseInAsk({ addYears: e.target.checked })}
            data-testid="paste-add-years"
          />
          把 {plan.missingYears.map((y) => `${y}年度`).join('、')} 添加到工作区，并粘贴这些年份的数据
        </label>
      )}
      {unsure.length > 0 && fw && (
        <table className="problem-table paste-map" data-testid="paste-map">
          <thead>
            <tr>
              <th>来源</th>
              <th>复制的名称</th>
              <th>粘贴到</th>
            </tr>
          </thead>
          <tbody>
            {unsure.map((m) => (
              <tr key={m.r}>
                <td>第 {m.r + 1} 行</td>
                <td>
                  {m.label || '（空）'}
                  {m.match.kind === 'ambiguous' && <span className="muted">（对应多个指标）</span>}
                </td>
                <td>
                  <select
                    aria-label={`第 ${m.r + 1} 行粘贴到`}
                    value={m.chosen ?? ''}
                    onChange={(e) => chooseInAsk({ rows: { [m.r]: e.target.value || null } })}
                  >
                    <option value="">（不粘贴这一行）</option>
                    {(m.match.kind === 'ambiguous'
                      ? [{ name: '可能的指标', indicators: m.match.candidates.map((k) => k.ind) }]
                      : fw.tables
                    ).map((t) => (
                      <optgroup key={t.name} label={t.name}>
                        {t.indicators
                          .filter((i) => !i.formula)
                          .map((i) => (
                            <option key={i.id} value={i.id}>
                              {i.name}
                            </option>
                          ))}
                      </optgroup>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}

function ReportDialog() {
  const report = usePaste((s) => s.report);
  if (!report) return null;
  const close = () => usePaste.setState({ report: null });
  if (report.kind === 'table') {
    return (
      <Dialog title="粘贴结果" cancelLabel="知道了" onCancel={close} testId="paste-report">
        <p>
          已填入 {report.filled} 个单元格
          {report.addedRows > 0 && `，新增 ${report.addedRows} 行`}
          {report.addedCols > 0 && `，新增 ${report.addedCols} 列`}。
        </p>
        <p className="warn-text">
          以下 {report.cut.length} 处超出了表格的限制，<strong>没有粘贴</strong>：
        </p>
        <ul className="change-list paste-dropped">
          {report.cut.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
        <p>
          <button type="button" className="small" onClick={() => void copyBack()}>
            复制未粘贴的内容
          </button>
        </p>
      </Dialog>
    );
  }
  return (
    <Dialog title="粘贴结果" cancelLabel="知道了" onCancel={close} testId="paste-report">
      <p data-testid="paste-report-summary">
        已粘贴 <strong>{report.written}</strong> 个单元格
        {report.addedYears.length > 0 && `，并添加了 ${report.addedYears.map((y) => `${y}年度`).join('、')}`}。
        {report.dropped.length > 0 && (
          <>
            有 <strong>{report.droppedCells}</strong> 个单元格<strong>没有粘贴</strong>，逐个列在下面。
          </>
        )}
      </p>
      {report.where.length > 0 && (
        <details open={report.where.length <= 8}>
          <summary>粘贴到了哪里（{report.where.length} 行）</summary>
          <ul className="change-list paste-where">
            {report.where.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
        </details>
      )}
      {report.dropped.length > 0 && (
        <>
          <h4 className="warn-text">没有粘贴的单元格（来源为复制内容中的行列）</h4>
          <ul className="change-list paste-dropped" data-testid="paste-dropped">
            {report.dropped.map((x) => (
              <li key={x}>{x}</li>
            ))}
          </ul>
          <p>
            <button type="button" className="small" onClick={() => void copyBack()} data-testid="paste-copy-back">
              复制未粘贴的内容
            </button>
            <span className="muted"> 按原来的行列位置复制，可粘贴回 Excel 核对。</span>
          </p>
        </>
      )}
    </Dialog>
  );
}
