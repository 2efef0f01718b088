/**
 * Which chapters the school may delete: the outline's chapters (and 前言) are what the structure rule checks for,
 * so they can be renamed but not deleted; a chapter the school added itself (any other key, usually '') can be.
 * Pure; shared by the API handler (which refuses) and the writing view (which hides the button).
 */
import { getDefaultOutline } from './outline';

/** The outline's chapter keys (the workspace's own outline; default the 2024 school outline). */
export interface OutlineKeys {
  preface: { key: string };
  chapters: readonly { key: string }[];
}

export function isOutlineChapterKey(key: string, outline: OutlineKeys = getDefaultOutline()): boolean {
  return key === outline.preface.key || outline.chapters.some((c) => c.key === key);
}
