/**
 * The edition tables of a .qar (migration db/migrations/*_editions.sql): the stored framework, the workspace's origin, last year's text as
 * reference and the case-title library; the report layout the school chose (migration 006). Row <-> model mapping through zod, like db/rows.ts; WorkspaceStore calls
 * these inside its own transactions.
 */
import type Database from 'better-sqlite3';
import * as z from 'zod';
import type { ValueMove } from '../core/framework/upgrade';
import {
  type CaseTitle,
  CaseTitle as CaseTitleSchema,
  ReferenceItem,
  type ReferenceText,
  ReferenceText as ReferenceTextSchema,
  ReportLayout,
  type StoredFramework,
  StoredFramework as StoredFrameworkSchema,
  type Workspace,
  type WorkspaceOrigin,
  WorkspaceOrigin as WorkspaceOriginSchema,
} from '../core/model';
import { damagedRow } from './rows';

export type { ValueMove };

export type EditionParts = Pick<
  Workspace,
  'storedFramework' | 'origin' | 'references' | 'caseLibrary' | 'reportLayout'
>;

interface StoredRow {
  framework_id: string;
  version: string;
  sha256: string;
  source_name: string;
  stored_at: string;
  json: string;
}
interface OriginRow {
  file_name: string;
  sha256: string;
  school: string;
  year: number;
  created_at: string;
}
interface ReferenceRow {
  id: string;
  year: number;
  chapter_key: string;
  chapter_title: string;
  section_key: string;
  section_title: string;
  chapter_id: string | null;
  section_id: string | null;
  ord: number;
  items: string;
}
interface CaseRow {
  year: number;
  chapter_key: string;
  section_key: string;
  title: string;
}

const Items = z.array(ReferenceItem);

export function readStoredFramework(db: Database.Database): StoredFramework | undefined {
  const r = db.prepare('SELECT * FROM stored_framework WHERE id = 1').get() as StoredRow | undefined;
  if (!r) return undefined;
  return StoredFrameworkSchema.parse({
    id: r.framework_id,
    version: r.version,
    sha256: r.sha256,
    sourceName: r.source_name,
    storedAt: r.stored_at,
    json: r.json,
  });
}

export function readOrigin(db: Database.Database): WorkspaceOrigin | undefined {
  const r = db.prepare('SELECT * FROM workspace_origin WHERE id = 1').get() as OriginRow | undefined;
  if (!r) return undefined;
  return WorkspaceOriginSchema.parse({
    fileName: r.file_name,
    sha256: r.sha256,
    school: r.school,
    year: r.year,
    createdAt: r.created_at,
  });
}

export function readReferences(db: Database.Database): ReferenceText[] {
  const rows = db.prepare('SELECT * FROM reference_texts ORDER BY ord, id').all() as ReferenceRow[];
  return rows.map((r) =>
    ReferenceTextSchema.parse({
      id: r.id,
      year: r.year,
      chapterKey: r.chapter_key,
      chapterTitle: r.chapter_title,
      sectionKey: r.section_key,
      sectionTitle: r.section_title,
      chapterId: r.chapter_id,
      sectionId: r.section_id,
      order: r.ord,
      items: Items.parse(JSON.parse(r.items)),
    }),
  );
}

export function readCaseLibrary(db: Database.Database): CaseTitle[] {
  const rows = db
    .prepare('SELECT * FROM case_library ORDER BY year, chapter_key, section_key, title')
    .all() as CaseRow[];
  return rows.map((r) =>
    CaseTitleSchema.parse({ year: r.year, chapterKey: r.chapter_key, sectionKey: r.section_key, title: r.title }),
  );
}

/** The edition parts of a workspace; empty parts are left out (older workspaces read exactly as before). */
export function readEditionParts(db: Database.Database): EditionParts {
  const out: EditionParts = {};
  const sf = readStoredFramework(db);
  if (sf) out.storedFramework = sf;
  const origin = readOrigin(db);
  if (origin) out.origin = origin;
  const refs = readReferences(db);
  if (refs.length) out.references = refs;
  const cases = readCaseLibrary(db);
  if (cases.length) out.caseLibrary = cases;
  const layout = readReportLayout(db);
  if (layout) out.reportLayout = layout;
  return out;
}

/** The report layout the school chose (migration 006), or undefined when it never chose one. */
export function readReportLayout(db: Database.Database): ReportLayout | undefined {
  const r = db.prepare('SELECT layout FROM report_settings WHERE id = 1').get() as { layout: unknown } | undefined;
  if (!r) return undefined;
  const p = ReportLayout.safeParse(r.layout);
  if (!p.success) {
    throw damagedRow(
      { table: 'report_settings', rowKey: 1, columns: {} },
      `版式「${String(r.layout).slice(0, 20)}」不是本程序的版式`,
    );
  }
  return p.data;
}

export function writeReportLayout(db: Database.Database, layout: ReportLayout): void {
  db.prepare(
    'INSERT INTO report_settings (id, layout) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET layout = excluded.layout',
  ).run(layout);
}

/** Replaces the stored framework (undefined: removes it). Call inside a transaction. */
export function writeStoredFramework(db: Database.Database, sf: StoredFramework | undefined): void {
  db.prepare('DELETE FROM stored_framework').run();
  if (!sf) return;
  db.prepare(
    'INSERT INTO stored_framework (id, framework_id, version, sha256, source_name, stored_at, json) VALUES (1, ?, ?, ?, ?, ?, ?)',
  ).run(sf.id, sf.version, sf.sha256, sf.sourceName, sf.storedAt, sf.json);
}

export function writeOrigin(db: Database.Database, o: WorkspaceOrigin): void {
  db.prepare(
    `INSERT INTO workspace_origin (id, file_name, sha256, school, year, created_at) VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET file_name = excluded.file_name, sha256 = excluded.sha256, school = excluded.school,
       year = excluded.year, created_at = excluded.created_at`,
  ).run(o.fileName, o.sha256, o.school, o.year, o.createdAt);
}

export function insertReferences(db: Database.Database, refs: readonly ReferenceText[]): void {
  const st = db.prepare(
    `INSERT INTO reference_texts (id, year, chapter_key, chapter_title, section_key, section_title, chapter_id, section_id, ord, items)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const r of refs) {
    st.run(
      r.id,
      r.year,
      r.chapterKey,
      r.chapterTitle,
      r.sectionKey,
      r.sectionTitle,
      r.chapterId,
      r.sectionId,
      r.order,
      JSON.stringify(r.items),
    );
  }
}

/** Adds case titles; a title already in the library for that year is kept once. */
export function insertCaseTitles(db: Database.Database, titles: readonly CaseTitle[]): number {
  const st = db.prepare(
    'INSERT OR IGNORE INTO case_library (year, chapter_key, section_key, title) VALUES (?, ?, ?, ?)',
  );
  let n = 0;
  for (const t of titles) n += st.run(t.year, t.chapterKey, t.sectionKey, t.title).changes;
  return n;
}

/** Writes the edition parts of an export into an EMPTY store (import). Call inside loadExport's transaction. */
export function loadEditionParts(db: Database.Database, parts: EditionParts): void {
  if (parts.storedFramework) writeStoredFramework(db, parts.storedFramework);
  if (parts.origin) writeOrigin(db, parts.origin);
  if (parts.references) insertReferences(db, parts.references);
  if (parts.caseLibrary) insertCaseTitles(db, parts.caseLibrary);
  if (parts.reportLayout) writeReportLayout(db, parts.reportLayout);
}

/**
 * Moves values to their new ids: the row keeps its value, note and source under the new id, and the change log
 * records both halves (old id → empty, new id ← value) as 'upgrade'. A move onto an id that already has a value is
 * refused by the caller's plan (core/framework/upgrade.ts), never overwritten here.
 */
export function moveValues(db: Database.Database, moves: readonly ValueMove[], at: string): void {
  const get = db.prepare(
    'SELECT value, note, source, not_applicable FROM indicator_values WHERE year = ? AND indicator_id = ?',
  );
  // the 「不适用」 mark moves with its value
  const put = db.prepare(
    `INSERT INTO indicator_values (year, indicator_id, value, note, source, updated_at, not_applicable)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const del = db.prepare('DELETE FROM indicator_values WHERE year = ? AND indicator_id = ?');
  const log = db.prepare(
    'INSERT INTO change_log (year, indicator_id, old_value, new_value, at, how) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const m of moves) {
    const row = get.get(m.year, m.from) as
      | { value: number | null; note: string; source: string; not_applicable: number }
      | undefined;
    if (!row) continue;
    put.run(m.year, m.to, row.value, row.note, row.source, at, row.not_applicable);
    del.run(m.year, m.from);
    log.run(m.year, m.from, row.value, null, at, 'upgrade');
    log.run(m.year, m.to, null, row.value, at, 'upgrade');
  }
}
