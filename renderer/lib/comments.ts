/**
 * Review comments as the school sees them: threads (a root and its replies), open threads first, the target of
 * each as a key (to mark cells and blocks) and as a Chinese label.
 */
import type { Framework } from '../../core/framework/schema';
import type { CommentTarget, ReviewComment, Workspace } from '../../core/model';

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

const KIND: Record<string, string> = {
  paragraph: '段落',
  case: '案例',
  photo: '图片',
  chart: '图表',
  table: '表格',
  challenge: '挑战',
};

/** 「2.1 立德树人」: a section (or a block's section) numbered as in the report; '' when not found. */
export function sectionPlace(ws: Workspace, sectionId?: string, blockId?: string): string {
  const block = blockId ? ws.blocks.find((b) => b.id === blockId) : undefined;
  const sec = ws.sections.find((s) => s.id === (block?.sectionId ?? sectionId));
  if (!sec) return '';
  const ch = ws.chapters.find((c) => c.id === sec.chapterId);
  const chapters = ws.chapters
    .filter((c) => c.year === ch?.year && c.key !== 'preface')
    .sort((a, b) => a.order - b.order);
  const chNo = ch && ch.key !== 'preface' ? chapters.findIndex((c) => c.id === ch.id) + 1 : 0;
  const secs = ws.sections.filter((s) => s.chapterId === sec.chapterId).sort((a, b) => a.order - b.order);
  const secNo = secs.findIndex((s) => s.id === sec.id) + 1;
  return `${chNo ? `${chNo}.${secNo} ` : ''}${sec.title}`;
}

/** 「第 3 块（案例）」: a block's position in its section; '' when not found. */
export function blockOrdinal(ws: Workspace, blockId: string): string {
  const block = ws.blocks.find((b) => b.id === blockId);
  if (!block) return '';
  const blocks = ws.blocks.filter((b) => b.sectionId === block.sectionId).sort((a, b) => a.order - b.order);
  return `第 ${blocks.findIndex((b) => b.id === block.id) + 1} 块（${KIND[block.content.kind] ?? '内容'}）`;
}

/** 「2.1 立德树人 · 第 3 块（案例）」, or just the section when no block is given. */
export function blockPlace(ws: Workspace, sectionId?: string, blockId?: string): string {
  const head = sectionPlace(ws, sectionId, blockId);
  if (!head) return '';
  const ord = blockId ? blockOrdinal(ws, blockId) : '';
  return ord ? `${head} · ${ord}` : head;
}
