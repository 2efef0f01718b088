import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isQarError } from '../core/errors';
import { damagedRead, openWorkspace } from '../core/service';
import { runCliInProcess } from './helpers/cli-inproc';
import { sha256File } from './helpers/files';
import { Rng } from './helpers/fuzz';
import { fixtureCopies } from './helpers/workspace';

const fixture = fixtureCopies('qar-damaged-');

function damaged(name: string, sql: string): string {
  const p = fixture.copyOf(name);
  const db = new Database(p);
  db.pragma('ignore_check_constraints = ON');
  db.exec(sql);
  db.close();
  return p;
}

describe('damaged rows in a .qar', () => {
  it.each([
    // the place as db/rows.ts names it: table, row, column
    ['年度越界.qar', 'UPDATE profile SET report_year = 1999', /profile 表.*「report_year」不能小于 2000/],
    [
      '坏JSON.qar',
      "UPDATE blocks SET content = '{not json' WHERE rowid = 1",
      /blocks 表.*「content」中的 JSON 无法解析/,
    ],
  ])('%s: one Chinese CORRUPT line from the API and exit 2 from the CLI', async (name, sql, where) => {
    const p = damaged(name, sql);
    const before = sha256File(p);
    const s = await openWorkspace(p, { readonly: true });
    let err: unknown;
    try {
      s.getWorkspace();
    } catch (e) {
      err = e;
    } finally {
      s.close();
    }
    expect(isQarError(err)).toBe(true);
    expect((err as Error).message).toMatch(where);
    expect((err as Error).message).toMatch(new RegExp(`^「${name}」中的数据已损坏`));
    const r = await runCliInProcess(['validate', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(where);
    expect(sha256File(p)).toBe(before);
  });

  it('a dropped table is refused when the file is opened (the schema check), the file unchanged, exit 2', async () => {
    const p = damaged('缺表.qar', 'DROP TABLE comments');
    const before = sha256File(p);
    const err = await openWorkspace(p, { readonly: true }).then(
      (s) => s.close(),
      (e: unknown) => e,
    );
    expect(isQarError(err)).toBe(true);
    expect((err as Error).message).toMatch(/缺少表「comments」/);
    const r = await runCliInProcess(['validate', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(/缺少表「comments」/);
    expect(sha256File(p)).toBe(before);
  });

  it("SQLite's integrity report becomes one Chinese line (SQLite's own words kept in the cause)", async () => {
    // single-byte damage at seeded positions until SQLite's integrity_check (several lines) is what refuses
    const r = new Rng(7);
    let found = false;
    for (let i = 0; i < 400 && !found; i++) {
      const c = Buffer.from(fixture.bytes());
      c[100 + r.int(c.length - 100)] = r.int(256);
      const p = fixture.copyOf(`完整性-${i}.qar`, c);
      try {
        (await openWorkspace(p, { readonly: true })).close();
      } catch (e) {
        const cause = isQarError(e) ? String((e.cause as Error | undefined)?.message ?? '') : '';
        if (/\*\*\* in database main/.test(cause)) {
          // the reviewer's skipped-file line, the start page's notice: Chinese, one line, naming the file
          expect((e as Error).message).toMatch(
            /^「完整性-\d+\.qar」未通过完整性检查（文件内部的数据结构已损坏），无法打开。/,
          );
          expect((e as Error).message.replace(/「[^」]*」/, '')).not.toMatch(/[A-Za-z]{3,}|\n/);
          found = true;
        }
      }
    }
    expect(found).toBe(true);
  });
});

describe('damagedRead: a failed read in words', () => {
  const err = (code: string, message = 'x') => Object.assign(new Error(message), { code });
  it.each([
    ['SQLITE_CORRUPT', /^「学校\.qar」中的数据已损坏（文件内部的数据结构已损坏），无法读取。/],
    ['SQLITE_CORRUPT_INDEX', /（文件内部的数据结构已损坏）/],
    ['SQLITE_NOTADB', /（文件已不是有效的工作区文件）/],
    ['SQLITE_IOERR_SHORT_READ', /（数据库读取失败）/],
  ])('%s: one Chinese line, SQLite’s code kept in the cause only', (code, words) => {
    const e = damagedRead('/某处/学校.qar', err(code, 'database disk image is malformed'));
    expect(isQarError(e) && e.code).toBe('CORRUPT');
    expect((e as Error).message).toMatch(words);
    expect((e as Error).message.replace(/「[^」]*」/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    expect(((e as Error).cause as { code?: string }).code).toBe(code);
  });

  it('a missing table is named', () => {
    const e = damagedRead('/x/学校.qar', err('SQLITE_ERROR', 'no such table: comments'));
    expect((e as Error).message).toMatch(/缺少数据表或字段 comments/);
  });
});
