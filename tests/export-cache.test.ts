/**
 * The export cache (issue #16 item 3) and the zip (item 4): a repeat export of unchanged content takes its print
 * photos, chart pictures and page facts from the cache and writes the same document, whose TOC still reads right
 * when LibreOffice opens it plainly; a torn or altered entry is a miss; pictures are stored in the zip, not deflated.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartPng } from '../core/charts/render-node';
import { sessionLayoutPass } from '../core/docx/export';
import { libreOfficeIdentity } from '../core/docx/lo-pages';
import { type LayoutPass, type TocPagesInfo, writeReportDocx } from '../core/docx/write';
import { DirCache } from '../core/fs/derived-cache-dir';
import { buildReportModel } from '../core/report/build';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { makeTempDir } from './helpers/files';
import { checkToc, LO_ENV, renderPlain } from './helpers/plain-render';

/** Each zip entry's compression method (0 stored, 8 deflated), from the central directory. */
function zipMethods(zip: Buffer): Map<string, number> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(eocd + 16);
  const count = zip.readUInt16LE(eocd + 10);
  const out = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const nameLen = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    out.set(zip.subarray(at + 46, at + 46 + nameLen).toString('utf8'), method);
    at += 46 + nameLen + extra + comment;
  }
  return out;
}

describe('DirCache', () => {
  const tmp = makeTempDir('qar-cache-');
  afterAll(() => tmp.cleanup());
  const key = (c: string) => c.repeat(64);

  it('gives back what was put, and nothing for another key or kind', () => {
    const c = new DirCache(join(tmp.dir, 'a'));
    c.put('photo', key('1'), Buffer.from('photo bytes'));
    expect(c.get('photo', key('1'))?.toString()).toBe('photo bytes');
    expect(c.get('chart', key('1'))).toBeUndefined();
    expect(c.get('photo', key('2'))).toBeUndefined();
    // a key that is not a hash never becomes a path
    c.put('photo', '../../x', Buffer.from('no'));
    expect(c.get('photo', '../../x')).toBeUndefined();
    // its folders are made when missing, also after the cache was cleared under it
    c.put('photo', key('4'), Buffer.from('in an existing folder'));
    rmSync(join(tmp.dir, 'a'), { recursive: true });
    c.put('photo', key('1'), Buffer.from('again'));
    expect(c.get('photo', key('1'))?.toString()).toBe('again');
    expect(c.get('photo', key('4'))).toBeUndefined();
  });

  it('reads a torn or altered entry as a miss and removes it', () => {
    const c = new DirCache(join(tmp.dir, 'b'));
    c.put('chart', key('3'), Buffer.from('a chart picture'));
    const file = join(tmp.dir, 'b', 'chart', key('3'));
    const raw = readFileSync(file);
    raw.writeUInt8((raw.at(-1) ?? 0) ^ 1, raw.length - 1);
    writeFileSync(file, raw);
    expect(c.get('chart', key('3'))).toBeUndefined();
    expect(readdirSync(join(tmp.dir, 'b', 'chart'))).toEqual([]);
    writeFileSync(file, raw.subarray(0, 10));
    expect(c.get('chart', key('3'))).toBeUndefined();
  });

  it('keeps to its size, dropping the least recently used entries first', () => {
    const c = new DirCache(join(tmp.dir, 'c'), 3 * (1000 + 32));
    for (const k of ['4', '5', '6', '7']) c.put('photo', key(k), Buffer.alloc(1000, k));
    c.prune();
    const kept = ['4', '5', '6', '7'].filter((k) => c.get('photo', key(k)));
    expect(kept.length).toBe(3);
    expect(kept).toContain('7');
  });

  it('keeps each kind in one folder, and prunes entries left in the earlier layout (a folder per key prefix)', () => {
    const dir = join(tmp.dir, 'd');
    const c = new DirCache(dir, 2 * (1000 + 32));
    // the earlier layout's entry, oldest: counted and removed first
    const old = join(dir, 'photo', '99', key('9'));
    mkdirSync(join(old, '..'), { recursive: true });
    writeFileSync(old, Buffer.alloc(1000 + 32, 9));
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(old, past, past);
    c.put('photo', key('5'), Buffer.alloc(1000, 5));
    c.put('chart', key('6'), Buffer.alloc(1000, 6));
    expect(readdirSync(join(dir, 'photo')).sort()).toEqual(['99', key('5')].sort());
    expect(readdirSync(join(dir, 'chart'))).toEqual([key('6')]);
    c.prune();
    expect(existsSync(old)).toBe(false);
    expect(c.get('photo', key('5'))?.length).toBe(1000);
    expect(c.get('chart', key('6'))?.length).toBe(1000);
  });
});

describe('a repeat export of the demo report', () => {
  const tmp = makeTempDir('qar-cache-export-');
  const demo = buildDemoExport();
  const model = buildReportModel(demo, demoFramework());
  const cache = new DirCache(join(tmp.dir, 'cache'));
  const runs: { docx: Buffer; info?: TocPagesInfo; layouts: number; charts: number }[] = [];

  // the app's pass: one LibreOffice kept running through the export's passes (core/docx/lo-session.ts)
  const session = sessionLayoutPass();
  const counted = (run: { layouts: number }): LayoutPass => {
    const pass: LayoutPass = (probe, toc) => {
      run.layouts++;
      return session(probe, toc);
    };
    pass.done = session.done;
    return pass;
  };

  beforeAll(async () => {
    // the page pass lays out with the fonts the plain render uses, as a reader's LibreOffice here would
    process.env.FONTCONFIG_FILE = LO_ENV.FONTCONFIG_FILE;
    const engine = libreOfficeIdentity();
    expect(engine).toBeTruthy();
    for (let i = 0; i < 2; i++) {
      const run: (typeof runs)[number] = { docx: Buffer.alloc(0), layouts: 0, charts: 0 };
      run.docx = await writeReportDocx(model, {
        assetBytes: (id) => Buffer.from(demo.assetData[id] ?? '', 'base64'),
        renderChart: (spec, size) => {
          run.charts++;
          return renderChartPng(spec, { ...size, showTitle: false });
        },
        charts: 'png',
        layoutPass: counted(run),
        layoutEngine: engine as string,
        cache,
        cacheSalt: 'test',
        onTocPages: (info) => {
          run.info = info;
        },
      });
      runs.push(run);
    }
  }, 400_000);

  afterAll(() => tmp.cleanup());

  it('lays out, resizes and draws nothing the first export did', () => {
    const [first, second] = runs;
    expect(first?.info?.source).toBe('libreoffice');
    expect(first?.layouts).toBeGreaterThan(0);
    expect(first?.charts).toBeGreaterThan(0);
    expect(first?.info?.cached).toBe(0);
    expect(second?.layouts).toBe(0);
    expect(second?.charts).toBe(0);
    expect(second?.info?.source).toBe('libreoffice');
    expect(second?.info?.passes).toBe(first?.info?.passes);
    expect(second?.info?.cached).toBe(second?.info?.passes);
    expect(readdirSync(join(tmp.dir, 'cache')).sort()).toEqual(['chart', 'pages', 'photo']);
  });

  it('writes the same document: every part but the time of writing is the same', () => {
    const a = unzipSync(runs[0]?.docx as Buffer);
    const b = unzipSync(runs[1]?.docx as Buffer);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    // docx numbers bookmarks and drawings from counters that run on through a process: only those may differ
    const ids = (d: Uint8Array) => strFromU8(d).replace(/(\b[\w:]*[iI]d)="\d+"/g, '$1="#"');
    for (const name of Object.keys(a)) {
      if (name === 'docProps/core.xml') continue;
      const [x, y] = [a[name] as Uint8Array, b[name] as Uint8Array];
      if (/\.(xml|rels)$/.test(name)) expect(ids(y) === ids(x), name).toBe(true);
      else expect(Buffer.from(y).equals(Buffer.from(x)), name).toBe(true);
    }
    expect(strFromU8(a['word/document.xml'] as Uint8Array)).toContain('PAGEREF');
  });

  it('stores its pictures in the zip as they are and deflates the XML', () => {
    const methods = zipMethods(runs[1]?.docx as Buffer);
    const pictures = [...methods].filter(([n]) => /^word\/media\/.+\.(jpe?g|png)$/i.test(n));
    expect(pictures.length).toBeGreaterThan(0);
    for (const [n, m] of pictures) expect(m, n).toBe(0);
    expect(methods.get('word/document.xml')).toBe(8);
  });

  it('reads right when the cached export is opened plainly in LibreOffice', () => {
    const r = renderPlain(runs[1]?.docx as Buffer);
    try {
      const checks = checkToc(
        r,
        model.toc.map((e) => e.text),
      );
      expect(checks.length).toBe(model.toc.length);
      for (const c of checks) expect(c.printed, `「${c.title}」 is on page ${c.actual}`).toBe(c.actual);
    } finally {
      r.cleanup();
    }
  }, 200_000);
});
