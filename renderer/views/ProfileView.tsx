/** 学校信息: the profile, saved as the user types (debounced; flushed on blur). */
import { useState } from 'react';
import { SchoolCategory, type SchoolLevel, type SchoolProfile } from '../../core/model';
import { FrameworkCard } from '../components/editions/FrameworkCard';
import { useApp } from '../store/app';
import { flushSave } from '../store/autosave';
import { loadFrameworkInfo } from '../store/editions';
import { saveProfile } from '../store/saves';

const LEVELS: SchoolLevel[] = ['高职', '中职', '职业本科'];

export function ProfileView() {
  const session = useApp((s) => s.session);
  const [draft, setDraft] = useState<SchoolProfile | null>(session?.workspace.profile ?? null);
  const [error, setError] = useState('');
  // the year as typed: 「2」「20」 on the way to 「2025」 are kept on screen, only a whole year is saved
  const [yearText, setYearText] = useState(String(draft?.reportYear ?? ''));
  if (!session || !draft) return null;
  const yearOk = /^\d{4}$/.test(yearText.trim()) && Number(yearText) >= 2000 && Number(yearText) <= 2100;
  const ro = session.readOnly;

  const change = (patch: Partial<SchoolProfile>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    if (!next.name.trim()) {
      setError('学校名称不能为空');
      return;
    }
    setError('');
    useApp.getState().patchWorkspace((s) => ({ ...s, workspace: { ...s.workspace, profile: next } }));
    // a new report year or level may have a newer edition of the framework: the banner says so once it is saved
    // (asked after every save: the saves are coalesced, so the one that carries the year cannot be told apart)
    saveProfile(next, undefined, () => {
      void useApp.getState().revalidate();
      void loadFrameworkInfo();
    });
  };
  const blur = () => flushSave('profile');

  return (
    <div className="page-pad">
      <div className="card narrow">
        <h2>学校信息</h2>
        <p className="muted">这些信息用于报告封面、指标校验（按学校类别选用办学条件标准）和文件命名。</p>
        <fieldset className="form" disabled={ro}>
          <label>
            <span>学校名称</span>
            <input
              value={draft.name}
              maxLength={100}
              onChange={(e) => change({ name: e.target.value })}
              onBlur={blur}
            />
          </label>
          {error && <p className="field-error">{error}</p>}
          <div className="form-row">
            <label>
              <span>学校标识码</span>
              <input
                value={draft.code}
                maxLength={20}
                onChange={(e) => change({ code: e.target.value })}
                onBlur={blur}
                placeholder="10 位数字"
                inputMode="numeric"
              />
            </label>
            <label>
              <span>所在地区</span>
              <input
                value={draft.region}
                maxLength={100}
                onChange={(e) => change({ region: e.target.value })}
                onBlur={blur}
                placeholder="例如：重庆市"
              />
            </label>
          </div>
          <div className="form-row">
            <label>
              <span>办学层次</span>
              <select
                value={draft.level}
                onChange={(e) => change({ level: e.target.value as SchoolLevel })}
                onBlur={blur}
              >
                {LEVELS.map((l) => (
                  <option key={l}>{l}</option>
                ))}
              </select>
            </label>
            <label>
              <span>学校类别</span>
              <select
                value={draft.category}
                onChange={(e) => change({ category: e.target.value as SchoolCategory })}
                onBlur={blur}
              >
                {SchoolCategory.options.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
            </label>
            <label>
              <span>报告年度</span>
              <input
                type="number"
                min={2000}
                max={2100}
                value={yearText}
                onChange={(e) => {
                  setYearText(e.target.value);
                  const y = Number(e.target.value);
                  if (/^\d{4}$/.test(e.target.value.trim()) && y >= 2000 && y <= 2100) change({ reportYear: y });
                }}
                onBlur={blur}
                aria-invalid={!yearOk}
              />
            </label>
          </div>
          {!yearOk && (
            <p className="field-error" role="alert">
              报告年度应为 2000–2100 之间的年份（四位数字），未保存；仍按 {draft.reportYear} 年度。
            </p>
          )}
          <p className="muted small-print">文件位置：{session.path}</p>
        </fieldset>
      </div>
      <FrameworkCard />
    </div>
  );
}
