/**
 * The shared file writer (core/fs/atomic.ts) with an injected ENOSPC: the old file stays whole, no temp
 * file is left, and the error is 「磁盘空间不足」 (defect 5, for machines without a private tmpfs as well).
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

let failWrites = false;
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    writeSync: (...a: Parameters<typeof real.writeSync>) => {
      if (failWrites) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return (real.writeSync as (...x: unknown[]) => number)(...a);
    },
  };
});

const { writeAtomically } = await import('../core/fs/atomic');
const { QarError } = await import('../core/errors');
const { makeTempDir } = await import('./helpers/files');

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('writeAtomically', () => {
  it('writes the whole file and leaves nothing else', () => {
    const p = join(tmp.dir, '报告.json');
    writeAtomically(p, '{"a":1}');
    expect(fs.readFileSync(p, 'utf8')).toBe('{"a":1}');
    expect(fs.readdirSync(tmp.dir)).toEqual(['报告.json']);
  });

  it('a full disk: 磁盘空间不足, the previous file intact, no temp file left', () => {
    const p = join(tmp.dir, '报告.json');
    failWrites = true;
    let err: unknown;
    try {
      writeAtomically(p, '{"a":2}');
    } catch (e) {
      err = e;
    } finally {
      failWrites = false;
    }
    expect(err).toBeInstanceOf(QarError);
    expect((err as InstanceType<typeof QarError>).code).toBe('DISK_FULL');
    expect((err as Error).message).toMatch(/^磁盘空间不足，无法写入「报告\.json」/);
    expect(fs.readFileSync(p, 'utf8')).toBe('{"a":1}');
    expect(fs.readdirSync(tmp.dir)).toEqual(['报告.json']);
  });
});
