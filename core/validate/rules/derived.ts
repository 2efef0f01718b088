/** derived: a stored copy of a derived value that differs from its formula (the conflict core/values reports). */
import { identifiersOf } from '../../framework/expr';
import { cell, info, involvedValues, message, NODATA, PASS, vars } from '../context';
import { formatDifference, formatIndicatorValue, formatRounded } from '../format';
import type { FrameworkRuleModule } from './types';

export const derived: FrameworkRuleModule<'derived'> = {
  kind: 'derived',
  years: 'printed',
  defaultHint: '请核对后修改。',
  // the hint below already says how to correct a computed cell
  partsHint: false,
  check(ctx, { rule }) {
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
  },
};
