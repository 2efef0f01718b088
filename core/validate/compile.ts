/**
 * A framework prepared for validation, once per framework object: indicators indexed by id, every expression
 * (formulas, rule expr and when) parsed and checked to read only known indicators, formula cycles refused,
 * narrative name matchers built. Cached in a WeakMap so validating 200 workspaces parses nothing twice.
 */
import { QarError } from '../errors';
import { type ExprNode, identifiersOf, parseExpr } from '../framework/expr';
import type { Framework, FrameworkTable, Indicator, Rule } from '../framework/schema';
import { buildNarrativeMatcher, type NarrativeMatcher } from './narrative';

export interface IndicatorInfo {
  readonly ind: Indicator;
  readonly table: FrameworkTable;
  readonly formula?: ExprNode;
}

export interface CompiledRule {
  readonly rule: Rule;
  /** expr of consistency / threshold / target rules */
  readonly expr?: ExprNode;
  readonly when?: ExprNode;
  /** indicator ids the expression reads, in order (the values shown in messages) */
  readonly exprIds: readonly string[];
  readonly narrative?: NarrativeMatcher;
}

export interface CompiledFramework {
  readonly fw: Framework;
  readonly indicators: ReadonlyMap<string, IndicatorInfo>;
  /** in table order, then order within the table */
  readonly ordered: readonly IndicatorInfo[];
  readonly rules: readonly CompiledRule[];
}

const cache = new WeakMap<Framework, CompiledFramework>();

function frameworkError(what: string, cause?: unknown): QarError {
  return new QarError('FRAMEWORK', `指标体系文件有误：${what}。请改用正确的指标体系文件。`, { cause });
}

function parseChecked(src: string, where: string, known: ReadonlyMap<string, IndicatorInfo>): ExprNode {
  let node: ExprNode;
  try {
    node = parseExpr(src);
  } catch (e) {
    throw frameworkError(`${where}的表达式不正确（${e instanceof Error ? e.message : String(e)}）`, e);
  }
  for (const id of identifiersOf(node)) {
    if (!known.has(id)) throw frameworkError(`${where}引用了不存在的指标「${id}」`);
  }
  return node;
}

function ruleIndicators(rule: Rule): string[] {
  switch (rule.kind) {
    case 'completeness':
    case 'yoy':
      return rule.indicators;
    case 'range':
    case 'derived':
    case 'threshold':
    case 'target':
      return [rule.indicator];
    case 'narrative':
      return [...rule.indicators, ...Object.keys(rule.aliases)];
    default:
      return [];
  }
}

export function compileFramework(fw: Framework): CompiledFramework {
  const hit = cache.get(fw);
  if (hit) return hit;

  const indicators = new Map<string, IndicatorInfo>();
  const ordered: IndicatorInfo[] = [];
  for (const table of [...fw.tables].sort((a, b) => a.order - b.order)) {
    for (const ind of table.indicators) {
      if (indicators.has(ind.id)) throw frameworkError(`指标编号「${ind.id}」重复`);
      const info: IndicatorInfo = { ind, table };
      indicators.set(ind.id, info);
      ordered.push(info);
    }
  }
  // Formulas need the full id set first.
  for (const [i, info] of ordered.entries()) {
    if (!info.ind.formula) continue;
    const formula = parseChecked(info.ind.formula, `指标「${info.ind.name}」的计算公式`, indicators);
    const withFormula: IndicatorInfo = { ...info, formula };
    ordered[i] = withFormula;
    indicators.set(info.ind.id, withFormula);
  }
  refuseFormulaCycles(indicators);

  const rules: CompiledRule[] = [];
  const seen = new Set<string>();
  for (const rule of fw.rules) {
    if (seen.has(rule.id)) throw frameworkError(`规则编号「${rule.id}」重复`);
    seen.add(rule.id);
    const where = `规则「${rule.id}」`;
    for (const id of ruleIndicators(rule)) {
      if (!indicators.has(id)) throw frameworkError(`${where}引用了不存在的指标「${id}」`);
    }
    const when = rule.when ? parseChecked(rule.when, `${where}的适用条件`, indicators) : undefined;
    let expr: ExprNode | undefined;
    if (rule.kind === 'consistency' || rule.kind === 'threshold' || rule.kind === 'target') {
      expr = parseChecked(rule.expr, where, indicators);
    }
    if (rule.kind === 'derived' && !indicators.get(rule.indicator)?.formula) {
      throw frameworkError(`${where}要求复核的指标「${rule.indicator}」没有计算公式`);
    }
    const narrative =
      rule.kind === 'narrative' ? buildNarrativeMatcher(rule, indicators, otherAliases(fw, rule)) : undefined;
    rules.push({ rule, expr, when, exprIds: expr ? identifiersOf(expr) : [], narrative });
  }

  const compiled: CompiledFramework = { fw, indicators, ordered, rules };
  cache.set(fw, compiled);
  return compiled;
}

/** Aliases the framework's other narrative rules give: names the text may use, so a longer one wins. */
function otherAliases(fw: Framework, self: Rule): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of fw.rules) {
    if (r === self || r.kind !== 'narrative') continue;
    for (const [id, list] of Object.entries(r.aliases)) out[id] = [...(out[id] ?? []), ...list];
  }
  return out;
}

function refuseFormulaCycles(indicators: ReadonlyMap<string, IndicatorInfo>): void {
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const visit = (id: string, path: string[]): void => {
    const s = state.get(id);
    if (s === 2) return;
    if (s === 1) throw frameworkError(`计算公式循环引用（${[...path, id].join(' → ')}）`);
    state.set(id, 1);
    const f = indicators.get(id)?.formula;
    if (f) for (const dep of identifiersOf(f)) visit(dep, [...path, id]);
    state.set(id, 2);
  };
  for (const id of indicators.keys()) visit(id, []);
}
