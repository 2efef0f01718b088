/**
 * Names of our temporary files. A temp file lives beside its target (same folder, so the final rename is atomic)
 * and is named `.TARGET.tmp-HOST-PID-RANDOM`: the random part means nobody can plant a symlink at the name in
 * advance, and HOST + PID let a later run prove a leftover is ours and that its writer is gone
 * (core/fs/leftovers.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/** 8 hex digits naming this computer (a hash: host names may hold characters a file name cannot). */
export const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/** `.NAME.tmp-HOST-PID-RANDOM`; group 1: NAME, 2: host tag, 3: pid. */
export const TEMP_NAME = /^\.(.+)\.tmp-([0-9a-f]{8})-(\d{1,10})-[0-9a-f]{8}$/;

/** A fresh temp name beside `target` (not created). */
export function tempPathBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${HOST_TAG}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Whether process `pid` runs on this computer (EPERM: it exists but belongs to someone else). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}
