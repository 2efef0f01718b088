/**
 * The schools' 案例 as the district sees them:
 * - `schoolCases`: each school's cases of its report year, keyed by title and by body text with all whitespace
 *   taken out, so the same case handed in by two schools is found (the review tells the reviewer, the district draft
 *   prints it once: a district report must not print one case twice);
 * - `duplicateCases`: the cases two or more schools handed in alike;
 * - `textWithoutMissing`: a school's text with its bound figures printed from its own data, every sentence part
 *   that would print 「—」 (no data, core/figures/render.ts) left out. A school's own report prints the 「—」 and its
 *   check (builtin.bound-figures) tells the school where and why; the district draft goes to readers who were not
 *   told, so it leaves the part out and its 草稿说明 names what was left out, for the reviewer to ask the school.
 * Pure.
 */
import { createHash } from 'node:crypto';
import {
  type FigureProblem,
  type FigureSource,
  type RenderedFigure,
  renderFigureParts,
  renderFigureText,
} from '../figures/render';
import type { Workspace } from '../model';
import { MISSING } from '../report/format';

/** A school's case as the review keeps it: its title as written, and the keys two schools' cases are compared by. */
export interface CaseKey {
  title: string;
  /** the title, all whitespace taken out ('' when the title is empty) */
  titleKey: string;
  /** a digest of the body, all whitespace taken out ('' when the body is empty) */
  bodyKey: string;
}

const squashed = (s: string) => s.replace(/\s+/gu, '');

export function caseKey(title: string, body: string): CaseKey {
  const b = squashed(body);
  return {
    title: title.trim(),
    titleKey: squashed(title),
    bodyKey: b ? createHash('sha256').update(b).digest('base64').slice(0, 24) : '',
  };
}

/** The cases of the school's report year, in the order of its outline (chapter, section, block). */
export function schoolCases(ws: Pick<Workspace, 'profile' | 'chapters' | 'sections' | 'blocks'>): CaseKey[] {
  const chapters = new Map(ws.chapters.filter((c) => c.year === ws.profile.reportYear).map((c) => [c.id, c]));
  const sections = new Map(ws.sections.filter((s) => chapters.has(s.chapterId)).map((s) => [s.id, s]));
  const rank = (sectionId: string) => {
    const s = sections.get(sectionId);
    return s ? (chapters.get(s.chapterId)?.order ?? 0) * 10_000 + s.order : 0;
  };
  return ws.blocks
    .filter((b) => b.content.kind === 'case' && sections.has(b.sectionId))
    .sort((a, b) => rank(a.sectionId) - rank(b.sectionId) || a.order - b.order)
    .map((b) => (b.content.kind === 'case' ? caseKey(b.content.title, b.content.body) : caseKey('', '')));
}

/** One case handed in by several schools: the schools in the order given, and how they are alike. */
export interface DuplicateCase {
  title: string;
  schools: string[];
  /** 标题相同 / 正文相同 / 标题和正文都相同 */
  alike: string;
}

/** Whether two cases are the same case: the same title, or the same body (whitespace aside). */
export function sameCase(a: CaseKey, b: CaseKey): { title: boolean; body: boolean } | undefined {
  const title = a.titleKey !== '' && a.titleKey === b.titleKey;
  const body = a.bodyKey !== '' && a.bodyKey === b.bodyKey;
  return title || body ? { title, body } : undefined;
}

const TITLE_ONLY = '标题相同、正文不同';

export function alikeText(m: { title: boolean; body: boolean }): string {
  return m.title && m.body ? '标题和正文都相同' : m.title ? TITLE_ONLY : '正文相同';
}

/**
 * Cases that two or more different schools handed in alike (a school repeating its own case is not counted). Found
 * by title and body key in maps: a province's review has tens of thousands of cases.
 */
export function duplicateCases(schools: readonly { name: string; cases: readonly CaseKey[] }[]): DuplicateCase[] {
  type Group = { first: CaseKey; schools: string[]; title: boolean; body: boolean };
  const groups: Group[] = [];
  const byTitle = new Map<string, Group>();
  const byBody = new Map<string, Group>();
  for (const s of schools) {
    for (const c of s.cases) {
      const viaTitle = c.titleKey ? byTitle.get(c.titleKey) : undefined;
      const viaBody = c.bodyKey ? byBody.get(c.bodyKey) : undefined;
      const g = viaTitle ?? viaBody;
      if (!g) {
        const n: Group = { first: c, schools: [s.name], title: false, body: false };
        groups.push(n);
        if (c.titleKey) byTitle.set(c.titleKey, n);
        if (c.bodyKey) byBody.set(c.bodyKey, n);
        continue;
      }
      if (c.titleKey && !byTitle.has(c.titleKey)) byTitle.set(c.titleKey, g);
      if (c.bodyKey && !byBody.has(c.bodyKey)) byBody.set(c.bodyKey, g);
      if (g.schools.includes(s.name)) continue;
      g.schools.push(s.name);
      g.title ||= viaTitle === g;
      g.body ||= viaBody === g;
    }
  }
  return groups
    .filter((g) => g.schools.length > 1)
    .map((g) => ({ title: g.first.title || '（无标题）', schools: g.schools, alike: alikeText(g) }));
}

/**
 * What the reviewer is told of the cases several schools handed in alike: one line per set of schools (two copies
 * of one school's file share every case: one line, not one per case, so the file list stays readable).
 */
export function duplicateCaseWarnings(list: readonly DuplicateCase[]): string[] {
  const bySchools = new Map<string, DuplicateCase[]>();
  for (const d of list) {
    const key = d.schools.join('\u0000');
    bySchools.set(key, [...(bySchools.get(key) ?? []), d]);
  }
  return [...bySchools.values()].map((group) => {
    const { schools } = group[0] as DuplicateCase;
    const who =
      schools.length <= 5 ? schools.join('、') : `${schools.slice(0, 5).join('、')}等 ${schools.length} 所学校`;
    // the same title over different texts may be two schools' own work named alike: asked, not asserted
    const titleOnly = group.every((d) => d.alike === TITLE_ONLY);
    const noun = titleOnly ? '标题相同的案例' : '相同的案例';
    const how = (d: DuplicateCase) => (titleOnly ? '正文不同' : d.alike);
    const what =
      group.length === 1
        ? `${noun}「${group[0]?.title}」（${how(group[0] as DuplicateCase)}）`
        : new Set(group.map((d) => d.alike)).size === 1
          ? ` ${group.length} 个${noun}（${how(group[0] as DuplicateCase)}）：${group.map((d) => `「${d.title}」`).join('、')}`
          : ` ${group.length} 个${noun}：${group.map((d) => `「${d.title}」（${d.alike}）`).join('、')}`;
    return titleOnly
      ? `${who}报送了${what}：请核实是否为同一案例（区域报告中同一案例只能收录一次）。`
      : `${who}报送了${what}：区域报告中同一案例只能收录一次，请向学校核实案例归属。`;
  });
}

/** A bound figure the draft left out, and why (in the words of the school's own check). */
export interface LeftOut {
  label: string;
  problem: FigureProblem;
  year: number;
  baseYear?: number;
}

const WHY: Record<FigureProblem, (f: LeftOut) => string> = {
  missing: (f) => `${f.year}年的值未填写`,
  'missing-base': (f) => `${f.baseYear}年的值未填写，无法比较`,
  'zero-base': (f) => `${f.baseYear}年的值为 0，无法计算增长率`,
  'unknown-indicator': () => '不在该校的指标体系中',
  'not-applicable': () => '标为不适用，无法比较',
};

export function leftOutText(f: LeftOut): string {
  return `「${f.label}」（${WHY[f.problem](f)}）`;
}

const PAUSE = new Set(['，', '；', '、', '：', ',', ';', ':']);
const STOP = new Set(['。', '！', '？', '!', '?']);
const HOLE = '\uE0F0';

/**
 * The text as the school's report prints it (its bound figures from its own data), each sentence part (up to
 * 「，」「；」「、」「：」 or the sentence's end) holding a figure that would print 「—」 left out, with the
 * punctuation mended: 「毕业生2196 人，月收入—，满意度97.46%。」 → 「毕业生2196 人，满意度97.46%。」, 「…2196 人，月收入—。」
 * → 「…2196 人。」, a sentence of that part alone dropped whole. `src` absent (no framework): the text as stored.
 */
export function textWithoutMissing(text: string, src: FigureSource | undefined): { text: string; leftOut: LeftOut[] } {
  if (!src || !text.includes('{{')) return { text, leftOut: [] };
  const parts = renderFigureParts(text, src);
  const missing = parts.filter(
    (p): p is { kind: 'figure' } & RenderedFigure => p.kind === 'figure' && p.text === MISSING && !!p.problem,
  );
  if (missing.length === 0) return { text: renderFigureText(text, src), leftOut: [] };
  const leftOut = missing.map((p) => ({
    label: p.label,
    problem: p.problem as FigureProblem,
    year: p.token.year,
    ...(p.token.form === 'fig' ? {} : { baseYear: p.token.baseYear ?? p.token.year - 1 }),
  }));
  const marked = parts.map((p) => (p.kind === 'figure' && p.text === MISSING && p.problem ? HOLE : p.text)).join('');
  let out = '';
  let clause = '';
  const end = (delim: string) => {
    if (!clause.includes(HOLE)) {
      out += clause + delim;
    } else if (STOP.has(delim) || delim === '\n' || delim === '') {
      // the part closed its sentence: the sentence now ends where the part before it ended
      const before = out.at(-1);
      if (before !== undefined && PAUSE.has(before)) out = out.slice(0, -1) + delim;
      else if (delim === '\n') out += delim;
    }
    // a part ending in a pause goes with its pause
    clause = '';
  };
  for (const ch of marked) {
    if (PAUSE.has(ch) || STOP.has(ch) || ch === '\n') end(ch);
    else clause += ch;
  }
  end('');
  return { text: out.replace(new RegExp(HOLE, 'g'), ''), leftOut };
}
