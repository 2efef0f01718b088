/** The school editor's pure helpers: grid ranges and Excel clipboard text, year columns, comment threads, places. */
import { describe, expect, it } from 'vitest';
import { getFramework } from '../core/framework/registry';
import type { ReviewComment, Workspace } from '../core/model';
import {
  blockOrdinal,
  blockPlace,
  openCounts,
  sectionPlace,
  targetLabel,
  threadCountsFor,
  threadsOf,
} from '../renderer/lib/comments';
import { parseClipboardBlock } from '../renderer/lib/paste';
import { inRect, rectOf, rectSize, stepPos, toTsv } from '../renderer/lib/range';
import { checkNewYear, yearsOf } from '../renderer/lib/years';
import { buildDemoExport } from '../seeds/demo/index';

describe('grid ranges', () => {
  it('spans the rectangle between anchor and active cell in any direction', () => {
    const r = rectOf({ r: 5, c: 2 }, { r: 3, c: 0 });
    expect(r).toEqual({ r0: 3, r1: 5, c0: 0, c1: 2 });
    expect(rectSize(r)).toBe(9);
    expect(inRect(r, 4, 1)).toBe(true);
    expect(inRect(r, 6, 1)).toBe(false);
    expect(inRect(null, 0, 0)).toBe(false);
  });
  it('keeps shift+arrow moves inside the table', () => {
    expect(stepPos({ r: 0, c: 2 }, -1, 1, 10, 3)).toEqual({ r: 0, c: 2 });
    expect(stepPos({ r: 4, c: 1 }, 1, -1, 10, 3)).toEqual({ r: 5, c: 0 });
  });
  it('copies a block as Excel text that pastes back to the same cells', () => {
    const block = [
      ['3312', '3486', '3725'],
      ['', '90.43', 'a\tb'],
    ];
    const tsv = toTsv(block);
    expect(tsv).toBe('3312\t3486\t3725\r\n\t90.43\t"a\tb"\r\n');
    expect(parseClipboardBlock(tsv)).toEqual(block);
  });
});

describe('year columns', () => {
  it('shows every workspace year up to the report year, and always the last three', () => {
    expect(yearsOf(2024, [{ year: 2024 }])).toEqual([2022, 2023, 2024]);
    expect(yearsOf(2024, [{ year: 2020 }, { year: 2024 }, { year: 2026 }])).toEqual([2020, 2022, 2023, 2024]);
  });
  it('checks a year to add, in Chinese', () => {
    expect(checkNewYear('2021', [2022, 2023, 2024], 2024)).toBe(2021);
    expect(checkNewYear('2023', [2022, 2023, 2024], 2024)).toBe('已有2023年度');
    expect(checkNewYear('二〇二一', [], 2024)).toMatch(/四位年份/);
    expect(checkNewYear('2030', [], 2024)).toMatch(/不能晚于报告年度/);
  });
});

describe('comment threads and places', () => {
  const demo = buildDemoExport() as Workspace;
  const fw = getFramework(demo.framework.id);
  const at = (m: number) => `2025-03-0${m}T08:00:00.000Z`;
  const base = { author: '审核员', resolvedAt: null } as const;
  const cell = { type: 'cell', tableId: 'resources', indicatorId: 'counselors', year: 2024 } as const;
  const comments: ReviewComment[] = [
    { ...base, id: 'a', parentId: null, target: cell, body: '旧的，已解决', status: 'resolved', createdAt: at(1) },
    { ...base, id: 'b', parentId: null, target: cell, body: '请核对', status: 'open', createdAt: at(2) },
    { ...base, id: 'c', parentId: 'b', target: cell, body: '已核对', status: 'open', createdAt: at(3), author: '学校' },
  ];

  it('groups replies under their thread, open threads first', () => {
    const t = threadsOf(comments);
    expect(t.map((x) => x.root.id)).toEqual(['b', 'a']);
    expect(t[0]?.replies.map((r) => r.id)).toEqual(['c']);
    expect(openCounts(comments).get('cell|counselors|2024')).toBe(1);
    expect(threadCountsFor(comments, 'cell|counselors|2024')).toEqual({ total: 2, open: 1 });
  });

  it('names a cell target and numbers sections and blocks as in the report', () => {
    expect(targetLabel(cell, demo, fw)).toBe('教学资源表 · 专职辅导员数 · 2024年');
    const talent = demo.chapters.find((c) => c.key === 'talent' && c.year === 2024);
    const first = demo.sections.filter((s) => s.chapterId === talent?.id).sort((a, b) => a.order - b.order)[0];
    expect(first).toBeDefined();
    // 前言 is unnumbered, so 人才培养 is chapter 2 after 学校概况
    expect(sectionPlace(demo, first?.id)).toBe(`2.1 ${first?.title}`);
    const blocks = demo.blocks.filter((b) => b.sectionId === first?.id).sort((a, b) => a.order - b.order);
    const second = blocks[1];
    if (second) {
      expect(blockOrdinal(demo, second.id)).toMatch(/^第 2 块（.+）$/);
      expect(blockPlace(demo, undefined, second.id)).toBe(`2.1 ${first?.title} · ${blockOrdinal(demo, second.id)}`);
    }
    expect(targetLabel({ type: 'block', blockId: 'gone' }, demo, fw)).toBe('报告 · （内容块已删除）');
  });
});
