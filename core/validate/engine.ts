/**
 * The validation engine: workspace + framework (+ outline) → findings for one report year.
 *
 * Pure and fast: the framework is compiled once (compile.ts, cached per framework object), and every rule reads
 * values through core/values (IndicatorValues: the one path from stored data to every number the app shows).
 *
 * Decisions worth knowing:
 * - Built-in per-indicator checks run for every framework: `builtin.required` (error; 'graduates' indicators only
 *   in years with graduates), `builtin.type` (error: percent 0–100, counts non-negative integers, other values
 *   non-negative) and `builtin.decimals` (warning: more decimals than the framework declares).
 * - Values are core/values' resolved values: a derived indicator (one with a formula) whose parts are present is
 *   its computed value, even when a different copy is stored (the derived rule reports that conflict); without
 *   its parts a stored value is a 填报值 and is used.
 * - No finding points at a cell the user cannot change without saying how: a required derived value that cannot
 *   be computed is reported at the missing part the user can type; a finding on a computed cell gets a hint
 *   naming the parts that make it; a conflict's hint offers 「按公式重新计算」.
 * - Disabled rules (enabled: false, usually [U]) never raise errors: ruleStatus says 'unconfirmed', and when such a
 *   rule would fail we add ONE info finding marked unconfirmed (「待核实」) so reviewers can see what it would say.
 * - Rules restricted to other school categories do not apply and are left out of ruleStatus.
 * - A `when` condition that is false makes the rule pass; when it cannot be decided the rule has no data.
 * - Provincial targets before their deadline: not met → an info finding with status 'progress' (ruleStatus
 *   'pass': nothing is due yet); from the deadline on → a shortfall with the rule's severity.
 */
import { type ExprNode, type ExprScope, evaluate, identifiersOf } from '../framework/expr';
import type { Framework, Indicator, Rule, Severity } from '../framework/schema';
import type { Block, Chapter, Section, Workspace } from '../model';
import { partsText, readableFormula } from '../values/explain';
import { rangeProblem } from '../values/range';
import { type IndicatorValues, type ResolvedValue, valuesOf } from '../values/resolve';
import { type CompiledFramework, type CompiledRule, compileFramework, type IndicatorInfo } from './compile';
import {
  charCount,
  fillTemplate,
  fitsDecimals,
  formatDifference,
  formatIndicatorValue,
  formatNumber,
  formatRaw,
  formatRounded,
  formatShare,
  resolveCitation,
  unitSuffix,
} from './format';
import { matchesWritten, scanNarrative } from './narrative';
import { defaultValidationOutline, type ValidationOutline } from './outline';
import type { Finding, FindingLocation, ValidationResult } from './types';

export interface ValidateOptions {
  /** the report year to check; default ws.profile.reportYear */
  year?: number;
  /** the report outline (chapters-present); default templates/outlines/school-2024.json */
  outline?: ValidationOutline;
}

type RuleStatus = ValidationResult['ruleStatus'][string];

export const DEFAULT_CASE_MAX_CHARS = 1000;
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

interface Ctx {
  ws: Workspace;
  fw: Framework;
  cf: CompiledFramework;
  /** every value the rules read: core/values, the same path the grid and the report use */
  vals: IndicatorValues;
  year: number;
  hasGraduates: boolean;
  scope: ExprScope;
  outline: ValidationOutline;
  chapters: Chapter[];
  sectionsByChapter: Map<string, Section[]>;
  blocksBySection: Map<string, Block[]>;
}

/** A finding before the rule's citation, severity and unconfirmed flag are applied. */
interface Draft {
  message: string;
  location: FindingLocation;
  hint?: string;
  status?: 'fail' | 'progress';
  severity?: Severity;
}

interface Outcome {
  status: RuleStatus;
  drafts: Draft[];
}

const PASS: Outcome = { status: 'pass', drafts: [] };
const NODATA: Outcome = { status: 'nodata', drafts: [] };

function cell(info: IndicatorInfo, year: number): FindingLocation {
  return {
    type: 'cell',
    tableId: info.table.id,
    tableName: info.table.name,
    indicatorId: info.ind.id,
    indicatorName: info.ind.name,
    year,
  };
}

function locationKey(loc: FindingLocation): string {
  if (loc.type === 'cell') return `cell:${loc.tableId}:${loc.indicatorId}:${loc.year}`;
  if (loc.type === 'block') return `block:${loc.chapterId}:${loc.sectionId ?? ''}:${loc.blockId ?? ''}`;
  return `workspace:${loc.label}`;
}

function isRequired(ind: Indicator, hasGraduates: boolean): boolean {
  return ind.required === true || (ind.required === 'graduates' && hasGraduates);
}

function vars(ctx: Ctx, rule: Rule, extra: Record<string, string | undefined>): Map<string, string> {
  const m = new Map<string, string>([
    ['year', String(ctx.year)],
    ['title', rule.title],
    ['school', ctx.ws.profile.name],
  ]);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) m.set(k, v);
  return m;
}

/** Placeholder lookup: the rule's values first, then any indicator id (its value this year, with unit). */
function lookup(ctx: Ctx, v: ReadonlyMap<string, string>): (key: string) => string | undefined {
  return (key) => {
    const own = v.get(key);
    if (own !== undefined) return own;
    const info = ctx.cf.indicators.get(key);
    return info ? valueText(ctx, key) : undefined;
  };
}

/**
 * An indicator's value as the grid shows it: a computed one rounded to its decimals (as the report prints it); a
 * typed one with more decimals than declared as typed (rounding would hide the problem).
 */
function valueText(ctx: Ctx, id: string, year = ctx.year): string {
  const info = ctx.cf.indicators.get(id);
  const r = ctx.vals.resolve(id, year);
  if (!info) return formatIndicatorValue(r.value, { unit: '', decimals: 2, type: 'number' });
  return r.origin === 'computed' ? formatRounded(r.value, info.ind) : formatIndicatorValue(r.value, info.ind);
}

/** The rule's own message when it can be filled, otherwise ours. */
function message(ctx: Ctx, rule: Rule, v: ReadonlyMap<string, string>, fallback: string): string {
  return fillTemplate(rule.message, lookup(ctx, v)) ?? fallback;
}

function involvedValues(ctx: Ctx, ids: readonly string[]): string {
  return ids
    .map((id) => {
      const info = ctx.cf.indicators.get(id);
      if (!info) return '';
      return `${info.ind.name} ${valueText(ctx, id)}`;
    })
    .filter(Boolean)
    .join('，');
}

// ---------------------------------------------------------------------------------------------
// Built-in per-indicator checks.

function builtinChecks(
  ctx: Ctx,
  alreadyMissing: ReadonlySet<string>,
): { findings: Finding[]; statuses: Record<'required' | 'type' | 'decimals', RuleStatus> } {
  const out: Finding[] = [];
  const { year } = ctx;
  const citationOf = (info: IndicatorInfo) => resolveCitation(ctx.fw, info.ind.citation);
  const statuses: Record<'required' | 'type' | 'decimals', RuleStatus> = {
    required: 'pass',
    type: 'pass',
    decimals: 'pass',
  };
  const seen = new Set<string>();
  for (const info of ctx.cf.ordered) {
    const { ind } = info;
    const r = ctx.vals.resolve(ind.id, year);
    if (isRequired(ind, ctx.hasGraduates) && r.value === undefined) {
      statuses.required = 'fail';
      const d = alreadyMissing.has(ind.id) ? undefined : missingDraft(ctx, info, r);
      const key = d ? `builtin.required|${locationKey(d.location)}` : '';
      if (d && !seen.has(key)) {
        seen.add(key);
        out.push(finding('builtin.required', 'required', 'error', { ...d, citation: citationOf(info) }));
      }
    }
    if (r.value === undefined) continue;
    const typeProblem = rangeProblem(ind, r.value);
    if (typeProblem) {
      statuses.type = 'fail';
      const computed = r.origin === 'computed';
      out.push(
        finding('builtin.type', 'type', 'error', {
          message: computed
            ? `${year}年「${ind.name}」按公式计算为 ${formatRounded(r.value, ind)}，${typeProblem}`
            : `${year}年「${ind.name}」为 ${formatRaw(r.value, ind)}，${typeProblem}`,
          location: cell(info, year),
          hint: computed ? partsHint(ctx, info) : '请核对原始数据和单位后重新填写。',
          citation: citationOf(info),
        }),
      );
      continue;
    }
    // a computed value carries the formula's decimals; only a typed one (input or 填报值) can have too many
    if (r.origin !== 'computed' && !fitsDecimals(r.value, ind.decimals)) {
      statuses.decimals = 'fail';
      out.push(
        finding('builtin.decimals', 'decimals', 'warning', {
          message: `${year}年「${ind.name}」为 ${formatRaw(r.value, ind)}，超过规定的 ${ind.decimals} 位小数，报告中将显示为 ${formatNumber(r.value, ind.decimals)}${unitSuffix(ind)}`,
          location: cell(info, year),
          hint: `请按 ${ind.decimals} 位小数填写（四舍五入）。`,
          citation: citationOf(info),
        }),
      );
    }
  }
  return { findings: out, statuses };
}

/**
 * The finding for a required value that is missing, placed where the user can fill it: an input's own cell; for a
 * derived value, the first missing part nobody else reports (a required part gets its own finding, so a derived
 * value whose missing parts are all required adds none), or the derived cell itself when no part is missing
 * (a division by 0: the cell then takes a typed 填报值).
 */
function missingDraft(
  ctx: Ctx,
  info: IndicatorInfo,
  r: ResolvedValue,
): { message: string; location: FindingLocation; hint: string } | undefined {
  const { ind } = info;
  const { year } = ctx;
  const why = ind.required === 'graduates' ? '（本年度有毕业生，毕业生相关指标必须填写）' : '';
  if (!r.derived) {
    return {
      message: `${year}年「${ind.name}」未填写，是${info.table.name}的必填指标${why}`,
      location: cell(info, year),
      hint: `请在${info.table.name}中填写${year}年的「${ind.name}」${ind.unit ? `（单位：${ind.unit}）` : ''}；确实没有数据时请在备注中说明原因。`,
    };
  }
  const parts = r.missingParts;
  if (parts.length === 0) {
    return {
      message: `${year}年「${ind.name}」无法按公式计算（${r.blocked === 'cycle' ? '公式循环引用' : '公式除数为 0'}），是${info.table.name}的必填指标${why}`,
      location: cell(info, year),
      hint: `请核对其计算所用的数据（${involvedValues(ctx, identifiersOf(info.formula!))}），或直接填写「${ind.name}」（作为填报值）。`,
    };
  }
  const unreported = parts.find((p) => {
    const pi = ctx.cf.indicators.get(p.indicatorId);
    return !pi || !isRequired(pi.ind, ctx.hasGraduates);
  });
  if (!unreported) return undefined;
  const target = ctx.cf.indicators.get(unreported.indicatorId);
  if (!target) return undefined;
  return {
    message: `${year}年「${ind.name}」无法计算：缺少${partsText(ctx.vals.vf, parts, year)}，「${ind.name}」是${info.table.name}的必填指标${why}`,
    location: cell(target, unreported.year),
    hint: `请填写${partsText(ctx.vals.vf, parts, year)}，「${ind.name}」将按公式自动计算；没有组成数据时也可直接填写「${ind.name}」（作为填报值）。`,
  };
}

/** For a finding on a computed cell: the number cannot be typed there, so say which cells make it. */
function partsHint(ctx: Ctx, info: IndicatorInfo): string {
  const ids = info.formula ? identifiersOf(info.formula) : [];
  const formula = readableFormula(info.ind.formula ?? '', (id) => ctx.cf.indicators.get(id)?.ind.name);
  return `「${info.ind.name}」由公式计算（${formula}），不能直接填写；请核对并修改其组成数据：${involvedValues(ctx, ids)}。`;
}

function finding(
  ruleId: string,
  kind: string,
  severity: Severity,
  f: Pick<Finding, 'message' | 'location' | 'hint' | 'citation'> & Partial<Pick<Finding, 'status' | 'unconfirmed'>>,
): Finding {
  return {
    ruleId,
    kind,
    severity,
    message: f.message,
    location: f.location,
    citation: f.citation,
    hint: f.hint,
    status: f.status ?? 'fail',
    unconfirmed: f.unconfirmed ?? false,
    key: `${ruleId}|${locationKey(f.location)}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Framework rules.

function checkRule(ctx: Ctx, cr: CompiledRule): Outcome {
  const { rule } = cr;
  if (cr.when) {
    const w = evaluate(cr.when, ctx.scope);
    if (w === undefined) return NODATA;
    if (w === false || w === 0) return PASS;
  }
  switch (rule.kind) {
    case 'completeness':
      return completeness(ctx, rule);
    case 'range':
      return range(ctx, rule);
    case 'consistency':
      return consistency(ctx, cr, rule);
    case 'derived':
      return derived(ctx, rule);
    case 'yoy':
      return yoy(ctx, rule);
    case 'threshold':
      return threshold(ctx, cr, rule);
    case 'target':
      return target(ctx, cr, rule);
    case 'structure':
      return structure(ctx, rule);
    case 'narrative':
      return narrative(ctx, cr, rule);
    default:
      return NODATA;
  }
}

function info(ctx: Ctx, id: string): IndicatorInfo {
  // compile.ts guarantees every id a rule names exists
  return ctx.cf.indicators.get(id) as IndicatorInfo;
}

function completeness(ctx: Ctx, rule: Extract<Rule, { kind: 'completeness' }>): Outcome {
  const drafts: Draft[] = [];
  for (const id of rule.indicators) {
    const i = info(ctx, id);
    if (i.ind.required === 'graduates' && !ctx.hasGraduates) continue;
    const r = ctx.vals.resolve(id, ctx.year);
    if (r.value !== undefined) continue;
    const v = vars(ctx, rule, { name: i.ind.name, unit: i.ind.unit, table: i.table.name });
    // a derived value that cannot be computed: point at the first missing part, which the user can type
    const part = r.missingParts[0];
    const at = part ? ctx.cf.indicators.get(part.indicatorId) : undefined;
    drafts.push({
      message: message(
        ctx,
        rule,
        v,
        at && part
          ? `${ctx.year}年「${i.ind.name}」无法计算：缺少${partsText(ctx.vals.vf, r.missingParts, ctx.year)}（${rule.title}）`
          : `${ctx.year}年「${i.ind.name}」未填写（${rule.title}）`,
      ),
      location: at && part ? cell(at, part.year) : cell(i, ctx.year),
    });
  }
  return drafts.length ? { status: 'fail', drafts } : PASS;
}

function range(ctx: Ctx, rule: Extract<Rule, { kind: 'range' }>): Outcome {
  const i = info(ctx, rule.indicator);
  const value = ctx.scope.get(rule.indicator);
  if (value === undefined) return NODATA;
  const tooLow = rule.min !== undefined && value < rule.min;
  const tooHigh = rule.max !== undefined && value > rule.max;
  if (!tooLow && !tooHigh) return PASS;
  const fmt = (x: number | undefined) => (x === undefined ? undefined : formatIndicatorValue(x, i.ind));
  const bounds =
    rule.min !== undefined && rule.max !== undefined
      ? `${fmt(rule.min)}～${fmt(rule.max)}`
      : rule.min !== undefined
        ? `不低于 ${fmt(rule.min)}`
        : `不高于 ${fmt(rule.max)}`;
  const shown = valueText(ctx, rule.indicator);
  const v = vars(ctx, rule, { name: i.ind.name, value: shown, min: fmt(rule.min), max: fmt(rule.max) });
  return {
    status: 'fail',
    drafts: [
      {
        message: message(ctx, rule, v, `${ctx.year}年「${i.ind.name}」为 ${shown}，超出合理范围（${bounds}）`),
        location: cell(i, ctx.year),
      },
    ],
  };
}

function consistency(ctx: Ctx, cr: CompiledRule, rule: Extract<Rule, { kind: 'consistency' }>): Outcome {
  const r = evaluate(cr.expr!, ctx.scope, { tolerance: rule.tolerance });
  if (r === undefined) return NODATA;
  if (r === true || (typeof r === 'number' && r !== 0)) return PASS;
  const first = cr.exprIds[0];
  const firstInfo = first ? ctx.cf.indicators.get(first) : undefined;
  const values = involvedValues(ctx, cr.exprIds);
  const v = vars(ctx, rule, {
    values,
    name: firstInfo?.ind.name,
    value: firstInfo ? valueText(ctx, firstInfo.ind.id) : undefined,
  });
  const filled = fillTemplate(rule.message, lookup(ctx, v));
  const text = filled
    ? rule.message.includes('{values}')
      ? filled
      : `${filled}（${values}）`
    : `${ctx.year}年数据不一致：${rule.title}（${values}）`;
  return {
    status: 'fail',
    drafts: [
      {
        message: text,
        location: firstInfo ? cell(firstInfo, ctx.year) : { type: 'workspace', label: rule.title },
      },
    ],
  };
}

/** A stored copy of a derived value that differs from its formula: the conflict core/values reports. */
function derived(ctx: Ctx, rule: Extract<Rule, { kind: 'derived' }>): Outcome {
  const i = info(ctx, rule.indicator);
  const r = ctx.vals.resolve(rule.indicator, ctx.year);
  const stated = r.stored;
  const computed = r.computed;
  if (stated === undefined || computed === undefined) return NODATA;
  if (!r.conflict) return PASS;
  const diff = stated - computed;
  // the stored copy as typed; the computed value as the grid and the report print it
  const fmt = (x: number) => formatIndicatorValue(x, i.ind);
  const shown = formatRounded(computed, i.ind);
  const v = vars(ctx, rule, {
    name: i.ind.name,
    value: fmt(stated),
    computed: shown,
    expected: shown,
    diff: formatDifference(diff, i.ind),
    difference: formatDifference(diff, i.ind),
    tolerance: formatDifference(ctx.vals.vf.byId.get(rule.indicator)?.tolerance ?? rule.tolerance, i.ind),
    formula: i.ind.formula,
  });
  return {
    status: 'fail',
    drafts: [
      {
        message: message(
          ctx,
          rule,
          v,
          `${ctx.year}年「${i.ind.name}」填报为 ${fmt(stated)}，按填报数据计算应为 ${shown}（相差 ${formatDifference(diff, i.ind)}）`,
        ),
        location: cell(i, ctx.year),
        hint: `表格、报告和校验都采用计算值 ${shown}。选中该单元格，点「按公式重新计算」（单元格上的「重算」）改正填报值；若填报值是对的，请核对计算所用的数据（${involvedValues(ctx, identifiersOf(i.formula!))}）。`,
      },
    ],
  };
}

function yoy(ctx: Ctx, rule: Extract<Rule, { kind: 'yoy' }>): Outcome {
  const drafts: Draft[] = [];
  let any = false;
  for (const id of rule.indicators) {
    const i = info(ctx, id);
    const cur = ctx.scope.get(id);
    const prev = ctx.scope.prev(id);
    if (cur === undefined || prev === undefined || prev === 0) continue;
    any = true;
    const change = (cur - prev) / Math.abs(prev);
    if (Math.abs(change) <= rule.maxChange + 1e-12) continue;
    const curText = valueText(ctx, id);
    const prevText = valueText(ctx, id, ctx.year - 1);
    const v = vars(ctx, rule, {
      name: i.ind.name,
      value: curText,
      prev: prevText,
      previous: prevText,
      change: formatShare(change),
      max: `±${formatNumber(rule.maxChange * 100, 0)}%`,
      prevYear: String(ctx.year - 1),
    });
    drafts.push({
      message: message(
        ctx,
        rule,
        v,
        `「${i.ind.name}」由${ctx.year - 1}年的 ${prevText} 变为${ctx.year}年的 ${curText}，变化 ${formatShare(change)}，超过 ±${formatNumber(rule.maxChange * 100, 0)}%，请再次核对`,
      ),
      location: cell(i, ctx.year),
      hint: '请核对两年的数据口径与单位是否一致；变化属实时可在备注中说明原因。',
    });
  }
  if (drafts.length) return { status: 'fail', drafts };
  return any ? PASS : NODATA;
}

/**
 * A rule written as a chain of conditions joined by && (e.g. all 办学条件达标 items at once): the conditions that
 * fail, each with its first indicator, so the finding sits on a failing cell and names every failing item.
 */
function failingConjuncts(ctx: Ctx, node: ExprNode): { id: string; label: string }[] {
  const parts: ExprNode[] = [];
  const flatten = (n: ExprNode) => {
    if (n.type === 'binary' && n.op === '&&') {
      flatten(n.left);
      flatten(n.right);
    } else parts.push(n);
  };
  flatten(node);
  if (parts.length < 2) return [];
  const out: { id: string; label: string }[] = [];
  for (const part of parts) {
    if (evaluate(part, ctx.scope) !== false) continue;
    const id = identifiersOf(part)[0];
    const i = id ? ctx.cf.indicators.get(id) : undefined;
    if (!i) continue;
    out.push({ id: i.ind.id, label: `「${i.ind.name}」${valueText(ctx, i.ind.id)}` });
  }
  return out;
}

function withFailing(msg: string, failing: readonly { label: string }[]): string {
  if (!failing.length) return msg;
  return `${msg.replace(/。$/, '')}（未达标项：${failing.map((f) => f.label).join('、')}）。`;
}

/** What a failed standard or target is about: the failing items, the cell to show, the value it tested. */
function testedIndicator(ctx: Ctx, cr: CompiledRule, ruleIndicator: string) {
  const failing = failingConjuncts(ctx, cr.expr!);
  const i = info(ctx, failing[0]?.id ?? ruleIndicator);
  // a derived indicator's value is its computed one whenever its parts are there (core/values)
  const value = ctx.scope.get(i.ind.id);
  const fmt = (x: number | undefined) => (x === undefined ? undefined : formatIndicatorValue(x, i.ind));
  // the tested value as the grid shows it (a computed one rounded), the reference as the rule states it
  const shown = value === undefined ? undefined : valueText(ctx, i.ind.id);
  return { failing, i, value, fmt, shown };
}

function threshold(ctx: Ctx, cr: CompiledRule, rule: Extract<Rule, { kind: 'threshold' }>): Outcome {
  const r = evaluate(cr.expr!, ctx.scope);
  if (r === undefined) return NODATA;
  if (r === true || (typeof r === 'number' && r !== 0)) return PASS;
  const { failing, i, fmt, shown } = testedIndicator(ctx, cr, rule.indicator);
  const v = vars(ctx, rule, {
    name: i.ind.name,
    value: shown,
    reference: fmt(rule.reference),
    values: involvedValues(ctx, cr.exprIds),
    category: ctx.ws.profile.category,
  });
  const ref = rule.reference !== undefined ? `（标准：${fmt(rule.reference)}）` : '';
  return {
    status: 'fail',
    drafts: [
      {
        message: withFailing(
          message(ctx, rule, v, `${ctx.year}年「${i.ind.name}」为 ${shown ?? '无数据'}，未达到${rule.title}${ref}`),
          failing,
        ),
        location: cell(i, ctx.year),
      },
    ],
  };
}

function target(ctx: Ctx, cr: CompiledRule, rule: Extract<Rule, { kind: 'target' }>): Outcome {
  const r = evaluate(cr.expr!, ctx.scope);
  if (r === undefined) return NODATA;
  if (r === true || (typeof r === 'number' && r !== 0)) return PASS;
  const { failing, i, value, fmt, shown } = testedIndicator(ctx, cr, rule.indicator);
  const gap =
    value !== undefined && rule.reference !== undefined ? formatDifference(rule.reference - value, i.ind) : undefined;
  const v = vars(ctx, rule, {
    name: i.ind.name,
    value: shown,
    reference: fmt(rule.reference),
    deadline: String(rule.deadline),
    since: rule.since !== undefined ? String(rule.since) : undefined,
    gap,
  });
  const goal = rule.reference !== undefined ? `目标 ${fmt(rule.reference)}` : `目标（${rule.title}）`;
  if (ctx.year < rule.deadline) {
    const fallback = `${ctx.year}年「${i.ind.name}」为 ${shown ?? '无数据'}，距${rule.deadline}年${goal}${gap ? `还差 ${gap}` : '尚有差距'}`;
    return {
      status: 'pass',
      drafts: [
        {
          message: withFailing(message(ctx, rule, v, fallback), failing),
          location: cell(i, ctx.year),
          status: 'progress',
          severity: 'info',
          hint: rule.hint || `目标期限为${rule.deadline}年，请在报告中说明推进措施。`,
        },
      ],
    };
  }
  const fallback = `${ctx.year}年「${i.ind.name}」为 ${shown ?? '无数据'}，未达到${rule.deadline}年${goal}${gap ? `（相差 ${gap}）` : ''}`;
  return {
    status: 'fail',
    drafts: [{ message: withFailing(message(ctx, rule, v, fallback), failing), location: cell(i, ctx.year) }],
  };
}

// ---------------------------------------------------------------------------------------------
// Report structure and narrative.

function blockLocation(ch: Chapter, sectionId?: string, blockId?: string): FindingLocation {
  return { type: 'block', chapterId: ch.id, chapterTitle: ch.title, sectionId, blockId };
}

function* blocksOf(ctx: Ctx): Generator<{ ch: Chapter; sec: Section; block: Block }> {
  for (const ch of ctx.chapters) {
    for (const sec of ctx.sectionsByChapter.get(ch.id) ?? []) {
      for (const block of ctx.blocksBySection.get(sec.id) ?? []) yield { ch, sec, block };
    }
  }
}

function blockHasContent(b: Block): boolean {
  const c = b.content;
  switch (c.kind) {
    case 'paragraph':
      return (c.lead + c.text).trim().length > 0;
    case 'case':
      return (c.title + c.body).trim().length > 0;
    case 'challenge':
      return (c.title + c.problems + c.plans).trim().length > 0;
    case 'table':
      return c.rows.length > 0;
    default:
      return true;
  }
}

function structure(ctx: Ctx, rule: Extract<Rule, { kind: 'structure' }>): Outcome {
  const drafts: Draft[] = [];
  const v = (extra: Record<string, string | undefined>) => vars(ctx, rule, extra);
  switch (rule.check) {
    case 'chapters-present': {
      for (const oc of ctx.outline.chapters) {
        if (oc.optional) continue;
        const ch = ctx.chapters.find((c) => c.key === oc.key);
        if (!ch) {
          drafts.push({
            message: message(
              ctx,
              rule,
              v({ name: oc.title, chapter: oc.title }),
              `${ctx.year}年度报告缺少「${oc.title}」一章`,
            ),
            location: { type: 'workspace', label: oc.title },
            hint: rule.hint || `请添加「${oc.title}」一章并撰写内容。`,
          });
          continue;
        }
        const hasContent =
          ch.intro.trim().length > 0 ||
          (ctx.sectionsByChapter.get(ch.id) ?? []).some((s) =>
            (ctx.blocksBySection.get(s.id) ?? []).some(blockHasContent),
          );
        if (!hasContent) {
          drafts.push({
            message: message(ctx, rule, v({ name: ch.title, chapter: ch.title }), `「${ch.title}」一章还没有内容`),
            location: blockLocation(ch),
            hint: rule.hint || `请为「${ch.title}」撰写内容。`,
          });
        }
      }
      break;
    }
    case 'appendix-complete': {
      for (const table of [...ctx.fw.tables].sort((a, b) => a.order - b.order)) {
        const missing = table.indicators
          .filter((ind) => isRequired(ind, ctx.hasGraduates) && ctx.scope.get(ind.id) === undefined)
          .map((ind) => ind.name);
        if (missing.length === 0) continue;
        const list = missing.slice(0, 5).join('、') + (missing.length > 5 ? ` 等` : '');
        drafts.push({
          message: message(
            ctx,
            rule,
            v({ table: table.name, name: list, count: String(missing.length), values: list }),
            `附表「${table.name}」缺少 ${missing.length} 项必填数据：${list}`,
          ),
          location: { type: 'workspace', label: `附表：${table.name}` },
          hint: rule.hint || `请在${table.name}中补齐${ctx.year}年的数据。`,
        });
      }
      break;
    }
    case 'case-title':
    case 'case-length':
    case 'figure-source':
    case 'photo-caption': {
      const max = rule.max ?? DEFAULT_CASE_MAX_CHARS;
      const casesSeen = new Map<string, number>();
      for (const { ch, sec, block } of blocksOf(ctx)) {
        const c = block.content;
        const caseNo = c.kind === 'case' ? (casesSeen.get(ch.id) ?? 0) + 1 : 0;
        if (c.kind === 'case') casesSeen.set(ch.id, caseNo);
        const loc = blockLocation(ch, sec.id, block.id);
        if (rule.check === 'case-title' && c.kind === 'case' && !c.title.trim()) {
          drafts.push({
            message: message(
              ctx,
              rule,
              v({ chapter: ch.title, case: `第 ${caseNo} 个案例` }),
              `「${ch.title}」中的第 ${caseNo} 个案例没有标题`,
            ),
            location: loc,
            hint: rule.hint || '请为案例补上标题：通常是「做法，成效」两个短句，约 13～27 字，不加句号。',
          });
        } else if (rule.check === 'case-length' && c.kind === 'case') {
          const n = charCount(c.body);
          if (n > max) {
            const name = c.title.trim() || '（无标题）';
            drafts.push({
              message: message(
                ctx,
                rule,
                v({
                  name,
                  case: `案例「${name}」`,
                  length: String(n),
                  value: `${n}字`,
                  max: `${max}字`,
                  chapter: ch.title,
                }),
                `案例「${name}」正文 ${n} 字，超过 ${max} 字`,
              ),
              location: loc,
              hint: rule.hint || `请精简案例正文至 ${max} 字以内，保留做法和有数字的成效。`,
            });
          }
        } else if (rule.check === 'figure-source' && c.kind === 'chart' && !c.source.trim()) {
          const name = c.caption.trim() || '（无题注）';
          drafts.push({
            message: message(
              ctx,
              rule,
              v({ name, figure: `图表「${name}」`, chapter: ch.title }),
              `图表「${name}」没有注明数据来源`,
            ),
            location: loc,
            hint: rule.hint || '请在图表的「数据来源」中填写，例如：职业教育质量年报平台人才培养质量计分卡。',
          });
        } else if (rule.check === 'photo-caption') {
          const photos = c.kind === 'photo' ? [c] : c.kind === 'case' ? c.photos : [];
          const empty = photos.filter((p) => !p.caption.trim()).length;
          if (empty > 0) {
            const where =
              c.kind === 'case' ? `案例「${c.title.trim() || '（无标题）'}」的 ${empty} 张图片` : '一张图片';
            drafts.push({
              message: message(
                ctx,
                rule,
                v({ name: ch.title, chapter: ch.title, count: String(empty), figure: `「${ch.title}」中${where}` }),
                `「${ch.title}」中${where}没有图题`,
              ),
              location: loc,
              hint: rule.hint || '请为图片填写图题，说明时间、地点和活动，例如「2024年5月，学校举办校园招聘会」。',
            });
          }
        }
      }
      break;
    }
    default:
      return NODATA;
  }
  return drafts.length ? { status: 'fail', drafts } : PASS;
}

function narrativeTexts(ctx: Ctx): { text: string; location: FindingLocation }[] {
  const out: { text: string; location: FindingLocation }[] = [];
  for (const ch of ctx.chapters) if (ch.intro.trim()) out.push({ text: ch.intro, location: blockLocation(ch) });
  for (const { ch, sec, block } of blocksOf(ctx)) {
    const c = block.content;
    const loc = blockLocation(ch, sec.id, block.id);
    if (c.kind === 'paragraph') out.push({ text: `${c.lead}\n${c.text}`, location: loc });
    else if (c.kind === 'case') out.push({ text: `${c.title}\n${c.body}`, location: loc });
    else if (c.kind === 'challenge') out.push({ text: `${c.problems}\n${c.plans}`, location: loc });
  }
  return out;
}

function narrative(ctx: Ctx, cr: CompiledRule, rule: Extract<Rule, { kind: 'narrative' }>): Outcome {
  const matcher = cr.narrative!;
  const drafts: Draft[] = [];
  let compared = 0;
  for (const { text, location } of narrativeTexts(ctx)) {
    for (const hit of scanNarrative(text, matcher, ctx.year)) {
      const i = info(ctx, hit.indicatorId);
      const stored = ctx.vals.value(hit.indicatorId, hit.year);
      if (stored === undefined) continue;
      compared++;
      if (matchesWritten(stored, hit)) continue;
      const fmt = valueText(ctx, hit.indicatorId, hit.year);
      const v = vars(ctx, rule, {
        name: i.ind.name,
        value: fmt,
        text: hit.snippet,
        written: hit.writtenText,
        found: hit.writtenText,
        year: String(hit.year),
      });
      drafts.push({
        message: message(
          ctx,
          rule,
          v,
          `正文写「${hit.snippet}」，但${hit.year}年「${i.ind.name}」填报为 ${fmt}，两处不一致`,
        ),
        location,
        hint: rule.hint || `请核对后修改正文或${i.table.name}中的数据，使两处一致。`,
      });
    }
  }
  if (drafts.length) return { status: 'fail', drafts };
  return compared > 0 ? PASS : NODATA;
}

// ---------------------------------------------------------------------------------------------

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

function applies(rule: Rule, ws: Workspace): boolean {
  return rule.categories.length === 0 || rule.categories.includes(ws.profile.category);
}

/** Validates one report year of a workspace against a framework. Pure; throws QarError FRAMEWORK for a bad framework. */
export function validateWorkspace(ws: Workspace, fw: Framework, opts: ValidateOptions = {}): ValidationResult {
  const cf = compileFramework(fw);
  const year = opts.year ?? ws.profile.reportYear;
  const vals = valuesOf(ws, fw);
  const ctx: Ctx = {
    ws,
    fw,
    cf,
    vals,
    year,
    hasGraduates: ws.years.find((y) => y.year === year)?.hasGraduates ?? true,
    scope: vals.scope(year),
    outline: opts.outline ?? defaultValidationOutline(),
    ...prepareReport(ws, year),
  };

  const findings: Finding[] = [];
  const ruleStatus: Record<string, RuleStatus> = {};
  const missingReported = new Set<string>();

  for (const cr of cf.rules) {
    const { rule } = cr;
    if (!applies(rule, ws)) continue;
    const outcome = checkRule(ctx, cr);
    const citation = resolveCitation(fw, rule.citation);
    if (!rule.enabled) {
      ruleStatus[rule.id] = 'unconfirmed';
      const failing = outcome.drafts.filter((d) => (d.status ?? 'fail') === 'fail');
      const first = failing[0];
      if (outcome.status === 'fail' && first) {
        const more = failing.length > 1 ? `（等 ${failing.length} 处）` : '';
        findings.push(
          finding(rule.id, rule.kind, 'info', {
            message: `待核实：${first.message}${more}。该规则依据尚未确认，暂不作为错误`,
            location: first.location,
            citation,
            hint: '该规则尚未确认（待核实），请学校或主管部门核实依据后再决定是否启用。',
            unconfirmed: true,
          }),
        );
      }
      continue;
    }
    ruleStatus[rule.id] = outcome.status;
    for (const d of outcome.drafts) {
      if (rule.kind === 'completeness' && d.location.type === 'cell') missingReported.add(d.location.indicatorId);
      const hint = d.hint ?? (rule.hint || defaultHint(rule));
      findings.push(
        finding(rule.id, rule.kind, d.severity ?? rule.severity, {
          message: d.message,
          location: d.location,
          citation,
          hint: rule.kind === 'derived' ? hint : withPartsHint(ctx, d.location, hint),
          status: d.status,
        }),
      );
    }
  }

  const builtin = builtinChecks(ctx, missingReported);
  findings.push(...builtin.findings);
  ruleStatus['builtin.required'] = builtin.statuses.required;
  ruleStatus['builtin.type'] = builtin.statuses.type;
  ruleStatus['builtin.decimals'] = builtin.statuses.decimals;

  // Stable: by severity, then in the order rules and tables were checked.
  const ordered = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
  const summary = { error: 0, warning: 0, info: 0 };
  for (const f of ordered) summary[f.severity]++;
  return { findings: ordered, summary, ruleStatus };
}

/** A finding on a computed cell also says which cells to change (the computed one takes no typing). */
function withPartsHint(ctx: Ctx, loc: FindingLocation, hint: string): string {
  if (loc.type !== 'cell' || loc.year !== ctx.year) return hint;
  const info = ctx.cf.indicators.get(loc.indicatorId);
  if (!info?.formula || ctx.vals.resolve(loc.indicatorId, loc.year).origin !== 'computed') return hint;
  return `${hint}${/[。！？]$/.test(hint) ? '' : '。'}${partsHint(ctx, info)}`;
}

function defaultHint(rule: Rule): string {
  switch (rule.kind) {
    case 'completeness':
      return '请补填该项数据；确实没有数据时请在备注中说明原因。';
    case 'range':
      return '请核对数据和单位是否填写正确。';
    case 'consistency':
      return '请核对相关几项数据，使其相互一致。';
    case 'threshold':
      return '请核对数据；确未达标时请在报告中说明原因和改进措施。';
    case 'target':
      return '请核对数据，并在报告中说明差距原因和推进措施。';
    case 'structure':
      return '请按报告提纲补充或修改相应内容。';
    default:
      return '请核对后修改。';
  }
}
