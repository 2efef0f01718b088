/**
 * Reading a PDF as a reviewer would, with poppler: the text of each page, the page labels printed in the footers
 * (「— 8 —」, 「— II —」) and the 目录's entries with their page numbers, to check that every entry points at the
 * page where its heading is printed.
 */
import { execFileSync } from 'node:child_process';

/** The text of each page (pdftotext separates pages with form feeds). */
export function pdfPageTexts(pdf: string): string[] {
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', pdf, '-'], { encoding: 'utf8' });
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages;
}

export function pdfPageCount(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);
}

const flat = (s: string) => s.replace(/\s+/g, '');

/** The footer's page label of each page ('' for a page without one, e.g. the cover). */
export function pageLabels(pages: string[]): string[] {
  return pages.map((p) => {
    const lines = p
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const m = /^[—-]\s*([0-9]+|[IVXLC]+)\s*[—-]$/.exec(lines.at(-1) ?? '');
    return m?.[1] ?? '';
  });
}

export interface TocEntry {
  text: string;
  page: string;
}

/** The entries of the 目录 (pages whose labels are Roman numerals): 「2 人才培养 ........ 5」. */
export function tocEntries(pages: string[], labels: string[]): TocEntry[] {
  const out: TocEntry[] = [];
  pages.forEach((p, i) => {
    if (!/^[IVXLC]+$/.test(labels[i] ?? '')) return;
    for (const line of p.split('\n')) {
      const m = /^\s*(\S.*?)[\s.·…]*?\s*\.{2,}[\s.]*(\d+)\s*$/.exec(line) ?? /^\s*(\S.*?)\s{2,}(\d+)\s*$/.exec(line);
      if (m?.[1] && m[2]) out.push({ text: flat(m[1]).replace(/\.+$/, ''), page: m[2] });
    }
  });
  return out;
}

/** The label of the first body page (Arabic label) whose text has `heading` at the start of a line. */
export function headingPageLabel(pages: string[], labels: string[], heading: string): string | undefined {
  const want = flat(heading);
  for (let i = 0; i < pages.length; i++) {
    if (!/^\d+$/.test(labels[i] ?? '')) continue;
    if (pages[i]!.split('\n').some((l) => flat(l).startsWith(want))) return labels[i];
  }
  return undefined;
}
