/** Temp dirs, file hashes and tiny real images for storage tests. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

/** A fresh temp dir; call the returned cleanup in afterEach/afterAll. */
export function makeTempDir(prefix = 'qar-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The SQLite side files that exist next to `path` (should be none for a file at rest). */
export function sideFilesOf(path: string): string[] {
  return ['-wal', '-shm', '-journal'].map((s) => `${path}${s}`).filter((p) => existsSync(p));
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/**
 * A real (decodable) RGB PNG of the given size, coloured by `seed` so different seeds give different bytes.
 * `noise`: pixels from a seeded generator instead of a gradient, so the file does not compress (its bytes fill
 * about width × height × 3 bytes, several pages of a .qar).
 */
export function makePng(width: number, height: number, seed = 0, noise = false): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = (x * 7 + seed * 31) & 255;
      raw[row + 2 + x * 3] = (y * 5 + seed * 17) & 255;
      raw[row + 3 + x * 3] = (x + y + seed) & 255;
    }
  }
  if (noise) {
    // xorshift32: a period of 2^32 − 1, so no run of bytes repeats within a picture
    let r = (Math.imul(seed + 1, 2654435761) | 1) >>> 0;
    for (let i = 0; i < raw.length; i++) {
      if (i % (width * 3 + 1) === 0) continue; // each row's filter byte stays 0
      r ^= r << 13;
      r ^= r >>> 17;
      r ^= r << 5;
      raw[i] = r & 0xff;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
