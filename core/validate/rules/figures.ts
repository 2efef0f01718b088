/**
 * builtin.figures (warning): the report's figures, tables and references as the document prints them (the report
 * model of core/report: its numbers, its chart specs), so a finding names 图 2-3 exactly as Word will:
 * - a chart whose indicators have no data in the years it shows (empty, or one series empty), or whose caption
 *   names other years than it shows (「2022-2024 年…」 over 2024–2026);
 * - a photo whose picture is not in the workspace (the report prints a placeholder), or without a credit (info);
 * - a table without content;
 * - text that refers to 图 X-Y / 表 X-Y / 【案例 X-Y】 the report does not have.
 * Captions are the framework's structure rules (figure-source, photo-caption).
 */
import type { FigureItem, ReportItem, ReportModel } from '../../report/model';
import { allItems } from '../../report/model';
import { CITE_FIGURES, CITE_PHOTO_CREDIT } from '../builtin-citations';
import {
  blockLocation,
  blockPlaces,
  blocksOf,
  type Draft,
  memo,
  reportModel,
  type ValidationContext,
} from '../context';
import type { FindingLocation } from '../types';
import { narrativeTexts } from './narrative';
import type { BuiltinRuleModule } from './types';

/** The numbers the report gives out: 图 2-3 → '2-3' per kind, and per chapter the labels, for the message. */
interface Numbering {
  readonly figure: Set<string>;
  readonly table: Set<string>;
  readonly case: Set<string>;
}

function numbering(model: ReportModel): Numbering {
  const n: Numbering = { figure: new Set(), table: new Set(), case: new Set() };
  for (const it of allItems(model)) {
    if (it.kind === 'figure') n.figure.add(it.number);
    else if (it.kind === 'table') n.table.add(it.number);
    else if (it.kind === 'case') n.case.add(it.number);
  }
  return n;
}

/** 图 2-3, 表3－1, 【案例 2-1】, 案例2-1 (not 附表 1-1, which is the appendix). */
const REFERENCE = /(附?)(图|表)\s*(\d{1,2})\s*[-－—–]\s*(\d{1,3})|【?\s*案例\s*(\d{1,2})\s*[-－—–]\s*(\d{1,3})\s*】?/g;

const KIND = { 图: 'figure', 表: 'table', 案例: 'case' } as const;

/** 「第 2 章的图为 图 2-1～图 2-4」, or 「第 2 章没有图」. */
function whatExists(set: ReadonlySet<string>, chapter: string, word: '图' | '表' | '案例'): string {
  const own = [...set]
    .filter((n) => n.startsWith(`${chapter}-`))
    .map((n) => Number(n.split('-')[1]))
    .sort((a, b) => a - b);
  const label = (k: number) => (word === '案例' ? `【案例 ${chapter}-${k}】` : `${word} ${chapter}-${k}`);
  if (own.length === 0) return `第 ${chapter} 章没有${word}`;
  const first = own[0] as number;
  const last = own[own.length - 1] as number;
  return `第 ${chapter} 章的${word}为${word === '案例' ? '' : ' '}${first === last ? label(first) : `${label(first)}～${label(last)}`}`;
}

function references(ctx: ValidationContext, n: Numbering, drafts: Draft[]): void {
  const texts: { text: string; location: FindingLocation }[] = [...narrativeTexts(ctx)];
  for (const { ch, sec, block } of blocksOf(ctx)) {
    const c = block.content;
    if (c.kind === 'table')
      texts.push({ text: c.rows.flat().join('\n'), location: blockLocation(ch, sec.id, block.id) });
  }
  for (const { text, location } of texts) {
    const seen = new Set<string>();
    for (const m of text.matchAll(REFERENCE)) {
      if (m[1]) continue; // 附表 1-1
      const word = (m[2] ?? '案例') as '图' | '表' | '案例';
      const chapter = m[3] ?? m[5] ?? '';
      const no = m[4] ?? m[6] ?? '';
      const number = `${Number(chapter)}-${Number(no)}`;
      if (n[KIND[word]].has(number) || seen.has(`${word}${number}`)) continue;
      seen.add(`${word}${number}`);
      const label = word === '案例' ? `【案例 ${number}】` : `${word} ${number}`;
      drafts.push({
        message: `正文提到「${m[0].trim()}」，但报告中没有${label}（${whatExists(n[KIND[word]], String(Number(chapter)), word)}）`,
        location,
        hint: `图、表和案例按章自动编号（${word === '案例' ? '【案例 章-序】' : `${word} 章-序`}），增删或移动后编号会变。请改为现有的编号，或删去这处引用。`,
        citation: CITE_FIGURES,
      });
    }
  }
}

function chartProblems(fig: FigureItem): string | undefined {
  if (fig.chartError) return `无法绘制：${fig.chartError}`;
  const spec = fig.chart;
  if (!spec) return undefined;
  const data = spec.series.filter((s) => s.role !== 'reference');
  const years = spec.categories.join('、');
  if (data.every((s) => s.values.every((v) => v === null)))
    return `所用指标在所示年份（${years}）都没有数据，图将是空的`;
  const empty = data.filter((s) => s.values.every((v) => v === null)).map((s) => `「${s.label}」`);
  if (empty.length) return `其中${empty.join('、')}在所示年份（${years}）都没有数据`;
  return undefined;
}

/** 「2022-2024 年」「2023—2025届」「2024至2026年」 in a caption: the span of years it names. */
const CAPTION_SPAN = /(20\d{2})\s*[-－—–~～至到]\s*(20\d{2})\s*(年|届)/;

/**
 * A chart caption naming other years than the chart plots: last year's caption kept over this year's data (the
 * years of a new chart default to the report year and the two before it), or the years changed and the caption not.
 */
function captionYears(fig: FigureItem): string | undefined {
  const spec = fig.chart;
  const m = CAPTION_SPAN.exec(fig.caption);
  if (!spec || !m || spec.categories.length === 0) return undefined;
  const years = spec.categories.map((c) => Number(c.slice(0, 4)));
  if (Number(m[1]) === Math.min(...years) && Number(m[2]) === Math.max(...years)) return undefined;
  const first = spec.categories[0];
  const last = spec.categories[spec.categories.length - 1];
  return `题注写「${m[0]}」，图中所示为 ${first === last ? first : `${first}–${last}`}`;
}

function items(ctx: ValidationContext, model: ReportModel, drafts: Draft[]): void {
  const places = blockPlaces(ctx);
  const assets = new Map(ctx.ws.assets.map((a) => [a.id, a]));
  const at = (it: ReportItem) => places.get(it.blockId);
  for (const it of allItems(model)) {
    const location = at(it);
    if (!location) continue;
    if (it.kind === 'figure' && it.figureKind === 'chart') {
      const problem = chartProblems(it);
      // one finding at a time: a chart without data is fixed by choosing its years, which may settle the caption
      const stale = problem ? undefined : captionYears(it);
      if (stale) {
        drafts.push({
          message: `${it.label}「${it.caption}」${stale}`,
          location,
          hint: '请把题注中的年份改为图中所示的年份，或在图表设置中改选年份。',
          citation: CITE_FIGURES,
        });
      }
      if (problem) {
        drafts.push({
          message: `${it.label}「${it.caption || '（无题注）'}」${problem}`,
          location,
          hint: '请在数据表中补填所示年份的数据，或在图表设置中改选有数据的指标和年份；没有数据的图表请删除。',
          citation: CITE_FIGURES,
        });
      }
    } else if (it.kind === 'figure' && it.figureKind === 'photo') {
      const name = `${it.label}「${it.caption || '（无图题）'}」`;
      if (it.missingAssetId) {
        drafts.push({
          message: `${name}的图片文件不在工作区中，报告中将只印一个占位框`,
          location,
          hint: '请重新插入这张图片，或删除这个图片块。',
          citation: CITE_FIGURES,
        });
      } else if (it.image && !assets.get(it.image.assetId)?.credit.trim()) {
        drafts.push({
          message: `${name}没有注明图片来源（拍摄者或提供单位）`,
          location,
          severity: 'info',
          hint: '请在图片信息中填写来源，例如「学校宣传部摄」或「由某某企业提供」；使用他人的图片须取得同意。',
          citation: CITE_PHOTO_CREDIT,
        });
      }
    } else if (it.kind === 'table' && it.rows.every((r) => r.every((c) => !c.trim()))) {
      drafts.push({
        message: `${it.label}「${it.caption || '（无表题）'}」没有内容，报告中将是一张空表`,
        location,
        hint: '请填写表格内容，或删除这个表格块。',
        citation: CITE_FIGURES,
      });
    }
  }
}

export const builtinFigures: BuiltinRuleModule = {
  id: 'builtin.figures',
  title: '图、表与引用完整',
  kind: 'figures',
  severity: 'warning',
  check(ctx) {
    if (ctx.chapters.length === 0) return { status: 'nodata', drafts: [] };
    const model = reportModel(ctx);
    const n = memo(ctx, 'numbering', () => numbering(model));
    const drafts: Draft[] = [];
    items(ctx, model, drafts);
    references(ctx, n, drafts);
    return { status: drafts.some((d) => (d.severity ?? 'warning') !== 'info') ? 'fail' : 'pass', drafts };
  },
};
