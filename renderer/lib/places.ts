/**
 * Names of places in a workspace as the user sees them, for toasts, the restore notice and the close prompt:
 * 「表1 毕业生数（2024年）」, 「第2章 人才培养 · 段落「校企共育…」」. Pure.
 */
import type { Framework } from '../../core/framework/schema';
import type { Block, BlockContent, Workspace } from '../../core/model';
import { blockGist, chapterNumberOf } from '../../core/report/places';

export const KIND_LABEL: Record<BlockContent['kind'], string> = {
  paragraph: '段落',
  case: '案例',
  photo: '图片',
  chart: '图表',
  table: '表格',
  challenge: '面临挑战',
};

/** 「表1」 as the tabs of 数据填报 number the tables, and the table's id. */
export function tableOfIndicator(
  fw: Pick<Framework, 'tables'>,
  indicatorId: string,
): { tableId: string; number: number; name: string; indicatorName: string } | null {
  const tables = [...fw.tables].sort((a, b) => a.order - b.order);
  for (let i = 0; i < tables.length; i++) {
    const t = tables[i];
    const ind = t?.indicators.find((x) => x.id === indicatorId);
    if (t && ind) return { tableId: t.id, number: i + 1, name: t.name, indicatorName: ind.name };
  }
  return null;
}

/** 「表1 毕业生数（2024年）」 */
export function cellPlace(fw: Pick<Framework, 'tables'>, indicatorId: string, year: number): string {
  const t = tableOfIndicator(fw, indicatorId);
  return t ? `表${t.number} ${t.indicatorName}（${year}年）` : `${indicatorId}（${year}年）`;
}

/** What places read of a workspace: a chapter's printed number depends on what its sections hold. */
type Narrative = Pick<Workspace, 'chapters' | 'sections' | 'blocks' | 'profile'>;

/**
 * 「第2章 人才培养」, or 「前言」 / 「学校概况」 (not numbered: 前言, and an optional chapter left empty, which the report
 * does not print). The number is the report's own (core/report/chapter-numbers.ts), as the writing view's outline
 * shows it; the workspace's chapters of the school outline are read by its keys.
 */
export function chapterPlace(ws: Narrative, chapterId: string): string {
  const ch = ws.chapters.find((c) => c.id === chapterId);
  if (!ch) return '已删除的章';
  const n = chapterNumberOf(ws, chapterId);
  return n == null ? ch.title : `第${n}章 ${ch.title}`;
}

/** 「段落「校企共育教师队伍…」」: the block's kind and its first words. */
export function blockName(content: BlockContent): string {
  const c = content;
  const s = blockGist(c, 12);
  return s ? `${KIND_LABEL[c.kind]}「${s}」` : `${KIND_LABEL[c.kind]}（无标题）`;
}

/** 「第2章 人才培养 · 段落「校企共育…」」 */
export function blockPlace(ws: Narrative, block: Block): string {
  const sec = ws.sections.find((s) => s.id === block.sectionId);
  const ch = sec ? chapterPlace(ws, sec.chapterId) : '';
  return [ch, blockName(block.content)].filter(Boolean).join(' · ');
}

/** 「第2章 人才培养 · 章首概述」 */
export function chapterFieldPlace(ws: Narrative, chapterId: string, field: 'title' | 'intro'): string {
  return `${chapterPlace(ws, chapterId)} · ${field === 'title' ? '章标题' : '章首概述'}`;
}
