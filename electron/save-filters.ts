/**
 * File-type filters of the native open/save dialogs, and what a save dialog's answer needs: the comments export
 * offers Word, Excel and JSON in one dialog (the format the user picked in the menu listed first); a name typed
 * without an extension (GTK does not add the chosen filter's) gets the suggested name's. Electron-free, so a test
 * can drive it.
 */
import { extname } from 'node:path';
import type { PickOpenPurpose, PickSavePurpose } from '../core/api/context';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export const FILTERS: Readonly<
  Record<PickOpenPurpose | Exclude<PickSavePurpose, 'folder' | 'comments'>, FileFilter[]>
> = {
  workspace: [{ name: '质量年报工作区', extensions: ['qar'] }],
  json: [{ name: 'JSON 文件', extensions: ['json'] }],
  image: [{ name: '图片', extensions: ['jpg', 'jpeg', 'png', 'webp', 'heic'] }],
  docx: [{ name: 'Word 文档', extensions: ['docx'] }],
  pdf: [{ name: 'PDF 文档', extensions: ['pdf'] }],
  xlsx: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
  framework: [{ name: '指标体系文件（JSON 或 Excel）', extensions: ['json', 'xlsx'] }],
};

const COMMENT_FILTERS: readonly FileFilter[] = [
  { name: 'Word 文档（供学校阅读、打印）', extensions: ['docx'] },
  { name: 'Excel 工作簿（供阅读、筛选）', extensions: ['xlsx'] },
  { name: '审核意见数据（学校导入工作区用）', extensions: ['json'] },
];

export const SAVE_TITLES: Readonly<Record<Exclude<PickSavePurpose, 'folder'>, string>> = {
  workspace: '保存工作区',
  docx: '导出 Word 报告',
  pdf: '导出 PDF 报告',
  json: '导出 JSON',
  xlsx: '导出 Excel',
  comments: '导出该校审核意见',
};

const extOf = (name: string) => extname(name).slice(1).toLowerCase();

/** The save dialog's filters: for the comments export, all three formats with the suggested one first. */
export function saveFilters(purpose: Exclude<PickSavePurpose, 'folder'>, defaultName: string): FileFilter[] {
  if (purpose !== 'comments') return FILTERS[purpose];
  const ext = extOf(defaultName);
  return [...COMMENT_FILTERS].sort((a, b) => Number(b.extensions.includes(ext)) - Number(a.extensions.includes(ext)));
}

/** The picked path with the suggested name's extension added when the user typed none the filters know. */
export function withExtension(path: string, filters: readonly FileFilter[], defaultName: string): string {
  const known = filters.flatMap((f) => f.extensions);
  if (known.includes(extOf(path))) return path;
  const fallback = known.includes(extOf(defaultName)) ? extOf(defaultName) : known[0];
  return fallback ? `${path}.${fallback}` : path;
}
