/**
 * 合规矩阵: schools (rows) × rules (columns), each cell 通过 / 未通过 / 待核实 / 无数据 coloured as in the 审核汇总
 * workbook, blank where the rule does not apply. Readable with 110 rules: columns sit under group headers (规则
 * 类别 such as 国家标准 / 重庆目标 / 完整性, or 数据表), headers show short titles with the full title and the
 * policy citation in a tooltip on hover or keyboard focus, and filters narrow columns and rows by table,
 * severity, status and school name. The header rows and the school column stay in view while scrolling both
 * ways. The grid is one tab stop: arrow keys, Home/End, PageUp/PageDown and Ctrl+arrows move as in Excel, Enter
 * opens a cell's findings (or a school's 问题清单), Esc closes.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { ReviewRunOut } from '../../../core/api/review-contract';
import { review, useReview } from '../../store/review';
import {
  DEFAULT_MATRIX_FILTER,
  type GridPos,
  type GroupBy,
  type MatrixFilter,
  type MatrixRowView,
  type MatrixRule,
  type MatrixViewModel,
  matrixView,
  moveInGrid,
  STATUS_FILTER_LABEL,
  type StatusFilter,
} from './matrix-model';
import { type CellStatus, SEVERITY_LABEL, STATUS_LABEL, STATUSES } from './status';

interface Sel {
  schoolIndex: number;
  ruleId: string;
}

const TIP_ID = 'matrix-rule-tip';

export function MatrixView() {
  const r = useReview((s) => s.result);
  const filter = useReview((s) => s.matrixFilter);
  const [sel, setSel] = useState<Sel | null>(null);
  const [pos, setPos] = useState<GridPos>({ r: -1, c: 0 });
  const [tip, setTip] = useState<number | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const focusAfterMove = useRef(false);

  const view = useMemo(() => (r ? matrixView(r, filter) : null), [r, filter]);
  const nRows = view?.rows.length ?? 0;
  const nCols = view?.rules.length ?? 0;
  // the keyboard position stays inside the grid when the filters make it smaller
  const at: GridPos = { r: Math.min(pos.r, nRows - 1), c: Math.min(pos.c, nCols - 1) };

  useEffect(() => {
    if (!focusAfterMove.current) return;
    focusAfterMove.current = false;
    const el = tableRef.current?.querySelector<HTMLElement>(`[data-r="${at.r}"][data-c="${at.c}"]`);
    el?.focus({ preventScroll: true });
    // honours the scroll container's scroll-padding, so the frozen header and column never cover the cell
    el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [at.r, at.c]);

  if (!r || !view) return null;

  const totals = { pass: 0, fail: 0, unconfirmed: 0, nodata: 0 };
  for (const row of r.rows) for (const k of STATUSES) totals[k] += row.counts[k];
  const narrowed = JSON.stringify({ ...filter, groupBy: 'kind' }) !== JSON.stringify(DEFAULT_MATRIX_FILTER);

  const posOf = (el: EventTarget | null): GridPos | null => {
    const cell = (el as HTMLElement | null)?.closest?.('[data-r]') as HTMLElement | null;
    if (!cell) return null;
    return { r: Number(cell.dataset.r), c: Number(cell.dataset.c) };
  };
  const activate = (p: GridPos) => {
    const row = view.rows[p.r];
    if (p.r < 0 || !row) return setTip(p.c);
    if (p.c < 0) return review.selectSchool(row.index);
    const rule = view.rules[p.c];
    if (rule && row.cells[rule.id]) setSel({ schoolIndex: row.index, ruleId: rule.id });
  };

  return (
    <div className="matrix-pane">
      <MatrixTools filter={filter} />
      <div className="matrix-status">
        <p className="summary-line" title={r.line}>
          {r.line}
        </p>
        <div className="legend">
          {STATUSES.map((k) => (
            <span key={k} className={`st st-${k}`}>
              {STATUS_LABEL[k]} {totals[k]}
            </span>
          ))}
          <span className="st st-na">不适用</span>
        </div>
        <div className="legend sev-legend" title="规则标题上方的色条表示规则的级别">
          {(['error', 'warning', 'info'] as const).map((k) => (
            <span key={k} className={`sev-mark sev-${k}`}>
              {SEVERITY_LABEL[k]}
            </span>
          ))}
        </div>
        <span className="muted small shown" aria-live="polite" data-testid="matrix-shown">
          {nRows === r.schools.length && nCols === r.rules.length
            ? `${nRows} 所学校 · ${nCols} 条规则`
            : `显示 ${nRows}/${r.schools.length} 所学校 · ${nCols}/${r.rules.length} 条规则`}
        </span>
      </div>
      {nRows === 0 || nCols === 0 ? (
        <p className="all-good pad">
          {r.schools.length === 0
            ? '没有可审核的学校，请看文件清单中的原因。'
            : narrowed
              ? '没有符合筛选条件的学校或规则。'
              : '没有规则。'}
        </p>
      ) : (
        <div className="matrix-scroll" data-testid="matrix" onScroll={() => tip !== null && setTip(null)}>
          <table
            ref={tableRef}
            className="matrix"
            aria-label="合规矩阵：学校 × 规则（方向键移动，回车查看）"
            onKeyDown={(e) => {
              const next = moveInGrid(at, e.key, { ctrl: e.ctrlKey || e.metaKey }, { rows: nRows, cols: nCols });
              if (next) {
                e.preventDefault();
                focusAfterMove.current = true;
                setPos(next);
                if (next.r === -1) setTip(next.c);
                else setTip(null);
              } else if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                activate(at);
              } else if (e.key === 'Escape') {
                setTip(null);
                setSel(null);
              }
            }}
            onFocus={(e) => {
              const p = posOf(e.target);
              if (!p) return;
              setPos((old) => (old.r === p.r && old.c === p.c ? old : p));
              setTip(p.r === -1 ? p.c : null);
            }}
            onBlur={(e) => {
              if (!tableRef.current?.contains(e.relatedTarget as Node | null)) setTip(null);
            }}
            onClick={(e) => {
              const p = posOf(e.target);
              if (!p) return;
              setPos((old) => (old.r === p.r && old.c === p.c ? old : p));
              activate(p);
            }}
            onMouseOver={(e) => {
              const p = posOf(e.target);
              if (p?.r === -1 && p.c >= 0) setTip(p.c);
              // leaving the headers hides a tip the pointer opened (one the keyboard opened stays)
              else if (!(document.activeElement as HTMLElement | null)?.matches?.('th.rule-h')) setTip(null);
            }}
            onMouseLeave={() => {
              if (at.r !== -1 || !tableRef.current?.contains(document.activeElement)) setTip(null);
            }}
          >
            <MatrixHead view={view} tip={tip} activeC={at.r === -1 ? at.c : null} />
            <tbody>
              {view.rows.map((row, i) => (
                <MatrixRow
                  key={row.index}
                  row={row}
                  r={i}
                  rules={view.rules}
                  groupStarts={view.groupStarts}
                  activeC={at.r === i ? at.c : null}
                  selC={sel?.schoolIndex === row.index ? view.rules.findIndex((x) => x.id === sel.ruleId) : null}
                />
              ))}
            </tbody>
            <MatrixFoot rules={view.rules} groupStarts={view.groupStarts} counts={r.ruleCounts} />
          </table>
        </div>
      )}
      {tip !== null && view.rules[tip] && (
        <RuleTip rule={view.rules[tip]} counts={r.ruleCounts[view.rules[tip].id]} anchor={tableRef.current} c={tip} />
      )}
      {sel && <CellDetail sel={sel} onClose={() => setSel(null)} />}
    </div>
  );
}

function MatrixTools({ filter }: { filter: MatrixFilter }) {
  const r = useReview((s) => s.result);
  const set = (patch: Partial<MatrixFilter>) => review.setMatrixFilter(patch);
  const groupBy: { id: GroupBy; label: string }[] = [
    { id: 'kind', label: '按规则类别' },
    { id: 'table', label: '按数据表' },
  ];
  return (
    <div className="matrix-tools" role="toolbar" aria-label="合规矩阵筛选">
      <div className="seg">
        {groupBy.map((g) => (
          <button
            key={g.id}
            type="button"
            className={filter.groupBy === g.id ? 'small on' : 'small'}
            aria-pressed={filter.groupBy === g.id}
            onClick={() => set({ groupBy: g.id })}
          >
            {g.label}
          </button>
        ))}
      </div>
      <label className="tool">
        <span>数据表</span>
        <select aria-label="按数据表筛选" value={filter.table} onChange={(e) => set({ table: e.target.value })}>
          <option value="all">全部</option>
          {r?.ruleTables.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <label className="tool">
        <span>级别</span>
        <select
          aria-label="按级别筛选"
          value={filter.severity}
          onChange={(e) => set({ severity: e.target.value as MatrixFilter['severity'] })}
        >
          <option value="all">全部</option>
          {(['error', 'warning', 'info'] as const).map((k) => (
            <option key={k} value={k}>
              {SEVERITY_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="tool">
        <span>状态</span>
        <select
          aria-label="按状态筛选"
          value={filter.status}
          onChange={(e) => set({ status: e.target.value as StatusFilter })}
        >
          {(Object.keys(STATUS_FILTER_LABEL) as StatusFilter[]).map((k) => (
            <option key={k} value={k}>
              {STATUS_FILTER_LABEL[k]}
            </option>
          ))}
        </select>
      </label>
      <input
        className="school-search"
        type="search"
        value={filter.query}
        onChange={(e) => set({ query: e.target.value })}
        placeholder="查找学校"
        aria-label="查找学校"
        maxLength={50}
      />
      {JSON.stringify({ ...filter, groupBy: 'kind' }) !== JSON.stringify(DEFAULT_MATRIX_FILTER) && (
        <button
          type="button"
          className="link-btn small"
          onClick={() => set({ ...DEFAULT_MATRIX_FILTER, groupBy: filter.groupBy })}
        >
          清除筛选
        </button>
      )}
    </div>
  );
}

/** The group and rule header rows; memoised: moving in the body does not redraw 110 headers. */
const MatrixHead = memo(function MatrixHead({
  view,
  tip,
  activeC,
}: {
  view: MatrixViewModel;
  tip: number | null;
  /** the keyboard column when the keyboard is on the header row */
  activeC: number | null;
}) {
  return (
    <thead>
      <tr className="group-row">
        <th className="corner" scope="col" rowSpan={2} data-r={-1} data-c={-1} tabIndex={activeC === -1 ? 0 : -1}>
          学校
        </th>
        {view.groups.map((g) => (
          <th
            key={`${g.label}-${g.start}`}
            className="group-h g-start"
            scope="colgroup"
            colSpan={g.span}
            title={g.label}
          >
            <span className="group-label">{g.label}</span>
          </th>
        ))}
      </tr>
      <tr className="rule-row">
        {view.rules.map((rule, c) => (
          <th
            key={rule.id}
            className={`rule-h sev-${rule.severity}${rule.unconfirmed ? ' unconfirmed' : ''}${view.groupStarts.has(c) ? ' g-start' : ''}${tip === c ? ' tip-on' : ''}`}
            scope="col"
            data-r={-1}
            data-c={c}
            data-rule={rule.id}
            tabIndex={activeC === c ? 0 : -1}
            aria-label={rule.title}
            aria-describedby={tip === c ? TIP_ID : undefined}
          >
            <span className="rule-short">{rule.short}</span>
          </th>
        ))}
      </tr>
    </thead>
  );
});

/** Per rule: how many schools fail it (and how many are 待核实, as a superscript). */
const MatrixFoot = memo(function MatrixFoot({
  rules,
  groupStarts,
  counts,
}: {
  rules: MatrixRule[];
  groupStarts: ReadonlySet<number>;
  counts: ReviewRunOut['ruleCounts'];
}) {
  return (
    <tfoot>
      <tr>
        <th scope="row" className="school-h foot-h">
          各规则未通过（所）
        </th>
        {rules.map((rule, c) => {
          const n = counts[rule.id];
          return (
            <td
              key={rule.id}
              className={`rule-cnt${n?.fail ? ' fail' : ''}${groupStarts.has(c) ? ' g-start' : ''}`}
              title={`${rule.title}：通过 ${n?.pass ?? 0}，未通过 ${n?.fail ?? 0}，待核实 ${n?.unconfirmed ?? 0}，无数据 ${n?.nodata ?? 0}`}
            >
              {n?.fail ?? 0}
              {(n?.unconfirmed ?? 0) > 0 && <sup className="unconfirmed">{n?.unconfirmed}</sup>}
            </td>
          );
        })}
      </tr>
    </tfoot>
  );
});

interface RowProps {
  row: MatrixRowView;
  r: number;
  rules: MatrixRule[];
  groupStarts: ReadonlySet<number>;
  /** the keyboard column when this row holds it */
  activeC: number | null;
  /** the selected cell's column in this row (-1 / null: none) */
  selC: number | null;
}

/** One school's row; memoised so moving the keyboard or selecting a cell redraws only the rows involved. */
const MatrixRow = memo(function MatrixRow({ row, r, rules, groupStarts, activeC, selC }: RowProps) {
  const c = row.counts;
  return (
    <tr data-school={row.name}>
      <th
        scope="row"
        className="school-h"
        data-r={r}
        data-c={-1}
        tabIndex={activeC === -1 ? 0 : -1}
        title={`${row.name}${row.code ? `（${row.code}）` : ''}：查看该校问题清单`}
      >
        <div className="school-cell">
          <span className="school-name">{row.name}</span>
          <span className="muted lvl">{row.level}</span>
          {c.fail > 0 && (
            <span className="badge fail" title={`未通过 ${c.fail} 条`} data-count="fail">
              {c.fail}
            </span>
          )}
          {c.unconfirmed > 0 && (
            <span className="badge unconfirmed" title={`待核实 ${c.unconfirmed} 条`} data-count="unconfirmed">
              {c.unconfirmed}
            </span>
          )}
          {c.nodata > 0 && (
            <span className="badge nodata" title={`无数据 ${c.nodata} 条`} data-count="nodata">
              {c.nodata}
            </span>
          )}
        </div>
      </th>
      {rules.map((rule, k) => {
        const st = row.cells[rule.id] as CellStatus | undefined;
        return (
          <td
            key={rule.id}
            className={`${st ? `st st-${st}` : 'st st-na'}${groupStarts.has(k) ? ' g-start' : ''}${selC === k ? ' sel' : ''}`}
            data-r={r}
            data-c={k}
            data-rule={rule.id}
            data-status={st ?? ''}
            tabIndex={activeC === k ? 0 : -1}
            title={`${row.name} · ${rule.title}：${st ? STATUS_LABEL[st] : '不适用'}`}
          >
            {st ? STATUS_LABEL[st] : ''}
          </td>
        );
      })}
    </tr>
  );
});

/** The full title, group, severity, levels, citation and counts of the rule under the pointer or the keyboard. */
function RuleTip({
  rule,
  counts,
  anchor,
  c,
}: {
  rule: MatrixRule;
  counts: Record<CellStatus, number> | undefined;
  anchor: HTMLElement | null;
  c: number;
}) {
  const [box, setBox] = useState<{ left: number; top: number } | null>(null);
  useEffect(() => {
    const th = anchor?.querySelector<HTMLElement>(`th[data-r="-1"][data-c="${c}"]`);
    if (!th) return setBox(null);
    const rect = th.getBoundingClientRect();
    const width = 380;
    setBox({ left: Math.max(8, Math.min(rect.left, window.innerWidth - width - 8)), top: rect.bottom + 6 });
  }, [anchor, c]);
  const kind = rule.group === rule.kindLabel ? rule.group : `${rule.kindLabel} · ${rule.group}`;
  return (
    <div
      id={TIP_ID}
      role="tooltip"
      className="rule-tip"
      data-testid="rule-tip"
      style={box ? { left: box.left, top: box.top } : { visibility: 'hidden' }}
    >
      <strong>{rule.title}</strong>
      <p className="muted">
        {kind} · {SEVERITY_LABEL[rule.severity]} · 适用{rule.levels.join('、')}
        {rule.unconfirmed ? ' · 待核实（未启用）' : ''}
      </p>
      <p className="cite">{rule.citation ? `依据：${rule.citation}` : '本程序的数据检查（无政策出处）'}</p>
      <p className="muted">
        通过 {counts?.pass ?? 0} · 未通过 {counts?.fail ?? 0} · 待核实 {counts?.unconfirmed ?? 0} · 无数据{' '}
        {counts?.nodata ?? 0}（所）
      </p>
    </div>
  );
}

function CellDetail({ sel, onClose }: { sel: Sel; onClose: () => void }) {
  const r = useReview((s) => s.result);
  if (!r) return null;
  const s = r.schools[sel.schoolIndex];
  const rule = r.rules.find((x) => x.id === sel.ruleId);
  const st = r.rows[sel.schoolIndex]?.cells[sel.ruleId] as CellStatus | undefined;
  if (!s || !rule || !st) return null;
  const findings = r.findings.filter((f) => f.schoolIndex === sel.schoolIndex && f.ruleId === sel.ruleId);
  return (
    <section className="cell-detail" aria-label="所选单元格" data-testid="cell-detail" data-toast-clear>
      <header>
        <span className={`st st-${st} pill`}>{STATUS_LABEL[st]}</span>
        <strong>{s.name}</strong>
        <span className="muted">·</span>
        <span>{rule.title}</span>
        <button type="button" className="link-btn close" onClick={onClose} aria-label="关闭">
          ×
        </button>
      </header>
      {findings.length === 0 ? (
        <p className="muted">
          {st === 'pass' ? '该校这条规则通过。' : st === 'nodata' ? '该校缺少这条规则需要的数据。' : '没有更多说明。'}
          {rule.citation && <span className="cite-text"> 依据：{rule.citation}</span>}
        </p>
      ) : (
        <ul className="detail-findings">
          {findings.map((f) => (
            <li key={`${f.where}|${f.message}`}>
              <p>{f.message}</p>
              {f.citation && <p className="cite-text muted">依据：{f.citation}</p>}
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="button" onClick={() => review.selectSchool(sel.schoolIndex)}>
          查看该校问题清单
        </button>
        <button
          type="button"
          className="primary"
          onClick={() =>
            review.startComment({
              schoolIndex: sel.schoolIndex,
              target: findings[0]?.target ?? { type: 'finding', ruleId: rule.id, key: '' },
              about: `${s.name} · ${rule.title}`,
            })
          }
        >
          添加审核意见
        </button>
      </div>
    </section>
  );
}
