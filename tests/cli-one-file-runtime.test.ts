/**
 * core/cli/one-file-runtime.ts: the threadpool size a one-file command runs with (issue #16), in a child process
 * of its own (it is process-wide); V8's optimising compiler stays on (the page estimate without LibreOffice runs
 * seconds of JavaScript).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/cli';

/** The child's UV_THREADPOOL_SIZE after tuneForOneFile, and whether TurboFan is still on. */
function tunedIn(env: Record<string, string | undefined>): { pool: string; turbofan: boolean } {
  const script = `
    const { tuneForOneFile } = await import(${JSON.stringify(join(REPO_ROOT, 'core/cli/one-file-runtime.ts'))});
    tuneForOneFile();
    // V8's status of a function: bit 1 (kNeverOptimize) is set when there is no optimising compiler to use
    const f = (a) => a * 2 + 1;
    f(1);
    console.log(JSON.stringify({ pool: process.env.UV_THREADPOOL_SIZE, turbofan: (%GetOptimizationStatus(f) & 2) === 0 }));
  `;
  const r = spawnSync(
    process.execPath,
    ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script],
    { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
}

describe('a one-file command’s runtime', () => {
  it('sizes the threadpool to the cores (2–4) and keeps the optimising compiler', () => {
    const t = tunedIn({ UV_THREADPOOL_SIZE: undefined });
    expect(t.pool).toBe(String(Math.min(4, Math.max(2, availableParallelism()))));
    expect(t.turbofan).toBe(true);
  });

  it('keeps a threadpool size the user set', () => {
    expect(tunedIn({ UV_THREADPOOL_SIZE: '7' }).pool).toBe('7');
  });
});
