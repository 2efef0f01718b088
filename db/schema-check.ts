/**
 * Schema verification: a .qar may hold exactly the tables, columns, indexes (and no triggers or views) that our
 * migrations 1..v create, for its version v. The expected schema is DERIVED by running those migrations on an
 * in-memory database, so a new migration needs no second list. Anything else — a trigger that rewrites values,
 * a view, an extra table or column, a changed CHECK — means SQL we did not write, and the file is refused before
 * any statement of ours could fire it.
 */
import type Database from 'better-sqlite3';
import { QarError } from '../core/errors';
import { connect } from './connect';
import { applyMigrations, migrationsDir } from './migrate';

interface SchemaObject {
  type: string;
  name: string;
  tblName: string;
  /** normalised CREATE statement (null for automatic indexes) */
  sql: string | null;
  /** for tables: their columns as SQLite reports them */
  columns?: string[];
}

const TYPE_ZH: Record<string, string> = { table: '表', index: '索引', trigger: '触发器', view: '视图' };

/**
 * Comments out, whitespace collapsed, no blanks around punctuation: two spellings of one statement compare equal.
 * Quoted literals and identifiers are kept exactly as written.
 */
export function normalizeSql(sql: string): string {
  // our placeholder character inside stored SQL is never ours; keep such text as is (it then matches nothing we expect)
  if (sql.includes('\uE000')) return sql;
  const literals: string[] = [];
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (ch === "'" || ch === '"' || ch === '`' || ch === '[') {
      const close = ch === '[' ? ']' : ch;
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] !== close) j++;
        else if (close !== ']' && sql[j + 1] === close) j += 2;
        else break;
      }
      literals.push(sql.slice(i, j + 1));
      out += `\uE000${literals.length - 1}\uE000`;
      i = j + 1;
    } else if (ch === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
      out += ' ';
    } else if (ch === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
      out += ' ';
    } else {
      out += ch;
      i++;
    }
  }
  return out
    .replace(/\s+/g, ' ')
    .replace(/ ?([(),;=]) ?/g, '$1')
    .trim()
    .replace(/\uE000(\d+)\uE000/g, (_, n: string) => literals[Number(n)]!);
}

function readSchema(db: Database.Database): Map<string, SchemaObject> {
  const rows = db.prepare('SELECT type, name, tbl_name AS tblName, sql FROM sqlite_schema ORDER BY name').all() as {
    type: string;
    name: string;
    tblName: string;
    sql: string | null;
  }[];
  const out = new Map<string, SchemaObject>();
  for (const r of rows) {
    const o: SchemaObject = { ...r, sql: r.sql === null ? null : normalizeSql(r.sql) };
    if (r.type === 'table') {
      // table_xinfo also lists hidden/generated columns; the quoted name is safe: it comes from sqlite_schema
      const cols = db.prepare(`SELECT * FROM pragma_table_xinfo(?)`).all(r.name) as Record<string, unknown>[];
      o.columns = cols.map((c) => JSON.stringify([c.name, c.type, c.notnull, c.dflt_value, c.pk, c.hidden]));
    }
    out.set(`${r.type}:${r.name}`, o);
  }
  return out;
}

const expectedCache = new Map<string, Map<string, SchemaObject>>();

/** The schema migrations 1..version create, read back from an in-memory database. */
export function expectedSchema(version: number): Map<string, SchemaObject> {
  const key = `${migrationsDir()}#${version}`;
  const hit = expectedCache.get(key);
  if (hit) return hit;
  const mem = connect(':memory:', { create: true });
  try {
    applyMigrations(mem, version);
    const s = readSchema(mem);
    expectedCache.set(key, s);
    return s;
  } finally {
    mem.close();
  }
}

/** What differs between the file's schema and the expected one, as Chinese phrases (empty: identical). */
export function schemaDifferences(db: Database.Database, version: number): string[] {
  const want = expectedSchema(version);
  const have = readSchema(db);
  const diffs: string[] = [];
  for (const [key, o] of have) {
    const w = want.get(key);
    const what = `${TYPE_ZH[o.type] ?? o.type}「${o.name}」`;
    if (!w) diffs.push(`多出${what}`);
    else if (w.sql !== o.sql || w.tblName !== o.tblName) diffs.push(`${what}的定义被改动`);
    else if (JSON.stringify(w.columns) !== JSON.stringify(o.columns)) diffs.push(`${what}的列被改动`);
  }
  for (const [key, w] of want) {
    if (!have.has(key)) diffs.push(`缺少${TYPE_ZH[w.type] ?? w.type}「${w.name}」`);
  }
  return diffs;
}

/**
 * Schemas already found identical to ours in this process, by version and the exact text of sqlite_schema. Safe to
 * trust: SQLite builds every table's columns (what table_xinfo reports) by parsing that text, so the same text
 * gives the same verdict. Saves the per-table column reads that cost ~1.4 ms a file (issue #16: a review of 1 000
 * schools opened 1 000 files of one schema). Bounded: a hostile folder of many schemas only misses.
 */
const verifiedSchemas = new Set<string>();
const MAX_VERIFIED_SCHEMAS = 32;

function rawSchemaKey(db: Database.Database, version: number): string {
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name').raw().all();
  return `${migrationsDir()}#${version}\u0000${JSON.stringify(rows)}`;
}

const expectedRawKeys = new Map<string, string>();

/**
 * The exact text of sqlite_schema that migrations 1..version write (read back from an in-memory database, once per
 * process): a file whose text is this very text has our schema, as its per-table comparison would find (same text,
 * same columns, see verifiedSchemas), without reading every table's columns on both sides (~15 ms of a one-file
 * command's start, before its photos can start). A file written by another release may spell a statement
 * differently: it gets the full comparison, whose verdict decides.
 */
function expectedRawKey(version: number): string {
  const cacheKey = `${migrationsDir()}#${version}`;
  const hit = expectedRawKeys.get(cacheKey);
  if (hit !== undefined) return hit;
  const mem = connect(':memory:', { create: true });
  try {
    applyMigrations(mem, version);
    const key = rawSchemaKey(mem, version);
    expectedRawKeys.set(cacheKey, key);
    return key;
  } finally {
    mem.close();
  }
}

/** Refuses (QarError FOREIGN) a file whose schema is not exactly ours for its version. */
export function verifySchema(db: Database.Database, version: number, fileLabel: string): void {
  const key = rawSchemaKey(db, version);
  if (verifiedSchemas.has(key)) return;
  if (key === expectedRawKey(version)) {
    if (verifiedSchemas.size < MAX_VERIFIED_SCHEMAS) verifiedSchemas.add(key);
    return;
  }
  const diffs = schemaDifferences(db, version);
  if (diffs.length === 0) {
    if (verifiedSchemas.size < MAX_VERIFIED_SCHEMAS) verifiedSchemas.add(key);
    return;
  }
  const shown = diffs.slice(0, 3).join('、') + (diffs.length > 3 ? `等 ${diffs.length} 处` : '');
  throw new QarError(
    'FOREIGN',
    `${fileLabel}的数据库结构与本程序写入的不一致（${shown}），可能被其他程序改动过。为安全起见没有打开，文件未做任何改动。请向文件提供者重新索取由质量年报工作台保存的文件。`,
  );
}
