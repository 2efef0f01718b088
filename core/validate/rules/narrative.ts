/** narrative: numbers written in the text next to an indicator's name must match the stored value. */

import {
  blockLocation,
  blocksOf,
  type Draft,
  info,
  message,
  NODATA,
  PASS,
  type ValidationContext,
  valueText,
  vars,
} from '../context';
import { matchesWritten, scanNarrative } from '../narrative';
import type { FindingLocation } from '../types';
import type { FrameworkRuleModule } from './types';

/** The report year's prose: chapter intros, paragraphs, cases and challenges, each with its place. */
export function narrativeTexts(ctx: ValidationContext): { text: string; location: FindingLocation }[] {
  const out: { text: string; location: FindingLocation }[] = [];
  for (const ch of ctx.chapters) if (ch.intro.trim()) out.push({ text: ch.intro, location: blockLocation(ch) });
  for (const { ch, sec, block } of blocksOf(ctx)) {
    const c = block.content;
    const loc = blockLocation(ch, sec.id, block.id);
    if (c.kind === 'paragraph') out.push({ text: `${c.lead}\n${c.text}`, location: loc });
    else if (c.kind === 'case') out.push({ text: `${c.title}\n${c.body}`, location: loc });
    else if (c.kind === 'challenge') out.push({ text: `${c.problems}\n${c.plans}`, location: loc });
  }
  return out;
}

export const narrative: FrameworkRuleModule<'narrative'> = {
  kind: 'narrative',
  defaultHint: '请核对后修改。',
  check(ctx, cr) {
    const { rule } = cr;
    const matcher = cr.narrative!;
    const drafts: Draft[] = [];
    let compared = 0;
    for (const { text, location } of narrativeTexts(ctx)) {
      for (const hit of scanNarrative(text, matcher, ctx.year)) {
        const i = info(ctx, hit.indicatorId);
        const stored = ctx.vals.value(hit.indicatorId, hit.year);
        if (stored === undefined) continue;
        compared++;
        if (matchesWritten(stored, hit)) continue;
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
    }
    if (drafts.length) return { status: 'fail', drafts };
    return compared > 0 ? PASS : NODATA;
  },
};
