/**
 * core/report/chapter-numbers.ts: the one rule for a chapter's printed number (the report, the writing view's
 * outline). 前言 unnumbered; an optional chapter with nothing printable is left out and the next counts in its place.
 */
import { describe, expect, it } from 'vitest';
import type { BlockContent } from '../core/model';
import { chapterNumbers } from '../core/report/chapter-numbers';
import { blockPlace, sectionPlace } from '../core/report/places';
import { chapterPlace } from '../renderer/lib/places';

const outline = {
  preface: { key: 'preface' },
  chapters: [
    { key: 'overview', optional: true },
    { key: 'talent', optional: false },
    { key: 'service', optional: false },
  ],
};
const chapters = [
  { id: 'c0', key: 'preface', order: 0, intro: '' },
  { id: 'c1', key: 'overview', order: 1, intro: '' },
  { id: 'c2', key: 'talent', order: 2, intro: '' },
  { id: 'c3', key: 'service', order: 3, intro: '' },
  { id: 'c4', key: '', order: 4, intro: '' }, // a chapter the school added: not optional
];
const para = (lead: string, text: string): BlockContent => ({ kind: 'paragraph', lead, text });

describe('chapterNumbers', () => {
  it('an empty optional chapter is not printed; the chapters after it count from 1', () => {
    const n = chapterNumbers(chapters, () => [], outline);
    expect([...n.entries()]).toEqual([
      ['c0', null],
      ['c1', null],
      ['c2', 1],
      ['c3', 2],
      ['c4', 3],
    ]);
  });

  it('an optional chapter with an intro, a photo or a written paragraph prints and takes number 1', () => {
    const withIntro = chapters.map((c) => (c.id === 'c1' ? { ...c, intro: '学校始建于1958年。' } : c));
    expect(chapterNumbers(withIntro, () => [], outline).get('c2')).toBe(2);
    const photo: BlockContent = { kind: 'photo', assetId: 'a', caption: '' };
    expect(chapterNumbers(chapters, (id) => (id === 'c1' ? [photo] : []), outline).get('c1')).toBe(1);
    expect(chapterNumbers(chapters, (id) => (id === 'c1' ? [para('', '正文。')] : []), outline).get('c1')).toBe(1);
  });

  it('a paragraph with only blanks prints nothing, so it does not make the chapter printed', () => {
    const blank = [para(' \u3000', '\n\n  ')];
    expect(chapterNumbers(chapters, (id) => (id === 'c1' ? blank : []), outline).get('c1')).toBeNull();
  });

  it('the places named in toasts (第N章) use the same numbers: an empty 学校概况 is named without one', () => {
    const ws = {
      profile: { reportYear: 2026 },
      chapters: chapters.map((c) => ({ ...c, year: 2026, title: c.key })),
      sections: [{ id: 's1', chapterId: 'c1', order: 0, title: '办学规模' }],
      blocks: [] as { sectionId: string; content: BlockContent }[],
    } as unknown as Parameters<typeof chapterPlace>[0];
    expect(chapterPlace(ws, 'c1')).toBe('overview');
    expect(chapterPlace(ws, 'c2')).toBe('第1章 talent');
    const written = { ...ws, blocks: [{ id: 'b', sectionId: 's1', order: 0, content: para('规模。', '') }] };
    expect(chapterPlace(written as typeof ws, 'c1')).toBe('第1章 overview');
    expect(chapterPlace(written as typeof ws, 'c2')).toBe('第2章 talent');
  });

  it('the findings panel, the comments and the reviewer name sections (2.1 立德树人) by the same numbers', () => {
    const ws = {
      chapters: chapters.map((c) => ({ ...c, year: 2026, title: c.key })),
      sections: [
        { id: 's1', chapterId: 'c1', order: 0, title: '办学规模' },
        { id: 's2', chapterId: 'c2', order: 0, title: '立德树人' },
        { id: 's3', chapterId: 'c3', order: 0, title: '服务行业' },
      ],
      blocks: [{ id: 'b2', sectionId: 's2', order: 0, content: para('育人。', '') }],
    } as unknown as Parameters<typeof sectionPlace>[0];
    // 学校概况 (optional in the school outline) is empty: 人才培养 prints as chapter 1, as in the report
    expect(sectionPlace(ws, 's2')).toBe('1.1 立德树人');
    expect(blockPlace(ws, undefined, 'b2')).toBe('1.1 立德树人 · 第 1 块（段落）');
    const written = {
      ...ws,
      blocks: [...ws.blocks, { id: 'b1', sectionId: 's1', order: 0, content: para('规模。', '') }],
    } as typeof ws;
    expect(sectionPlace(written, 's2')).toBe('2.1 立德树人');
    // the workspace's own outline when given (an enterprise or district outline has other optional chapters)
    const own = { preface: { key: 'preface' }, chapters: [{ key: 'talent', optional: true }] };
    expect(sectionPlace(ws, 's3', undefined, own)).toBe('3.1 服务行业');
    const talentEmpty = { ...ws, blocks: [] } as typeof ws;
    expect(sectionPlace(talentEmpty, 's3', undefined, own)).toBe('2.1 服务行业');
    expect(sectionPlace(talentEmpty, 's2', undefined, own)).toBe('立德树人');
  });
});
