/**
 * A report as a reader who just opens it sees it: `soffice --headless --convert-to pdf` WITHOUT updating fields or
 * indexes (unlike ../shared/tools/lo_convert.py, which refreshes the TOC and so cannot prove the cached one right),
 * with the shared fonts.conf mapping 黑体/仿宋/宋体/楷体 to Noto CJK. Then pdftotext per page, and what a reviewer
 * checks: the TOC's printed numbers against the pages the headings really are on, and how full each page is.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const FONTS_CONF = '/work/shared/tools/fonts.conf';
/** the environment the plain render and the LibreOffice page pass both use (same fonts ⇒ same layout) */
export const LO_ENV = { ...process.env, FONTCONFIG_FILE: FONTS_CONF };

export interface PlainRender {
  pdf: string;
  /** text of each page (pdftotext -layout), index 0 = page 1 */
  pages: string[];
  /** bbox text: lines with their vertical extent, per page */
  lines: { yMin: number; yMax: number; text: string }[][];
  pageHeight: number;
  dir: string;
  cleanup: () => void;
}

export function renderPlain(docx: Buffer, name = 'report'): PlainRender {
  const dir = mkdtempSync(join(tmpdir(), 'qar-plain-'));
  const input = join(dir, `${name}.docx`);
  writeFileSync(input, docx);
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'pdf',
      '--outdir',
      dir,
      input,
    ],
    { env: LO_ENV, stdio: 'pipe', timeout: 180_000 },
  );
  const pdf = join(dir, `${name}.pdf`);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', pdf, '-'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const pages = text.split('\f');
  if (pages.length > 1 && pages[pages.length - 1]?.trim() === '') pages.pop();
  const bbox = execFileSync('pdftotext', ['-enc', 'UTF-8', '-bbox-layout', pdf, '-'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const lines: PlainRender['lines'] = [];
  let pageHeight = 842;
  for (const page of bbox.split('<page ').slice(1)) {
    pageHeight = Number(/height="([\d.]+)"/.exec(page)?.[1] ?? 842);
    const out: PlainRender['lines'][number] = [];
    for (const m of page.matchAll(
      /<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([\s\S]*?)<\/line>/g,
    )) {
      const words = [...(m[3] ?? '').matchAll(/>([^<]*)<\/word>/g)].map((w) => w[1]).join('');
      out.push({ yMin: Number(m[1]), yMax: Number(m[2]), text: words });
    }
    lines.push(out);
  }
  return { pdf, pages, lines, pageHeight, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Removes all whitespace: pdftotext spaces CJK lines freely. */
export const flat = (s: string) => s.replace(/\s+/g, '');

/** The number a page prints in its footer (「— 12 —」), or undefined (cover). */
export function footerNumber(page: string): string | undefined {
  const all = [...page.matchAll(/—\s*([0-9IVXLC]+)\s*—/g)];
  return all[all.length - 1]?.[1];
}

export interface TocCheck {
  title: string;
  /** what the TOC prints ('' when no number) */
  printed: string;
  /** the footer number of the page where the heading really is */
  actual: string;
}

/**
 * For each TOC entry: the number printed in the TOC and the page the heading is really on. The TOC pages are those
 * whose footer is Roman; the body pages come after them, searched in order for each heading at the start of a line.
 */
export function checkToc(r: PlainRender, titles: readonly string[]): TocCheck[] {
  const roman = (p: string) => /^[IVXLC]+$/.test(footerNumber(p) ?? '');
  const tocPages = r.pages.filter(roman);
  const firstBody = r.pages.findIndex((p, i) => i > 0 && !roman(p) && footerNumber(p) !== undefined);
  const tocLines = tocPages.flatMap((p) => p.split('\n')).map((l) => l.trim());
  const out: TocCheck[] = [];
  let li = 0;
  let page = Math.max(firstBody, 0);
  for (const title of titles) {
    const want = flat(title);
    let printed = '';
    for (let k = li; k < tocLines.length; k++) {
      const f = flat(tocLines[k] ?? '');
      if (f.startsWith(want)) {
        // the number ends the entry's line (or the next, when a long entry wraps)
        const own = /(\d+)\s*$/.exec((tocLines[k] ?? '').replace(/[.…·]+/g, ' '));
        const next = /^[.…·\s]*(\d+)\s*$/.exec(tocLines[k + 1] ?? '');
        printed = own?.[1] ?? next?.[1] ?? '';
        li = k + 1;
        break;
      }
    }
    let actual = '';
    for (let p = page; p < r.pages.length; p++) {
      const body = (r.pages[p] ?? '').split('\n').slice(1); // line 0 is the running header
      if (body.some((l) => flat(l).startsWith(want))) {
        actual = footerNumber(r.pages[p] ?? '') ?? '';
        page = p;
        break;
      }
    }
    out.push({ title, printed, actual });
  }
  return out;
}

/**
 * How full each page's body is: the share of the text area's height from its top down to the lowest text line
 * (figures have their caption under them, so a page ending in a figure counts to its caption).
 */
export function pageFill(r: PlainRender, textTopPt: number, textBottomPt: number): number[] {
  return r.lines.map((lines) => {
    const body = lines.filter((l) => l.yMin >= textTopPt - 2 && l.yMax <= textBottomPt + 4);
    if (body.length === 0) return 0;
    const low = Math.max(...body.map((l) => l.yMax));
    return (low - textTopPt) / (textBottomPt - textTopPt);
  });
}
