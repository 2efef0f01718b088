/**
 * What the host says about the open file itself ('workspace.notice'): opened read-only because someone else is
 * editing it (and who), changed by another program (a read-only window reloads at once; an editing window offers
 * 重新载入), a hand-over of a file being edited elsewhere, or a close that could not complete.
 */
import { useEffect, useState } from 'react';
import type { ApiEventPayload } from '../api/client';
import { api } from '../api/client';
import { useApp } from '../store/app';

type FileNoticePayload = ApiEventPayload<'workspace.notice'>;

export function FileNotice() {
  const path = useApp((s) => s.session?.path ?? null);
  const [notices, setNotices] = useState<FileNoticePayload[]>([]);

  useEffect(() => {
    return api.on('workspace.notice', (n) => {
      const st = useApp.getState();
      if (n.kind === 'close-problem') {
        st.notify('error', n.text);
        return;
      }
      if (n.kind === 'outside-change' && st.session?.readOnly) void st.reload({ clearUndo: true });
      // one banner per kind: the newest replaces an older one
      setNotices((cur) => [...cur.filter((x) => x.kind !== n.kind), n]);
    });
  }, []);

  // the notice given when the file was opened (the event may have come before this page was listening)
  useEffect(() => {
    if (!path) return;
    void api.call('app.info', {}).then((r) => {
      const ws = r.ok ? r.data.workspace : null;
      if (ws?.notice && ws.path === path) {
        const text = ws.notice;
        setNotices((cur) => [...cur.filter((x) => x.kind !== 'locked'), { kind: 'locked', path, text }]);
      }
    });
  }, [path]);

  // notices belong to the file they are about
  const shown = notices.filter((n) => n.path === path);
  if (shown.length === 0) return null;
  const dismiss = (kind: FileNoticePayload['kind']) => setNotices((cur) => cur.filter((x) => x.kind !== kind));
  return (
    <>
      {shown.map((n) => (
        <div
          key={n.kind}
          className={n.kind === 'outside-change' ? 'banner warn file-notice' : 'banner info file-notice'}
          role="status"
          data-testid={`file-notice-${n.kind}`}
        >
          <span>{n.text}</span>
          {n.kind === 'outside-change' && !useApp.getState().session?.readOnly && (
            <button
              type="button"
              onClick={() => {
                void useApp.getState().reload({ clearUndo: true });
                dismiss(n.kind);
              }}
            >
              重新载入
            </button>
          )}
          <button type="button" className="link-btn" aria-label="关闭提示" onClick={() => dismiss(n.kind)}>
            ×
          </button>
        </div>
      ))}
    </>
  );
}
