/**
 * Where a section or a block is in the report, in the words the app uses everywhere (the school's comments panel,
 * the findings panel, `qar validate`, the reviewer's readable comments): 「2.1 立德树人」 numbered as the report
 * numbers it (core/report/chapter-numbers.ts: 前言 unnumbered, an empty optional chapter left out), 「第 3 块（案例）」
 * for a block's position in its section. Pure.
 */
import type { BlockContent, Workspace } from '../model';
import { chapterNumbers, type OutlineOptional } from './chapter-numbers';
import { getDefaultOutline } from './outline';

export const BLOCK_KIND_LABEL: Readonly<Record<string, string>> = {
  paragraph: '段落',
  case: '案例',
  photo: '图片',
  chart: '图表',
  table: '表格',
  challenge: '挑战',
};

type Narrative = Pick<Workspace, 'chapters' | 'sections' | 'blocks'>;

// one workspace state's numbers, kept while its blocks and chapters are the same arrays (a findings panel asks once
// per finding)
const numbersCache = new WeakMap<
  readonly unknown[],
  { chapters: readonly unknown[]; outline: OutlineOptional; numbers: Map<string, number | null> }
>();

/**
 * The number a chapter prints with (null: 前言, or an optional chapter left empty and not printed), by the report's
 * own rule. `outline` is the workspace's (the school outline unless given).
 */
export function chapterNumberOf(
  ws: Narrative,
  chapterId: string,
  outline: OutlineOptional = getDefaultOutline(),
): number | null | undefined {
  const hit = numbersCache.get(ws.blocks);
  if (hit && hit.chapters === ws.chapters && hit.outline === outline) return hit.numbers.get(chapterId);
  const sectionsOf = new Map<string, Set<string>>();
  for (const s of ws.sections) sectionsOf.set(s.chapterId, (sectionsOf.get(s.chapterId) ?? new Set()).add(s.id));
  const numbers = new Map<string, number | null>();
  for (const year of new Set(ws.chapters.map((c) => c.year)))
    for (const [id, n] of chapterNumbers(
      ws.chapters.filter((c) => c.year === year),
      (id) => {
        const ids = sectionsOf.get(id) ?? new Set();
        return ws.blocks.filter((b) => ids.has(b.sectionId)).map((b) => b.content);
      },
      outline,
    ))
      numbers.set(id, n);
  numbersCache.set(ws.blocks, { chapters: ws.chapters, outline, numbers });
  return numbers.get(chapterId);
}

/** 「2.1 立德树人」: a section (or a block's section) numbered as in the report; '' when not found. */
export function sectionPlace(ws: Narrative, sectionId?: string, blockId?: string, outline?: OutlineOptional): string {
  const block = blockId ? ws.blocks.find((b) => b.id === blockId) : undefined;
  const sec = ws.sections.find((s) => s.id === (block?.sectionId ?? sectionId));
  if (!sec) return '';
  const chNo = chapterNumberOf(ws, sec.chapterId, outline);
  const secs = ws.sections.filter((s) => s.chapterId === sec.chapterId).sort((a, b) => a.order - b.order);
  const secNo = secs.findIndex((s) => s.id === sec.id) + 1;
  return `${chNo ? `${chNo}.${secNo} ` : ''}${sec.title}`;
}

/** 「第 3 块（案例）」: a block's position in its section; '' when not found. */
export function blockOrdinal(ws: Pick<Workspace, 'blocks'>, blockId: string): string {
  const block = ws.blocks.find((b) => b.id === blockId);
  if (!block) return '';
  const blocks = ws.blocks.filter((b) => b.sectionId === block.sectionId).sort((a, b) => a.order - b.order);
  return `第 ${blocks.findIndex((b) => b.id === block.id) + 1} 块（${BLOCK_KIND_LABEL[block.content.kind] ?? '内容'}）`;
}

/** 「2.1 立德树人 · 第 3 块（案例）」, or just the section when no block is given. */
export function blockPlace(ws: Narrative, sectionId?: string, blockId?: string, outline?: OutlineOptional): string {
  const head = sectionPlace(ws, sectionId, blockId, outline);
  if (!head) return '';
  const ord = blockId ? blockOrdinal(ws, blockId) : '';
  return ord ? `${head} · ${ord}` : head;
}

/** The first words of a block, cut to n characters with 「…」 ('' when it has no text): how lists name a block. */
export function blockGist(c: BlockContent, n: number): string {
  const text =
    c.kind === 'paragraph'
      ? c.lead || c.text
      : c.kind === 'case' || c.kind === 'challenge'
        ? c.title || (c.kind === 'case' ? c.body : c.problems)
        : c.caption;
  return cutText(text ?? '', n);
}

/** Text on one line, cut to n characters with 「…」. */
export function cutText(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}
