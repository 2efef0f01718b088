/** Types of scripts/patch-deps.mjs (plain JavaScript: npm runs it as the install's postinstall, before any build). */
export interface Fix {
  from: string;
  to: string;
  /** the fix is refused where the released code matches this */
  unless?: RegExp;
}
export const PATCHES: { file: string; fixes: Fix[] }[];
export function markerOf(fixes: readonly Fix[]): string;
export function releasedCopyOf(file: string): string;
export function patched(released: string, fixes: readonly Fix[], file: string): string | Error;
export function isPatched(file: string, fixes: readonly Fix[]): boolean;
