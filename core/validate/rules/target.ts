/**
 * target: a provincial target to reach by a deadline year. Before the deadline a shortfall is an info finding
 * with status 'progress' (ruleStatus 'pass': nothing is due yet); from the deadline on, a shortfall with the
 * rule's severity.
 */
import { evaluate } from '../../framework/expr';
import { cell, message, NODATA, PASS, vars } from '../context';
import { formatDifference } from '../format';
import { holds, testedIndicator, withFailing } from './conjuncts';
import type { FrameworkRuleModule } from './types';

export const target: FrameworkRuleModule<'target'> = {
  kind: 'target',
  defaultHint: '请核对数据，并在报告中说明差距原因和推进措施。',
  check(ctx, cr) {
    const { rule } = cr;
    const r = evaluate(cr.expr!, ctx.scope);
    if (r === undefined) return NODATA;
    if (holds(r)) return PASS;
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
  },
};
