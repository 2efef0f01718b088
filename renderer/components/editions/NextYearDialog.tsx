/**
 * 新建下一年度报告: last year's workspace (the open one, or a file to pick), the new report year, whether to bring
 * last year's photos, and where to save. Last year's file is only read. In Electron the paths come from native
 * dialogs; in the browser host they are text fields pre-filled with a path in the host's output folder.
 */
import { useEffect, useState } from 'react';
import { useApp } from '../../store/app';
import { backend } from '../../store/backend';
import { closeNextYear, createNextYear, pickLastYear, pickNextYearTarget, useEditions } from '../../store/editions';
import { Dialog } from '../Dialog';

export function NextYearDialog() {
  const form = useEditions((s) => s.nextYear);
  const busy = useEditions((s) => s.busy);
  const [source, setSource] = useState('');
  const [year, setYear] = useState<number | ''>('');
  const [withPhotos, setWithPhotos] = useState(false);
  const [target, setTarget] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    if (!form) return;
    setSource(form.source);
    setYear(form.sourceYear ? form.sourceYear + 1 : '');
    setWithPhotos(false);
    setError('');
    if (!backend.native) {
      const name = form.sourceLabel || '学校';
      void pickNextYearTarget(name, form.sourceYear ? form.sourceYear + 1 : new Date().getFullYear())
        .then((p) => setTarget(p ?? ''))
        .catch(() => setTarget(''));
    }
  }, [form]);

  if (!form) return null;
  const fromOpen = form.source !== '';
  const thisYear = new Date().getFullYear();
  const years = form.sourceYear
    ? [1, 2, 3].map((d) => (form.sourceYear as number) + d)
    : [thisYear - 2, thisYear - 1, thisYear];

  const submit = async () => {
    setError('');
    let src = source.trim();
    if (!fromOpen && backend.native) {
      const picked = await pickLastYear();
      if (!picked) return;
      src = picked;
    }
    if (!src) return setError('请填写上一年度的工作区文件路径');
    if (!src.toLowerCase().endsWith('.qar')) return setError('上一年度的工作区文件须以 .qar 结尾');
    let out = target.trim();
    if (backend.native) {
      const p = await pickNextYearTarget(form.sourceLabel || '学校', year || thisYear);
      if (!p) return;
      out = p;
    }
    if (!out) return setError('请填写新工作区的保存位置');
    if (!out.toLowerCase().endsWith('.qar')) return setError('保存位置须以 .qar 结尾');
    await createNextYear({ source: src, path: out, withPhotos, ...(year ? { year } : {}) });
  };

  return (
    <Dialog
      title="新建下一年度报告"
      confirmLabel={backend.native ? '选择保存位置并新建…' : '新建'}
      busy={!!busy}
      onConfirm={() => void submit()}
      onCancel={closeNextYear}
      testId="next-year-dialog"
    >
      <p className="muted">
        从上一年度的工作区新建：带入学校信息、报告提纲（章节，不含正文）、前两年的指标数据和案例标题；上一年度的正文显示在「报告撰写」右侧作参考。上一年度的文件只读取，不会被修改。
      </p>
      <div className="form">
        {fromOpen ? (
          <p>
            上一年度：<strong>{form.sourceLabel}</strong>（{form.sourceYear}年度）
          </p>
        ) : backend.native ? (
          <p className="muted">点击「新建」后先选择上一年度的工作区文件（.qar），再选择新文件的保存位置。</p>
        ) : (
          <label>
            <span>上一年度的工作区（.qar）</span>
            <input
              value={source}
              onChange={(e) => setSource(e.target.value)}
              spellCheck={false}
              data-testid="next-year-source"
            />
          </label>
        )}
        <div className="form-row">
          <label>
            <span>新报告年度</span>
            <select
              value={year}
              onChange={(e) => setYear(e.target.value ? Number(e.target.value) : '')}
              data-testid="next-year-year"
            >
              {!form.sourceYear && <option value="">上一年度的下一年</option>}
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}年度
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="check">
          <input type="checkbox" checked={withPhotos} onChange={(e) => setWithPhotos(e.target.checked)} />
          同时带入上一年度报告中的照片（可在参考栏中插入到新报告）
        </label>
        {!backend.native && (
          <label>
            <span>新工作区的保存位置</span>
            <input
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              spellCheck={false}
              data-testid="next-year-target"
            />
          </label>
        )}
        {error && <p className="field-error">{error}</p>}
        {busy && <p className="busy-line">{busy}</p>}
      </div>
    </Dialog>
  );
}

/** The start page's card: the quickest way into next year for a school that used the tool last year. */
export function NextYearCard() {
  const busy = useApp((s) => s.busy);
  return (
    <section className="card next-year-card">
      <h2>新建下一年度报告</h2>
      <p>
        去年用本工具写过报告？从去年的工作区新建今年的：学校信息、章节提纲、前两年的数据和案例标题都会带过来，去年的正文在撰写时作参考。
      </p>
      <button
        type="button"
        onClick={() => useEditions.setState({ nextYear: { source: '', sourceLabel: '', sourceYear: null } })}
        disabled={!!busy}
        data-testid="start-next-year"
      >
        从上一年度新建…
      </button>
    </section>
  );
}
