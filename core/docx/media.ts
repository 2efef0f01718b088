/**
 * Pictures for the .docx, sized for print: photos are downscaled and recompressed to the pixels their printed
 * size needs at `printDpi` (40 camera photos would otherwise make a 200 MB file); charts are rendered as PNG at
 * that size. Each asset is prepared once even when several figures use it.
 */
import { createHash } from 'node:crypto';
import { prepareImageForPrint } from '../images';
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
  renderChart(spec: ChartSpec, size: ChartRenderSize): Promise<Buffer | Uint8Array>;
  /** print-size photos and chart pictures kept from an earlier export (core/fs/derived-cache-dir.ts) */
  cache?: DerivedCache;
  /** the running build (core/fs/derived-cache-dir.ts codeIdentity), part of every key */
  cacheSalt?: string;
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

export async function prepareMedia(
  model: ReportModel,
  st: ReportStyles,
  deps: MediaDeps,
  progress: ProgressFn,
  /** charts that get no picture: native Word charts and charts without data (core/docx/native-chart.ts) */
  noPicture: ReadonlySet<FigureItem> = new Set(),
): Promise<Map<FigureItem, PreparedPicture>> {
  const figures = allItems(model).filter((i): i is FigureItem => i.kind === 'figure');
  const out = new Map<FigureItem, PreparedPicture>();
  const byAsset = new Map<string, PreparedPicture>();
  const photoIds = [...new Set(figures.flatMap((f) => (f.figureKind === 'photo' && f.image ? [f.image.assetId] : [])))];
  const photoMeta = new Map(figures.flatMap((f) => (f.image ? [[f.image.assetId, f.image] as const] : [])));
  const dpi = st.figure.printDpi;

  let done = 0;
  progress({ stage: 'images', done, total: photoIds.length });
  // two at a time: sharp decodes with its own threads; more only adds memory on a 2-core machine
  await pool(photoIds, 2, async (id) => {
    const meta = photoMeta.get(id);
    if (!meta) return;
    const box = photoBoxMm(st, meta.heightPx / meta.widthPx);
    const bytes = toBuffer(await deps.assetBytes(id));
    const target = {
      maxWidthPx: mmToDots(box.w, dpi),
      maxHeightPx: mmToDots(box.h, dpi),
      quality: st.figure.jpegQuality,
    };
    // keyed by the stored bytes themselves (not the row's recorded hash) and the print size
    const key = deps.cache
      ? cacheKey(
          'photo',
          deps.cacheSalt ?? '',
          createHash('sha256').update(bytes).digest('hex'),
          JSON.stringify(target),
        )
      : '';
    const hit = deps.cache ? photoFromCache(deps.cache.get('photo', key)) : undefined;
    const img = hit ?? (await prepareImageForPrint(bytes, target));
    if (!hit && deps.cache) deps.cache.put('photo', key, photoToCache(img));
    // EXIF rotation may turn the picture: size the box from what was actually produced
    const real = photoBoxMm(st, img.height / img.width);
    byAsset.set(id, {
      data: img.data,
      type: img.mime === 'image/png' ? 'png' : 'jpg',
      widthPx: mmToCssPx(real.w),
      heightPx: mmToCssPx(real.h),
    });
    progress({ stage: 'images', done: ++done, total: photoIds.length });
  });

  for (const f of figures) {
    const pic = f.image ? byAsset.get(f.image.assetId) : undefined;
    if (f.figureKind === 'photo' && pic) out.set(f, pic);
  }

  const charts = figures.filter((f) => f.figureKind === 'chart' && f.chart && !noPicture.has(f));
  const box = chartBoxMm(st);
  const size: ChartRenderSize = { widthPx: mmToCssPx(box.w), heightPx: mmToCssPx(box.h), dpi };
  done = 0;
  progress({ stage: 'charts', done, total: charts.length });
  for (const f of charts) {
    if (!f.chart) continue;
    const key = deps.cache ? cacheKey('chart', deps.cacheSalt ?? '', JSON.stringify([f.chart, size])) : '';
    const hit = deps.cache?.get('chart', key);
    const png = hit ?? toBuffer(await deps.renderChart(f.chart, size));
    if (!hit && deps.cache) deps.cache.put('chart', key, png);
    out.set(f, { data: png, type: 'png', widthPx: mmToCssPx(box.w), heightPx: mmToCssPx(box.h) });
    progress({ stage: 'charts', done: ++done, total: charts.length });
  }
  return out;
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
