/**
 * The only place that opens SQLite connections. Every connection — to a workspace, its temporary copies, its
 * lock file, the in-memory reference schema — gets `trusted_schema = OFF` first, so SQL stored in a file (views,
 * triggers, defaults, CHECKs) may not call functions with side effects even before the schema check refuses it.
 */
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';

/**
 * Its CommonJS entry, required rather than imported as an ES module: for an ES import Node parses the package's
 * CommonJS sources to find their exports (cjs-module-lexer), ~5 ms at every start of a command, which `qar report`
 * spends before its first photo can begin (issue #16). The same library and the same class either way.
 */
const BetterSqlite3 = createRequire(import.meta.url)('better-sqlite3') as typeof Database;

export const BUSY_TIMEOUT_MS = 5000;

export interface ConnectOptions {
  readonly?: boolean;
  /** create the file when absent (default: it must exist) */
  create?: boolean;
  /** busy timeout in ms (default BUSY_TIMEOUT_MS) */
  timeout?: number;
}

export function connect(path: string, opts: ConnectOptions = {}): Database.Database {
  const db = new BetterSqlite3(path, {
    readonly: opts.readonly ?? false,
    fileMustExist: !opts.create,
    timeout: opts.timeout ?? BUSY_TIMEOUT_MS,
  });
  try {
    db.pragma('trusted_schema = OFF');
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** The code SQLite gave an error (better-sqlite3 puts the extended code, e.g. SQLITE_IOERR_WRITE). */
export function sqliteCode(e: unknown): string {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : '';
}
