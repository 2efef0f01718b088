/**
 * Names of places in a workspace as the user sees them, for toasts, the restore notice and the close prompt:
 * 「表1 毕业生数（2024年）」, 「第2章 人才培养 · 段落「校企共育…」」. Pure.
 */
import type { Framework } from '../../core/framework/schema';
import type { Block, BlockContent, Workspace } from '../../core/model';
import { blockGist } from '../../core/report/places';

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

/** 「第2章 人才培养」, or 「前言」 (not numbered, as in the report). */
export function chapterPlace(ws: Pick<Workspace, 'chapters' | 'profile'>, chapterId: string): string {
  const ch = ws.chapters.find((c) => c.id === chapterId);
  if (!ch) return '已删除的章';
  if (ch.key === 'preface') return ch.title;
  const numbered = ws.chapters
    .filter((c) => c.year === ch.year && c.key !== 'preface')
    .sort((a, b) => a.order - b.order);
  return `第${numbered.findIndex((c) => c.id === ch.id) + 1}章 ${ch.title}`;
}

/** 「段落「校企共育教师队伍…」」: the block's kind and its first words. */
export function blockName(content: BlockContent): string {
  const c = content;
  const s = blockGist(c, 12);
  return s ? `${KIND_LABEL[c.kind]}「${s}」` : `${KIND_LABEL[c.kind]}（无标题）`;
}

/** 「第2章 人才培养 · 段落「校企共育…」」 */
export function blockPlace(ws: Pick<Workspace, 'chapters' | 'sections' | 'profile'>, block: Block): string {
  const sec = ws.sections.find((s) => s.id === block.sectionId);
  const ch = sec ? chapterPlace(ws, sec.chapterId) : '';
  return [ch, blockName(block.content)].filter(Boolean).join(' · ');
}

/** 「第2章 人才培养 · 章首概述」 */
export function chapterFieldPlace(
  ws: Pick<Workspace, 'chapters' | 'profile'>,
  chapterId: string,
  field: 'title' | 'intro',
): string {
  return `${chapterPlace(ws, chapterId)} · ${field === 'title' ? '章标题' : '章首概述'}`;
}
