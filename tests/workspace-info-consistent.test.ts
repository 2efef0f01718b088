/**
 * `qar info` (WorkspaceSession.info) reads its profile, framework, years and counts in one read transaction: a
 * save from another connection cannot land between them, so the summary never pairs one state's counts with
 * another's profile. Proved by a writer that tries to save in the middle of the summary: the file is held for
 * the read (SQLite's shared lock, journal mode DELETE) and the writer is turned away, and the summary is the
 * state before.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../core/service';
import { makeTempDir } from './helpers/files';
import { buildFixtureWorkspace, FIXTURE_PROFILE } from './helpers/workspace';

const tmp = makeTempDir('qar-info-read-');
afterAll(() => tmp.cleanup());

describe('the summary of a workspace', () => {
  it('is one state of the file: a save in the middle of it waits', async () => {
    const p = join(tmp.dir, '一致.qar');
    (await buildFixtureWorkspace(p)).close();
    const s = await openWorkspace(p, { readonly: true, check: 'read' });
    try {
      const store = s.store;
      const counts = store.counts.bind(store);
      let refused: unknown;
      // between the profile and the counts, another program saves a new name and a new year
      store.counts = () => {
        const other = new Database(p, { timeout: 0 });
        try {
          other.exec("UPDATE profile SET name = '改名后的学校'; INSERT INTO report_years (year) VALUES (2030)");
        } catch (e) {
          refused = e;
        } finally {
          other.close();
        }
        return counts();
      };
      const info = s.info();
      expect((refused as { code?: string } | undefined)?.code).toMatch(/^SQLITE_BUSY/);
      expect(info.profile.name).toBe(FIXTURE_PROFILE.name);
      expect(info.years).not.toContain(2030);
      expect(info.counts.years).toBe(info.years.length);
    } finally {
      s.close();
    }
  });
});
