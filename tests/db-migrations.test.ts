import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, latestSchemaVersion, loadMigrations, QAR_APPLICATION_ID } from '../db/migrate';
import { closeDatabase, createDatabase } from '../db/open';
import { WorkspaceStore } from '../db/store';
import { makeTempDir, sha256File, sideFilesOf } from './helpers/files';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

/** A file at schema version `n` (only the first n migrations) holding a school, years, values and a chapter. */
function oldSchemaFile(n: number): string {
  const p = join(tmp.dir, `旧版v${n}.qar`);
  const db = new Database(p);
  applyMigrations(db, n);
  db.exec(`
    INSERT INTO profile (id, name, code, level, category, region, report_year, framework_id, framework_version)
      VALUES (1, '旧文件学院', '', '高职', '工科', '', 2024, 'cn-2024-gaozhi', '1');
    INSERT INTO report_years (year, has_graduates, note) VALUES (2023, 1, ''), (2024, 0, '无毕业生');
    INSERT INTO indicator_values (year, indicator_id, value, note, source, updated_at) VALUES (2024, 'students_total', 1234.5, '备注', '教务', '2024-09-01T00:00:00.000Z');
    INSERT INTO indicator_values (year, indicator_id, value, note, source, updated_at) VALUES (2023, 'students_total', NULL, '', '', '2024-09-01T00:00:00.000Z');
    INSERT INTO change_log (year, indicator_id, old_value, new_value, at, how)
      VALUES (2024, 'students_total', NULL, 1234.5, '2024-09-01T00:00:00.000Z', 'manual');
    INSERT INTO chapters VALUES ('ch1', 2024, 'talent', '人才培养', 0, '');
    INSERT INTO sections VALUES ('s1', 'ch1', 'talent.moral', '立德树人', 0);
    INSERT INTO blocks VALUES ('b1', 's1', 0, '{"kind":"paragraph","lead":"甲。","text":"乙"}', '2024-09-01T00:00:00.000Z');
  `);
  db.close();
  return p;
}

describe('migrations', () => {
  it('are numbered 1..n without gaps, at least two', () => {
    const m = loadMigrations();
    expect(m.length).toBeGreaterThanOrEqual(2);
    expect(m.map((x) => x.id)).toEqual(m.map((_, i) => i + 1));
  });

  it('from empty: every migration applied, recorded, application_id stamped', () => {
    const o = createDatabase(join(tmp.dir, '新.qar'));
    expect(o.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion());
    expect(o.db.pragma('application_id', { simple: true })).toBe(QAR_APPLICATION_ID);
    const rows = o.db.prepare('SELECT id, name FROM schema_migrations ORDER BY id').all() as {
      id: number;
      name: string;
    }[];
    expect(rows.map((r) => r.id)).toEqual(loadMigrations().map((m) => m.id));
    expect(rows[0]!.name).toBe('core');
    closeDatabase(o);
  });

  for (let n = 1; n < latestSchemaVersion(); n++) {
    it(`from schema ${n}: backup first, then migrated, data intact`, async () => {
      const p = oldSchemaFile(n);
      const before = sha256File(p);
      const s = await WorkspaceStore.open(p);
      expect(s.schemaVersion).toBe(latestSchemaVersion());
      expect(s.opened.foundVersion).toBe(n);
      // data intact and readable through the model
      const ws = s.getWorkspace();
      expect(ws.profile.name).toBe('旧文件学院');
      expect(ws.years).toEqual([
        { year: 2023, hasGraduates: true, note: '' },
        { year: 2024, hasGraduates: false, note: '无毕业生' },
      ]);
      expect(ws.values.map((v) => [v.year, v.value, v.note, v.source])).toEqual([
        [2023, null, '', ''],
        [2024, 1234.5, '备注', '教务'],
      ]);
      expect(s.getChangeLog()).toHaveLength(1);
      expect(ws.blocks[0]!.content).toEqual({ kind: 'paragraph', lead: '甲。', text: '乙' });
      // what the later migrations added works
      const c = s.addComment({ target: { type: 'workspace' }, author: '审核员', body: '已迁移' });
      expect(s.getComments().map((x) => x.id)).toEqual([c.id]);
      const applied = s.opened.db.prepare('SELECT id FROM schema_migrations ORDER BY id').all() as { id: number }[];
      expect(applied.map((r) => r.id)).toEqual(loadMigrations().map((m) => m.id));
      s.close();

      // the backup is the untouched old file, next to it, named with the old version
      const backups = readdirSync(tmp.dir).filter((f) => f.startsWith(`${basename(p)}.bak-v${n}-`));
      expect(backups).toHaveLength(1);
      const bak = join(tmp.dir, backups[0]!);
      const bdb = new Database(bak, { readonly: true });
      expect(bdb.pragma('user_version', { simple: true })).toBe(n);
      expect(bdb.prepare('SELECT count(*) AS n FROM indicator_values').get()).toEqual({ n: 2 });
      bdb.close();
      expect(sha256File(p)).not.toBe(before);
      expect(sideFilesOf(p)).toEqual([]);

      // a second open does not migrate or back up again
      const again = await WorkspaceStore.open(p);
      expect(again.opened.backupPath).toBeUndefined();
      again.close();
      expect(readdirSync(tmp.dir).filter((f) => f.includes('.bak-'))).toEqual([basename(bak)]);
    });

    it(`from schema ${n}, read-only: reads a migrated temp copy, the file is never changed`, async () => {
      const p = oldSchemaFile(n);
      const before = sha256File(p);
      const s = await WorkspaceStore.open(p, { readonly: true });
      expect(s.opened.foundVersion).toBe(n);
      expect(s.getWorkspace().values).toHaveLength(2);
      expect(s.getComments()).toEqual([]);
      const temp = s.opened.tempCopyPath!;
      expect(existsSync(temp)).toBe(true);
      expect(() => s.putYear({ year: 2025 })).toThrow(/只读/);
      s.close();
      expect(existsSync(temp)).toBe(false);
      expect(sha256File(p)).toBe(before);
      expect(sideFilesOf(p)).toEqual([]);
      expect(readdirSync(tmp.dir).filter((f) => f.includes('.bak-'))).toEqual([]);
    });
  }

  it('a migration is all-or-nothing: a failing one leaves the file at the previous version', () => {
    const p = oldSchemaFile(1);
    const db = new Database(p);
    // sabotage: make migration 2 collide with an existing table so it fails midway
    db.exec('CREATE TABLE comments (x INTEGER)');
    expect(() => applyMigrations(db)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'change_log_by_cell'").get()).toEqual({
      n: 0,
    });
    db.close();
  });
});
