/**
 * 识别数字 (core/figures/recognize.ts) measured on the demo's typed text: the demo is built from one source in two
 * forms (seeds/demo/figures.ts), so every figure it cites from its own data is known with its place — the ground
 * truth. Precision and recall are printed and held to floors; then binding all proposals reproduces the data's
 * figures, and a typed number that contradicts the data is shown with the data's value.
 */
import { describe, expect, it } from 'vitest';
import { applyProposals, recognizeFigures } from '../core/figures/recognize';
import { renderFigureText, workspaceFigureSource } from '../core/figures/render';
import { figureMarker, figureTokens } from '../core/figures/tokens';
import { buildDemoExport, demoFramework, demoTypedCorpus } from '../seeds/demo/index';

const fw = demoFramework();
const src = workspaceFigureSource(buildDemoExport(), fw);
const corpus = demoTypedCorpus();

describe('识别数字 on the demo text', () => {
  it('precision and recall against the figures the demo cites from its data', () => {
    let truth = 0;
    let proposed = 0;
    let hits = 0;
    let same = 0;
    let sameRight = 0;
    const missed: string[] = [];
    const wrong: string[] = [];
    for (const { place, text, figures } of corpus) {
      truth += figures.length;
      const props = recognizeFigures(text, fw, src, 2024);
      proposed += props.length;
      for (const p of props) {
        const ok = figures.some(
          (f) => p.start < f.end && f.start < p.end && figureMarker(f.token) === figureMarker(p.token),
        );
        if (p.status === 'same') {
          same++;
          if (ok) sameRight++;
        }
        if (ok) hits++;
        else wrong.push(`${place}: 「${p.typed}」 → ${figureMarker(p.token)}`);
      }
      for (const f of figures)
        if (!props.some((p) => p.start < f.end && f.start < p.end && figureMarker(f.token) === figureMarker(p.token)))
          missed.push(`${place}: 「${text.slice(Math.max(0, f.start - 12), f.end + 3)}」 ${figureMarker(f.token)}`);
    }
    const precision = hits / proposed;
    const recall = hits / truth;
    console.log(
      `识别数字 on the demo: ${truth} cited figures, ${proposed} proposals, ${hits} right — precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}%`,
    );
    console.log(
      `全部绑定 (only proposals whose typed number equals the data): ${same} bound, ${sameRight} right — precision ${((sameRight / same) * 100).toFixed(1)}%`,
    );
    if (wrong.length) console.log(`wrong:\n${wrong.join('\n')}`);
    if (missed.length) console.log(`missed:\n${missed.join('\n')}`);
    expect(truth).toBeGreaterThan(60);
    expect(precision).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(0.85);
    expect(sameRight).toBe(same);
  });

  it('binding every proposal that agrees with the data prints the same text (units spaced by the report rules)', () => {
    for (const { text } of corpus) {
      const same = recognizeFigures(text, fw, src, 2024).filter((p) => p.status === 'same');
      const bound = applyProposals(text, same);
      expect(figureTokens(bound)).toHaveLength(same.length);
      // what a reader sees does not change: the same digits, units spaced by the report rules, a change against
      // last year said 「较上年」 where it was typed 「较2023年」
      let expected = text;
      for (const p of [...same].sort((a, b) => b.start - a.start))
        expected = expected.slice(0, p.start) + p.typed.replace(/^较2023年/, '较上年') + expected.slice(p.end);
      expect(renderFigureText(bound, src).replace(/ /g, '')).toBe(expected.replace(/ /g, ''));
    }
  });

  it('a typed number that contradicts the data is shown with the data value, and is not bound in bulk', () => {
    const text = '2024年，学校毕业去向落实率95.20%，较2023年提高3.00个百分点；专任教师706人。';
    const props = recognizeFigures(text, fw, src, 2024);
    expect(props.map((p) => [p.typed, p.status, p.printed])).toEqual([
      ['95.20%', 'differs', '90.98%'],
      ['较2023年提高3.00个百分点', 'differs', '较上年提高 0.07 个百分点'],
      ['706人', 'same', '706 人'],
    ]);
    // one click on the first: bound, the rest stays typed
    const one = applyProposals(text, [props[0]!]);
    expect(one).toBe(
      '2024年，学校毕业去向落实率{{fig:grad_placement_rate:2024}}，较2023年提高3.00个百分点；专任教师706人。',
    );
    // text already bound is not read again
    expect(recognizeFigures(one, fw, src, 2024).map((p) => p.typed)).toEqual(['较2023年提高3.00个百分点', '706人']);
  });
});
