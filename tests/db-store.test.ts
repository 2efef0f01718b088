import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import type { WorkspaceSession } from '../core/service';
import { makePng, makeTempDir } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

const tmp = makeTempDir();
let s: WorkspaceSession;

beforeAll(async () => {
  s = await buildFixtureWorkspace(join(tmp.dir, '学校.qar'));
});
afterAll(() => {
  s.close();
  tmp.cleanup();
});

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(QarError);
    expect((e as QarError).message).toMatch(/[\u4e00-\u9fff]/);
    return (e as QarError).code;
  }
  return undefined;
}

describe('values', () => {
  it('the fixture logged one change per changed value (null over nothing is no change)', () => {
    const log = s.history({ indicatorId: 'students_total', year: 2024 });
    expect(log.map((c) => [c.oldValue, c.newValue, c.how])).toEqual([
      [null, 9001.5, 'manual'],
      [9001.5, 9002, 'paste'],
    ]);
    expect(s.history({ indicatorId: 'intl_students' })).toEqual([]);
    expect(s.getWorkspace().values.find((v) => v.indicatorId === 'intl_students')?.value).toBeNull();
  });

  it('same value again: no log row; a note-only edit is saved without a log row', () => {
    const before = s.history({}).length;
    const r = s.setValues(
      [
        { year: 2024, indicatorId: 'students_total', value: 9002 },
        { year: 2024, indicatorId: 'grad_employment_rate', value: 96.27, note: '抽样' },
      ],
      'manual',
    );
    expect(r).toEqual({ written: 1, logged: 0, derived: [] });
    expect(s.history({}).length).toBe(before);
    const v = s.getWorkspace().values.find((x) => x.indicatorId === 'grad_employment_rate')!;
    expect([v.value, v.note]).toEqual([96.27, '抽样']);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'non-finite %s anywhere in a batch: BAD_INPUT, nothing written',
    (bad) => {
      const before = JSON.stringify(s.getWorkspace().values);
      const logBefore = s.history({}).length;
      expect(
        code(() =>
          s.setValues(
            [
              { year: 2024, indicatorId: 'students_total', value: 1 },
              { year: 2024, indicatorId: 'teachers_total', value: bad },
            ],
            'paste',
          ),
        ),
      ).toBe('BAD_INPUT');
      expect(JSON.stringify(s.getWorkspace().values)).toBe(before);
      expect(s.history({}).length).toBe(logBefore);
    },
  );

  it('a text value or an unknown year fails the whole batch', () => {
    const before = JSON.stringify(s.getWorkspace().values);
    const textValue = { year: 2024, indicatorId: 'students_total', value: '12' } as unknown as { value: number };
    expect(code(() => s.setValues([textValue as never], 'paste'))).toBe('BAD_INPUT');
    expect(
      code(() =>
        s.setValues(
          [
            { year: 2024, indicatorId: 'students_total', value: 5 },
            { year: 2019, indicatorId: 'students_total', value: 5 },
          ],
          'manual',
        ),
      ),
    ).toBe('BAD_INPUT');
    expect(JSON.stringify(s.getWorkspace().values)).toBe(before);
  });

  it('a year with data cannot be deleted; an empty one can', () => {
    expect(code(() => s.store.deleteYear(2024))).toBe('CONFLICT');
    s.putYear({ year: 2021 });
    s.store.deleteYear(2021);
    expect(s.getWorkspace().years.map((y) => y.year)).toEqual([2022, 2023, 2024]);
  });
});

describe('narrative', () => {
  it('blocks: create at a position, update, reorder, move, delete keep order 0..n-1', () => {
    const ws = s.getWorkspace();
    const [sec1, sec2] = ws.sections.filter((x) => x.chapterId === ws.chapters.find((c) => c.key === 'service')!.id);
    const a = s.createBlock(sec1!.id, { kind: 'paragraph', text: 'A' });
    const b = s.createBlock(sec1!.id, { kind: 'paragraph', text: 'B' });
    const c = s.createBlock(sec1!.id, { kind: 'paragraph', text: 'C' }, 0);
    const texts = (id: string) =>
      s.store.getBlocks(id).map((x) => (x.content.kind === 'paragraph' ? x.content.text : ''));
    expect(texts(sec1!.id)).toEqual(['C', 'A', 'B']);
    expect(s.store.getBlocks(sec1!.id).map((x) => x.order)).toEqual([0, 1, 2]);
    s.updateBlock(a.id, { kind: 'challenge', title: '挑战一', problems: '问题', plans: '打算' });
    expect(s.store.getBlock(a.id).content).toEqual({
      kind: 'challenge',
      title: '挑战一',
      problems: '问题',
      plans: '打算',
    });
    s.reorderBlocks(sec1!.id, [b.id, a.id, c.id]);
    expect(s.store.getBlocks(sec1!.id).map((x) => x.id)).toEqual([b.id, a.id, c.id]);
    expect(code(() => s.reorderBlocks(sec1!.id, [b.id, a.id]))).toBe('BAD_INPUT');
    s.store.moveBlock(a.id, sec2!.id, 0);
    expect(s.store.getBlocks(sec2!.id).map((x) => x.id)).toEqual([a.id]);
    expect(s.store.getBlocks(sec1!.id).map((x) => x.order)).toEqual([0, 1]);
    s.deleteBlock(b.id);
    expect(texts(sec1!.id)).toEqual(['C']);
    expect(code(() => s.store.getBlock(b.id))).toBe('NOT_FOUND');
  });

  it('invalid block content is refused (zod) and a photo must point at a stored image', () => {
    const sec = s.getWorkspace().sections[0]!;
    expect(code(() => s.createBlock(sec.id, { kind: 'chart', indicators: [] } as never))).toBe('BAD_INPUT');
    expect(code(() => s.createBlock(sec.id, { kind: 'photo', assetId: 'nope' }))).toBe('BAD_INPUT');
  });

  it('a tampered block row fails loudly on read instead of reaching the report', () => {
    const b = s.getWorkspace().blocks[0]!;
    const db = s.store.opened.db;
    const saved = db.prepare('SELECT content FROM blocks WHERE id = ?').get(b.id) as { content: string };
    db.prepare('UPDATE blocks SET content = ? WHERE id = ?').run('{"kind":"video"}', b.id);
    expect(() => s.store.getBlock(b.id)).toThrow();
    db.prepare('UPDATE blocks SET content = ? WHERE id = ?').run(saved.content, b.id);
  });

  it('chapters and sections: create, reorder, delete cascades to blocks', () => {
    const ch = s.store.createChapter({ year: 2024, key: '', title: '特色亮点' }, 1);
    expect(s.store.getChapters(2024)[1]!.id).toBe(ch.id);
    const sec = s.store.createSection(ch.id, { title: '亮点一' });
    s.createBlock(sec.id, { kind: 'paragraph', text: 'x' });
    const ids = s.store.getChapters(2024).map((c) => c.id);
    s.store.reorderChapters(2024, [...ids.slice(1), ids[0]!]);
    expect(s.store.getChapters(2024).at(-1)!.id).toBe(ids[0]);
    s.store.deleteChapter(ch.id);
    expect(s.store.getSections(ch.id)).toEqual([]);
    expect(s.store.getBlocks(sec.id)).toEqual([]);
    expect(s.store.getChapters(2024).map((c) => c.order)).toEqual(ids.slice(0, -1).map((_, i) => i));
  });
});

describe('assets and comments', () => {
  it('stores bytes exactly, checks the type against the bytes, refuses deleting an image in use', () => {
    const png = makePng(10, 10, 9);
    const a = s.addAsset(png, { mime: 'image/png', width: 10, height: 10 });
    expect(a.bytes).toBe(png.length);
    expect(Buffer.compare(s.getAssetBytes(a.id), png)).toBe(0);
    expect(code(() => s.addAsset(png, { mime: 'image/jpeg', width: 10, height: 10 }))).toBe('BAD_INPUT');
    expect(code(() => s.addAsset(Buffer.from('not an image'), { mime: 'image/png', width: 1, height: 1 }))).toBe(
      'BAD_INPUT',
    );
    const used = s.getWorkspace().blocks.find((b) => b.content.kind === 'photo')!;
    const usedId = used.content.kind === 'photo' ? used.content.assetId : '';
    expect(code(() => s.store.deleteAsset(usedId))).toBe('CONFLICT');
    s.store.deleteAsset(a.id);
    expect(code(() => s.getAssetBytes(a.id))).toBe('NOT_FOUND');
  });

  it('comments: thread, resolve, reopen, delete removes replies', () => {
    const [root, reply] = s.listComments();
    expect(reply!.parentId).toBe(root!.id);
    expect(root!.status).toBe('resolved');
    expect(root!.resolvedAt).not.toBeNull();
    expect(s.listComments('open').map((c) => c.id)).toEqual([reply!.id]);
    expect(s.resolveComment(root!.id, false)).toMatchObject({ status: 'open', resolvedAt: null });
    s.store.deleteComment(root!.id);
    expect(s.listComments()).toEqual([]);
    expect(code(() => s.addComment({ target: { type: 'workspace' }, author: 'x', body: '' }))).toBe('BAD_INPUT');
  });
});
