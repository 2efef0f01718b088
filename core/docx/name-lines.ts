/**
 * A school's name in a narrow table column, broken into lines between its words: 「重庆市渝北区某某某某职业教育中心 /
 * 附属学校」, never 「…职业教育中心附 / 属学校」 as a CJK line breaker does (it may break between any two characters).
 * The words: the regions it opens with (重庆市, 渝北区), the generic terms of an institution's name (职业技术学院,
 * 职业教育中心, 附属学校, 继续教育学院 …; 附属 / 第一 … bind to what follows), and the proper name between them.
 * A word longer than a whole line is the only thing broken inside. Pure: the docx writer calls it with the column's
 * printed width (core/docx/content.ts), tests with a width of their own.
 */
import { textEms } from './measured-widths';

/** Generic terms of institution names, longest first where one contains another. */
const TERMS: readonly string[] = [
  '高等职业技术学院',
  '高等职业技术学校',
  '高等职业学院',
  '高等专科学校',
  '职业技术学院',
  '职业技术大学',
  '职业技术学校',
  '职业技能学校',
  '职业教育中心',
  '职业教育学院',
  '中等专业学校',
  '中等职业学校',
  '高级技工学校',
  '继续教育学院',
  '成人教育学院',
  '职教中心',
  '职业学院',
  '职业大学',
  '职业学校',
  '职业中学',
  '技工学校',
  '技师学院',
  '专科学校',
  '附属学校',
  '附属中学',
  '实验学校',
  '分校区',
  '校区',
  '分校',
  '分院',
  '学院',
  '学校',
  '大学',
  '中学',
  '中心',
];

/** words that belong with the word after them: no line ends on them */
const BIND_NEXT = new Set(['附属', '第一', '第二', '第三', '第四', '第五', '市属', '区属', '县属']);
/** words that belong with the (proper) word before them: 「北部校区」, 「渝北分校」; a closing bracket */
const BIND_PREV = new Set(['分校区', '校区', '分校', '分院', '）', ')']);

/** 「重庆市」「渝北区」 at the start (two to nine characters and the kind of region; not 「…市场」) */
const REGION = /^(.{2,9}?(?:省|自治区|市(?!场)|自治州|自治县|区|县|州|盟|旗))/u;

/** The name's words, in order; joined they are the name. */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  let rest = name;
  // up to two regions (重庆市 渝北区), each at least two characters before its kind
  for (let i = 0; i < 2; i++) {
    const m = REGION.exec(rest);
    if (!m?.[1] || m[1].length >= rest.length) break;
    words.push(m[1]);
    rest = rest.slice(m[1].length);
  }
  let run = '';
  const flush = () => {
    if (run) words.push(run);
    run = '';
  };
  for (let i = 0; i < rest.length; ) {
    const term = TERMS.find((t) => rest.startsWith(t, i));
    if (term) {
      flush();
      words.push(term);
      i += term.length;
      continue;
    }
    const ch = rest[i] as string;
    // an opening bracket starts a word of its own (「（原…学校）」), a closing one ends one
    if (ch === '（' || ch === '(') flush();
    if (ch === '）' || ch === ')') {
      flush();
      words.push(ch);
      i++;
      continue;
    }
    run += ch;
    i++;
    if (BIND_NEXT.has(run)) flush();
  }
  flush();
  // 附属 / 第一 … go with the word after them; 校区 / 分校 … and a closing bracket with the one before them
  const out: string[] = [];
  let prevTerm = true;
  for (const w of words) {
    const last = out[out.length - 1];
    const term = TERMS.includes(w);
    if (last !== undefined && (BIND_NEXT.has(last) || (BIND_PREV.has(w) && (!prevTerm || !term))))
      out[out.length - 1] = last + w;
    else out.push(w);
    prevTerm = term && !BIND_PREV.has(w);
  }
  return out;
}

/** Splits a word too long for any line into pieces of at most `ems` (the only break inside a word). */
function hardSplit(word: string, ems: number): string[] {
  const pieces: string[] = [];
  let cur = '';
  for (const ch of word) {
    if (cur && textEms(cur + ch) > ems) {
      pieces.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur) pieces.push(cur);
  return pieces;
}

/**
 * The text with line breaks (\n) between words so that no line is wider than `ems`; lines already short enough and
 * the breaks already there (a 学校代码 on a line of its own) are kept.
 */
export function breakNameLines(text: string, ems: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (textEms(line) <= ems) return line;
      const lines: string[] = [];
      let cur = '';
      for (const word of nameWords(line).flatMap((w) => (textEms(w) > ems ? hardSplit(w, ems) : [w]))) {
        if (cur && textEms(cur + word) > ems) {
          lines.push(cur);
          cur = '';
        }
        cur += word;
      }
      if (cur) lines.push(cur);
      return lines.join('\n');
    })
    .join('\n');
}
