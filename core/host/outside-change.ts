/**
 * Telling the window when another program changed its open file (the CLI importing into it, a second window on
 * another computer): the open session's PRAGMA data_version is polled — it moves only when ANOTHER connection
 * commits, so our own saves never trigger it — and a 'workspace.notice' event goes to the page, which reloads or
 * warns (renderer/components/FileNotice.tsx). Polling one pragma every two seconds costs nothing measurable and,
 * unlike file watching, sees changes made through any path or file share.
 */
import { basename } from 'node:path';
import type { ApiEvent, ApiEventPayload } from '../api';
import type { SessionSlot } from '../api-handlers';

export const OUTSIDE_CHANGE_POLL_MS = 2000;

export function watchOutsideChanges(
  slot: SessionSlot,
  emit: <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) => void,
  intervalMs = OUTSIDE_CHANGE_POLL_MS,
): () => void {
  const timer = setInterval(() => {
    const s = slot.current;
    if (!s) return;
    try {
      if (!s.outsideChanged()) return;
      const text = s.readonly
        ? `「${basename(s.path)}」已被其他程序修改，已重新载入最新内容。`
        : `「${basename(s.path)}」刚被其他程序修改过（本窗口打开期间）。请点“重新载入”查看最新内容；如有冲突，以最后保存的为准。`;
      emit('workspace.notice', { kind: 'outside-change', path: s.path, text });
    } catch {
      // the session closed between the check and the read: nothing to tell
    }
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
