/**
 * Review comments as the school sees them: threads (a root and its replies), open threads first, the target of
 * each as a key (to mark cells and blocks) and as a Chinese label.
 */
import type { Framework } from '../../core/framework/schema';
import type { CommentTarget, ReviewComment, Workspace } from '../../core/model';
import { blockPlace } from '../../core/report/places';

export interface Thread {
  root: ReviewComment;
  replies: ReviewComment[];
}

export function targetKey(t: CommentTarget): string {
  switch (t.type) {
    case 'cell':
      return `cell|${t.indicatorId}|${t.year}`;
    case 'block':
      return `block|${t.blockId}`;
    case 'finding':
      return `finding|${t.ruleId}|${t.key}`;
    default:
      return 'workspace';
  }
}

/** Threads, open ones first, each group oldest first; a reply whose parent is missing becomes its own thread. */
export function threadsOf(comments: readonly ReviewComment[]): Thread[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const rootOf = (c: ReviewComment): ReviewComment => {
    let cur = c;
    for (let i = 0; i < 50 && cur.parentId; i++) {
      const p = byId.get(cur.parentId);
      if (!p) break;
      cur = p;
    }
    return cur;
  };
  const threads = new Map<string, Thread>();
  const sorted = [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const c of sorted) {
    const root = rootOf(c);
    const t = threads.get(root.id) ?? { root, replies: [] };
    if (c.id !== root.id) t.replies.push(c);
    threads.set(root.id, t);
  }
  const list = [...threads.values()];
  const rank = (t: Thread) => (t.root.status === 'open' ? 0 : 1);
  return list.sort((a, b) => rank(a) - rank(b) || a.root.createdAt.localeCompare(b.root.createdAt));
}

/** Open threads per target key (for the markers on cells and blocks). */
export function openCounts(comments: readonly ReviewComment[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of threadsOf(comments)) {
    if (t.root.status !== 'open') continue;
    const k = targetKey(t.root.target);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Threads on one target (targetKey): how many, and how many still open. */
export function threadCountsFor(comments: readonly ReviewComment[], key: string): { total: number; open: number } {
  let total = 0;
  let open = 0;
  for (const c of comments) {
    if (c.parentId !== null || targetKey(c.target) !== key) continue;
    total++;
    if (c.status === 'open') open++;
  }
  return { total, open };
}

/** 「教学资源表 · 专职辅导员数 · 2024年」, 「报告 · 2.1 立德树人 · 第 2 块」, 「整个工作区」 */
export function targetLabel(t: CommentTarget, ws: Workspace, fw: Framework): string {
  if (t.type === 'cell') {
    const table = fw.tables.find((x) => x.indicators.some((i) => i.id === t.indicatorId));
    const ind = table?.indicators.find((i) => i.id === t.indicatorId);
    return `${table?.name ?? t.tableId} · ${ind?.name ?? t.indicatorId} · ${t.year}年`;
  }
  if (t.type === 'block') {
    const place = blockPlace(ws, undefined, t.blockId);
    return place ? `报告 · ${place}` : '报告 · （内容块已删除）';
  }
  if (t.type === 'finding') return `校验结果 · ${t.ruleId}`;
  return '整个工作区';
}

// the report's places are worded in one module, shared with the reviewer's exports and the CLI
export { blockOrdinal, blockPlace, sectionPlace } from '../../core/report/places';
