/**
 * 汇总: the district figures per level (高职 / 中职) and year, with units and how each was obtained (合计, 按公式
 * from the summed parts, 加权平均, 最小值). Rates are never averaged school by school (core/review/aggregate.ts).
 * Under the table, every school value left out of the figures with the reason; a third tab gives the 高职 + 中职
 * totals the city report prints for all schools (core/review/totals.ts).
 */
import { Fragment, useEffect, useRef, useState } from 'react';
import { formatIndicatorValue, NOT_APPLICABLE, partRowNames } from '../../../core/report/format';
import { notApplicableForAll, schoolsColumn } from '../../../core/review/not-applicable';
import { focusIsNowhere } from '../../lib/focus';
import { useReview } from '../../store/review';

const METHOD_LABEL = { sum: '合计', formula: '按公式', weighted: '加权平均', min: '最小值', none: '不汇总' } as const;

export function AggregatesView() {
  const r = useReview((s) => s.result);
  const [level, setLevel] = useState<Shown | null>(null);
  if (!r) return null;
  if (r.aggregates.length === 0) return <p className="pad muted">没有可汇总的学校。</p>;
  if (level === '合计') return <TotalsPane onLevel={setLevel} />;
  const agg = r.aggregates.find((a) => a.level === level) ?? r.aggregates[0];
  if (!agg) return null;
  let lastTable = '';
  // 「其中：」 as the Word summary and the schools' 附表 name the rows (the first part under a whole)
  const names = partRowNames(agg.rows);
  return (
    <div className="agg-pane">
      <div className="matrix-tools">
        <LevelTabs shown={agg.level} onLevel={setLevel} />
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
            {agg.rows.map((row, i) => {
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
                      {names[i]}
                    </th>
                    <td className="unit">{row.unit}</td>
                    {row.values.map((v, k) => (
                      <td
                        key={agg.years[k]}
                        className={row.excluded[k] ? 'num has-excluded' : 'num'}
                        title={
                          [
                            row.withheld[k],
                            row.excluded[k] ? `${row.excluded[k]} 校数据有误，未计入（见下方清单）` : '',
                            row.notApplicable[k] ? `${row.notApplicable[k]} 校标为不适用` : '',
                          ]
                            .filter(Boolean)
                            .join('\n') || undefined
                        }
                      >
                        {notApplicableForAll(v, row.notApplicable[k], agg.schoolCount) ? (
                          <span className="muted">{NOT_APPLICABLE}</span>
                        ) : v === null ? (
                          <span className="muted">—</span>
                        ) : (
                          formatIndicatorValue(v, row)
                        )}
                      </td>
                    ))}
                    <td className="method" title={row.methodText}>
                      {METHOD_LABEL[row.method]}
                    </td>
                    <td className="num muted" data-testid="agg-schools">
                      {schoolsColumn(
                        row.values.at(-1),
                        row.contributing.at(-1),
                        row.notApplicable.at(-1),
                        agg.schoolCount,
                      )}
                    </td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
        <ExcludedList list={agg.excluded} />
      </div>
    </div>
  );
}

type Result = NonNullable<ReturnType<typeof useReview.getState>['result']>;

/** School values left out of the figures, with the reason: the reviewer sends these back to the schools. */
function ExcludedList({ list }: { list: Result['aggregates'][number]['excluded'] }) {
  return (
    <section className="agg-excluded" data-testid="agg-excluded">
      <h3>未计入汇总的数据（{list.length} 项）</h3>
      {list.length === 0 ? (
        <p className="muted small">各校数据都在合理范围内，全部计入汇总。</p>
      ) : (
        <table className="agg">
          <thead>
            <tr>
              <th scope="col">学校</th>
              <th scope="col">年度</th>
              <th scope="col">指标</th>
              <th scope="col" className="num">
                数值
              </th>
              <th scope="col">原因</th>
            </tr>
          </thead>
          <tbody>
            {list.map((e) => (
              <tr key={`${e.school}|${e.year}|${e.indicatorId}`}>
                <td>{e.school}</td>
                <td>{e.year}年</td>
                <td>{e.name}</td>
                <td className="num">{e.value || '—'}</td>
                <td title={`未计入：${e.rows.join('、')}`}>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type Shown = '高职' | '中职' | '合计';

/** 高职（n 所）/ 中职（n 所）/ 高职+中职 (when the review has totals). */
function LevelTabs({ shown, onLevel }: { shown: Shown; onLevel: (l: Shown) => void }) {
  const r = useReview((s) => s.result);
  const list = useRef<HTMLDivElement>(null);
  // the tab shown has the focus after a change by the keyboard: 高职+中职 shows another pane (its tabs are new
  // ones, and the pressed one left the page with the focus), and ←/→ move the choice along
  // biome-ignore lint/correctness/useExhaustiveDependencies: the level shown is what moves the focus
  useEffect(() => {
    const inList = list.current?.contains(document.activeElement) ?? false;
    if (inList || focusIsNowhere()) list.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
  }, [shown]);
  if (!r) return null;
  const tabs: { key: Shown; label: string }[] = [
    ...r.aggregates.map((a) => ({ key: a.level, label: `${a.level}（${a.schoolCount} 所）` })),
    ...(r.totals.length > 0 ? [{ key: '合计' as const, label: '高职+中职' }] : []),
  ];
  return (
    <div
      ref={list}
      className="seg"
      role="tablist"
      aria-label="办学层次"
      onKeyDown={(e) => {
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
        e.preventDefault();
        const i = tabs.findIndex((t) => t.key === shown);
        const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length];
        if (next) onLevel(next.key);
      }}
    >
      {tabs.map((t) => (
        <button
          key={t.key}
          type="button"
          role="tab"
          aria-selected={t.key === shown}
          className={t.key === shown ? 'small on' : 'small'}
          onClick={() => onLevel(t.key)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

function TotalsPane({ onLevel }: { onLevel: (l: Shown) => void }) {
  const r = useReview((s) => s.result);
  if (!r) return null;
  return (
    <div className="agg-pane">
      <div className="matrix-tools">
        <LevelTabs shown="合计" onLevel={onLevel} />
        <p className="muted small">
          高等职业学校与中等职业学校汇总数之和，仅列市级质量年度报告给出全部职业学校合计的指标。
        </p>
      </div>
      <div className="matrix-scroll">
        <table className="agg" data-testid="totals">
          <thead>
            <tr>
              <th scope="col">指标</th>
              <th scope="col">单位</th>
              {r.years.map((y) => (
                <th key={y} scope="col" className="num">
                  {y}年
                </th>
              ))}
              <th scope="col">依据</th>
            </tr>
          </thead>
          <tbody>
            {r.totals.map((t) => (
              <tr key={t.indicatorId}>
                <th scope="row" className="ind">
                  {t.name}
                </th>
                <td className="unit">{t.unit}</td>
                {t.values.map((v, k) => (
                  <td key={r.years[k]} className="num" title={(t.levels[k] ?? []).join('+') || undefined}>
                    {v === null ? <span className="muted">—</span> : formatIndicatorValue(v, { ...t, type: 'number' })}
                  </td>
                ))}
                <td className="method">{t.basis}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
