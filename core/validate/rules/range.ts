/** range: an explicit plausible range for an indicator, beyond what its type implies. */

import { cell, info, message, NODATA, PASS, valueText, vars } from '../context';
import { formatIndicatorValue } from '../format';
import type { FrameworkRuleModule } from './types';

export const range: FrameworkRuleModule<'range'> = {
  kind: 'range',
  years: 'printed',
  defaultHint: '请核对数据和单位是否填写正确。',
  check(ctx, { rule }) {
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
  },
};
