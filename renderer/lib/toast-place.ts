/**
 * Where the toast sits: 28 px above the window's bottom edge, unless that covers a part of the screen the user is
 * reading (marked `data-toast-clear`, such as 区县审核's cell detail with its 依据); then it sits just above the
 * highest such part it would cover. Pure: boxes in, the CSS `bottom` out.
 */
export const TOAST_BOTTOM = 28;
const GAP = 8;

export interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** `toast` is the toast's box now (its width and left/right hold wherever it sits vertically). */
export function toastBottom(windowHeight: number, toast: Box, keepClear: Box[]): number {
  const height = toast.bottom - toast.top;
  let bottom = TOAST_BOTTOM;
  // raising the toast above one part can put it over another: repeat until nothing moves it
  for (let moved = true; moved; ) {
    moved = false;
    const top = windowHeight - bottom - height;
    for (const b of keepClear) {
      const across = Math.min(toast.right, b.right) - Math.max(toast.left, b.left) > 0;
      const down = Math.min(top + height, b.bottom) - Math.max(top, b.top) > 0;
      const above = windowHeight - b.top + GAP;
      if (across && down && above > bottom && above + height <= windowHeight) {
        bottom = above;
        moved = true;
      }
    }
  }
  return bottom;
}
