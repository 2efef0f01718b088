/**
 * 添加审核意见: a small dialog over the review screen; the comment goes into the reviewer's review file. Text left
 * unsaved (Esc or 取消) is kept for the same place (store/unsent.ts, also across a reload) and shown again when the
 * reviewer comes back to it.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ReviewRunOut } from '../../../core/api/review-contract';
import { useModalFocus } from '../../lib/focus';
import { type CommentDraft, review, schoolKey, useReview } from '../../store/review';
import { dropUnsent, keepUnsent, unsentKey, unsentText } from '../../store/unsent';
import { targetText } from './status';

/** the place of a comment: the school (by its code or name, as the review file knows it) and the target */
const placeKey = (d: CommentDraft, r: ReviewRunOut | null) =>
  unsentKey('review', r ? schoolKey(r, d.schoolIndex) : d.schoolIndex, d.target);

export function CommentDialog() {
  const draft = useReview((s) => s.draft);
  const r = useReview((s) => s.result);
  const busy = useReview((s) => s.busy);
  const reviewFile = useReview((s) => s.reviewFile);
  const [body, setBody] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  const boxRef = useRef<HTMLFormElement>(null);
  useModalFocus(boxRef, !!draft);
  // before the first paint: the dialog never shows empty and then fills in (a keystroke in between would be lost)
  useLayoutEffect(() => {
    if (draft) {
      setBody(unsentText(placeKey(draft, useReview.getState().result)) ?? '');
      ref.current?.focus();
    }
  }, [draft]);
  // every keystroke is remembered until the comment is saved (addComment clears the draft only once it is in)
  const keep = (text: string) => {
    setBody(text);
    if (draft) keepUnsent(placeKey(draft, r), text);
  };
  useEffect(() => {
    if (!draft) return;
    // (not the input method's Esc, which only drops its candidates)
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !e.isComposing && review.cancelComment();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [draft]);
  if (!draft) return null;
  return (
    <div className="modal-back">
      <form
        ref={boxRef}
        className="modal card"
        role="dialog"
        aria-modal="true"
        aria-label="添加审核意见"
        onSubmit={(e) => {
          e.preventDefault();
          const key = placeKey(draft, r);
          void review.addComment(body).then((ok) => ok && dropUnsent(key));
        }}
      >
        <h2>添加审核意见</h2>
        <p className="muted small">
          {draft.about}
          <br />
          位置：{targetText(draft.target, r)}
        </p>
        <label className="form-label">
          <span>意见内容</span>
          <textarea
            ref={ref}
            value={body}
            onChange={(e) => keep(e.target.value)}
            maxLength={5000}
            placeholder="例如：专职辅导员数与人事报表不一致，请核实后更正。"
            aria-label="意见内容"
          />
        </label>
        <p className="muted small">
          {reviewFile
            ? `保存到审核意见文件：${reviewFile.path}`
            : '将新建一个审核意见文件保存这条意见（不改动学校的文件）。'}
        </p>
        <div className="form-actions">
          <button type="button" onClick={() => review.cancelComment()}>
            取消
          </button>
          <button type="submit" className="primary" disabled={!body.trim() || !!busy}>
            保存意见
          </button>
        </div>
      </form>
    </div>
  );
}
