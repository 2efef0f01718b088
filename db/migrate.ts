/**
 * Numbered SQL migrations (db/migrations/NNN_name.sql). Each one runs in its own transaction together with its
 * schema_migrations row, the user_version bump and (for the first) the application_id stamp, so a crash leaves
 * the file at exactly one schema version.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { QarError } from '../core/errors';

/** 'QAR1' as a big-endian int: marks a SQLite file as ours (PRAGMA application_id, header offset 68). */
export const QAR_APPLICATION_ID = 0x51415231;

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Where the .sql files live; QAR_MIGRATIONS_DIR lets a packaged app point at its resources folder. */
export function migrationsDir(): string {
  return process.env.QAR_MIGRATIONS_DIR ?? join(dirname(fileURLToPath(import.meta.url)), 'migrations');
}

/** by folder: QAR_MIGRATIONS_DIR may point elsewhere (packaged app, tests with an extra migration) */
const cached = new Map<string, Migration[]>();

export function loadMigrations(dir = migrationsDir()): Migration[] {
  const hit = cached.get(dir);
  if (hit) return hit;
  const list = readdirSync(dir)
    .map((f) => ({ f, m: MIGRATION_FILE.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .map(({ f, m }) => ({ id: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.id - b.id);
  // ids must be 1..n without gaps: user_version N means "migrations 1..N applied".
  list.forEach((m, i) => {
    if (m.id !== i + 1) throw new Error(`migration numbering gap at ${m.id}`);
  });
  cached.set(dir, list);
  return list;
}

/** The schema version this build of the app writes. */
export function latestSchemaVersion(): number {
  return loadMigrations().length;
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Apply the pending migrations up to `target` (default: all). Returns the ids applied.
 * Callers back the file up first when it already holds data (db/open.ts).
 */
export function applyMigrations(db: Database.Database, target = latestSchemaVersion()): number[] {
  const from = userVersion(db);
  if (from > target) {
    throw new QarError('NEWER', `文件结构版本 ${from} 高于目标版本 ${target}，无法降级。`);
  }
  const applied: number[] = [];
  for (const m of loadMigrations().slice(from, target)) {
    const run = db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
        m.id,
        m.name,
        new Date().toISOString(),
      );
      if (m.id === 1) db.pragma(`application_id = ${QAR_APPLICATION_ID}`);
      db.pragma(`user_version = ${m.id}`);
    });
    run.immediate();
    applied.push(m.id);
  }
  return applied;
}
