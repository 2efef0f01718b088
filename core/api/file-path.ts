/**
 * The contract's file-system path: what a path from the page must look like before any handler sees it.
 * Absolute (a relative path would be resolved against the app's working folder, which the user never chose),
 * no NUL byte (C APIs cut the path there), at most 4096 characters. Whether the path may be USED is decided
 * later by the door's path policy (core/api/path-policy.ts). Pure: zod only (the preload imports the contract).
 */
import * as z from 'zod';

export const MAX_PATH_CHARS = 4096;

/** Absolute on any platform the app runs on: /… (POSIX), C:\… or C:/… (Windows), \\server\share\… (UNC). */
export function isAbsolutePathText(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || /^\\\\[^\\/?.]/.test(p);
}

export const FilePath = z
  .string()
  .min(1, '请选择文件路径')
  .max(MAX_PATH_CHARS, '文件路径过长')
  .refine((p) => !p.includes('\0'), '文件路径含有无效字符')
  .refine(isAbsolutePathText, '文件路径须为完整路径（从根目录或盘符开始）');
