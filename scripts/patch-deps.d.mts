/** Types of scripts/patch-deps.mjs (plain JavaScript: npm runs it as the install's postinstall, before any build). */
export interface Fix {
  from: string;
  to: string;
}
export const PATCHES: { file: string; fixes: Fix[] }[];
export function unpatched(text: string, fixes: readonly Fix[]): string;
export function patched(text: string, fixes: readonly Fix[], file: string): string | Error;
export function isPatched(file: string): boolean;
