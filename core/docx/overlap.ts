/**
 * The export without the page pass as a pipeline rather than stages: photos are resized on libuv's threadpool
 * (sharp) while this thread draws the charts, builds the document and compiles its XML, which need only each
 * photo's display size — known from the stored photo's recorded size before it is resized. Each photo stands in
 * as a few distinct bytes until then; once the photos are done, their bytes take the stand-ins' places in the
 * parts, under the name docx gives a picture (the SHA-1 of its bytes, so the name changes in the relationships
 * too). Nothing else in the parts depends on a picture's bytes.
 *
 * The document is the one the stages would write, always: when a photo came out another display size than
 * expected (an EXIF rotation, a rounding of sharp's) or two pictures came out byte-identical (docx stores such
 * pictures once), it is built again with the real pictures, as the stages would have built it.
 */
import { createHash } from 'node:crypto';
import type { Document } from 'docx';
import type { FigureItem, ReportModel } from '../report/model';
import {
  chartDisplayPx,
  chartPicture,
  expectedPhotoPx,
  figuresOf,
  forwardOnly,
  type MediaDeps,
  PHOTOS_IN_FLIGHT,
  type PreparedPicture,
  type ProgressFn,
  photosFor,
  pictureCharts,
  prepareMedia,
} from './media';
import type { ReportStyles } from './styles';
import { canCompileParts, type Parts, type SettleParts } from './zip-parts';

export interface OverlapJob {
  model: ReportModel;
  st: ReportStyles;
  deps: MediaDeps;
  progress: ProgressFn;
  /** charts that get no picture (native Word charts, charts without data) */
  noPicture: ReadonlySet<FigureItem>;
  /** the document with these pictures */
  build: (media: Map<FigureItem, PreparedPicture>, progress: ProgressFn) => Document;
  /** the document's bytes; `settle` runs between compiling the parts and zipping them */
  pack: (doc: Document, settle?: SettleParts) => Promise<Buffer>;
}

/** A picture's stand-in: bytes no picture has (docx keys pictures by their bytes, so each needs its own). */
const standIn = (key: string) =>
  Buffer.from(`qar: picture ${createHash('sha256').update(key).digest('hex')} is on its way`, 'utf8');
const STAND_IN_MAX = standIn('').length;

/** How the pipelined exports of this process ended (the tests check that the quick way is the one taken). */
export const overlapOutcomes = { swapped: 0, rebuilt: 0 };

export async function writeOverlapped(job: OverlapJob): Promise<Buffer> {
  const { model, st, deps, noPicture, build, pack } = job;
  // without docx's compiler the parts cannot be reached to put the pictures in: the stages, one after another
  if (!canCompileParts())
    return pack(build(await prepareMedia(model, st, deps, job.progress, noPicture), job.progress));
  const progress = forwardOnly(job.progress);
  const figures = figuresOf(model);
  const photos = photosFor(figures, st, deps, progress, PHOTOS_IN_FLIGHT);
  // stand-ins and real pictures under the same keys: 'photo:' + asset id, 'chart:' + place among the charts
  const stand = new Map<string, PreparedPicture>();
  for (const f of figures) {
    if (f.figureKind !== 'photo' || !f.image || stand.has(`photo:${f.image.assetId}`)) continue;
    // a JPEG stays a JPEG; a PNG most often stays a PNG (a photo saved as PNG becomes a JPEG: built again)
    const type = f.image.mime === 'image/png' ? 'png' : 'jpg';
    stand.set(`photo:${f.image.assetId}`, {
      data: standIn(`photo:${f.image.assetId}`),
      type,
      ...expectedPhotoPx(st, f.image),
    });
  }
  // each chart is drawn here and encoded on the threadpool; between charts, finished photos hand over to the next
  const charts = pictureCharts(figures, noPicture);
  const drawn: Promise<PreparedPicture>[] = [];
  let chartsDone = 0;
  progress({ stage: 'charts', done: 0, total: charts.length });
  for (const [i, f] of charts.entries()) {
    const pic = chartPicture(f, st, deps);
    pic.then(() => progress({ stage: 'charts', done: ++chartsDone, total: charts.length })).catch(() => {});
    drawn.push(pic);
    stand.set(`chart:${i}`, { data: standIn(`chart:${i}`), type: 'png', ...chartDisplayPx(st) });
    await turn();
  }
  const chartKey = new Map(charts.map((f, i) => [f, `chart:${i}`]));
  const keyOf = (f: FigureItem) =>
    f.figureKind === 'photo' ? (f.image ? `photo:${f.image.assetId}` : undefined) : chartKey.get(f);
  const media = (pictures: ReadonlyMap<string, PreparedPicture>) => {
    const out = new Map<FigureItem, PreparedPicture>();
    for (const f of figures) {
      const key = keyOf(f);
      const pic = key === undefined ? undefined : pictures.get(key);
      if (pic) out.set(f, pic);
    }
    return out;
  };
  const doc = build(media(stand), progress);
  return pack(doc, async (parts) => {
    const [byAsset, chartPics] = await Promise.all([photos.done, Promise.all(drawn)]);
    const real = new Map<string, PreparedPicture>();
    for (const [id, pic] of byAsset) real.set(`photo:${id}`, pic);
    for (const [i, pic] of chartPics.entries()) real.set(`chart:${i}`, pic);
    const swapped = swapPictures(parts, stand, real);
    overlapOutcomes[swapped ? 'swapped' : 'rebuilt']++;
    return swapped ?? build(media(real), () => {});
  });
}

/**
 * The document with its pictures, packed without docx hashing their bytes: docx keys every picture by a SHA-1 it
 * works out in JavaScript, about 0.2 s for a report's 43 pictures on the page pass's path, after the last layout
 * and before the file is written. Here the document is built with a stand-in of a few bytes per picture and the
 * real bytes take their places in the parts (swapPictures): the same document. A picture used twice is one stand-in
 * (docx stores it once, as it would the real one); when swapping cannot give the same document (two different
 * pictures came out byte-identical) or docx's parts cannot be reached, it is built with the real pictures.
 */
export async function packWithPictures(
  media: ReadonlyMap<FigureItem, PreparedPicture>,
  build: (media: Map<FigureItem, PreparedPicture>) => Document,
  pack: (doc: Document, settle?: SettleParts) => Promise<Buffer>,
): Promise<Buffer> {
  if (!canCompileParts()) return pack(build(new Map(media)));
  const keyOf = new Map<PreparedPicture, string>();
  const stand = new Map<string, PreparedPicture>();
  const real = new Map<string, PreparedPicture>();
  const standMedia = new Map<FigureItem, PreparedPicture>();
  for (const [f, pic] of media) {
    let key = keyOf.get(pic);
    if (key === undefined) {
      key = `picture:${keyOf.size}`;
      keyOf.set(pic, key);
      stand.set(key, { ...pic, data: standIn(key) });
      real.set(key, pic);
    }
    standMedia.set(f, stand.get(key) as PreparedPicture);
  }
  return pack(build(standMedia), async (parts) => {
    const swapped = swapPictures(parts, stand, real);
    overlapOutcomes[swapped ? 'swapped' : 'rebuilt']++;
    return swapped ?? build(new Map(media));
  });
}

/** Lets the event loop run: a photo that finished meanwhile starts the next one. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

/**
 * The parts with each stand-in's bytes replaced by its real picture's, in the same order under the same path;
 * undefined when a real picture differs from its stand-in in display size or type (docx numbers pictures per
 * type: image3.jpg) or two pictures are byte-identical (docx keys pictures by the SHA-1 of their bytes and would
 * have stored them once).
 */
export function swapPictures(
  parts: Parts,
  stand: ReadonlyMap<string, PreparedPicture>,
  real: ReadonlyMap<string, PreparedPicture>,
): Parts | undefined {
  const byStandIn = new Map<string, PreparedPicture>();
  for (const [id, s] of stand) {
    const r = real.get(id);
    if (!r || r.type !== s.type || r.widthPx !== s.widthPx || r.heightPx !== s.heightPx) return undefined;
    byStandIn.set(s.data.toString('hex'), r);
  }
  const out: Parts = new Map();
  const seen = new Set<string>();
  for (const [path, data] of parts) {
    if (!path.startsWith('word/media/')) {
      out.set(path, data);
      continue;
    }
    const r = data.length <= STAND_IN_MAX ? byStandIn.get(Buffer.from(data).toString('hex')) : undefined;
    const bytes = r ? r.data : data;
    const key = sha1(bytes);
    if (seen.has(key)) return undefined;
    seen.add(key);
    out.set(path, bytes);
  }
  return out;
}
