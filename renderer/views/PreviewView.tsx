/**
 * 预览与导出: the report model (the same one the Word writer reads) drawn as A4-like pages — cover, 目录,
 * chapters with numbered captions and case boxes, appendix tables — and 导出 Word with a progress bar.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { buildChartSpec } from '../../core/charts/spec';
import type { Workspace } from '../../core/model';
import type { ReportItem, ReportModel } from '../../core/report/model';
import { AssetImage } from '../components/blocks/AssetImage';
import { ChartSlot } from '../components/blocks/ChartSlot';
import { useApp } from '../store/app';
import { flushAllSaves } from '../store/autosave';
import { backend } from '../store/backend';

export function PreviewView() {
  const session = useApp((s) => s.session);
  const [model, setModel] = useState<ReportModel | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const year = session?.workspace.profile.reportYear ?? 0;

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
      <ExportBar />
      <div className="preview-scroll" data-testid="preview">
        {loading && !model && <p className="muted pad">正在生成预览…</p>}
        {error && <p className="field-error pad">{error}</p>}
        {model && <Pages model={model} ws={session.workspace} />}
      </div>
      <div className="preview-side">
        <button type="button" className="small" onClick={() => void load()} disabled={loading}>
          {loading ? '刷新中…' : '刷新预览'}
        </button>
        {model && (
          <dl className="stats">
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
// The .qar has no settings table yet (a schema change for another release): the choice is kept per workspace
// file on this computer.
const layoutKey = (path: string) => `qar.layout:${path}`;
function savedLayout(path: string | undefined): Layout {
  try {
    return path && localStorage.getItem(layoutKey(path)) === 'report' ? 'report' : 'official';
  } catch {
    return 'official';
  }
}

function ExportBar() {
  const session = useApp((s) => s.session);
  const [layout, setLayout] = useState<Layout>(() => savedLayout(session?.path));
  const chooseLayout = (l: Layout) => {
    setLayout(l);
    try {
      if (session?.path) localStorage.setItem(layoutKey(session.path), l);
    } catch {
      // storage unavailable: the choice holds for this export only
    }
  };
  const [path, setPath] = useState('');
  const [progress, setProgress] = useState<{ percent: number; stage: string } | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const name = session?.workspace.profile.name ?? '学校';
  const year = session?.workspace.profile.reportYear ?? 0;
  const defaultName = `${name}质量年度报告（${year}年度）.docx`;

  useEffect(() => {
    if (backend.native) return;
    backend
      .pickSavePath(defaultName, 'docx')
      .then((p) => p && setPath((cur) => cur || p))
      .catch(() => undefined);
  }, [defaultName]);

  const run = async () => {
    flushAllSaves();
    let target = path.trim();
    if (backend.native) {
      const p = await backend.pickSavePath(defaultName, 'docx');
      if (!p) return;
      target = p;
    }
    if (!target) return setResult({ ok: false, text: '请填写导出文件的路径' });
    if (!target.toLowerCase().endsWith('.docx')) return setResult({ ok: false, text: '导出文件须以 .docx 结尾' });
    setResult(null);
    setProgress({ percent: 0, stage: '准备中…' });
    try {
      const r = await backend.exportDocx(year, target, (p) => setProgress(p), layout);
      setResult({ ok: true, text: `已导出：${r.path}` });
    } catch (e) {
      setResult({ ok: false, text: e instanceof Error ? e.message : '导出失败' });
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="export-bar">
      <strong>导出 Word</strong>
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
      <button type="button" className="primary" onClick={() => void run()} disabled={!!progress} data-testid="export">
        {backend.native ? '导出 Word…' : '导出'}
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
    </div>
  );
}

function Pages({ model, ws }: { model: ReportModel; ws: Workspace }) {
  return (
    <div className="pages">
      <section className="page cover">
        <div className="cover-school">{model.cover.schoolName}</div>
        <div className="cover-title">{model.cover.title}</div>
        <div className="cover-edition">{model.cover.edition}</div>
        <div className="cover-date">{model.cover.date}</div>
      </section>
      <section className="page toc">
        <h2 className="toc-head">目 录</h2>
        <ol>
          {model.toc.map((t) => (
            <li key={t.anchor} className={`toc-l${t.level}`}>
              <a href={`#${t.anchor}`}>{t.text}</a>
            </li>
          ))}
        </ol>
      </section>
      {model.preface && (
        <section className="page">
          <h1 id={model.preface.anchor} className="h1 center">
            {model.preface.heading}
          </h1>
          <Items items={model.preface.items} ws={ws} />
        </section>
      )}
      {model.chapters.map((ch) => (
        <section key={ch.anchor} className="page">
          <h1 id={ch.anchor} className="h1">
            {ch.heading}
          </h1>
          {ch.intro.map((p) => (
            <p key={p} className="para">
              {p}
            </p>
          ))}
          {ch.sections.map((s) => (
            <div key={s.anchor}>
              {s.heading && (
                <h2 id={s.anchor} className="h2">
                  {s.heading}
                </h2>
              )}
              <Items items={s.items} ws={ws} />
            </div>
          ))}
        </section>
      ))}
      {model.appendix.tables.length > 0 && (
        <section className="page">
          <h1 id={model.appendix.anchor} className="h1">
            {model.appendix.heading}
          </h1>
          {model.appendix.tables.map((t) => (
            <div key={t.tableId} className="appendix-table">
              <p className="caption above">{t.captionLine}</p>
              <table className="doc-table">
                <thead>
                  <tr>
                    {t.columns.map((c) => (
                      <th key={c}>{c}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {t.rows.map((r) => (
                    <tr key={r.indicatorId}>
                      <td className="c">{r.no}</td>
                      <td className={`indent-${r.indent}`}>{r.name}</td>
                      <td className="c">{r.unit}</td>
                      {r.values.map((v, i) => (
                        <td key={t.years[i] ?? i} className="num">
                          {v}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </section>
      )}
    </div>
  );
}

function Items({ items, ws }: { items: ReportItem[]; ws: Workspace }) {
  return (
    <>
      {items.map((it, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a static, read-only rendering of the report model
        <Item key={`${it.blockId}-${i}`} item={it} ws={ws} />
      ))}
    </>
  );
}

function Item({ item, ws }: { item: ReportItem; ws: Workspace }) {
  switch (item.kind) {
    case 'paragraph':
      return (
        <>
          {item.paragraphs.length === 0 && item.lead && (
            <p className="para">
              <strong>{item.lead}</strong>
            </p>
          )}
          {item.paragraphs.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a static, read-only rendering of the report model
            <p key={`${i}-${p.slice(0, 8)}`} className="para">
              {i === 0 && item.lead && <strong>{item.lead}</strong>}
              {p}
            </p>
          ))}
        </>
      );
    case 'case':
      return (
        <div className="case-print">
          <p className="case-head">
            {item.label}
            {item.title}
          </p>
          {item.paragraphs.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a static, read-only rendering of the report model
            <p key={`${i}-${p.slice(0, 8)}`} className="para">
              {p}
            </p>
          ))}
        </div>
      );
    case 'figure':
      return <Figure item={item} ws={ws} />;
    case 'table':
      return (
        <div className="body-table">
          <p className="caption above">{item.captionLine}</p>
          <table className="doc-table">
            <thead>
              <tr>
                {item.columns.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a static, read-only rendering of the report model
                  <th key={`${i}-${c}`}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {item.rows.map((r, i) => (
                <tr key={String(i)}>
                  {r.map((c, j) => (
                    <td key={String(j)}>{c}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {item.sourceLine && <p className="source">{item.sourceLine}</p>}
        </div>
      );
    case 'challenge':
      return (
        <div className="challenge-print">
          <h3 id={item.anchor} className="h3">
            {item.heading}
          </h3>
          {item.problems.map((p, i) => (
            <p key={`p${String(i)}`} className="para">
              {i === 0 && <strong>问题表现：</strong>}
              {p}
            </p>
          ))}
          {item.plans.map((p, i) => (
            <p key={`n${String(i)}`} className="para">
              {i === 0 && <strong>下一步打算：</strong>}
              {p}
            </p>
          ))}
        </div>
      );
  }
}

function Figure({ item, ws }: { item: Extract<ReportItem, { kind: 'figure' }>; ws: Workspace }) {
  const session = useApp((s) => s.session);
  const values = useApp((s) => s.values);
  const chartSpec = useMemo(() => {
    if (item.figureKind !== 'chart' || !session) return null;
    const b = ws.blocks.find((x) => x.id === item.blockId);
    if (b?.content.kind !== 'chart') return null;
    const wsValues = Object.entries(values).map(([k, v]) => {
      const [indicatorId, year] = k.split('|');
      return { indicatorId: indicatorId ?? '', year: Number(year), value: v, note: '', source: '', updatedAt: '' };
    });
    try {
      return buildChartSpec({ values: wsValues, profile: ws.profile }, session.framework, b.content);
    } catch {
      return null;
    }
  }, [item, ws, session, values]);
  return (
    <figure className="fig">
      {item.image && <AssetImage assetId={item.image.assetId} alt={item.caption} className="fig-img" />}
      {item.missingAssetId && <div className="img-missing">图片缺失</div>}
      {chartSpec && <ChartSlot spec={chartSpec} showWarnings={false} />}
      <figcaption className="caption">{item.captionLine}</figcaption>
      {item.sourceLine && <p className="source">{item.sourceLine}</p>}
    </figure>
  );
}
