/**
 * builtin.type (error): a value outside what its type allows (percent 0–100, counts non-negative integers, other
 * amounts non-negative; core/values/range.ts, the same test the review aggregates use).
 */
import { rangeProblem } from '../../values/range';
import { CITE_TYPE } from '../builtin-citations';
import { cell, type Draft, partsHint, type RuleStatus } from '../context';
import { formatRaw, formatRounded } from '../format';
import type { BuiltinRuleModule } from './types';

export const builtinType: BuiltinRuleModule = {
  id: 'builtin.type',
  title: '数据类型与取值范围正确',
  kind: 'type',
  years: 'printed',
  severity: 'error',
  check(ctx) {
    let status: RuleStatus = 'pass';
    const drafts: Draft[] = [];
    const { year } = ctx;
    for (const i of ctx.cf.ordered) {
      const { ind } = i;
      const r = ctx.vals.resolve(ind.id, year);
      if (r.value === undefined) continue;
      const problem = rangeProblem(ind, r.value);
      if (!problem) continue;
      status = 'fail';
      const computed = r.origin === 'computed';
      drafts.push({
        message: computed
          ? `${year}年「${ind.name}」按公式计算为 ${formatRounded(r.value, ind)}，${problem}`
          : `${year}年「${ind.name}」为 ${formatRaw(r.value, ind)}，${problem}`,
        location: cell(i, year),
        hint: computed ? partsHint(ctx, i) : '请核对原始数据和单位后重新填写。',
        citation: CITE_TYPE,
      });
    }
    return { status, drafts };
  },
};
