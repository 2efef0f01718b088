/**
 * WorkspaceStore.getWorkspace reads every table in one read transaction (db/store.ts readTransaction, a plain
 * BEGIN/COMMIT since issue #16): a save from another connection cannot land between two of its tables, nothing is
 * left open after it, and a read that fails reports its own error with the transaction ended.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DamagedRowError } from '../db/rows';
import { WorkspaceStore } from '../db/store';
import { makeTempDir } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

const tmp = makeTempDir('qar-read-tx-');
const file = join(tmp.dir, '学校.qar');

beforeAll(async () => {
  (await buildFixtureWorkspace(file)).close();
});
afterAll(() => tmp.cleanup());

/** Another program's connection writing the report layout, which getWorkspace reads after the chapters. */
function writeLayoutElsewhere(layout: string): void {
  const other = new Database(file, { timeout: 0 });
  try {
    other.prepare('INSERT OR REPLACE INTO report_settings (id, layout) VALUES (1, ?)').run(layout);
  } finally {
    other.close();
  }
}

describe('getWorkspace reads in one transaction', () => {
  it('a save from another connection cannot land between its tables', async () => {
    const store = await WorkspaceStore.open(file, { readonly: true });
    try {
      const before = store.getWorkspace().reportLayout;
      let tried: unknown = 'not tried';
      // midway through the read (after the chapters, before the layout), another program saves
      const s = store as unknown as { getChapters: () => unknown };
      const chapters = s.getChapters.bind(store);
      s.getChapters = () => {
        try {
          writeLayoutElsewhere('report');
          tried = 'written';
        } catch (e) {
          tried = e;
        }
        return chapters();
      };
      const ws = store.getWorkspace();
      // the reader's lock kept the save out (rollback journal: a writer cannot commit under a reader)
      expect(tried).toBeInstanceOf(Error);
      expect((tried as { code?: string }).code).toBe('SQLITE_BUSY');
      expect(ws.reportLayout).toBe(before);
      expect(store.opened.db.inTransaction).toBe(false);
    } finally {
      store.close();
    }
    // with the read over, the same save goes through
    writeLayoutElsewhere('report');
    const after = await WorkspaceStore.open(file, { readonly: true });
    try {
      expect(after.getWorkspace().reportLayout).toBe('report');
    } finally {
      after.close();
    }
  });

  it("a read that fails reports the read's own error, and leaves no transaction open", async () => {
    const bad = join(tmp.dir, '坏行.qar');
    (await buildFixtureWorkspace(bad)).close();
    const db = new Database(bad);
    db.prepare('UPDATE profile SET report_year = 1999 WHERE id = 1').run();
    db.close();
    const store = await WorkspaceStore.open(bad, { readonly: true });
    try {
      expect(() => store.getWorkspace()).toThrow(DamagedRowError);
      expect(store.opened.db.inTransaction).toBe(false);
    } finally {
      store.close();
    }
  });
});
