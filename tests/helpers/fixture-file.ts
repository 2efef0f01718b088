/** The fixture workspace (tests/helpers/workspace.ts) once per test file, and altered copies of it. */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';
import { makeTempDir } from './files';
import { buildFixtureWorkspace } from './workspace';

/**
 * The fixture workspace built once for a test file, in a temp folder removed afterwards (registers the hooks):
 * `copy(name, sql?)` gives a copy in that folder, with `sql` run on it as another program would (better-sqlite3's
 * defensive mode off, as in the sqlite3 shell).
 */
export function fixtureForFile(name = '好文件.qar'): {
  dir: () => string;
  path: () => string;
  copy: (copyName: string, sql?: string) => string;
} {
  const tmp = makeTempDir();
  const path = join(tmp.dir, name);
  beforeAll(async () => {
    (await buildFixtureWorkspace(path)).close();
  });
  afterAll(() => tmp.cleanup());
  return {
    dir: () => tmp.dir,
    path: () => path,
    copy: (copyName, sql) => {
      const p = join(tmp.dir, copyName);
      copyFileSync(path, p);
      if (sql) {
        const db = new Database(p);
        db.unsafeMode(true);
        db.exec(sql);
        db.close();
      }
      return p;
    },
  };
}
