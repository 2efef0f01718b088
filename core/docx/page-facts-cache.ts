/**
 * Page facts of a layout probe kept between exports (core/docx/derived-cache.ts): LibreOffice takes seconds per
 * probe, and a repeat export of unchanged content builds byte-for-byte the same probes, so each probe's facts are
 * looked up by a hash of its parts (all but docProps/core.xml, which holds the time of writing), the TOC entries
 * the markers stand for, and the layout engine's identity (LibreOffice's build and the installed fonts: a font
 * installed since changes where lines break, so it changes the key).
 */
import { cacheKey } from './derived-cache';
import type { PageLayoutFacts } from './estimate-pages';
import type { Parts } from './zip-parts';

/** Parts that change with the clock, not with the content. */
const VOLATILE = new Set(['docProps/core.xml']);

/**
 * docx numbers bookmarks and drawings from counters that run on through a process, so the same report written
 * twice by one process (the app's export worker) differs in those numbers alone; they do not move a line, so the
 * key reads every numeric id attribute as the same.
 */
const NUMERIC_ID = /(\b[\w:]*[iI]d)="\d+"/g;
const decoder = new TextDecoder();
const canonical = (path: string, data: Uint8Array): string | Uint8Array =>
  /\.(xml|rels)$/.test(path) ? decoder.decode(data).replace(NUMERIC_ID, '$1="#"') : data;

export function probeKey(parts: Parts, toc: readonly { anchor: string }[], engine: string, salt = ''): string {
  const pieces: (string | Uint8Array)[] = ['pages', salt, engine, JSON.stringify(toc.map((e) => e.anchor))];
  for (const [path, data] of [...parts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (VOLATILE.has(path)) continue;
    pieces.push(path, canonical(path, data));
  }
  return cacheKey(...pieces);
}

export function factsToCache(f: PageLayoutFacts): Buffer {
  return Buffer.from(
    JSON.stringify({
      pages: [...f.pages],
      rows: [...f.rows],
      ...(f.lines ? { lines: [...f.lines] } : {}),
      ...(f.usedPt ? { usedPt: [...f.usedPt] } : {}),
      ...(f.lastPage !== undefined ? { lastPage: f.lastPage } : {}),
    }),
    'utf8',
  );
}

const isPairs = (v: unknown): v is [unknown, unknown][] =>
  Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2);

/** The facts, or undefined when the entry is not what factsToCache writes (then the probe is laid out again). */
export function factsFromCache(raw: Buffer | undefined): PageLayoutFacts | undefined {
  if (!raw) return undefined;
  try {
    const o = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    if (
      !isPairs(o.pages) ||
      !isPairs(o.rows) ||
      (o.lines !== undefined && !isPairs(o.lines)) ||
      (o.usedPt !== undefined && !isPairs(o.usedPt)) ||
      (o.lastPage !== undefined && !Number.isInteger(o.lastPage))
    )
      return undefined;
    const pages = new Map<string, number>();
    for (const [k, v] of o.pages) {
      if (typeof k !== 'string' || !Number.isInteger(v)) return undefined;
      pages.set(k, v as number);
    }
    const rows = new Map<number, number[]>();
    for (const [k, v] of o.rows) {
      if (!Number.isInteger(k) || !Array.isArray(v)) return undefined;
      // rows are sparse where a marker was not read (JSON writes the holes as null)
      rows.set(k as number, v.map((p) => (Number.isInteger(p) ? (p as number) : undefined)) as number[]);
    }
    const facts: PageLayoutFacts = { pages, rows };
    if (o.lines) {
      const lines = new Map<number, number>();
      for (const [k, v] of o.lines) {
        if (!Number.isInteger(k) || !Number.isInteger(v)) return undefined;
        lines.set(k as number, v as number);
      }
      facts.lines = lines;
    }
    if (o.usedPt) {
      const usedPt = new Map<number, number>();
      for (const [k, v] of o.usedPt) {
        if (!Number.isInteger(k) || typeof v !== 'number' || !Number.isFinite(v)) return undefined;
        usedPt.set(k as number, v);
      }
      facts.usedPt = usedPt;
    }
    if (typeof o.lastPage === 'number') facts.lastPage = o.lastPage;
    return facts;
  } catch {
    return undefined;
  }
}
