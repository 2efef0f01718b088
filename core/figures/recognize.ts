/**
 * 识别数字: typed numbers in a text that stand for an indicator of a year (「毕业去向落实率90.98%」, 「较2023年增加
 * 686人」), proposed as bound figures (core/figures/tokens.ts) — one at a time or all at once. Pure.
 *
 * It reads the text with the narrative check's own reader (core/validate/narrative.ts, narrative-growth.ts: a number
 * right after an indicator's name or alias, in the same clause, with a unit the indicator can be written in; a change
 * only after an explicit 较/比 + year), over ALL indicators of the framework, so what it proposes is what the check
 * would compare. Built for precision: a number it is unsure of is left typed (the narrative check still reads it).
 *
 * Each proposal says how the typed number relates to the data: 'same' (binding changes nothing a reader sees but the
 * unit's spacing), 'differs' (the data say otherwise: binding prints the data's value, shown beside it), 'nodata'
 * (no value for that year: binding would print 「—」, so it is offered but not in 「全部绑定」).
 */
import { type Framework, NarrativeRule } from '../framework/schema';
import { compileFramework } from '../validate/compile';
import { buildNarrativeMatcher, matchesWritten, type NarrativeMatcher, scanNarrative } from '../validate/narrative';
import { scanGrowth } from '../validate/narrative-growth';
import { type FigureSource, renderFigure } from './render';
import { type FigureToken, figureMarker, parseFigureText } from './tokens';

export interface FigureProposal {
  /** the typed span the bound figure replaces: text.slice(start, end) */
  readonly start: number;
  readonly end: number;
  /** as typed: 「90.98%」, 「较2023年增加686人」 */
  readonly typed: string;
  readonly token: FigureToken;
  /** what the bound figure prints now */
  readonly printed: string;
  readonly label: string;
  readonly status: 'same' | 'differs' | 'nodata';
}

interface Reader {
  readonly matcher: NarrativeMatcher;
  /** names the tool derived from indicator names (not written in the framework): trusted only right before a number */
  readonly loose: ReadonlyMap<string, string>;
}

const readers = new WeakMap<Framework, Reader>();

/**
 * Shorter ways prose names an indicator, beyond the framework's own names and aliases: 「专职辅导员数」 →
 * 「专职辅导员」, 「非学历培训人次」 → 「非学历培训」, 「开发并被国（境）外采用的课程标准数」 → 「开发并被国外采用的课程标准」,
 * 「企业提供的校内实践教学设备值」 → 「企业提供校内实践教学设备值」. At least 3 characters, so 「升学」 stays a word.
 */
function looseNames(name: string): string[] {
  const base = name.replace(/[（(][^）)]*[）)]$/, '').trim();
  const forms = new Set<string>([base]);
  for (const f of [...forms]) forms.add(f.replace(/(人数|数|人次|时长)$/, ''));
  for (const f of [...forms]) {
    forms.add(f.replace(/国（境）外/g, '国外'));
    forms.add(f.replace(/国（境）外/g, '境外'));
  }
  for (const f of [...forms]) if (f.includes('的')) forms.add(f.replace(/的/g, ''));
  forms.delete(base);
  forms.delete(name);
  return [...forms].filter((n) => [...n].length >= 3);
}

/** The narrative reader over every indicator, with the aliases of all the framework's narrative rules. */
function readerFor(fw: Framework): Reader {
  const hit = readers.get(fw);
  if (hit) return hit;
  const aliases: Record<string, string[]> = {};
  const add = (id: string, n: string) => {
    const list = aliases[id] ?? [];
    if (!list.includes(n)) list.push(n);
    aliases[id] = list;
  };
  for (const r of fw.rules)
    if (r.kind === 'narrative') for (const [id, list] of Object.entries(r.aliases)) for (const n of list) add(id, n);
  const written = new Set(Object.values(aliases).flat());
  const loose = new Map<string, string>();
  for (const t of fw.tables)
    for (const ind of t.indicators)
      for (const n of looseNames(ind.name)) {
        if (written.has(n)) continue;
        add(ind.id, n);
        loose.set(n, ind.id);
      }
  const rule = NarrativeRule.parse({
    kind: 'narrative',
    id: 'figures.recognize',
    title: '识别数字',
    severity: 'info',
    confidence: 'C',
    indicators: [],
    aliases,
  });
  const reader = { matcher: buildNarrativeMatcher(rule, compileFramework(fw).indicators), loose };
  readers.set(fw, reader);
  return reader;
}

/** A derived name counts only right before its number: 「专职辅导员65人」, 「合作企业为386家」. */
const CLOSE_GAP = /^\s*(为|达|达到|共|共有|有|计|累计)?\s*$/;

function looseNameBefore(text: string, end: number, loose: ReadonlyMap<string, string>, id: string): boolean {
  for (const [n, owner] of loose) if (owner === id && text.slice(end - n.length, end) === n) return true;
  return false;
}

/**
 * The text with every marker blanked (same length, no digits), so no number is read inside one; the clause goes on
 * across it, so 「落实率{{fig:…}}，较2023年提高 3 个百分点」 still reads the change after the bound value.
 */
function maskMarkers(text: string): string {
  if (!text.includes('{{')) return text;
  return parseFigureText(text)
    .map((s) => (s.kind === 'text' ? s.text : '□'.repeat(s.raw.length)))
    .join('');
}

/** Proposals for one text, in reading order, not overlapping. `year`: the report year (「上年」 is year − 1). */
export function recognizeFigures(text: string, fw: Framework, src: FigureSource, year: number): FigureProposal[] {
  const masked = maskMarkers(text);
  const { matcher, loose } = readerFor(fw);
  const percentIds = new Set(
    fw.tables.flatMap((t) => t.indicators.filter((i) => i.type === 'percent').map((i) => i.id)),
  );
  const out: FigureProposal[] = [];
  for (const h of scanNarrative(masked, matcher, year)) {
    if (h.start === undefined || h.end === undefined) continue;
    if (
      h.nameEnd !== undefined &&
      looseNameBefore(masked, h.nameEnd, loose, h.indicatorId) &&
      !CLOSE_GAP.test(masked.slice(h.nameEnd, h.start))
    )
      continue;
    const token: FigureToken = { form: 'fig', indicatorId: h.indicatorId, year: h.year };
    const value = src.value(h.indicatorId, h.year);
    const status = value === undefined ? 'nodata' : matchesWritten(value, h) ? 'same' : 'differs';
    out.push(proposal(text, h.start, h.end, token, src, status));
  }
  for (const g of scanGrowth(masked, matcher, year, percentIds)) {
    if (g.start === undefined || g.end === undefined || !g.amount) continue;
    const isRate = percentIds.has(g.indicatorId);
    // 「增长 5%」 of a rate is ambiguous (points or relative, seed 003 L380): left typed
    if (g.amount.kind === 'percent' && isRate) continue;
    const form = g.amount.kind === 'percent' ? 'pct' : 'chg';
    const token: FigureToken = { form, indicatorId: g.indicatorId, year: g.year, baseYear: g.baseYear };
    const r = renderFigure(token, src);
    const typed = text.slice(g.start, g.end);
    // the same change: the printed amount and direction equal the typed ones
    const status = r.problem ? 'nodata' : sameChange(typed, r.text) ? 'same' : 'differs';
    out.push(proposal(text, g.start, g.end, token, src, status));
  }
  out.sort((a, b) => a.start - b.start);
  // a value inside a change span (「较2023年增加686人」 holds no name, but be safe): the first wins
  const kept: FigureProposal[] = [];
  for (const p of out) if (!kept.some((k) => p.start < k.end && k.start < p.end)) kept.push(p);
  return kept;
}

function proposal(
  text: string,
  start: number,
  end: number,
  token: FigureToken,
  src: FigureSource,
  status: FigureProposal['status'],
): FigureProposal {
  const r = renderFigure(token, src);
  return { start, end, typed: text.slice(start, end), token, printed: r.text, label: r.label, status };
}

/** 「较2023年增加686人」 vs 「较上年增加 686 人」: same direction and same amount. */
function sameChange(typed: string, printed: string): boolean {
  const dir = (s: string) => (/增加|增长|提高|提升|上升|新增/.test(s) ? 1 : /下降|减少|降低|回落/.test(s) ? -1 : 0);
  const amount = (s: string) => {
    const nums = s.replace(/较\s*\d{4}\s*(年度|年|届)/, '').match(/\d+(?:\.\d+)?/g);
    return nums ? Number(nums[nums.length - 1]) : Number.NaN;
  };
  return dir(typed) === dir(printed) && amount(typed) === amount(printed);
}

/** The text with the given proposals bound (each typed span replaced by its marker); others left as typed. */
export function applyProposals(text: string, proposals: readonly FigureProposal[]): string {
  let out = text;
  // from the end, so earlier offsets stay valid
  for (const p of [...proposals].sort((a, b) => b.start - a.start)) {
    if (out.slice(p.start, p.end) !== p.typed) continue; // the text moved on: never replace something else
    out = out.slice(0, p.start) + figureMarker(p.token) + out.slice(p.end);
  }
  return out;
}
