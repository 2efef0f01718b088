/** threshold: a national standard a school must meet, as an expression over the year's values. */
import { evaluate } from '../../framework/expr';
import { cell, involvedValues, message, NODATA, PASS, vars } from '../context';
import { holds, testedIndicator, withFailing } from './conjuncts';
import type { FrameworkRuleModule } from './types';

export const threshold: FrameworkRuleModule<'threshold'> = {
  kind: 'threshold',
  defaultHint: '请核对数据；确未达标时请在报告中说明原因和改进措施。',
  check(ctx, cr) {
    const { rule } = cr;
    const r = evaluate(cr.expr!, ctx.scope);
    if (r === undefined) return NODATA;
    if (holds(r)) return PASS;
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
  },
};
