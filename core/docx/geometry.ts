/**
 * Where things sit on the printed A4 page: the text box inside the margins and the printed size of photos and
 * charts. Pure (no node imports), so the Word writer and the renderer's paged preview lay pages out alike.
 */
import type { ReportStyles } from './styles';

export const A4 = { widthMm: 210, heightMm: 297 };

/** mm → CSS px (96 per inch): how docx sizes pictures */
export const mmToCssPx = (mm: number) => Math.round((mm / 25.4) * 96);

export function textBoxMm(st: ReportStyles): { widthMm: number; heightMm: number } {
  const m = st.page.marginMm;
  return { widthMm: A4.widthMm - m.left - m.right, heightMm: A4.heightMm - m.top - m.bottom };
}

/** The printed size of a photo with this aspect (height / width), in mm. */
export function photoBoxMm(st: ReportStyles, aspect: number): { w: number; h: number } {
  const box = textBoxMm(st);
  let w = box.widthMm * st.figure.maxWidthRatio;
  let h = w * aspect;
  const maxH = box.heightMm * st.figure.maxHeightRatio;
  if (h > maxH) {
    h = maxH;
    w = h / aspect;
  }
  return { w, h };
}

export function chartBoxMm(st: ReportStyles): { w: number; h: number } {
  const w = textBoxMm(st).widthMm * st.figure.chartWidthRatio;
  return { w, h: w * st.figure.chartAspect };
}
