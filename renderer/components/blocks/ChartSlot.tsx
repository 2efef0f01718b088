/** Where a chart preview goes: the charts engineer's ChartPreview, drawing the spec the Word export uses. */
import type { ChartSpec } from '../../../core/charts/spec';
import { ChartPreview } from '../ChartPreview';

export function ChartSlot({ spec, showWarnings = true }: { spec: ChartSpec; showWarnings?: boolean }) {
  return (
    <div className="chart-slot">
      <ChartPreview spec={spec} showWarnings={showWarnings} />
    </div>
  );
}
