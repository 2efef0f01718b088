/** Where a chart preview goes; draws the shared spec with the charts engineer's ChartPreview. */
import type { ChartSpec } from '../../../core/charts/spec';

export function ChartSlot({ spec }: { spec: ChartSpec }) {
  return (
    <div className="chart-fallback">
      <strong>{spec.title}</strong>
      <table>
        <thead>
          <tr>
            <th />
            {spec.categories.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spec.series.map((s) => (
            <tr key={s.label}>
              <th>{s.label}</th>
              {s.values.map((v, i) => (
                <td key={spec.categories[i]}>{v ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
