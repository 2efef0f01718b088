/**
 * The preview of an Excel import (the dry run): the values that would change, one Chinese line each, or the
 * problems by sheet and cell. Nothing is written until 确认导入.
 */
import { cancelXlsxImport, confirmXlsxImport, useFiles } from '../store/files';
import { Dialog } from './Dialog';

const SHOWN = 200;

export function XlsxImportDialog() {
  const preview = useFiles((s) => s.preview);
  const busy = useFiles((s) => s.busy);
  if (!preview) return null;
  const { result } = preview;
  const name = preview.path.split(/[\\/]/).pop() ?? preview.path;

  if (result.problems.length > 0) {
    return (
      <Dialog title="无法导入：工作簿中有问题" cancelLabel="关闭" onCancel={cancelXlsxImport} testId="xlsx-preview">
        <p>
          「{name}」中有 {result.problems.length} 处问题，<strong>没有导入任何数据</strong>
          。请在 Excel 中改正后重新导入。
        </p>
        <table className="problem-table">
          <thead>
            <tr>
              <th>工作表</th>
              <th>单元格</th>
              <th>问题</th>
            </tr>
          </thead>
          <tbody>
            {result.problems.slice(0, SHOWN).map((p) => (
              <tr key={`${p.sheet}!${p.cell}|${p.message}`} className="xlsx-problem">
                <td>{p.sheet}</td>
                <td className="mono">{p.cell}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Dialog>
    );
  }
  if (result.changes.length === 0) {
    return (
      <Dialog title="导入 Excel" cancelLabel="关闭" onCancel={cancelXlsxImport} testId="xlsx-preview">
        <p>
          已读取「{name}」中的 {result.read} 个数值，与工作区中的数据一致，没有需要导入的修改。
        </p>
      </Dialog>
    );
  }
  return (
    <Dialog
      title="导入 Excel：请确认以下修改"
      confirmLabel="确认导入"
      onConfirm={() => void confirmXlsxImport()}
      onCancel={cancelXlsxImport}
      busy={!!busy}
      testId="xlsx-preview"
    >
      <p>
        已读取「{name}」中的 {result.read} 个数值，其中 <strong>{result.changes.length}</strong>{' '}
        个与工作区不同，确认后将写入（修改记录中标为「导入」）：
      </p>
      <ul className="change-list">
        {result.changes.slice(0, SHOWN).map((c) => (
          <li key={`${c.indicatorId}|${c.year}`} className="xlsx-change">
            {c.text}
          </li>
        ))}
        {result.changes.length > SHOWN && <li className="muted">…… 另有 {result.changes.length - SHOWN} 项</li>}
      </ul>
      {result.infos.length > 0 && (
        <details className="infos">
          <summary>{result.infos.length} 条说明（不影响导入）</summary>
          <ul>
            {result.infos.slice(0, SHOWN).map((p) => (
              <li key={`${p.sheet}!${p.cell}|${p.message}`}>{p.message}</li>
            ))}
          </ul>
        </details>
      )}
    </Dialog>
  );
}
