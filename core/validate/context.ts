/**
 * What every rule module reads: the workspace, the compiled framework, the values (core/values, the one path
 * from stored data to every number the app shows), the report year and the report's chapters, sections and
 * blocks in order; plus the small helpers rules share to place a finding and to print a value in it.
 *
 * A rule module (rules/<kind>.ts) gets this context and returns an Outcome: its status and the findings it
 * would raise (drafts, before the engine applies the rule's severity, citation and default hint).
 */
import { type FigureSource, figureSource } from '../figures/render';
import { type ExprScope, identifiersOf } from '../framework/expr';
import type { Framework, Indicator, Rule, Severity } from '../framework/schema';
import type { Block, Chapter, Section, Workspace } from '../model';
import { buildReportModel } from '../report/build';
import { appendixYears } from '../report/format';
import type { ReportModel } from '../report/model';
import { getDefaultOutline, type Outline } from '../report/outline';
import { readableFormula } from '../values/explain';
import { type IndicatorValues, valuesOf } from '../values/resolve';
import { type CompiledFramework, compileFramework, type IndicatorInfo } from './compile';
import { fillTemplate, formatIndicatorValue, formatRounded } from './format';
import { defaultValidationOutline, type ValidationOutline } from './outline';
import type { FindingDetail, FindingLocation, ResolvedCitation, ValidationResult } from './types';

export type RuleStatus = ValidationResult['ruleStatus'][string];

export interface ValidateOptions {
  /** the report year to check; default ws.profile.reportYear */
  year?: number;
  /** the report outline (chapters-present); default templates/outlines/school-2024.json */
  outline?: ValidationOutline;
}

export interface ValidationContext {
  readonly ws: Workspace;
  readonly fw: Framework;
  readonly cf: CompiledFramework;
  /** every value the rules read: core/values, the same path the grid and the report use */
  readonly vals: IndicatorValues;
  /** bound figures in the text, printed from `vals` (core/figures): each text rendered once per validation */
  readonly figures: FigureSource;
  readonly year: number;
  readonly hasGraduates: boolean;
  readonly scope: ExprScope;
  readonly outline: ValidationOutline;
  /** the report year's chapters in order, their sections and blocks in order */
  readonly chapters: readonly Chapter[];
  readonly sectionsByChapter: ReadonlyMap<string, Section[]>;
  readonly blocksBySection: ReadonlyMap<string, Block[]>;
  /**
   * `kind|locationKey` of every finding raised so far, with the most severe severity raised there: a later module
   * can leave a place another has reported, or report it anyway when it has more to say (builtin.required).
   * A 待核实 note (a rule not in force) is not recorded: no check gives way to it.
   */
  readonly raised: Map<string, Severity>;
  /** the report year (`reportYear`) and the years the appendix prints beside it that the workspace has, oldest first */
  readonly printedYears: readonly number[];
  /** the report year's own context (the same object for the report year itself) */
  readonly report: ValidationContext;
  /** things several modules read, worked out once per validation (see memo) */
  readonly memo: Map<string, unknown>;
}

/** A value several modules share (the report model, the narrative scan), worked out once per validation. */
export function memo<T>(ctx: ValidationContext, key: string, make: () => T): T {
  if (ctx.memo.has(key)) return ctx.memo.get(key) as T;
  const v = make();
  ctx.memo.set(key, v);
  return v;
}

/**
 * The report as the document prints it (core/report): its 图/表/案例 numbers and chart specs are the ones the
 * findings name, never renumbered here.
 */
export function reportModel(ctx: ValidationContext): ReportModel {
  // the body only: the appendix (numbered separately, 附表 1…) is not what these checks read
  return memo(ctx, 'report-model', () =>
    buildReportModel(ctx.ws, ctx.fw, {
      year: ctx.report.year,
      outline: bodyOutline(),
      shared: { values: ctx.vals, figures: ctx.figures },
    }),
  );
}

let bodyOnly: { from: Outline; outline: Outline } | undefined;
function bodyOutline(): Outline {
  const from = getDefaultOutline();
  if (bodyOnly?.from !== from) bodyOnly = { from, outline: { ...from, appendix: { ...from.appendix, tables: [] } } };
  return bodyOnly.outline;
}

/** Where each block of the report year is, by block id (and a chapter's intro by `intro:<chapterId>`). */
export function blockPlaces(ctx: ValidationContext): ReadonlyMap<string, FindingLocation> {
  return memo(ctx, 'block-places', () => {
    const m = new Map<string, FindingLocation>();
    for (const ch of ctx.chapters) m.set(`intro:${ch.id}`, blockLocation(ch));
    for (const { ch, sec, block } of blocksOf(ctx)) m.set(block.id, blockLocation(ch, sec.id, block.id));
    return m;
  });
}

/**
 * The context of one printed year: values, scope and 有毕业生 of that year; the report's chapters stay the report
 * year's (a rule checking the text runs for the report year only).
 */
export function forYear(ctx: ValidationContext, year: number): ValidationContext {
  if (year === ctx.report.year) return ctx.report;
  // one per year and validation: every printed-year check of that year reads the same
  return memo(ctx, `year:${year}`, () => ({
    ...ctx.report,
    year,
    scope: ctx.vals.scope(year),
    hasGraduates: ctx.ws.years.find((y) => y.year === year)?.hasGraduates ?? true,
  }));
}

/** A finding before the rule's citation, severity and unconfirmed flag are applied. */
export interface Draft {
  message: string;
  location: FindingLocation;
  hint?: string;
  status?: 'fail' | 'progress';
  severity?: Severity;
  /** a citation of the draft's own (built-in checks); otherwise the rule's */
  citation?: ResolvedCitation | null;
  /** machine detail (e.g. the suggested value), merged with the citation's */
  detail?: FindingDetail;
  /**
   * findings this one explains, left out (one slip, one finding): their kinds, at this draft's place or at `at`
   * (e.g. the next year's year-on-year note, which compares with the slipped value)
   */
  supersedes?: readonly { kinds: readonly string[]; at?: FindingLocation }[];
}

export interface Outcome {
  status: RuleStatus;
  drafts: Draft[];
}

export const PASS: Outcome = { status: 'pass', drafts: [] };
export const NODATA: Outcome = { status: 'nodata', drafts: [] };

export function createContext(ws: Workspace, fw: Framework, opts: ValidateOptions = {}): ValidationContext {
  const cf = compileFramework(fw);
  const year = opts.year ?? ws.profile.reportYear;
  const vals = valuesOf(ws, fw);
  const known = new Set(ws.years.map((y) => y.year));
  const ctx: { -readonly [K in keyof ValidationContext]: ValidationContext[K] } = {
    ws,
    fw,
    cf,
    vals,
    figures: figureSource(fw, vals, { remember: true }),
    year,
    hasGraduates: ws.years.find((y) => y.year === year)?.hasGraduates ?? true,
    scope: vals.scope(year),
    outline: opts.outline ?? defaultValidationOutline(),
    ...prepareReport(ws, year),
    raised: new Map(),
    printedYears: appendixYears(year).filter((y) => y === year || known.has(y)),
    memo: new Map(),
    report: undefined as unknown as ValidationContext,
  };
  ctx.report = ctx;
  return ctx;
}

function prepareReport(ws: Workspace, year: number) {
  const chapters = ws.chapters.filter((c) => c.year === year).sort((a, b) => a.order - b.order);
  const ids = new Set(chapters.map((c) => c.id));
  const sectionsByChapter = new Map<string, Section[]>();
  for (const s of ws.sections) {
    if (!ids.has(s.chapterId)) continue;
    const list = sectionsByChapter.get(s.chapterId) ?? [];
    list.push(s);
    sectionsByChapter.set(s.chapterId, list);
  }
  const sectionIds = new Set<string>();
  for (const list of sectionsByChapter.values()) {
    list.sort((a, b) => a.order - b.order);
    for (const s of list) sectionIds.add(s.id);
  }
  const blocksBySection = new Map<string, Block[]>();
  for (const b of ws.blocks) {
    if (!sectionIds.has(b.sectionId)) continue;
    const list = blocksBySection.get(b.sectionId) ?? [];
    list.push(b);
    blocksBySection.set(b.sectionId, list);
  }
  for (const list of blocksBySection.values()) list.sort((a, b) => a.order - b.order);
  return { chapters, sectionsByChapter, blocksBySection };
}

// ---------------------------------------------------------------------------------------------
// Places.

export function cell(info: IndicatorInfo, year: number): FindingLocation {
  return {
    type: 'cell',
    tableId: info.table.id,
    tableName: info.table.name,
    indicatorId: info.ind.id,
    indicatorName: info.ind.name,
    year,
  };
}

export function locationKey(loc: FindingLocation): string {
  if (loc.type === 'cell') return `cell:${loc.tableId}:${loc.indicatorId}:${loc.year}`;
  if (loc.type === 'block') return `block:${loc.chapterId}:${loc.sectionId ?? ''}:${loc.blockId ?? ''}`;
  return `workspace:${loc.label}`;
}

export function blockLocation(ch: Chapter, sectionId?: string, blockId?: string): FindingLocation {
  return { type: 'block', chapterId: ch.id, chapterTitle: ch.title, sectionId, blockId };
}

/** Every block of the report year in reading order, with its chapter and section. */
export function* blocksOf(ctx: ValidationContext): Generator<{ ch: Chapter; sec: Section; block: Block }> {
  for (const ch of ctx.chapters) {
    for (const sec of ctx.sectionsByChapter.get(ch.id) ?? []) {
      for (const block of ctx.blocksBySection.get(sec.id) ?? []) yield { ch, sec, block };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Indicators and values.

/** The indicator a rule names (compile.ts guarantees every id a rule names exists). */
export function info(ctx: ValidationContext, id: string): IndicatorInfo {
  return ctx.cf.indicators.get(id) as IndicatorInfo;
}

export function isRequired(ind: Indicator, hasGraduates: boolean): boolean {
  return ind.required === true || (ind.required === 'graduates' && hasGraduates);
}

/** About the year's graduates (required in years with graduates, or marked `graduates`): none expected without them. */
export function expectedThisYear(ind: Indicator, hasGraduates: boolean): boolean {
  return hasGraduates || (ind.required !== 'graduates' && ind.graduates !== true);
}

/**
 * An indicator's value as the grid shows it: a computed one rounded to its decimals (as the report prints it); a
 * typed one with more decimals than declared as typed (rounding would hide the problem).
 */
export function valueText(ctx: ValidationContext, id: string, year = ctx.year): string {
  const i = ctx.cf.indicators.get(id);
  const r = ctx.vals.resolve(id, year);
  if (!i) return formatIndicatorValue(r.value, { unit: '', decimals: 2, type: 'number' });
  return r.origin === 'computed' ? formatRounded(r.value, i.ind) : formatIndicatorValue(r.value, i.ind);
}

/** 「毕业生数 3725人，协议和合同就业人数 2318人」: the named indicators with their values this year. */
export function involvedValues(ctx: ValidationContext, ids: readonly string[]): string {
  return ids
    .map((id) => {
      const i = ctx.cf.indicators.get(id);
      if (!i) return '';
      return `${i.ind.name} ${valueText(ctx, id)}`;
    })
    .filter(Boolean)
    .join('，');
}

/** For a finding on a computed cell: the number cannot be typed there, so say which cells make it. */
export function partsHint(ctx: ValidationContext, i: IndicatorInfo): string {
  const ids = i.formula ? identifiersOf(i.formula) : [];
  const formula = readableFormula(i.ind.formula ?? '', (id) => ctx.cf.indicators.get(id)?.ind.name);
  return `「${i.ind.name}」由公式计算（${formula}），不能直接填写；请核对并修改其组成数据：${involvedValues(ctx, ids)}。`;
}

// ---------------------------------------------------------------------------------------------
// Messages.

/** The values a rule's message template may use: year, title, school, plus the rule's own. */
export function vars(
  ctx: ValidationContext,
  rule: Rule,
  extra: Record<string, string | undefined>,
): Map<string, string> {
  const m = new Map<string, string>([
    ['year', String(ctx.year)],
    ['title', rule.title],
    ['school', ctx.ws.profile.name],
  ]);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) m.set(k, v);
  return m;
}

/** Placeholder lookup: the rule's values first, then any indicator id (its value this year, with unit). */
export function lookup(ctx: ValidationContext, v: ReadonlyMap<string, string>): (key: string) => string | undefined {
  return (key) => {
    const own = v.get(key);
    if (own !== undefined) return own;
    return ctx.cf.indicators.has(key) ? valueText(ctx, key) : undefined;
  };
}

/** The rule's own message when it can be filled, otherwise ours. */
export function message(ctx: ValidationContext, rule: Rule, v: ReadonlyMap<string, string>, fallback: string): string {
  return fillTemplate(rule.message, lookup(ctx, v)) ?? fallback;
}
