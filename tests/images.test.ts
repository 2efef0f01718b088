import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import {
  encodeOnWhitePng,
  MAX_INPUT_PIXELS,
  prepareImage,
  prepareImageForPrint,
  sniffImageFormat,
} from '../core/images';

/** A noisy photo-like RGB image (many colours), so the pipeline treats it as a photo. */
function noise(width: number, height: number): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  let s = 12345;
  for (let i = 0; i < raw.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    raw[i] = (s >> 16) & 0xff;
  }
  return raw;
}

async function photoJpeg(width: number, height: number, orientation?: number): Promise<Buffer> {
  const img = sharp(noise(width, height), { raw: { width, height, channels: 3 } });
  return (orientation ? img.withMetadata({ orientation }) : img).jpeg({ quality: 90 }).toBuffer();
}

/** A photo-like image: smooth gradients with slight grain (compresses well as JPEG, badly as PNG). */
function photoLike(width: number, height: number): Buffer {
  const raw = Buffer.alloc(width * height * 3);
  const grain = noise(width, height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = Math.min(255, (x * 200) / width + (grain[i]! % 16));
      raw[i + 1] = Math.min(255, (y * 200) / height + (grain[i + 1]! % 16));
      raw[i + 2] = Math.min(255, 120 + (grain[i + 2]! % 16));
    }
  return raw;
}

/** A hand-made PNG whose header claims width × height (1-bit grey, all zeros: deflates to almost nothing). */
function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter 0, no interlace
  const rows = Buffer.alloc(height * (1 + Math.ceil(width / 8)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function expectQarError(p: Promise<unknown>, code: string, text: RegExp): Promise<void> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(QarError);
  expect((e as QarError).code).toBe(code);
  expect((e as QarError).message).toMatch(text);
}

describe('sniffImageFormat', () => {
  it('names formats by magic bytes, not by claims', async () => {
    expect(sniffImageFormat(await photoJpeg(8, 8))).toBe('jpeg');
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(sniffImageFormat(png)).toBe('png');
    const webp = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
      .webp()
      .toBuffer();
    expect(sniffImageFormat(webp)).toBe('webp');
    expect(sniffImageFormat(Buffer.from('hello world, not an image'))).toBeNull();
    expect(sniffImageFormat(Buffer.alloc(0))).toBeNull();
  });
});

describe('prepareImage', () => {
  it('downscales a large JPEG to the 2400 px long edge, as JPEG, with a correct hash', async () => {
    const input = await photoJpeg(3000, 2000);
    const out = await prepareImage(input);
    expect(out.mime).toBe('image/jpeg');
    expect([out.width, out.height]).toEqual([2400, 1600]);
    expect(out.bytes).toBe(out.data.length);
    expect(out.sha256).toBe(createHash('sha256').update(out.data).digest('hex'));
    const meta = await sharp(out.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 2400, 1600]);
  });

  it('never enlarges a small image and honours a print size box', async () => {
    const small = await prepareImage(await photoJpeg(300, 200));
    expect([small.width, small.height]).toEqual([300, 200]);
    const print = await prepareImage(await photoJpeg(2400, 1600), { maxWidthPx: 1800, quality: 82 });
    expect([print.width, print.height]).toEqual([1800, 1200]);
  });

  it('applies the EXIF orientation and strips metadata', async () => {
    // orientation 6 = rotate 90° clockwise to display: a 400×200 stored image shows as 200×400
    const input = await photoJpeg(400, 200, 6);
    expect((await sharp(input).metadata()).orientation).toBe(6);
    const out = await prepareImage(input);
    expect([out.width, out.height]).toEqual([200, 400]);
    const meta = await sharp(out.data).metadata();
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
  });

  it('really rotates the pixels, not just the size', async () => {
    // left half red, right half blue; after orientation 6 (90° cw) red is on top
    const w = 200;
    const h = 100;
    const raw = Buffer.alloc(w * h * 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) raw.set(x < w / 2 ? [220, 0, 0] : [0, 0, 220], (y * w + x) * 3);
    const input = await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const out = await prepareImage(input);
    const px = await sharp(out.data).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [
      ...px.data.subarray((y * px.info.width + x) * 3, (y * px.info.width + x) * 3 + 3),
    ];
    expect(at(50, 10)[0]).toBeGreaterThan(150); // top: red
    expect(at(50, 190)[2]).toBeGreaterThan(150); // bottom: blue
  });

  it('keeps PNG for a flat-colour graphic and for transparency, converts a photo PNG to JPEG', async () => {
    const flat = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#1f4e79' } })
      .png()
      .toBuffer();
    const g = await prepareImage(flat);
    expect(g.mime).toBe('image/png');
    expect([g.width, g.height]).toEqual([2400, 800]);

    const transparent = await sharp({
      create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const t = await prepareImage(transparent);
    expect(t.mime).toBe('image/png');
    expect((await sharp(t.data).metadata()).hasAlpha).toBe(true);

    const photoPng = await sharp(photoLike(600, 400), { raw: { width: 600, height: 400, channels: 3 } })
      .png()
      .toBuffer();
    const p = await prepareImage(photoPng);
    expect(p.mime).toBe('image/jpeg');
    expect(p.bytes).toBeLessThan(photoPng.length);
  });

  it('accepts WebP', async () => {
    const webp = await sharp(noise(300, 300), { raw: { width: 300, height: 300, channels: 3 } })
      .webp()
      .toBuffer();
    const out = await prepareImage(webp);
    expect(out.mime).toBe('image/jpeg');
    expect(out.width).toBe(300);
  });

  it('refuses garbage with a Chinese message', async () => {
    await expectQarError(
      prepareImage(Buffer.from('这不是图片 just text')),
      'BAD_INPUT',
      /无法识别的图片格式，请使用 JPG 或 PNG 图片。/,
    );
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary');
    await expectQarError(prepareImage(gif), 'BAD_INPUT', /JPG 或 PNG/);
  });

  it('refuses HEIC with an explanation', async () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(16)]);
    await expectQarError(prepareImage(heic), 'BAD_INPUT', /HEIC/);
  });

  it('refuses a damaged JPEG (right magic, broken body)', async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    await expectQarError(prepareImage(broken), 'BAD_INPUT', /损坏/);
  });

  it('refuses inputs over 50 MB, naming the size in MB', async () => {
    const big = Buffer.alloc(51 * 1024 * 1024);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    await expectQarError(prepareImage(big), 'TOO_LARGE', /51\.0 MB.*50 MB/);
  });

  it('refuses a decompression bomb (tiny PNG claiming a huge canvas)', async () => {
    // 20000×20000 1-bit greyscale of zeros: about 50 KB on disk, 400 MP decoded
    const bomb = pngBomb(20000, 20000);
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    expect(20000 * 20000).toBeGreaterThan(MAX_INPUT_PIXELS);
    await expectQarError(prepareImage(bomb), 'TOO_LARGE', /20000×20000/);
  });

  it('rejects nonsense options', async () => {
    await expectQarError(prepareImage(await photoJpeg(10, 10), { maxWidthPx: 0 }), 'BAD_INPUT', /正数/);
  });
});

describe('prepareImageForPrint', () => {
  it('passes a stored image through unchanged when it already fits', async () => {
    const stored = await prepareImage(await photoJpeg(1200, 800));
    const print = await prepareImageForPrint(stored.data, { maxWidthPx: 1800, quality: 82 });
    expect(print.data.equals(stored.data)).toBe(true);
    expect(print.sha256).toBe(stored.sha256);
  });

  it('downscales to the print width and keeps a portrait photo within 1.5 × width', async () => {
    const wide = await prepareImageForPrint((await prepareImage(await photoJpeg(2400, 1600))).data, {
      maxWidthPx: 1800,
    });
    expect([wide.width, wide.height]).toEqual([1800, 1200]);
    const tall = await prepareImageForPrint(await photoJpeg(1000, 3000), { maxWidthPx: 1000 });
    expect(tall.height).toBe(1500);
    expect(tall.width).toBe(500);
  });

  it('still applies an EXIF rotation even when the size fits', async () => {
    const out = await prepareImageForPrint(await photoJpeg(400, 200, 6), { maxWidthPx: 1800 });
    expect([out.width, out.height]).toEqual([200, 400]);
  });

  it('resizes a photo its row records as larger than the box without reading its header first, to the same bytes', async () => {
    const stored = await prepareImage(await photoJpeg(2400, 1600));
    const opts = { maxWidthPx: 858, maxHeightPx: 644, quality: 80 };
    const checked = await prepareImageForPrint(stored.data, opts);
    const direct = await prepareImageForPrint(stored.data, { ...opts, storedSize: { width: 2400, height: 1600 } });
    expect(direct.data.equals(checked.data)).toBe(true);
    expect([direct.width, direct.height]).toEqual([858, 572]);
    // the row decides, not the header: a small picture whose row says it is large is resized (re-encoded, at its
    // own size) where its header alone would have let it pass through untouched
    const small = await prepareImage(await photoJpeg(600, 400));
    expect((await prepareImageForPrint(small.data, opts)).data).toBe(small.data);
    const fromRow = await prepareImageForPrint(small.data, { ...opts, storedSize: { width: 2400, height: 1600 } });
    expect(fromRow.data.equals(small.data)).toBe(false);
    expect([fromRow.width, fromRow.height]).toEqual([600, 400]);
    // a row that fits the box takes the checked path (and passes the small picture through)
    expect((await prepareImageForPrint(small.data, { ...opts, storedSize: { width: 600, height: 400 } })).data).toBe(
      small.data,
    );
    // bytes that are not a stored picture, or a damaged one, get the checked path's messages
    await expectQarError(
      prepareImageForPrint(Buffer.from('GIF89a not a stored picture'), {
        ...opts,
        storedSize: { width: 4000, height: 3000 },
      }),
      'BAD_INPUT',
      /JPG 或 PNG/,
    );
    // a damaged JPEG still gets the damaged-picture message
    await expectQarError(
      prepareImageForPrint(stored.data.subarray(0, 600), { ...opts, storedSize: { width: 2400, height: 1600 } }),
      'BAD_INPUT',
      /损坏/,
    );
  });
});

describe('encodeOnWhitePng', () => {
  const rgba = (w: number, h: number, alphaAt = -1) => {
    const rgb = noise(w, h);
    const out = Buffer.alloc(w * h * 4, 255);
    for (let p = 0; p < w * h; p++) rgb.copy(out, p * 4, p * 3, p * 3 + 3);
    if (alphaAt >= 0) out[alphaAt * 4 + 3] = 128;
    return out;
  };

  it('stores an opaque picture as RGB PNG with exactly its pixels', async () => {
    const px = rgba(37, 23);
    const png = await encodeOnWhitePng(px, 37, 23);
    expect(png).not.toBeNull();
    const meta = await sharp(png!).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 37, 23, 3]);
    expect((await sharp(png!).ensureAlpha().raw().toBuffer()).equals(px)).toBe(true);
  });

  it('prints a see-through pixel as it shows on white paper, and declines pixels that do not match the size', async () => {
    const px = rgba(10, 10, 99);
    const png = await encodeOnWhitePng(px, 10, 10);
    const out = await sharp(png!).raw().toBuffer();
    expect(out.length).toBe(300);
    // alpha 128 over white: c·128/255 + 255·127/255
    for (let c = 0; c < 3; c++)
      expect(Math.abs(out[99 * 3 + c]! - (px[99 * 4 + c]! * 128 + 255 * 127) / 255)).toBeLessThanOrEqual(1);
    // every other pixel exactly as drawn
    for (const p of [0, 98, 50])
      expect([...out.subarray(p * 3, p * 3 + 3)]).toEqual([...px.subarray(p * 4, p * 4 + 3)]);
    expect(await encodeOnWhitePng(rgba(10, 10), 10, 9)).toBeNull();
  });
});
