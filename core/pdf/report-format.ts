/**
 * Which report an output path asks for, by its ending: a module of its own so that a command can tell before
 * loading the PDF route (./report-pdf.ts and with it LibreOffice's process handling), which a .docx never needs.
 */
import { QarError } from '../errors';

/** The output format named by a file name: .docx or .pdf; anything else is refused in Chinese. */
export function reportFormatOf(path: string): 'docx' | 'pdf' {
  if (/\.docx$/i.test(path)) return 'docx';
  if (/\.pdf$/i.test(path)) return 'pdf';
  throw new QarError('BAD_INPUT', `报告文件名须以 .docx 或 .pdf 结尾（收到「${path}」）。`);
}
