/**
 * 「标为不适用」: the school states that an indicator does not apply this year, with the reason (kept as the
 * cell's note, printed nowhere else). The mark clears a completeness finding honestly and the appendix prints
 * 不适用; a value typed later ends it. A reason typed and left with 取消 or Esc is kept for the cell (store/unsent.ts)
 * until it is saved or emptied.
 */
import { useState } from 'react';
import { useApp } from '../store/app';
import { dropUnsent, keepUnsent, unsentText, workspaceUnsentKey } from '../store/unsent';
import { Dialog } from './Dialog';

export function NotApplicableDialog() {
  const naCell = useApp((s) => s.naCell);
  if (!naCell) return null;
  // remount per cell, so the reason field starts from that cell's note
  return <NotApplicableForm key={`${naCell.indicatorId}|${naCell.year}`} />;
}

function NotApplicableForm() {
  const naCell = useApp((s) => s.naCell);
  const session = useApp((s) => s.session);
  const values = useApp((s) => s.values);
  const naMarks = useApp((s) => s.naMarks);
  const open = useApp((s) => s.openNotApplicable);
  const mark = useApp((s) => s.markNotApplicable);
  const key = naCell ? `${naCell.indicatorId}|${naCell.year}` : '';
  const current = session?.workspace.values.find(
    (v) => naCell && v.indicatorId === naCell.indicatorId && v.year === naCell.year,
  );
  // the reason being written: by the workspace file (path and identity) and the cell
  const draftKey = session ? workspaceUnsentKey('na', session, naCell?.indicatorId, naCell?.year) : '';
  const [note, setNote] = useState(() => unsentText(draftKey) ?? naMarks[key] ?? current?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [empty, setEmpty] = useState(false);
  if (!naCell || !session) return null;
  const ind = session.framework.tables.flatMap((t) => t.indicators).find((i) => i.id === naCell.indicatorId);
  const hasValue = (values[key] ?? null) !== null;
  const close = () => open(null);
  const confirm = async () => {
    if (!note.trim()) return setEmpty(true);
    setBusy(true);
    const ok = await mark(naCell, note.trim());
    setBusy(false);
    if (ok) {
      dropUnsent(draftKey);
      close();
    }
  };
  return (
    <Dialog
      title="标为「不适用」"
      confirmLabel="标为不适用"
      busy={busy}
      onConfirm={() => void confirm()}
      onCancel={close}
      testId="na-dialog"
      focusField
    >
      <p>
        {naCell.year}年「{ind?.name ?? naCell.indicatorId}
        」本年度不适用于本校。附表将印「不适用」，相关的“未填写”提示随之消除。
      </p>
      {hasValue && <p className="field-error">该单元格现有的数值将被清除（可在修改记录中查到）。</p>}
      <label className="na-reason">
        <span>原因（必填，保存为该单元格的备注）</span>
        <textarea
          value={note}
          maxLength={1000}
          rows={3}
          placeholder="例如：本校本年度未招收留学生"
          onChange={(e) => {
            setNote(e.target.value);
            keepUnsent(draftKey, e.target.value);
            setEmpty(false);
          }}
          aria-label="不适用的原因"
        />
      </label>
      {empty && <p className="field-error">请填写不适用的原因。</p>}
    </Dialog>
  );
}
