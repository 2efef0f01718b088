/**
 * builtin.required (error): every indicator marked required has a value; 'graduates' indicators only in years
 * with graduates. The finding sits where the user can fill it: an input's own cell; for a derived value, the first
 * missing part nobody else reports (a required part gets its own finding, so a derived value whose missing parts
 * are all required adds none), or the derived cell itself when no part is missing (a division by 0: the cell then
 * takes a typed 填报值). A value a completeness rule already reported is not reported twice. A year marked without
 * graduates that still holds typed graduate data gets one warning (the appendix would print it).
 */
import { identifiersOf } from '../../framework/expr';
import { partsText } from '../../values/explain';
import type { ResolvedValue } from '../../values/resolve';
import { CITE_REQUIRED } from '../builtin-citations';
import type { IndicatorInfo } from '../compile';
import {
  cell,
  type Draft,
  involvedValues,
  isRequired,
  locationKey,
  type Outcome,
  PASS,
  type RuleStatus,
  type ValidationContext,
} from '../context';
import type { BuiltinRuleModule } from './types';

function missingDraft(ctx: ValidationContext, i: IndicatorInfo, r: ResolvedValue): Omit<Draft, 'citation'> | undefined {
  const { ind } = i;
  const { year } = ctx;
  const why = ind.required === 'graduates' ? '（本年度有毕业生，毕业生相关指标必须填写）' : '';
  if (!r.derived) {
    return {
      message: `${year}年「${ind.name}」未填写，是${i.table.name}的必填指标${why}`,
      location: cell(i, year),
      hint: `请在${i.table.name}中填写${year}年的「${ind.name}」${ind.unit ? `（单位：${ind.unit}）` : ''}；确实没有数据时请在备注中说明原因。`,
    };
  }
  const parts = r.missingParts;
  if (parts.length === 0) {
    return {
      message: `${year}年「${ind.name}」无法按公式计算（${r.blocked === 'cycle' ? '公式循环引用' : '公式除数为 0'}），是${i.table.name}的必填指标${why}`,
      location: cell(i, year),
      hint: `请核对其计算所用的数据（${involvedValues(ctx, identifiersOf(i.formula!))}），或直接填写「${ind.name}」（作为填报值）。`,
    };
  }
  const unreported = parts.find((p) => {
    const pi = ctx.cf.indicators.get(p.indicatorId);
    return !pi || !isRequired(pi.ind, ctx.hasGraduates);
  });
  if (!unreported) return undefined;
  const target = ctx.cf.indicators.get(unreported.indicatorId);
  if (!target) return undefined;
  return {
    message: `${year}年「${ind.name}」无法计算：缺少${partsText(ctx.vals.vf, parts, year)}，「${ind.name}」是${i.table.name}的必填指标${why}`,
    location: cell(target, unreported.year),
    hint: `请填写${partsText(ctx.vals.vf, parts, year)}，「${ind.name}」将按公式自动计算；没有组成数据时也可直接填写「${ind.name}」（作为填报值）。`,
  };
}

/**
 * A year marked without graduates (当年无毕业生的学校不填报毕业生相关数据) that still holds graduate data the school
 * typed: the appendix prints those numbers beside 「—」 for the rest. One warning naming them, on the first cell; it
 * does not make the required data incomplete (the rule's status is unchanged).
 */
function graduateDataWithoutGraduates(ctx: ValidationContext): Draft | undefined {
  if (ctx.hasGraduates) return undefined;
  const typed = ctx.cf.ordered.filter((i) => {
    if (i.ind.required !== 'graduates' && i.ind.graduates !== true) return false;
    const r = ctx.vals.resolve(i.ind.id, ctx.year);
    return r.value !== undefined && !r.derived;
  });
  const first = typed[0];
  if (!first) return undefined;
  const { year } = ctx;
  return {
    message: `${year}年标为「没有毕业生」，但填写了毕业生相关数据：${involvedValues(
      ctx,
      typed.map((i) => i.ind.id),
    )}；附表将照样印出这些数字`,
    location: cell(first, year),
    severity: 'warning',
    hint: `${year}年确有毕业生的，请在年度设置中改为「有毕业生」并补齐毕业生数据；确实没有的，请删除这些数据。`,
    citation: CITE_REQUIRED,
  };
}

/**
 * An earlier year the appendix prints: its numbers were published in last year's report, so a gap here is a
 * number not yet copied over — a warning, not an error; and a year with no data at all is ONE warning, not one
 * per cell.
 */
function earlierYear(ctx: ValidationContext): Outcome {
  const { year } = ctx;
  const hasAny = ctx.ws.values.some((v) => v.year === year && v.value !== null);
  const missing = ctx.cf.ordered.filter((i) => {
    if (!isRequired(i.ind, ctx.hasGraduates)) return false;
    const r = ctx.vals.resolve(i.ind.id, year);
    return r.value === undefined && !r.notApplicable;
  });
  if (missing.length === 0) return PASS;
  const both = `附表同时打印${year}年和${ctx.report.year}年的数据`;
  if (!hasAny) {
    return {
      status: 'fail',
      drafts: [
        {
          message: `${year}年还没有填写任何数据，${both}，${year}年一列将全部空白`,
          location: { type: 'workspace', label: `附表：${year}年数据` },
          severity: 'warning',
          hint: `请在数据表的${year}年一列填写上一年度的数据（可从${year}年度报告的附表或平台填报数据中复制）。`,
          citation: CITE_REQUIRED,
        },
      ],
    };
  }
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  for (const i of missing) {
    const d = missingDraft(ctx, i, ctx.vals.resolve(i.ind.id, year));
    const key = d ? locationKey(d.location) : '';
    if (!d || seen.has(key)) continue;
    seen.add(key);
    drafts.push({ ...d, message: `${d.message}；${both}`, severity: 'warning', citation: CITE_REQUIRED });
  }
  return { status: 'fail', drafts };
}

export const builtinRequired: BuiltinRuleModule = {
  id: 'builtin.required',
  title: '必填数据齐全',
  kind: 'required',
  severity: 'error',
  years: 'printed',
  check(ctx) {
    const outcome = checkYear(ctx);
    const stray = graduateDataWithoutGraduates(ctx);
    return stray ? { ...outcome, drafts: [...outcome.drafts, stray] } : outcome;
  },
};

function checkYear(ctx: ValidationContext): Outcome {
  if (ctx.year !== ctx.report.year) return earlierYear(ctx);
  let status: RuleStatus = 'pass';
  const drafts: Draft[] = [];
  const seen = new Set<string>();
  for (const i of ctx.cf.ordered) {
    const r = ctx.vals.resolve(i.ind.id, ctx.year);
    // 「不适用」 with its reason is an answer, not a gap
    if (!isRequired(i.ind, ctx.hasGraduates) || r.value !== undefined || r.notApplicable) continue;
    status = 'fail';
    // a completeness rule that listed the cell: its error says it already; its warning is replaced by this error
    // (a missing required value is never only a warning); its 待核实 note (info) stays beside it
    const listed = ctx.raised.get(`completeness|${locationKey(cell(i, ctx.year))}`);
    if (listed === 'error') continue;
    const d = missingDraft(ctx, i, r);
    const key = d ? locationKey(d.location) : '';
    if (!d || seen.has(key)) continue;
    seen.add(key);
    if (listed === 'warning') d.supersedes = [{ kinds: ['completeness'], at: cell(i, ctx.year) }];
    drafts.push({ ...d, citation: CITE_REQUIRED });
  }
  return { status, drafts };
}
