/** consistency: a boolean expression over the year's values that must hold (sums match, parts within wholes). */
import { evaluate } from '../../framework/expr';
import { cell, involvedValues, lookup, NODATA, PASS, valueText, vars } from '../context';
import { fillTemplate } from '../format';
import type { FrameworkRuleModule } from './types';

export const consistency: FrameworkRuleModule<'consistency'> = {
  kind: 'consistency',
  years: 'printed',
  defaultHint: '请核对相关几项数据，使其相互一致。',
  check(ctx, cr) {
    const { rule } = cr;
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
  },
};
