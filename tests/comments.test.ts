import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../core/cli';
import { isQarError } from '../core/errors';
import { getFramework } from '../core/framework/registry';
import {
  addReviewComment,
  createReviewFile,
  exportSchoolComments,
  importComments,
  parseCommentsFile,
  parseReviewFile,
  replyToComment,
  resolveReviewComment,
  reviewFileJson,
  upsertSchool,
} from '../core/review/comments';
import { openWorkspace } from '../core/service';
import { SPECS } from './fixtures/review/district-set';
import { writeSchool } from './fixtures/review/schools';
import { makeTempDir, sha256File } from './helpers/files';

const tmp = makeTempDir('qar-comments-');
let schoolA: string;
let schoolC: string;
let ids = 0;
const clock = { now: () => '2025-02-01T09:00:00.000Z', newId: () => `c-${++ids}` };

beforeAll(() => {
  schoolA = writeSchool(tmp.dir, '甲.qar', SPECS.A, getFramework('cn-2024-gaozhi'));
  schoolC = writeSchool(tmp.dir, '丙.qar', SPECS.C, getFramework('cn-2024-zhongzhi'));
});
afterAll(() => tmp.cleanup());

function reviewerFile() {
  let rf = createReviewFile({ reviewer: '区审阅组', ...clock });
  rf = upsertSchool(rf, { name: SPECS.A.name, code: 'A001', level: '高职' }, { sha256: sha256File(schoolA) }, clock);
  rf = upsertSchool(rf, { name: SPECS.C.name, code: 'C001', level: '中职' }, {}, clock);
  const a = addReviewComment(
    rf,
    'A001',
    {
      target: { type: 'cell', tableId: 'resources', indicatorId: 'teachers_dual', year: 2024 },
      body: '请核对双师型教师数。',
    },
    clock,
  );
  const b = addReviewComment(
    a.file,
    SPECS.A.name, // by name as well as by code
    { target: { type: 'finding', ruleId: 'cq.dual_teacher_rate_2027', key: 'k' }, body: '请说明推进措施。' },
    clock,
  );
  const r = replyToComment(b.file, 'A001', a.comment.id, '补充：附上认定文件。', clock);
  return { rf: resolveReviewComment(r.file, 'A001', b.comment.id, true, clock), first: a.comment, reply: r.comment };
}

describe('review file', () => {
  it('adds, replies and resolves; round-trips through JSON with zod', () => {
    const { rf, first, reply } = reviewerFile();
    const back = parseReviewFile(reviewFileJson(rf));
    const a = back.schools.find((s) => s.school.code === 'A001')!;
    expect(a.comments).toHaveLength(3);
    expect(a.comments[2]).toMatchObject({ parentId: first.id, body: '补充：附上认定文件。', target: first.target });
    expect(a.comments[1]?.status).toBe('resolved');
    expect(a.comments[1]?.resolvedAt).toBe('2025-02-01T09:00:00.000Z');
    expect(reply.author).toBe('区审阅组');
    expect(resolveReviewComment(back, 'A001', a.comments[1]!.id, false).schools[0]?.comments[1]?.status).toBe('open');
  });

  it('refuses broken files with Chinese messages', () => {
    expect(() => parseReviewFile('{')).toThrow(/不是有效的 JSON/);
    expect(() => parseReviewFile({ format: 'qar-comments' })).toThrow(/批注文件（qar-comments），不是审阅文件/);
    const { rf } = reviewerFile();
    const bad = JSON.parse(reviewFileJson(rf));
    bad.schools[0].comments[2].parentId = 'nope';
    expect(() => parseReviewFile(bad)).toThrow(/回复的批注「nope」不存在/);
    expect(() => addReviewComment(rf, '不存在的学校', { target: { type: 'workspace' }, body: 'x' })).toThrow(
      /审阅文件中没有学校「不存在的学校」/,
    );
  });
});

describe('comments file → school workspace', () => {
  it('imports into the school’s .qar (visible via getWorkspace().comments) and does not duplicate on re-import', async () => {
    const { rf } = reviewerFile();
    const cf = parseCommentsFile(JSON.stringify(exportSchoolComments(rf, 'A001', clock)));
    expect(cf.reviewedSha256).toBe(sha256File(schoolA));
    const s = await openWorkspace(schoolA);
    try {
      const r1 = importComments(cf, s.getWorkspace().profile, s);
      expect(r1).toEqual({ added: 3, skipped: 0, resolved: 1 });
      const ws = s.getWorkspace();
      expect(ws.comments).toHaveLength(3);
      const parent = ws.comments.find((c) => c.body === '请核对双师型教师数。')!;
      const reply = ws.comments.find((c) => c.body === '补充：附上认定文件。')!;
      expect(reply.parentId).toBe(parent.id);
      expect(ws.comments.find((c) => c.body === '请说明推进措施。')?.status).toBe('resolved');
      expect(parent.author).toBe('区审阅组');

      // the school answers and resolves the first comment in its own workspace
      s.addComment({ parentId: parent.id, target: parent.target, author: '甲校', body: '已更正。' });
      s.resolveComment(parent.id);
      const r2 = importComments(cf, s.getWorkspace().profile, s);
      expect(r2).toEqual({ added: 0, skipped: 3, resolved: 0 });
      const after = s.getWorkspace().comments;
      expect(after).toHaveLength(4);
      // an older comments file never reopens what the school resolved
      expect(after.find((c) => c.id === parent.id)?.status).toBe('resolved');
    } finally {
      s.close();
    }
  });

  it('a later reviewer reply is added once, under the right parent', async () => {
    const { rf, first } = reviewerFile();
    const more = replyToComment(rf, 'A001', first.id, '收到，谢谢。', clock).file;
    const copy = writeSchool(tmp.dir, '甲-另一份.qar', SPECS.A, getFramework('cn-2024-gaozhi'));
    const s = await openWorkspace(copy);
    try {
      importComments(exportSchoolComments(rf, 'A001', clock), s.getWorkspace().profile, s);
      const r = importComments(exportSchoolComments(more, 'A001', clock), s.getWorkspace().profile, s);
      expect(r.added).toBe(1);
      const ws = s.getWorkspace();
      const parent = ws.comments.find((c) => c.body === '请核对双师型教师数。')!;
      expect(ws.comments.filter((c) => c.parentId === parent.id).map((c) => c.body)).toEqual([
        '补充：附上认定文件。',
        '收到，谢谢。',
      ]);
    } finally {
      s.close();
    }
  });

  it('refuses a comments file for another school and leaves the workspace unchanged', async () => {
    const { rf } = reviewerFile();
    const cf = exportSchoolComments(rf, 'A001', clock);
    const s = await openWorkspace(schoolC);
    let err: unknown;
    try {
      importComments(cf, s.getWorkspace().profile, s);
    } catch (e) {
      err = e;
    } finally {
      s.close();
    }
    expect(isQarError(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /是发给「甲高等职业学院（学校代码 A001）」的.*「丙中等职业学校（学校代码 C001）」不一致，已拒绝导入/,
    );
    const check = await openWorkspace(schoolC, { readonly: true });
    try {
      expect(check.getWorkspace().comments).toHaveLength(0);
    } finally {
      check.close();
    }
    // the refusal came before any write: same content (the read-write open may touch header bytes, so compare
    // through a read-only open above) — and the CLI path, which checks read-only first, keeps the bytes identical
  });
});

describe('qar comments CLI', () => {
  it('add → resolve → export → import, refusing the wrong school (exit 2)', async () => {
    const reviewJson = join(tmp.dir, '审阅.json');
    expect(
      await main(['review', schoolA, schoolC, '--out', join(tmp.dir, 's.xlsx'), '--review-file', reviewJson]),
    ).toBe(0);
    expect(parseReviewFile(readFileSync(reviewJson, 'utf8')).schools.map((s) => s.school.code)).toEqual([
      'A001',
      'C001',
    ]);
    expect(
      await main([
        'comments',
        'add',
        reviewJson,
        '--school',
        'C001',
        '--body',
        '占地面积请附证明。',
        '--target',
        'cell:resources:land_area:2024',
      ]),
    ).toBe(0);
    const id = parseReviewFile(readFileSync(reviewJson, 'utf8')).schools[1]!.comments[0]!.id;
    expect(
      await main(['comments', 'add', reviewJson, '--school', 'C001', '--body', '已补充。', '--reply-to', id]),
    ).toBe(0);
    expect(await main(['comments', 'resolve', reviewJson, '--school', 'C001', '--id', id])).toBe(0);
    const out = join(tmp.dir, '丙-批注.json');
    expect(await main(['comments', 'export', reviewJson, '--school', 'C001', '--out', out])).toBe(0);
    const copy = join(tmp.dir, '丙-副本.qar');
    copyFileSync(schoolC, copy);
    expect(await main(['comments', 'import', out, '--into', copy])).toBe(0);
    expect(await main(['comments', 'import', out, '--into', copy])).toBe(0);
    const s = await openWorkspace(copy, { readonly: true });
    try {
      const c = s.getWorkspace().comments;
      expect(c).toHaveLength(2);
      expect(c.find((x) => x.parentId === null)?.status).toBe('resolved');
      expect(c.find((x) => x.parentId === null)?.target).toEqual({
        type: 'cell',
        tableId: 'resources',
        indicatorId: 'land_area',
        year: 2024,
      });
    } finally {
      s.close();
    }
    // listed from the school's file: where each comment points, in words (it printed 「单元格 resources/land_area/2024年」)
    const log: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((m: unknown) => void log.push(String(m)));
    try {
      expect(await main(['comments', 'list', copy])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const land = log.find((l) => l.includes('占地面积请附证明。')) ?? '';
    expect(land).toMatch(/（.+ · 校园占地面积 · 2024年）$/);
    expect(land).not.toContain('land_area');
    const beforeA = sha256File(schoolA);
    expect(await main(['comments', 'import', out, '--into', schoolA])).toBe(2);
    expect(sha256File(schoolA)).toBe(beforeA);
    // the reviewer's own file is not a comments file
    expect(await main(['comments', 'import', reviewJson, '--into', copy])).toBe(2);
    writeFileSync(join(tmp.dir, '坏.json'), '{"format":"qar-comments","formatVersion":1}');
    expect(await main(['comments', 'import', join(tmp.dir, '坏.json'), '--into', copy])).toBe(2);
    expect(await main(['comments', 'add', reviewJson, '--school', 'C001', '--body', 'x', '--target', 'cell:bad'])).toBe(
      2,
    );
  });
});
