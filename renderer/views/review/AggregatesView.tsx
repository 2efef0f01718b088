/**
 * 汇总: the district figures per level (高职 / 中职) and year, with units and how each was obtained (合计, 按公式
 * from the summed parts, 加权平均, 最小值). Rates are never averaged school by school (core/review/aggregate.ts).
 */
import { Fragment, useState } from 'react';
import { formatValue } from '../../lib/format';
import { useReview } from '../../store/review';

const METHOD_LABEL = { sum: '合计', formula: '按公式', weighted: '加权平均', min: '最小值', none: '不汇总' } as const;

export function AggregatesView() {
  const r = useReview((s) => s.result);
  const [level, setLevel] = useState<'高职' | '中职' | null>(null);
  if (!r) return null;
  if (r.aggregates.length === 0) return <p className="pad muted">没有可汇总的学校。</p>;
  const agg = r.aggregates.find((a) => a.level === level) ?? r.aggregates[0];
  if (!agg) return null;
  let lastTable = '';
  return (
    <div className="agg-pane">
      <div className="matrix-tools">
        <div className="seg" role="tablist" aria-label="办学层次">
          {r.aggregates.map((a) => (
            <button
              key={a.level}
              type="button"
              role="tab"
              aria-selected={a.level === agg.level}
              className={a.level === agg.level ? 'small on' : 'small'}
              onClick={() => setLevel(a.level)}
            >
              {a.level}（{a.schoolCount} 所）
            </button>
          ))}
        </div>
        <p className="muted small">
          {agg.frameworkTitle}。比率按各校分子、分母合计后重算；没有分项的比率按其基数加权平均。
        </p>
      </div>
      <div className="matrix-scroll">
        <table className="agg" data-testid="aggregates">
          <thead>
            <tr>
              <th scope="col">指标</th>
              <th scope="col">单位</th>
              {agg.years.map((y) => (
                <th key={y} scope="col" className="num">
                  {y}年
                </th>
              ))}
              <th scope="col">汇总方法</th>
              <th scope="col" className="num" title={`${agg.years.at(-1)}年有数据的学校数`}>
                学校数
              </th>
            </tr>
          </thead>
          <tbody>
            {agg.rows.map((row) => {
              const head = row.tableName !== lastTable;
              lastTable = row.tableName;
              return (
                <Fragment key={row.indicatorId}>
                  {head && (
                    <tr className="group">
                      <th colSpan={agg.years.length + 4} scope="rowgroup">
                        {row.tableName}
                      </th>
                    </tr>
                  )}
                  <tr className={row.method === 'none' ? 'none' : ''}>
                    <th scope="row" className={`ind indent-${Math.min(row.indent, 2)}`}>
                      {row.indent > 0 ? `其中：${row.name}` : row.name}
                    </th>
                    <td className="unit">{row.unit}</td>
                    {row.values.map((v, k) => (
                      <td key={agg.years[k]} className="num">
                        {v === null ? <span className="muted">—</span> : formatValue(v, row.decimals, true)}
                      </td>
                    ))}
                    <td className="method" title={row.methodText}>
                      {METHOD_LABEL[row.method]}
                    </td>
                    <td className="num muted">{row.contributing.at(-1) ?? 0}</td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
