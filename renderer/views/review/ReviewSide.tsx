/**
 * Left column of the review screen: the schools' files (Electron: multi-select or a folder; the browser host: one
 * path a line), the year, 开始审核; the reviewer's name and review file; the files written so far.
 */
import { useState } from 'react';
import { backend } from '../../store/backend';
import { review, splitPaths, useReview } from '../../store/review';

export function ReviewSide() {
  const inputText = useReview((s) => s.inputText);
  const year = useReview((s) => s.year);
  const busy = useReview((s) => s.busy);
  const reviewer = useReview((s) => s.reviewer);
  const reviewFile = useReview((s) => s.reviewFile);
  const written = useReview((s) => s.written);
  const [rfPath, setRfPath] = useState('');
  const count = splitPaths(inputText).length;
  const comments = reviewFile?.file.schools.reduce((a, s) => a + s.comments.length, 0) ?? 0;

  return (
    <aside className="review-side">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!busy) void review.run();
        }}
      >
        <h3>学校文件</h3>
        {backend.native && (
          <div className="pick-row">
            <button type="button" onClick={() => void review.pick('qar-files')}>
              选择文件…
            </button>
            <button type="button" onClick={() => void review.pick('folder')}>
              选择文件夹…
            </button>
            {count > 0 && (
              <button type="button" onClick={() => review.setInputText('')}>
                清空
              </button>
            )}
          </div>
        )}
        <label>
          <span>{backend.native ? '已选择（每行一个）' : '文件或文件夹路径（每行一个）'}</span>
          {/* the desktop app uses only paths picked in its dialogs (typed ones would be refused) */}
          <textarea
            readOnly={backend.native}
            value={inputText}
            onChange={(e) => review.setInputText(e.target.value)}
            placeholder={'/报送/2024/某某职业学院.qar\n/报送/2024（整个文件夹）'}
            spellCheck={false}
            rows={4}
            aria-label="要审核的文件或文件夹"
          />
        </label>
        <div className="form-row">
          <label>
            <span>审核年度（可空）</span>
            <input
              value={year}
              onChange={(e) => useReview.setState({ year: e.target.value })}
              placeholder="各校报告年度"
              inputMode="numeric"
              maxLength={4}
            />
          </label>
        </div>
        {/* aria-disabled while reviewing, not disabled, which would drop the focus of the user who pressed Enter */}
        <button type="submit" className="primary" disabled={count === 0} aria-disabled={!!busy || undefined}>
          开始审核{count > 0 ? `（${count} 项）` : ''}
        </button>
      </form>

      <section className="side-section">
        <h3>审核人</h3>
        <input
          value={reviewer}
          onChange={(e) => review.setReviewer(e.target.value)}
          placeholder="姓名或科室，写在每条意见上"
          maxLength={100}
          aria-label="审核人"
        />
      </section>

      <section className="side-section">
        <h3>审核意见文件</h3>
        {reviewFile ? (
          <p className="small-print" data-testid="review-file-path">
            <span className="ok-dot" aria-hidden="true" />
            {reviewFile.path}
            <br />
            <span className="muted">
              {reviewFile.file.schools.length} 所学校 · {comments} 条意见 · 每次修改即保存
            </span>
          </p>
        ) : (
          <p className="muted small">还没有打开。添加第一条审核意见时会新建一个；也可以打开以前的审核意见文件继续。</p>
        )}
        {backend.native ? (
          <div className="pick-row">
            <button type="button" className="small" onClick={() => void review.pickReviewFile()}>
              打开已有…
            </button>
            <button
              type="button"
              className="small"
              onClick={() => {
                useReview.setState({ reviewFile: null });
                void review.ensureReviewFile();
              }}
            >
              新建…
            </button>
          </div>
        ) : (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void review.openReviewFile(rfPath);
            }}
          >
            <input
              value={rfPath}
              onChange={(e) => setRfPath(e.target.value)}
              placeholder="审核意见.json 的路径"
              spellCheck={false}
              aria-label="审核意见文件路径"
            />
            <button type="submit" className="small" disabled={!rfPath.trim()}>
              打开
            </button>
          </form>
        )}
      </section>

      {written.length > 0 && (
        <section className="side-section">
          <h3>已导出</h3>
          <ul className="written">
            {written.map((w) => (
              <li key={w.path} title={w.path}>
                <strong>{w.label}</strong>
                <span className="muted small-print">{w.path}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
