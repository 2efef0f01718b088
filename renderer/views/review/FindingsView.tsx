/**
 * 问题清单 per school: the school's findings with their policy citations, 添加审核意见 on a finding (or on the
 * school as a whole), the school's comment threads from the review file (reply, resolve), 导出该校审核意见 (Word or
 * Excel for the school to read, the .json it imports) and opening the school's file read-only.
 */
import { useEffect, useRef, useState } from 'react';
import { MenuButton } from '../../components/MenuButton';
import { focusIsNowhere } from '../../lib/focus';
import { formatDateTime } from '../../lib/time';
import { COMMENTS_FORMAT_LABEL, type CommentsFormat, review, useReview } from '../../store/review';
import { dropUnsent, keepUnsent, unsentKey, unsentText } from '../../store/unsent';
import { type ReviewFinding, SEVERITY_LABEL, sameTarget, targetText } from './status';

type Sev = 'all' | 'error' | 'warning' | 'info';

export function FindingsView() {
  const r = useReview((s) => s.result);
  const schoolIndex = useReview((s) => s.schoolIndex);
  const reviewFile = useReview((s) => s.reviewFile);
  const [sev, setSev] = useState<Sev>('all');
  if (!r) return null;
  if (r.schools.length === 0) return <p className="pad muted">没有可审核的学校，请看文件清单中的原因。</p>;
  const s = r.schools[schoolIndex] ?? r.schools[0];
  if (!s) return null;
  const idx = r.schools.indexOf(s);
  const commentsOf = (i: number) => {
    const x = r.schools[i];
    if (!x || !reviewFile) return [];
    return (
      reviewFile.file.schools.find((rs) =>
        x.code.trim() ? rs.school.code.trim() === x.code.trim() : rs.school.name === x.name,
      )?.comments ?? []
    );
  };
  const comments = commentsOf(idx);
  const all = r.findings.filter((f) => f.schoolIndex === idx);
  const shown = sev === 'all' ? all : all.filter((f) => f.severity === sev);

  return (
    <div className="findings-pane">
      <nav className="school-list" aria-label="学校">
        {r.schools.map((x, i) => {
          const n = commentsOf(i).length;
          return (
            <button
              key={x.path}
              type="button"
              className={i === idx ? 'school-item on' : 'school-item'}
              onClick={() => review.selectSchool(i)}
              aria-current={i === idx ? 'true' : undefined}
            >
              <strong>{x.name}</strong>
              <span className="muted">
                {x.level}
                {x.code ? ` · ${x.code}` : ''}
              </span>
              <span className="counts">
                <span className="count error" title="错误">
                  {x.summary.error}
                </span>
                <span className="count warning" title="警告">
                  {x.summary.warning}
                </span>
                <span className="count info" title="提示">
                  {x.summary.info}
                </span>
                {n > 0 && (
                  <span className="cmt-count" title="审核意见">
                    意见 {n}
                  </span>
                )}
              </span>
            </button>
          );
        })}
      </nav>

      <section className="school-findings" data-testid="school-findings">
        <header className="school-head">
          <div>
            <h2>{s.name}</h2>
            <p className="muted small-print">
              {s.level} · {s.year}年度{s.code ? ` · 学校代码 ${s.code}` : ''} · {s.path}
              <br />
              文件指纹 SHA-256 {s.sha256.slice(0, 16)}…（审核前后一致，未改动）
            </p>
          </div>
          <div className="head-actions">
            <button
              type="button"
              onClick={() => void review.openInEditor(s.path, true)}
              title="以只读方式打开该校工作区"
            >
              打开该校文件（只读）
            </button>
            <button
              type="button"
              onClick={() =>
                review.startComment({ schoolIndex: idx, target: { type: 'workspace' }, about: `${s.name}（整体意见）` })
              }
            >
              对该校添加意见
            </button>
            <ExportCommentsMenu schoolIndex={idx} disabled={comments.length === 0} />
          </div>
        </header>

        <div className="seg sev-filter">
          {(['all', 'error', 'warning', 'info'] as const).map((k) => {
            const n = k === 'all' ? all.length : all.filter((f) => f.severity === k).length;
            return (
              <button key={k} type="button" className={sev === k ? 'small on' : 'small'} onClick={() => setSev(k)}>
                {k === 'all' ? '全部' : SEVERITY_LABEL[k]} {n}
              </button>
            );
          })}
        </div>

        {shown.length === 0 ? (
          <p className="all-good">{all.length === 0 ? '该校没有发现问题。' : '这一级别没有问题。'}</p>
        ) : (
          <ul className="review-findings">
            {shown.map((f) => (
              <FindingCard
                key={`${f.ruleId}|${f.where}|${f.message}`}
                f={f}
                thread={comments.filter((c) => c.parentId === null && sameTarget(c.target, f.target))}
                onComment={() =>
                  review.startComment({ schoolIndex: idx, target: f.target, about: `${s.name} · ${f.ruleTitle}` })
                }
              />
            ))}
          </ul>
        )}

        <h3 className="sub">审核意见（{comments.length}）</h3>
        {comments.length === 0 ? (
          <p className="muted small">
            还没有审核意见。在问题上点「添加审核意见」，意见写入审核意见文件，不改动学校的文件。
          </p>
        ) : (
          <Threads schoolIndex={idx} />
        )}
      </section>
    </div>
  );
}

const EXPORT_CHOICES: readonly { format: CommentsFormat; hint: string }[] = [
  { format: 'docx', hint: '供学校阅读、打印（.docx）' },
  { format: 'xlsx', hint: '供阅读、筛选（.xlsx）' },
  { format: 'json', hint: '学校导入工作区用（.json）' },
];

/** 导出该校审核意见 ▾: the format to suggest in the save dialog (which offers all three). */
function ExportCommentsMenu({ schoolIndex, disabled }: { schoolIndex: number; disabled: boolean }) {
  const busy = useReview((s) => s.busy);
  return (
    <MenuButton
      label="导出该校审核意见 ▾"
      className="primary"
      disabled={disabled}
      busy={!!busy}
      title={disabled ? '该校还没有审核意见' : '导出发给学校的审核意见：Word、Excel 或导入用数据文件'}
      choices={EXPORT_CHOICES.map((c) => ({
        key: c.format,
        label: (
          <>
            <strong>{COMMENTS_FORMAT_LABEL[c.format]}</strong>
            <span className="muted small menu-hint">{c.hint}</span>
          </>
        ),
        run: () => void review.exportComments(schoolIndex, c.format),
      }))}
    />
  );
}

function FindingCard({ f, thread, onComment }: { f: ReviewFinding; thread: { id: string }[]; onComment: () => void }) {
  return (
    <li className={`rfinding ${f.severity}`} data-rule={f.ruleId}>
      <div className="rfinding-head">
        <span className={`sev-badge ${f.severity}`}>{SEVERITY_LABEL[f.severity]}</span>
        <span className="tag">{f.state}</span>
        <strong>{f.ruleTitle}</strong>
        <span className="muted where">{f.where}</span>
      </div>
      <p className="msg">{f.message}</p>
      {f.citation && (
        <p className="cite-text">
          <span className="muted">依据：</span>
          {f.citation}
        </p>
      )}
      {f.hint && <p className="muted hint">{f.hint}</p>}
      <div className="rfinding-actions">
        {thread.length > 0 && <span className="cmt-count">已有意见 {thread.length}</span>}
        <button type="button" className="small" onClick={onComment}>
          添加审核意见
        </button>
      </div>
    </li>
  );
}

function Threads({ schoolIndex }: { schoolIndex: number }) {
  const r = useReview((s) => s.result);
  const reviewFile = useReview((s) => s.reviewFile);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [text, setText] = useState('');
  // the thread whose reply box just closed (取消, Esc, sent): the box, with the focus in it, left the page, so its
  // 回复 button takes the focus back and the keyboard goes on from the thread
  const [back, setBack] = useState<string | null>(null);
  const threadsRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (back === null) return;
    setBack(null);
    if (focusIsNowhere()) threadsRef.current?.querySelector<HTMLElement>(`[data-reply="${CSS.escape(back)}"]`)?.focus();
  }, [back]);
  const x = r?.schools[schoolIndex];
  if (!r || !x || !reviewFile) return null;
  const closeReply = (id: string) => {
    setReplyTo(null);
    setBack(id);
  };
  // a reply being written is kept per comment (取消, a reload) until it is sent or emptied (store/unsent.ts)
  const replyKey = (id: string) => unsentKey('review-reply', reviewFile.path, id);
  const openReply = (id: string) => {
    setText(unsentText(replyKey(id)) ?? '');
    setReplyTo(id);
  };
  const list =
    reviewFile.file.schools.find((rs) =>
      x.code.trim() ? rs.school.code.trim() === x.code.trim() : rs.school.name === x.name,
    )?.comments ?? [];
  const roots = list.filter((c) => c.parentId === null);
  return (
    <ul className="threads" data-testid="review-comments" ref={threadsRef}>
      {roots.map((c) => (
        <li key={c.id} className={c.status === 'resolved' ? 'thread resolved' : 'thread'}>
          <div className="cmt">
            <div className="cmt-meta">
              <strong>{c.author || '审核人'}</strong>
              <span className="muted">{formatDateTime(c.createdAt)}</span>
              <span className="muted">· {targetText(c.target, r)}</span>
              {c.status === 'resolved' && <span className="tag ok">已解决</span>}
            </div>
            <p>{c.body}</p>
          </div>
          {list
            .filter((rep) => rep.parentId === c.id)
            .map((rep) => (
              <div key={rep.id} className="cmt reply">
                <div className="cmt-meta">
                  <strong>{rep.author || '审核人'}</strong>
                  <span className="muted">{formatDateTime(rep.createdAt)}</span>
                </div>
                <p>{rep.body}</p>
              </div>
            ))}
          {replyTo === c.id ? (
            <form
              className="reply-form"
              onSubmit={(e) => {
                e.preventDefault();
                void review.reply(schoolIndex, c.id, text).then((ok) => {
                  if (ok) {
                    dropUnsent(replyKey(c.id));
                    setText('');
                    closeReply(c.id);
                  }
                });
              }}
            >
              <textarea
                // opened by 回复, whose button the box replaced: the keyboard writes here at once
                // biome-ignore lint/a11y/noAutofocus: the box opens on the user's 回复
                autoFocus
                value={text}
                onChange={(e) => {
                  setText(e.target.value);
                  keepUnsent(replyKey(c.id), e.target.value);
                }}
                onKeyDown={(e) => {
                  // (not the input method's Esc, which only drops its candidates); what was typed is kept
                  if (e.key === 'Escape' && !e.nativeEvent.isComposing) closeReply(c.id);
                }}
                aria-label="回复内容"
                maxLength={5000}
              />
              <div className="form-actions">
                <button type="button" className="small" onClick={() => closeReply(c.id)}>
                  取消
                </button>
                <button type="submit" className="small primary" disabled={!text.trim()}>
                  回复
                </button>
              </div>
            </form>
          ) : (
            <div className="cmt-actions">
              <button type="button" className="link-btn" onClick={() => openReply(c.id)} data-reply={c.id}>
                回复
              </button>
              <button
                type="button"
                className="link-btn"
                onClick={() => void review.resolve(schoolIndex, c.id, c.status !== 'resolved')}
              >
                {c.status === 'resolved' ? '重新打开' : '标记已解决'}
              </button>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
