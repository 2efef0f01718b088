/**
 * Bench: edit latency under each journal policy that keeps the .qar alone complete after every save
 * (docs/architecture.md, 「日志模式」 explains the choice). Each policy runs the real store (db/store.ts) on the
 * same fixture-size workspace: 200 single-value edits (each one transaction with its change-log row), 50 paragraph
 * rewrites and 10 photos of 400 KB. Checkpointing policies checkpoint after every save, as the promise requires.
 * The WAL without checkpoints (what earlier versions did) is printed for reference only: it is fast because the
 * .qar is NOT complete after a save.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { openWorkspace, type WorkspaceSession } from '../../core/service';
import { createWorkspace } from '../../core/workspace-io';

export const name = '日志模式与保存延迟（.qar 单文件完整）';

interface Policy {
  label: string;
  setup(db: Database.Database): void;
  /** after each save (the checkpoint that makes the .qar complete) */
  after?(db: Database.Database): void;
}

const POLICIES: Policy[] = [
  {
    label: '回滚日志 DELETE + synchronous=FULL（采用）',
    setup: (db) => {
      db.pragma('journal_mode = DELETE');
      db.pragma('synchronous = FULL');
    },
  },
  {
    label: '回滚日志 TRUNCATE + synchronous=FULL',
    setup: (db) => {
      db.pragma('journal_mode = TRUNCATE');
      db.pragma('synchronous = FULL');
    },
  },
  {
    label: 'WAL + NORMAL，每次保存后 checkpoint(PASSIVE)',
    setup: (db) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    },
    after: (db) => db.pragma('wal_checkpoint(PASSIVE)'),
  },
  {
    label: 'WAL + FULL，每次保存后 checkpoint(TRUNCATE)',
    setup: (db) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    },
    after: (db) => db.pragma('wal_checkpoint(TRUNCATE)'),
  },
  {
    label: '（仅作对照）WAL + NORMAL，不做 checkpoint：保存后 .qar 不完整',
    setup: (db) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    },
  },
];

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `中位 ${q(0.5).toFixed(2)} ms，p90 ${q(0.9).toFixed(2)} ms，最长 ${s[s.length - 1]!.toFixed(1)} ms`;
}

function timed(s: WorkspaceSession, p: Policy, fn: () => void): number {
  const t0 = performance.now();
  fn();
  p.after?.(s.store.opened.db);
  return performance.now() - t0;
}

async function runPolicy(dir: string, p: Policy, i: number): Promise<void> {
  const path = join(dir, `策略${i}.qar`);
  createWorkspace(path, {
    profile: { name: '基准学校', level: '高职', category: '工科', reportYear: 2024 },
    framework: { id: 'cn-2024-gaozhi', version: 'bench' },
  });
  const s = await openWorkspace(path);
  try {
    const db = s.store.opened.db;
    p.setup(db);
    // a realistic amount of data first: 3 years × 400 values
    s.setValues(
      [2022, 2023, 2024].flatMap((year) =>
        Array.from({ length: 400 }, (_, k) => ({ year, indicatorId: `ind_${k}`, value: k + year })),
      ),
      'paste',
    );
    p.after?.(db);
    const values = Array.from({ length: 200 }, (_, k) =>
      timed(s, p, () => s.setValues([{ year: 2024, indicatorId: `ind_${k}`, value: k * 1.5 }], 'manual')),
    );
    const section = s.getWorkspace().sections[0]!;
    const block = s.createBlock(section.id, { kind: 'paragraph', lead: '段首句。', text: '' });
    const paragraphs = Array.from({ length: 50 }, (_, k) =>
      timed(s, p, () => s.updateBlock(block.id, { kind: 'paragraph', lead: '段首句。', text: `正文${k}`.repeat(300) })),
    );
    const photos = Array.from({ length: 10 }, () => {
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(400 * 1024)]);
      return timed(s, p, () => s.addAsset(jpeg, { mime: 'image/jpeg', width: 2400, height: 1600 }));
    });
    console.log(`${p.label}`);
    console.log(`  改一个数值（200 次）：${stats(values)}`);
    console.log(`  改写一段正文（50 次）：${stats(paragraphs)}`);
    console.log(`  添加 400 KB 照片（10 次）：${stats(photos)}`);
    // leave the file as the store expects it on close
    db.pragma('journal_mode = DELETE');
  } finally {
    s.close();
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qar-bench-journal-'));
  try {
    for (const [i, p] of POLICIES.entries()) await runPolicy(dir, p, i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
