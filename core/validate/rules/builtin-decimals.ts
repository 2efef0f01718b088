/**
 * builtin.decimals (warning): a typed value (input or 填报值) with more decimals than the framework declares; the
 * report would print it rounded. A computed value carries the formula's decimals and is never reported.
 */
import { rangeProblem } from '../../values/range';
import { CITE_DECIMALS } from '../builtin-citations';
import { cell, type Draft, type RuleStatus } from '../context';
import { fitsDecimals, formatNumber, formatRaw, unitSuffix } from '../format';
import type { BuiltinRuleModule } from './types';

export const builtinDecimals: BuiltinRuleModule = {
  id: 'builtin.decimals',
  title: '小数位数符合要求',
  kind: 'decimals',
  years: 'printed',
  severity: 'warning',
  check(ctx) {
    let status: RuleStatus = 'pass';
    const drafts: Draft[] = [];
    const { year } = ctx;
    for (const i of ctx.cf.ordered) {
      const { ind } = i;
      const r = ctx.vals.resolve(ind.id, year);
      // a value of the wrong type is reported by builtin.type alone
      if (r.value === undefined || r.origin === 'computed' || rangeProblem(ind, r.value)) continue;
      if (fitsDecimals(r.value, ind.decimals)) continue;
      status = 'fail';
      drafts.push({
        message: `${year}年「${ind.name}」为 ${formatRaw(r.value, ind)}，超过规定的 ${ind.decimals} 位小数，报告中将显示为 ${formatNumber(r.value, ind.decimals)}${unitSuffix(ind)}`,
        location: cell(i, year),
        hint: `请按 ${ind.decimals} 位小数填写（四舍五入）。`,
        citation: CITE_DECIMALS,
      });
    }
    return { status, drafts };
  },
};
