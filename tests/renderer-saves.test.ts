/**
 * The pure parts of 「nothing typed is lost」 and the one undo history (issue #9, Deliver 4): the retry schedule,
 * the save queue (with fake timers, a failing then recovering service), the local journal's merge and replay rules,
 * the undo stacks (numbers, typing runs, block add/delete/move) and the toast that names what was undone.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getFramework } from '../core/framework/registry';
import type { Block, Workspace } from '../core/model';
import { createHttpBridge } from '../renderer/api/client';
import { isRetryable, RETRY_MAX_MS, retryDelay } from '../renderer/lib/backoff';
import {
  emptyJournal,
  entryText,
  type JournalEntry,
  planReplay,
  recordEdit,
  recordSaved,
} from '../renderer/lib/journal';
import { blockPlace, cellPlace } from '../renderer/lib/places';
import { describeStep } from '../renderer/store/history';
import { createOutbox, type OutboxState } from '../renderer/store/outbox';
import {
  EMPTY_STACKS,
  inverse,
  pushEntry,
  remapBlockId,
  sealTop,
  takeRedo,
  takeUndo,
  type UndoEntry,
} from '../renderer/store/undo';

describe('retry schedule', () => {
  it('doubles from 1 s up to 30 s and keeps going', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(retryDelay)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(retryDelay(1000)).toBe(RETRY_MAX_MS);
  });
  it('retries what may pass later, reports what the workspace refused', () => {
    for (const code of ['UNREACHABLE', 'INTERNAL', 'BUSY', 'IO'])
      expect([code, isRetryable(code)]).toEqual([code, true]);
    for (const code of ['BAD_INPUT', 'READ_ONLY', 'NOT_FOUND', 'FORBIDDEN']) {
      expect([code, isRetryable(code)]).toEqual([code, false]);
    }
  });
});

describe('browser client errors the save queue can tell apart', () => {
  it('no answer is UNREACHABLE and a busy host (503) is BUSY: both retried; a refusal keeps its code', async () => {
    const down = createHttpBridge({
      token: 't',
      fetchImpl: async () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const r1 = await down.invoke('validate.run', {});
    expect(!r1.ok && r1.error.code).toBe('UNREACHABLE');
    const busy = createHttpBridge({
      token: 't',
      fetchImpl: async () =>
        new Response(JSON.stringify({ ok: false, error: { code: 'TOO_LARGE', message: '服务繁忙' } }), { status: 503 }),
    });
    const r2 = await busy.invoke('validate.run', {});
    expect(r2.ok ? null : r2.error).toEqual({ code: 'BUSY', message: '服务繁忙' });
    const bad = createHttpBridge({
      token: 't',
      fetchImpl: async () =>
        new Response(JSON.stringify({ ok: false, error: { code: 'BAD_INPUT', message: '输入有误' } }), { status: 400 }),
    });
    const r3 = await bad.invoke('validate.run', {});
    expect(!r3.ok && r3.error.code).toBe('BAD_INPUT');
    for (const r of [r1, r2, r3])
      if (!r.ok)
        expect([r.error.code, isRetryable(r.error.code)]).toEqual([r.error.code, r.error.code !== 'BAD_INPUT']);
  });
});

describe('save queue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** a service that is down until `up` is set */
  function service() {
    const calls: string[] = [];
    const state = { up: false };
    const call = (what: string) => async () => {
      calls.push(what);
      if (!state.up) throw { code: 'UNREACHABLE', message: '无法连接' };
      return what;
    };
    return { calls, state, call };
  }

  it('a failed save stays queued, is retried on the backoff schedule and goes through when the service is back', async () => {
    const states: OutboxState[] = [];
    const box = createOutbox((s) => states.push(s));
    const svc = service();
    const saved: unknown[] = [];
    let retries = 0;
    box.enqueue({
      key: 'block:a',
      label: '段落',
      run: svc.call('a1'),
      onSaved: (r) => saved.push(r),
      onRetry: () => retries++,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(box.state()).toMatchObject({ pending: 1, attempt: 1, failure: '无法连接' });
    expect(retries).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(svc.calls).toEqual(['a1']); // waiting out the first second
    await vi.advanceTimersByTimeAsync(1);
    expect(svc.calls).toEqual(['a1', 'a1']);
    expect(box.state().attempt).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(box.state().attempt).toBe(3);
    svc.state.up = true;
    await vi.advanceTimersByTimeAsync(4000);
    expect(saved).toEqual(['a1']);
    expect(box.state()).toEqual({ pending: 0, attempt: 0, failure: null, retryAt: null });
    expect(states.at(-1)?.pending).toBe(0);
  });

  it('the newest text replaces a queued one; debounced jobs wait, flush runs them now', async () => {
    const box = createOutbox(() => {});
    const svc = service();
    svc.state.up = true;
    box.enqueue({ key: 'block:a', label: '段落', run: svc.call('v1'), delayMs: 600 });
    box.enqueue({ key: 'block:a', label: '段落', run: svc.call('v2'), delayMs: 600 });
    await vi.advanceTimersByTimeAsync(300);
    expect(svc.calls).toEqual([]);
    expect(box.pendingLabels()).toEqual(['段落']);
    box.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(svc.calls).toEqual(['v2']);
    expect(await box.whenIdle(10)).toBe(true);
  });

  it('jobs of one lane keep their order across a failure; a refusal is handed back and not retried', async () => {
    const box = createOutbox(() => {});
    const svc = service();
    const refused: string[] = [];
    box.enqueue({ key: 'v1', lane: 'values', label: '数', run: svc.call('v1') });
    box.enqueue({ key: 'v2', lane: 'values', label: '数', run: svc.call('v2') });
    await vi.advanceTimersByTimeAsync(0);
    expect(svc.calls).toEqual(['v1']);
    svc.state.up = true;
    box.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(svc.calls).toEqual(['v1', 'v1', 'v2']);
    box.enqueue({
      key: 'bad',
      label: '数',
      run: async () => {
        throw { code: 'BAD_INPUT', message: '不是数字' };
      },
      onRefused: (e) => refused.push(e.message),
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refused).toEqual(['不是数字']);
    expect(box.state()).toMatchObject({ pending: 0, attempt: 0 });
  });

  it('a job refused while being retried ends the retry state when nothing else is failing', async () => {
    const box = createOutbox(() => {});
    let refuse = false;
    const refused: string[] = [];
    box.enqueue({
      key: 'mark',
      lane: 'values',
      label: '不适用',
      run: async () => {
        throw refuse ? { code: 'BAD_INPUT', message: '拒绝' } : { code: 'UNREACHABLE', message: '无法连接' };
      },
      onRefused: (e) => refused.push(e.message),
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(box.state()).toMatchObject({ pending: 1, attempt: 1, failure: '无法连接' });
    refuse = true;
    box.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(refused).toEqual(['拒绝']);
    // the status line would still say 正在重试 with nothing left to retry
    expect(box.state()).toEqual({ pending: 0, attempt: 0, failure: null, retryAt: null });
  });

  it('whenIdle says false while a save cannot get through (the close prompt asks then)', async () => {
    const box = createOutbox(() => {});
    const svc = service();
    box.enqueue({ key: 'block:a', label: '第2章 · 段落「新的一句」', run: svc.call('a') });
    const idle = box.whenIdle(5000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await idle).toBe(false);
    expect(box.pendingLabels()).toEqual(['第2章 · 段落「新的一句」']);
    box.clear();
    expect(box.state().pending).toBe(0);
  });
});

describe('local journal', () => {
  const block = (content: Block['content'], updatedAt: string): Block => ({
    id: 'b1',
    sectionId: 's1',
    order: 0,
    content,
    updatedAt,
  });
  const para = (text: string) => ({ kind: 'paragraph' as const, lead: '', text });
  const ws = (blocks: Block[], values: Workspace['values'] = [], intro = ''): Workspace =>
    ({
      profile: { name: '学校', code: '', level: '高职', category: '工科', region: '', reportYear: 2024 },
      framework: { id: 'cn-2024-gaozhi', version: '1' },
      years: [],
      values,
      chapters: [{ id: 'c1', year: 2024, key: 'talent', title: '人才培养', order: 0, intro }],
      sections: [],
      blocks,
      assets: [],
      comments: [],
    }) as Workspace;
  const edit = (data: JournalEntry['data'], base: JournalEntry['base'], at = 1): Omit<JournalEntry, 'key'> => ({
    target: { kind: 'block', blockId: 'b1' },
    data,
    base,
    label: '段落',
    at,
  });

  it('keeps the base of a run of edits; a confirmed save ends the entry unless newer text came meanwhile', () => {
    let j = recordEdit(emptyJournal('x'), edit(para('一'), { updatedAt: 'T0' }));
    j = recordEdit(j, edit(para('一二'), { updatedAt: 'T-ignored' }, 2));
    expect(j.entries).toHaveLength(1);
    expect(j.entries[0]).toMatchObject({ key: 'block:b1', base: { updatedAt: 'T0' }, data: para('一二') });
    // the save of 「一」 came back while 「一二」 was typed: rebased on what our own save wrote
    const rebased = recordSaved(j, 'block:b1', para('一'), { updatedAt: 'T1' });
    expect(rebased.entries[0]?.base).toEqual({ updatedAt: 'T1' });
    expect(recordSaved(rebased, 'block:b1', para('一二'), { updatedAt: 'T2' }).entries).toEqual([]);
  });

  it('replays only over exactly what the edit was typed over; newer data in the file wins and is reported', () => {
    const j = recordEdit(emptyJournal('x'), edit(para('新的一句。'), { updatedAt: 'T0' }));
    expect(planReplay(j, ws([block(para('旧'), 'T0')])).replay).toHaveLength(1);
    const newer = planReplay(j, ws([block(para('别处改过'), 'T5')]));
    expect(newer.replay).toEqual([]);
    expect(newer.stale[0]?.reason).toContain('较新');
    expect(planReplay(j, ws([block(para('新的一句。'), 'T9')])).done).toHaveLength(1);
    expect(planReplay(j, ws([])).stale[0]?.reason).toContain('已没有');
    expect(entryText(j.entries[0] as JournalEntry)).toBe('新的一句。');
  });

  it('values compare their row time; chapter text (no time kept) compares the text it replaced', () => {
    const v = recordEdit(emptyJournal('x'), {
      target: { kind: 'value', indicatorId: 'grad_total', year: 2024 },
      data: 3800,
      base: { updatedAt: 'T0' },
      label: '表1 毕业生数（2024年）',
      at: 1,
    });
    const row = (value: number, updatedAt: string) => [
      { year: 2024, indicatorId: 'grad_total', value, note: '', source: '', updatedAt },
    ];
    expect(planReplay(v, ws([], row(3725, 'T0'))).replay).toHaveLength(1);
    expect(planReplay(v, ws([], row(3790, 'T3'))).stale).toHaveLength(1);
    const c = recordEdit(emptyJournal('x'), {
      target: { kind: 'chapter', chapterId: 'c1', field: 'intro' },
      data: '新概述',
      base: { data: '旧概述' },
      label: '第1章 · 章首概述',
      at: 1,
    });
    expect(planReplay(c, ws([], [], '旧概述')).replay).toHaveLength(1);
    expect(planReplay(c, ws([], [], '别人写的')).stale).toHaveLength(1);
  });

  it("a 「不适用」 mark is the cell's entry: the latest of mark and number wins, done once the file holds it", () => {
    const target = { kind: 'value' as const, indicatorId: 'grad_local_rate', year: 2024 };
    const at = (data: JournalEntry['data'], n: number) => ({
      target,
      data,
      base: { updatedAt: 'T0' },
      label: '表1',
      at: n,
    });
    const mark = { notApplicable: true as const, note: '定向培养，不统计' };
    const row = (value: number | null, updatedAt: string, notApplicable?: boolean) => [
      {
        year: 2024,
        indicatorId: 'grad_local_rate',
        value,
        note: notApplicable ? mark.note : '',
        source: '',
        updatedAt,
        ...(notApplicable ? { notApplicable } : {}),
      },
    ];
    // a number typed after the mark replaces it in the journal (one key per cell), and the reverse
    const marked = recordEdit(recordEdit(emptyJournal('x'), at(71.5, 1)), at(mark, 2));
    expect(marked.entries).toEqual([expect.objectContaining({ key: 'value:grad_local_rate|2024', data: mark })]);
    expect(recordEdit(marked, at(72, 3)).entries.map((e) => e.data)).toEqual([72]);
    // replayed over the empty cell it was made on; done when the file has the same mark; the file's newer row wins
    expect(planReplay(marked, ws([], row(null, 'T0'))).replay).toHaveLength(1);
    expect(planReplay(marked, ws([], row(null, 'T4', true))).done).toHaveLength(1);
    expect(planReplay(marked, ws([], row(70, 'T4'))).stale).toHaveLength(1);
    expect(entryText(marked.entries[0] as JournalEntry)).toBe('标为「不适用」：定向培养，不统计');
    // taking the mark off is done once the cell is empty and unmarked
    const cleared = recordEdit(emptyJournal('x'), at({ notApplicable: false }, 1));
    expect(planReplay(cleared, ws([], row(null, 'T0', true))).replay).toHaveLength(1);
    expect(planReplay(cleared, ws([], row(null, 'T0'))).done).toHaveLength(1);
    // the save of the mark came back: the entry ends
    expect(recordSaved(marked, 'value:grad_local_rate|2024', mark, { updatedAt: 'T1' }).entries).toEqual([]);
  });
});

describe('undo history', () => {
  const c = { indicatorId: 'grad_total', year: 2024, oldValue: 3725, newValue: 3800 };
  const values = (changes = [c]): UndoEntry => ({ kind: 'values', label: '修改 毕业生数', changes });
  const para = (text: string) => ({ kind: 'paragraph' as const, lead: '', text });
  const typed = (blockId: string, before: string, after: string): UndoEntry => ({
    kind: 'block-content',
    blockId,
    before: para(before),
    after: para(after),
    open: true,
  });

  it('numbers: undo writes old values back, redo re-applies, a new edit clears redo, a no-op is not kept', () => {
    let s = pushEntry(EMPTY_STACKS, values());
    const u = takeUndo(s);
    expect(u?.apply).toEqual({ ...values(), changes: [{ ...c, oldValue: 3800, newValue: 3725 }] });
    s = u?.next ?? s;
    expect(s.redo).toHaveLength(1);
    expect(takeRedo(s)?.apply).toEqual(values());
    s = pushEntry(takeRedo(s)?.next ?? s, values([{ ...c, oldValue: 3800, newValue: 3900 }]));
    expect(s.redo).toHaveLength(0);
    expect(pushEntry(s, values([{ ...c, oldValue: 5, newValue: 5 }]))).toBe(s);
  });

  it('a run of typing in one block is one entry until the block loses focus', () => {
    let s = pushEntry(EMPTY_STACKS, typed('b1', '', '校'));
    s = pushEntry(s, typed('b1', '校', '校企'));
    s = pushEntry(s, typed('b1', '校企', '校企合作'));
    expect(s.undo).toHaveLength(1);
    expect(s.undo[0]).toMatchObject({ before: para(''), after: para('校企合作') });
    s = sealTop(s);
    s = pushEntry(s, typed('b1', '校企合作', '校企合作。'));
    expect(s.undo).toHaveLength(2);
    // typing in another block, or a number, starts a new entry too
    s = pushEntry(s, typed('b2', '', '甲'));
    s = pushEntry(s, values());
    s = pushEntry(s, typed('b2', '甲', '甲乙'));
    expect(s.undo.map((e) => e.kind)).toEqual([
      'block-content',
      'block-content',
      'block-content',
      'values',
      'block-content',
    ]);
    // typing back to where the run began leaves nothing to undo
    const back = pushEntry(pushEntry(EMPTY_STACKS, typed('b3', 'x', 'xy')), typed('b3', 'xy', 'x'));
    expect(back.undo).toEqual([]);
  });

  it('a deleted block comes back with a new id, and later entries about it follow the new id', () => {
    const block: Block = { id: 'old', sectionId: 's1', order: 2, content: para('要删的段落'), updatedAt: 'T' };
    let s = pushEntry(EMPTY_STACKS, typed('old', '', '要删的段落'));
    s = pushEntry(s, {
      kind: 'block-move',
      sectionId: 's1',
      blockId: 'old',
      before: ['a', 'old'],
      after: ['old', 'a'],
    });
    s = pushEntry(s, { kind: 'block-delete', block });
    const u = takeUndo(s);
    expect(u?.apply).toEqual({ kind: 'block-add', block });
    const remapped = remapBlockId(u?.next ?? s, 'old', 'new');
    expect(remapped.undo[0]).toMatchObject({ kind: 'block-content', blockId: 'new' });
    expect(remapped.undo[1]).toMatchObject({ blockId: 'new', before: ['a', 'new'], after: ['new', 'a'] });
    expect(remapped.redo[0]).toMatchObject({ kind: 'block-delete', block: { id: 'new' } });
    expect(inverse({ kind: 'block-add', block })).toEqual({ kind: 'block-delete', block });
  });

  it('the toast names the place: the table and cell of a number, the chapter and block of text', () => {
    const fw = getFramework('cn-2024-gaozhi');
    const ws = {
      profile: { reportYear: 2024 },
      chapters: [
        { id: 'p', year: 2024, key: 'preface', title: '前言', order: 0, intro: '' },
        { id: 'c1', year: 2024, key: 'talent', title: '人才培养', order: 1, intro: '' },
      ],
      sections: [{ id: 's1', chapterId: 'c1', key: '', title: '育人成效', order: 0 }],
      blocks: [
        { id: 'b1', sectionId: 's1', order: 0, content: para('校企共育教师队伍，双师比例上升。'), updatedAt: 'T' },
      ],
    } as unknown as Workspace;
    const s = pushEntry(EMPTY_STACKS, values());
    const u = takeUndo(s);
    if (!u) throw new Error('no step');
    expect(describeStep(u, 'undo', ws, fw)).toBe('已撤销：表1 毕业生数（2024年）3800 → 3725');
    expect(cellPlace(fw, 'sat_employers', 2023)).toBe('表2 用人单位满意度（2023年）');
    const t = takeUndo(pushEntry(EMPTY_STACKS, typed('b1', '', '校企共育教师队伍，双师比例上升。')));
    if (!t) throw new Error('no step');
    expect(describeStep(t, 'undo', ws, fw)).toBe('已撤销：第1章 人才培养 · 段落「校企共育教师队伍，双师比…」 的修改');
    const del = takeUndo(pushEntry(EMPTY_STACKS, { kind: 'block-delete', block: ws.blocks[0] as Block }));
    if (!del) throw new Error('no step');
    expect(describeStep(del, 'undo', ws, fw)).toBe(
      '已撤销删除：第1章 人才培养 · 段落「校企共育教师队伍，双师比…」 已恢复',
    );
    expect(blockPlace(ws, ws.blocks[0] as Block)).toBe('第1章 人才培养 · 段落「校企共育教师队伍，双师比…」');
  });
});
