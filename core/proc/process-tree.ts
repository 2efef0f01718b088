/**
 * Child programs that start children of their own. `soffice` is a launcher: the work is done by soffice.bin, its
 * child. Killing only the launcher on a timeout leaves soffice.bin running for good (~80 MB each, and it keeps
 * its profile locked). So such programs are started in a process group of their own (POSIX: detached) and the
 * whole group is killed; on Windows `taskkill /T` ends the tree.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** Ends `child` and everything it started. Safe to call when it has already exited. */
export function killProcessTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (process.platform === 'win32') spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
    else process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export class ProcessTimeout extends Error {
  constructor(
    readonly cmd: string,
    readonly timeoutMs: number,
  ) {
    super(`${cmd} did not finish within ${timeoutMs} ms`);
  }
}

/**
 * Runs `cmd` in a group of its own and resolves with its standard output (UTF-8) when it exits with 0. Rejects
 * when it cannot start, exits otherwise, or outlives `timeoutMs` (then the whole group is killed first).
 */
export function runTree(
  cmd: string,
  args: readonly string[],
  timeoutMs: number,
  maxBytes = 64 * 1024 * 1024,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let failed: Error | undefined;
    const fail = (e: Error) => {
      if (failed) return;
      failed = e;
      killProcessTree(child);
    };
    const timer = setTimeout(() => fail(new ProcessTimeout(cmd, timeoutMs)), timeoutMs);
    child.stdout?.on('data', (c: Buffer) => {
      bytes += c.length;
      if (bytes > maxBytes) fail(new Error(`${cmd} wrote more than ${maxBytes} bytes`));
      else chunks.push(c);
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      failed ??= e;
      reject(failed);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (failed) reject(failed);
      else if (code !== 0) reject(new Error(`${cmd} exited with ${code}`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}
