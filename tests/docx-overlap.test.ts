/**
 * The export without the page pass as a pipeline (core/docx/overlap.ts; issue #16): photos resize while the charts
 * are drawn and the document is built with stand-ins, whose bytes are then swapped for the real pictures. It must
 * write the document the stages wrote (resize, draw, build, pack, one after another) part for part — for the demo
 * school with pictures and with native charts, for a report with photos, tables and charts, and when a photo comes
 * out another size than its stored size says (an EXIF rotation) or two photos come out byte-identical, where the
 * document is built again with the real pictures.
 */

import type { Document } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderChartPng } from '../core/charts/render-node';
import { fontTableXml, stylesFonts } from '../core/docx/font-table';
import { type MediaDeps, type PreparedPicture, prepareMedia } from '../core/docx/media';
import { finishNativeChartParts, planChartFigures } from '../core/docx/native-chart';
import { overlapOutcomes, packWithPictures, swapPictures } from '../core/docx/overlap';
import { startYearPhotos } from '../core/docx/run-export';
import { getReportStyles } from '../core/docx/styles';
import { buildReportDocument, writeReportDocx } from '../core/docx/write';
import { packDocument, type SettleParts } from '../core/docx/zip-parts';
import type { Workspace } from '../core/model';
import { buildReportModel } from '../core/report/build';
import type { FigureItem, ReportModel } from '../core/report/model';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { fixtureFramework, fixturePhotoBytes, fixtureWorkspace } from './report-fixture';

const renderChart: MediaDeps['renderChart'] = (spec, size) => renderChartPng(spec, { ...size, showTitle: false });

/** What write.ts did without the page pass before the pipeline: resize, draw, build, pack, one after another. */
async function stagesDocx(model: ReportModel, assetBytes: MediaDeps['assetBytes'], charts: 'png' | 'native') {
  const st = getReportStyles();
  const plan = planChartFigures(model, st, charts);
  const media = await prepareMedia(model, st, { assetBytes, renderChart }, () => {}, plan.noPicture);
  const doc = buildReportDocument(model, st, media, { charts: plan.native }, () => {});
  const fonts = [{ path: 'word/fontTable.xml', data: fontTableXml(stylesFonts(st)) }];
  return packDocument(doc, fonts, plan.native.size > 0 ? (p) => void finishNativeChartParts(p) : undefined);
}

/** The pipelined export, and whether its real pictures went into the parts built with stand-ins or it built again. */
async function pipelineDocx(model: ReportModel, assetBytes: MediaDeps['assetBytes'], charts: 'png' | 'native') {
  const before = { ...overlapOutcomes };
  const docx = await writeReportDocx(model, { assetBytes, renderChart, pages: 'none', charts });
  const swapped = overlapOutcomes.swapped - before.swapped;
  const rebuilt = overlapOutcomes.rebuilt - before.rebuilt;
  expect(swapped + rebuilt).toBe(1);
  return { docx, how: swapped ? 'swapped' : 'rebuilt' };
}

/**
 * Every part by name, with what differs between any two writes of one document taken out: core.xml's times,
 * the numbers docx's counters give drawings and bookmarks (they run on through a process), the random ids of
 * native charts' relationships (by order of appearance) and, inside an embedded workbook, the same again.
 */
function parts(zip: Uint8Array): Map<string, string> {
  const files = unzipSync(zip);
  const random = new Map<string, string>();
  const norm = (text: string) =>
    text
      .replace(/<dcterms:(created|modified)[^>]*>[^<]*</g, '<dcterms:$1>T<')
      .replace(/(\b[\w:]*[iI]d)="\d+"/g, '$1="#"')
      .replace(/\brId[0-9A-Za-z_-]{12,}/g, (m) => {
        if (!random.has(m)) random.set(m, `rId~${random.size}`);
        return random.get(m) as string;
      });
  const out = new Map<string, string>();
  for (const name of Object.keys(files).sort()) {
    const data = files[name] as Uint8Array;
    if (/\.(xml|rels)$/.test(name)) out.set(name, norm(strFromU8(data)));
    else if (name.endsWith('.xlsx')) for (const [n, t] of parts(data)) out.set(`${name}!${n}`, t);
    else out.set(name, Buffer.from(data).toString('base64'));
  }
  return out;
}

function expectSameParts(actual: Buffer, expected: Buffer) {
  const a = parts(actual);
  const b = parts(expected);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [name, text] of b) expect(a.get(name) === text, name).toBe(true);
}

/** The fixture report where photo-a comes out byte-identical to photo-b (same recorded size, same bytes). */
function twinPhotos(): { model: ReportModel; bytes: MediaDeps['assetBytes'] } {
  const ws: Workspace = fixtureWorkspace();
  const a = ws.assets.find((x) => x.id === 'photo-a');
  const b = ws.assets.find((x) => x.id === 'photo-b');
  if (!a || !b) throw new Error('fixture assets');
  Object.assign(a, { width: b.width, height: b.height });
  const bytes = (id: string) => fixturePhotoBytes(id === 'photo-a' ? 'photo-b' : id);
  return { model: buildReportModel(ws, fixtureFramework()), bytes };
}

describe('the pipelined export writes the document the stages wrote', () => {
  const demo = buildDemoExport();
  const demoBytes = (id: string) => Buffer.from(demo.assetData[id] ?? '', 'base64');

  it('the demo school, charts as pictures', async () => {
    const model = buildReportModel(demo, demoFramework());
    expect(model.stats.photos).toBeGreaterThan(0);
    const { docx, how } = await pipelineDocx(model, demoBytes, 'png');
    expect(how).toBe('swapped');
    expectSameParts(docx, await stagesDocx(model, demoBytes, 'png'));
  }, 120_000);

  it('the demo school, native charts', async () => {
    const model = buildReportModel(demo, demoFramework());
    const { docx, how } = await pipelineDocx(model, demoBytes, 'native');
    expect(how).toBe('swapped');
    expect(Object.keys(unzipSync(docx)).some((n) => n.startsWith('word/charts/'))).toBe(true);
    expectSameParts(docx, await stagesDocx(model, demoBytes, 'native'));
  }, 120_000);

  it('a report with photos (landscape and portrait), tables and charts', async () => {
    const model = buildReportModel(fixtureWorkspace(), fixtureFramework());
    expect(model.stats.photos).toBeGreaterThan(1);
    expect(model.stats.tables).toBeGreaterThan(0);
    expect(model.stats.charts).toBeGreaterThan(0);
    const { docx, how } = await pipelineDocx(model, fixturePhotoBytes, 'png');
    expect(how).toBe('swapped');
    expectSameParts(docx, await stagesDocx(model, fixturePhotoBytes, 'png'));
  }, 120_000);

  it('a photo turned by its EXIF orientation (built again with the real size)', async () => {
    // stored 1200×1600 as the row says, but marked to be shown turned (orientation 6): it prints 1600 wide
    const turned = await sharp(await fixturePhotoBytes('photo-c'))
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 90 })
      .toBuffer();
    const bytes = (id: string) => (id === 'photo-c' ? turned : fixturePhotoBytes(id));
    const model = buildReportModel(fixtureWorkspace(), fixtureFramework());
    const { docx, how } = await pipelineDocx(model, bytes, 'png');
    expect(how).toBe('rebuilt');
    expectSameParts(docx, await stagesDocx(model, bytes, 'png'));
    // and it is the turned picture's size that the document gives it (wider than high)
    const doc = strFromU8(unzipSync(docx)['word/document.xml'] as Uint8Array);
    const extents = [...doc.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"/g)].map((m) => Number(m[1]) / Number(m[2]));
    expect(extents.every((r) => r > 1)).toBe(true);
  }, 120_000);

  it('two photos that come out byte-identical (docx stores them once: built again)', async () => {
    const { model, bytes } = twinPhotos();
    const { docx, how } = await pipelineDocx(model, bytes, 'png');
    expect(how).toBe('rebuilt');
    expectSameParts(docx, await stagesDocx(model, bytes, 'png'));
    // three photo assets, two distinct pictures
    expect(Object.keys(unzipSync(docx)).filter((n) => /^word\/media\/.+\.jpg$/.test(n)).length).toBe(2);
  }, 120_000);
});

describe('photos started from the workspace before the model (qar report without the page pass)', () => {
  it('are the ones the writer takes, and the document is the same', async () => {
    expect(process.env.QAR_PAGE_PASS).toBe('none');
    const ws = fixtureWorkspace();
    const reads: string[] = [];
    const bytes = (id: string) => {
      reads.push(id);
      return fixturePhotoBytes(id);
    };
    const photos = startYearPhotos(ws, ws.profile.reportYear, 'official', bytes);
    const model = buildReportModel(ws, fixtureFramework());
    const docx = await writeReportDocx(model, { assetBytes: bytes, renderChart, pages: 'none', charts: 'png', photos });
    // each photo read once, by the early start
    expect(reads.length).toBe(new Set(reads).size);
    const assets = new Set(
      model.chapters.flatMap((c) =>
        c.sections.flatMap((sec) =>
          sec.items.flatMap((i) => (i.kind === 'figure' && i.image ? [i.image.assetId] : [])),
        ),
      ),
    );
    expect(assets.size).toBeGreaterThan(1);
    expect(new Set(reads)).toEqual(assets);
    expectSameParts(docx, await stagesDocx(model, fixturePhotoBytes, 'png'));
  }, 120_000);

  it('when they do not cover the report (another year), the writer resizes its own', async () => {
    const ws = fixtureWorkspace();
    const photos = startYearPhotos(ws, ws.profile.reportYear - 1, 'official', fixturePhotoBytes);
    expect(photos?.ids).toEqual([]);
    const model = buildReportModel(ws, fixtureFramework());
    const docx = await writeReportDocx(model, {
      assetBytes: fixturePhotoBytes,
      renderChart,
      pages: 'none',
      charts: 'png',
      ...(photos ? { photos } : {}),
    });
    expectSameParts(docx, await stagesDocx(model, fixturePhotoBytes, 'png'));
  }, 120_000);
});

describe('swapPictures', () => {
  const pic = (data: string, w = 100, h = 75, type: 'jpg' | 'png' = 'jpg'): PreparedPicture => ({
    data: Buffer.from(data),
    type,
    widthPx: w,
    heightPx: h,
  });
  const stand = new Map([
    ['photo:a', pic('stand-in a')],
    ['chart:0', pic('stand-in c', 600, 340, 'png')],
  ]);
  const base = () =>
    new Map<string, Uint8Array>([
      ['word/document.xml', Buffer.from('<doc/>')],
      ['word/media/image1.jpg', Buffer.from('stand-in a')],
      ['word/media/image1.png', Buffer.from('stand-in c')],
      ['word/fontTable.xml', Buffer.from('<fonts/>')],
    ]);

  it('puts each real picture in its stand-in’s place, in the same order, and leaves the rest', () => {
    const real = new Map([
      ['photo:a', pic('real photo a')],
      ['chart:0', pic('real chart', 600, 340, 'png')],
    ]);
    const out = swapPictures(base(), stand, real);
    expect(out && [...out.keys()]).toEqual([...base().keys()]);
    expect(Buffer.from(out?.get('word/media/image1.jpg') ?? []).toString()).toBe('real photo a');
    expect(Buffer.from(out?.get('word/media/image1.png') ?? []).toString()).toBe('real chart');
    expect(Buffer.from(out?.get('word/document.xml') ?? []).toString()).toBe('<doc/>');
  });

  it('refuses another display size, another type, a missing picture, or two identical pictures', () => {
    const chart = pic('real chart', 600, 340, 'png');
    expect(
      swapPictures(
        base(),
        stand,
        new Map([
          ['photo:a', pic('r', 75, 100)],
          ['chart:0', chart],
        ]),
      ),
    ).toBeUndefined();
    expect(
      swapPictures(
        base(),
        stand,
        new Map([
          ['photo:a', pic('r', 100, 75, 'png')],
          ['chart:0', chart],
        ]),
      ),
    ).toBeUndefined();
    expect(swapPictures(base(), stand, new Map([['chart:0', chart]]))).toBeUndefined();
    expect(
      swapPictures(
        base(),
        stand,
        new Map([
          ['photo:a', pic('same')],
          ['chart:0', pic('same', 600, 340, 'png')],
        ]),
      ),
    ).toBeUndefined();
  });
});

describe('packWithPictures (the page pass’s last document: stand-ins swapped, docx hashes no picture)', () => {
  const st = getReportStyles();
  const fonts = [{ path: 'word/fontTable.xml', data: fontTableXml(stylesFonts(st)) }];
  const pack = (doc: Document, settle?: SettleParts) => packDocument(doc, fonts, undefined, undefined, settle);

  async function both(model: ReportModel, assetBytes: MediaDeps['assetBytes']) {
    const plan = planChartFigures(model, st, 'png');
    const media = await prepareMedia(model, st, { assetBytes, renderChart }, () => {}, plan.noPicture);
    const build = (m: Map<FigureItem, PreparedPicture>) => buildReportDocument(model, st, m, {}, () => {});
    const before = { ...overlapOutcomes };
    const docx = await packWithPictures(media, build, pack);
    const how = overlapOutcomes.swapped > before.swapped ? 'swapped' : 'rebuilt';
    return { docx, how, direct: await pack(build(media)) };
  }

  it('writes the document built with the real pictures, part for part', async () => {
    const model = buildReportModel(fixtureWorkspace(), fixtureFramework());
    expect(model.stats.photos).toBeGreaterThan(1);
    expect(model.stats.charts).toBeGreaterThan(0);
    const { docx, how, direct } = await both(model, fixturePhotoBytes);
    expect(how).toBe('swapped');
    expectSameParts(docx, direct);
  }, 120_000);

  it('two photos that come out byte-identical are built again with the real pictures (stored once)', async () => {
    const { model, bytes } = twinPhotos();
    const { docx, how, direct } = await both(model, bytes);
    expect(how).toBe('rebuilt');
    expectSameParts(docx, direct);
    expect(Object.keys(unzipSync(docx)).filter((n) => /^word\/media\/.+\.jpg$/.test(n)).length).toBe(2);
  }, 120_000);

  it('the report with the page pass takes this way (its pictures swapped in)', async () => {
    const model = buildReportModel(fixtureWorkspace(), fixtureFramework());
    const before = overlapOutcomes.swapped;
    // no layout pass given: the Word-like estimate lays the probe out, then the last document is packed
    await writeReportDocx(model, { assetBytes: fixturePhotoBytes, renderChart, charts: 'png' });
    expect(overlapOutcomes.swapped).toBe(before + 1);
  }, 120_000);
});
