/**
 * Where a chart preview goes: the charts engineer's ChartPreview, drawing the spec the Word export uses.
 * Loaded on demand so Chart.js does not slow the first paint of the data grids.
 */
import { lazy, Suspense } from 'react';
import type { ChartSpec } from '../../../core/charts/spec';

const ChartPreview = lazy(() => import('../ChartPreview').then((m) => ({ default: m.ChartPreview })));

export function ChartSlot({ spec, showWarnings = true }: { spec: ChartSpec; showWarnings?: boolean }) {
  return (
    <div className="chart-slot">
      <Suspense fallback={<div className="chart-loading">正在绘制图表…</div>}>
        <ChartPreview spec={spec} showWarnings={showWarnings} />
      </Suspense>
    </div>
  );
}
