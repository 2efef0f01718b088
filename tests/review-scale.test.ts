/**
 * Review at province scale (issue #16): `reviewFiles` takes the schools one at a time and keeps no workspace, and
 * must give exactly what a straightforward computation over every school's whole workspace gives — the same
 * per-school rows (validation results), matrix, aggregates with their exclusions and withheld figures, findings
 * and file list — with bad files (corrupt, foreign, newer, a damaged index, a repeated hand-in) listed among the
 * good ones with their Chinese reasons. No timings here: `npm run bench -- review` measures.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQarError } from '../core/errors';
import { getFramework } from '../core/framework/registry';
import { outlineOf } from '../core/framework/resolve';
import type { Framework } from '../core/framework/schema';
import type { Workspace } from '../core/model';
import { type AggregateRow, aggregateLevel, type ReviewLevel, reviewLevel } from '../core/review/aggregate';
import { HashAhead, hashFile } from '../core/review/file-hash';
import { expandInputs, loadForReview, loadOne } from '../core/review/load';
import { buildComplianceMatrix } from '../core/review/matrix';
import { type ReviewSummary, reviewWorkspaces } from '../core/review/review';
import { reviewFiles } from '../core/review/review-files';
import { openWorkspace } from '../core/service';
import { validateWorkspace } from '../core/validate/engine';
import { valuesOf } from '../core/values/resolve';
import { writeDistrictSet } from './fixtures/review/district-set';
import { writeManySchools } from './fixtures/review/many-schools';
import { makeTempDir, sha256File } from './helpers/files';
import { sheetValues } from './helpers/review-cells';

const tmp = makeTempDir('qar-review-scale-');
const resolveFramework = (ref: { id: string }) => getFramework(ref.id);
const NOW = '2025-02-01T00:00:00.000Z';
let set: ReturnType<typeof writeDistrictSet>;
let damagedIndex: string;
let duplicate: string;
let streamed: ReviewSummary;

/** A copy of `from` whose blocks index disagrees with its table: only the full check of that table sees it. */
function withDamagedIndex(from: string, to: string): string {
  copyFileSync(from, to);
  const db = new Database(to, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const root = db
    .prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND name = 'blocks_by_section'")
    .pluck()
    .get() as number;
  db.close();
  const bytes = readFileSync(to);
  // the index's root page is a leaf holding (section_id, rowid) keys packed at its end: change a letter of the
  // last key's section_id, so the page stays well formed but no longer matches its row
  const end = root * pageSize;
  let at = end - 1;
  while (at > end - pageSize && !(bytes[at] !== undefined && bytes[at]! >= 0x61 && bytes[at]! <= 0x7a)) at--;
  bytes[at] = bytes[at] === 0x7a ? 0x61 : (bytes[at] as number) + 1;
  writeFileSync(to, bytes);
  return to;
}

beforeAll(async () => {
  set = writeDistrictSet(tmp.dir);
  // enough schools that the hashes are taken ahead on the worker thread (core/review/review-files.ts)
  await writeManySchools(tmp.dir, 10, 4);
  damagedIndex = withDamagedIndex(set.files.A, join(tmp.dir, 'y-索引损坏.qar'));
  duplicate = join(tmp.dir, 'y-重复提交.qar');
  copyFileSync(set.files.B, duplicate);
  streamed = await reviewFiles(expandInputs([tmp.dir]), { resolveFramework, outlineOf, now: NOW });
}, 120_000);
afterAll(() => tmp.cleanup());

/** The straightforward computation: every school's whole workspace in memory, each number computed directly. */
async function straightforward(): Promise<{ ws: Workspace; fw: Framework; path: string }[]> {
  const out: { ws: Workspace; fw: Framework; path: string }[] = [];
  const seen = new Set<string>();
  for (const p of expandInputs([tmp.dir])) {
    const s = await openWorkspace(p, { readonly: true }).catch(() => null);
    if (!s) continue;
    try {
      const ws = s.getWorkspace();
      const sha = sha256File(p);
      if (seen.has(sha) || seen.has(ws.profile.code)) continue;
      seen.add(sha);
      seen.add(ws.profile.code);
      out.push({ ws, fw: getFramework(ws.framework.id), path: p });
    } catch {
      // unreadable rows: not a school
    } finally {
      s.close();
    }
  }
  return out;
}

describe('reviewFiles: one school at a time, the same summary', () => {
  it('lists every file; bad ones with their Chinese reason, never stopping the others', () => {
    const byName = new Map(streamed.files.map((f) => [f.path.split('/').at(-1), f]));
    expect(streamed.files).toHaveLength(expandInputs([tmp.dir]).length);
    expect(streamed.schools).toHaveLength(18);
    expect(byName.get('z-损坏.qar')).toMatchObject({
      status: 'skipped',
      reason: expect.stringMatching(/已损坏|不是质量年报工作台文件/),
    });
    expect(byName.get('z-外来.qar')?.reason).toMatch(/不是质量年报工作台文件/);
    expect(byName.get('z-新版本.qar')?.reason).toMatch(/更新版本的质量年报工作台创建/);
    expect(byName.get('y-索引损坏.qar')?.reason).toMatch(/未通过完整性检查/);
    expect(byName.get('y-重复提交.qar')?.reason).toMatch(/内容完全相同（重复提交）/);
    for (const f of streamed.files) {
      if (f.status === 'skipped') expect(f.reason).toMatch(/[\u4e00-\u9fa5]/);
      // read-only: every readable file hashed once, unchanged
      if (f.sha256Before) {
        expect(f.sha256Before).toBe(sha256File(f.path));
        expect(f.sha256After).toBe(f.sha256Before);
      }
    }
    // no workspace is kept: that is what keeps memory flat over 1 000 schools
    for (const s of streamed.schools) expect(Object.keys(s)).not.toContain('ws');
  });

  it('gives the per-school rows, matrix and aggregates of a computation over every whole workspace', async () => {
    const all = await straightforward();
    expect(all.map((x) => x.ws.profile.name)).toEqual(streamed.schools.map((s) => s.name));
    const year = streamed.year;
    expect(year).toBe(2024);
    const years = [year - 2, year - 1, year];
    const results = all.map(({ ws, fw }) => validateWorkspace(ws, fw, { year, outline: outlineOf(fw) }));
    streamed.schools.forEach((s, i) => {
      expect(s.result).toEqual(results[i]);
      expect(s.code).toBe(all[i]?.ws.profile.code);
    });
    const matrix = buildComplianceMatrix(
      all.map(({ ws, fw }, i) => ({
        name: ws.profile.name,
        code: ws.profile.code,
        level: reviewLevel(ws.profile.level),
        fw,
        result: results[i] as ReturnType<typeof validateWorkspace>,
      })),
    );
    expect(streamed.matrix).toEqual(matrix);
    for (const level of ['高职', '中职'] as ReviewLevel[]) {
      const group = all.filter((x) => reviewLevel(x.ws.profile.level) === level);
      const agg = aggregateLevel(
        group.map((x) => x.ws),
        group[0]?.fw as Framework,
        years,
        level,
      );
      expect(streamed.aggregates[level]).toEqual(agg);
      if (level === '高职') expect(agg.excluded.length).toBeGreaterThan(0);
      // a plain sum, by hand: every school's value (core/values) added up, where no school was left out
      const values = group.map((x) => valuesOf(x.ws, x.fw));
      const sums = (agg.rows as AggregateRow[]).filter(
        (r) => r.method === 'sum' && r.excludedCount[year] === 0 && !r.withheld[year],
      );
      expect(sums.length).toBeGreaterThan(10);
      for (const r of sums) {
        const got = values.map((v) => v.value(r.indicatorId, year)).filter((v): v is number => v !== undefined);
        expect(streamed.aggregates[level]?.rows.find((x) => x.indicatorId === r.indicatorId)?.values[year]).toBe(
          got.length ? got.reduce((a, b) => a + b, 0) : null,
        );
      }
    }
  });

  it('equals reviewWorkspaces over the workspaces loaded at once, down to the workbook', async () => {
    const whole = reviewWorkspaces(await loadForReview(expandInputs([tmp.dir])), {
      resolveFramework,
      outlineOf,
      now: NOW,
    });
    const { schools: a, ...restA } = streamed;
    const { schools: b, ...restB } = whole;
    expect(restA).toEqual(restB);
    expect(a).toEqual(b.map(({ ws: _ws, ...x }) => x));
    expect(await sheetValues(streamed)).toEqual(await sheetValues(whole));
  });
});

describe('hashing ahead on a worker thread', () => {
  it('gives the same sha256 and stamp as hashing here, in any order of asking', async () => {
    const paths = expandInputs([tmp.dir]);
    const ahead = new HashAhead(paths);
    try {
      for (const p of paths) expect(await ahead.get(p)).toEqual(hashFile(p));
      // a path asked out of order, or twice, is still answered
      expect(await ahead.get(paths[0] as string)).toEqual(hashFile(paths[0] as string));
    } finally {
      await ahead.close();
    }
    // after close (or when the worker is gone) it hashes on this thread
    expect(await ahead.get(paths[1] as string)).toEqual(hashFile(paths[1] as string));
    expect(hashFile(join(tmp.dir, '不存在.qar'))).toEqual({ sha256: '', stamp: '' });
  });

  it('hashes a file of many read pieces, with a short last one, as one sha256 of its whole content', async () => {
    const p = join(tmp.dir, 'later-pieces.bin');
    const bytes = randomBytes(3 * 128 * 1024 + 12_345); // three whole pieces of the reader and part of a fourth
    writeFileSync(p, bytes);
    try {
      const whole = sha256File(p); // the helper's own: the whole file read at once
      expect(hashFile(p).sha256).toBe(whole);
      const ahead = new HashAhead([p]);
      try {
        expect((await ahead.get(p)).sha256).toBe(whole);
      } finally {
        await ahead.close();
      }
    } finally {
      rmSync(p, { force: true });
    }
  });

  it('a file changed after its hash is reported, not hidden', async () => {
    mkdirSync(join(tmp.dir, 'later'));
    const p = join(tmp.dir, 'later', 'x-改动.qar');
    copyFileSync(set.files.C, p);
    const before = hashFile(p);
    // the stamp taken with the hash no longer matches once something writes the file
    const db = new Database(p);
    db.exec("UPDATE profile SET name = '丙中等职业学校（改）'");
    db.close();
    const r = await loadOne(p, { hasher: { get: async () => before } });
    expect(r.file.sha256After).not.toBe(r.file.sha256Before);
    expect(r.file.reason).toContain('审阅期间该文件被其他程序修改过');
  });
});

describe("the 'read' check of a review", () => {
  it('refuses an index that disagrees with its table, as the full check does', async () => {
    for (const check of ['read', 'full'] as const) {
      const err = await openWorkspace(damagedIndex, { readonly: true, check }).then(
        (s) => s.close(),
        (e: unknown) => e,
      );
      expect(isQarError(err), check).toBe(true);
      expect((err as Error).message, check).toMatch(/未通过完整性检查/);
    }
  });
});
