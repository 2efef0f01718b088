/**
 * Where a chart preview goes: the charts engineer's ChartPreview, drawing the spec the Word export uses.
 * Loaded on demand so Chart.js does not slow the first paint of the data grids.
 */
import { lazy, Suspense } from 'react';
import type { ChartSpec } from '../../../core/charts/spec';

const ChartPreview = lazy(() => import('../ChartPreview').then((m) => ({ default: m.ChartPreview })));

export function ChartSlot({
  spec,
  showWarnings = true,
  showTitle,
  widthPx,
  heightPx,
}: {
  spec: ChartSpec;
  showWarnings?: boolean;
  /** draw the title in the picture (default true); the paged preview prints the caption below instead */
  showTitle?: boolean;
  /** logical size (the printed figure's, in the paged preview) */
  widthPx?: number;
  heightPx?: number;
}) {
  return (
    <div className="chart-slot">
      <Suspense fallback={<div className="chart-loading">正在绘制图表…</div>}>
        <ChartPreview
          spec={spec}
          showWarnings={showWarnings}
          {...(showTitle !== undefined ? { showTitle } : {})}
          {...(widthPx ? { widthPx } : {})}
          {...(heightPx ? { heightPx } : {})}
        />
      </Suspense>
    </div>
  );
}
