/**
 * Bound figures → text: the ONE function that turns stored text with markers (tokens.ts) into what every view
 * prints — the report model (so the preview, Word and PDF), the checks, the CLI and the editor's chips all call
 * renderFigureText / renderFigureParts. Values come from core/values (the one computation path) and are printed
 * by the report's rules (core/report/format.ts, seed003_spec §7.2): 「95.20%」, 「3800 人」, 「2945.60 万元」,
 * 「15.35:1」, 「不适用」 where the school marked the cell so (as the 附表), and 「—」 when there is no data (never 0).
 *
 * Comparison phrases (seed003_spec §7.2: 「较上年增长 4 个百分点」, 「较 2023年增加 2120人」, 「较去年增加 4706.91 万元」,
 * 「172人，较 2023年增长 11.68%」) are chosen by sign and by the kind of unit:
 * - a rate (percent): the difference in 个百分点 — 「较上年提高 1.2 个百分点」 / 「较上年下降 …」;
 * - a ratio: the difference without unit — 「较上年下降 0.35」;
 * - a count, an amount of money or another quantity: the difference in its unit — 「较上年增加 18 人」 / 「减少」;
 * - the relative form (pct): 「较上年增长 3.40%」 / 「较上年下降 …」;
 * - no difference at the printed precision: 「与上年持平」.
 * The difference is taken between the values AS PRINTED (rounded by core/values/round), so a reader who subtracts
 * the two printed numbers gets the printed difference.
 */
import type { Framework, Indicator } from '../framework/schema';
import { decimalsOf, MISSING, NOT_APPLICABLE, printedNumber, proseValue } from '../report/format';
import { type IndicatorValues, valuesOf } from '../values/resolve';
import { fixedDecimals } from '../values/round';
import { type FigureToken, parseFigureText } from './tokens';

/** What rendering needs: the indicators of the framework and the one value path. */
export interface FigureSource {
  indicator(id: string): Indicator | undefined;
  value(id: string, year: number): number | undefined;
  /** True when the school marked the cell 「不适用」 (with its reason): a figure prints that, as the 附表 does. */
  notApplicable?(id: string, year: number): boolean;
  /**
   * Texts already rendered, by stored text: only on a source whose values cannot change (one validation run, one
   * report build), so that the checks and the report model render each text once.
   */
  readonly remembered?: { readonly parts: Map<string, RenderedPart[]>; readonly text: Map<string, string> };
}

/** Why a token prints 「—」 instead of a figure. */
export type FigureProblem = 'unknown-indicator' | 'missing' | 'missing-base' | 'zero-base' | 'not-applicable';

export interface RenderedFigure {
  readonly token: FigureToken;
  /** what the report prints */
  readonly text: string;
  readonly problem?: FigureProblem;
  /** 「毕业去向落实率（2024年）」, 「毕业生数（2024年较2023年）」: what the token stands for, for chips and findings */
  readonly label: string;
}

export type RenderedPart =
  | { readonly kind: 'text'; readonly text: string }
  | ({ readonly kind: 'figure' } & RenderedFigure);

/** A framework's indicators by id (frameworks are not changed once loaded: worked out once per framework). */
const indicatorsOf = new WeakMap<Framework, Map<string, Indicator>>();
function indicatorMap(fw: Framework): Map<string, Indicator> {
  let byId = indicatorsOf.get(fw);
  if (!byId) {
    byId = new Map();
    for (const t of fw.tables) for (const ind of t.indicators) byId.set(ind.id, ind);
    indicatorsOf.set(fw, byId);
  }
  return byId;
}

/**
 * A FigureSource over a framework and the values of a workspace (or any IndicatorValues). `remember`: render each
 * text once (IndicatorValues resolves a workspace's values once and never changes; the caller keeps the source no
 * longer than that workspace).
 */
export function figureSource(fw: Framework, values: IndicatorValues, opts: { remember?: boolean } = {}): FigureSource {
  const byId = indicatorMap(fw);
  if (opts.remember) lastRun.next();
  return {
    indicator: (id) => byId.get(id),
    value: (id, year) => values.value(id, year),
    notApplicable: (id, year) => values.resolve(id, year).notApplicable,
    ...(opts.remember ? { remembered: { parts: new Map(), text: new Map() } } : {}),
  };
}

/** A FigureSource for a workspace's stored values under a framework. */
export function workspaceFigureSource(
  ws: { values: Iterable<{ year: number; indicatorId: string; value: number | null }> },
  fw: Framework,
): FigureSource {
  return figureSource(fw, valuesOf(ws, fw));
}

function baseWords(year: number, baseYear: number): { than: string; same: string } {
  const base = baseYear === year - 1 ? '上年' : `${baseYear}年`;
  return { than: `较${base}`, same: `与${base}持平` };
}

/** A number without trailing zeros after the point: 1.20 → 1.2, 4.00 → 4 (个百分点, as seed 003 writes them). */
function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** The label of a token: the indicator's name and the year(s). */
export function figureLabel(token: FigureToken, ind: Pick<Indicator, 'name'> | undefined): string {
  const name = ind?.name ?? `未知指标 ${token.indicatorId}`;
  if (token.form === 'fig') return `${name}（${token.year}年）`;
  const what = token.form === 'pct' ? '增长率' : '变化';
  return `${name}（${token.year}年较${token.baseYear}年${what}）`;
}

/** One token as printed. */
export function renderFigure(token: FigureToken, src: FigureSource): RenderedFigure {
  const ind = src.indicator(token.indicatorId);
  const label = figureLabel(token, ind);
  if (!ind) return { token, text: MISSING, problem: 'unknown-indicator', label };
  const v = src.value(ind.id, token.year);
  const marked = (year: number) => src.notApplicable?.(ind.id, year) === true;
  if (token.form === 'fig') {
    const text = proseValue(v, ind);
    if (text !== undefined) return { token, text, label };
    // the school's 「不适用」 (with its reason) is printed as the 附表 prints it, not as a missing 「—」; still a
    // problem to name, as the sentence around it was written for a number
    return marked(token.year)
      ? { token, text: NOT_APPLICABLE, problem: 'not-applicable', label }
      : { token, text: MISSING, problem: 'missing', label };
  }
  const baseYear = token.baseYear ?? token.year - 1;
  const b = src.value(ind.id, baseYear);
  // no change can be stated from or to a value that does not apply; said so, not taken for a value left empty
  if ((v === undefined && marked(token.year)) || (b === undefined && marked(baseYear)))
    return { token, text: MISSING, problem: 'not-applicable', label };
  if (v === undefined) return { token, text: MISSING, problem: 'missing', label };
  if (b === undefined) return { token, text: MISSING, problem: 'missing-base', label };
  const text =
    token.form === 'pct'
      ? relativePhrase(v, b, token.year, baseYear)
      : differencePhrase(v, b, ind, token.year, baseYear);
  return text === undefined ? { token, text: MISSING, problem: 'zero-base', label } : { token, text, label };
}

/** 「较上年提高 1.2 个百分点」, 「较上年增加 18 人」, 「与上年持平」: the difference of the two printed values. */
export function differencePhrase(
  value: number,
  base: number,
  ind: Pick<Indicator, 'name' | 'unit' | 'type' | 'decimals'>,
  year: number,
  baseYear: number,
): string {
  // the two values as printed (a typed fraction of an area keeps its digits), the difference to the finer of them
  const now = printedNumber(value, ind);
  const before = printedNumber(base, ind);
  const d = Math.max(decimalsOf(now), decimalsOf(before));
  const diff = Number(now) - Number(before);
  const words = baseWords(year, baseYear);
  const amount = printedNumber(Number(fixedDecimals(Math.abs(diff), d)), ind);
  if (Number(amount) === 0) return words.same;
  const up = diff > 0;
  if (ind.type === 'percent') return `${words.than}${up ? '提高' : '下降'} ${trimZeros(amount)} 个百分点`;
  if (ind.type === 'ratio') return `${words.than}${up ? '提高' : '下降'} ${amount}`;
  return `${words.than}${up ? '增加' : '减少'} ${amount}${ind.unit ? ` ${ind.unit}` : ''}`;
}

/** 「较上年增长 3.40%」: the relative change, two decimals; undefined when the base is 0 (no relative change). */
export function relativePhrase(value: number, base: number, year: number, baseYear: number): string | undefined {
  if (base === 0) return undefined;
  const rel = ((value - base) / Math.abs(base)) * 100;
  const words = baseWords(year, baseYear);
  const amount = fixedDecimals(Math.abs(rel), 2);
  if (Number(amount) === 0) return words.same;
  return `${words.than}${rel > 0 ? '增长' : '下降'} ${amount}%`;
}

/** The text with every token rendered, and the tokens in order (the editor draws chips from these). */
export function renderFigureParts(text: string, src: FigureSource): readonly RenderedPart[] {
  if (!src.remembered) {
    return parseFigureText(text).map((s) =>
      s.kind === 'text' ? s : ({ kind: 'figure', ...renderFigure(s.token, src) } as const),
    );
  }
  const hit = src.remembered.parts.get(text);
  if (hit) return hit;
  const parts = lastRun
    .segments(text)
    .map((s) => (s.kind === 'text' ? s : ({ kind: 'figure', ...lastRun.figure(s, src) } as const)));
  src.remembered.parts.set(text, parts);
  return parts;
}

/**
 * What the runs of remembering sources (validation: one per run, after every edit) parsed and rendered, kept for
 * the next run: a text's markers depend on the text alone, a figure on its marker, its indicator and the one or
 * two values it prints. Only this run's and the last one's are kept, so memory stays two workspaces' text.
 */
const lastRun = (() => {
  type Seg = ReturnType<typeof parseFigureText>;
  type Fig = { ind: Indicator | undefined; fig: RenderedFigure };
  let segs = { now: new Map<string, Seg>(), last: new Map<string, Seg>() };
  let figs = { now: new Map<string, Fig>(), last: new Map<string, Fig>() };
  return {
    next() {
      segs = { now: new Map(), last: segs.now };
      figs = { now: new Map(), last: figs.now };
    },
    segments(text: string): Seg {
      const seg = segs.now.get(text) ?? segs.last.get(text) ?? parseFigureText(text);
      segs.now.set(text, seg);
      return seg;
    },
    figure(s: Extract<Seg[number], { kind: 'token' }>, src: FigureSource): RenderedFigure {
      const { token } = s;
      const ind = src.indicator(token.indicatorId);
      const v = ind ? src.value(ind.id, token.year) : undefined;
      const b = ind && token.form !== 'fig' ? src.value(ind.id, token.baseYear ?? token.year - 1) : undefined;
      // String(number) tells every double apart; an empty cell and one marked 「不适用」 print differently
      const na = (year: number) => (ind && src.notApplicable?.(ind.id, year) ? '1' : '0');
      const key = `${s.raw}\u0000${v}\u0000${b}\u0000${na(token.year)}${token.form === 'fig' ? '' : na(token.baseYear ?? token.year - 1)}`;
      const hit = figs.now.get(key) ?? figs.last.get(key);
      if (hit && hit.ind === ind) {
        figs.now.set(key, hit);
        return hit.fig;
      }
      const fig = renderFigure(token, src);
      figs.now.set(key, { ind, fig });
      return fig;
    },
  };
})();

/** What every view prints for a stored text: markers replaced by their figures (「—」 when there is no data). */
export function renderFigureText(text: string, src: FigureSource): string {
  if (!text.includes('{{')) return text;
  const hit = src.remembered?.text.get(text);
  if (hit !== undefined) return hit;
  let out = '';
  for (const p of renderFigureParts(text, src)) out += p.text;
  src.remembered?.text.set(text, out);
  return out;
}
