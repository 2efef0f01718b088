/**
 * Live preview of a chart figure: the same ChartSpec -> Chart.js configuration the Word export draws in Node
 * (core/charts/chartjs.ts), on a browser canvas at the same logical size, so what the author sees is the picture
 * Word gets (fonts aside: the preview uses the system's Chinese UI font).
 * Self-contained: registers Chart.js once, rebuilds the chart when the spec's content changes, destroys it on unmount.
 */
import { Chart, registerables } from 'chart.js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { PREVIEW_FONT_FAMILY, toChartJsConfig } from '../../core/charts/chartjs';
import type { ChartSpec } from '../../core/charts/spec';

let registered = false;
function ensureRegistered(): void {
  if (registered) return;
  Chart.register(...registerables);
  registered = true;
}

export interface ChartPreviewProps {
  spec: ChartSpec;
  /** logical size in CSS px; defaults match the Word figure (600 × 340 ≈ 15.9 cm wide) */
  widthPx?: number;
  heightPx?: number;
  /** draw the title inside the picture (default true), as renderChartPng does */
  showTitle?: boolean;
  /** list the spec's warnings under the chart (default true) */
  showWarnings?: boolean;
}

export function ChartPreview({
  spec,
  widthPx = 600,
  heightPx = 340,
  showTitle = true,
  showWarnings = true,
}: ChartPreviewProps) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const [failed, setFailed] = useState(false);
  const [drawn, setDrawn] = useState(false);
  // Rebuild only when the content changes, not when the parent re-renders with an equal spec object.
  const specKey = useMemo(() => JSON.stringify(spec), [spec]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    let chart: Chart | null = null;
    try {
      ensureRegistered();
      const current = JSON.parse(specKey) as ChartSpec;
      chart = new Chart(canvas, toChartJsConfig(current, { fontFamily: PREVIEW_FONT_FAMILY, showTitle }));
      setFailed(false);
      setDrawn(true);
    } catch {
      setFailed(true);
    }
    return () => {
      chart?.destroy();
      setDrawn(false);
    };
  }, [specKey, showTitle]);

  return (
    // data-drawn: the paged preview (and a print of it) waits until every chart is drawn
    <figure className="chart-preview" data-testid="chart-preview" data-drawn={drawn || failed ? '1' : '0'}>
      <canvas
        ref={canvasRef}
        width={widthPx}
        height={heightPx}
        role="img"
        aria-label={spec.title || '图表'}
        hidden={failed}
      />
      {failed && <p className="chart-preview-error">图表预览失败，请检查所选指标和年份。</p>}
      {showWarnings && spec.warnings.length > 0 && (
        <ul className="chart-preview-warnings">
          {spec.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </figure>
  );
}
