/**
 * Cheap checks before a workbook is handed to exceljs, which inflates every part into memory: the file's size,
 * that it is a zip holding an Excel workbook (not a CSV, a Word file, an encrypted or .xls file), and the total
 * size once unzipped, counted while streaming so a zip bomb is stopped at the limit rather than trusted.
 *
 * Bytes alone do not bound exceljs: a million one-cell rows zip to 7.5 MB and cost it 26.6 s CPU and 1.7 GB, and a
 * merge or data validation over a whole sheet makes it visit 17 billion cells. So the same streaming pass counts
 * what exceljs will build — rows, cells, shared strings, cells covered by merges and validations — and stops at
 * the first limit, naming it in Chinese. Counting opening tags in the XML text is enough for a bound (an
 * over-count only refuses earlier); a tag split between two chunks is carried over.
 */
import JSZip from 'jszip';
import { QarError } from '../errors';

export const MAX_XLSX_BYTES = 20 * 1024 * 1024;
/** A workbook exported by the app is ~30 KB unzipped; 60 MB leaves room for offices' big sheets. */
export const MAX_XLSX_UNZIPPED_BYTES = 60 * 1024 * 1024;
export const MAX_XLSX_ENTRIES = 2000;
/**
 * What an indicator workbook can hold. The frameworks have a few hundred indicators in six tables; an office's own
 * sheet with notes and sub-totals is still far below these. Measured with exceljs: 200 000 cells ≈ 0.4 GB heap.
 */
export const MAX_XLSX_ROWS = 20_000;
export const MAX_XLSX_CELLS = 200_000;
export const MAX_XLSX_SHARED_STRINGS = 100_000;
/** cells covered by merges, data validations (exceljs creates one entry per covered cell) */
export const MAX_XLSX_RANGE_CELLS = 200_000;
/** one XML tag longer than this (a sqref with thousands of ranges …) is not from a spreadsheet program */
const MAX_TAG_CHARS = 1024 * 1024;

const SAVE_AS = '请在 Excel 中打开后「另存为」Excel 工作簿（.xlsx）再导入';
const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

function bad(message: string): never {
  throw new QarError('BAD_INPUT', message);
}

function startsWith(b: Uint8Array, sig: readonly number[]): boolean {
  return b.length >= sig.length && sig.every((x, i) => b[i] === x);
}

/** Text files (CSV, TSV, HTML "xls") have no NUL bytes near the start; binary formats almost always do. */
function looksLikeText(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  for (let i = 0; i < n; i++) if (b[i] === 0) return false;
  return true;
}

function tooLarge(message: string): QarError {
  return new QarError(
    'TOO_LARGE',
    `${message}，不像指标数据表，无法导入。请只保留指标数据表（可先用「导出 Excel」得到模板）后再导入。`,
  );
}

/** Cells in an A1-style range list ("A1:C3 E5"); absurd ranges count as the whole sheet. */
export function rangeCells(sqref: string): number {
  let total = 0;
  for (const part of sqref.trim().split(/\s+/)) {
    if (!part) continue;
    const [a, b = a] = part.replace(/\$/g, '').split(':');
    const pa = /^([A-Z]{0,3})(\d*)$/i.exec(a ?? '');
    const pb = /^([A-Z]{0,3})(\d*)$/i.exec(b ?? '');
    if (!pa || !pb) return Number.MAX_SAFE_INTEGER;
    const col = (s: string, dflt: number) =>
      s ? [...s.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) : dflt;
    const row = (s: string, dflt: number) => (s ? Number(s) : dflt);
    const w = Math.abs(col(pb[1]!, 16384) - col(pa[1]!, 1)) + 1;
    const h = Math.abs(row(pb[2]!, 1048576) - row(pa[2]!, 1)) + 1;
    total += w * h;
  }
  return total;
}

type PartKind = 'sheet' | 'shared' | 'comments' | 'other';
function partKind(name: string): PartKind {
  if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) return 'sheet';
  if (/^xl\/sharedStrings[^/]*\.xml$/i.test(name)) return 'shared';
  if (/^xl\/comments[^/]*\.xml$/i.test(name)) return 'comments';
  return 'other';
}

const TAG = /<(?:[A-Za-z_][\w.-]*:)?(row|c|si|comment|mergeCell|dataValidation)(?=[\s/>])([^>]*)>/g;

/** Running totals of what exceljs would build; throws TOO_LARGE at the first limit passed. */
class WorkbookCounter {
  bytes = 0;
  rows = 0;
  cells = 0;
  shared = 0;
  ranged = 0;

  constructor(private readonly maxBytes: number) {}

  /** Counts the complete tags in `text`; returns the unfinished tail to prepend to the next chunk. */
  scan(kind: PartKind, text: string): string {
    const cut = text.lastIndexOf('<');
    const closed = cut >= 0 && text.indexOf('>', cut) < 0 ? cut : text.length;
    const body = text.slice(0, closed);
    TAG.lastIndex = 0;
    for (let m = TAG.exec(body); m; m = TAG.exec(body)) {
      const name = m[1];
      if (kind === 'sheet') {
        if (name === 'row') this.rows++;
        else if (name === 'c') this.cells++;
        else if (name === 'mergeCell') this.ranged += rangeCells(/\bref="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '');
        else if (name === 'dataValidation') this.ranged += rangeCells(/\bsqref="([^"]*)"/.exec(m[2] ?? '')?.[1] ?? '');
      } else if (kind === 'shared' && name === 'si') this.shared++;
      else if (kind === 'comments' && name === 'comment') this.cells++;
    }
    this.check();
    const tail = text.slice(closed);
    if (tail.length > MAX_TAG_CHARS) throw tooLarge('Excel 文件中有异常长的内容（单个标记超过 1 MB）');
    return tail;
  }

  add(n: number): void {
    this.bytes += n;
    if (this.bytes > this.maxBytes) {
      throw new QarError(
        'TOO_LARGE',
        `Excel 文件解压后超过 ${MB(this.maxBytes)}（内容异常庞大），无法导入。请只保留指标数据表后再导入。`,
      );
    }
  }

  private check(): void {
    if (this.rows > MAX_XLSX_ROWS) throw tooLarge(`Excel 文件中的行数超过 ${MAX_XLSX_ROWS} 行`);
    if (this.cells > MAX_XLSX_CELLS) throw tooLarge(`Excel 文件中填写的单元格超过 ${MAX_XLSX_CELLS} 个单元格`);
    if (this.shared > MAX_XLSX_SHARED_STRINGS)
      throw tooLarge(`Excel 文件中的共享文本超过 ${MAX_XLSX_SHARED_STRINGS} 条`);
    if (this.ranged > MAX_XLSX_RANGE_CELLS) {
      throw tooLarge(`Excel 文件中的合并单元格或数据验证覆盖超过 ${MAX_XLSX_RANGE_CELLS} 个单元格`);
    }
  }
}

/** Streams every entry once: inflated bytes (zip bombs) and, in sheet parts, what exceljs would build. */
async function scanEntries(zip: JSZip, maxBytes: number): Promise<void> {
  const counter = new WorkbookCounter(maxBytes);
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const kind = partKind(entry.name);
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      const decoder = new TextDecoder('utf-8');
      let carry = '';
      const stop = (e?: unknown) => {
        stream.pause();
        stream.removeAllListeners();
        if (e) reject(e);
        else resolve();
      };
      stream.on('data', (chunk: Buffer) => {
        try {
          counter.add(chunk.length);
          if (kind !== 'other') carry = counter.scan(kind, carry + decoder.decode(chunk, { stream: true }));
        } catch (e) {
          stop(e);
        }
      });
      stream.on('end', () => {
        try {
          if (kind !== 'other') counter.scan(kind, `${carry}${decoder.decode()}>`);
          stop();
        } catch (e) {
          stop(e);
        }
      });
      stream.on('error', (e: unknown) => stop(e));
    });
  }
}

/** Throws QarError (one Chinese sentence) unless `bytes` can safely be read as an .xlsx workbook. */
export async function checkXlsxContainer(bytes: Uint8Array): Promise<void> {
  if (bytes.length === 0) bad(`文件是空的（0 字节），不是 Excel 工作簿，请选择从 Excel 保存的 .xlsx 文件。`);
  if (bytes.length > MAX_XLSX_BYTES) {
    throw new QarError(
      'TOO_LARGE',
      `Excel 文件超过 ${MB(MAX_XLSX_BYTES)}，无法导入。请删除与指标数据无关的工作表或图片后再导入。`,
    );
  }
  // Compound File (OLE): what Office writes for password-protected workbooks and for the old .xls format
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    bad(
      '文件设置了打开密码（已加密），或是旧版 Excel 97-2003（.xls）格式，无法读取。请在 Excel 中取消密码并另存为 .xlsx 后再导入。',
    );
  }
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) && !startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    if (looksLikeText(bytes)) bad(`文件是文本（可能是 CSV 文件改了扩展名），不是 Excel 工作簿。${SAVE_AS}。`);
    bad('文件不是 Excel 工作簿（.xlsx），可能已损坏或是其他类型的文件。请选择从 Excel 保存的 .xlsx 文件。');
  }
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch {
    bad('文件已损坏或不完整（压缩结构无法读取），不是可用的 Excel 工作簿。请重新从 Excel 保存后再导入。');
  }
  const names = Object.keys(zip.files);
  if (names.length > MAX_XLSX_ENTRIES)
    bad(`文件中的部件超过 ${MAX_XLSX_ENTRIES} 个，不像正常的 Excel 工作簿，无法导入。`);
  if (!zip.file('xl/workbook.xml')) {
    if (zip.file('word/document.xml')) bad(`这是 Word 文档（.docx），不是 Excel 工作簿。请选择 .xlsx 文件。`);
    if (zip.file('ppt/presentation.xml')) bad(`这是 PowerPoint 演示文稿，不是 Excel 工作簿。请选择 .xlsx 文件。`);
    if (zip.file('content.xml') && zip.file('mimetype'))
      bad(`这是 OpenDocument 文件（如 WPS/LibreOffice 的 .ods），${SAVE_AS}。`);
    bad('这是一个压缩包，但里面没有 Excel 工作簿内容，请选择从 Excel 保存的 .xlsx 文件。');
  }
  try {
    await scanEntries(zip, MAX_XLSX_UNZIPPED_BYTES);
  } catch (e) {
    if (e instanceof QarError) throw e;
    bad('文件已损坏（部分内容无法解压），不是可用的 Excel 工作簿。请重新从 Excel 保存后再导入。');
  }
}
