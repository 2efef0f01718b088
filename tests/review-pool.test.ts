/**
 * The review's checking threads (core/review/review-pool.ts, issue #16): schools read and checked on worker
 * threads must give exactly the summary of checking them one after the other on this thread — the same file list
 * with the same Chinese reasons for bad files, the same schools in the same order, the same findings in the same
 * order, matrix and aggregates, and the same workbook cell for cell. A worker that cannot run leaves its files to
 * this thread, with the same answer. No timings here: `npm run bench -- review` measures.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandInputs } from '../core/review/load';
import type { ReviewSummary } from '../core/review/review';
import { reviewFiles, reviewThreads } from '../core/review/review-files';
import { defaultReviewThreads, ReviewPool, reviewWorkerScript } from '../core/review/review-pool';
import { checkSchoolFile } from '../core/review/school-check';
import { writeDistrictSet } from './fixtures/review/district-set';
import { writeManySchools } from './fixtures/review/many-schools';
import { makeTempDir } from './helpers/files';
import { sheetValues } from './helpers/review-cells';

const tmp = makeTempDir('qar-review-pool-');
const NOW = '2025-02-01T00:00:00.000Z';
let paths: ReturnType<typeof expandInputs>;
let here: ReviewSummary;

beforeAll(async () => {
  const set = writeDistrictSet(tmp.dir); // 4 schools and a corrupt, a foreign and a newer file
  await writeManySchools(tmp.dir, 8, 4); // with planted failures, so there are findings to order
  copyFileSync(set.files.B, join(tmp.dir, 'y-重复提交.qar'));
  paths = expandInputs([tmp.dir]);
  here = await reviewFiles(paths, { threads: 0, now: NOW });
}, 120_000);
afterAll(() => tmp.cleanup());

describe('checking schools on worker threads', () => {
  it('finds the worker script beside its module (here: the TypeScript source, run with tsx)', () => {
    const how = reviewWorkerScript();
    expect(how?.script.pathname).toMatch(/core\/review\/review-worker\.ts$/);
    expect(how?.execArgv?.[0]).toBe('--import');
  });

  it('gives the summary of checking one school after the other here: same findings, same order, same cells', async () => {
    const pooled = await reviewFiles(paths, { threads: 2, now: NOW });
    // the fixture is a real review: good schools, planted failures and bad files among them
    expect(here.schools.length).toBe(16);
    expect(here.findings.length).toBeGreaterThan(20);
    const reasons = here.files.filter((f) => f.status === 'skipped').map((f) => f.reason);
    expect(reasons.join('\n')).toMatch(/已损坏|不是质量年报工作台文件/);
    expect(reasons.join('\n')).toMatch(/更新版本的质量年报工作台创建/);
    expect(reasons.join('\n')).toMatch(/内容完全相同（重复提交）/);

    expect(pooled.files).toEqual(here.files);
    expect(pooled.schools.map((s) => s.name)).toEqual(here.schools.map((s) => s.name));
    expect(pooled.findings.map((f) => [f.school, f.ruleId, f.where, f.message])).toEqual(
      here.findings.map((f) => [f.school, f.ruleId, f.where, f.message]),
    );
    expect(pooled).toEqual(here);
    // schools checked with one framework share its object, as the matrix and the aggregates group by it
    const fws = new Set(pooled.schools.map((s) => s.fw));
    expect(fws.size).toBe(2);
    expect(await sheetValues(pooled)).toEqual(await sheetValues(here));
  });

  it('really checks on the threads, in any order of asking, with the answer of this thread', async () => {
    const pool = ReviewPool.start(2);
    expect(pool).not.toBeNull();
    const p = pool as ReviewPool;
    try {
      const some = [...paths].reverse();
      const got = await Promise.all(some.map((x) => p.check(x)));
      expect(p.stats).toEqual({ onThreads: some.length, here: 0 });
      for (const [i, x] of some.entries()) expect(got[i]).toEqual(await checkSchoolFile(x));
    } finally {
      await p.close();
    }
  });

  it('on 2 cores one thread checks and this one too: the same summary, the schools really shared', async () => {
    const shared = await reviewFiles(paths, { threads: 1, hereToo: true, now: NOW });
    expect(shared).toEqual(here);
    expect(await sheetValues(shared)).toEqual(await sheetValues(here));

    const pool = ReviewPool.start(1, undefined, undefined, true) as ReviewPool;
    expect(pool).not.toBeNull();
    try {
      // asked in order, as reviewFiles does: this thread takes a file whenever it has fewer waiting than the worker
      const got = await Promise.all(paths.map((x) => pool.check(x)));
      expect(pool.stats.onThreads).toBeGreaterThan(0);
      expect(pool.stats.here).toBeGreaterThan(0);
      expect(pool.stats.onThreads + pool.stats.here).toBe(paths.length);
      for (const [i, x] of paths.entries()) expect(got[i]).toEqual(await checkSchoolFile(x));
    } finally {
      await pool.close();
    }
  });

  it('shares a review out by files and cores: threads where they pay, this thread alone below that', () => {
    expect(reviewThreads(1000, 2)).toEqual({ threads: 1, hereToo: true });
    expect(reviewThreads(200, 3)).toEqual({ threads: 1, hereToo: true });
    expect(reviewThreads(199, 2)).toEqual({ threads: 0, hereToo: false });
    expect(reviewThreads(1000, 1)).toEqual({ threads: 0, hereToo: false });
    expect(reviewThreads(1000, 8)).toEqual({ threads: defaultReviewThreads(), hereToo: false });
    expect(reviewThreads(499, 8)).toEqual({ threads: 0, hereToo: false });
  });

  it('a worker that cannot run (too little memory for the program) leaves its files to this thread', async () => {
    const pool = ReviewPool.start(1, undefined, { maxOldGenerationSizeMb: 8 });
    const p = pool as ReviewPool;
    try {
      const got = await Promise.all(paths.map((x) => p.check(x)));
      expect(p.stats.here).toBe(paths.length);
      for (const [i, x] of paths.entries()) expect(got[i]).toEqual(await checkSchoolFile(x));
    } finally {
      await p.close();
    }
  });
});
