/** The school's side of review threads: reply and mark resolved (or reopen), mirrored into the store at once. */
import type { ReviewComment } from '../../core/model';
import { useApp } from './app';
import { backend } from './backend';

const get = () => useApp.getState();

function upsert(c: ReviewComment): void {
  get().patchWorkspace((s) => {
    const has = s.workspace.comments.some((x) => x.id === c.id);
    const comments = has ? s.workspace.comments.map((x) => (x.id === c.id ? c : x)) : [...s.workspace.comments, c];
    return { ...s, workspace: { ...s.workspace, comments } };
  });
}

/** Replies are signed with the school's name (the reviewer sees who answered). */
export async function replyToComment(parentId: string, body: string): Promise<boolean> {
  const s = get().session;
  const text = body.trim();
  if (!s || s.readOnly) return false;
  if (!text) {
    get().notify('error', '回复内容不能为空');
    return false;
  }
  const c = await get().track(backend.replyComment(parentId, text, s.workspace.profile.name || '学校'));
  if (c) upsert(c);
  return !!c;
}

export async function setCommentResolved(id: string, resolved: boolean): Promise<void> {
  if (get().session?.readOnly) return;
  const c = await get().track(backend.resolveComment(id, resolved));
  if (c) upsert(c);
}
