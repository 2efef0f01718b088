/**
 * 插入数据: pick an indicator (search by name, table or id), a year and a form — the value, the change from the
 * year before, or the growth rate — and insert it at the last caret of the writing view as a bound figure. Each
 * row previews what the report will print (core/figures over the current values).
 */
import { useMemo, useState } from 'react';
import { renderFigure } from '../../../core/figures/render';
import type { FigureForm } from '../../../core/figures/tokens';
import { useApp } from '../../store/app';
import { insertFigureRequest, useFigurePicker, useFigureSource } from '../../store/figures';
import { Dialog } from '../Dialog';

const FORMS: { form: FigureForm; label: string }[] = [
  { form: 'fig', label: '数值' },
  { form: 'chg', label: '较上年变化' },
  { form: 'pct', label: '较上年增长率' },
];

export function FigurePicker() {
  const open = useFigurePicker((s) => s.open);
  return open ? <PickerDialog /> : null;
}

function PickerDialog() {
  const session = useApp((s) => s.session);
  const start = useFigurePicker.getState();
  const src = useFigureSource();
  const reportYear = session?.workspace.profile.reportYear ?? new Date().getFullYear();
  const years = useMemo(
    () => [...new Set([...(session?.workspace.years.map((y) => y.year) ?? []), reportYear])].sort((a, b) => b - a),
    [session, reportYear],
  );
  const [query, setQuery] = useState('');
  const [year, setYear] = useState(start.year ?? reportYear);
  const [form, setForm] = useState<FigureForm>('fig');
  const hide = useFigurePicker((s) => s.hide);
  const rows = useMemo(() => {
    if (!session) return [];
    const q = query.trim().toLowerCase();
    return session.framework.tables.flatMap((t) =>
      t.indicators
        .filter((i) => !q || `${i.name} ${t.name} ${i.id}`.toLowerCase().includes(q))
        // a relative change of a rate reads wrongly (seed 003 L380 「达标率…提升 6.7%」): the difference is in points
        .filter((i) => form !== 'pct' || i.type !== 'percent')
        .map((i) => ({ ind: i, table: t })),
    );
  }, [session, query, form]);
  if (!session) return null;
  const pick = (indicatorId: string) => {
    if (insertFigureRequest(indicatorId, year, form)) hide();
  };
  return (
    <Dialog title="插入数据" onCancel={hide} testId="figure-picker">
      <div className="fig-picker">
        <div className="fig-picker-bar">
          <input
            type="search"
            aria-label="搜索指标"
            placeholder="按指标名称、表名搜索，如：落实率"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
          <select aria-label="年份" value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}年
              </option>
            ))}
          </select>
          <span className="fig-forms" role="radiogroup" aria-label="形式">
            {FORMS.map((f) => (
              <label key={f.form}>
                <input type="radio" name="fig-form" checked={form === f.form} onChange={() => setForm(f.form)} />
                {f.label}
              </label>
            ))}
          </span>
        </div>
        <ul className="fig-list" aria-label="指标">
          {rows.map(({ ind, table }) => {
            const token =
              form === 'fig'
                ? { form, indicatorId: ind.id, year }
                : { form, indicatorId: ind.id, year, baseYear: year - 1 };
            const r = src ? renderFigure(token, src) : undefined;
            return (
              <li key={ind.id}>
                <button type="button" onClick={() => pick(ind.id)} title={`插入「${ind.name}」`}>
                  <span className="fig-name">{ind.name}</span>
                  <span className="fig-table muted">{table.name}</span>
                  <span className={r?.problem ? 'fig-preview missing' : 'fig-preview'}>{r?.text ?? ''}</span>
                </button>
              </li>
            );
          })}
          {rows.length === 0 && <li className="muted">没有找到匹配的指标。</li>}
        </ul>
        <p className="muted small">插入的数据按表格显示，表格中的数据修改后，正文、预览和导出的 Word 一同更新。</p>
      </div>
    </Dialog>
  );
}
