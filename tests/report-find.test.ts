/**
 * 查找/替换 over the report (core/report/find.ts) and its undo entries (store/undo.ts 'batch', 'section-title'):
 * print order, literal (not pattern) search, case, replacing from the end of a field, refusing what the workspace
 * would refuse, and one undo step for 全部替换.
 */
import { describe, expect, it } from 'vitest';
import { maskFigures } from '../core/figures/tokens';
import type { Block, Chapter, Section } from '../core/model';
import { findMatches, planReplace, reportTexts } from '../core/report/find';
import { EMPTY_STACKS, inverse, pushEntry, takeUndo, type UndoEntry } from '../renderer/store/undo';

const chapters: Chapter[] = [
  { id: 'c2', year: 2024, key: 'talent', title: '人才培养', order: 1, intro: '育人为本，育人为先。' },
  { id: 'c1', year: 2024, key: 'preface', title: '前言', order: 0, intro: '' },
  { id: 'old', year: 2023, key: 'talent', title: '育人 2023', order: 0, intro: '育人' },
];
const sections: Section[] = [{ id: 's1', chapterId: 'c2', key: '', title: '育人成效', order: 0 }];
const blocks: Block[] = [
  { id: 'b2', sectionId: 's1', order: 1, content: { kind: 'case', title: '育人案例', body: 'A.B 育人', photos: [] } },
  { id: 'b1', sectionId: 's1', order: 0, content: { kind: 'paragraph', lead: '坚持育人。', text: 'a.b 与 A.B' } },
] as Block[];
const ws = { chapters, sections, blocks };

describe('finding in the report', () => {
  it('lists every field of the report year in print order, other years left out', () => {
    const spots = reportTexts(ws, 2024);
    expect(spots.map((s) => s.text)).toEqual([
      '前言',
      '',
      '人才培养',
      '育人为本，育人为先。',
      '育人成效',
      '坚持育人。',
      'a.b 与 A.B',
      '育人案例',
      'A.B 育人',
    ]);
    const m = findMatches(spots, '育人', { matchCase: false });
    expect(m.map((x) => [x.ref.kind, x.index])).toEqual([
      ['chapter', 0],
      ['chapter', 5],
      ['section', 0],
      ['block', 2],
      ['block', 0],
      ['block', 4],
    ]);
  });

  it('searches the literal text (a dot is a dot), with or without case', () => {
    const spots = reportTexts(ws, 2024);
    expect(findMatches(spots, 'a.b', { matchCase: false })).toHaveLength(3);
    expect(findMatches(spots, 'a.b', { matchCase: true })).toHaveLength(1);
    expect(findMatches(spots, 'a?b', { matchCase: false })).toHaveLength(0);
    expect(findMatches(spots, '', { matchCase: false })).toHaveLength(0);
  });
});

describe('replacing', () => {
  it('replaces every occurrence of a field from its end, one edit per field', () => {
    const spots = reportTexts(ws, 2024);
    const matches = findMatches(spots, '育人', { matchCase: false });
    const plan = planReplace(ws, matches, '育人', '树人育才', { matchCase: false });
    expect(plan.refused).toEqual([]);
    expect(plan.edits.map((e) => [e.after, e.count])).toEqual([
      ['树人育才为本，树人育才为先。', 2],
      ['树人育才成效', 1],
      ['坚持树人育才。', 1],
      ['树人育才案例', 1],
      ['A.B 树人育才', 1],
    ]);
  });

  it('refuses an empty title and a text over its limit, and leaves a match whose text changed since', () => {
    const spots = reportTexts(ws, 2024);
    const title = findMatches(spots, '育人成效', { matchCase: true });
    expect(planReplace(ws, title, '育人成效', '', { matchCase: true }).refused).toEqual([
      { ref: { kind: 'section', sectionId: 's1' }, reason: '标题不能为空' },
    ]);
    const lead = findMatches(spots, '坚持', { matchCase: true });
    const long = planReplace(ws, lead, '坚持', '长'.repeat(300), { matchCase: true });
    expect(long.edits).toEqual([]);
    expect(long.refused[0]?.reason).toBe('替换后超出该处的字数上限');
    const stale = lead.map((m) => ({ ...m, text: `改过了${m.text}` }));
    expect(planReplace(ws, stale, '坚持', 'x', { matchCase: true }).edits).toEqual([]);
  });
});

describe('undo of a replace', () => {
  it('全部替换 is one batch entry; its inverse undoes the parts in reverse order', () => {
    const a: UndoEntry = { kind: 'section-title', sectionId: 's1', before: '育人成效', after: '树人成效' };
    const b: UndoEntry = {
      kind: 'chapter-text',
      chapterId: 'c2',
      field: 'intro',
      before: 'x',
      after: 'y',
      open: false,
    };
    const batch: UndoEntry = { kind: 'batch', label: '全部替换', entries: [a, b] };
    const stacks = pushEntry(EMPTY_STACKS, batch);
    expect(stacks.undo).toHaveLength(1);
    const step = takeUndo(stacks);
    expect(step?.apply).toEqual({
      kind: 'batch',
      label: '全部替换',
      entries: [inverse(b), { kind: 'section-title', sectionId: 's1', before: '树人成效', after: '育人成效' }],
    });
    expect(pushEntry(EMPTY_STACKS, { kind: 'batch', label: '', entries: [] }).undo).toHaveLength(0);
  });
});

describe('bound figures are data, not words', () => {
  it('find skips the markers (a year or an id inside one is not a match), so replace never breaks a figure', () => {
    const text = '2024年落实率{{fig:grad_placement_rate:2024}}，{{chg:grad_total:2024:2023}}。grad';
    const b = { id: 'bf', sectionId: 's1', order: 0, content: { kind: 'paragraph', lead: '', text } } as Block;
    const spots = reportTexts({ chapters, sections, blocks: [b] }, 2024);
    const years = findMatches(spots, '2024', { matchCase: false });
    expect(years.map((m) => [m.ref.kind, m.index])).toEqual([['block', 0]]);
    expect(findMatches(spots, 'grad', { matchCase: false }).map((m) => m.index)).toEqual([text.length - 4]);
    const plan = planReplace({ blocks: [b] }, years, '2024', '2025', { matchCase: false });
    expect(plan.edits[0]?.after).toBe(text.replace(/^2024/, '2025'));
    // the find bar's excerpt shows a figure as 〔数据〕, not its marker
    expect(maskFigures(text)).toBe('2024年落实率〔数据〕，〔数据〕。grad');
  });
});
