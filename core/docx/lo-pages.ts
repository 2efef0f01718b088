/**
 * The page each heading lands on when LibreOffice lays the report out: the probe document (the report with its TOC
 * written as live PAGEREF fields between markers, core/docx/toc.ts) is converted to PDF by `soffice --headless`
 * and the markers are read back with poppler's pdftotext. Both programs are optional: without either, the caller
 * keeps docx's Word-like estimate. The body's page numbers restart at 1 after the TOC section, so what the TOC
 * holds cannot move the headings: one pass is enough.
 *
 * Effects (temp files, child processes) live here, at the edge; the writer only takes the resulting map.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TocEntry } from '../report/model';
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

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    );
  });
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

/**
 * Renders the probe document with LibreOffice and returns each TOC entry's page by anchor; undefined when
 * LibreOffice or pdftotext is missing, fails, or not every entry could be read.
 */
export async function libreOfficeHeadingPages(
  probeDocx: Buffer,
  toc: readonly TocEntry[],
  opts: { timeoutMs?: number; session?: LibreOfficeSession } = {},
): Promise<LibreOfficePagesResult | undefined> {
  const soffice = findProgram('soffice');
  const pdftotext = findProgram('pdftotext');
  if (!soffice || !pdftotext || toc.length === 0) return undefined;
  const t0 = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'qar-lo-pages-'));
  try {
    const input = join(dir, 'probe.docx');
    await writeFile(input, probeDocx);
    // a profile of its own: LibreOffice refuses a second instance on a profile in use (the user's, a test's)
    const pdf = join(dir, 'probe.pdf');
    // the running LibreOffice of this export when there is one (core/docx/lo-session.ts), else one started for it
    const viaSession = opts.session ? await opts.session.convert(input, pdf, opts.timeoutMs ?? 120_000) : false;
    if (!viaSession) {
      const profile = pathToFileURL(join(dir, 'profile')).href;
      await run(
        soffice,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--norestore',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          input,
        ],
        opts.timeoutMs ?? 120_000,
      );
    }
    if (!existsSync(pdf)) return undefined;
    // the markers are all in the TOC section, but how many pages the row markers take is not known: read all
    const text = await run(pdftotext, ['-enc', 'UTF-8', pdf, '-'], 60_000);
    const byIndex = readProbeMarkers(text);
    const pages = new Map<string, number>();
    toc.forEach((e, i) => {
      const p = byIndex.get(i);
      if (p !== undefined) pages.set(e.anchor, p);
    });
    if (pages.size !== toc.length) return undefined;
    return { pages, rows: readRowMarkers(text), lines: linesPerPage(text), ms: performance.now() - t0 };
  } catch {
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
