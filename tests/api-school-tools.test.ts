/**
 * The school editor's file tools through the API (dispatcher + handlers, real .qar files): Excel export and the
 * two-step Excel import (dry run lists the changes, nothing written; then applied, logged as 'import'; problems
 * write nothing), importing a reviewer's comments file, and the rule that outline chapters cannot be deleted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { XlsxImportResult } from '../core/api';
import { type ApiHandlers, dispatch } from '../core/api/dispatch';
import { createApiHandlers, isOutlineChapterKey, SessionSlot } from '../core/api-handlers';
import type { Chapter } from '../core/model';
import { COMMENTS_FILE_FORMAT, REVIEW_FILE_VERSION } from '../core/review/comments';
import { fakeCtx } from './api-fakes';
import { editBook } from './fixtures/xlsx/workbook';
import { makeTempDir } from './helpers/files';
import { buildFixtureWorkspace, FIXTURE_PROFILE } from './helpers/workspace';

let tmp: ReturnType<typeof makeTempDir>;
let slot: SessionSlot;
let handlers: ApiHandlers;
let qar: string;

beforeEach(async () => {
  tmp = makeTempDir('qar-api-tools-');
  qar = join(tmp.dir, '学校.qar');
  (await buildFixtureWorkspace(qar)).close();
  slot = new SessionSlot();
  handlers = createApiHandlers(fakeCtx(), slot);
  const r = await call('workspace.open', { path: qar });
  expect(r.ok).toBe(true);
});
afterEach(() => {
  slot.close();
  tmp.cleanup();
});

const call = (method: string, input?: unknown) => dispatch(handlers, method, input, { checkOutput: true });

async function data<T>(method: string, input?: unknown): Promise<T> {
  const r = await call(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.data as T;
}

function rows<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(qar, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

const stored = (id: string, year: number) =>
  rows<{ value: number | null }>('SELECT value FROM indicator_values WHERE indicator_id = ? AND year = ?', id, year)[0]
    ?.value ?? null;

describe('xlsx.export / xlsx.import', () => {
  it('exports, previews an edited workbook without writing, then applies it as one import', async () => {
    const out = join(tmp.dir, '指标数据.xlsx');
    const exp = await data<{ path: string; bytes: number }>('xlsx.export', { path: out });
    expect(exp.bytes).toBe(readFileSync(out).length);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');

    const edited = await editBook(readFileSync(out), [
      { sheet: '教学资源表', id: 'counselors', year: 2024, value: 77 },
    ]);
    const xlsx = join(tmp.dir, '改过的.xlsx');
    writeFileSync(xlsx, edited.bytes);
    const before = stored('counselors', 2024);

    const dry = await data<XlsxImportResult>('xlsx.import', { path: xlsx, dryRun: true });
    expect(dry.problems).toEqual([]);
    expect(dry.written).toBe(0);
    expect(dry.changes).toHaveLength(1);
    expect(dry.changes[0]).toMatchObject({ indicatorId: 'counselors', year: 2024, oldValue: before, newValue: 77 });
    expect(dry.changes[0]?.text).toBe(`教学资源表 · 专职辅导员数（2024年）：${before ?? '（空）'} → 77 人`);
    expect(stored('counselors', 2024)).toBe(before);

    const applied = await data<XlsxImportResult>('xlsx.import', { path: xlsx, dryRun: false });
    expect(applied.written).toBe(1);
    expect(stored('counselors', 2024)).toBe(77);
    const log = rows<{ how: string }>(
      "SELECT how FROM change_log WHERE indicator_id = 'counselors' AND year = 2024 ORDER BY rowid DESC LIMIT 1",
    );
    expect(log[0]?.how).toBe('import');
  });

  it('a workbook with a text cell lists the problem by sheet and cell and writes nothing', async () => {
    const out = join(tmp.dir, '导出.xlsx');
    await data('xlsx.export', { path: out });
    const edited = await editBook(readFileSync(out), [
      { sheet: '教学资源表', id: 'counselors', year: 2024, value: '约三百' },
      { sheet: '教学资源表', id: 'counselors', year: 2023, value: 88 },
    ]);
    const xlsx = join(tmp.dir, '有问题.xlsx');
    writeFileSync(xlsx, edited.bytes);
    const r = await data<XlsxImportResult>('xlsx.import', { path: xlsx, dryRun: false });
    expect(r.written).toBe(0);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ sheet: '教学资源表', cell: edited.addresses[0] });
    expect(r.problems[0]?.message).toContain('约三百');
    expect(stored('counselors', 2023)).not.toBe(88);
  });

  it('refuses a wrong extension and a missing file in Chinese', async () => {
    const bad = await call('xlsx.export', { path: join(tmp.dir, 'x.csv') });
    expect(bad.ok === false && bad.error.message).toContain('.xlsx');
    const missing = await call('xlsx.import', { path: join(tmp.dir, '没有.xlsx') });
    expect(missing.ok === false && missing.error.message).toContain('找不到文件');
  });
});

describe('comments.import', () => {
  const file = (school: { name: string; code: string }) => ({
    format: COMMENTS_FILE_FORMAT,
    formatVersion: REVIEW_FILE_VERSION,
    reviewer: '区县审核员',
    exportedAt: '2025-03-01T08:00:00.000Z',
    school,
    comments: [
      {
        id: 'r1',
        parentId: null,
        target: { type: 'cell', tableId: 'scorecard', indicatorId: 'students_total', year: 2024 },
        author: '区县审核员',
        body: '在校生数请与教务系统核对。',
        status: 'open',
        createdAt: '2025-03-01T08:00:00.000Z',
        resolvedAt: null,
      },
    ],
  });

  it('adds the reviewer comments once; a file for another school is refused and writes nothing', async () => {
    const path = join(tmp.dir, '审核意见.json');
    writeFileSync(path, JSON.stringify(file({ name: FIXTURE_PROFILE.name, code: FIXTURE_PROFILE.code })));
    const count = () => rows('SELECT id FROM comments').length;
    const before = count();
    expect(await data('comments.import', { path })).toEqual({ added: 1, skipped: 0, resolved: 0 });
    expect(count()).toBe(before + 1);
    expect(await data('comments.import', { path })).toEqual({ added: 0, skipped: 1, resolved: 0 });

    const other = join(tmp.dir, '别校.json');
    writeFileSync(other, JSON.stringify(file({ name: '另一所学院', code: '' })));
    const r = await call('comments.import', { path: other });
    expect(r.ok === false && r.error.message).toContain('另一所学院');
    expect(count()).toBe(before + 1);
  });
});

describe('chapters.delete', () => {
  it('keeps outline chapters; a chapter the school added can be renamed and deleted', async () => {
    expect(isOutlineChapterKey('talent')).toBe(true);
    expect(isOutlineChapterKey('')).toBe(false);
    const ws = await data<{ chapters: Chapter[] }>('workspace.get');
    const talent = ws.chapters.find((c) => c.key === 'talent' && c.year === 2024);
    expect(talent).toBeDefined();
    const refused = await call('chapters.delete', { id: talent?.id });
    expect(refused.ok === false && refused.error.message).toContain('不能删除');
    const renamed = await data<Chapter>('chapters.update', { id: talent?.id, title: '人才培养质量' });
    expect(renamed.title).toBe('人才培养质量');

    const mine = await data<Chapter>('chapters.create', { year: 2024, title: '党建引领' });
    expect((await call('chapters.delete', { id: mine.id })).ok).toBe(true);
    expect(rows('SELECT id FROM chapters WHERE id = ?', mine.id)).toHaveLength(0);
    expect(rows('SELECT id FROM chapters WHERE id = ?', talent?.id)).toHaveLength(1);
  });
});
