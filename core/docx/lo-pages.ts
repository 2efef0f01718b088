/**
 * The page each heading lands on when LibreOffice lays the report out: the probe document (the report with its TOC
 * written as live PAGEREF fields between markers, core/docx/toc.ts) is laid out by LibreOffice and the markers
 * are read back, over UNO from the export's running LibreOffice (core/docx/lo-session.ts), or from a PDF made by
 * `soffice --headless` and poppler's pdftotext. Both are optional: without them, the caller keeps docx's
 * Word-like estimate. The body's page numbers restart at 1 after the TOC section, so what the TOC holds cannot
 * move the headings (more passes come only from 续表 parts and figures drawn smaller, core/docx/write.ts).
 * The two ways read a chapter's last page differently: over UNO by the height used on it (a page holding a photo
 * and its caption is not near-empty), through the PDF by its lines of text (pdftotext does not see pictures), so
 * without the UNO bridge a chapter may be pulled back where it would not be with it.
 *
 * Effects (temp files, child processes) live here, at the edge; the writer only takes the resulting map.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTree } from '../proc/process-tree';
import type { PageLayoutFacts } from './estimate-pages';
import type { LibreOfficeSession } from './lo-session';
import { PROBE_RE, ROW_RE } from './toc';

const WELL_KNOWN: Record<string, string[]> = {
  soffice: [
    'C:\\Program Files\\LibreOffice\\program\\soffice.exe',
    'C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe',
    '/Applications/LibreOffice.app/Contents/MacOS/soffice',
    '/opt/libreoffice/program/soffice',
  ],
  pdftotext: [],
};

/** A program on PATH (or in its usual install place), or undefined. */
export function findProgram(name: 'soffice' | 'pdftotext'): string | undefined {
  const exts = process.platform === 'win32' ? ['.exe', '.com', ''] : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const p = join(dir, name + ext);
      if (existsSync(p)) return p;
    }
  }
  return (WELL_KNOWN[name] ?? []).find((p) => existsSync(p));
}

/** Folders whose change means fonts were installed or removed (their own and their children's times). */
function fontDirs(): string[] {
  const home = homedir();
  if (process.platform === 'win32')
    return [
      join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts'),
      join(process.env.LOCALAPPDATA ?? '', 'Microsoft', 'Windows', 'Fonts'),
    ];
  if (process.platform === 'darwin') return ['/Library/Fonts', '/System/Library/Fonts', join(home, 'Library', 'Fonts')];
  return ['/usr/share/fonts', '/usr/local/share/fonts', join(home, '.local', 'share', 'fonts'), join(home, '.fonts')];
}

const stamp = (p: string): string => {
  try {
    const s = statSync(p);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return '-';
  }
};

/**
 * Who lays the probe out here: LibreOffice's program file (path, size, time) and the state of the font folders
 * (each folder's and its subfolders' times: adding or removing a font file changes its folder's time). Part of the
 * key of cached page facts (core/docx/page-facts-cache.ts); undefined when LibreOffice is not installed.
 */
export function libreOfficeIdentity(): string | undefined {
  const soffice = findProgram('soffice');
  if (!soffice) return undefined;
  let real = soffice;
  try {
    real = realpathSync(soffice);
  } catch {
    // keep the name found
  }
  const parts = [real, stamp(real)];
  for (const d of fontDirs()) {
    parts.push(`${d}=${stamp(d)}`);
    try {
      for (const sub of readdirSync(d, { withFileTypes: true }))
        if (sub.isDirectory()) parts.push(`${sub.name}=${stamp(join(d, sub.name))}`);
    } catch {
      // no such folder here
    }
  }
  return parts.join('|');
}

/** Reads 「QARTOC7#12#」 markers: entry index → page. */
export function readProbeMarkers(text: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of text.matchAll(PROBE_RE)) out.set(Number(m[1]), Number(m[2]));
  return out;
}

export interface LibreOfficePagesResult extends PageLayoutFacts {
  ms: number;
}

/**
 * Lines of text on each numbered body page of pdftotext's plain output (pages split by form feeds): all but the
 * running header and the 「— 12 —」 footer.
 */
export function linesPerPage(text: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const page of text.split('\f')) {
    const all = page.split('\n').filter((l) => l.trim());
    const n = /^\s*—\s*(\d+)\s*—\s*$/.exec(all[all.length - 1] ?? '')?.[1];
    if (n) out.set(Number(n), Math.max(0, all.length - 2));
  }
  return out;
}

/** Reads 「QARROW3_17#12#」 markers: grid table ordinal → page of each data row. */
export function readRowMarkers(text: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const m of text.matchAll(ROW_RE)) {
    const list = out.get(Number(m[1])) ?? [];
    list[Number(m[2])] = Number(m[3]);
    out.set(Number(m[1]), list);
  }
  return out;
}

/** A TOC entry the probe prints: its marker number (its place in the whole report's TOC), anchor and level. */
export interface ProbeEntry {
  index: number;
  anchor: string;
  level: 1 | 2;
}

/** 1/100 mm (LibreOffice's unit) → pt */
const hmmToPt = (v: number) => (v * 72) / 2540;

/** Facts from the markers' text; undefined unless every wanted entry was read. */
function factsFromMarks(text: string, entries: readonly ProbeEntry[]): PageLayoutFacts | undefined {
  const byIndex = readProbeMarkers(text);
  const pages = new Map<string, number>();
  for (const e of entries) {
    const p = byIndex.get(e.index);
    if (p !== undefined) pages.set(e.anchor, p);
  }
  return pages.size === entries.length ? { pages, rows: readRowMarkers(text) } : undefined;
}

/**
 * The page pass through the export's running LibreOffice (core/docx/lo-session.ts): the probe is laid out and the
 * layout read back over UNO. Headings' pages come from the probe's markers (body page numbers); the used height
 * of the page before each chapter (physical pages from the view cursor, turned into body pages by the first
 * heading's) and the last page from the view cursor.
 */
async function sessionFacts(
  session: LibreOfficeSession,
  input: string,
  entries: readonly ProbeEntry[],
  timeoutMs: number,
): Promise<PageLayoutFacts | undefined> {
  const heads = entries.filter((e) => e.level === 1);
  const lay = await session.layout(
    input,
    heads.map((e) => e.anchor),
    timeoutMs,
  );
  if (!lay) return undefined;
  const facts = factsFromMarks(lay.marks, entries);
  const first = heads[0];
  const firstPhysical = first ? lay.heads[first.anchor]?.[0] : undefined;
  const firstBody = first ? facts?.pages.get(first.anchor) : undefined;
  if (!facts || firstPhysical === undefined || firstBody === undefined) return undefined;
  facts.lastPage = lay.last - firstPhysical + firstBody;
  facts.usedPt = new Map();
  for (const e of heads) {
    const used = lay.heads[e.anchor]?.[1];
    const page = facts.pages.get(e.anchor);
    if (used !== null && used !== undefined && page !== undefined && page > 1)
      facts.usedPt.set(page - 1, hmmToPt(used));
  }
  return facts;
}

/**
 * Lays the probe document out with LibreOffice and returns each wanted TOC entry's page by anchor: over UNO in the
 * export's running LibreOffice when there is one, else converted to PDF by `soffice` and read back with
 * pdftotext. Undefined when LibreOffice (or, without a session, pdftotext) is missing, fails, or not every entry
 * could be read.
 */
export async function libreOfficeHeadingPages(
  probeDocx: Buffer,
  entries: readonly ProbeEntry[],
  opts: { timeoutMs?: number; session?: LibreOfficeSession } = {},
): Promise<LibreOfficePagesResult | undefined> {
  const soffice = findProgram('soffice');
  if (!soffice || entries.length === 0) return undefined;
  const t0 = performance.now();
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const dir = await mkdtemp(join(tmpdir(), 'qar-lo-pages-'));
  try {
    const input = join(dir, 'probe.docx');
    await writeFile(input, probeDocx);
    if (opts.session) {
      const facts = await sessionFacts(opts.session, input, entries, timeoutMs);
      if (facts) return { ...facts, ms: performance.now() - t0 };
    }
    const pdftotext = findProgram('pdftotext');
    if (!pdftotext) return undefined;
    // a profile of its own: LibreOffice refuses a second instance on a profile in use (the user's, a test's)
    const pdf = join(dir, 'probe.pdf');
    const profile = pathToFileURL(join(dir, 'profile')).href;
    // in a group of its own: on a timeout soffice.bin is killed too, not only its launcher
    await runTree(
      soffice,
      [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, input],
      timeoutMs,
    );
    if (!existsSync(pdf)) return undefined;
    // the markers are all in the TOC section, but how many pages the row markers take is not known: read all
    const text = await runTree(pdftotext, ['-enc', 'UTF-8', pdf, '-'], 60_000);
    const facts = factsFromMarks(text, entries);
    if (!facts) return undefined;
    const lines = linesPerPage(text);
    return { ...facts, lines, lastPage: Math.max(0, ...lines.keys()), ms: performance.now() - t0 };
  } catch {
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
