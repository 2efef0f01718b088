/**
 * Programs that start programs (core/proc/process-tree.ts): on a timeout the whole group goes, not only the
 * launcher. `soffice` is such a launcher; a hung `soffice --convert-to` used to leave its soffice.bin running.
 * Here a shell script stands in for the launcher (the only stand-in: a real LibreOffice cannot be made to hang on
 * demand): it starts a long `sleep` as its child, writes the child's pid and waits.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { libreOfficeHeadingPages } from '../core/docx/lo-pages';
import { ProcessTimeout, runTree } from '../core/proc/process-tree';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-process-tree-test-');
afterAll(() => tmp.cleanup());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // a zombie (exited, not yet reaped) holds no resources: count it as gone
    return !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** A launcher that hangs holding a child; the child's pid goes to `pidFile`. */
function hangingLauncher(dir: string, name: string, pidFile: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\nsleep 300 &\necho $! > '${pidFile}'\nwait\n`);
  chmodSync(path, 0o755);
  return path;
}

describe.runIf(process.platform === 'linux')('process groups', () => {
  it('returns what the program wrote', async () => {
    await expect(runTree('/bin/sh', ['-c', 'printf 第一行; printf 二'], 30_000)).resolves.toBe('第一行二');
  });

  it('rejects when the program fails or cannot start', async () => {
    await expect(runTree('/bin/sh', ['-c', 'exit 3'], 30_000)).rejects.toThrow(/exited with 3/);
    await expect(runTree(join(tmp.dir, 'no-such-program'), [], 30_000)).rejects.toThrow();
  });

  it('on a timeout kills the launcher and what it started', async () => {
    const pidFile = join(tmp.dir, 'child.pid');
    const launcher = hangingLauncher(tmp.dir, 'launcher', pidFile);
    const run = runTree(launcher, [], 60_000);
    await vi.waitFor(() => expect(existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim()).toBeTruthy(), {
      timeout: 30_000,
      interval: 50,
    });
    const child = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(child)).toBe(true);
    // a second run with a short timeout, the child started: the same script, so the same shape
    const pidFile2 = join(tmp.dir, 'child2.pid');
    const short = runTree(hangingLauncher(tmp.dir, 'launcher2', pidFile2), [], 1_500);
    await expect(short).rejects.toBeInstanceOf(ProcessTimeout);
    const child2 = Number(readFileSync(pidFile2, 'utf8'));
    await vi.waitFor(() => expect(alive(child2)).toBe(false), { timeout: 30_000, interval: 100 });
    // the long one is still running: only the timed-out group was killed
    expect(alive(child)).toBe(true);
    process.kill(child, 'SIGKILL');
    await run.catch(() => undefined); // its `wait` ends with the child: settled either way
  });

  it("the page pass's PDF way leaves no LibreOffice behind when soffice hangs", async () => {
    const bin = join(tmp.dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const pidFile = join(tmp.dir, 'soffice-child.pid');
    hangingLauncher(bin, 'soffice', pidFile);
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
    try {
      const facts = await libreOfficeHeadingPages(Buffer.from('not a docx'), [{ index: 0, anchor: 'a', level: 1 }], {
        timeoutMs: 2_000,
      });
      expect(facts).toBeUndefined();
    } finally {
      process.env.PATH = path;
    }
    const child = Number(readFileSync(pidFile, 'utf8'));
    await vi.waitFor(() => expect(alive(child)).toBe(false), { timeout: 30_000, interval: 100 });
  });
});
