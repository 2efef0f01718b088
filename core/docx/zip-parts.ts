/**
 * The .docx's parts and their zip. docx's Packer deflates every part, JPEGs and PNGs too: they are compressed
 * already, so deflating them costs a quarter of an export and saves nothing. Here the parts come from docx's
 * compiler (the step Packer runs before zipping) and are zipped with the pictures stored, the XML deflated.
 * The compiler is not part of docx's typed API, so it is reached through a narrow check: if a docx update moves
 * it, `documentParts` returns undefined and the caller packs with Packer as before (slower, same document).
 */
import { type Document, Packer } from 'docx';
import { type Zippable, zipSync } from 'fflate';

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

/** The zip: pictures stored as they are, everything else deflated. */
export function zipParts(parts: Parts): Buffer {
  const z: Zippable = {};
  for (const [path, data] of parts) z[path] = [data, { level: STORED.test(path) ? 0 : 6 }];
  return Buffer.from(zipSync(z));
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
    const settled = await settle(parts);
    if (settled instanceof Map) parts = settled;
    else {
      packed = settled;
      parts = documentParts(settled, overrides);
    }
  }
  if (parts) {
    finish?.(parts);
    return zipParts(parts);
  }
  const buf = await Packer.toBuffer(packed, false, overrides);
  return finishZip ? finishZip(buf) : buf;
}
