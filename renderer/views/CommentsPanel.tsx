/**
 * 批注: the reviewer's comments on this workspace as threads, open ones first. A click on a thread's place jumps
 * to its cell or block; the school answers with 回复 and closes a thread with 标记为已解决. 导入审核意见 reads
 * the comments file the district reviewer sent (qar-comments JSON).
 */
import { useEffect, useMemo, useState } from 'react';
import type { TableId } from '../../core/framework/schema';
import type { CommentTarget, ReviewComment } from '../../core/model';
import { targetKey, targetLabel, threadsOf } from '../lib/comments';
import { formatDateTime } from '../lib/time';
import { useApp } from '../store/app';
import { backend } from '../store/backend';
import { replyToComment, setCommentResolved } from '../store/comments';
import { importCommentsFile, useFiles } from '../store/files';
import { dropUnsent, keepUnsent, unsentText, workspaceUnsentKey } from '../store/unsent';

function jumpToTarget(t: CommentTarget): void {
  const st = useApp.getState();
  // a confirmation toast stays in the view it was shown in
  if (st.notice?.kind === 'info') useApp.setState({ notice: null });
  if (t.type === 'cell') {
    const table = st.session?.framework.tables.find((x) => x.indicators.some((i) => i.id === t.indicatorId));
    useApp.setState({
      view: 'data',
      tableId: (table?.id ?? t.tableId) as TableId,
      cell: { indicatorId: t.indicatorId, year: t.year },
      anchor: null,
    });
  } else if (t.type === 'block') {
    st.jumpToBlock(t.blockId);
  }
}

export function CommentsPanel() {
  const session = useApp((s) => s.session);
  const focus = useApp((s) => s.commentFocus);
  const fileCommand = useApp((s) => s.fileCommand);
  const busy = useFiles((s) => s.busy);
  const [path, setPath] = useState('');
  const threads = useMemo(() => threadsOf(session?.workspace.comments ?? []), [session?.workspace.comments]);

  // 文件 › 导入审核意见… from the menu
  const pending = fileCommand?.command === 'import-comments';
  useEffect(() => {
    if (!pending) return;
    useApp.setState({ fileCommand: null });
    void importCommentsFile();
  }, [pending]);

  if (!session) return null;
  const ro = session.readOnly;
  const shown = focus ? threads.filter((t) => targetKey(t.root.target) === focus) : threads;
  const open = threads.filter((t) => t.root.status === 'open').length;

  return (
    <div className="side-body comments" data-testid="comments">
      {!ro && (
        <div className="comments-import">
          <button
            type="button"
            className="small"
            disabled={!!busy}
            onClick={() => void importCommentsFile(path)}
            data-testid="comments-import"
          >
            导入审核意见{backend.native ? '…' : ''}
          </button>
          {!backend.native && (
            <input
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder="审核意见文件（.json）的路径"
              aria-label="审核意见文件路径"
              spellCheck={false}
            />
          )}
        </div>
      )}
      <p className="muted summary-line">
        共 {threads.length} 条批注，{open} 条未解决。点击位置可定位到单元格或段落。
      </p>
      {focus && (
        <p className="focus-line">
          只显示：{shown[0] ? targetLabel(shown[0].root.target, session.workspace, session.framework) : '所选位置'}
          <button type="button" className="link-btn" onClick={() => useApp.setState({ commentFocus: null })}>
            显示全部
          </button>
        </p>
      )}
      {shown.length === 0 && <p className="muted">{focus ? '这里没有批注。' : '还没有批注。'}</p>}
      <ul className="threads">
        {shown.map((t) => (
          <ThreadCard key={t.root.id} root={t.root} replies={t.replies} readOnly={ro} />
        ))}
      </ul>
    </div>
  );
}

function ThreadCard({ root, replies, readOnly }: { root: ReviewComment; replies: ReviewComment[]; readOnly: boolean }) {
  const session = useApp((s) => s.session);
  // a reply being written is kept (取消, another tab, a reload) until it is sent or emptied (store/unsent.ts)
  const replyKey = session ? workspaceUnsentKey('reply', session, root.id) : '';
  const [draft, setDraft] = useState<string | null>(() => unsentText(replyKey) ?? null);
  if (!session) return null;
  const label = targetLabel(root.target, session.workspace, session.framework);
  const resolved = root.status === 'resolved';
  const jumpable = root.target.type === 'cell' || root.target.type === 'block';
  return (
    <li className={resolved ? 'thread resolved' : 'thread'} data-thread={root.id} data-status={root.status}>
      <div className="thread-head">
        {jumpable ? (
          <button type="button" className="link-btn target" onClick={() => jumpToTarget(root.target)}>
            {label}
          </button>
        ) : (
          <span className="target">{label}</span>
        )}
        <span className={resolved ? 'tag done' : 'tag open'}>{resolved ? '已解决' : '未解决'}</span>
      </div>
      {[root, ...replies].map((c) => (
        <div key={c.id} className={c.id === root.id ? 'comment' : 'comment reply'}>
          <div className="meta">
            <strong>{c.author || '（未署名）'}</strong> <span className="muted">{formatDateTime(c.createdAt)}</span>
          </div>
          <p className="body">{c.body}</p>
        </div>
      ))}
      {!readOnly && draft !== null && (
        <div className="reply-box">
          <textarea
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              keepUnsent(replyKey, e.target.value);
            }}
            placeholder="回复审核意见，例如说明已如何修改……"
            aria-label="回复内容"
            maxLength={5000}
          />
          <div className="row">
            <button
              type="button"
              className="small primary"
              onClick={() =>
                void replyToComment(root.id, draft).then((ok) => {
                  if (!ok) return;
                  dropUnsent(replyKey);
                  setDraft(null);
                })
              }
            >
              发送回复
            </button>
            <button type="button" className="small" onClick={() => setDraft(null)}>
              取消
            </button>
          </div>
        </div>
      )}
      {!readOnly && draft === null && (
        <div className="thread-actions">
          <button type="button" className="small" onClick={() => setDraft(unsentText(replyKey) ?? '')}>
            回复
          </button>
          <button type="button" className="small" onClick={() => void setCommentResolved(root.id, !resolved)}>
            {resolved ? '重新打开' : '标记为已解决'}
          </button>
        </div>
      )}
    </li>
  );
}
