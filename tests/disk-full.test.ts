/**
 * Defect 5 (#14), the full-disk half: on a really full disk (a small tmpfs, tests/helpers/small-disk.ts) every
 * writer says 「磁盘空间不足」 in one Chinese line, and nothing already saved changes. A migration that cannot
 * write its backup changes NOTHING (not even the journal-mode byte of the header) and leaves no partial backup.
 * Where the machine does not allow a private tmpfs, the same mapping is still tested in-process below
 * (SQLite's max_page_count) and in tests/atomic-write.test.ts (an injected ENOSPC).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import { applyMigrations } from '../db/migrate';
import { WorkspaceStore } from '../db/store';
import { makeTempDir } from './helpers/files';
import { onSmallDisk, smallDiskAvailable } from './helpers/small-disk';
import { buildFixtureWorkspace } from './helpers/workspace';

const tmp = makeTempDir();
let good: string;
let old: string;
beforeAll(async () => {
  good = join(tmp.dir, '学校.qar');
  (await buildFixtureWorkspace(good)).close();
  // an old-schema (version 1) file of some size, still in WAL mode as earlier versions left files after a crash
  old = join(tmp.dir, '旧版.qar');
  const db = new Database(old);
  applyMigrations(db, 1);
  db.exec(`INSERT INTO profile VALUES (1, '旧文件学院', '', '高职', '工科', '', 2024, 'cn-2024-gaozhi', '1');
           INSERT INTO report_years (year) VALUES (2024);`);
  const ins = db.prepare("INSERT INTO indicator_values VALUES (2024, ?, ?, ?, '', '2024-09-01T00:00:00.000Z')");
  db.transaction(() => {
    for (let i = 0; i < 400; i++) ins.run(`v_${i}`, i, '旧'.repeat(200));
  })();
  db.pragma('journal_mode = WAL');
  db.close();
});
afterAll(() => tmp.cleanup());

type Outcome = { error: { code: string; message: string } | null; files: string[] };

// Skipped only where the kernel refuses unprivileged mount namespaces: then no real full disk can be made.
describe.skipIf(!smallDiskAvailable())('a really full disk (tmpfs)', () => {
  it('a migration whose backup does not fit: 磁盘空间不足, the file unchanged (header included), no partial backup', () => {
    const r = onSmallDisk<Outcome & { before: { sha: string; mode: number }; after: { sha: string; mode: number } }>(
      2048,
      'migrate',
      [old],
    );
    expect(r.error?.code).toBe('DISK_FULL');
    expect(r.error?.message).toMatch(/^磁盘空间不足/);
    expect(r.error?.message).toMatch(/未做任何改动/);
    expect(r.error?.message).not.toMatch(/损坏|备份文件/);
    expect(r.after).toEqual(r.before);
    expect(r.files).toEqual(['旧版.qar']);
  });

  it('saving values until the disk is full: the failing save says 磁盘空间不足, every earlier save is kept', () => {
    const r = onSmallDisk<Outcome & { saved: number; kept: number; closeError: string | null }>(2048, 'edit', [good]);
    expect(r.error?.code).toBe('DISK_FULL');
    expect(r.error?.message).toMatch(/^磁盘空间不足.*这次修改没有保存/);
    expect(r.saved).toBeGreaterThan(0);
    expect(r.kept).toBe(r.saved);
    expect(r.closeError).toBeNull();
    expect(r.files).toEqual(['学校.qar']);
  });

  for (const out of ['报告.docx', '数据.json', '数据.xlsx']) {
    it(`qar ${out.endsWith('.docx') ? 'report' : 'export'} to a full disk: exit 2, one line 磁盘空间不足, no temp file`, () => {
      const cmd = out.endsWith('.docx') ? 'report' : 'export';
      const r = onSmallDisk<{ code: number; errors: string[]; files: string[] }>(256, 'cli', [
        cmd,
        good,
        '--out',
        `@OUT@/${out}`,
      ]);
      expect(r.code).toBe(2);
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatch(/^磁盘空间不足，无法写入「/);
      expect(r.files).toEqual([]);
    });
  }
});

describe('full disk, in-process (SQLite max_page_count)', () => {
  it('a save that does not fit is refused with 磁盘空间不足; what was saved before stays', async () => {
    const p = join(tmp.dir, '满.qar');
    copyFileSync(good, p);
    const s = await WorkspaceStore.open(p);
    s.setValues([{ year: 2024, indicatorId: 'before_full', value: 1 }], 'manual');
    const pages = s.opened.db.pragma('page_count', { simple: true }) as number;
    s.opened.db.pragma(`max_page_count = ${pages}`);
    let err: unknown;
    try {
      s.setValues(
        Array.from({ length: 200 }, (_, i) => ({
          year: 2024,
          indicatorId: `big_${i}`,
          value: i,
          note: '满'.repeat(500),
        })),
        'manual',
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QarError);
    expect((err as QarError).code).toBe('DISK_FULL');
    expect((err as QarError).message).toMatch(/^磁盘空间不足/);
    s.close();
    const again = await WorkspaceStore.open(p, { readonly: true });
    expect(again.getValues(2024).map((v) => v.indicatorId)).toContain('before_full');
    expect(again.getValues(2024).some((v) => v.indicatorId.startsWith('big_'))).toBe(false);
    again.close();
  });
});
