/**
 * The validation engine: workspace + framework (+ outline) → findings for one report year. A short loop over
 * rule modules (rules/<kind>.ts, one per rule kind, common signature in rules/types.ts): the framework's rules
 * first, then the built-in checks.
 *
 * Pure and fast: the framework is compiled once (compile.ts, cached per framework object), and every rule reads
 * values through core/values (IndicatorValues: the one path from stored data to every number the app shows).
 *
 * Decisions worth knowing:
 * - Values are core/values' resolved values: a derived indicator (one with a formula) whose parts are present is
 *   its computed value, even when a different copy is stored (the derived rule reports that conflict); without
 *   its parts a stored value is a 填报值 and is used.
 * - No finding points at a cell the user cannot change without saying how: a finding on a computed cell gets a
 *   hint naming the parts that make it; a conflict's hint offers 「按公式重新计算」.
 * - Disabled rules (enabled: false, usually [U]) never raise errors: ruleStatus says 'unconfirmed', and when such a
 *   rule would fail we add ONE info finding marked unconfirmed (「待核实」) so reviewers can see what it would say.
 * - Rules restricted to other school levels or categories do not apply and are left out of ruleStatus.
 * - A `when` condition that is false makes the rule pass; when it cannot be decided the rule has no data.
 */
import { evaluate } from '../framework/expr';
import { provincialTargetsApply } from '../framework/region';
import type { Framework, Rule, Severity } from '../framework/schema';
import type { Workspace } from '../model';
import { CITE_BY_KIND } from './builtin-citations';
import type { CompiledRule } from './compile';
import {
  createContext,
  type Draft,
  forYear,
  locationKey,
  NODATA,
  type Outcome,
  PASS,
  partsHint,
  type RuleStatus,
  type ValidateOptions,
  type ValidationContext,
} from './context';
import { citationDetail, resolveCitation } from './format';
import { BUILTIN_RULES, FRAMEWORK_RULES } from './rules';
import type { FrameworkRuleModule } from './rules/types';
import type { Finding, FindingLocation, ValidationResult } from './types';

export { DEFAULT_CASE_MAX_CHARS } from './rules/structure';
export type { ValidateOptions };

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function finding(
  ruleId: string,
  kind: string,
  severity: Severity,
  f: Pick<Finding, 'message' | 'location' | 'hint' | 'citation'> &
    Partial<Pick<Finding, 'status' | 'unconfirmed' | 'detail'>>,
): Finding {
  const detail = f.detail && Object.keys(f.detail).length ? { detail: f.detail } : {};
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
    ...detail,
  };
}

/** A framework rule's outcome for one year: its `when` first, then its kind's module. */
function checkRule(ctx: ValidationContext, cr: CompiledRule, mod: FrameworkRuleModule): Outcome {
  if (cr.when) {
    const w = evaluate(cr.when, ctx.scope);
    if (w === undefined) return NODATA;
    if (w === false || w === 0) return PASS;
  }
  return mod.check(ctx, cr as never);
}

/**
 * A module's outcome over the years it checks: every printed year for a data check, else the report year. The
 * status is the report year's (the compliance matrix speaks of the report year: 无数据 stays 无数据), and 'fail'
 * when any printed year fails.
 */
function overYears(ctx: ValidationContext, printed: boolean, run: (c: ValidationContext) => Outcome): Outcome {
  if (!printed) return run(ctx);
  const outcomes = ctx.printedYears.map((y) => ({ y, o: run(forYear(ctx, y)) }));
  const own = outcomes.find((x) => x.y === ctx.year)?.o.status ?? 'nodata';
  const status: RuleStatus = outcomes.some((x) => x.o.status === 'fail') ? 'fail' : own;
  return { status, drafts: outcomes.flatMap((x) => x.o.drafts) };
}

function applies(rule: Rule, ws: Workspace): boolean {
  if (rule.levels.length > 0 && !rule.levels.includes(ws.profile.level)) return false;
  return rule.categories.length === 0 || rule.categories.includes(ws.profile.category);
}

/** Validates one report year of a workspace against a framework. Pure; throws QarError FRAMEWORK for a bad framework. */
export function validateWorkspace(ws: Workspace, fw: Framework, opts: ValidateOptions = {}): ValidationResult {
  const ctx = createContext(ws, fw, opts);
  const findings: Finding[] = [];
  const ruleStatus: Record<string, RuleStatus> = {};
  /** `kind|locationKey` of the findings another one explains (Draft.supersedes), and the findings explaining them */
  const superseded = new Map<string, Finding[]>();
  const add = (f: Finding, d?: Draft) => {
    findings.push(f);
    // a 待核实 note speaks for a rule not in force: no other check leaves a place to it
    const key = `${f.kind}|${locationKey(f.location)}`;
    const had = ctx.raised.get(key);
    if (!f.unconfirmed && (!had || SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[had])) ctx.raised.set(key, f.severity);
    for (const { kinds, at } of d?.supersedes ?? []) {
      for (const k of kinds) {
        const key = `${k}|${locationKey(at ?? f.location)}`;
        superseded.set(key, [...(superseded.get(key) ?? []), f]);
      }
    }
  };

  // a province's targets hold a school of that province (core/framework/region.ts); for another one they are
  // left out, and said so once below
  const targetsApply = provincialTargetsApply(fw.region, ws.profile.region);
  const otherRegion: Rule[] = [];
  for (const cr of ctx.cf.rules) {
    const { rule } = cr;
    const mod = FRAMEWORK_RULES[rule.kind] as FrameworkRuleModule | undefined;
    if (!mod || !applies(rule, ws)) continue;
    if (rule.kind === 'target' && !targetsApply) {
      otherRegion.push(rule);
      continue;
    }
    const outcome = overYears(ctx, mod.years === 'printed', (c) => checkRule(c, cr, mod));
    // a rule that names no document cites what kind of check it is, in words
    const citation = resolveCitation(fw, rule.citation) ?? CITE_BY_KIND[rule.kind] ?? null;
    const detail = citationDetail(rule.citation);
    if (!rule.enabled) {
      ruleStatus[rule.id] = 'unconfirmed';
      const unconfirmed = unconfirmedFinding(rule, outcome, citation, detail);
      if (unconfirmed) add(unconfirmed);
      continue;
    }
    ruleStatus[rule.id] = outcome.status;
    for (const d of outcome.drafts) {
      const hint = d.hint ?? (rule.hint || mod.defaultHint);
      add(
        finding(rule.id, rule.kind, d.severity ?? rule.severity, {
          message: d.message,
          location: d.location,
          citation: d.citation === undefined ? citation : d.citation,
          hint: mod.partsHint === false ? hint : withPartsHint(ctx, d.location, hint),
          status: d.status,
          detail: { ...detail, ...d.detail },
        }),
        d,
      );
    }
  }

  for (const b of BUILTIN_RULES) {
    const outcome = overYears(ctx, b.years === 'printed', (c) => b.check(c));
    ruleStatus[b.id] = outcome.status;
    for (const d of outcome.drafts) add(builtinFinding(b.id, b.kind, b.severity, d), d);
  }
  if (otherRegion.length > 0) add(otherRegionFinding(fw, ws, otherRegion));

  // One slip, one finding, at the most severe level: a finding that explains others takes the highest severity
  // among them (a province's error-level range rule stays an error when the unit note replaces it).
  const kept = findings.filter((f) => {
    const by = superseded.get(`${f.kind}|${locationKey(f.location)}`);
    if (!by) return true;
    for (const s of by) if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[s.severity]) s.severity = f.severity;
    return false;
  });
  // Stable: by severity, then in the order rules and tables were checked.
  const ordered = kept
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
  const summary = { error: 0, warning: 0, info: 0 };
  for (const f of ordered) summary[f.severity]++;
  return { findings: ordered, summary, ruleStatus };
}

function builtinFinding(id: string, kind: string, severity: Severity, d: Draft): Finding {
  return finding(id, kind, d.severity ?? severity, {
    message: d.message,
    location: d.location,
    citation: d.citation ?? null,
    hint: d.hint ?? '',
    status: d.status,
    detail: d.detail,
  });
}

/** ONE info finding for a province's targets left out for a school of another province: what, and why. */
function otherRegionFinding(fw: Framework, ws: Workspace, rules: readonly Rule[]): Finding {
  const titles = rules.map((r) => `「${r.title}」`);
  const listed = titles.length > 3 ? `${titles.slice(0, 3).join('、')}等 ${titles.length} 项` : titles.join('、');
  return finding('builtin.region-targets', 'region', 'info', {
    message: `学校所在地区为「${ws.profile.region.trim()}」，指标体系中的省级目标是${fw.region}的（${listed}），未用于本校校验。`,
    location: { type: 'workspace', label: '学校信息：所在地区' },
    citation: null,
    hint: `如学校位于${fw.region}，请在「学校信息」中改正所在地区；本地区的目标请导入本省（市）的指标体系文件。`,
  });
}

/** A disabled rule that would fail: ONE info finding marked 待核实, never an error. */
function unconfirmedFinding(
  rule: Rule,
  outcome: Outcome,
  citation: Finding['citation'],
  detail: Finding['detail'],
): Finding | undefined {
  const failing = outcome.drafts.filter((d) => (d.status ?? 'fail') === 'fail');
  const first = failing[0];
  if (outcome.status !== 'fail' || !first) return undefined;
  const more = failing.length > 1 ? `（等 ${failing.length} 处）` : '';
  // a [U] rule's own message often starts 【待核实】 and ends 。: said once here, not 「待核实：【待核实】…。。」
  const said = first.message.replace(/^【待核实】/, '').replace(/[。；，\s]+$/u, '');
  return finding(rule.id, rule.kind, 'info', {
    message: `待核实：${said}${more}。该规则依据尚未确认，暂不作为错误`,
    location: first.location,
    citation,
    hint: '该规则尚未确认（待核实），请学校或主管部门核实依据后再决定是否启用。',
    unconfirmed: true,
    detail,
  });
}

/** A finding on a computed cell also says which cells to change (the computed one takes no typing). */
function withPartsHint(ctx: ValidationContext, loc: FindingLocation, hint: string): string {
  if (loc.type !== 'cell' || !ctx.printedYears.includes(loc.year)) return hint;
  const i = ctx.cf.indicators.get(loc.indicatorId);
  if (!i?.formula || ctx.vals.resolve(loc.indicatorId, loc.year).origin !== 'computed') return hint;
  return `${hint}${/[。！？]$/.test(hint) ? '' : '。'}${partsHint(forYear(ctx, loc.year), i)}`;
}
