/** completeness: the listed indicators must have a value this year (beyond the per-indicator `required` flags). */
import { partsText } from '../../values/explain';
import { cell, type Draft, expectedThisYear, info, message, PASS, vars } from '../context';
import type { FrameworkRuleModule } from './types';

export const completeness: FrameworkRuleModule<'completeness'> = {
  kind: 'completeness',
  defaultHint: '请补填该项数据；确实没有数据时请在备注中说明原因。',
  check(ctx, { rule }) {
    const drafts: Draft[] = [];
    for (const id of rule.indicators) {
      const i = info(ctx, id);
      if (!expectedThisYear(i.ind, ctx.hasGraduates)) continue;
      const r = ctx.vals.resolve(id, ctx.year);
      if (r.value !== undefined || r.notApplicable) continue;
      const v = vars(ctx, rule, { name: i.ind.name, unit: i.ind.unit, table: i.table.name });
      // a derived value that cannot be computed: point at the first missing part, which the user can type
      const part = r.missingParts[0];
      const at = part ? ctx.cf.indicators.get(part.indicatorId) : undefined;
      drafts.push({
        message: message(
          ctx,
          rule,
          v,
          at && part
            ? `${ctx.year}年「${i.ind.name}」无法计算：缺少${partsText(ctx.vals.vf, r.missingParts, ctx.year)}（${rule.title}）`
            : `${ctx.year}年「${i.ind.name}」未填写（${rule.title}）`,
        ),
        location: at && part ? cell(at, part.year) : cell(i, ctx.year),
      });
    }
    return drafts.length ? { status: 'fail', drafts } : PASS;
  },
};
