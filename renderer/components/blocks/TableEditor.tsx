/**
 * 表格: caption above, a small grid of text cells (add/remove rows and columns), 数据来源 below. A block copied
 * from Excel and pasted into a cell (or a column title) fills the cells from there, adding rows and columns
 * (store/paste.ts; what exceeds the table's limits is listed).
 */
import type { ClipboardEvent } from 'react';
import { type Block, type BlockContent, TABLE_LIMITS } from '../../../core/model';
import { useApp } from '../../store/app';
import { pasteIntoTable } from '../../store/paste';
import { editBlock } from '../../store/writing';
import { CaptionField } from './CaptionField';

type Content = Extract<BlockContent, { kind: 'table' }>;

export function TableEditor({ block, content }: { block: Block; content: Content }) {
  const ro = useApp((s) => s.session?.readOnly ?? true);
  const set = (patch: Partial<Content>) => editBlock(block.id, { ...content, ...patch });
  const cols = content.columns.length;
  const setCell = (r: number, c: number, v: string) =>
    set({ rows: content.rows.map((row, i) => (i === r ? row.map((x, j) => (j === c ? v : x)) : row)) });
  /** several cells on the clipboard (tabs or line breaks): fill the table from here; one piece of text: as typed */
  const onPaste = (row: number, col: number) => (e: ClipboardEvent<HTMLInputElement>) => {
    if (ro) return;
    const text = e.clipboardData.getData('text/plain');
    if (!/[\t\n]/.test(text.replace(/[\r\n]+$/, ''))) return;
    e.preventDefault();
    pasteIntoTable(block.id, content, text, { row, col });
  };

  return (
    <div className="table-editor">
      <div className="caption">
        <span className="field-label">表题</span>
        <CaptionField
          value={content.caption}
          readOnly={ro}
          label="表题"
          placeholder="例如：2024年学校专业群建设情况"
          onChange={(caption) => set({ caption })}
        />
      </div>
      <div className="mini-grid-wrap">
        <table className="mini-grid">
          <thead>
            <tr>
              {content.columns.map((c, j) => (
                <th key={String(j)}>
                  <input
                    value={c}
                    readOnly={ro}
                    aria-label={`第 ${j + 1} 列标题`}
                    onPaste={onPaste(-1, j)}
                    onChange={(e) => set({ columns: content.columns.map((x, k) => (k === j ? e.target.value : x)) })}
                  />
                  {!ro && cols > 1 && (
                    <button
                      type="button"
                      className="tiny"
                      title="删除此列"
                      aria-label={`删除第 ${j + 1} 列`}
                      onClick={() =>
                        set({
                          columns: content.columns.filter((_, k) => k !== j),
                          rows: content.rows.map((r) => r.filter((_, k) => k !== j)),
                        })
                      }
                    >
                      ×
                    </button>
                  )}
                </th>
              ))}
              <th className="row-tools" />
            </tr>
          </thead>
          <tbody>
            {content.rows.map((row, i) => (
              <tr key={String(i)}>
                {content.columns.map((_, j) => (
                  <td key={String(j)}>
                    <input
                      value={row[j] ?? ''}
                      readOnly={ro}
                      aria-label={`第 ${i + 1} 行第 ${j + 1} 列`}
                      onPaste={onPaste(i, j)}
                      onChange={(e) => setCell(i, j, e.target.value)}
                    />
                  </td>
                ))}
                <td className="row-tools">
                  {!ro && (
                    <button
                      type="button"
                      className="tiny"
                      title="删除此行"
                      aria-label={`删除第 ${i + 1} 行`}
                      onClick={() => set({ rows: content.rows.filter((_, k) => k !== i) })}
                    >
                      ×
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!ro && (
        <div className="mini-grid-actions">
          <button
            type="button"
            className="small"
            disabled={content.rows.length >= TABLE_LIMITS.rows}
            onClick={() => set({ rows: [...content.rows, content.columns.map(() => '')] })}
          >
            ＋ 行
          </button>
          <button
            type="button"
            className="small"
            disabled={cols >= TABLE_LIMITS.columns}
            onClick={() =>
              set({ columns: [...content.columns, `列${cols + 1}`], rows: content.rows.map((r) => [...r, '']) })
            }
          >
            ＋ 列
          </button>
        </div>
      )}
      <label>
        <span className="field-label">数据来源</span>
        <input
          value={content.source}
          readOnly={ro}
          maxLength={200}
          placeholder="例如：学校教务系统"
          onChange={(e) => set({ source: e.target.value })}
        />
      </label>
    </div>
  );
}
