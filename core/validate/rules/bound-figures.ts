/**
 * builtin.bound-figures (warning): a figure bound to the data in the text ({{fig:…}}, core/figures) that cannot be
 * printed — its year has no data, the year it compares with has none, a relative change from 0, or an indicator
 * the framework does not have (「—」 printed there, core/figures/render.ts), or a value the school marked 「不适用」
 * (printed so, in a sentence written for a number). This says where and why.
 * Also a unit typed again after a figure that prints its own: 「{{fig:…}}人」 prints 「1250 人人」.
 * Checked for the report year's text (where the tokens are); a token names its own years.
 */
import {
  type FigureProblem,
  type FigureSource,
  type RenderedFigure,
  type RenderedPart,
  renderFigureParts,
} from '../../figures/render';
import { CITE_BOUND_FIGURES } from '../builtin-citations';
import { blockLocation, blocksOf, type Draft, PASS } from '../context';
import type { FindingLocation } from '../types';
import type { BuiltinRuleModule } from './types';

const WHY: Record<FigureProblem, (label: string, year: number, base?: number) => string> = {
  missing: (label, year) => `正文引用的「${label}」没有数据：表格中${year}年的值未填写，报告在此处印出「—」`,
  'missing-base': (label, _year, base) =>
    `正文引用的「${label}」无法比较：表格中${base}年的值未填写，报告在此处印出「—」`,
  'zero-base': (label, _year, base) => `正文引用的「${label}」无法计算增长率：${base}年的值为 0，报告在此处印出「—」`,
  'unknown-indicator': (label) => `正文引用的「${label}」不在当前指标体系中，报告在此处印出「—」`,
  // a change from or to a marked year (which of the two is said by the caller); a value alone: markedValue
  'not-applicable': (label, year) =>
    `正文引用的「${label}」无法比较：表格中${year}年的值标记为「不适用」，报告在此处印出「—」`,
};

/**
 * The unit a figure prints at its end (「1250 人」, 「增长 3.40%」, 「15.02:1」), when the text right after it (spaces
 * aside) starts with it again; undefined otherwise. The text is the school's: it is said, never changed.
 */
function unitTypedAgain(p: RenderedFigure, next: RenderedPart | undefined, src: FigureSource): string | undefined {
  if (p.problem || next?.kind !== 'text') return undefined;
  const ind = src.indicator(p.token.indicatorId);
  const unit = p.token.form === 'pct' ? '%' : ind?.type === 'ratio' && !ind.unit ? ':1' : ind?.unit;
  if (!unit || !p.text.endsWith(unit)) return undefined;
  return next.text.replace(/^[ \u3000]+/, '').startsWith(unit) ? unit : undefined;
}

/** A value alone that the school marked 「不适用」: printed so, and the sentence written for a number says so. */
const markedValue = (label: string, year: number) =>
  `正文引用的「${label}」在表格中${year}年标记为「不适用」，报告在此处印出「不适用」`;

function hint(problem: FigureProblem, year: number, base?: number): string {
  if (problem === 'unknown-indicator') return '请删除这个引用，或从「插入数据」中重新选择指标。';
  if (problem === 'zero-base') return '请改用「较上年变化」（差值），或删除这个引用。';
  if (problem === 'not-applicable') return '该年的值标记为「不适用」，请删除这个比较，或只引用数值本身。';
  const y = problem === 'missing-base' ? base : year;
  return `请在数据表格中填写${y}年的值，或删除这个引用。`;
}

export const builtinBoundFigures: BuiltinRuleModule = {
  id: 'builtin.bound-figures',
  title: '正文引用的数据都有值',
  kind: 'bound-figure',
  severity: 'warning',
  check(ctx) {
    const src = ctx.figures;
    const drafts: Draft[] = [];
    const seen = new Set<string>();
    const scan = (text: string, location: FindingLocation) => {
      if (!text.includes('{{')) return;
      const parts = renderFigureParts(text, src);
      for (const [n, p] of parts.entries()) {
        if (p.kind !== 'figure') continue;
        const twice = unitTypedAgain(p, parts[n + 1], src);
        if (twice) {
          const key = `${JSON.stringify(location)}|twice|${p.token.indicatorId}|${twice}`;
          if (seen.has(key)) continue;
          seen.add(key);
          drafts.push({
            message: `正文引用的「${p.label}」印出时已带单位「${twice}」，其后又写了「${twice}」，报告在此处印出「${p.text}${twice}」`,
            location,
            hint: `请删除引用后面手写的「${twice}」。`,
            citation: CITE_BOUND_FIGURES,
          });
          continue;
        }
        if (!p.problem) continue;
        const base = p.token.baseYear;
        // a 「不适用」 change names the year that is marked (the token's own year unless only its base is)
        const year =
          p.problem === 'not-applicable' && src.value(p.token.indicatorId, p.token.year) !== undefined
            ? (base ?? p.token.year - 1)
            : p.token.year;
        const value = p.problem === 'not-applicable' && p.token.form === 'fig';
        const message = value ? markedValue(p.label, year) : WHY[p.problem](p.label, year, base);
        // one finding per place and figure: the same figure twice in a block is one thing to fix
        const key = `${JSON.stringify(location)}|${message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        drafts.push({
          message,
          location,
          hint: value ? '该值已标为「不适用」：请改写这句话，或删除这个引用。' : hint(p.problem, p.token.year, base),
          citation: CITE_BOUND_FIGURES,
        });
      }
    };
    for (const ch of ctx.chapters) scan(ch.intro, blockLocation(ch));
    for (const { ch, sec, block } of blocksOf(ctx)) {
      const c = block.content;
      const loc = blockLocation(ch, sec.id, block.id);
      if (c.kind === 'paragraph') scan(`${c.lead}\n${c.text}`, loc);
      else if (c.kind === 'case') scan(`${c.title}\n${c.body}`, loc);
      else if (c.kind === 'challenge') scan(`${c.title}\n${c.problems}\n${c.plans}`, loc);
      else if (c.kind === 'table') scan(c.rows.flat().join('\n'), loc);
    }
    return drafts.length ? { status: 'fail', drafts } : PASS;
  },
};
