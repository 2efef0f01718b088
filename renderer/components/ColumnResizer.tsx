/** The drag handle on a grid header's right edge (pointer drag, or ←/→ by 10 px when focused; double-click resets all). */
import type { KeyboardEvent, PointerEvent } from 'react';
import { type ColumnKey, clampWidth } from '../lib/column-widths';

const LABEL: Record<ColumnKey, string> = { unit: '单位列', year: '年度列' };

export function ColumnResizer({
  col,
  width,
  onWidth,
}: {
  col: ColumnKey;
  width: number;
  onWidth: (col: ColumnKey, px: number | 'reset', done: boolean) => void;
}) {
  const onPointerDown = (e: PointerEvent<HTMLSpanElement>) => {
    e.preventDefault();
    e.stopPropagation();
    const el = e.currentTarget;
    el.setPointerCapture(e.pointerId);
    const x0 = e.clientX;
    const move = (ev: globalThis.PointerEvent) => onWidth(col, clampWidth(col, width + ev.clientX - x0), false);
    const up = (ev: globalThis.PointerEvent) => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      onWidth(col, clampWidth(col, width + ev.clientX - x0), true);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLSpanElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    e.stopPropagation();
    onWidth(col, clampWidth(col, width + (e.key === 'ArrowRight' ? 10 : -10)), true);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable column splitter, as in the side panel
    <span
      className="col-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={`调整${LABEL[col]}宽度（←/→，双击还原）`}
      aria-valuenow={width}
      tabIndex={0}
      title={`拖动调整${LABEL[col]}宽度，双击还原`}
      data-testid={`col-resizer-${col}`}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onDoubleClick={() => onWidth(col, 'reset', true)}
    />
  );
}
