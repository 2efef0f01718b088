/** Types of scripts/cli-bundle.mjs (plain JavaScript so that bin/qar.mjs starts without a TypeScript step). */
export const ROOT: string;
export const OUT_DIR: string;
export const BUNDLE: string;
export const NODE_BUNDLE_OPTIONS: Record<string, unknown>;
export function staleReason(): string | null;
export function buildCliBundle(): Promise<{ inputs: number; bytes: number; files: number }>;
export function ensureCliBundle(): Promise<string>;
export const PATCHED_FILES: string[];
