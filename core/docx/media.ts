/**
 * Pictures for the .docx, sized for print: photos are downscaled and recompressed to the pixels their printed
 * size needs at `printDpi` (40 camera photos would otherwise make a 200 MB file); charts are rendered as PNG at
 * that size. Each asset is prepared once even when several figures use it.
 */
import { createHash } from 'node:crypto';
import { prepareImageForPrint, sharpLoaded } from '../images';
import type { ChartSpec, FigureItem, ReportModel } from '../report/model';
import { allItems } from '../report/model';
import { cacheKey, type DerivedCache } from './derived-cache';
import { chartBoxMm, mmToCssPx, photoBoxMm } from './geometry';
import type { ReportStyles } from './styles';

// the page geometry lives in ./geometry.ts (pure, shared with the renderer's paged preview)
export { chartBoxMm, photoBoxMm, textBoxMm } from './geometry';

/** What core/charts renderChartPng takes: logical size in 96-dpi pixels; the bitmap is that × dpi / 96. */
export interface ChartRenderSize {
  widthPx: number;
  heightPx: number;
  dpi: number;
}

export interface MediaDeps {
  assetBytes(id: string): Buffer | Uint8Array | Promise<Buffer | Uint8Array>;
  /**
   * The sha256 (hex) of the bytes assetBytes gave for an image, when the caller hashed them already (core/service.ts
   * checkedAssets): the cache key then takes it instead of hashing them again. Undefined: hashed here.
   */
  assetSha256?(id: string): string | undefined;
  renderChart(spec: ChartSpec, size: ChartRenderSize): Promise<Buffer | Uint8Array>;
  /** print-size photos and chart pictures kept from an earlier export (core/fs/derived-cache-dir.ts) */
  cache?: DerivedCache;
  /** the running build (core/fs/derived-cache-dir.ts codeIdentity), part of every key */
  cacheSalt?: string;
  /**
   * this report's photos, already being resized (startPhotos): started by the caller before the writer's own
   * modules were loaded (core/docx/run-export.ts), so that loading them overlaps the photos' work
   */
  photos?: PhotoWork;
}

export interface PreparedPicture {
  data: Buffer;
  type: 'jpg' | 'png';
  /** display size in CSS pixels (96 per inch), what the docx package expects */
  widthPx: number;
  heightPx: number;
}

export type ProgressFn = (p: {
  stage: 'images' | 'charts' | 'document' | 'pages' | 'pack';
  done: number;
  total: number;
}) => void;

const mmToDots = (mm: number, dpi: number) => Math.ceil((mm / 25.4) * dpi);

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function toBuffer(b: Buffer | Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** The report's figures in reading order. */
export const figuresOf = (model: ReportModel) => allItems(model).filter((i): i is FigureItem => i.kind === 'figure');

export async function prepareMedia(
  model: ReportModel,
  st: ReportStyles,
  deps: MediaDeps,
  progress: ProgressFn,
  /** charts that get no picture: native Word charts and charts without data (core/docx/native-chart.ts) */
  noPicture: ReadonlySet<FigureItem> = new Set(),
): Promise<Map<FigureItem, PreparedPicture>> {
  const figures = figuresOf(model);
  const byAsset = await photosFor(figures, st, deps, progress).done;
  const out = photoPictures(figures, byAsset);
  for (const [f, pic] of await drawCharts(figures, st, deps, progress, noPicture)) out.set(f, pic);
  return out;
}

/** Each photo figure's picture, from the pictures by asset id. */
export function photoPictures(
  figures: readonly FigureItem[],
  byAsset: ReadonlyMap<string, PreparedPicture>,
): Map<FigureItem, PreparedPicture> {
  const out = new Map<FigureItem, PreparedPicture>();
  for (const f of figures) {
    const pic = f.image ? byAsset.get(f.image.assetId) : undefined;
    if (f.figureKind === 'photo' && pic) out.set(f, pic);
  }
  return out;
}

/**
 * Photos in flight while this thread builds the document (core/docx/overlap.ts): libuv runs four jobs at once, and
 * a photo that finishes while this thread is busy (loading modules, compiling XML, a garbage collection) cannot
 * start the next one until it is free, so more queued keep the cores busy where fewer left them idle. Measured in
 * paired runs of the seed-003-scale export: three took 0.88× the time of two, four 0.88× that of three; since a
 * photo goes to the threadpool once, not twice (prepareImageForPrint's storedSize), eight took 0.95× the time of
 * four. With eight, a perf timeline still showed the photos' threads idle for 50–150 ms at a time, twice an export,
 * while this thread was busy: every photo queued (up to PHOTO_BYTES_IN_FLIGHT) ends that, and took 0.98× the time
 * of eight (24 pairs; peak memory +20 MB). Each queued photo holds only its stored bytes (typically 1 MB); libuv
 * decodes four at a time whatever the queue.
 */
export const PHOTOS_IN_FLIGHT = 32;

/**
 * The stored bytes the queued photos may hold at once: a report of 1 MB photos queues PHOTOS_IN_FLIGHT of them, one
 * of 20 MB photos (the stored limit) three or four, so memory stays bounded whatever the school stored.
 */
export const PHOTO_BYTES_IN_FLIGHT = 64 * 1024 * 1024;

/** Photos read and handed to sharp before the rest are read (libuv runs four at once). */
const FIRST_PHOTOS = 4;

/** deps.photos when it holds this report's photos (all of its assets), else the photos started now. */
export function photosFor(
  figures: readonly FigureItem[],
  st: ReportStyles,
  deps: MediaDeps,
  progress: ProgressFn,
  inFlight = 2,
): PhotoWork {
  const given = deps.photos;
  const ids = photoIdsOf(figures);
  if (given && ids.every((id) => given.ids.includes(id)))
    return given.ids.length === ids.length
      ? given
      : {
          ids,
          submitted: given.submitted,
          done: given.done.then(
            (all) => new Map(ids.flatMap((id) => (all.has(id) ? [[id, all.get(id) as PreparedPicture]] : []))),
          ),
        };
  return startPhotos(figures, st, deps, progress, inFlight);
}

/** What the photo work reads of a figure (the writer's figures, or run-export.ts's look at a year's blocks). */
type PhotoFigure = Pick<FigureItem, 'figureKind' | 'image'>;
type PhotoMeta = NonNullable<PhotoFigure['image']>;

const photoIdsOf = (figures: readonly PhotoFigure[]) => [
  ...new Set(figures.flatMap((f) => (f.figureKind === 'photo' && f.image ? [f.image.assetId] : []))),
];

/** The photos being resized: their ids in first-use order, and the pictures by asset id once all are done. */
export interface PhotoWork {
  ids: string[];
  done: Promise<Map<string, PreparedPicture>>;
  /**
   * Resolves once the first photos' resizing has been handed to the threadpool (at once when none needs it): a
   * caller about to keep this thread busy awaits it first, or the photos would wait for that work to end.
   */
  submitted: Promise<void>;
}

/**
 * Starts resizing every photo to print size and returns at once; the work runs on libuv's threadpool while the
 * caller goes on. Two at a time when this thread only waits for them (sharp decodes with its own threads; more
 * only adds memory on a 2-core machine); PHOTOS_IN_FLIGHT when this thread is busy meanwhile. Either way the
 * photos read and not yet resized hold at most `bytesInFlight` of stored bytes (plus one photo).
 */
export function startPhotos(
  figures: readonly PhotoFigure[],
  st: ReportStyles,
  deps: Pick<MediaDeps, 'assetBytes' | 'assetSha256' | 'cache' | 'cacheSalt'>,
  progress: ProgressFn,
  inFlight = 2,
  bytesInFlight = PHOTO_BYTES_IN_FLIGHT,
): PhotoWork {
  const byAsset = new Map<string, PreparedPicture>();
  // stored bytes read and not yet resized; a photo waits to be read while they fill the budget
  let held = 0;
  const waiting: (() => void)[] = [];
  // one waiting photo at a time: it is counted only once it has read its bytes, and then lets the next in if
  // there is still room
  const admitNext = () => {
    if (held < bytesInFlight) waiting.shift()?.();
  };
  const photoIds = photoIdsOf(figures);
  const photoMeta = new Map(figures.flatMap((f) => (f.image ? [[f.image.assetId, f.image] as const] : [])));

  let done = 0;
  let resizing = false;
  progress({ stage: 'images', done, total: photoIds.length });
  // the first photos are read (and hashed) now; the rest once those are on the threadpool, not before: reading
  // all 32 first kept sharp from loading for ~50 ms while only this thread worked
  let firstOnThreadpool: () => void = () => {};
  const later = new Promise<void>((r) => {
    firstOnThreadpool = r;
  });
  let started = 0;
  const work = pool(photoIds, inFlight, async (id) => {
    const meta = photoMeta.get(id);
    if (!meta) return;
    if (started++ >= FIRST_PHOTOS) await later;
    // read at once when the bytes are at hand (the CLI's store) and the budget has room: the first photos then
    // reach sharp before startPhotos returns (see `submitted`)
    if (held >= bytesInFlight) await new Promise<void>((r) => waiting.push(r));
    const stored = deps.assetBytes(id);
    const bytes = toBuffer(stored instanceof Promise ? await stored : stored);
    held += bytes.length;
    admitNext();
    try {
      await preparePhoto(id, meta, bytes);
    } finally {
      held -= bytes.length;
      admitNext();
    }
  });
  async function preparePhoto(id: string, meta: PhotoMeta, bytes: Buffer): Promise<void> {
    const target = photoTarget(st, meta);
    // keyed by the stored bytes themselves (not the row's recorded hash: checkedAssets hashed these very bytes)
    // and the print size
    const key = deps.cache
      ? cacheKey(
          'photo',
          deps.cacheSalt ?? '',
          deps.assetSha256?.(id) ?? createHash('sha256').update(bytes).digest('hex'),
          JSON.stringify(target),
        )
      : '';
    const hit = deps.cache ? photoFromCache(deps.cache.get('photo', key)) : undefined;
    if (!hit) resizing = true;
    const img =
      hit ??
      (await prepareImageForPrint(bytes, { ...target, storedSize: { width: meta.widthPx, height: meta.heightPx } }));
    if (!hit && deps.cache) deps.cache.put('photo', key, photoToCache(img));
    // EXIF rotation may turn the picture: size the box from what was actually produced
    byAsset.set(id, {
      data: img.data,
      type: img.mime === 'image/png' ? 'png' : 'jpg',
      ...photoDisplayPx(st, img.width, img.height),
    });
    progress({ stage: 'images', done: ++done, total: photoIds.length });
  }
  const all = work.then(() => byAsset);
  // the caller awaits it later; a photo that fails meanwhile must not count as an unhandled rejection
  all.catch(() => {});
  // The first photos' calls wait only for sharp to load (core/images.ts); once it has, they run before anything
  // queued after them, and one turn of the event loop later their work is on the threadpool.
  // Then the rest are let in, and one more turn later they are on the threadpool too (queued behind the first).
  const turn = () => new Promise<void>((r) => setImmediate(r));
  const first = resizing ? sharpLoaded().then(turn) : Promise.resolve();
  const submitted = first.then(() => {
    firstOnThreadpool();
    return photoIds.length > FIRST_PHOTOS ? turn() : undefined;
  });
  first.catch(firstOnThreadpool);
  return { ids: photoIds, done: all, submitted };
}

/** The print pixels a photo is resized to (its box at the style's print resolution) and the JPEG quality. */
function photoTarget(st: ReportStyles, meta: { widthPx: number; heightPx: number }) {
  const box = photoBoxMm(st, meta.heightPx / meta.widthPx);
  const dpi = st.figure.printDpi;
  return { maxWidthPx: mmToDots(box.w, dpi), maxHeightPx: mmToDots(box.h, dpi), quality: st.figure.jpegQuality };
}

/** A photo's display size (CSS px) from the pixels of its print picture. */
function photoDisplayPx(st: ReportStyles, width: number, height: number): { widthPx: number; heightPx: number } {
  const real = photoBoxMm(st, height / width);
  return { widthPx: mmToCssPx(real.w), heightPx: mmToCssPx(real.h) };
}

/**
 * The display size a photo will most likely get, before it is resized: from the stored picture's recorded size,
 * shrunk to fit its print pixels as sharp's `fit: inside` does (or kept when it fits already). Only a guess to
 * build the document early with: the caller compares it with what was produced (EXIF rotation, a rounding of
 * sharp's own) and builds again with the real sizes when they differ.
 */
export function expectedPhotoPx(
  st: ReportStyles,
  meta: { widthPx: number; heightPx: number },
): { widthPx: number; heightPx: number } {
  const { maxWidthPx, maxHeightPx } = photoTarget(st, meta);
  const scale = Math.min(1, maxWidthPx / meta.widthPx, maxHeightPx / meta.heightPx);
  const w = Math.max(1, Math.round(meta.widthPx * scale));
  const h = Math.max(1, Math.round(meta.heightPx * scale));
  return photoDisplayPx(st, w, h);
}

/** Chart pictures (PNG at print size), drawn one after another on this thread. */
export async function drawCharts(
  figures: readonly FigureItem[],
  st: ReportStyles,
  deps: MediaDeps,
  progress: ProgressFn,
  /** charts that get no picture: native Word charts and charts without data (core/docx/native-chart.ts) */
  noPicture: ReadonlySet<FigureItem> = new Set(),
): Promise<Map<FigureItem, PreparedPicture>> {
  const out = new Map<FigureItem, PreparedPicture>();
  const charts = pictureCharts(figures, noPicture);
  let done = 0;
  progress({ stage: 'charts', done, total: charts.length });
  for (const f of charts) {
    out.set(f, await chartPicture(f, st, deps));
    progress({ stage: 'charts', done: ++done, total: charts.length });
  }
  return out;
}

/** The chart figures drawn as pictures, in reading order. */
export const pictureCharts = (figures: readonly FigureItem[], noPicture: ReadonlySet<FigureItem>) =>
  figures.filter((f) => f.figureKind === 'chart' && f.chart && !noPicture.has(f));

/** A chart's display size (CSS px), the box every chart picture fills. */
export function chartDisplayPx(st: ReportStyles): { widthPx: number; heightPx: number } {
  const box = chartBoxMm(st);
  return { widthPx: mmToCssPx(box.w), heightPx: mmToCssPx(box.h) };
}

/**
 * One chart's picture: from the cache, or drawn (deps.renderChart draws on this thread before it returns its
 * promise; only the PNG encoding runs on the threadpool).
 */
export async function chartPicture(f: FigureItem, st: ReportStyles, deps: MediaDeps): Promise<PreparedPicture> {
  const display = chartDisplayPx(st);
  const size: ChartRenderSize = { ...display, dpi: st.figure.printDpi };
  if (!f.chart) throw new Error('chartPicture: a figure without a chart spec');
  const key = deps.cache ? cacheKey('chart', deps.cacheSalt ?? '', JSON.stringify([f.chart, size])) : '';
  const hit = deps.cache?.get('chart', key);
  const png = hit ?? toBuffer(await deps.renderChart(f.chart, size));
  if (!hit && deps.cache) deps.cache.put('chart', key, png);
  return { data: png, type: 'png', ...display };
}

type PrintPhoto = Pick<Awaited<ReturnType<typeof prepareImageForPrint>>, 'data' | 'mime' | 'width' | 'height'>;

/** A cached print photo: a 16-byte head (width, height, mime) then the image bytes. */
function photoToCache(img: PrintPhoto): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32BE(img.width, 0);
  head.writeUInt32BE(img.height, 4);
  head.writeUInt8(img.mime === 'image/png' ? 1 : 0, 8);
  return Buffer.concat([head, img.data]);
}

function photoFromCache(raw: Buffer | undefined): PrintPhoto | undefined {
  if (!raw || raw.length <= 16) return undefined;
  const width = raw.readUInt32BE(0);
  const height = raw.readUInt32BE(4);
  if (!width || !height) return undefined;
  return { width, height, mime: raw.readUInt8(8) === 1 ? 'image/png' : 'image/jpeg', data: raw.subarray(16) };
}

const STAGE_ORDER: Record<Parameters<ProgressFn>[0]['stage'], number> = {
  images: 0,
  charts: 1,
  pages: 2,
  document: 3,
  pack: 4,
};

/**
 * Progress as the stages' bar expects it (core/host/report-job.ts), when stages overlap: a stage that runs on
 * behind a later one (photos resized while the document is built) reports no more.
 */
export function forwardOnly(progress: ProgressFn): ProgressFn {
  let at = 0;
  return (p) => {
    const rank = STAGE_ORDER[p.stage];
    if (rank < at) return;
    at = rank;
    progress(p);
  };
}
