/**
 * structure: the report's form — every chapter of the outline present and written, the appendix tables complete,
 * each 【案例】 titled and within its length, each chart with a 数据来源, each photo with a caption.
 */
import { renderFigureText } from '../../figures/render';
import type { Block } from '../../model';
import {
  blockLocation,
  blocksOf,
  type Draft,
  isRequired,
  message,
  NODATA,
  PASS,
  type ValidationContext,
  vars,
} from '../context';
import { CHAR_COUNT_RULE, charCount } from '../format';
import type { CompiledRuleOf, FrameworkRuleModule } from './types';

export const DEFAULT_CASE_MAX_CHARS = 1000;

function blockHasContent(b: Block): boolean {
  const c = b.content;
  switch (c.kind) {
    case 'paragraph':
      return (c.lead + c.text).trim().length > 0;
    case 'case':
      return (c.title + c.body).trim().length > 0;
    case 'challenge':
      return (c.title + c.problems + c.plans).trim().length > 0;
    case 'table':
      return c.rows.length > 0;
    default:
      return true;
  }
}

type StructureRule = CompiledRuleOf<'structure'>['rule'];

function chaptersPresent(ctx: ValidationContext, rule: StructureRule, drafts: Draft[]): void {
  const v = (extra: Record<string, string | undefined>) => vars(ctx, rule, extra);
  for (const oc of ctx.outline.chapters) {
    if (oc.optional) continue;
    const ch = ctx.chapters.find((c) => c.key === oc.key);
    if (!ch) {
      drafts.push({
        message: message(
          ctx,
          rule,
          v({ name: oc.title, chapter: oc.title }),
          `${ctx.year}年度报告缺少「${oc.title}」一章`,
        ),
        location: { type: 'workspace', label: oc.title },
        hint: rule.hint || `请添加「${oc.title}」一章并撰写内容。`,
      });
      continue;
    }
    const hasContent =
      ch.intro.trim().length > 0 ||
      (ctx.sectionsByChapter.get(ch.id) ?? []).some((s) => (ctx.blocksBySection.get(s.id) ?? []).some(blockHasContent));
    if (!hasContent) {
      drafts.push({
        message: message(ctx, rule, v({ name: ch.title, chapter: ch.title }), `「${ch.title}」一章还没有内容`),
        location: blockLocation(ch),
        hint: rule.hint || `请为「${ch.title}」撰写内容。`,
      });
    }
  }
}

function appendixComplete(ctx: ValidationContext, rule: StructureRule, drafts: Draft[]): void {
  for (const table of [...ctx.fw.tables].sort((a, b) => a.order - b.order)) {
    const missing = table.indicators
      .filter((ind) => {
        if (!isRequired(ind, ctx.hasGraduates)) return false;
        const r = ctx.vals.resolve(ind.id, ctx.year);
        return r.value === undefined && !r.notApplicable;
      })
      .map((ind) => ind.name);
    if (missing.length === 0) continue;
    const list = missing.slice(0, 5).join('、') + (missing.length > 5 ? ` 等` : '');
    drafts.push({
      message: message(
        ctx,
        rule,
        vars(ctx, rule, { table: table.name, name: list, count: String(missing.length), values: list }),
        `附表「${table.name}」缺少 ${missing.length} 项必填数据：${list}`,
      ),
      location: { type: 'workspace', label: `附表：${table.name}` },
      hint: rule.hint || `请在${table.name}中补齐${ctx.year}年的数据。`,
    });
  }
}

/** case-title, case-length, figure-source, photo-caption: one pass over the blocks. */
function blockChecks(ctx: ValidationContext, rule: StructureRule, drafts: Draft[]): void {
  const v = (extra: Record<string, string | undefined>) => vars(ctx, rule, extra);
  const max = rule.max ?? DEFAULT_CASE_MAX_CHARS;
  const casesSeen = new Map<string, number>();
  // the report prints a picture's own caption when the block has none (core/report/build.ts photoFigure)
  const assetCaption = new Map(ctx.ws.assets.map((a) => [a.id, a.caption.trim()]));
  // a case's length as printed: bound figures count as the figures they print (core/figures)
  const { figures } = ctx;
  for (const { ch, sec, block } of blocksOf(ctx)) {
    const c = block.content;
    const caseNo = c.kind === 'case' ? (casesSeen.get(ch.id) ?? 0) + 1 : 0;
    if (c.kind === 'case') casesSeen.set(ch.id, caseNo);
    const loc = blockLocation(ch, sec.id, block.id);
    if (rule.check === 'case-title' && c.kind === 'case' && !c.title.trim()) {
      drafts.push({
        message: message(
          ctx,
          rule,
          v({ chapter: ch.title, case: `第 ${caseNo} 个案例` }),
          `「${ch.title}」中的第 ${caseNo} 个案例没有标题`,
        ),
        location: loc,
        hint: rule.hint || '请为案例补上标题：通常是「做法，成效」两个短句，约 13～27 字，不加句号。',
      });
    } else if (rule.check === 'case-length' && c.kind === 'case') {
      const n = charCount(renderFigureText(c.body, figures));
      if (n > max) {
        const name = c.title.trim() || '（无标题）';
        // the count is said with how it was counted, so a school can reproduce it
        const said = message(
          ctx,
          rule,
          v({ name, case: `案例「${name}」`, length: String(n), value: `${n}字`, max: `${max}字`, chapter: ch.title }),
          `案例「${name}」正文 ${n} 字，超过 ${max} 字`,
        );
        drafts.push({
          message: `${said.replace(/。$/, '')}（${CHAR_COUNT_RULE}）`,
          location: loc,
          hint: rule.hint || `请精简案例正文至 ${max} 字以内，保留做法和有数字的成效。`,
        });
      }
    } else if (rule.check === 'figure-source' && c.kind === 'chart' && !c.source.trim()) {
      const name = c.caption.trim() || '（无题注）';
      drafts.push({
        message: message(
          ctx,
          rule,
          v({ name, figure: `图表「${name}」`, chapter: ch.title }),
          `图表「${name}」没有注明数据来源`,
        ),
        location: loc,
        hint: rule.hint || '请在图表的「数据来源」中填写，例如：职业教育质量年报平台人才培养质量计分卡。',
      });
    } else if (rule.check === 'photo-caption') {
      const photos = c.kind === 'photo' ? [c] : c.kind === 'case' ? c.photos : [];
      const empty = photos.filter((p) => !(p.caption.trim() || assetCaption.get(p.assetId))).length;
      if (empty > 0) {
        const where = c.kind === 'case' ? `案例「${c.title.trim() || '（无标题）'}」的 ${empty} 张图片` : '一张图片';
        drafts.push({
          message: message(
            ctx,
            rule,
            v({ name: ch.title, chapter: ch.title, count: String(empty), figure: `「${ch.title}」中${where}` }),
            `「${ch.title}」中${where}没有图题`,
          ),
          location: loc,
          hint: rule.hint || '请为图片填写图题，说明时间、地点和活动，例如「2024年5月，学校举办校园招聘会」。',
        });
      }
    }
  }
}

export const structure: FrameworkRuleModule<'structure'> = {
  kind: 'structure',
  defaultHint: '请按报告提纲补充或修改相应内容。',
  check(ctx, { rule }) {
    const drafts: Draft[] = [];
    switch (rule.check) {
      case 'chapters-present':
        chaptersPresent(ctx, rule, drafts);
        break;
      case 'appendix-complete':
        appendixComplete(ctx, rule, drafts);
        break;
      case 'case-title':
      case 'case-length':
      case 'figure-source':
      case 'photo-caption':
        blockChecks(ctx, rule, drafts);
        break;
      default:
        return NODATA;
    }
    return drafts.length ? { status: 'fail', drafts } : PASS;
  },
};
