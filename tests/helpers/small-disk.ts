/**
 * A really full disk for tests: a small tmpfs mounted in a private mount namespace (`unshare -r -m`, no root
 * needed where unprivileged user namespaces are allowed). The child script runs inside the namespace, does its
 * scenario and prints one JSON line; the mount disappears with it. Where namespaces are not allowed the caller
 * skips, saying why.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './cli';

let available: boolean | undefined;

/** Whether this machine lets an unprivileged process mount a tmpfs of its own. */
export function smallDiskAvailable(): boolean {
  if (available !== undefined) return available;
  const dir = mkdtempSync(join(tmpdir(), 'qar-probe-'));
  try {
    const r = spawnSync('unshare', ['-r', '-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs "$0"', dir], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    available = r.status === 0;
  } catch {
    available = false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return available;
}

/** Runs tests/helpers/disk-full-child.ts on a fresh tmpfs of `sizeKb`, returning the JSON it printed. */
export function onSmallDisk<T>(sizeKb: number, scenario: string, args: string[]): T {
  const mount = mkdtempSync(join(tmpdir(), 'qar-small-disk-'));
  try {
    const r = spawnSync(
      'unshare',
      [
        '-r',
        '-m',
        'sh',
        '-c',
        `mount -t tmpfs -o size=${sizeKb}k tmpfs "$0" && exec "$@"`,
        mount,
        process.execPath,
        '--import',
        'tsx',
        join(REPO_ROOT, 'tests/helpers/disk-full-child.ts'),
        mount,
        scenario,
        ...args,
      ],
      { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    const line = r.stdout.trim().split('\n').pop() ?? '';
    try {
      return JSON.parse(line) as T;
    } catch {
      throw new Error(`disk-full child failed (${r.status}): ${r.stdout}\n${r.stderr}`);
    }
  } finally {
    rmSync(mount, { recursive: true, force: true });
  }
}
