/**
 * 合规矩阵: schools (rows) × rules (columns), each cell 通过 / 未通过 / 待核实 / 无数据 coloured as in the 审核汇总
 * workbook, blank where the rule does not apply; counts per school (left) and per rule (bottom row). Headers and
 * the school column stay in view while scrolling. A click on a cell shows its findings and 添加审核意见.
 */
import { useMemo, useState } from 'react';
import { review, useReview } from '../../store/review';
import { type CellStatus, STATUS_LABEL, STATUSES } from './status';

interface Sel {
  schoolIndex: number;
  ruleId: string;
}

export function MatrixView() {
  const r = useReview((s) => s.result);
  const onlyFail = useReview((s) => s.onlyFail);
  const [sel, setSel] = useState<Sel | null>(null);

  const { rows, rules } = useMemo(() => {
    if (!r) return { rows: [], rules: [] };
    const all = r.schools.map((s, i) => ({ s, i, row: r.rows[i] as (typeof r.rows)[number] }));
    if (!onlyFail) return { rows: all, rules: r.rules };
    return {
      rows: all.filter((x) => x.row.counts.fail > 0),
      rules: r.rules.filter((rule) => (r.ruleCounts[rule.id]?.fail ?? 0) > 0),
    };
  }, [r, onlyFail]);
  if (!r) return null;

  const totals = { pass: 0, fail: 0, unconfirmed: 0, nodata: 0 };
  for (const row of r.rows) for (const k of STATUSES) totals[k] += row.counts[k];

  return (
    <div className="matrix-pane">
      <div className="matrix-tools">
        <p className="summary-line">{r.line}</p>
        <div className="legend">
          {STATUSES.map((k) => (
            <span key={k} className={`st st-${k}`}>
              {STATUS_LABEL[k]} {totals[k]}
            </span>
          ))}
          <span className="st st-na">不适用</span>
        </div>
        <label className="check">
          <input type="checkbox" checked={onlyFail} onChange={(e) => review.setOnlyFail(e.target.checked)} />
          只看未通过
        </label>
      </div>
      {rows.length === 0 ? (
        <p className="all-good pad">{onlyFail ? '没有未通过的项目。' : '没有可审核的学校，请看文件清单中的原因。'}</p>
      ) : (
        <div className="matrix-scroll" data-testid="matrix">
          <table className="matrix">
            <thead>
              <tr>
                <th className="corner" scope="col">
                  学校
                </th>
                <th className="cnt-h" scope="col" title="未通过">
                  未通过
                </th>
                <th className="cnt-h" scope="col" title="待核实">
                  待核实
                </th>
                <th className="cnt-h" scope="col" title="无数据">
                  无数据
                </th>
                {rules.map((rule) => (
                  <th key={rule.id} className="rule-h" scope="col" title={`${rule.title}（${rule.id}）`}>
                    <span>{rule.title}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map(({ s, i, row }) => (
                <tr key={i} data-school={s.name}>
                  <th scope="row" className="school-h">
                    <button
                      type="button"
                      className="link-btn"
                      onClick={() => review.selectSchool(i)}
                      title="查看该校问题清单"
                    >
                      {s.name}
                    </button>
                    <span className="muted lvl">{s.level}</span>
                  </th>
                  <td className={row.counts.fail ? 'cnt fail' : 'cnt'}>{row.counts.fail}</td>
                  <td className={row.counts.unconfirmed ? 'cnt unconfirmed' : 'cnt'}>{row.counts.unconfirmed}</td>
                  <td className="cnt">{row.counts.nodata}</td>
                  {rules.map((rule) => {
                    const st = row.cells[rule.id] as CellStatus | undefined;
                    const on = sel?.schoolIndex === i && sel.ruleId === rule.id;
                    return (
                      <td
                        key={rule.id}
                        className={`${st ? `st st-${st}` : 'st st-na'}${on ? ' sel' : ''}`}
                        data-rule={rule.id}
                        data-status={st ?? ''}
                        title={`${s.name} · ${rule.title}：${st ? STATUS_LABEL[st] : '不适用'}`}
                        onClick={() => st && setSel({ schoolIndex: i, ruleId: rule.id })}
                        onKeyDown={(e) => e.key === 'Enter' && st && setSel({ schoolIndex: i, ruleId: rule.id })}
                        tabIndex={st ? 0 : -1}
                      >
                        {st ? STATUS_LABEL[st] : ''}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" className="school-h foot-h">
                  各规则未通过（所）
                </th>
                <td className="cnt" />
                <td className="cnt" />
                <td className="cnt" />
                {rules.map((rule) => {
                  const c = r.ruleCounts[rule.id];
                  return (
                    <td
                      key={rule.id}
                      className={c?.fail ? 'rule-cnt fail' : 'rule-cnt'}
                      title={`${rule.title}：通过 ${c?.pass ?? 0}，未通过 ${c?.fail ?? 0}，待核实 ${c?.unconfirmed ?? 0}，无数据 ${c?.nodata ?? 0}`}
                    >
                      {c?.fail ?? 0}
                      {(c?.unconfirmed ?? 0) > 0 && <sup className="unconfirmed">{c?.unconfirmed}</sup>}
                    </td>
                  );
                })}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {sel && <CellDetail sel={sel} onClose={() => setSel(null)} />}
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
    <section className="cell-detail" aria-label="所选单元格" data-testid="cell-detail">
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
