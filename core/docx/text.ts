/**
 * Text runs for Chinese prose. “ ” ‘ ’ — … · are shared by Latin and Chinese text: Word picks their font by the
 * run's hint (set in every style, see style-defs.ts fontOf), but LibreOffice gives them the script of the letter
 * before, so 「“33618”」 came out with a full-width opening and a narrow closing quote. Each such stretch gets a run
 * of its own whose every font slot is the paragraph's East Asian face: full-width in Word, WPS and LibreOffice.
 */
import { type IRunOptions, TextRun } from 'docx';

const SHARED_PUNCTUATION = /[\u201C\u201D\u2018\u2019\u2014\u2026\u00B7]+/g;

export function textRuns(text: string, eastFont: string, run: IRunOptions = {}): TextRun[] {
  const out: TextRun[] = [];
  let at = 0;
  const plain = (s: string) => {
    if (s) out.push(new TextRun({ ...run, text: s }));
  };
  for (const m of text.matchAll(SHARED_PUNCTUATION)) {
    plain(text.slice(at, m.index));
    out.push(
      new TextRun({
        ...run,
        text: m[0],
        font: { ascii: eastFont, hAnsi: eastFont, eastAsia: eastFont, cs: eastFont, hint: 'eastAsia' },
      }),
    );
    at = (m.index ?? 0) + m[0].length;
  }
  plain(text.slice(at));
  return out;
}

// a line may not start with a closing mark nor end with an opening one (禁则)
const NO_LINE_START = /^[，。、；：！？）》」』”’]/u;
const NO_LINE_END = /[（《「『“‘]$/u;
const OPENING = /[（(《「『“‘〔【]/u;
const CLOSING = /[）)》」』”’〕】]/u;

/**
 * A short centred line (a cover title) too long for one line, as lines of near-equal length broken between
 * words: 「参与高等职业教育」「人才培养年度报告」 rather than the writer's 「参与高等职业教育人才培养」「年度报告」.
 * Words come from Intl.Segmenter (ICU's Chinese dictionary, in Node and Electron alike); a break inside brackets
 * is not taken, one just before an opening bracket is preferred; a text without a usable break is cut at the even
 * length.
 */
export function balancedLines(text: string, perLine: number): string[] {
  const chars = [...text];
  if (perLine < 1 || chars.length <= perLine) return [text];
  const lines = Math.ceil(chars.length / perLine);
  const breaks = new Set<number>();
  let at = 0;
  for (const seg of new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)) {
    at += [...seg.segment].length;
    if (at < chars.length) breaks.add(at);
  }
  // a break outside brackets, best just before one: 「重庆电子科技职业大学」「（原重庆电子工程职业学院）」
  const depth: number[] = [];
  let open = 0;
  for (const [i, ch] of chars.entries()) {
    depth[i] = open;
    if (OPENING.test(ch)) open++;
    else if (CLOSING.test(ch)) open = Math.max(0, open - 1);
  }
  const ok = (b: number) =>
    breaks.has(b) && depth[b] === 0 && !NO_LINE_START.test(chars[b] ?? '') && !NO_LINE_END.test(chars[b - 1] ?? '');
  const cost = (b: number, target: number) => Math.abs(b - target) - (OPENING.test(chars[b] ?? '') ? 3 : 0);
  const out: string[] = [];
  let start = 0;
  for (let k = lines; k > 1; k--) {
    const target = start + (chars.length - start) / k;
    // a break leaving the rest for the k − 1 lines still to come, each within perLine
    const fits = (b: number) => b > start && b - start <= perLine && chars.length - b <= (k - 1) * perLine;
    let best = -1;
    for (let b = start + 1; b < chars.length; b++)
      if (fits(b) && ok(b) && (best < 0 || cost(b, target) < cost(best, target))) best = b;
    if (best < 0) best = Math.min(start + perLine, Math.round(target));
    out.push(chars.slice(start, best).join(''));
    start = best;
  }
  out.push(chars.slice(start).join(''));
  return out;
}
