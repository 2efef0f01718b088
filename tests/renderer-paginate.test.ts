/** The paged preview's page breaking (renderer/views/preview/paginate.ts), on measured heights given here. */
import { describe, expect, it } from 'vitest';
import { anchorPages, type FlowBlock, type Measure, planPages, roman } from '../renderer/views/preview/paginate';

const H = 100;
const para = (text = 'x'): FlowBlock => ({ kind: 'para', lead: '', text, inCase: false });
const lines = (count: number, lineHeight = 10): Measure => ({
  height: count * lineHeight,
  marginTop: 0,
  marginBottom: 0,
  lines: { count, lineHeight, padTop: 0, padBottom: 0 },
});
const box = (height: number): Measure => ({ height, marginTop: 0, marginBottom: 0 });
const h1 = (anchor: string, breakBefore = true): FlowBlock => ({
  kind: 'h1',
  text: anchor,
  anchor,
  variant: 'chapter',
  breakBefore,
});
const h2 = (anchor: string): FlowBlock => ({ kind: 'h2', text: anchor, anchor });

describe('planPages', () => {
  it('breaks a paragraph between lines, keeping at least two lines on each side', () => {
    // 7 lines used, a 5-line paragraph: 3 lines fit, 2 follow
    const pages = planPages([para(), para()], [lines(7), lines(5)], H);
    expect(pages.map((p) => p.fragments)).toEqual([
      [{ block: 0 }, { block: 1, from: 0, to: 3 }],
      [{ block: 1, from: 3, to: 5 }],
    ]);
    // 9 lines used: one line left is an orphan, so the paragraph moves whole
    const moved = planPages([para(), para()], [lines(9), lines(5)], H);
    expect(moved.map((p) => p.fragments)).toEqual([[{ block: 0 }], [{ block: 1 }]]);
    // 6 used, 3-line paragraph does not fit whole; 2 + 1 would leave a widow: it moves whole
    const widow = planPages([para(), para()], [lines(8), lines(3)], H);
    expect(widow.map((p) => p.fragments)).toEqual([[{ block: 0 }], [{ block: 1 }]]);
  });

  it('starts chapters on a new page and keeps a heading with the start of what follows', () => {
    const blocks = [h1('a', false), para(), h2('s'), para(), h1('b')];
    const pages = planPages(blocks, [box(10), lines(7), box(10), lines(4), box(10)], H);
    // 80 used: the h2 (10) would fit, but not with two lines of its paragraph (80 + 10 + 20 > 100)
    expect(pages.map((p) => p.fragments.map((f) => f.block))).toEqual([[0, 1], [2, 3], [4]]);
    const tight = planPages([para(), h2('s'), para()], [lines(8), box(10), lines(4)], H);
    expect(tight.map((p) => p.fragments.map((f) => f.block))).toEqual([[0], [1, 2]]);
    expect(anchorPages([para(), h2('s'), para()], tight).get('s')).toBe(2);
  });

  it('breaks tables between rows with at least two rows before and after the break', () => {
    const table: FlowBlock = {
      kind: 'table',
      appendix: false,
      table: {
        kind: 'table',
        blockId: 't',
        label: '表 1-1',
        number: '1-1',
        caption: '',
        captionLine: '表 1-1',
        columns: ['a'],
        rows: [],
        sourceLine: '',
      },
    };
    const m: Measure = {
      height: 0,
      marginTop: 0,
      marginBottom: 0,
      rows: { head: 20, heights: Array(10).fill(10), tail: 5 },
    };
    const pages = planPages([para(), table], [lines(3), m], H);
    // 30 used + 20 head: 5 rows fit; the rest (5 rows + tail) on the next page
    expect(pages.map((p) => p.fragments)).toEqual([
      [{ block: 0 }, { block: 1, from: 0, to: 5 }],
      [{ block: 1, from: 5, to: 10 }],
    ]);
    // 6 rows of room but only one would follow: the break moves up so two rows go on
    const m2 = { ...m, rows: { head: 20, heights: Array(7).fill(10), tail: 5 } };
    expect(planPages([para(), table], [lines(3), m2], H).map((p) => p.fragments)).toEqual([
      [{ block: 0 }, { block: 1, from: 0, to: 5 }],
      [{ block: 1, from: 5, to: 7 }],
    ]);
  });

  it('numbers the 目录 pages in Roman numerals', () => {
    expect([1, 2, 4, 9, 14].map(roman)).toEqual(['I', 'II', 'IV', 'IX', 'XIV']);
  });
});
