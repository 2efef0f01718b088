/**
 * Cheap checks before a workbook is handed to exceljs, which inflates every part into memory: the file's size,
 * that it is a zip holding an Excel workbook (not a CSV, a Word file, an encrypted or .xls file), and the total
 * size once unzipped, counted while streaming so a zip bomb is stopped at the limit rather than trusted.
 */
import JSZip from 'jszip';
import { QarError } from '../errors';

export const MAX_XLSX_BYTES = 20 * 1024 * 1024;
/** A workbook exported by the app is ~30 KB unzipped; 60 MB leaves room for offices' big sheets. */
export const MAX_XLSX_UNZIPPED_BYTES = 60 * 1024 * 1024;
export const MAX_XLSX_ENTRIES = 2000;

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

/** Counts the inflated bytes of every entry, stopping as soon as the total passes the limit. */
async function unzippedSize(zip: JSZip, limit: number): Promise<number> {
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limit) {
          stream.pause();
          stream.removeAllListeners();
          resolve();
        }
      });
      stream.on('end', () => resolve());
      stream.on('error', (e: unknown) => reject(e));
    });
    if (total > limit) break;
  }
  return total;
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
  let size: number;
  try {
    size = await unzippedSize(zip, MAX_XLSX_UNZIPPED_BYTES);
  } catch {
    bad('文件已损坏（部分内容无法解压），不是可用的 Excel 工作簿。请重新从 Excel 保存后再导入。');
  }
  if (size > MAX_XLSX_UNZIPPED_BYTES) {
    throw new QarError(
      'TOO_LARGE',
      `Excel 文件解压后超过 ${MB(MAX_XLSX_UNZIPPED_BYTES)}（内容异常庞大），无法导入。请只保留指标数据表后再导入。`,
    );
  }
}
