import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../core/workspace-io';
import { WorkspaceStore } from '../db/store';
import { REPO_ROOT } from './helpers/cli';
import { makeTempDir } from './helpers/files';
import { FIXTURE_FRAMEWORK, FIXTURE_PROFILE } from './helpers/workspace';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

const COUNT_A = 300;

/** Runs the writer, SIGKILLs it once it is inside transaction B; resolves with what it printed. */
function runAndKill(
  path: string,
): Promise<{ out: string; signal: NodeJS.Signals | null; journalBytes: number; grewBy: number }> {
  return new Promise((resolve, reject) => {
    // node itself with the tsx loader (not the tsx wrapper, which would forward the kill to a grandchild)
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'tests/helpers/crash-writer.ts'), 'spill', path, String(COUNT_A)],
      { cwd: REPO_ROOT },
    );
    let out = '';
    let err = '';
    let journalBytes = 0;
    let sizeAfterA = -1;
    let grewBy = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('A-COMMITTED') && sizeAfterA < 0) sizeAfterA = statSync(path).size;
      if (out.includes('B-STARTED') && !child.killed) {
        journalBytes = statSync(`${path}-journal`).size;
        grewBy = statSync(path).size - sizeAfterA;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (!out.includes('B-STARTED')) reject(new Error(`writer failed: ${err}`));
      else resolve({ out, signal, journalBytes, grewBy });
    });
  });
}

describe('crash safety', () => {
  it('a writer killed with SIGKILL inside a transaction: the file reopens with exactly the committed data', async () => {
    const p = join(tmp.dir, '崩溃.qar');
    createWorkspace(p, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
    const r = await runAndKill(p);
    expect(r.signal).toBe('SIGKILL');
    expect(r.out).not.toContain('NOT-KILLED');
    // transaction B really had journalled (and spilled into the file) uncommitted pages when it was killed:
    // the file holds half of B until the hot journal is rolled back
    expect(r.journalBytes).toBeGreaterThan(0);
    expect(r.grewBy).toBeGreaterThan(1024 * 1024);

    const expected = Array.from({ length: COUNT_A }, (_, i) => [`a_${String(i).padStart(4, '0')}`, i + 0.5]);
    for (const readonly of [true, false]) {
      const s = await WorkspaceStore.open(p, { readonly });
      const values = s.getValues().map((v) => [v.indicatorId, v.value]);
      expect(values).toEqual(expected);
      expect(s.getChangeLog()).toHaveLength(COUNT_A);
      expect(s.opened.db.pragma('integrity_check', { simple: true })).toBe('ok');
      if (!readonly) {
        // and it is writable again
        expect(s.setValues([{ year: 2024, indicatorId: 'a_0000', value: 1 }], 'manual').logged).toBe(1);
      }
      s.close();
    }
  }, 90_000);
});
