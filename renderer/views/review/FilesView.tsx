/** 文件清单: every input file, reviewed or skipped with the Chinese reason; the file fingerprint before and after. */
import { review, useReview } from '../../store/review';

export function FilesView() {
  const r = useReview((s) => s.result);
  if (!r) return null;
  const skipped = r.files.filter((f) => f.status === 'skipped').length;
  return (
    <div className="files-pane">
      <p className="summary-line">
        共 {r.files.length} 个文件：已审核 {r.files.length - skipped} 个，跳过 {skipped}{' '}
        个。各校文件只读打开，审核前后的文件指纹一致即未被改动。
      </p>
      {r.frameworkWarnings.length > 0 && (
        // at most a third of the pane, scrolled on its own: many warnings (frameworks, years, cases two schools
        // handed in alike) must not push the file list out of the window at 1093×614
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that may scroll is reached by the keyboard
        <section className="files-warnings" tabIndex={0} aria-label="注意事项">
          {r.frameworkWarnings.map((w) => (
            <p key={w} className="field-error" role="alert" data-testid="framework-warning">
              注意：{w}
            </p>
          ))}
        </section>
      )}
      <div className="matrix-scroll">
        <table className="agg files" data-testid="files">
          <thead>
            <tr>
              <th scope="col">文件</th>
              <th scope="col">状态</th>
              <th scope="col">学校</th>
              <th scope="col">层次</th>
              <th scope="col" className="num">
                年度
              </th>
              <th scope="col">指标体系</th>
              <th scope="col">说明</th>
              <th scope="col">文件指纹（SHA-256）</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {r.files.map((f) => {
              const same = f.sha256Before !== '' && f.sha256Before === f.sha256After;
              return (
                <tr key={f.path} data-file={f.name} data-status={f.status}>
                  <th scope="row" title={f.path}>
                    {f.name}
                    <span className="muted small-print block">{f.path}</span>
                  </th>
                  <td>
                    <span className={f.status === 'reviewed' ? 'tag ok' : 'tag skip'}>
                      {f.status === 'reviewed' ? '已审核' : '已跳过'}
                    </span>
                  </td>
                  <td>{f.school?.name ?? '—'}</td>
                  <td>{f.school?.level ?? '—'}</td>
                  <td className="num">{f.year ?? '—'}</td>
                  <td className="small-print framework">{f.framework ?? '—'}</td>
                  <td className={f.status === 'skipped' ? 'reason' : 'muted'}>{f.reason || '—'}</td>
                  <td
                    className="mono"
                    title={`审核前 ${f.sha256Before || '（无法读取）'}\n审核后 ${f.sha256After || '（无法读取）'}`}
                  >
                    {f.sha256Before ? `${f.sha256Before.slice(0, 12)}…` : '—'}
                    {f.sha256Before && (
                      <span className={same ? 'ok-text' : 'bad-text'}>{same ? ' 前后一致' : ' 前后不一致'}</span>
                    )}
                  </td>
                  <td>
                    {f.status === 'reviewed' && (
                      <button type="button" className="small" onClick={() => void review.openInEditor(f.path, true)}>
                        只读打开
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
