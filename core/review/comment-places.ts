/**
 * Review comments in words, for the readable exports (.docx / .xlsx) that a school's editor reads: where each
 * comment points (数据表 · 指标 · 年度 with the value the school entered, or 章 · 节 · 第 N 项 with a short quote of
 * the text, or the rule a finding broke with its message), who wrote it, when, its status and its reply thread.
 *
 * Pure: the school's workspace, its framework and its findings come in through `PlaceSource`; when they are
 * missing (the school's file could not be read) a place is named by its ids and `note` says why, so a reader is
 * never shown a guess.
 */
import { renderFigureText, workspaceFigureSource } from '../figures/render';
import { allIndicators, type Framework } from '../framework/schema';
import type { CommentTarget, ReviewComment, Workspace } from '../model';
import { chineseNumeral } from '../report/format';
import { blockPlace } from '../report/places';
import { formatIndicatorValue } from '../validate/format';
import type { Finding } from '../validate/types';
import type { CommentsFile } from './comments';
import { BUILTIN_RULE_TITLES } from './matrix';
import { findingWhere } from './review';

/** What a place is read from; any part may be missing. */
export interface PlaceSource {
  ws?: Workspace;
  fw?: Framework;
  /** the school's findings as reviewed (a 'finding' target is named by its rule and where it was found) */
  findings?: readonly Finding[];
  /** one sentence on where the places come from (or why they are named by ids) */
  note: string;
}

export type PlaceKind = 'workspace' | 'cell' | 'block' | 'finding';
export const PLACE_KINDS: readonly PlaceKind[] = ['workspace', 'cell', 'block', 'finding'];
export const PLACE_KIND_LABEL: Readonly<Record<PlaceKind, string>> = {
  workspace: '整体意见',
  cell: '数据表',
  block: '报告正文',
  finding: '校验问题',
};

export interface CommentPlace {
  kind: PlaceKind;
  /** 教学资源表 · 专职辅导员 · 2024年 / 人才培养 · 2.1 立德树人 · 第 3 块（段落） / 校验问题「…」 · … */
  text: string;
  /** 「填报值：2人」, a short quote of the block's text, the finding's message; '' when there is none */
  quote: string;
  /** sorts places in report order within their kind */
  order: readonly number[];
}

/** Characters of a quote of the school's text before it is cut with …… */
export const QUOTE_CHARS = 40;
/** a finding's message says what is wrong with the numbers: allowed a longer line */
const MESSAGE_CHARS = 80;

/** One line, at most `max` characters (cut with ……), '' for no text. */
export function shortQuote(text: string, max = QUOTE_CHARS): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (!one) return '';
  const chars = [...one];
  return chars.length > max ? `${chars.slice(0, max).join('')}……` : one;
}

function blockText(c: Workspace['blocks'][number]['content']): string {
  switch (c.kind) {
    case 'paragraph':
      return `${c.lead}${c.text}`;
    case 'case':
      return c.title ? `【案例】${c.title}` : c.body;
    case 'challenge':
      return `${c.title}${c.title && c.problems ? '：' : ''}${c.problems}`;
    default:
      return c.caption;
  }
}

function cellPlace(t: Extract<CommentTarget, { type: 'cell' }>, src: PlaceSource): CommentPlace {
  const table = src.fw?.tables.find((x) => x.id === t.tableId);
  const idx = table?.indicators.findIndex((i) => i.id === t.indicatorId) ?? -1;
  const ind =
    table && idx >= 0
      ? table.indicators[idx]
      : src.fw
        ? allIndicators(src.fw).find((i) => i.id === t.indicatorId)
        : undefined;
  const order = [table?.order ?? 99, idx >= 0 ? idx : 9999, t.year];
  if (!ind) {
    return { kind: 'cell', text: `数据表 ${t.tableId} · 指标 ${t.indicatorId} · ${t.year}年`, quote: '', order };
  }
  const text = `${table?.name ?? t.tableId} · ${ind.name} · ${t.year}年`;
  if (!src.ws) return { kind: 'cell', text, quote: '', order };
  const v = src.ws.values.find((x) => x.year === t.year && x.indicatorId === t.indicatorId)?.value;
  return { kind: 'cell', text, quote: `填报值：${formatIndicatorValue(v ?? undefined, ind)}`, order };
}

function blockTargetPlace(t: Extract<CommentTarget, { type: 'block' }>, src: PlaceSource): CommentPlace {
  const ws = src.ws;
  const block = ws?.blocks.find((b) => b.id === t.blockId);
  const section = block ? ws?.sections.find((s) => s.id === block.sectionId) : undefined;
  const chapter = section ? ws?.chapters.find((c) => c.id === section.chapterId) : undefined;
  if (!ws || !block || !section || !chapter) {
    const why = ws ? '，学校文件中已没有这块内容' : '';
    return { kind: 'block', text: `报告正文中的一块内容（编号 ${t.blockId}${why}）`, quote: '', order: [9999] };
  }
  const years = new Set(ws.chapters.map((c) => c.year));
  const year = years.size > 1 ? `${chapter.year}年度 · ` : '';
  return {
    kind: 'block',
    // the same words as the school's comments panel (core/report/places.ts), with the chapter's title first
    text: `${year}${chapter.title} · ${blockPlace(ws, undefined, block.id)}`,
    // bound figures quoted as the report prints them (core/figures), with the school's framework when known
    quote: shortQuote(
      src.fw ? renderFigureText(blockText(block.content), workspaceFigureSource(ws, src.fw)) : blockText(block.content),
    ),
    order: [chapter.year, chapter.order, section.order, block.order],
  };
}

function findingPlace(t: Extract<CommentTarget, { type: 'finding' }>, src: PlaceSource): CommentPlace {
  const ruleIndex = src.fw?.rules.findIndex((r) => r.id === t.ruleId) ?? -1;
  const title = (ruleIndex >= 0 ? src.fw?.rules[ruleIndex]?.title : undefined) ?? BUILTIN_RULE_TITLES[t.ruleId];
  const f =
    src.findings?.find((x) => x.ruleId === t.ruleId && (x.key ?? '') === t.key) ??
    (t.key ? undefined : src.findings?.find((x) => x.ruleId === t.ruleId));
  const where = f ? findingWhere(f) : '';
  const text = `${title ? `校验问题「${title}」` : `校验问题（规则 ${t.ruleId}）`}${where ? ` · ${where}` : ''}`;
  return {
    kind: 'finding',
    text,
    quote: f ? shortQuote(f.message, MESSAGE_CHARS) : '',
    order: [ruleIndex >= 0 ? ruleIndex : 9999],
  };
}

/** Where a comment points, in words. */
export function describeTarget(t: CommentTarget, src: PlaceSource): CommentPlace {
  switch (t.type) {
    case 'cell':
      return cellPlace(t, src);
    case 'block':
      return blockTargetPlace(t, src);
    case 'finding':
      return findingPlace(t, src);
    default:
      return { kind: 'workspace', text: '整份报告', quote: '', order: [] };
  }
}

/** China Standard Time (UTC+8, no daylight saving): the readers are in China, whatever zone the machine is set to. */
const CST_MS = 8 * 3600 * 1000;

/** 2025年3月5日 14:07 (China time); '' for an unreadable time. */
export function chinaTime(iso: string | null): string {
  const t = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(t)) return '';
  const d = new Date(t + CST_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** The same instant as a Date whose UTC fields read as China time (what a spreadsheet shows as-is). */
export function chinaWallClock(iso: string): Date | null {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t + CST_MS);
}

export const STATUS_TEXT: Readonly<Record<ReviewComment['status'], string>> = { open: '未解决', resolved: '已解决' };

export interface ReadableEntry {
  /** 3 for a comment, 3.1, 3.2 … for the replies in its thread */
  no: string;
  /** the number of the comment this answers ('' for a thread's first comment) */
  replyTo: string;
  author: string;
  time: string;
  status: string;
  resolvedTime: string;
  body: string;
  comment: ReviewComment;
}

export interface ReadableThread {
  place: CommentPlace;
  root: ReadableEntry;
  /** every reply below the root, in the order they were written */
  replies: ReadableEntry[];
}

export interface ReadableGroup {
  kind: PlaceKind;
  /** 一、数据表 */
  heading: string;
  threads: ReadableThread[];
}

export interface ReadableComments {
  school: { name: string; code: string };
  reviewer: string;
  exportedAt: string;
  reviewedSha256: string;
  note: string;
  groups: ReadableGroup[];
  counts: { threads: number; open: number; resolved: number; replies: number };
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * A comments file as threads in words, grouped by kind of place (整体意见, 数据表, 报告正文, 校验问题) and in report
 * order within a group; numbered 1, 2, … across groups, replies 1.1, 1.2 …. Nothing is left out: a reply whose
 * parent is missing (cannot happen in a parsed file) would be shown as a thread of its own.
 */
export function readableComments(cf: CommentsFile, src: PlaceSource): ReadableComments {
  const byId = new Map(cf.comments.map((c) => [c.id, c]));
  const rootOf = (c: ReviewComment): ReviewComment => {
    let x = c;
    for (let i = 0; i < 100 && x.parentId && byId.has(x.parentId); i++) x = byId.get(x.parentId) as ReviewComment;
    return x;
  };
  const roots = cf.comments.filter((c) => rootOf(c) === c);
  const repliesOf = new Map<string, ReviewComment[]>();
  for (const c of cf.comments) {
    const r = rootOf(c);
    if (r !== c) repliesOf.set(r.id, [...(repliesOf.get(r.id) ?? []), c]);
  }
  const placed = roots.map((root, i) => ({ root, i, place: describeTarget(root.target, src) }));
  let no = 0;
  const groups: ReadableGroup[] = [];
  for (const kind of PLACE_KINDS) {
    const list = placed
      .filter((p) => p.place.kind === kind)
      .sort((a, b) => compareOrder(a.place.order, b.place.order) || a.i - b.i);
    if (list.length === 0) continue;
    const threads = list.map(({ root, place }) => {
      const n = String(++no);
      const numbers = new Map<string, string>([[root.id, n]]);
      const replies = (repliesOf.get(root.id) ?? []).map((c, k) => {
        const rn = `${n}.${k + 1}`;
        numbers.set(c.id, rn);
        return entry(c, rn, numbers.get(c.parentId ?? '') ?? n);
      });
      return { place, root: entry(root, n, ''), replies };
    });
    groups.push({ kind, heading: `${chineseNumeral(groups.length + 1)}、${PLACE_KIND_LABEL[kind]}`, threads });
  }
  const rootsResolved = roots.filter((c) => c.status === 'resolved').length;
  return {
    school: { name: cf.school.name, code: cf.school.code },
    reviewer: cf.reviewer,
    exportedAt: chinaTime(cf.exportedAt),
    reviewedSha256: cf.reviewedSha256,
    note: src.note,
    groups,
    counts: {
      threads: roots.length,
      open: roots.length - rootsResolved,
      resolved: rootsResolved,
      replies: cf.comments.length - roots.length,
    },
  };
}

function entry(c: ReviewComment, no: string, replyTo: string): ReadableEntry {
  return {
    no,
    replyTo,
    author: c.author.trim() || '（未署名）',
    time: chinaTime(c.createdAt),
    status: STATUS_TEXT[c.status],
    resolvedTime: c.status === 'resolved' ? chinaTime(c.resolvedAt) : '',
    body: c.body,
    comment: c,
  };
}
