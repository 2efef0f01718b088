/**
 * 预览与导出: the report model (the same one the Word writer reads) laid out as A4 pages by the paged preview
 * (./preview/PagedPreview.tsx) — cover, 目录 with page numbers, body pages with header and page numbers — and
 * 导出 Word or PDF with a progress bar. Charts go into Word as editable charts by default, or as pictures.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ReportLayoutId } from '../../core/docx/styles';
import type { ReportModel } from '../../core/report/model';
import { useApp } from '../store/app';
import { flushAllSaves } from '../store/autosave';
import { backend } from '../store/backend';
import { PagedPreview } from './preview/PagedPreview';

type Format = 'docx' | 'pdf';
type ChartMode = 'native' | 'png';
const CHART_MODE_KEY = 'qar.export.charts';

function savedChartMode(): ChartMode {
  try {
    return localStorage.getItem(CHART_MODE_KEY) === 'png' ? 'png' : 'native';
  } catch {
    return 'native';
  }
}

export function PreviewView() {
  const session = useApp((s) => s.session);
  const [model, setModel] = useState<ReportModel | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [pages, setPages] = useState(0);
  const year = session?.workspace.profile.reportYear ?? 0;
  // the export bar's layout also lays out the preview's pages, so the preview shows the file it will write
  // kept in the workspace file (report.layout), so every computer and the CLI print the school's choice
  const layout: Layout = session?.workspace.reportLayout === 'report' ? 'report' : 'official';
  const saveReportLayout = useApp((s) => s.saveReportLayout);

  const load = useCallback(async () => {
    setLoading(true);
    setError('');
    try {
      setModel((await backend.reportModel(year)) as ReportModel);
      performance.mark('qar-preview-ready');
    } catch (e) {
      setError(e instanceof Error ? e.message : '无法生成预览');
    } finally {
      setLoading(false);
    }
  }, [year]);

  useEffect(() => {
    flushAllSaves();
    // let the flushed saves reach the file before the model is built
    const t = setTimeout(() => void load(), 150);
    return () => clearTimeout(t);
  }, [load]);

  if (!session) return null;
  return (
    <div className="preview-view">
      <ExportBar layout={layout} onLayout={(l) => void saveReportLayout(l)} />
      {/* a region Tab reaches, so PageDown and the arrows read the pages by keyboard alone */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region takes the focus to be scrolled by keys */}
      <section className="preview-scroll" data-testid="preview" aria-label="报告预览" tabIndex={0}>
        {loading && !model && <p className="muted pad">正在生成预览…</p>}
        {error && <p className="field-error pad">{error}</p>}
        {model && <PagedPreview model={model} layout={layout} onPlanned={setPages} />}
      </section>
      <div className="preview-side">
        {/* aria-disabled, not disabled: a disabled button drops the focus of the user who pressed it (Enter) */}
        <button
          type="button"
          className="small"
          onClick={() => {
            if (!loading) void load();
          }}
          aria-disabled={loading}
        >
          {loading ? '刷新中…' : '刷新预览'}
        </button>
        {model && (
          <dl className="stats">
            <dt>页</dt>
            <dd data-testid="preview-pages">{pages || '…'}</dd>
            <dt>章</dt>
            <dd>{model.stats.chapters}</dd>
            <dt>节</dt>
            <dd>{model.stats.sections}</dd>
            <dt>案例</dt>
            <dd>{model.stats.cases}</dd>
            <dt>图</dt>
            <dd>{model.stats.figures}</dd>
            <dt>表</dt>
            <dd>{model.stats.tables}</dd>
            <dt>附表</dt>
            <dd>{model.stats.appendixTables}</dd>
          </dl>
        )}
      </div>
    </div>
  );
}

type Layout = 'official' | 'report';
const LAYOUTS: { id: Layout; name: string; hint: string }[] = [
  { id: 'official', name: '公文版式', hint: '三号仿宋，每行 28 字、每页 22 行（GB/T 9704 版心）' },
  { id: 'report', name: '报告版式', hint: '小四仿宋，每行约 38 字，页数约少四成（参照省级质量报告）' },
];
function ExportBar({ layout, onLayout }: { layout: Layout; onLayout: (l: Layout) => void }) {
  const session = useApp((s) => s.session);
  const chooseLayout = onLayout;
  const [format, setFormat] = useState<Format>('docx');
  const [charts, setCharts] = useState<ChartMode>(savedChartMode);
  const [path, setPath] = useState('');
  const [progress, setProgress] = useState<{ percent: number; stage: string } | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string; warning?: string } | null>(null);
  const name = session?.workspace.profile.name ?? '学校';
  const year = session?.workspace.profile.reportYear ?? 0;
  const defaultName = `${name}质量年度报告（${year}年度）.${format}`;

  useEffect(() => {
    if (backend.native) return;
    setPath('');
    backend
      .pickSavePath(defaultName, format)
      .then((p) => p && setPath(p))
      .catch(() => undefined);
  }, [defaultName, format]);

  const chooseCharts = (mode: ChartMode) => {
    setCharts(mode);
    try {
      localStorage.setItem(CHART_MODE_KEY, mode);
    } catch {
      // private mode: the choice lasts for this session only
    }
  };

  const run = async () => {
    flushAllSaves();
    let target = path.trim();
    if (backend.native) {
      const p = await backend.pickSavePath(defaultName, format);
      if (!p) return;
      target = p;
    }
    if (!target) return setResult({ ok: false, text: '请填写导出文件的路径' });
    if (!target.toLowerCase().endsWith(`.${format}`))
      return setResult({ ok: false, text: `导出文件须以 .${format} 结尾` });
    setResult(null);
    setProgress({ percent: 0, stage: '准备中…' });
    try {
      const r = await backend.exportReport(year, target, { format, charts, layout }, (p) => setProgress(p));
      setResult({
        ok: true,
        text: `已导出：${r.path}${r.note ? `（${r.note}）` : ''}`,
        // something to check in the file written: its own line, in the warning colour, not inside the success note
        ...(r.warning ? { warning: r.warning } : {}),
      });
    } catch (e) {
      setResult({ ok: false, text: e instanceof Error ? e.message : '导出失败' });
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="export-bar">
      <strong>导出</strong>
      <select
        value={format}
        onChange={(e) => setFormat(e.target.value === 'pdf' ? 'pdf' : 'docx')}
        aria-label="导出格式"
        data-testid="export-format"
      >
        <option value="docx">Word（.docx）</option>
        <option value="pdf">PDF</option>
      </select>
      <select
        value={charts}
        onChange={(e) => chooseCharts(e.target.value === 'png' ? 'png' : 'native')}
        aria-label="图表形式"
        title="可编辑图表：Word/WPS 中可“编辑数据”；图片：与预览完全一致的插图"
        data-testid="export-charts"
      >
        <option value="native">图表：可编辑</option>
        <option value="png">图表：图片</option>
      </select>
      {!backend.native && (
        <input
          className="export-path"
          value={path}
          onChange={(e) => setPath(e.target.value)}
          aria-label="导出文件路径"
          spellCheck={false}
        />
      )}
      <label className="muted">
        版式{' '}
        <select
          value={layout}
          onChange={(e) => chooseLayout(e.target.value === 'report' ? 'report' : 'official')}
          data-testid="export-layout"
          title={LAYOUTS.find((l) => l.id === layout)?.hint}
        >
          {LAYOUTS.map((l) => (
            <option key={l.id} value={l.id} title={l.hint}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
      {/* aria-disabled while exporting, not disabled, which would drop the focus of the user who pressed Enter */}
      <button
        type="button"
        className="primary"
        onClick={() => {
          if (!progress) void run();
        }}
        aria-disabled={!!progress}
        data-testid="export"
      >
        {backend.native ? `导出${format === 'pdf' ? ' PDF' : ' Word'}…` : '导出'}
      </button>
      {progress && (
        <div
          className="progress"
          role="progressbar"
          aria-valuenow={Math.round(progress.percent)}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div className="progress-track">
            <progress className="progress-fill" value={progress.percent} max={100} />
          </div>
          <span className="muted">
            {Math.round(progress.percent)}% {progress.stage}
          </span>
        </div>
      )}
      {result && (
        <span className={result.ok ? 'export-ok' : 'field-error'} data-testid="export-result">
          {result.text}
        </span>
      )}
      {result?.warning && (
        <span className="export-warning" data-testid="export-warning" role="alert">
          {result.warning}
        </span>
      )}
    </div>
  );
}

/**
 * The print route (#print?year=Y&layout=L): only the paged preview of the open workspace, for Chromium's or Electron's
 * print to PDF when LibreOffice is missing (core/pdf/chromium.ts, electron/pdf-print.ts).
 */
export function PrintView({ year, layout }: { year?: number; layout?: ReportLayoutId }) {
  const [model, setModel] = useState<ReportModel | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    backend
      .reportModel(year)
      .then((m) => setModel(m as ReportModel))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : '无法生成报告'));
  }, [year]);
  if (error)
    return (
      <div className="paged" data-paged="error">
        {error}
      </div>
    );
  return <div className="print-root">{model && <PagedPreview model={model} layout={layout} />}</div>;
}
