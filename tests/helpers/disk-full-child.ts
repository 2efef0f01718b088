/**
 * Child of tests/helpers/small-disk.ts, inside its own mount namespace with a small tmpfs at MOUNT.
 * `node --import tsx disk-full-child.ts MOUNT SCENARIO ARGS…`; prints one JSON line with what happened.
 *   migrate SRC   — copy the old-schema file SRC onto the disk, leave less room than a backup needs, open it
 *   edit SRC      — copy SRC onto the disk, fill it, then save values until the disk is full
 *   cli ARGS…     — fill the disk, run the qar CLI (in-process) with ARGS (any @OUT@ becomes MOUNT)
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, openSync, readdirSync, readFileSync, statfsSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { main } from '../../core/cli';
import { QarError } from '../../core/errors';
import { WorkspaceStore } from '../../db/store';

const [mount, scenario, ...args] = process.argv.slice(2) as [string, string, ...string[]];
const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Fills the disk until only `leaveBytes` are free. */
function fill(leaveBytes: number): void {
  const free = () => {
    const s = statfsSync(mount);
    return s.bavail * s.bsize;
  };
  const fd = openSync(join(mount, 'filler.bin'), 'a');
  const chunk = Buffer.alloc(4096, 1);
  try {
    while (free() > leaveBytes + chunk.length) writeSync(fd, chunk);
  } catch {
    // full already
  } finally {
    closeSync(fd);
  }
}

function out(o: unknown): void {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

const files = () =>
  readdirSync(mount)
    .filter((f) => f !== 'filler.bin')
    .sort();

if (scenario === 'migrate') {
  const p = join(mount, basename(args[0]!));
  copyFileSync(args[0]!, p);
  const size = readFileSync(p).length;
  fill(Math.floor(size / 2));
  const before = { sha: sha(p), mode: readFileSync(p)[18] };
  let error: { code: string; message: string } | null = null;
  try {
    (await WorkspaceStore.open(p)).close();
  } catch (e) {
    error = e instanceof QarError ? { code: e.code, message: e.message } : { code: 'RAW', message: String(e) };
  }
  out({ error, before, after: { sha: sha(p), mode: readFileSync(p)[18] }, files: files() });
} else if (scenario === 'edit') {
  const p = join(mount, basename(args[0]!));
  copyFileSync(args[0]!, p);
  const s = await WorkspaceStore.open(p);
  fill(64 * 1024);
  let saved = 0;
  let error: { code: string; message: string } | null = null;
  try {
    for (let i = 0; i < 10_000; i++) {
      s.setValues([{ year: 2024, indicatorId: `full_${i}`, value: i, note: '满'.repeat(300) }], 'manual');
      saved++;
    }
  } catch (e) {
    error = e instanceof QarError ? { code: e.code, message: e.message } : { code: 'RAW', message: String(e) };
  }
  let closeError: string | null = null;
  try {
    s.close();
  } catch (e) {
    closeError = String(e);
  }
  const again = await WorkspaceStore.open(p, { readonly: true });
  const kept = again.getValues(2024).filter((v) => v.indicatorId.startsWith('full_')).length;
  again.close();
  out({ error, saved, kept, closeError, files: files() });
} else if (scenario === 'cli') {
  fill(0);
  const errors: string[] = [];
  const logs: string[] = [];
  console.error = (...a: unknown[]) => errors.push(a.join(' '));
  console.log = (...a: unknown[]) => logs.push(a.join(' '));
  const code = await main(args.map((a) => a.replace('@OUT@', mount)));
  out({ code, errors, logs, files: files() });
} else {
  out({ error: { code: 'USAGE', message: `unknown scenario ${scenario}` } });
}
