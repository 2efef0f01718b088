/**
 * 生成区域报告草稿: the district name, whether to also save the draft as a workspace (.qar) to edit like a school
 * report; after building, the files written and 打开草稿继续编辑.
 */
import { useEffect, useRef, useState } from 'react';
import { useModalFocus } from '../../lib/focus';
import { review, useReview } from '../../store/review';

function closeDistrict(): void {
  review.setDistrictOpen(false);
  useReview.setState({ district: null });
}

export function DistrictDialog() {
  const open = useReview((s) => s.districtOpen);
  const r = useReview((s) => s.result);
  const busy = useReview((s) => s.busy);
  const done = useReview((s) => s.district);
  const [name, setName] = useState('');
  const [save, setSave] = useState(true);
  const boxRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  useModalFocus(boxRef, open && !!r);
  // the keyboard starts in the dialog (on its first field), and goes on from what to do next once the draft is
  // written (its form, with the 生成 button that had the focus, leaves the page)
  useEffect(() => {
    if (open) nameRef.current?.focus();
  }, [open]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  useEffect(() => {
    if (!open) return;
    // (not the input method's Esc, which only drops its candidates)
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !e.isComposing && closeDistrict();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  if (!open || !r) return null;
  const close = closeDistrict;
  return (
    <div className="modal-back">
      <div ref={boxRef} className="modal card" role="dialog" aria-modal="true" aria-label="生成区域报告草稿">
        <h2>生成区域报告草稿</h2>
        {done ? (
          <div className="form" data-testid="district-done">
            <p>
              已生成《{done.title}》：{done.schools} 所学校，图表 {done.charts} 幅，案例备选 {done.cases} 个，附表{' '}
              {done.appendixTables} 张。
            </p>
            {(done.frameworkWarnings ?? []).map((w) => (
              <p key={w} className="small-print warn-text">
                注意：{w}
              </p>
            ))}
            <p className="small-print muted">Word 文档：{done.out}</p>
            {done.save && <p className="small-print muted">草稿工作区：{done.save}</p>}
            <div className="form-actions">
              <button type="button" onClick={close} ref={done.save ? undefined : doneRef}>
                关闭
              </button>
              {done.save && (
                <button
                  ref={doneRef}
                  type="button"
                  className="primary"
                  onClick={() => {
                    const p = done.save as string;
                    close();
                    void review.openInEditor(p, false);
                  }}
                >
                  打开草稿继续编辑
                </button>
              )}
            </div>
          </div>
        ) : (
          <form
            className="form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!busy) void review.buildDistrict({ name, save });
            }}
          >
            <p className="muted small">
              用本次审核的 {r.schools.length} 所学校（{r.year}
              年度）：高职、中职分别汇总，生成与学校报告相同提纲和版式的草稿，附表
              1-x（高职）、2-x（中职），对比图表和各校案例备选。
            </p>
            <label>
              <span>地区名称</span>
              <input
                ref={nameRef}
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="例如：某某区（留空则用学校所在地区）"
                maxLength={50}
              />
            </label>
            <label className="check">
              <input type="checkbox" checked={save} onChange={(e) => setSave(e.target.checked)} />
              同时另存为工作区（.qar），可像学校报告一样继续撰写、预览和导出
            </label>
            <div className="form-actions">
              <button type="button" onClick={close}>
                取消
              </button>
              {/* aria-disabled while building, not disabled, which would drop the focus of who pressed it */}
              <button type="submit" className="primary" aria-disabled={!!busy || undefined}>
                {busy ? '正在生成…' : '生成'}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
