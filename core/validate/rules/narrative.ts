/**
 * narrative: what the text says about the data must be what the data say. Three readings, one rule (the
 * framework's narrative rule: its indicators, severity and citation), each kept in its own function so later
 * checks (figures bound to data in the text) can build on them:
 * - a number next to an indicator's name, in prose or in a table block, equals the stored value (rounded as
 *   written); a number for a value the tables do not have is said too (the text cites a figure the tables lack);
 * - a stated change (「较上年增加 120 人」, 「提高 1.32 个百分点」, 「增长 5.2%」, 「有所下降」) matches the two years.
 * The scans are remembered per validation (narrativeHits) so the completeness check can tell a value the text
 * cites from one nobody uses.
 */
import { renderFigureText } from '../../figures/render';
import type { Indicator } from '../../framework/schema';
import { roundTo } from '../../values/round';
import type { CompiledRule } from '../compile';
import {
  blockLocation,
  blocksOf,
  type Draft,
  info,
  locationKey,
  memo,
  message,
  NODATA,
  PASS,
  type ValidationContext,
  valueText,
  vars,
} from '../context';
import { formatDifference, formatNumber } from '../format';
import { matchesWritten, type NarrativeHit, type NarrativeMatcher, scanNarrative } from '../narrative';
import { type GrowthHit, scanGrowth, scanTable } from '../narrative-growth';
import type { FindingLocation } from '../types';
import type { CompiledRuleOf, FrameworkRuleModule } from './types';

/**
 * The report year's prose as printed: chapter intros, paragraphs, cases and challenges, each with its place. Bound
 * figures are rendered by core/figures (the text the report prints), so they always agree with the data and the
 * checks here are the safety net for the numbers that stay typed.
 */
export function narrativeTexts(ctx: ValidationContext): { text: string; location: FindingLocation }[] {
  return memo(ctx, 'narrative-texts', () => {
    const out: { text: string; location: FindingLocation }[] = [];
    const t = (s: string) => renderFigureText(s, ctx.figures);
    for (const ch of ctx.chapters) if (ch.intro.trim()) out.push({ text: t(ch.intro), location: blockLocation(ch) });
    for (const { ch, sec, block } of blocksOf(ctx)) {
      const c = block.content;
      const loc = blockLocation(ch, sec.id, block.id);
      if (c.kind === 'paragraph') out.push({ text: t(`${c.lead}\n${c.text}`), location: loc });
      else if (c.kind === 'case') out.push({ text: t(`${c.title}\n${c.body}`), location: loc });
      else if (c.kind === 'challenge') out.push({ text: t(`${c.problems}\n${c.plans}`), location: loc });
    }
    return out;
  });
}

export interface NarrativeHits {
  /** numbers next to names, in prose and in table blocks */
  readonly values: readonly { hit: NarrativeHit; location: FindingLocation }[];
  /** stated changes */
  readonly growth: readonly { hit: GrowthHit; location: FindingLocation }[];
}

interface TextScan {
  readonly values: readonly NarrativeHit[];
  readonly growth: readonly GrowthHit[];
}

/**
 * The scans of the last validation's texts, by matcher (one per framework rule): a scan is a pure function of
 * the text, the matcher and the year, and the app validates again after every edit, which changes few texts.
 * Only the last run's are kept (a run's misses replace them), so memory stays one workspace's text per rule.
 */
const lastScans = new WeakMap<NarrativeMatcher, Map<string, TextScan>>();

/** What a narrative rule reads in the report year's text (remembered per rule). */
export function narrativeHits(ctx: ValidationContext, cr: CompiledRule): NarrativeHits {
  return memo(ctx, `narrative-hits:${cr.rule.id}`, () => {
    const matcher = cr.narrative;
    if (!matcher) return { values: [], growth: [] };
    const year = ctx.report.year;
    const percent = percentIds(ctx);
    const values: { hit: NarrativeHit; location: FindingLocation }[] = [];
    const growth: { hit: GrowthHit; location: FindingLocation }[] = [];
    const last = lastScans.get(matcher);
    const scans = new Map<string, TextScan>();
    for (const { text, location } of narrativeTexts(ctx)) {
      const key = `${year}\u0000${text}`;
      let scan = scans.get(key) ?? last?.get(key);
      if (!scan)
        scan = { values: scanNarrative(text, matcher, year), growth: scanGrowth(text, matcher, year, percent) };
      scans.set(key, scan);
      for (const hit of scan.values) values.push({ hit, location });
      for (const hit of scan.growth) growth.push({ hit, location });
    }
    lastScans.set(matcher, scans);
    for (const { ch, sec, block } of blocksOf(ctx)) {
      if (block.content.kind !== 'table') continue;
      const location = blockLocation(ch, sec.id, block.id);
      for (const hit of scanTable(block.content, matcher, year)) values.push({ hit, location });
    }
    return { values, growth };
  });
}

/** The framework's percent indicators (a change in 个百分点 is theirs). */
function percentIds(ctx: ValidationContext): ReadonlySet<string> {
  return memo(ctx, 'percent-ids', () => {
    return new Set(ctx.cf.ordered.filter((i) => i.ind.type === 'percent').map((i) => i.ind.id));
  });
}

type NarrativeRule = CompiledRuleOf<'narrative'>['rule'];

/** A place in the text and a cell the tables lack: said once, whether the text gives the value or a change. */
const gapKey = (location: FindingLocation, id: string, year: number) => `${locationKey(location)}|${id}|${year}`;

/** The text's number compared with the value; a number the tables do not have is said. */
function checkValues(
  ctx: ValidationContext,
  rule: NarrativeRule,
  hits: NarrativeHits,
  drafts: Draft[],
  gaps: Set<string>,
): number {
  const known = new Set(ctx.ws.years.map((y) => y.year));
  let compared = 0;
  for (const { hit, location } of hits.values) {
    const i = info(ctx, hit.indicatorId);
    const r = ctx.vals.resolve(hit.indicatorId, hit.year);
    if (r.value === undefined) {
      // a year the workspace does not keep (history in the text) is not ours to check
      if (!known.has(hit.year)) continue;
      compared++;
      if (gaps.has(gapKey(location, hit.indicatorId, hit.year))) continue;
      gaps.add(gapKey(location, hit.indicatorId, hit.year));
      drafts.push({
        message: r.notApplicable
          ? `正文写「${hit.snippet}」，但数据表中${hit.year}年的「${i.ind.name}」标为不适用`
          : `正文写「${hit.snippet}」，但数据表中没有${hit.year}年的「${i.ind.name}」：正文引用了表中没有的数字`,
        location,
        hint: `请在${i.table.name}中填写${hit.year}年的「${i.ind.name}」，使正文与附表一致；若正文有误，请删改这个数字。`,
      });
      continue;
    }
    compared++;
    if (matchesWritten(r.value, hit)) continue;
    const fmt = valueText(ctx, hit.indicatorId, hit.year);
    const v = vars(ctx, rule, {
      name: i.ind.name,
      value: fmt,
      text: hit.snippet,
      written: hit.writtenText,
      found: hit.writtenText,
      year: String(hit.year),
    });
    drafts.push({
      message: message(
        ctx,
        rule,
        v,
        `正文写「${hit.snippet}」，但${hit.year}年「${i.ind.name}」填报为 ${fmt}，两处不一致`,
      ),
      location,
      hint: rule.hint || `请核对后修改正文或${i.table.name}中的数据，使两处一致。`,
    });
  }
  return compared;
}

/** The change in the two years' values, as written: 个百分点, % of the base, or an amount in the written unit. */
function changeMatches(ind: Indicator, cur: number, base: number, amount: NonNullable<GrowthHit['amount']>): boolean {
  // the text may be computed from the exact values or from the values as the tables print them
  const shownCur = roundTo(cur, ind.decimals);
  const shownBase = roundTo(base, ind.decimals);
  const diffs = [cur - base, shownCur - shownBase];
  const candidates: number[] = [];
  if (amount.kind === 'points' || (amount.kind === 'percent' && ind.type === 'percent')) candidates.push(...diffs);
  if (amount.kind === 'percent' && base !== 0 && shownBase !== 0) {
    candidates.push(((cur - base) / base) * 100, ((shownCur - shownBase) / shownBase) * 100);
  }
  if (amount.kind === 'absolute') candidates.push(...diffs.map((d) => d / amount.factor));
  return candidates.some(
    (c) => Math.abs(roundTo(Math.abs(c), amount.decimals) - amount.value) <= 1e-9 * Math.max(1, amount.value),
  );
}

/** 「实际增加 400人」, 「实际提高 1.32个百分点」, 「实际增长 18.75%」. */
function actualChange(
  ind: Indicator,
  cur: number,
  base: number,
  kind: NonNullable<GrowthHit['amount']>['kind'] | undefined,
) {
  const diff = roundTo(cur, ind.decimals) - roundTo(base, ind.decimals);
  const up = ind.type === 'percent' ? '提高' : '增加';
  const down = ind.type === 'percent' ? '降低' : '减少';
  if (diff === 0) return '两年持平';
  const word = diff > 0 ? up : down;
  if (kind === 'percent' && ind.type !== 'percent' && base !== 0) {
    return `实际${diff > 0 ? '增长' : '下降'} ${formatNumber(Math.abs((diff / roundTo(base, ind.decimals)) * 100), 2)}%`;
  }
  return `实际${word} ${formatDifference(diff, ind)}`;
}

function checkGrowth(ctx: ValidationContext, hits: NarrativeHits, drafts: Draft[], gaps: Set<string>): number {
  const known = new Set(ctx.ws.years.map((y) => y.year));
  let compared = 0;
  for (const { hit, location } of hits.growth) {
    if (!known.has(hit.year) || !known.has(hit.baseYear)) continue;
    const i = info(ctx, hit.indicatorId);
    const cur = ctx.vals.value(hit.indicatorId, hit.year);
    const base = ctx.vals.value(hit.indicatorId, hit.baseYear);
    compared++;
    if (cur === undefined || base === undefined) {
      const gap = cur === undefined ? hit.year : hit.baseYear;
      if (gaps.has(gapKey(location, hit.indicatorId, gap))) continue;
      gaps.add(gapKey(location, hit.indicatorId, gap));
      const na = ctx.vals.resolve(hit.indicatorId, gap).notApplicable;
      drafts.push({
        message: na
          ? `正文写「${hit.snippet}」，但数据表中${gap}年的「${i.ind.name}」标为不适用`
          : `正文写「${hit.snippet}」，但数据表中没有${gap}年的「${i.ind.name}」，这个变化无从核对：正文引用了表中没有的数字`,
        location,
        hint: `请在${i.table.name}中填写${gap}年的「${i.ind.name}」；若正文有误，请删改这处变化。`,
      });
      continue;
    }
    const shownDiff = roundTo(cur, i.ind.decimals) - roundTo(base, i.ind.decimals);
    const wrongWay = shownDiff !== 0 && Math.sign(shownDiff) !== hit.direction;
    const wrongAmount = hit.amount !== undefined && (shownDiff === 0 || !changeMatches(i.ind, cur, base, hit.amount));
    if (!wrongWay && !wrongAmount) continue;
    drafts.push({
      message: `正文写「${hit.snippet}」，但${hit.baseYear}年为 ${valueText(ctx, hit.indicatorId, hit.baseYear)}、${hit.year}年为 ${valueText(ctx, hit.indicatorId, hit.year)}，${actualChange(i.ind, cur, base, hit.amount?.kind)}`,
      location,
      hint: `请按${i.table.name}中两年的数据改正正文中的变化（${hit.amount?.kind === 'points' ? '百分比之差以“个百分点”表述' : '增长率 =（本年 − 上年）÷ 上年'}），或核对两年的数据。`,
    });
  }
  return compared;
}

export const narrative: FrameworkRuleModule<'narrative'> = {
  kind: 'narrative',
  defaultHint: '请核对后修改。',
  check(ctx, cr) {
    const hits = narrativeHits(ctx, cr);
    const drafts: Draft[] = [];
    const gaps = new Set<string>();
    const compared = checkValues(ctx, cr.rule, hits, drafts, gaps) + checkGrowth(ctx, hits, drafts, gaps);
    if (drafts.length) return { status: 'fail', drafts };
    return compared > 0 ? PASS : NODATA;
  },
};
