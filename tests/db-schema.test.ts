/**
 * Defect 3 (#14): a .qar carrying SQL of its own (a trigger, a view, an extra table, index or column, a changed
 * definition) is refused untouched, read-only or read-write; trusted_schema is OFF on every connection; the
 * expected schema is derived from the migrations, so one more migration is accepted with no second list.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import { latestSchemaVersion, migrationsDir } from '../db/migrate';
import { closeDatabase, createDatabase } from '../db/open';
import { normalizeSql } from '../db/schema-check';
import { WorkspaceStore } from '../db/store';
import { REPO_ROOT } from './helpers/cli';
import { sha256File, sideFilesOf } from './helpers/files';
import { fixtureForFile } from './helpers/fixture-file';

const fixture = fixtureForFile();
/** A copy of the good file with `sql` run on it by "another program". */
const tampered = (name: string, sql: string) => fixture.copy(`${name}.qar`, sql);

async function expectRefusedUntouched(p: string, what: RegExp): Promise<void> {
  for (const readonly of [true, false]) {
    const before = sha256File(p);
    const err = await WorkspaceStore.open(p, { readonly }).then(
      (s) => {
        s.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    expect(err, `readonly=${readonly}`).toBeInstanceOf(QarError);
    expect((err as QarError).code).toBe('FOREIGN');
    expect((err as QarError).message).toMatch(/数据库结构与本程序写入的不一致/);
    expect((err as QarError).message).toMatch(what);
    expect(sha256File(p)).toBe(before);
    expect(sideFilesOf(p)).toEqual([]);
    expect(readdirSync(fixture.dir()).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }
}

describe('schema verification on open (defect 3)', () => {
  it('the file of the report: a trigger that raises values by 21% and wipes the change log is refused untouched', async () => {
    const p = tampered(
      '触发器',
      `CREATE TRIGGER raise_values AFTER UPDATE OF value ON indicator_values
       BEGIN
         UPDATE indicator_values SET value = value * 1.21 WHERE rowid % 2 = 0 AND indicator_id <> NEW.indicator_id;
         DELETE FROM change_log;
       END;`,
    );
    await expectRefusedUntouched(p, /触发器「raise_values」/);
  });

  it('a view is refused', async () => {
    await expectRefusedUntouched(tampered('视图', 'CREATE VIEW v AS SELECT * FROM profile'), /视图「v」/);
  });

  it('an extra table is refused', async () => {
    await expectRefusedUntouched(tampered('多表', 'CREATE TABLE extra (x INTEGER)'), /表「extra」/);
  });

  it('an extra index is refused', async () => {
    await expectRefusedUntouched(tampered('多索引', 'CREATE INDEX ix ON blocks (updated_at)'), /索引「ix」/);
  });

  it('an extra column is refused', async () => {
    await expectRefusedUntouched(tampered('多列', 'ALTER TABLE profile ADD COLUMN x TEXT'), /表「profile」/);
  });

  it('a definition changed behind SQLite’s back (a default that calls a function) is refused', async () => {
    const p = tampered(
      '改定义',
      `PRAGMA writable_schema = ON;
       UPDATE sqlite_schema SET sql = replace(sql, 'note TEXT NOT NULL DEFAULT ''''', 'note TEXT NOT NULL DEFAULT (hex(randomblob(8)))')
         WHERE name = 'indicator_values';
       PRAGMA writable_schema = OFF;`,
    );
    expect(readFileSync(p).includes(Buffer.from('randomblob'))).toBe(true);
    await expectRefusedUntouched(p, /表「indicator_values」的定义被改动/);
  });

  it('the untampered file opens, and every connection has trusted_schema OFF', async () => {
    for (const readonly of [true, false]) {
      const s = await WorkspaceStore.open(fixture.path(), { readonly });
      expect(s.opened.db.pragma('trusted_schema', { simple: true })).toBe(0);
      s.close();
    }
    const o = createDatabase(join(fixture.dir(), '新建.qar'));
    expect(o.db.pragma('trusted_schema', { simple: true })).toBe(0);
    closeDatabase(o);
  });

  it('no connection is opened anywhere but db/connect.ts (so none can miss trusted_schema=OFF)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(join(REPO_ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`;
        if (e.isDirectory()) walk(rel);
        else if (/\.(ts|tsx)$/.test(e.name) && rel !== 'db/connect.ts') {
          if (/new Database\(/.test(readFileSync(join(REPO_ROOT, rel), 'utf8'))) offenders.push(rel);
        }
      }
    };
    for (const d of ['core', 'db', 'electron', 'renderer', 'scripts']) walk(d);
    expect(offenders).toEqual([]);
  });

  it('normalising SQL ignores layout and comments but keeps quoted text exactly', () => {
    expect(normalizeSql("CREATE TABLE t (\n  a TEXT -- why\n  DEFAULT ' x '\n)")).toBe(
      normalizeSql("CREATE TABLE t(a TEXT /* c */ DEFAULT ' x ')"),
    );
    expect(normalizeSql("CREATE TABLE t (a TEXT DEFAULT ' x ')")).not.toBe(
      normalizeSql("CREATE TABLE t (a TEXT DEFAULT 'x')"),
    );
  });

  it('a further migration (e.g. another branch’s next one) is accepted with no second list', async () => {
    const dir = join(fixture.dir(), 'migrations');
    cpSync(migrationsDir(), dir, { recursive: true });
    const next = String(latestSchemaVersion() + 1).padStart(3, '0');
    writeFileSync(
      join(dir, `${next}_test_extra.sql`),
      'CREATE TABLE test_extra (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT;\nCREATE INDEX test_extra_by_body ON test_extra (body);\n',
    );
    const saved = process.env.QAR_MIGRATIONS_DIR;
    process.env.QAR_MIGRATIONS_DIR = dir;
    try {
      const p = join(fixture.dir(), '下一版.qar');
      cpSync(fixture.path(), p);
      const s = await WorkspaceStore.open(p); // migrates to the extra version
      expect(s.schemaVersion).toBe(latestSchemaVersion());
      s.close();
      const again = await WorkspaceStore.open(p, { readonly: true });
      expect(again.getProfile().name).toBe('测试职业技术学院');
      again.close();
    } finally {
      if (saved === undefined) delete process.env.QAR_MIGRATIONS_DIR;
      else process.env.QAR_MIGRATIONS_DIR = saved;
    }
  });
});
