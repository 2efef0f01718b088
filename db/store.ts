/**
 * WorkspaceStore: the repository over one open .qar. Maps rows to the zod model (core/model.ts), validates
 * every write with the same schemas, and keeps each user action in one transaction. Read-only stores refuse
 * writes with QarError READ_ONLY before touching SQLite.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { QarError } from '../core/errors';
import { diskFullError, isDiskFull } from '../core/fs/disk-errors';
import type { EditAction, EditHow, EditKind } from '../core/history/model';
import {
  AssetMeta,
  type Block,
  BlockContent,
  CaseTitle,
  type ChangeEntry,
  type Chapter,
  CommentTarget,
  FrameworkRef,
  Id,
  ImageMime,
  type IndicatorValue,
  ReferenceText,
  ReportLayout,
  ReportYearInfo,
  type ReviewComment,
  SchoolProfile,
  type Section,
  StoredFramework,
  ValueChange,
  ValueSource,
  type Workspace,
  type WorkspaceExport,
  WorkspaceOrigin,
  Year,
} from '../core/model';
import { parseOrBadInput } from '../core/workspace/zod-message';
import { sqliteCode } from './connect';
import {
  insertCaseTitles,
  insertReferences,
  loadEditionParts,
  moveValues,
  readEditionParts,
  readOrigin,
  readReportLayout,
  readStoredFramework,
  type ValueMove,
  writeOrigin,
  writeReportLayout,
  writeStoredFramework,
} from './edition-store';
import { checkFailed, closeDatabase, type OpenedDb, type OpenOptions, openDatabase, sqliteProblem } from './open';
import {
  type AssetRow,
  type BlockRow,
  type ChangeRow,
  type ChapterRow,
  type CommentRow,
  type ProfileRow,
  type SectionRow,
  toAsset,
  toBlock,
  toChange,
  toChapter,
  toComment,
  toFrameworkRef,
  toProfile,
  toSection,
  toValue,
  toYear,
  type ValueRow,
  type YearRow,
} from './rows';

export { ValueChange };

export interface SetValuesResult {
  /** rows inserted or updated (value, note or source differed) */
  written: number;
  /** change-log rows added (the value itself differed) */
  logged: number;
}

export interface ChangeLogFilter {
  year?: number;
  indicatorId?: string;
  /** newest first, at most this many */
  limit?: number;
}

export const MAX_ASSET_BYTES = 20 * 1024 * 1024;

export const NewAsset = z.object({
  id: Id.optional(),
  mime: ImageMime,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  caption: z.string().max(200).default(''),
  credit: z.string().max(200).default(''),
});
export type NewAsset = z.input<typeof NewAsset>;

export const NewComment = z.object({
  parentId: Id.nullable().default(null),
  target: CommentTarget,
  author: z.string().max(100),
  body: z.string().min(1).max(5000),
});
export type NewComment = z.input<typeof NewComment>;

export const ChapterInput = z.object({
  year: Year,
  key: z.string().max(50),
  title: z.string().min(1).max(100),
  intro: z.string().max(5000).default(''),
});
export const SectionInput = z.object({
  key: z.string().max(50).default(''),
  title: z.string().min(1).max(100),
});

const newId = (): string => randomUUID();
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function sameValue(a: number | null | undefined, b: number | null): boolean {
  return (a ?? null) === b;
}

function isRealNumberOrNull(v: unknown): boolean {
  return v === null || (typeof v === 'number' && Number.isFinite(v));
}

function sniffMime(b: Uint8Array): string | undefined {
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  return undefined;
}

export class WorkspaceStore {
  readonly readonly: boolean;
  private readonly now: () => string;

  constructor(
    readonly opened: OpenedDb,
    opts: { now?: () => string } = {},
  ) {
    this.readonly = opened.readonly;
    this.now = opts.now ?? (() => new Date().toISOString());
  }

  /** Opens an existing .qar (see db/open.ts for what is refused and how older files are migrated). */
  static async open(path: string, opts: OpenOptions = {}): Promise<WorkspaceStore> {
    return new WorkspaceStore(await openDatabase(path, opts));
  }

  private get db() {
    return this.opened.db;
  }

  get path(): string {
    return this.opened.path;
  }

  get schemaVersion(): number {
    return this.opened.schemaVersion;
  }

  close(): void {
    closeDatabase(this.opened);
  }

  private writable(): void {
    if (this.readonly) {
      throw new QarError('READ_ONLY', '工作区以只读方式打开，不能修改。如需修改，请以读写方式打开该文件。');
    }
  }

  /** how edits made now are logged in edit_log (restores are logged as 'restore') */
  private editHow: EditHow = 'manual';

  /** Runs `fn` with its edits logged as `how` (db/history.ts restores through the same methods). */
  withHow<T>(how: EditHow, fn: () => T): T {
    const prev = this.editHow;
    this.editHow = how;
    try {
      return fn();
    } finally {
      this.editHow = prev;
    }
  }

  /** One edit_log row, in the caller's transaction: enough to put the target back as it was (db/history.ts). */
  private logEdit(
    kind: EditKind,
    action: EditAction,
    targetId: string | number,
    before: unknown,
    after: unknown,
  ): void {
    this.db
      .prepare('INSERT INTO edit_log (at, how, kind, action, target_id, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(
        this.now(),
        this.editHow,
        kind,
        action,
        String(targetId),
        before === null || before === undefined ? null : JSON.stringify(before),
        after === null || after === undefined ? null : JSON.stringify(after),
      );
  }

  /** A chapter with everything under it, as logged when it is deleted. */
  private chapterTree(id: string): { chapter: Chapter; sections: Section[]; blocks: Block[] } {
    const chapter = this.chapter(id);
    const sections = this.getSections(id);
    return { chapter, sections, blocks: sections.flatMap((x) => this.getBlocks(x.id)) };
  }

  private tx<T>(fn: () => T): T {
    this.writable();
    try {
      return this.db.transaction(fn).immediate();
    } catch (e) {
      if (e instanceof QarError) throw e;
      // environment problems become Chinese messages; anything else (a constraint we failed to pre-check) is a bug
      if (isDiskFull(e)) throw diskFullError(this.path, e, '这次修改没有保存，之前保存的内容不受影响。');
      const code = sqliteCode(e);
      if (/^SQLITE_(BUSY|LOCKED|CORRUPT|NOTADB|READONLY|CANTOPEN|PERM|IOERR)/.test(code)) {
        throw sqliteProblem(this.path, e);
      }
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------- whole workspace

  /** One consistent read: a save from another connection cannot land between the tables. */
  getWorkspace(): Workspace {
    return this.readTransaction(() => this.readWorkspace());
  }

  /**
   * `fn` in one read transaction (inside a transaction already open: in that one): reads that must agree with each
   * other (getWorkspace, the summary of `qar info`) see one state of the file, never a save from another connection
   * landing between them. A plain BEGIN and COMMIT, not db.transaction(): its first use on a connection prepares
   * nine statements, 0.3 ms against 0.03 ms measured, and a review or district draft opens one connection per
   * school (about 2–3 % of a review of 1 000).
   */
  readTransaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.db.exec('BEGIN');
    let result: T;
    try {
      result = fn();
    } catch (e) {
      // the read's own error is the one to report, whatever ending the transaction says
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      } catch {}
      throw e;
    }
    this.db.exec('COMMIT');
    return result;
  }

  private readWorkspace(): Workspace {
    // the school and its framework are one row: read once (a review reads 1 000 files)
    const profileRow = this.profileRow();
    return {
      profile: toProfile(profileRow),
      framework: toFrameworkRef(profileRow),
      years: this.getYears(),
      values: this.getValues(),
      chapters: this.getChapters(),
      sections: this.getSections(),
      blocks: this.getBlocks(),
      assets: this.getAssets(),
      comments: this.getComments(),
      ...readEditionParts(this.db),
    };
  }

  counts(): {
    years: number;
    values: number;
    chapters: number;
    sections: number;
    blocks: number;
    assets: number;
    comments: number;
    changes: number;
  } {
    // NOT INDEXED: counted on the rows themselves, never on an index that a 'read' open did not check (db/open.ts)
    const c = (t: string) => (this.db.prepare(`SELECT count(*) AS n FROM ${t} NOT INDEXED`).get() as { n: number }).n;
    return {
      years: c('report_years'),
      values: c('indicator_values'),
      chapters: c('chapters'),
      sections: c('sections'),
      blocks: c('blocks'),
      assets: c('assets'),
      comments: c('comments'),
      changes: c('change_log'),
    };
  }

  /** Fills an EMPTY store from an export (used by import); rows keep their ids, times and change-log entries. */
  loadExport(exp: WorkspaceExport): void {
    this.tx(() => {
      if ((this.db.prepare('SELECT count(*) AS n FROM profile').get() as { n: number }).n > 0) {
        throw new QarError('CONFLICT', '目标工作区不是空的，不能导入。');
      }
      this.writeProfileRow(exp.profile, exp.framework);
      const y = this.db.prepare('INSERT INTO report_years (year, has_graduates, note) VALUES (?, ?, ?)');
      for (const r of exp.years) y.run(r.year, r.hasGraduates ? 1 : 0, r.note);
      const v = this.db.prepare(
        `INSERT INTO indicator_values (year, indicator_id, value, note, source, updated_at, not_applicable)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const r of exp.values) {
        v.run(
          r.year,
          r.indicatorId,
          r.value,
          r.note,
          r.source,
          r.updatedAt,
          r.notApplicable && r.value === null ? 1 : 0,
        );
      }
      const l = this.db.prepare(
        'INSERT INTO change_log (id, year, indicator_id, old_value, new_value, at, how) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const r of exp.changes) l.run(r.id, r.year, r.indicatorId, r.oldValue, r.newValue, r.at, r.how);
      const ch = this.db.prepare('INSERT INTO chapters (id, year, key, title, ord, intro) VALUES (?, ?, ?, ?, ?, ?)');
      for (const r of exp.chapters) ch.run(r.id, r.year, r.key, r.title, r.order, r.intro);
      const s = this.db.prepare('INSERT INTO sections (id, chapter_id, key, title, ord) VALUES (?, ?, ?, ?, ?)');
      for (const r of exp.sections) s.run(r.id, r.chapterId, r.key, r.title, r.order);
      const b = this.db.prepare('INSERT INTO blocks (id, section_id, ord, content, updated_at) VALUES (?, ?, ?, ?, ?)');
      for (const r of exp.blocks) b.run(r.id, r.sectionId, r.order, JSON.stringify(r.content), r.updatedAt);
      const a = this.db.prepare(
        'INSERT INTO assets (id, mime, width, height, bytes, sha256, caption, credit, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const r of exp.assets) {
        const data = Buffer.from(exp.assetData[r.id] ?? '', 'base64');
        a.run(r.id, r.mime, r.width, r.height, r.bytes, r.sha256, r.caption, r.credit, r.createdAt, data);
      }
      // parents before replies: insert in an order where each parent already exists
      const pending = [...exp.comments];
      const done = new Set<string>();
      const c = this.db.prepare(
        'INSERT INTO comments (id, parent_id, target, author, body, status, created_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      while (pending.length > 0) {
        const i = pending.findIndex((x) => x.parentId === null || done.has(x.parentId));
        if (i < 0) throw new QarError('BAD_INPUT', '批注的回复关系有循环或指向不存在的批注。');
        const r = pending.splice(i, 1)[0]!;
        c.run(r.id, r.parentId, JSON.stringify(r.target), r.author, r.body, r.status, r.createdAt, r.resolvedAt);
        done.add(r.id);
      }
      loadEditionParts(this.db, exp);
    });
  }

  // ---------------------------------------------------------------------------------------------- editions (migration *_editions.sql)

  /** The framework stored inside the workspace (a province's file), if any. */
  getStoredFramework(): StoredFramework | undefined {
    return readStoredFramework(this.db);
  }

  /** Where the workspace came from (last year's file), if it was made from one. */
  getOrigin(): WorkspaceOrigin | undefined {
    return readOrigin(this.db);
  }

  /**
   * Switches the workspace to another framework in ONE transaction: the profile's reference, the stored copy
   * (undefined for a builtin framework: any stored copy is removed) and the value moves of an upgrade (each
   * logged as 'upgrade'). Nothing is deleted: a value whose indicator the new framework lacks stays stored.
   */
  switchFramework(ref: FrameworkRef, stored: StoredFramework | undefined, moves: readonly ValueMove[] = []): void {
    const f = parseOrBadInput(FrameworkRef, ref, '指标体系');
    const sf = stored === undefined ? undefined : StoredFramework.parse(stored);
    const at = this.now();
    this.tx(() => {
      this.profileRow();
      this.db.prepare('UPDATE profile SET framework_id = ?, framework_version = ? WHERE id = 1').run(f.id, f.version);
      writeStoredFramework(this.db, sf);
      moveValues(this.db, moves, at);
    });
  }

  /** Records where the workspace came from (a new workspace made from last year's file). */
  setOrigin(origin: WorkspaceOrigin): void {
    const o = WorkspaceOrigin.parse(origin);
    this.tx(() => writeOrigin(this.db, o));
  }

  /**
   * The layout the school chose for its report, kept in the file so a copied .qar prints the same way. A print
   * setting, not content: not an entry in 历史版本.
   */
  getReportLayout(): ReportLayout | undefined {
    return readReportLayout(this.db);
  }
  setReportLayout(layout: ReportLayout): ReportLayout {
    const l = parseOrBadInput(ReportLayout, layout, '版式');
    this.tx(() => writeReportLayout(this.db, l));
    return l;
  }

  addReferences(refs: readonly ReferenceText[], caseTitles: readonly CaseTitle[] = []): void {
    const r = refs.map((x) => ReferenceText.parse(x));
    const c = caseTitles.map((x) => CaseTitle.parse(x));
    this.tx(() => {
      insertReferences(this.db, r);
      insertCaseTitles(this.db, c);
    });
  }

  // ---------------------------------------------------------------------------------------------- profile, framework

  private profileRow(): ProfileRow {
    const r = this.db.prepare('SELECT * FROM profile WHERE id = 1').get() as ProfileRow | undefined;
    if (!r) throw new QarError('CORRUPT', '工作区缺少学校基本信息，文件可能不完整。请改用备份文件。');
    return r;
  }

  private writeProfileRow(p: SchoolProfile, f: FrameworkRef): void {
    this.db
      .prepare(
        `INSERT INTO profile (id, name, code, level, category, region, report_year, framework_id, framework_version)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, code = excluded.code, level = excluded.level,
           category = excluded.category, region = excluded.region, report_year = excluded.report_year,
           framework_id = excluded.framework_id, framework_version = excluded.framework_version`,
      )
      .run(p.name, p.code, p.level, p.category, p.region, p.reportYear, f.id, f.version);
  }

  getProfile(): SchoolProfile {
    return toProfile(this.profileRow());
  }

  /** Creates the profile row when absent (a new workspace); the framework ref must then be given too. */
  setProfile(profile: z.input<typeof SchoolProfile>, framework?: FrameworkRef): SchoolProfile {
    const p = parseOrBadInput(SchoolProfile, profile, '学校信息');
    this.tx(() => {
      const existing = this.db.prepare('SELECT framework_id, framework_version FROM profile WHERE id = 1').get() as
        | { framework_id: string; framework_version: string }
        | undefined;
      const f =
        framework ?? (existing ? { id: existing.framework_id, version: existing.framework_version } : undefined);
      if (!f) throw new QarError('BAD_INPUT', '新建工作区时必须指定指标体系。');
      const before = existing ? { profile: this.getProfile() } : null;
      this.writeProfileRow(p, parseOrBadInput(FrameworkRef, f, '指标体系'));
      if (JSON.stringify(before?.profile) !== JSON.stringify(p)) {
        this.logEdit('profile', existing ? 'update' : 'create', 1, before, { profile: p });
      }
    });
    return p;
  }

  getFramework(): FrameworkRef {
    return toFrameworkRef(this.profileRow());
  }

  setFramework(ref: FrameworkRef): FrameworkRef {
    const f = parseOrBadInput(FrameworkRef, ref, '指标体系');
    this.tx(() => {
      const before = this.getFramework();
      this.db.prepare('UPDATE profile SET framework_id = ?, framework_version = ? WHERE id = 1').run(f.id, f.version);
      if (before.id !== f.id || before.version !== f.version) this.logEdit('framework', 'update', 1, before, f);
    });
    return f;
  }

  // ---------------------------------------------------------------------------------------------- years

  getYears(): ReportYearInfo[] {
    return (this.db.prepare('SELECT * FROM report_years ORDER BY year').all() as YearRow[]).map(toYear);
  }

  /** Adds or updates a year. */
  putYear(info: z.input<typeof ReportYearInfo>): ReportYearInfo {
    const y = parseOrBadInput(ReportYearInfo, info, '年度');
    this.tx(() => {
      const before = this.getYears().find((x) => x.year === y.year) ?? null;
      if (JSON.stringify(before) !== JSON.stringify(y)) {
        this.logEdit('year', before ? 'update' : 'create', y.year, before, y);
      }
      this.db
        .prepare(
          `INSERT INTO report_years (year, has_graduates, note) VALUES (?, ?, ?)
           ON CONFLICT (year) DO UPDATE SET has_graduates = excluded.has_graduates, note = excluded.note`,
        )
        .run(y.year, y.hasGraduates ? 1 : 0, y.note);
    });
    return y;
  }

  /** Removes a year that holds no values and no chapters (refuses otherwise: nothing is deleted silently). */
  deleteYear(year: number): void {
    this.tx(() => {
      const used = this.db
        .prepare(
          `SELECT (SELECT count(*) FROM indicator_values WHERE year = ?) + (SELECT count(*) FROM chapters WHERE year = ?) AS n`,
        )
        .get(year, year) as { n: number };
      if (used.n > 0) {
        throw new QarError('CONFLICT', `${year}年度已有数据或报告章节，不能删除。请先清除该年度的数据和章节。`);
      }
      const before = this.getYears().find((x) => x.year === year);
      const r = this.db.prepare('DELETE FROM report_years WHERE year = ?').run(year);
      if (r.changes === 0) throw new QarError('NOT_FOUND', `工作区中没有${year}年度。`);
      this.logEdit('year', 'delete', year, before, null);
    });
  }

  // ---------------------------------------------------------------------------------------------- values

  getValues(year?: number): IndicatorValue[] {
    const rows =
      year === undefined
        ? this.db.prepare('SELECT * FROM indicator_values ORDER BY year, indicator_id').all()
        : this.db.prepare('SELECT * FROM indicator_values WHERE year = ? ORDER BY indicator_id').all(year);
    return (rows as ValueRow[]).map(toValue);
  }

  /**
   * Writes many cells in ONE transaction: all or nothing. A change-log row is added for each cell whose value
   * actually changed (absent and null count as the same). Non-finite numbers and unknown years are refused
   * before anything is written.
   */
  setValues(changes: readonly ValueChange[], how: ValueSource): SetValuesResult {
    this.writable();
    const source = parseOrBadInput(ValueSource, how, '数据来源方式');
    changes.forEach((c, i) => {
      if (c && typeof c === 'object' && !isRealNumberOrNull((c as { value: unknown }).value)) {
        const v = (c as { value: unknown }).value;
        throw new QarError(
          'BAD_INPUT',
          `第 ${i + 1} 项（${String(c.year)}年 ${String(c.indicatorId)}）的值「${String(v)}」不是有效数字，请填写数字或留空。没有保存任何修改。`,
        );
      }
    });
    const parsed = changes.map((c, i) => parseOrBadInput(ValueChange, c, `第 ${i + 1} 项修改`, '没有保存任何修改。'));
    const at = this.now();
    return this.tx(() => {
      const years = new Set(this.getYears().map((y) => y.year));
      const get = this.db.prepare('SELECT * FROM indicator_values WHERE year = ? AND indicator_id = ?');
      const put = this.db.prepare(
        `INSERT INTO indicator_values (year, indicator_id, value, note, source, updated_at, not_applicable)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (year, indicator_id) DO UPDATE SET value = excluded.value, note = excluded.note,
           source = excluded.source, updated_at = excluded.updated_at, not_applicable = excluded.not_applicable`,
      );
      const log = this.db.prepare(
        'INSERT INTO change_log (year, indicator_id, old_value, new_value, at, how) VALUES (?, ?, ?, ?, ?, ?)',
      );
      let written = 0;
      let logged = 0;
      for (const c of parsed) {
        if (!years.has(c.year)) {
          throw new QarError('BAD_INPUT', `${c.year}年度不在本工作区的年度列表中，请先添加该年度。没有保存任何修改。`);
        }
        const old = get.get(c.year, c.indicatorId) as ValueRow | undefined;
        const note = c.note ?? old?.note ?? '';
        const src = c.source ?? old?.source ?? '';
        const na = notApplicableAfter(c, old, note);
        const valueChanged = !sameValue(old?.value, c.value);
        if (!old || valueChanged || note !== old.note || src !== old.source || na !== (old.not_applicable === 1)) {
          put.run(c.year, c.indicatorId, c.value, note, src, at, na ? 1 : 0);
          written++;
        }
        if (valueChanged) {
          log.run(c.year, c.indicatorId, old?.value ?? null, c.value, at, source);
          logged++;
        }
      }
      return { written, logged };
    });
  }

  getChangeLog(filter: ChangeLogFilter = {}): ChangeEntry[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.year !== undefined) {
      where.push('year = ?');
      args.push(filter.year);
    }
    if (filter.indicatorId !== undefined) {
      where.push('indicator_id = ?');
      args.push(filter.indicatorId);
    }
    const limit = filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '';
    const order = filter.limit !== undefined ? 'id DESC' : 'id';
    const sql = `SELECT * FROM change_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order}${limit}`;
    return (this.db.prepare(sql).all(...args) as ChangeRow[]).map(toChange);
  }

  // ---------------------------------------------------------------------------------------------- chapters

  getChapters(year?: number): Chapter[] {
    const rows =
      year === undefined
        ? this.db.prepare('SELECT * FROM chapters ORDER BY year, ord, id').all()
        : this.db.prepare('SELECT * FROM chapters WHERE year = ? ORDER BY ord, id').all(year);
    return (rows as ChapterRow[]).map(toChapter);
  }

  private chapter(id: string): Chapter {
    const r = this.db.prepare('SELECT * FROM chapters WHERE id = ?').get(id) as ChapterRow | undefined;
    if (!r) throw new QarError('NOT_FOUND', '找不到该章节，可能已被删除。');
    return toChapter(r);
  }

  /** Appends a chapter at the end of its year (or at `index`). */
  createChapter(input: z.input<typeof ChapterInput>, index?: number): Chapter {
    const c = parseOrBadInput(ChapterInput, input, '章节');
    const id = newId();
    this.tx(() => {
      if (!this.getYears().some((y) => y.year === c.year)) {
        throw new QarError('BAD_INPUT', `${c.year}年度不在本工作区的年度列表中，请先添加该年度。`);
      }
      const ids = this.getChapters(c.year).map((x) => x.id);
      this.db
        .prepare('INSERT INTO chapters (id, year, key, title, ord, intro) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, c.year, c.key, c.title, ids.length, c.intro);
      ids.splice(index ?? ids.length, 0, id);
      this.renumber('chapters', ids);
      this.logEdit('chapter', 'create', id, null, { chapter: this.chapter(id) });
    });
    return this.chapter(id);
  }

  updateChapter(id: string, patch: { title?: string; intro?: string; key?: string }): Chapter {
    const cur = this.chapter(id);
    const next = parseOrBadInput(ChapterInput, { ...cur, ...patch }, '章节');
    this.tx(() => {
      this.db
        .prepare('UPDATE chapters SET key = ?, title = ?, intro = ? WHERE id = ?')
        .run(next.key, next.title, next.intro, id);
      const after = this.chapter(id);
      if (JSON.stringify(after) !== JSON.stringify(cur))
        this.logEdit('chapter', 'update', id, { chapter: cur }, { chapter: after });
    });
    return this.chapter(id);
  }

  /** Deletes a chapter with its sections and blocks. */
  deleteChapter(id: string): void {
    this.tx(() => {
      const tree = this.chapterTree(id);
      const ch = tree.chapter;
      this.db.prepare('DELETE FROM chapters WHERE id = ?').run(id);
      this.logEdit('chapter', 'delete', id, tree, null);
      this.renumber(
        'chapters',
        this.getChapters(ch.year).map((x) => x.id),
      );
    });
  }

  reorderChapters(year: number, ids: readonly string[]): void {
    this.tx(() => {
      const before = this.getChapters(year).map((x) => x.id);
      this.checkPermutation(before, ids, '章节');
      this.renumber('chapters', ids);
      if (before.join() !== ids.join()) this.logEdit('chapter', 'reorder', year, { ids: before }, { ids });
    });
  }

  // ---------------------------------------------------------------------------------------------- sections

  getSections(chapterId?: string): Section[] {
    const rows =
      chapterId === undefined
        ? this.db
            .prepare(
              'SELECT s.* FROM sections s JOIN chapters c ON c.id = s.chapter_id ORDER BY c.year, c.ord, c.id, s.ord, s.id',
            )
            .all()
        : this.db.prepare('SELECT * FROM sections WHERE chapter_id = ? ORDER BY ord, id').all(chapterId);
    return (rows as SectionRow[]).map(toSection);
  }

  private section(id: string): Section {
    const r = this.db.prepare('SELECT * FROM sections WHERE id = ?').get(id) as SectionRow | undefined;
    if (!r) throw new QarError('NOT_FOUND', '找不到该小节，可能已被删除。');
    return toSection(r);
  }

  createSection(chapterId: string, input: z.input<typeof SectionInput>, index?: number): Section {
    const s = parseOrBadInput(SectionInput, input, '小节');
    const id = newId();
    this.tx(() => {
      this.chapter(chapterId);
      const ids = this.getSections(chapterId).map((x) => x.id);
      this.db
        .prepare('INSERT INTO sections (id, chapter_id, key, title, ord) VALUES (?, ?, ?, ?, ?)')
        .run(id, chapterId, s.key, s.title, ids.length);
      ids.splice(index ?? ids.length, 0, id);
      this.renumber('sections', ids);
      this.logEdit('section', 'create', id, null, { section: this.section(id) });
    });
    return this.section(id);
  }

  updateSection(id: string, patch: { title?: string; key?: string }): Section {
    const cur = this.section(id);
    const next = parseOrBadInput(SectionInput, { ...cur, ...patch }, '小节');
    this.tx(() => {
      this.db.prepare('UPDATE sections SET key = ?, title = ? WHERE id = ?').run(next.key, next.title, id);
      const after = this.section(id);
      if (JSON.stringify(after) !== JSON.stringify(cur))
        this.logEdit('section', 'update', id, { section: cur }, { section: after });
    });
    return this.section(id);
  }

  deleteSection(id: string): void {
    this.tx(() => {
      const s = this.section(id);
      this.logEdit('section', 'delete', id, { section: s, blocks: this.getBlocks(id) }, null);
      this.db.prepare('DELETE FROM sections WHERE id = ?').run(id);
      this.renumber(
        'sections',
        this.getSections(s.chapterId).map((x) => x.id),
      );
    });
  }

  reorderSections(chapterId: string, ids: readonly string[]): void {
    this.tx(() => {
      const before = this.getSections(chapterId).map((x) => x.id);
      this.checkPermutation(before, ids, '小节');
      this.renumber('sections', ids);
      if (before.join() !== ids.join()) this.logEdit('section', 'reorder', chapterId, { ids: before }, { ids });
    });
  }

  // ---------------------------------------------------------------------------------------------- blocks

  getBlocks(sectionId?: string): Block[] {
    const rows =
      sectionId === undefined
        ? this.db
            .prepare(
              `SELECT b.* FROM blocks b JOIN sections s ON s.id = b.section_id JOIN chapters c ON c.id = s.chapter_id
               ORDER BY c.year, c.ord, c.id, s.ord, s.id, b.ord, b.id`,
            )
            .all()
        : this.db.prepare('SELECT * FROM blocks WHERE section_id = ? ORDER BY ord, id').all(sectionId);
    return (rows as BlockRow[]).map(toBlock);
  }

  getBlock(id: string): Block {
    const r = this.db.prepare('SELECT * FROM blocks WHERE id = ?').get(id) as BlockRow | undefined;
    if (!r) throw new QarError('NOT_FOUND', '找不到该内容块，可能已被删除。');
    return toBlock(r);
  }

  private checkAssetRefs(content: BlockContent): void {
    const ids =
      content.kind === 'photo'
        ? [content.assetId]
        : content.kind === 'case'
          ? content.photos.map((p) => p.assetId)
          : [];
    const has = this.db.prepare('SELECT 1 FROM assets WHERE id = ?');
    for (const id of ids) {
      if (!has.get(id)) throw new QarError('BAD_INPUT', `内容块引用的图片（${id}）不存在，请先上传图片。`);
    }
  }

  createBlock(sectionId: string, content: z.input<typeof BlockContent>, index?: number): Block {
    const c = parseOrBadInput(BlockContent, content, '内容块');
    const id = newId();
    this.tx(() => {
      this.section(sectionId);
      this.checkAssetRefs(c);
      const ids = this.getBlocks(sectionId).map((x) => x.id);
      this.db
        .prepare('INSERT INTO blocks (id, section_id, ord, content, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, sectionId, ids.length, JSON.stringify(c), this.now());
      ids.splice(index ?? ids.length, 0, id);
      this.renumber('blocks', ids);
      this.logEdit('block', 'create', id, null, this.getBlock(id));
    });
    return this.getBlock(id);
  }

  updateBlock(id: string, content: z.input<typeof BlockContent>): Block {
    const c = parseOrBadInput(BlockContent, content, '内容块');
    this.tx(() => {
      const before = this.getBlock(id);
      this.checkAssetRefs(c);
      this.db
        .prepare('UPDATE blocks SET content = ?, updated_at = ? WHERE id = ?')
        .run(JSON.stringify(c), this.now(), id);
      // an autosave of unchanged text is not a change
      if (JSON.stringify(before.content) !== JSON.stringify(c))
        this.logEdit('block', 'update', id, before, this.getBlock(id));
    });
    return this.getBlock(id);
  }

  deleteBlock(id: string): void {
    this.tx(() => {
      const b = this.getBlock(id);
      this.db.prepare('DELETE FROM blocks WHERE id = ?').run(id);
      this.logEdit('block', 'delete', id, b, null);
      this.renumber(
        'blocks',
        this.getBlocks(b.sectionId).map((x) => x.id),
      );
    });
  }

  /** Moves a block to another section (or position); both sections are renumbered 0..n-1. */
  moveBlock(id: string, toSectionId: string, index?: number): Block {
    this.tx(() => {
      const b = this.getBlock(id);
      this.section(toSectionId);
      this.logEdit('block', 'move', id, b, { sectionId: toSectionId, index: index ?? null });
      this.db.prepare('UPDATE blocks SET section_id = ? WHERE id = ?').run(toSectionId, id);
      this.renumber(
        'blocks',
        this.getBlocks(b.sectionId)
          .filter((x) => x.id !== id)
          .map((x) => x.id),
      );
      const ids = this.getBlocks(toSectionId)
        .map((x) => x.id)
        .filter((x) => x !== id);
      ids.splice(index ?? ids.length, 0, id);
      this.renumber('blocks', ids);
    });
    return this.getBlock(id);
  }

  reorderBlocks(sectionId: string, ids: readonly string[]): void {
    this.tx(() => {
      const before = this.getBlocks(sectionId).map((x) => x.id);
      this.checkPermutation(before, ids, '内容块');
      this.renumber('blocks', ids);
      if (before.join() !== ids.join()) this.logEdit('block', 'reorder', sectionId, { ids: before }, { ids });
    });
  }

  // ---------------------------------------------------------------------------------------------- assets

  getAssets(): AssetMeta[] {
    return (
      this.db
        .prepare(
          'SELECT id, mime, width, height, bytes, sha256, caption, credit, created_at FROM assets ORDER BY created_at, rowid',
        )
        .all() as AssetRow[]
    ).map(toAsset);
  }

  getAsset(id: string): AssetMeta {
    const r = this.db
      .prepare('SELECT id, mime, width, height, bytes, sha256, caption, credit, created_at FROM assets WHERE id = ?')
      .get(id) as AssetRow | undefined;
    if (!r) throw new QarError('NOT_FOUND', '找不到该图片，可能已被删除。');
    return toAsset(r);
  }

  /** Stores image bytes as given (downscaling is the caller's job); the type is checked against the bytes. */
  addAsset(bytes: Uint8Array, meta: NewAsset): AssetMeta {
    const m = parseOrBadInput(NewAsset, meta, '图片信息');
    if (bytes.length === 0) throw new QarError('BAD_INPUT', '图片文件是空的，请重新选择图片。');
    if (bytes.length > MAX_ASSET_BYTES) {
      throw new QarError('TOO_LARGE', `图片超过 ${MAX_ASSET_BYTES / 1024 / 1024} MB，请压缩后再上传。`);
    }
    if (sniffMime(bytes) !== m.mime) throw new QarError('BAD_INPUT', '图片内容与格式不符，只支持 JPEG 和 PNG 图片。');
    const asset = AssetMeta.parse({
      id: m.id ?? newId(),
      mime: m.mime,
      width: m.width,
      height: m.height,
      bytes: bytes.length,
      sha256: sha256(bytes),
      caption: m.caption,
      credit: m.credit,
      createdAt: this.now(),
    });
    this.tx(() => {
      if (this.db.prepare('SELECT 1 FROM assets WHERE id = ?').get(asset.id)) {
        throw new QarError('CONFLICT', `图片编号 ${asset.id} 已存在。`);
      }
      this.db
        .prepare(
          'INSERT INTO assets (id, mime, width, height, bytes, sha256, caption, credit, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          asset.id,
          asset.mime,
          asset.width,
          asset.height,
          asset.bytes,
          asset.sha256,
          asset.caption,
          asset.credit,
          asset.createdAt,
          Buffer.from(bytes),
        );
      this.logEdit('asset', 'create', asset.id, null, asset);
    });
    return asset;
  }

  /**
   * SQLite's quick_check of the whole file (every page and b-tree, no index cross-check), refused as on open when
   * it fails: for a reader of a file opened with check 'read' that meets image bytes unlike their recorded hash.
   */
  assertSound(): void {
    const result = this.db.pragma('quick_check(1)', { simple: true });
    if (result !== 'ok') throw checkFailed(this.opened.path, result);
  }

  getAssetBytes(id: string): Buffer {
    const r = this.db.prepare('SELECT data FROM assets WHERE id = ?').get(id) as { data: Buffer } | undefined;
    if (!r) throw new QarError('NOT_FOUND', '找不到该图片，可能已被删除。');
    return r.data;
  }

  updateAsset(id: string, patch: { caption?: string; credit?: string }): AssetMeta {
    const cur = this.getAsset(id);
    const next = parseOrBadInput(AssetMeta, { ...cur, ...patch }, '图片信息');
    this.tx(() => {
      this.db.prepare('UPDATE assets SET caption = ?, credit = ? WHERE id = ?').run(next.caption, next.credit, id);
      if (cur.caption !== next.caption || cur.credit !== next.credit) this.logEdit('asset', 'update', id, cur, next);
    });
    return this.getAsset(id);
  }

  /** Refuses while a block still shows the image. */
  deleteAsset(id: string): void {
    this.tx(() => {
      const meta = this.getAsset(id);
      const used = this.db
        .prepare(`SELECT 1 FROM blocks, json_tree(blocks.content) t WHERE t.key = 'assetId' AND t.value = ? LIMIT 1`)
        .get(id);
      if (used) throw new QarError('CONFLICT', '该图片仍被报告内容使用，请先从内容块中移除后再删除。');
      // the bytes stay (by sha256) so that 历史版本 can bring the image back
      this.archiveAssetBytes(id);
      this.db.prepare('DELETE FROM assets WHERE id = ?').run(id);
      this.logEdit('asset', 'delete', id, meta, null);
    });
  }

  /** Keeps an image's bytes in asset_archive (by sha256) before its row goes. */
  archiveAssetBytes(id: string): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO asset_archive (sha256, mime, data, archived_at)
         SELECT sha256, mime, data, ? FROM assets WHERE id = ?`,
      )
      .run(this.now(), id);
  }

  // ---------------------------------------------------------------------------------------------- comments

  getComments(): ReviewComment[] {
    return (this.db.prepare('SELECT * FROM comments ORDER BY created_at, rowid').all() as CommentRow[]).map(toComment);
  }

  private comment(id: string): ReviewComment {
    const r = this.db.prepare('SELECT * FROM comments WHERE id = ?').get(id) as CommentRow | undefined;
    if (!r) throw new QarError('NOT_FOUND', '找不到该批注，可能已被删除。');
    return toComment(r);
  }

  addComment(input: NewComment): ReviewComment {
    const c = parseOrBadInput(NewComment, input, '批注');
    const id = newId();
    this.tx(() => {
      if (c.parentId !== null) this.comment(c.parentId);
      this.db
        .prepare(
          'INSERT INTO comments (id, parent_id, target, author, body, status, created_at, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
        )
        .run(id, c.parentId, JSON.stringify(c.target), c.author, c.body, 'open', this.now());
    });
    return this.comment(id);
  }

  updateComment(id: string, patch: { body?: string; status?: 'open' | 'resolved' }): ReviewComment {
    const cur = this.comment(id);
    const body = patch.body === undefined ? cur.body : parseOrBadInput(NewComment.shape.body, patch.body, '批注内容');
    const status = patch.status ?? cur.status;
    const resolvedAt = status === 'resolved' ? (cur.resolvedAt ?? this.now()) : null;
    this.tx(() => {
      this.db
        .prepare('UPDATE comments SET body = ?, status = ?, resolved_at = ? WHERE id = ?')
        .run(body, status, resolvedAt, id);
    });
    return this.comment(id);
  }

  /** Deletes a comment and its replies. */
  deleteComment(id: string): void {
    this.tx(() => {
      this.comment(id);
      this.db.prepare('DELETE FROM comments WHERE id = ?').run(id);
    });
  }

  // ---------------------------------------------------------------------------------------------- putting back (历史版本)

  /** Whether a row with this id exists in a narrative table. */
  has(table: 'chapters' | 'sections' | 'blocks' | 'assets', id: string): boolean {
    return this.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
  }

  /** Puts a deleted block back with its id, in its section at its old place; logged as a create. */
  reinsertBlock(block: Block): void {
    this.tx(() => {
      if (this.has('blocks', block.id)) throw new QarError('CONFLICT', '该内容块已经存在（可能已恢复过）。');
      if (!this.has('sections', block.sectionId)) {
        throw new QarError('NOT_FOUND', '该内容块所在的小节已被删除，请先恢复那个小节。');
      }
      this.checkAssetRefs(block.content);
      const ids = this.getBlocks(block.sectionId).map((x) => x.id);
      this.db
        .prepare('INSERT INTO blocks (id, section_id, ord, content, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(block.id, block.sectionId, ids.length, JSON.stringify(block.content), block.updatedAt);
      ids.splice(Math.min(block.order, ids.length), 0, block.id);
      this.renumber('blocks', ids);
      this.logEdit('block', 'create', block.id, null, this.getBlock(block.id));
    });
  }

  /** Puts a deleted section back with its blocks; logged as a create. */
  reinsertSection(section: Section, blocks: readonly Block[]): void {
    this.tx(() => {
      if (this.has('sections', section.id)) throw new QarError('CONFLICT', '该小节已经存在（可能已恢复过）。');
      if (!this.has('chapters', section.chapterId)) {
        throw new QarError('NOT_FOUND', '该小节所在的章已被删除，请先恢复那一章。');
      }
      const ids = this.getSections(section.chapterId).map((x) => x.id);
      this.db
        .prepare('INSERT INTO sections (id, chapter_id, key, title, ord) VALUES (?, ?, ?, ?, ?)')
        .run(section.id, section.chapterId, section.key, section.title, ids.length);
      ids.splice(Math.min(section.order, ids.length), 0, section.id);
      this.renumber('sections', ids);
      this.insertBlocks(blocks);
      this.logEdit('section', 'create', section.id, null, { section: this.section(section.id), blocks });
    });
  }

  /** Puts a deleted chapter back with its sections and blocks; logged as a create. */
  reinsertChapter(chapter: Chapter, sections: readonly Section[], blocks: readonly Block[]): void {
    this.tx(() => {
      if (this.has('chapters', chapter.id)) throw new QarError('CONFLICT', '该章已经存在（可能已恢复过）。');
      if (!this.getYears().some((y) => y.year === chapter.year)) {
        throw new QarError('NOT_FOUND', `${chapter.year}年度已被删除，请先添加该年度。`);
      }
      const ids = this.getChapters(chapter.year).map((x) => x.id);
      this.db
        .prepare('INSERT INTO chapters (id, year, key, title, ord, intro) VALUES (?, ?, ?, ?, ?, ?)')
        .run(chapter.id, chapter.year, chapter.key, chapter.title, ids.length, chapter.intro);
      ids.splice(Math.min(chapter.order, ids.length), 0, chapter.id);
      this.renumber('chapters', ids);
      const ins = this.db.prepare('INSERT INTO sections (id, chapter_id, key, title, ord) VALUES (?, ?, ?, ?, ?)');
      for (const x of sections) ins.run(x.id, x.chapterId, x.key, x.title, x.order);
      this.insertBlocks(blocks);
      this.logEdit('chapter', 'create', chapter.id, null, { chapter: this.chapter(chapter.id), sections, blocks });
    });
  }

  private insertBlocks(blocks: readonly Block[]): void {
    const ins = this.db.prepare('INSERT INTO blocks (id, section_id, ord, content, updated_at) VALUES (?, ?, ?, ?, ?)');
    for (const b of blocks) {
      this.checkAssetRefs(b.content);
      ins.run(b.id, b.sectionId, b.order, JSON.stringify(b.content), b.updatedAt);
    }
  }

  /** Puts a deleted image back from asset_archive (its bytes by sha256); logged as a create. */
  reinsertAsset(meta: AssetMeta): void {
    this.tx(() => {
      if (this.has('assets', meta.id)) return;
      const row = (this.db.prepare('SELECT data FROM assets WHERE sha256 = ? LIMIT 1').get(meta.sha256) ??
        this.db.prepare('SELECT data FROM asset_archive WHERE sha256 = ?').get(meta.sha256)) as
        | { data: Buffer }
        | undefined;
      if (!row) {
        throw new QarError(
          'NOT_FOUND',
          `图片${meta.caption ? `「${meta.caption}」` : ''}的数据已按保留规则清理（只保留最近的历史版本用到的图片），无法恢复。`,
        );
      }
      this.db
        .prepare(
          'INSERT INTO assets (id, mime, width, height, bytes, sha256, caption, credit, created_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          meta.id,
          meta.mime,
          meta.width,
          meta.height,
          meta.bytes,
          meta.sha256,
          meta.caption,
          meta.credit,
          meta.createdAt,
          row.data,
        );
      this.logEdit('asset', 'create', meta.id, null, meta);
    });
  }

  /** Logs an edit made outside the methods above (a whole-workspace restore, db/history.ts). */
  recordEdit(kind: EditKind, action: EditAction, targetId: string | number, before: unknown, after: unknown): void {
    this.tx(() => this.logEdit(kind, action, targetId, before, after));
  }

  /** Runs `fn` in one write transaction (db/history.ts: a restore is all or nothing). */
  inTransaction<T>(fn: () => T): T {
    return this.tx(fn);
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private renumber(table: 'chapters' | 'sections' | 'blocks', ids: readonly string[]): void {
    const st = this.db.prepare(`UPDATE ${table} SET ord = ? WHERE id = ?`);
    ids.forEach((id, i) => {
      st.run(i, id);
    });
  }

  private checkPermutation(current: readonly string[], next: readonly string[], what: string): void {
    const a = [...current].sort();
    const b = [...next].sort();
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
      throw new QarError('BAD_INPUT', `${what}的新顺序与现有${what}不一致（可能已被修改），请刷新后重试。`);
    }
  }
}

/**
 * The 「不适用」 mark after a change: set only with no value and a reason in the note (else the whole save is
 * refused, nothing written); removed by false or by a number; kept when a cell that has none stays empty.
 */
function notApplicableAfter(c: ValueChange, old: ValueRow | undefined, note: string): boolean {
  if (c.notApplicable === true) {
    const problem = notApplicableProblem(c, note);
    if (problem) throw new QarError('BAD_INPUT', `${c.year}年 ${c.indicatorId}：${problem}没有保存任何修改。`);
    return true;
  }
  if (c.notApplicable === false || c.value !== null) return false;
  return old?.not_applicable === 1;
}

/** Why a 「不适用」 mark cannot be taken (the service says it with the indicator's name first), or undefined. */
export function notApplicableProblem(c: Pick<ValueChange, 'value'>, note: string): string | undefined {
  if (c.value !== null) return '标为「不适用」的单元格不能同时填写数值。';
  if (!note.trim()) return '标为「不适用」时请在备注中说明原因（例如：本年度未开设该类专业）。';
  return undefined;
}
