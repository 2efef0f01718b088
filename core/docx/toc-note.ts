/**
 * What the exported 目录's page numbers are, in one Chinese phrase for the message after an export (the CLI's
 * report line and the app's 已导出 note): a user who sends the file on must know whether the numbers were laid
 * out (LibreOffice), only estimated (no LibreOffice on this computer: they may be a page off), or left to Word.
 * Word recomputes them on open either way (settings updateFields, core/docx/toc.ts), after asking.
 */
import type { TocPagesInfo } from './write';

export function tocPagesNote(info: TocPagesInfo | undefined): string {
  if (!info) return '目录未填页码，在 Word 中打开时选“是”更新域即可显示';
  if (info.source === 'libreoffice') return '目录页码已按 LibreOffice 排版填好';
  return '目录页码为估算（本机未找到 LibreOffice，可能相差一页），在 Word 中打开时请选“是”更新域';
}
