/**
 * Many schools' workspaces → one review summary (compliance matrix, district aggregates per level, every school's
 * findings with citations, and the file list with what was skipped and why).
 *
 * ReviewBuilder takes the schools one at a time and keeps only what the summary needs of each (core/review/
 * review-files.ts streams a province's files through it: memory stays flat); reviewWorkspaces runs it over
 * workspaces held in memory. Pure: files are read by core/review/load.ts; frameworks come through
 * `resolveFramework`, so tests and the app can pass their own. A school that cannot be checked (unknown
 * framework, a repeated hand-in) is skipped with a Chinese reason in the file list; the rest are still reviewed.
 */
import { isQarError, QarError, type QarErrorCode } from '../errors';
import { allIndicators, type Framework } from '../framework/schema';
import type { FrameworkRef, SchoolLevel, SchoolProfile, StoredFramework, Workspace } from '../model';
import type { OutlineOptional } from '../report/chapter-numbers';
import { blockPlace } from '../report/places';
import { validateWorkspace } from '../validate/engine';
import type { ValidationOutline } from '../validate/outline';
import type { Finding, ValidationResult } from '../validate/types';
import { type AggregateSchool, aggregateLevel, type LevelAggregate, type ReviewLevel, reviewLevel } from './aggregate';
import { type CaseKey, duplicateCases, duplicateCaseWarnings, schoolCases } from './district-cases';
import { buildComplianceMatrix, type ComplianceMatrix } from './matrix';
import { type CrossLevelTotal, crossLevelTotals } from './totals';

export interface ReviewedFile {
  /** as given (or found in a folder) */
  path: string;
  sha256Before: string;
  /** '' when the file could not be read at all */
  sha256After: string;
  status: 'reviewed' | 'skipped';
  /** Chinese reason for a skipped file ('' when reviewed) */
  reason: string;
  school?: ReviewedSchool;
  framework?: FrameworkRef;
  /** the framework the school was checked with: edition, and whether it is builtin or stored in its workspace */
  frameworkUse?: FrameworkUse;
  /** the year checked */
  year?: number;
}

export interface ReviewInput {
  file: ReviewedFile;
  /** absent when the file could not be opened (file.status 'skipped' with the reason) */
  ws?: Workspace;
}

/**
 * What the summary needs of a school's workspace besides its check: a few profile fields, the framework it names
 * (and the one stored in it), and its stored values with the fields core/values reads. Plain data: a worker thread
 * that read and checked the school sends it (core/review/school-check.ts), never the whole workspace.
 */
/** The profile fields a review keeps of a school. */
export type ReviewedSchool = Pick<SchoolProfile, 'name' | 'code' | 'level' | 'category' | 'reportYear' | 'region'>;

export function reviewedSchool(p: ReviewedSchool): ReviewedSchool {
  return {
    name: p.name,
    code: p.code,
    level: p.level,
    category: p.category,
    reportYear: p.reportYear,
    region: p.region,
  };
}

export interface SchoolFacts {
  profile: ReviewedSchool;
  framework: FrameworkRef;
  storedFramework?: StoredFramework;
  values: { year: number; indicatorId: string; value: number | null; notApplicable?: boolean }[];
  /** its report year's 案例, keyed for finding the same case handed in by two schools (core/review/district-cases) */
  cases?: CaseKey[];
}

export function schoolFacts(ws: Workspace): SchoolFacts {
  return {
    profile: reviewedSchool(ws.profile),
    framework: ws.framework,
    ...(ws.storedFramework ? { storedFramework: ws.storedFramework } : {}),
    values: ws.values.map((v) => ({
      year: v.year,
      indicatorId: v.indicatorId,
      value: v.value,
      notApplicable: v.notApplicable,
    })),
    cases: schoolCases(ws),
  };
}

/**
 * A school's check as done elsewhere (a worker thread, core/review/school-check.ts): the validation result, or why
 * it could not be checked — a QarError's code and Chinese message (the school is skipped with it), or any other
 * error (a bug: the review stops with it, as it would have here).
 */
export type SchoolCheck =
  | { result: ValidationResult; places?: FindingPlaces }
  | { error: { code: QarErrorCode; message: string } }
  | { fatal: string };

/** A file read and checked elsewhere: its entry, and when it could be opened, its facts and check. */
export interface CheckedInput {
  file: ReviewedFile;
  facts?: SchoolFacts;
  check?: SchoolCheck;
}

/** The check's result; a QarError (or the fatal error) as it was thrown where the school was checked. */
export function checkResult(c: SchoolCheck): ValidationResult {
  if ('result' in c) return c.result;
  if ('error' in c) throw new QarError(c.error.code, c.error.message);
  throw new Error(c.fatal);
}

/**
 * One reviewed school as the summary keeps it: what the matrix, the findings and the aggregates need, never the
 * whole workspace (a review of 1 000 schools holds 1 000 of these, issue #16).
 */
export interface SchoolReview {
  /** index into summary.files */
  fileIndex: number;
  name: string;
  code: string;
  level: ReviewLevel;
  /** the level its profile gives (职业本科 is reviewed with 高职) */
  schoolLevel: SchoolLevel;
  year: number;
  fw: Framework;
  result: ValidationResult;
  /** where the blocks its findings point at sit, in words (findingPlaces) */
  places: FindingPlaces;
  /** what the aggregates read of it: its stored values and 不适用 marks (core/values computes the rest) */
  forAggregates: AggregateSchool;
  /** its report year's 案例: titles and keys only (caseWarnings: the same case from two schools) */
  cases: CaseKey[];
}

/** By block id: 「2.4 就业质量 · 第 3 段」. */
export type FindingPlaces = Record<string, string>;

/**
 * Where each block a finding points at sits, in the words of the school's own findings panel (core/report/places.ts
 * blockPlace, its chapters numbered by its outline), taken while the workspace is at hand: a finding's location
 * keeps only its chapter's title, and two blocks of one chapter quoting the same missing figure read as one
 * finding twice (the workbook and the Word summary then counted them once, the review screen twice).
 */
export function findingPlaces(ws: Workspace, result: ValidationResult, outline?: OutlineOptional): FindingPlaces {
  const out: FindingPlaces = {};
  for (const f of result.findings) {
    const l = f.location;
    if (l.type === 'block' && l.blockId && !(l.blockId in out))
      out[l.blockId] = blockPlace(ws, undefined, l.blockId, outline);
  }
  return out;
}

/** A school reviewed from a workspace the caller holds anyway (reviewWorkspaces): the workspace comes along. */
export type WorkspaceReview = SchoolReview & { ws: Workspace };

export interface FindingRow {
  school: string;
  code: string;
  level: ReviewLevel;
  /** 错误 / 警告 / 提示 */
  severity: string;
  /** 未通过 / 待核实 / 进展 */
  state: string;
  ruleId: string;
  /** 教学资源表 · 生师比 · 2024年 / 2 人才培养 … */
  where: string;
  message: string;
  /** 《标题》（文号）where，seed — '' when the rule has no citation */
  citation: string;
  hint: string;
  finding: Finding;
}

/** Which framework a school used, as the review lists it. */
export interface FrameworkUse {
  id: string;
  version: string;
  edition: string;
  title: string;
  /** builtin: this program's own; stored: a file stored in the school's workspace (a province's framework) */
  source: 'builtin' | 'stored';
  /** sha256 of the stored framework text ('' for builtin) */
  sha256: string;
}

/**
 * 《职业教育质量年度报告指标框架（2024年度·高等职业学校）》（cn-2024-gaozhi，版本 2024.1，内置): the name a reader
 * knows first, then the id and version that tell two files apart; the edition when the name does not carry it.
 */
export function describeFrameworkUse(u: FrameworkUse): string {
  const where = u.source === 'stored' ? `工作区内保存，sha256 ${u.sha256.slice(0, 8)}…` : '内置';
  const title = u.title.trim();
  const edition = title.includes(u.edition) ? '' : `${u.edition}，`;
  return title
    ? `《${title}》（${u.id}，版本 ${u.version}，${edition}${where}）`
    : `「${u.id}」版本 ${u.version}（${u.edition}，${where}）`;
}

export interface ReviewSummary<S extends SchoolReview = SchoolReview> {
  /** the year the district aggregates centre on (the schools' most common report year unless given) */
  year: number;
  /** aggregate columns: year-2, year-1, year */
  years: number[];
  createdAt: string;
  files: ReviewedFile[];
  schools: S[];
  matrix: ComplianceMatrix;
  aggregates: Partial<Record<ReviewLevel, LevelAggregate>>;
  /** 高职 + 中职 totals where the city report gives them (core/review/totals.ts) */
  totals: CrossLevelTotal[];
  findings: FindingRow[];
  /** Chinese warnings: schools of one level on different frameworks or versions, one id with different content,
   *  a report year checked with an older edition */
  frameworkWarnings: string[];
  /** Chinese warnings: schools whose report year is not the summary's (a file of another year handed in) */
  yearWarnings: string[];
  /** Chinese warnings: one 案例 handed in by two or more schools (same title, or same body whitespace aside), which a
   *  district report must not print twice (the district draft prints it once) */
  caseWarnings: string[];
}

export interface ReviewOptions {
  /** check this year in every school; default each school's own report year */
  year?: number;
  /** the school's framework; `ws` carries a framework stored in the workspace (core/framework/resolve.ts) */
  resolveFramework: (
    ref: FrameworkRef,
    level: SchoolProfile['level'],
    ws: Pick<Workspace, 'storedFramework'>,
  ) => Framework;
  /** ISO time stamped on the summary; default now */
  now?: string;
  /** the outline a framework is written against (chapters-present); default: the engine's */
  outlineOf?: (fw: Framework) => ValidationOutline;
}

export const SEVERITY_LABEL: Readonly<Record<Finding['severity'], string>> = {
  error: '错误',
  warning: '警告',
  info: '提示',
};

export function findingWhere(f: Finding, places?: FindingPlaces): string {
  const l = f.location;
  if (l.type === 'cell') return `${l.tableName} · ${l.indicatorName} · ${l.year}年`;
  if (l.type === 'block') {
    const at = l.blockId ? places?.[l.blockId] : undefined;
    return at ? `${l.chapterTitle} · ${at}` : l.chapterTitle;
  }
  return l.label;
}

function findingState(f: Finding): string {
  if (f.unconfirmed) return '待核实';
  return f.status === 'progress' ? '进展' : '未通过';
}

/** The most common report year (ties: the later one); the current year when there are no schools. */
function centreYear(schools: readonly { year: number }[]): number {
  const n = new Map<number, number>();
  for (const s of schools) n.set(s.year, (n.get(s.year) ?? 0) + 1);
  let best = new Date().getFullYear();
  let count = 0;
  for (const [y, c] of n) if (c > count || (c === count && y > best)) [best, count] = [y, c];
  return best;
}

/** The stored values and marks of a school, with only the fields core/values reads (row objects of 4 fields). */
function aggregateInputOf(ws: Pick<SchoolFacts, 'values' | 'profile'>, ids: Map<string, string>): AggregateSchool {
  const values: { year: number; indicatorId: string; value: number | null; notApplicable?: boolean }[] = [];
  for (const v of ws.values) {
    // one string per indicator id across all schools, not one per school
    let id = ids.get(v.indicatorId);
    if (id === undefined) {
      id = v.indicatorId;
      ids.set(id, id);
    }
    values.push({ year: v.year, indicatorId: id, value: v.value, notApplicable: v.notApplicable });
  }
  return { values, profile: { name: ws.profile.name, code: ws.profile.code } };
}

/**
 * Reviews schools one at a time: `add` checks one school (duplicates, framework, validation) and keeps only its
 * SchoolReview; `finish` computes the matrix, the aggregates (core/review/aggregate.ts over every school's
 * stored values, exactly as for workspaces held in memory), the findings and the warnings. The caller may drop
 * each workspace as soon as `add` returns, so memory stays flat however many schools there are.
 */
export class ReviewBuilder<S extends SchoolReview = SchoolReview> {
  private readonly files: ReviewedFile[] = [];
  private readonly schools: S[] = [];
  private readonly seenSha = new Map<string, string>();
  private readonly seenSchool = new Map<string, string>();
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly opts: ReviewOptions,
    /** what is kept of a reviewed school beyond the SchoolReview (reviewWorkspaces: its workspace; `ws` is absent
     *  for a school checked elsewhere, addChecked) */
    private readonly keep: (school: SchoolReview, ws?: Workspace) => S = (school) => school as S,
  ) {}

  /** Adds one file: skipped (with its reason) or reviewed, checked here with `opts.resolveFramework`. */
  add(input: ReviewInput): void {
    const ws = input.ws;
    this.addSchool(
      input.file,
      ws,
      (fw, year) => {
        const outline = this.opts.outlineOf?.(fw);
        const result = validateWorkspace(ws as Workspace, fw, { year, ...(outline ? { outline } : {}) });
        const preface = outline && 'preface' in outline ? (outline as OutlineOptional) : undefined;
        return { result, places: findingPlaces(ws as Workspace, result, preface) };
      },
      ws,
    );
  }

  /**
   * Adds one file read and checked elsewhere (a worker thread): the same steps as `add`, with the check's result
   * taken from the input. The framework is still resolved here (`opts.resolveFramework`, which must be the one the
   * check used): schools checked with one framework share one object, which the matrix and aggregates group by.
   */
  addChecked(input: CheckedInput): void {
    const { facts, check } = input;
    this.addSchool(input.file, facts && check ? facts : undefined, () => ({
      result: checkResult(check as SchoolCheck),
      places: (check && 'places' in check ? check.places : undefined) ?? {},
    }));
  }

  private addSchool(
    input: ReviewedFile,
    ws: SchoolFacts | undefined,
    validate: (fw: Framework, year: number) => { result: ValidationResult; places: FindingPlaces },
    whole?: Workspace,
  ): void {
    const opts = this.opts;
    const file: ReviewedFile = { ...input };
    const fileIndex = this.files.length;
    this.files.push(file);
    if (file.status === 'skipped' || !ws) {
      file.status = 'skipped';
      return;
    }
    const p = ws.profile;
    file.school = reviewedSchool(p);
    file.framework = ws.framework;
    const skip = (reason: string) => {
      file.status = 'skipped';
      file.reason = reason;
    };
    const dupOf = this.seenSha.get(file.sha256Before);
    if (dupOf) {
      skip(`与「${dupOf}」内容完全相同（重复提交），已跳过。`);
      return;
    }
    // the same school twice would be counted twice in the district sums
    const schoolKey = p.code.trim() ? `code:${p.code.trim()}` : `name:${p.name.trim()}`;
    const sameSchool = this.seenSchool.get(schoolKey);
    if (sameSchool) {
      skip(
        `与「${sameSchool}」是同一所学校（${p.code.trim() ? `学校代码 ${p.code.trim()}` : p.name}），已跳过，请确认哪一份是最终报送稿。`,
      );
      return;
    }
    let fw: Framework;
    let result: ValidationResult;
    let places: FindingPlaces;
    const year = opts.year ?? p.reportYear;
    try {
      fw = opts.resolveFramework(ws.framework, p.level, ws);
      ({ result, places } = validate(fw, year));
    } catch (e) {
      if (!isQarError(e)) throw e;
      skip(`无法校验：${e.message}`);
      return;
    }
    this.seenSha.set(file.sha256Before, file.path);
    this.seenSchool.set(schoolKey, file.path);
    file.year = year;
    const stored = ws.storedFramework;
    const isStored = !!stored && stored.id === ws.framework.id && stored.version === ws.framework.version;
    file.frameworkUse = {
      id: fw.id,
      version: fw.version,
      edition: fw.edition,
      title: fw.title,
      source: isStored ? 'stored' : 'builtin',
      sha256: isStored ? (stored?.sha256 ?? '') : '',
    };
    const school: SchoolReview = {
      fileIndex,
      name: p.name,
      code: p.code,
      level: reviewLevel(p.level),
      schoolLevel: p.level,
      year,
      fw,
      result,
      places,
      forAggregates: aggregateInputOf(ws, this.ids),
      cases: whole ? schoolCases(whole) : (ws.cases ?? []),
    };
    this.schools.push(this.keep(school, whole));
  }

  finish(): ReviewSummary<S> {
    const { opts, files, schools } = this;
    const year = opts.year ?? centreYear(schools);
    const years = [year - 2, year - 1, year];
    const aggregates: Partial<Record<ReviewLevel, LevelAggregate>> = {};
    for (const level of ['高职', '中职'] as const) {
      const group = schools.filter((s) => s.level === level);
      if (group.length === 0) continue;
      aggregates[level] = aggregateLevel(
        group.map((s) => s.forAggregates),
        majorityFramework(group),
        years,
        level,
      );
    }

    const findings: FindingRow[] = [];
    for (const s of schools) {
      for (const f of s.result.findings) {
        findings.push({
          school: s.name,
          code: s.code,
          level: s.level,
          severity: SEVERITY_LABEL[f.severity],
          state: findingState(f),
          ruleId: f.ruleId,
          where: findingWhere(f, s.places),
          message: f.message,
          citation: f.citation?.text ?? '',
          hint: f.hint,
          finding: f,
        });
      }
    }

    return {
      year,
      years,
      createdAt: opts.now ?? new Date().toISOString(),
      files,
      schools,
      matrix: buildComplianceMatrix(schools),
      aggregates,
      totals: crossLevelTotals(aggregates, years),
      findings,
      frameworkWarnings: frameworkWarnings(schools, files),
      yearWarnings: yearWarnings(schools, files, year),
      caseWarnings: duplicateCaseWarnings(duplicateCases(schools)),
    };
  }
}

/** Reviews workspaces already in memory (tests, the district draft, which needs each school's workspace). */
export function reviewWorkspaces(inputs: readonly ReviewInput[], opts: ReviewOptions): ReviewSummary<WorkspaceReview> {
  const b = new ReviewBuilder<WorkspaceReview>(opts, (school, ws) => ({ ...school, ws: ws as Workspace }));
  for (const input of inputs) b.add(input);
  return b.finish();
}

/** The edition year of a framework (2025年度 → 2025). */
/**
 * Schools whose own report year is not the year summed up: most often last year's file handed in by mistake. The
 * school is checked as usual, but the summary's year counts only what its file holds for that year.
 */
function yearWarnings(schools: readonly SchoolReview[], files: readonly ReviewedFile[], year: number): string[] {
  const out: string[] = [];
  for (const s of schools) {
    const own = files[s.fileIndex]?.school?.reportYear;
    if (own === undefined || own === year) continue;
    out.push(
      `${s.name}的工作区是 ${own}年度的报告，本次汇总的是 ${year}年度：该校按 ${s.year}年度校验，汇总只计入其文件中已有的 ${year}年度数据。请确认学校提交的是否为 ${year}年度的文件。`,
    );
  }
  return out;
}

const editionYear = (edition: string) => Number.parseInt(edition, 10) || 0;

/**
 * What a reviewer must know about the frameworks the schools used: a level whose schools used different
 * frameworks or versions (the aggregates follow the majority's), one id and version with different contents,
 * and a report year checked with an older edition.
 */
function frameworkWarnings(schools: readonly SchoolReview[], files: readonly ReviewedFile[]): string[] {
  const out: string[] = [];
  const use = (s: SchoolReview) => files[s.fileIndex]?.frameworkUse;
  for (const level of ['高职', '中职'] as const) {
    const group = schools.filter((s) => s.level === level);
    const byVersion = new Map<string, SchoolReview[]>();
    for (const s of group) {
      const u = use(s);
      if (!u) continue;
      const key = `${u.id}\u0000${u.version}\u0000${u.sha256}`;
      byVersion.set(key, [...(byVersion.get(key) ?? []), s]);
    }
    if (byVersion.size > 1) {
      const parts = [...byVersion.values()]
        .sort((a, b) => b.length - a.length)
        .map((list) => {
          const u = use(list[0] as SchoolReview) as FrameworkUse;
          return `${describeFrameworkUse(u)} ${list.length} 所（${list.map((s) => s.name).join('、')}）`;
        });
      out.push(
        `${level}学校使用了 ${byVersion.size} 种指标体系或版本：${parts.join('；')}。各校按自己的指标体系校验；区域汇总按多数学校的指标体系计算，其余学校只汇入相同编号的指标。${droppedIndicators(group)}`,
      );
    }
    const byId = new Map<string, Set<string>>();
    for (const s of group) {
      const u = use(s);
      if (!u) continue;
      const k = `${u.id} 版本 ${u.version}`;
      byId.set(k, (byId.get(k) ?? new Set()).add(u.sha256));
    }
    for (const [k, hashes] of byId) {
      if (hashes.size > 1)
        out.push(`「${k}」在各校工作区中的内容不同（校验值不同），请确认学校使用的是同一份框架文件。`);
    }
  }
  for (const s of schools) {
    const u = use(s);
    // the school's own report year, not the year reviewed: a 2024年度 file reviewed as 2026 is the wrong year's
    // file (yearWarnings say so), not a 2026年度 report on an old edition
    const own = files[s.fileIndex]?.school?.reportYear ?? s.year;
    if (u && editionYear(u.edition) > 0 && editionYear(u.edition) < own) {
      out.push(
        `${s.name}：${own}年度的报告使用的是 ${u.edition}的指标体系 ${describeFrameworkUse(u)}，可在工作台中升级到新年度版本。`,
      );
    }
  }
  return out;
}

/**
 * The indicators some schools' frameworks have and the majority's has not (a 2026年度 school among 2024 ones: the
 * rows the 2025 edition added): their data is in those schools' files and in no aggregate, which the reviewer is
 * told by name. '' when there are none.
 */
function droppedIndicators(group: readonly SchoolReview[]): string {
  const major = majorityFramework(group);
  const kept = new Set(allIndicators(major).map((i) => i.id));
  const names = new Map<string, string>();
  const schools = new Set<string>();
  for (const s of group) {
    if (s.fw === major) continue;
    for (const i of allIndicators(s.fw)) {
      if (kept.has(i.id)) continue;
      names.set(i.id, i.name);
      schools.add(s.name);
    }
  }
  if (names.size === 0) return '';
  const list = [...names.values()].map((n) => `「${n}」`).join('');
  return `${list}只在${[...schools].join('、')}的指标体系中，${schools.size > 1 ? '这些学校' : '该校'}填报的这些数据未计入区域汇总。`;
}

/** The framework most schools of a level were checked with (aggregation needs one set of indicators). */
function majorityFramework(group: readonly SchoolReview[]): Framework {
  const n = new Map<Framework, number>();
  for (const s of group) n.set(s.fw, (n.get(s.fw) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/** 审阅了 N 所学校（高职 a 所、中职 b 所），跳过 k 个文件 — one line for the CLI and the summary. */
export function summaryLine(s: ReviewSummary): string {
  const gz = s.schools.filter((x) => x.level === '高职').length;
  const zz = s.schools.length - gz;
  const skipped = s.files.filter((f) => f.status === 'skipped').length;
  const fail = s.matrix.rows.reduce((a, r) => a + r.counts.fail, 0);
  return `审阅了 ${s.schools.length} 所学校（高职 ${gz} 所、中职 ${zz} 所），未通过 ${fail} 项次，跳过 ${skipped} 个文件`;
}
