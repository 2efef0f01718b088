/** yoy: a year-on-year change beyond a share is flagged for a second look. */
import { cell, type Draft, info, message, NODATA, PASS, valueText, vars } from '../context';
import { formatNumber, formatShare } from '../format';
import type { FrameworkRuleModule } from './types';

export const yoy: FrameworkRuleModule<'yoy'> = {
  kind: 'yoy',
  defaultHint: '请核对后修改。',
  check(ctx, { rule }) {
    const drafts: Draft[] = [];
    let any = false;
    for (const id of rule.indicators) {
      const i = info(ctx, id);
      const cur = ctx.scope.get(id);
      const prev = ctx.scope.prev(id);
      if (cur === undefined || prev === undefined || prev === 0) continue;
      any = true;
      const change = (cur - prev) / Math.abs(prev);
      if (Math.abs(change) <= rule.maxChange + 1e-12) continue;
      const curText = valueText(ctx, id);
      const prevText = valueText(ctx, id, ctx.year - 1);
      const v = vars(ctx, rule, {
        name: i.ind.name,
        value: curText,
        prev: prevText,
        previous: prevText,
        change: formatShare(change),
        max: `±${formatNumber(rule.maxChange * 100, 0)}%`,
        prevYear: String(ctx.year - 1),
      });
      drafts.push({
        message: message(
          ctx,
          rule,
          v,
          `「${i.ind.name}」由${ctx.year - 1}年的 ${prevText} 变为${ctx.year}年的 ${curText}，变化 ${formatShare(change)}，超过 ±${formatNumber(rule.maxChange * 100, 0)}%，请再次核对`,
        ),
        location: cell(i, ctx.year),
        hint: '请核对两年的数据口径与单位是否一致；变化属实时可在备注中说明原因。',
      });
    }
    if (drafts.length) return { status: 'fail', drafts };
    return any ? PASS : NODATA;
  },
};
