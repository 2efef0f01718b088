/**
 * The .docx's parts and their zip. docx's Packer deflates every part, JPEGs and PNGs too: they are compressed
 * already, so deflating them costs a quarter of an export and saves nothing. Here the parts come from docx's
 * compiler (the step Packer runs before zipping) and are zipped with the pictures stored, the XML deflated by
 * zlib; the zip itself (headers and central directory, no ZIP64: a report stays far below 4 GB) is written here,
 * because its entries may be deflated ahead, while the pictures are still being made.
 * The compiler is not part of docx's typed API, so it is reached through a narrow check: if a docx update moves
 * it, `documentParts` returns undefined and the caller packs with Packer as before (slower, same document).
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { type Document, Packer } from 'docx';
import { installFastPrep } from './fast-prep';

// every document compiled from here on is serialised by the plain loops (./fast-prep.ts): the same XML, sooner
installFastPrep();

export type Parts = Map<string, Uint8Array>;

interface Compiler {
  compile(
    file: Document,
    prettify: undefined,
    overrides: { path: string; data: string | Uint8Array }[],
  ): Map<string, unknown>;
}

function compilerOf(): Compiler | undefined {
  const c = (Packer as unknown as { compiler?: Partial<Compiler> }).compiler;
  return typeof c?.compile === 'function' ? (c as Compiler) : undefined;
}

const utf8 = new TextEncoder();

function bytesOf(data: unknown): Uint8Array | undefined {
  if (typeof data === 'string') return utf8.encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return undefined;
}

/** The document's parts by path, in docx's order, or undefined when docx's compiler is not reachable. */
export function documentParts(doc: Document, overrides: { path: string; data: string }[] = []): Parts | undefined {
  const compiler = compilerOf();
  if (!compiler) return undefined;
  const out: Parts = new Map();
  for (const [path, data] of compiler.compile(doc, undefined, overrides)) {
    const b = bytesOf(data);
    if (!b) return undefined;
    out.set(path, b);
  }
  return out;
}

/** Parts that are compressed already (JPEG, PNG; fonts are obfuscated, not compressed, so they are deflated). */
const STORED = /\.(jpe?g|png)$/i;

/** A part as it goes into the zip: its bytes (deflated or stored), CRC-32 and size, and the part it came from. */
export interface ZipEntry {
  from: Uint8Array;
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
}

/**
 * The zip entries of the parts that are deflated (not the pictures), made ahead: while the pictures are still on
 * their way (core/docx/overlap.ts), so that only storing them is left once they come.
 */
export function deflateAhead(parts: Parts): Map<string, ZipEntry> {
  const out = new Map<string, ZipEntry>();
  for (const [path, data] of parts) if (!STORED.test(path)) out.set(path, entryOf(path, data));
  return out;
}

// zlib (native) rather than fflate's JavaScript deflate: the same format, and no cold start in a fresh process
// (fflate's first zip of a report took 0.3 s where zlib takes 0.05 s)
function entryOf(path: string, data: Uint8Array): ZipEntry {
  const stored = STORED.test(path);
  return {
    from: data,
    data: stored ? data : deflateRawSync(data, { level: 6 }),
    method: stored ? 0 : 8,
    crc: crc32(data) >>> 0,
  };
}

/**
 * The zip: pictures stored as they are, everything else deflated (level 6), in the parts' order; `ahead` holds
 * entries made earlier (deflateAhead), used for each part that is still the very same bytes.
 */
export function zipParts(parts: Parts, ahead?: ReadonlyMap<string, ZipEntry>): Buffer {
  const now = new Date();
  // MS-DOS time and date, as zip tools write them (local time, 2-second steps)
  const time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
  const date = ((Math.max(1980, now.getFullYear()) - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [path, data] of parts) {
    const made = ahead?.get(path);
    const e = made && made.from === data ? made : entryOf(path, data);
    const name = Buffer.from(path, 'utf8');
    if (offset > 0xffff_fff0 - e.data.length || data.length > 0xffff_fff0)
      throw new Error(`zipParts: ${path} would need ZIP64`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(e.method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    local.copy(dir, 6, 4, 30); // version needed … name length, as in the local header
    dir.writeUInt16LE(0, 30); // extra
    dir.writeUInt16LE(0, 32); // comment
    dir.writeUInt16LE(0, 34); // disk
    dir.writeUInt16LE(0, 36); // internal attributes
    dir.writeUInt32LE(0, 38); // external attributes
    dir.writeUInt32LE(offset, 42);
    chunks.push(local, name, e.data);
    central.push(dir, name);
    offset += local.length + name.length + e.data.length;
  }
  const dirSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(dirSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** Whether docx's compiler is reachable here (documentParts works). */
export const canCompileParts = (): boolean => compilerOf() !== undefined;

/**
 * What happens to the compiled parts before they are finished and zipped (core/docx/overlap.ts): the parts to
 * zip, or another document to compile instead of them.
 */
export type SettleParts = (parts: Parts) => Promise<Parts | Document>;

/** The document's bytes: our zip when the parts are reachable, else Packer's. */
export async function packDocument(
  doc: Document,
  overrides: { path: string; data: string }[],
  finish?: (parts: Parts) => void,
  finishZip?: (docx: Buffer) => Buffer,
  settle?: SettleParts,
): Promise<Buffer> {
  let parts = documentParts(doc, overrides);
  let packed = doc;
  if (parts && settle) {
    // finish touches only chart XML, never a picture: done now, and the XML deflated while `settle` waits
    finish?.(parts);
    const ahead = deflateAhead(parts);
    const settled = await settle(parts);
    if (settled instanceof Map) return zipParts(settled, ahead);
    packed = settled;
    parts = documentParts(settled, overrides);
  }
  if (parts) {
    finish?.(parts);
    return zipParts(parts);
  }
  const buf = await Packer.toBuffer(packed, false, overrides);
  return finishZip ? finishZip(buf) : buf;
}
