/**
 * builtin.missing_used (warning): completeness that matches reality. An indicator the framework does not require
 * may still be expected: a value missing this year is reported when
 * - the school reported it last year (the appendix prints both years side by side),
 * - a chart of the report plots it for this year, or
 * - the text cites a number for it.
 * A deliberate 0 (a value) or the cell marked 「不适用」 with its reason answers it. Required values are
 * builtin.required's (an error); a year without graduates expects no graduate data.
 */
import type { ChartBlockContent } from '../../charts/spec';
import { chartYears } from '../../charts/spec';
import { allItems } from '../../report/model';
import { partsText } from '../../values/explain';
import { CITE_MISSING_USED } from '../builtin-citations';
import {
  blocksOf,
  cell,
  type Draft,
  expectedThisYear,
  isRequired,
  locationKey,
  type RuleStatus,
  reportModel,
  valueText,
} from '../context';
import { narrativeHits } from './narrative';
import type { BuiltinRuleModule } from './types';

export const builtinMissingUsed: BuiltinRuleModule = {
  id: 'builtin.missing_used',
  title: '用到的数据已填写',
  kind: 'missing',
  severity: 'warning',
  check(ctx) {
    const { year } = ctx;
    // who uses each indicator this year: charts (by their printed label) and the text
    const charts = new Map<string, string[]>();
    const labels = new Map<string, string>();
    const blocks = [...blocksOf(ctx)];
    if (blocks.some((b) => b.block.content.kind === 'chart')) {
      for (const it of allItems(reportModel(ctx))) if (it.kind === 'figure') labels.set(it.blockId, it.label);
    }
    for (const { block } of blocks) {
      const c = block.content;
      if (c.kind !== 'chart' || !chartYears(c as ChartBlockContent, year).includes(year)) continue;
      const label = labels.get(block.id);
      const name = label
        ? `${label}${c.caption.trim() ? `「${c.caption.trim()}」` : ''}`
        : `图表「${c.caption.trim()}」`;
      for (const id of c.indicators) charts.set(id, [...(charts.get(id) ?? []), name]);
    }
    const cited = new Set<string>();
    for (const cr of ctx.cf.rules) {
      if (cr.rule.kind !== 'narrative' || !cr.rule.enabled) continue;
      const hits = narrativeHits(ctx, cr);
      for (const { hit } of hits.values) if (hit.year === year) cited.add(hit.indicatorId);
      for (const { hit } of hits.growth) if (hit.year === year) cited.add(hit.indicatorId);
    }

    let status: RuleStatus = 'nodata';
    const drafts: Draft[] = [];
    const seen = new Set<string>();
    for (const i of ctx.cf.ordered) {
      const { ind } = i;
      if (isRequired(ind, ctx.hasGraduates)) continue;
      if (!expectedThisYear(ind, ctx.hasGraduates)) continue;
      const r = ctx.vals.resolve(ind.id, year);
      if (r.value !== undefined || r.notApplicable) {
        if (r.value !== undefined && status === 'nodata') status = 'pass';
        continue;
      }
      const last = ctx.vals.resolve(ind.id, year - 1);
      const why: string[] = [];
      if (last.value !== undefined && !r.derived)
        why.push(`${year - 1}年填报为 ${valueText(ctx, ind.id, year - 1)}，附表将两年并列`);
      const used = charts.get(ind.id);
      if (used) why.push(`报告中的${used.join('、')}用到它`);
      if (cited.has(ind.id)) why.push('正文写到了它的数字');
      if (why.length === 0) continue;
      // a derived value: the finding sits on the first missing part, which the user can type
      const part = r.missingParts.find((p) => !ctx.vals.resolve(p.indicatorId, p.year).notApplicable);
      const target = part ? ctx.cf.indicators.get(part.indicatorId) : undefined;
      const location = target && part ? cell(target, part.year) : cell(i, year);
      const key = locationKey(location);
      // said already by a completeness or required finding of at least this severity (a 待核实 note does not count)
      const said = [ctx.raised.get(`completeness|${key}`), ctx.raised.get(`required|${key}`)];
      if (seen.has(key) || said.some((s) => s === 'error' || s === 'warning')) continue;
      seen.add(key);
      status = 'fail';
      const what =
        target && part
          ? `${year}年「${ind.name}」无法计算（缺少${partsText(ctx.vals.vf, r.missingParts, year)}）`
          : `${year}年「${ind.name}」未填写`;
      drafts.push({
        message: `${what}，但${why.join('；')}`,
        location,
        hint: `请填写${year}年的数据。确实为 0 的填 0 并在备注中说明；本年度确实不适用的，可将该单元格标为「不适用」并写明原因，该提示随之消除。`,
        citation: CITE_MISSING_USED,
      });
    }
    return { status, drafts };
  },
};
