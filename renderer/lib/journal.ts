/**
 * The local journal of edits not yet confirmed saved: what a user typed survives a reload, a crashed window or a
 * lost connection. Pure: store/journal.ts keeps it in localStorage, keyed by the workspace file.
 *
 * Each entry remembers what the file held when the edit began (`base`): a value's or block's updatedAt, or the text
 * itself where the file keeps no time. On open, an entry is replayed only when the file still holds exactly that
 * base; if the file has changed since (edited elsewhere, restored from a backup), the file wins and the entry is
 * shown to the user instead of being written over newer data.
 */
import type { BlockContent, SchoolProfile, Workspace } from '../../core/model';

export type JournalTarget =
  | { kind: 'value'; indicatorId: string; year: number }
  | { kind: 'block'; blockId: string }
  | { kind: 'chapter'; chapterId: string; field: 'title' | 'intro' }
  | { kind: 'section'; sectionId: string }
  | { kind: 'profile' };

/**
 * A cell's 「不适用」 mark put on with its reason (the value is cleared) or taken off: journalled under the cell's
 * own key, so it and the numbers typed there stay one history (the latest of them is what the cell holds).
 */
export type CellMark = { notApplicable: true; note: string } | { notApplicable: false };

export type JournalData = number | null | string | BlockContent | SchoolProfile | CellMark;

export function isCellMark(d: JournalData | undefined): d is CellMark {
  return typeof d === 'object' && d !== null && 'notApplicable' in d;
}

export interface JournalEntry {
  key: string;
  target: JournalTarget;
  data: JournalData;
  /** what the file held when this run of edits began */
  base: { updatedAt?: string | null; data?: JournalData };
  /** where it is, for the notice: 「第2章 人才培养 · 段落「…」」 */
  label: string;
  /** ms since epoch of the last edit */
  at: number;
}

export interface Journal {
  v: 1;
  /** which file this is (store/journal.ts): a different file at the same path is never replayed into */
  identity: string;
  entries: JournalEntry[];
}

export function emptyJournal(identity: string): Journal {
  return { v: 1, identity, entries: [] };
}

export function journalKey(t: JournalTarget): string {
  switch (t.kind) {
    case 'value':
      return `value:${t.indicatorId}|${t.year}`;
    case 'block':
      return `block:${t.blockId}`;
    case 'chapter':
      return `chapter:${t.chapterId}:${t.field}`;
    case 'section':
      return `section:${t.sectionId}`;
    case 'profile':
      return 'profile';
  }
}

/** JSON with sorted keys: two equal contents compare equal whatever order their fields were set in. */
export function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

export const sameData = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

/** A new edit: the entry's data and time change; its base stays what the file held when the run began. */
export function recordEdit(j: Journal, e: Omit<JournalEntry, 'key'>): Journal {
  const key = journalKey(e.target);
  const old = j.entries.find((x) => x.key === key);
  const entry: JournalEntry = { ...e, key, base: old ? old.base : e.base };
  return { ...j, entries: [...j.entries.filter((x) => x.key !== key), entry] };
}

/**
 * A save went through with `saved`, and the file now stands at `base`. If nothing newer was typed meanwhile the
 * entry is done; otherwise it stays, rebased on what our own save wrote.
 */
export function recordSaved(j: Journal, key: string, saved: JournalData, base: JournalEntry['base']): Journal {
  const e = j.entries.find((x) => x.key === key);
  if (!e) return j;
  if (sameData(e.data, saved)) return { ...j, entries: j.entries.filter((x) => x.key !== key) };
  return { ...j, entries: j.entries.map((x) => (x.key === key ? { ...x, base } : x)) };
}

export function dropEntry(j: Journal, key: string): Journal {
  return { ...j, entries: j.entries.filter((x) => x.key !== key) };
}

/** What the file holds now for a target: missing, or its data and (where kept) its updatedAt. */
export function currentOf(
  t: JournalTarget,
  ws: Workspace,
): { exists: boolean; data?: JournalData; updatedAt?: string | null; mark?: string } {
  switch (t.kind) {
    case 'value': {
      const v = ws.values.find((x) => x.indicatorId === t.indicatorId && x.year === t.year);
      const mark = v?.notApplicable && v.value === null ? { mark: v.note } : {};
      return { exists: true, data: v ? v.value : null, updatedAt: v ? v.updatedAt : null, ...mark };
    }
    case 'block': {
      const b = ws.blocks.find((x) => x.id === t.blockId);
      return b ? { exists: true, data: b.content, updatedAt: b.updatedAt } : { exists: false };
    }
    case 'chapter': {
      const c = ws.chapters.find((x) => x.id === t.chapterId);
      return c ? { exists: true, data: c[t.field] } : { exists: false };
    }
    case 'section': {
      const x = ws.sections.find((y) => y.id === t.sectionId);
      return x ? { exists: true, data: x.title } : { exists: false };
    }
    case 'profile':
      return { exists: true, data: ws.profile };
  }
}

/** The base of a target as the file holds it now (what a new entry records). */
export function baseOf(t: JournalTarget, ws: Workspace): JournalEntry['base'] {
  const cur = currentOf(t, ws);
  if (t.kind === 'value' || t.kind === 'block') return { updatedAt: cur.updatedAt ?? null };
  return { data: cur.data ?? '' };
}

export interface ReplayPlan {
  /** edits to put back (the file still holds what they were typed over) */
  replay: JournalEntry[];
  /** edits the file has moved past (or whose place is gone): shown, never written */
  stale: { entry: JournalEntry; reason: string }[];
  /** edits the file already holds: nothing to do */
  done: JournalEntry[];
}

export function planReplay(j: Journal, ws: Workspace): ReplayPlan {
  const plan: ReplayPlan = { replay: [], stale: [], done: [] };
  for (const e of j.entries) {
    const cur = currentOf(e.target, ws);
    if (!cur.exists) {
      plan.stale.push({ entry: e, reason: '文件中已没有这一处（可能已被删除）' });
      continue;
    }
    if (holds(cur, e.data)) {
      plan.done.push(e);
      continue;
    }
    const unchanged =
      e.base.updatedAt !== undefined ? (cur.updatedAt ?? null) === e.base.updatedAt : sameData(cur.data, e.base.data);
    if (unchanged) plan.replay.push(e);
    else plan.stale.push({ entry: e, reason: '文件中的这一处在此之后被修改过，保留了文件中较新的内容' });
  }
  return plan;
}

/** The file already holds what the entry says: the same data, or for a mark the same mark (or none). */
function holds(cur: ReturnType<typeof currentOf>, data: JournalData): boolean {
  if (!isCellMark(data)) return sameData(cur.data, data);
  if (data.notApplicable) return cur.mark === data.note;
  return cur.data === null && cur.mark === undefined;
}

/** The text of an entry's data, for showing a stale edit so the user can copy it. */
export function entryText(e: JournalEntry): string {
  const d = e.data;
  if (d === null) return '（空）';
  if (isCellMark(d)) return d.notApplicable ? `标为「不适用」：${d.note}` : '取消「不适用」';
  if (typeof d === 'number' || typeof d === 'string') return String(d);
  if ('kind' in d) {
    switch (d.kind) {
      case 'paragraph':
        return [d.lead, d.text].filter(Boolean).join('\n');
      case 'case':
        return [d.title, d.body].filter(Boolean).join('\n');
      case 'challenge':
        return [d.title, d.problems, d.plans].filter(Boolean).join('\n');
      case 'table':
        return [d.caption, d.columns.join('\t'), ...d.rows.map((r) => r.join('\t'))].filter(Boolean).join('\n');
      case 'chart':
      case 'photo':
        return d.caption;
    }
  }
  return stableJson(d);
}
