/**
 * builtin.part_whole (error): every declared part (`partOf`, 「其中」) is at most its whole, and a whole declared
 * `sumOfParts` equals the sum of its parts — for every table, from the framework's declarations alone. Only
 * additive amounts in the same unit are bounded (core/values/range.ts boundedByWhole, the rule the review
 * aggregates use): a 满意度 under another 满意度 is no such part.
 *
 * A pair the framework already checks with its own consistency rule (`part <= whole`, or `whole == a + b + …`)
 * is left to that rule, with its hand-written message and citation.
 */
import type { ExprNode } from '../../framework/expr';
import { identifiersOf } from '../../framework/expr';
import { boundedByWhole } from '../../values/range';
import { CITE_PART_WHOLE, CITE_SUM } from '../builtin-citations';
import type { CompiledFramework, IndicatorInfo } from '../compile';
import { cell, type Draft, isRequired, type RuleStatus, valueText } from '../context';
import { formatDifference, formatIndicatorValue } from '../format';
import type { BuiltinRuleModule } from './types';

interface Whole {
  readonly whole: IndicatorInfo;
  readonly parts: readonly IndicatorInfo[];
}

interface PartWholePlan {
  /** parts to bound by their whole, in table order */
  readonly bounded: readonly { part: IndicatorInfo; whole: IndicatorInfo }[];
  /** wholes that are the sum of their parts */
  readonly sums: readonly Whole[];
}

const plans = new WeakMap<CompiledFramework, PartWholePlan>();

/** `a <= b` / `b >= a` of two indicators, as an enabled consistency rule states it. */
function boundPair(node: ExprNode): [string, string] | undefined {
  if (node.type !== 'binary' || node.left.type !== 'id' || node.right.type !== 'id') return undefined;
  if (node.op === '<=' || node.op === '<') return [node.left.name, node.right.name];
  if (node.op === '>=' || node.op === '>') return [node.right.name, node.left.name];
  return undefined;
}

function planOf(cf: CompiledFramework): PartWholePlan {
  const hit = plans.get(cf);
  if (hit) return hit;
  const covered = new Set<string>();
  const sumRules: Set<string>[] = [];
  for (const cr of cf.rules) {
    if (cr.rule.kind !== 'consistency' || !cr.rule.enabled || !cr.expr) continue;
    const pair = boundPair(cr.expr);
    if (pair) covered.add(pair.join('<='));
    if (cr.expr.type === 'binary' && cr.expr.op === '==') sumRules.push(new Set(identifiersOf(cr.expr)));
  }
  const bounded: { part: IndicatorInfo; whole: IndicatorInfo }[] = [];
  const partsOf = new Map<string, IndicatorInfo[]>();
  for (const part of cf.ordered) {
    const whole = part.ind.partOf ? cf.indicators.get(part.ind.partOf) : undefined;
    if (!whole || !boundedByWhole(part.ind, whole.ind)) continue;
    partsOf.set(whole.ind.id, [...(partsOf.get(whole.ind.id) ?? []), part]);
    if (!covered.has(`${part.ind.id}<=${whole.ind.id}`)) bounded.push({ part, whole });
  }
  const sums: Whole[] = [];
  for (const whole of cf.ordered) {
    const parts = partsOf.get(whole.ind.id);
    if (!whole.ind.sumOfParts || !parts?.length) continue;
    const ids = [whole.ind.id, ...parts.map((p) => p.ind.id)];
    const stated = sumRules.some((set) => set.size === ids.length && ids.every((id) => set.has(id)));
    if (!stated) sums.push({ whole, parts });
  }
  const plan = { bounded, sums };
  plans.set(cf, plan);
  return plan;
}

/** Float noise only: parts and wholes are typed with their declared decimals, so they compare exactly. */
function noise(v: number): number {
  return 1e-9 * Math.max(1, Math.abs(v));
}

export const builtinPartWhole: BuiltinRuleModule = {
  id: 'builtin.part_whole',
  title: '其中项不大于总数、组成项相加等于总数',
  kind: 'part-whole',
  severity: 'error',
  years: 'printed',
  check(ctx) {
    const plan = planOf(ctx.cf);
    const drafts: Draft[] = [];
    let status: RuleStatus = 'nodata';
    const over = new Set<string>();
    const { year } = ctx;
    for (const { part, whole } of plan.bounded) {
      const vp = ctx.vals.value(part.ind.id, year);
      const vw = ctx.vals.value(whole.ind.id, year);
      if (vp === undefined || vw === undefined) continue;
      if (vp <= vw + noise(vw)) {
        if (status === 'nodata') status = 'pass';
        continue;
      }
      status = 'fail';
      over.add(whole.ind.id);
      drafts.push({
        message: `${year}年「${part.ind.name}」为 ${valueText(ctx, part.ind.id)}，多于它所属的「${whole.ind.name}」${valueText(ctx, whole.ind.id)}（多 ${formatDifference(vp - vw, part.ind)}）；其中项不能大于总数`,
        location: cell(part, year),
        hint: `「${part.ind.name}」是「${whole.ind.name}」的其中项。请核对两项的统计口径和数值（是否填错了行、年份或单位）。`,
        citation: CITE_PART_WHOLE,
      });
    }
    for (const { whole, parts } of plan.sums) {
      const vw = ctx.vals.value(whole.ind.id, year);
      if (vw === undefined || over.has(whole.ind.id)) continue;
      const present = parts.map((p) => {
        const r = ctx.vals.resolve(p.ind.id, year);
        return { p, v: r.value, na: r.notApplicable };
      });
      // a required part that is missing is reported by builtin.required; the sum cannot be checked yet
      if (present.some((x) => x.v === undefined && !x.na && isRequired(x.p.ind, ctx.hasGraduates))) continue;
      if (present.every((x) => x.v === undefined)) continue;
      const sum = present.reduce((n, x) => n + (x.v ?? 0), 0);
      if (Math.abs(sum - vw) <= noise(vw)) {
        if (status === 'nodata') status = 'pass';
        continue;
      }
      status = 'fail';
      const terms = present
        .filter((x) => x.v !== undefined)
        .map((x) => `${x.p.ind.name} ${valueText(ctx, x.p.ind.id)}`)
        .join(' + ');
      const empty = present.filter((x) => x.v === undefined && !x.na).map((x) => `「${x.p.ind.name}」`);
      const na = present.filter((x) => x.na).map((x) => `「${x.p.ind.name}」`);
      const asZero = [
        empty.length ? `${empty.join('、')}未填写` : '',
        na.length ? `${na.join('、')}标为不适用` : '',
      ].filter(Boolean);
      const zeroNote = asZero.length ? `（${asZero.join('，')}，按 0 计）` : '';
      drafts.push({
        message: `${year}年「${whole.ind.name}」为 ${valueText(ctx, whole.ind.id)}，但其各组成项之和为 ${formatIndicatorValue(sum, whole.ind)}（${terms}）${zeroNote}，相差 ${formatDifference(sum - vw, whole.ind)}`,
        location: cell(whole, year),
        hint: `指标体系规定「${whole.ind.name}」等于其各组成项之和。请核对各项人数，或核对「${whole.ind.name}」本身。`,
        citation: CITE_SUM,
      });
    }
    return { status, drafts };
  },
};
