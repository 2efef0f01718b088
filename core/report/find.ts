/**
 * 查找/替换 over the whole report of one year: chapter titles and 章首概述, section titles, and the text of every block
 * (段首句 and 正文, a case's title and body, 面临挑战's three parts, captions), in the order the report prints them.
 * Pure: the renderer shows the matches and writes the replaced texts through its save and undo paths. A replacement
 * that the workspace would refuse (an empty title, a text over its length limit) is not made and is listed.
 */
import { parseFigureText } from '../figures/tokens';
import { BlockContent, Chapter, Section, type Workspace } from '../model';

export type BlockTextField = 'lead' | 'text' | 'title' | 'body' | 'problems' | 'plans' | 'caption';

export type TextRef =
  | { kind: 'chapter'; chapterId: string; field: 'title' | 'intro' }
  | { kind: 'section'; sectionId: string }
  | { kind: 'block'; blockId: string; field: BlockTextField };

/** The searchable fields of each block kind, in the order the report prints them. */
const BLOCK_FIELDS: Record<BlockContent['kind'], BlockTextField[]> = {
  paragraph: ['lead', 'text'],
  case: ['title', 'body'],
  challenge: ['title', 'problems', 'plans'],
  photo: ['caption'],
  chart: ['caption'],
  table: ['caption'],
};

export interface TextSpot {
  ref: TextRef;
  text: string;
  chapterId: string;
  sectionId: string | null;
}

export interface FindMatch extends TextSpot {
  /** where the match starts in `text`, and its length */
  index: number;
  length: number;
}

export interface FindOptions {
  matchCase: boolean;
}

export function refKey(ref: TextRef): string {
  return ref.kind === 'chapter'
    ? `chapter|${ref.chapterId}|${ref.field}`
    : ref.kind === 'section'
      ? `section|${ref.sectionId}`
      : `block|${ref.blockId}|${ref.field}`;
}

/** Every searchable text of the report of `year`, in print order. */
export function reportTexts(ws: Pick<Workspace, 'chapters' | 'sections' | 'blocks'>, year: number): TextSpot[] {
  const out: TextSpot[] = [];
  const chapters = ws.chapters.filter((c) => c.year === year).sort((a, b) => a.order - b.order);
  for (const ch of chapters) {
    out.push({
      ref: { kind: 'chapter', chapterId: ch.id, field: 'title' },
      text: ch.title,
      chapterId: ch.id,
      sectionId: null,
    });
    out.push({
      ref: { kind: 'chapter', chapterId: ch.id, field: 'intro' },
      text: ch.intro,
      chapterId: ch.id,
      sectionId: null,
    });
    const sections = ws.sections.filter((s) => s.chapterId === ch.id).sort((a, b) => a.order - b.order);
    for (const sec of sections) {
      out.push({ ref: { kind: 'section', sectionId: sec.id }, text: sec.title, chapterId: ch.id, sectionId: sec.id });
      const blocks = ws.blocks.filter((b) => b.sectionId === sec.id).sort((a, b) => a.order - b.order);
      for (const b of blocks) {
        const content = b.content as Record<string, unknown>;
        for (const field of BLOCK_FIELDS[b.content.kind]) {
          const text = content[field];
          if (typeof text === 'string') {
            out.push({ ref: { kind: 'block', blockId: b.id, field }, text, chapterId: ch.id, sectionId: sec.id });
          }
        }
      }
    }
  }
  return out;
}

function pattern(query: string, opts: FindOptions, whole = false): RegExp {
  const escaped = query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(whole ? `^${escaped}$` : escaped, opts.matchCase ? 'gu' : 'giu');
}

/** Every occurrence of `query` (literal text, not a pattern), in print order. */
export function findMatches(spots: readonly TextSpot[], query: string, opts: FindOptions): FindMatch[] {
  if (!query) return [];
  const re = pattern(query, opts);
  const out: FindMatch[] = [];
  for (const spot of spots) {
    const bound = markerSpans(spot.text);
    for (const m of spot.text.matchAll(re)) {
      const end = m.index + m[0].length;
      // a bound figure's marker is data, not words: never found, never rewritten (it would print as raw text)
      if (bound.some(([a, b]) => m.index < b && end > a)) continue;
      out.push({ ...spot, index: m.index, length: m[0].length });
    }
  }
  return out;
}

/** [start, end) of each bound-figure marker in `text` (core/figures/tokens.ts). */
function markerSpans(text: string): [number, number][] {
  if (!text.includes('{{')) return [];
  const spans: [number, number][] = [];
  let at = 0;
  for (const seg of parseFigureText(text)) {
    const len = seg.kind === 'token' ? seg.raw.length : seg.text.length;
    if (seg.kind === 'token') spans.push([at, at + len]);
    at += len;
  }
  return spans;
}

export interface TextEdit {
  ref: TextRef;
  before: string;
  after: string;
  /** occurrences replaced in this field */
  count: number;
}

export interface ReplacePlan {
  edits: TextEdit[];
  /** fields left as they were, with the Chinese reason */
  refused: { ref: TextRef; reason: string }[];
}

/** What the workspace would say to the field holding `text`, or null when it takes it. */
function refusal(ws: Pick<Workspace, 'blocks'>, ref: TextRef, text: string): string | null {
  if (ref.kind === 'block') {
    const b = ws.blocks.find((x) => x.id === ref.blockId);
    if (!b) return '内容块已删除';
    return BlockContent.safeParse({ ...b.content, [ref.field]: text }).success ? null : '替换后超出该处的字数上限';
  }
  const schema =
    ref.kind === 'section'
      ? Section.shape.title
      : ref.kind === 'chapter' && ref.field === 'title'
        ? Chapter.shape.title
        : Chapter.shape.intro;
  if (schema.safeParse(text).success) return null;
  return text.trim() === '' ? '标题不能为空' : '替换后超出该处的字数上限';
}

/**
 * Replaces `matches` (all of them, or one): each field's occurrences are replaced from the end so the earlier
 * indices stay true. Matches whose text changed since they were found are left out.
 */
export function planReplace(
  ws: Pick<Workspace, 'blocks'>,
  matches: readonly FindMatch[],
  query: string,
  replacement: string,
  opts: FindOptions,
): ReplacePlan {
  const byField = new Map<string, FindMatch[]>();
  for (const m of matches) byField.set(refKey(m.ref), [...(byField.get(refKey(m.ref)) ?? []), m]);
  const plan: ReplacePlan = { edits: [], refused: [] };
  const exact = pattern(query, opts, true);
  const same = (a: string) => {
    exact.lastIndex = 0;
    return exact.test(a);
  };
  for (const list of byField.values()) {
    const first = list[0];
    if (!first) continue;
    let text = first.text;
    let count = 0;
    for (const m of [...list].sort((a, b) => b.index - a.index)) {
      if (!same(text.slice(m.index, m.index + m.length))) continue;
      text = text.slice(0, m.index) + replacement + text.slice(m.index + m.length);
      count++;
    }
    if (count === 0) continue;
    const why = refusal(ws, first.ref, text);
    if (why) plan.refused.push({ ref: first.ref, reason: why });
    else plan.edits.push({ ref: first.ref, before: first.text, after: text, count });
  }
  return plan;
}
