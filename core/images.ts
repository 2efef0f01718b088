/**
 * The shared image pipeline: every photo that enters a workspace, and every image the docx writer places,
 * passes through `prepareImage`. It refuses what is not a usable picture (unknown formats, huge files,
 * decompression bombs) with a Chinese QarError, applies the EXIF orientation, strips metadata (GPS, camera
 * serials) and downscales, so the .qar stays small and Word gets upright, print-sized images.
 *
 * Node only (sharp). Output is JPEG for photos, PNG for graphics (transparency or few colours: diagrams,
 * screenshots of charts), because JPEG smears flat colours and thin lines.
 */
import { createHash } from 'node:crypto';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Metadata, default as Sharp } from 'sharp';
import { QarError } from './errors';
import { lowerPictureThreads } from './proc/picture-threads';

/**
 * sharp (libvips) loads on first use: commands that never touch a picture (`qar info`, `qar validate`) do not pay
 * for loading it at start. Awaited outside the callers' try blocks, so a sharp that cannot load is not reported
 * as a damaged picture. Its CommonJS build, required: the same library as its ES module build, which took ~20 ms
 * longer to load (its module graph, and its CommonJS dependencies' exports worked out for the ES loader: measured
 * 56 → 35 ms with warm code caches), and a report's first photo waits for it.
 */
let sharpModule: Promise<typeof Sharp> | undefined;
function loadSharp(): Promise<typeof Sharp> {
  sharpModule ??= (async () => {
    // libuv's threadpool is made with its first job (nothing may have used it yet): this one makes it while sharp
    // loads, so that its threads exist to be lowered before sharp starts libvips' own threads from them
    const trip = access(fileURLToPath(import.meta.url)).catch(() => {});
    const sharp = createRequire(import.meta.url)('sharp') as typeof Sharp;
    if (!lowerPictureThreads()) {
      // no thread lowered yet (or nothing to lower here): once the job is back, every pool thread has started
      await trip;
      lowerPictureThreads();
    }
    return sharp;
  })();
  return sharpModule;
}

/** Resolves once sharp is loaded (loading it if need be): for a caller that waits until work has been handed to it. */
export const sharpLoaded = (): Promise<void> => loadSharp().then(() => {});

export type PreparedMime = 'image/jpeg' | 'image/png';

export interface PreparedImage {
  data: Buffer;
  mime: PreparedMime;
  width: number;
  height: number;
  bytes: number;
  /** sha256 of `data`, lowercase hex (AssetMeta.sha256) */
  sha256: string;
}

export interface PrepareImageOptions {
  /** fit inside this box, never enlarging; defaults: 2400 × 2400 (long edge 2400 px, storage size) */
  maxWidthPx?: number;
  maxHeightPx?: number;
  /** JPEG quality 1–100; default 85 */
  quality?: number;
  /** refuse larger inputs; default 50 MB */
  maxInputBytes?: number;
}

export const DEFAULT_MAX_EDGE_PX = 2400;
export const DEFAULT_JPEG_QUALITY = 85;
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;
/**
 * Decoded-pixel ceiling (about 268 MP, 16384²). Real phone photos stay below 200 MP; a small PNG that claims
 * 50000 × 50000 is a decompression bomb and would need gigabytes of memory.
 */
export const MAX_INPUT_PIXELS = 16384 * 16384;
/** An image with at most this many distinct colours (sampled) is a graphic and stays PNG. */
const GRAPHIC_MAX_COLOURS = 4096;

export type SniffedFormat = 'jpeg' | 'png' | 'webp' | 'heic' | 'gif' | 'bmp' | 'tiff';

/** The format named by the file's magic bytes, or null. The extension and the claimed mime are not trusted. */
export function sniffImageFormat(bytes: Uint8Array): SniffedFormat | null {
  const at = (i: number) => bytes[i] ?? -1;
  const ascii = (from: number, len: number) =>
    bytes.length >= from + len ? String.fromCharCode(...bytes.subarray(from, from + len)) : '';
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return 'webp';
  if (ascii(4, 4) === 'ftyp' && /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1|avif)$/.test(ascii(8, 4))) return 'heic';
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (ascii(0, 2) === 'BM') return 'bmp';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'tiff';
  return null;
}

const ACCEPTED: ReadonlySet<SniffedFormat> = new Set(['jpeg', 'png', 'webp']);

function formatMb(n: number): string {
  return (n / (1024 * 1024)).toFixed(1);
}

function positiveInt(v: number | undefined, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v < 1) throw new QarError('BAD_INPUT', `${what}必须是正数。`);
  return Math.round(v);
}

/** Checks the bytes are an accepted, sane image and returns its header facts without decoding pixels. */
async function inspect(bytes: Buffer, maxInputBytes: number): Promise<{ format: SniffedFormat; meta: Metadata }> {
  if (bytes.length > maxInputBytes) {
    throw new QarError(
      'TOO_LARGE',
      `图片文件过大（${formatMb(bytes.length)} MB），请使用不超过 ${formatMb(maxInputBytes).replace(/\.0$/, '')} MB 的图片。`,
    );
  }
  const format = sniffImageFormat(bytes);
  if (format === 'heic') {
    throw new QarError('BAD_INPUT', '暂不支持 HEIC/HEIF 格式的图片，请在手机或电脑上导出为 JPG 后再插入。');
  }
  if (format === null || !ACCEPTED.has(format)) {
    throw new QarError('BAD_INPUT', '无法识别的图片格式，请使用 JPG 或 PNG 图片。');
  }
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new QarError('BAD_INPUT', '图片文件已损坏或不完整，无法读取，请重新导出后再插入。', { cause });
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w < 1 || h < 1) throw new QarError('BAD_INPUT', '图片文件已损坏或不完整，无法读取，请重新导出后再插入。');
  if (w * h > MAX_INPUT_PIXELS) {
    throw new QarError(
      'TOO_LARGE',
      `图片尺寸过大（${w}×${h} 像素），可能是异常文件，请使用不超过 ${Math.round(MAX_INPUT_PIXELS / 1e6)} 百万像素的图片。`,
    );
  }
  return { format, meta };
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * True when the RGBA raw buffer looks like a graphic: any transparent pixel, or few distinct colours.
 * One pass, stops counting colours early once past the limit.
 */
function looksLikeGraphic(raw: Buffer, channels: number): { graphic: boolean; transparent: boolean; colours: number } {
  const colours = new Set<number>();
  let transparent = false;
  let manyColours = false;
  for (let i = 0; i + channels - 1 < raw.length; i += channels) {
    if (channels === 4 && raw[i + 3]! < 255) transparent = true;
    if (!manyColours) {
      colours.add((raw[i]! << 16) | (raw[i + 1]! << 8) | raw[i + 2]!);
      if (colours.size > GRAPHIC_MAX_COLOURS) manyColours = true;
    }
    if (transparent && manyColours) break;
  }
  return { graphic: transparent || !manyColours, transparent, colours: colours.size };
}

/**
 * Validates, auto-rotates, strips metadata and downscales an image.
 * Throws QarError BAD_INPUT (not an image / unsupported / damaged) or TOO_LARGE (file or pixel count).
 */
export async function prepareImage(bytes: Buffer, opts: PrepareImageOptions = {}): Promise<PreparedImage> {
  const maxW = positiveInt(opts.maxWidthPx, DEFAULT_MAX_EDGE_PX, '图片最大宽度');
  const maxH = positiveInt(
    opts.maxHeightPx,
    opts.maxWidthPx === undefined ? DEFAULT_MAX_EDGE_PX : maxW,
    '图片最大高度',
  );
  const quality = Math.min(100, positiveInt(opts.quality, DEFAULT_JPEG_QUALITY, '图片质量'));
  const maxInputBytes = positiveInt(opts.maxInputBytes, MAX_INPUT_BYTES, '图片大小上限');
  const { format } = await inspect(bytes, maxInputBytes);
  return resizeInspected(bytes, format, maxW, maxH, quality);
}

/** prepareImage's work after its header check (inspect), for a caller that has already made that check. */
async function resizeInspected(
  bytes: Buffer,
  format: SniffedFormat,
  maxW: number,
  maxH: number,
  quality: number,
): Promise<PreparedImage> {
  const sharp = await loadSharp();

  // failOn 'error': phone JPEGs with a harmless warning (e.g. extra bytes after EOI) still load.
  const base = () =>
    sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', pages: 1 })
      .autoOrient()
      .resize({ width: maxW, height: maxH, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb');

  try {
    if (format === 'jpeg') {
      // A JPEG is a photo (a graphic saved as JPEG has already lost its flat colours); no analysis needed.
      const { data, info } = await base()
        .jpeg({ quality, chromaSubsampling: '4:2:0' })
        .toBuffer({ resolveWithObject: true });
      return {
        data,
        mime: 'image/jpeg',
        width: info.width,
        height: info.height,
        bytes: data.length,
        sha256: sha256Hex(data),
      };
    }
    // PNG / WebP: decode once to RGBA, decide PNG vs JPEG from the pixels, encode from the raw buffer.
    const raw = await base().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const { width, height, channels } = raw.info;
    const kind = looksLikeGraphic(raw.data, channels);
    const rawInput = { raw: { width, height, channels } } as const;
    let data: Buffer;
    let mime: PreparedMime;
    if (kind.graphic) {
      let img = sharp(raw.data, rawInput);
      if (!kind.transparent) img = img.removeAlpha();
      // ≤256 colours: a palette PNG is exact and much smaller.
      data = await img
        .png(kind.colours <= 256 ? { palette: true, colours: 256, dither: 0 } : { compressionLevel: 6 })
        .toBuffer();
      mime = 'image/png';
    } else {
      data = await sharp(raw.data, rawInput)
        .flatten({ background: '#ffffff' })
        .jpeg({ quality, chromaSubsampling: '4:2:0' })
        .toBuffer();
      mime = 'image/jpeg';
    }
    return { data, mime, width, height, bytes: data.length, sha256: sha256Hex(data) };
  } catch (cause) {
    if (cause instanceof QarError) throw cause;
    const msg = cause instanceof Error ? cause.message : String(cause);
    if (/pixel limit/i.test(msg)) {
      throw new QarError('TOO_LARGE', '图片尺寸过大，可能是异常文件，请使用正常拍摄或导出的图片。', { cause });
    }
    throw new QarError('BAD_INPUT', '图片文件已损坏或不完整，无法读取，请重新导出后再插入。', { cause });
  }
}

export interface PrintImageOptions {
  /** pixel width for print, e.g. 1800 for 15 cm at 300 dpi */
  maxWidthPx: number;
  /** default 1.5 × maxWidthPx (a portrait photo must still fit on the page) */
  maxHeightPx?: number;
  /** JPEG quality, e.g. 82 */
  quality?: number;
  /**
   * The picture's size as its workspace row records it (the size prepareImage produced, or checked against the
   * picture when a workspace was imported). When that is larger than the print box, the picture is resized
   * whatever its header says, so the header is not read first: one trip through the threadpool instead of two,
   * each of which waits for the report writer's thread. Same bytes out; a row that lied would only cost a re-encode.
   */
  storedSize?: { width: number; height: number };
}

/**
 * For the docx writer: the stored asset bytes at print size. An already-stored asset that fits (upright,
 * JPEG/PNG, no EXIF orientation) is returned as it is, avoiding a second lossy JPEG generation.
 */
export async function prepareImageForPrint(bytes: Buffer, opts: PrintImageOptions): Promise<PreparedImage> {
  const maxW = positiveInt(opts.maxWidthPx, DEFAULT_MAX_EDGE_PX, '图片最大宽度');
  const maxH = positiveInt(opts.maxHeightPx, Math.round(maxW * 1.5), '图片最大高度');
  const quality = Math.min(100, positiveInt(opts.quality, 82, '图片质量'));
  const stored = opts.storedSize;
  if (stored && (stored.width > maxW || stored.height > maxH) && bytes.length <= MAX_INPUT_BYTES) {
    const format = sniffImageFormat(bytes);
    // anything else takes the checked path below, which says what is wrong with it
    if (format === 'jpeg' || format === 'png') return resizeInspected(bytes, format, maxW, maxH, quality);
  }
  const { format, meta } = await inspect(bytes, MAX_INPUT_BYTES);
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  const upright = meta.orientation === undefined || meta.orientation === 1;
  const srgb = meta.space === 'srgb' || meta.space === 'b-w';
  if ((format === 'jpeg' || format === 'png') && upright && srgb && w <= maxW && h <= maxH && !meta.exif) {
    return {
      data: bytes,
      mime: format === 'jpeg' ? 'image/jpeg' : 'image/png',
      width: w,
      height: h,
      bytes: bytes.length,
      sha256: sha256Hex(bytes),
    };
  }
  // checked above: its header is not read a second time (each read is a trip through the threadpool and back to
  // this thread, which the report's writer keeps busy while its photos resize)
  return resizeInspected(bytes, format, maxW, maxH, quality);
}

/**
 * A drawn picture (a chart's canvas: straight RGBA, as canvas.data() and ImageData give it) as an RGB PNG on
 * white paper, for the docx writer. libvips with zlib 6 and one row filter rather than the canvas's own encoder
 * (Skia tries every filter on every row): the same pixels, measured 10 print-size charts 390 ms → 67 ms of CPU
 * and 309 → 259 KB. A see-through pixel prints as it would on white paper (flattened on the threadpool, not by a
 * scan of every pixel's alpha on this thread, which the report's photos wait for). `opaque`: the caller vouches
 * that every pixel is opaque (a chart, drawn on the white background core/charts/chartjs.ts paints first), so the
 * alpha is only dropped: the same bytes as flattening, without libvips's per-pixel blend in floating point (10
 * print-size charts: about 40 ms less CPU, issue #16). Null when the pixels do not match the size (the caller
 * keeps its own encoder then).
 */
export async function encodeOnWhitePng(
  rgba: Buffer,
  width: number,
  height: number,
  opts: { opaque?: boolean } = {},
): Promise<Buffer | null> {
  if (rgba.length !== width * height * 4) return null; // not the layout expected: the caller's encoder
  const sharp = await loadSharp();
  const img = sharp(rgba, { raw: { width, height, channels: 4 } });
  return (opts.opaque ? img.removeAlpha() : img.flatten({ background: '#ffffff' }))
    .png({ compressionLevel: 6, adaptiveFiltering: false })
    .toBuffer();
}

/** What a file that is not an accepted image really is, for messages: 「实际是 SVG 矢量图」. */
export function describeNonImage(bytes: Uint8Array): string {
  const f = sniffImageFormat(bytes);
  if (f) return { jpeg: 'JPG', png: 'PNG', webp: 'WebP', heic: 'HEIC', gif: 'GIF', bmp: 'BMP', tiff: 'TIFF' }[f];
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  if (/<svg[\s/>]/i.test(head) || /^\s*<\?xml/.test(head)) return 'SVG 矢量图或其他文本文件';
  if (head.startsWith('MZ') || head.startsWith('\x7fELF')) return '可执行程序';
  if (head.startsWith('%PDF')) return 'PDF 文档';
  if (head.startsWith('PK')) return '压缩包或 Office 文档';
  if (bytes.length === 0) return '空文件';
  return '无法识别的文件';
}

/** Size limits of a picture as stored in a workspace (what assets.add leaves after prepareImage). */
export const STORED_IMAGE_MAX_BYTES = 20 * 1024 * 1024;

/**
 * The image checks of assets.add, for a picture that arrives already stored (a workspace JSON import): the real
 * format (sniffed) is JPEG or PNG and is what it claims, within the stored size and pixel limits, its declared
 * size is its real size, and the whole image decodes (what re-encoding would need). Returns the Chinese reason
 * it cannot be taken, or null. The bytes are kept as they are (export → import stays lossless).
 */
export async function storedImageProblem(
  bytes: Buffer,
  declared: { mime: string; width: number; height: number },
): Promise<string | null> {
  const format = sniffImageFormat(bytes);
  if (format !== 'jpeg' && format !== 'png') return `不是 JPG/PNG 图片（实际是${describeNonImage(bytes)}）`;
  if (`image/${format}` !== declared.mime) return `图片格式是 ${format.toUpperCase()}，与标注的 ${declared.mime} 不符`;
  if (bytes.length > STORED_IMAGE_MAX_BYTES) {
    return `图片文件过大（${formatMb(bytes.length)} MB，上限 ${formatMb(STORED_IMAGE_MAX_BYTES)} MB）`;
  }
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return '图片已损坏或不完整，无法读取';
  }
  const w = meta.width ?? 0;
  const h = meta.height ?? 0;
  if (w < 1 || h < 1) return '图片已损坏或不完整，无法读取';
  if (w * h > MAX_INPUT_PIXELS || Math.max(w, h) > DEFAULT_MAX_EDGE_PX) {
    return `图片尺寸 ${w}×${h} 像素，超过插入图片时的上限（长边 ${DEFAULT_MAX_EDGE_PX} 像素）`;
  }
  if (w !== declared.width || h !== declared.height) {
    return `图片实际尺寸 ${w}×${h} 像素，与标注的 ${declared.width}×${declared.height} 不符`;
  }
  try {
    // decode every pixel, as re-encoding would: a truncated or corrupt body fails here, not in a later report
    await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated', pages: 1 }).raw().toBuffer();
  } catch {
    return '图片已损坏或不完整，无法读取';
  }
  return null;
}
