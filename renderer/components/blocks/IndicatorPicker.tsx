/**
 * The chart's indicator picker: a search field, then one line per indicator (name, unit, table). An indicator whose
 * unit differs from the chart's is not offered for adding, with the reason on its line (core/charts/units.ts);
 * while the chart has a single indicator, choosing one of another unit replaces it.
 */
import { useMemo, useState } from 'react';
import { indicatorUnit } from '../../../core/charts/spec';
import { mixedUnitReason, sharedUnit } from '../../../core/charts/units';
import type { Framework, Indicator } from '../../../core/framework/schema';

export function IndicatorPicker(props: {
  framework: Framework;
  selected: readonly string[];
  onToggle(id: string): void;
  onReplace(id: string): void;
}) {
  const { framework, selected } = props;
  const [query, setQuery] = useState('');
  const rows = useMemo(() => {
    const out: { ind: Indicator; table: string; tableNo: number }[] = [];
    [...framework.tables]
      .sort((a, b) => a.order - b.order)
      .forEach((t, i) => {
        for (const ind of t.indicators) out.push({ ind, table: t.name, tableNo: i + 1 });
      });
    return out;
  }, [framework]);
  const chosen = rows.filter((r) => selected.includes(r.ind.id)).map((r) => r.ind);
  const unit = sharedUnit(chosen);
  const q = query.trim().toLowerCase();
  const shown = q
    ? rows.filter((r) => `${r.ind.name} ${r.ind.id} ${r.table} ${indicatorUnit(r.ind)}`.toLowerCase().includes(q))
    : rows;

  return (
    <div className="indicator-picker" data-testid="indicator-picker">
      <input
        type="search"
        className="picker-search"
        placeholder="搜索指标名称，例如 毕业、满意度"
        aria-label="搜索指标"
        value={query}
        // biome-ignore lint/a11y/noAutofocus: the picker opens on the user's click to search it
        autoFocus
        onChange={(e) => setQuery(e.target.value)}
      />
      {unit !== null && (
        <p className="picker-note" data-testid="picker-note">
          本图的单位为「{unit || '无'}」。单位不同的指标（灰色）不能画在同一坐标轴上
          {chosen.length === 1 ? '；本图只有一个指标，选中其他单位的指标将替换它。' : '，请另建一张图表。'}
        </p>
      )}
      <ul className="picker-list" aria-label="指标">
        {shown.map(({ ind, table, tableNo }) => {
          const on = selected.includes(ind.id);
          const others = chosen.filter((c) => c.id !== ind.id);
          const reason = on ? null : mixedUnitReason(others.length ? others : chosen, ind);
          const replaces = !!reason && chosen.length === 1;
          const own = indicatorUnit(ind);
          return (
            <li key={ind.id} className={reason ? 'picker-row refused' : 'picker-row'} data-indicator={ind.id}>
              <label
                title={replaces ? `${reason}（本图只有一个指标：选中将替换它）` : (reason ?? `${table}：${ind.name}`)}
              >
                <input
                  type="checkbox"
                  checked={on}
                  disabled={!!reason && !replaces}
                  onChange={() => (replaces ? props.onReplace(ind.id) : props.onToggle(ind.id))}
                />
                <span className="picker-name">{ind.name}</span>
                <span className="picker-unit">{own || '—'}</span>
                <span className="picker-table">表{tableNo}</span>
              </label>
            </li>
          );
        })}
        {shown.length === 0 && <li className="muted picker-none">没有名称含「{query.trim()}」的指标</li>}
      </ul>
    </div>
  );
}
