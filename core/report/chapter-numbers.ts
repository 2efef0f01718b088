/**
 * The number each chapter prints with, as the report (core/report/build.ts), the writing view's outline and its
 * place names all show it: 前言 is not numbered, and an optional chapter (学校概况 in the school outline) with
 * nothing written in it is left out of the document, so the chapters after it count on without it. Pure; one rule
 * for every place a chapter number appears (the outline said 「2 人才培养」 while the report printed 「1 人才培养」
 * and its 图 1-1).
 */
import type { BlockContent } from '../model';
import { splitParagraphs, squash } from './format';

/** What the rule reads of the outline: the 前言's key and which chapter keys are optional. */
export interface OutlineOptional {
  preface: { key: string };
  chapters: readonly { key: string; optional?: boolean }[];
}

/** A block that prints something: every block but a paragraph with neither 段首句 nor text. */
export function blockPrints(c: BlockContent): boolean {
  return c.kind !== 'paragraph' || squash(c.lead) !== '' || splitParagraphs(c.text).length > 0;
}

/**
 * Chapter id → its printed number, or null when it is not printed (an empty optional chapter) or not numbered
 * (前言). `chapters` are one year's, in any order; `blocksOf` gives a chapter's blocks (all its sections').
 */
export function chapterNumbers(
  chapters: readonly { id: string; key: string; order: number; intro: string }[],
  blocksOf: (chapterId: string) => readonly BlockContent[],
  outline: OutlineOptional,
): Map<string, number | null> {
  const out = new Map<string, number | null>();
  let n = 0;
  for (const ch of [...chapters].sort((a, b) => a.order - b.order)) {
    if (ch.key === outline.preface.key) {
      out.set(ch.id, null);
      continue;
    }
    const optional = outline.chapters.find((c) => c.key === ch.key)?.optional ?? false;
    out.set(ch.id, optional && printsNothing(ch, blocksOf) ? null : ++n);
  }
  return out;
}

/** A chapter with no 章首概述 paragraph and no block that prints: an optional one (and an optional 前言) is left out. */
export function printsNothing(
  ch: { id: string; intro: string },
  blocksOf: (chapterId: string) => readonly BlockContent[],
): boolean {
  return splitParagraphs(ch.intro).length === 0 && !blocksOf(ch.id).some(blockPrints);
}
