/** Title bar of the review screen: the four tabs with counts, the exports and the way back to the start page. */
import { MenuButton } from '../../components/MenuButton';
import { useApp } from '../../store/app';
import { type ReviewTab, review, useReview } from '../../store/review';

export function ReviewTopBar() {
  const result = useReview((s) => s.result);
  const tab = useReview((s) => s.tab);
  const busy = useReview((s) => s.busy);
  const fails = result ? result.rows.reduce((a, r) => a + r.counts.fail, 0) : 0;
  const skipped = result ? result.files.filter((f) => f.status === 'skipped').length : 0;
  const tabs: { id: ReviewTab; label: string; badge?: number; tone?: string }[] = [
    { id: 'matrix', label: '合规矩阵', badge: result ? fails : undefined, tone: 'error' },
    { id: 'summary', label: '汇总' },
    { id: 'findings', label: '问题清单', badge: result?.findings.length, tone: 'info' },
    { id: 'files', label: '文件清单', badge: result ? skipped : undefined, tone: skipped ? 'warning' : 'info' },
  ];
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark review-mark" aria-hidden="true">
          审
        </span>
        <div className="brand-text">
          <strong className="school-name">区县审核</strong>
          <span className="muted">
            {result ? `${result.year}年度 · ${result.schools.length} 所学校` : '质量年报合规审核'}
          </span>
        </div>
      </div>
      <nav className="views" aria-label="审核视图">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            className={tab === t.id ? 'view-tab active' : 'view-tab'}
            aria-current={tab === t.id ? 'page' : undefined}
            disabled={!result}
            onClick={() => review.setTab(t.id)}
          >
            {t.label}
            {t.badge !== undefined && t.badge > 0 && <span className={`count ${t.tone} tab-count`}>{t.badge}</span>}
          </button>
        ))}
      </nav>
      <div className="top-actions">
        <MenuButton
          label="导出审核汇总 ▾"
          disabled={!result}
          busy={!!busy}
          choices={[
            { key: 'xlsx', label: 'Excel 工作簿（.xlsx）', run: () => void review.exportSummary('xlsx') },
            { key: 'docx', label: 'Word 文档（.docx）', run: () => void review.exportSummary('docx') },
          ]}
        />
        <button
          type="button"
          className="primary"
          disabled={!result || result.schools.length === 0}
          aria-disabled={!!busy || undefined}
          onClick={() => !busy && review.setDistrictOpen(true)}
        >
          生成区域报告草稿
        </button>
        <button
          type="button"
          className="icon-btn help-btn"
          onClick={() => useApp.getState().openHelp('review')}
          title="使用说明：区县审核"
        >
          ？ 帮助
        </button>
        <button type="button" className="link-btn" onClick={() => review.exit()}>
          返回首页
        </button>
      </div>
    </header>
  );
}
