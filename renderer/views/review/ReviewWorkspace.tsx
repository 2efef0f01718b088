/**
 * 区县审核: the reviewer's window. Left: which schools' files to review, the reviewer, the review file and what
 * was written; right: the result in four tabs (合规矩阵, 汇总, 问题清单, 文件清单). Schools' files are only
 * read; comments go into the reviewer's own review file.
 */
import '../../styles/review.css';
import { useEffect, useRef } from 'react';
import { focusIsNowhere, tabbables } from '../../lib/focus';
import { useReview } from '../../store/review';
import { AggregatesView } from './AggregatesView';
import { CommentDialog } from './CommentDialog';
import { DistrictDialog } from './DistrictDialog';
import { FilesView } from './FilesView';
import { FindingsView } from './FindingsView';
import { MatrixView } from './MatrixView';
import { ReviewSide } from './ReviewSide';
import { ReviewTopBar } from './ReviewTopBar';

const first = (root: HTMLElement | null | undefined) => (root ? tabbables(root)[0] : undefined);

export function ReviewWorkspace() {
  const result = useReview((s) => s.result);
  const tab = useReview((s) => s.tab);
  const busy = useReview((s) => s.busy);
  const schoolIndex = useReview((s) => s.schoolIndex);
  const frame = useRef<HTMLDivElement>(null);
  const main = useRef<HTMLElement>(null);
  // opened from the start page by the keyboard, the button pressed has left the page: the focus goes to the first
  // thing to do here (the schools' files), not to the page body, from where Tab starts at the top of the window
  useEffect(() => {
    if (focusIsNowhere()) first(frame.current?.querySelector<HTMLElement>('.review-side'))?.focus();
  }, []);
  // an action inside the result that shows another tab (查看该校问题清单) takes its own button away: the focus goes
  // to the school shown, or the new tab's first control
  // biome-ignore lint/correctness/useExhaustiveDependencies: the tab and the school shown are what moves the focus
  useEffect(() => {
    if (!focusIsNowhere() || !main.current) return;
    (main.current.querySelector<HTMLElement>('[aria-current="true"]') ?? first(main.current))?.focus();
  }, [tab, schoolIndex]);
  return (
    <div className="frame review-frame" data-testid="review" ref={frame}>
      <ReviewTopBar />
      {busy && (
        <div className="review-busy" role="status">
          {busy}
        </div>
      )}
      <div className="review-body">
        <ReviewSide />
        <main className="review-main" data-tab={tab} ref={main}>
          {!result ? (
            <div className="review-empty">
              <h2>还没有审核结果</h2>
              <p className="muted">
                在左侧填写或选择辖区各校报送的工作区文件（.qar）或存放它们的文件夹，点「开始审核」。
                各校文件只读打开，审核前后核对文件指纹（SHA-256），不会改动学校的文件。
              </p>
              <ol className="muted">
                <li>合规矩阵：每所学校 × 每条规则，通过 / 未通过 / 待核实 / 无数据；</li>
                <li>汇总：高职、中职分别汇总（比率按分子分母合计重算，不做简单平均）；</li>
                <li>问题清单：逐校列出问题和政策依据，可添加审核意见，按校导出发回学校；</li>
                <li>文件清单：损坏、不是本程序的文件或更新版本的文件会列出原因并跳过。</li>
              </ol>
            </div>
          ) : tab === 'matrix' ? (
            <MatrixView />
          ) : tab === 'summary' ? (
            <AggregatesView />
          ) : tab === 'findings' ? (
            <FindingsView />
          ) : (
            <FilesView />
          )}
        </main>
      </div>
      <CommentDialog />
      <DistrictDialog />
    </div>
  );
}
