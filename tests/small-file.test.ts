import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import { readSmallTextFile } from '../core/small-file';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-small-');
afterAll(() => tmp.cleanup());

describe('readSmallTextFile', () => {
  it('reads a small file', () => {
    const p = join(tmp.dir, '意见.json');
    writeFileSync(p, '{"a":1}');
    expect(readSmallTextFile(p, 1024, '审核意见')).toBe('{"a":1}');
  });
  it('refuses a missing file, a folder and an oversized file in Chinese', () => {
    const big = join(tmp.dir, '大.json');
    writeFileSync(big, Buffer.alloc(3 * 1024 * 1024, 32));
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(QarError);
        expect((e as Error).message).toMatch(/[\u4e00-\u9fa5]/);
        return (e as QarError).code;
      }
      return 'none';
    };
    expect(code(() => readSmallTextFile(join(tmp.dir, '无.json'), 1024, '审核意见'))).toBe('NOT_FOUND');
    expect(code(() => readSmallTextFile(tmp.dir, 1024, '审核意见'))).toBe('NOT_FOUND');
    expect(code(() => readSmallTextFile(big, 2 * 1024 * 1024, '审核意见'))).toBe('TOO_LARGE');
  });
});
