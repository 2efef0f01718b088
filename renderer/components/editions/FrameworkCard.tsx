/**
 * 指标体系 on the 学校信息 page: which framework the workspace follows (builtin, or a province's file stored in
 * it), its 版本说明 and the outline's, where the workspace came from, and the actions: 新建下一年度报告, the
 * one-step upgrade to a newer edition, and 使用指标体系文件 (a province's or district's .json / Excel form).
 */
import { useState } from 'react';
import { frameworkName } from '../../../core/framework/name';
import { useApp } from '../../store/app';
import { backend } from '../../store/backend';
import { openNextYear, previewSwitch, useEditions } from '../../store/editions';
import { ReleaseNotes } from './EditionLayer';

export function FrameworkCard() {
  const info = useEditions((s) => s.info);
  const busy = useEditions((s) => s.busy);
  const ro = useApp((s) => s.session?.readOnly ?? true);
  const [path, setPath] = useState('');
  if (!info) return null;
  const fw = info.framework;

  const chooseFile = async () => {
    let p = path.trim();
    if (backend.native) {
      const picked = await backend.pickOpenPath('framework');
      if (!picked) return;
      p = picked;
    }
    if (!/\.(json|xlsx)$/i.test(p)) {
      useApp.getState().notify('error', '指标体系文件须以 .json 或 .xlsx 结尾');
      return;
    }
    await previewSwitch('use', p);
  };

  return (
    <div className="card narrow framework-card" data-testid="framework-card">
      <h2>指标体系与版本</h2>
      <p>
        <strong>{fw.title}</strong>
        <br />
        {/* the ids (cn-2025-gaozhi) mean nothing to a school's editors: on hover only, for whoever supports them */}
        <span className="muted" title={`编号 ${fw.id}${fw.basedOn ? `；依据 ${fw.basedOn}` : ''}`}>
          {fw.edition} · 版本 {fw.version} · {fw.kind}
          {fw.source === 'stored'
            ? ` · 保存在本工作区中（来自「${fw.sourceName || fw.title}」，校验值 ${fw.sha256.slice(0, 12)}…）`
            : ' · 程序内置'}
        </span>
      </p>
      {info.newer && (
        <p className="field-error">
          本工作区是 {info.reportYear}年度报告，已有新年度的指标体系{frameworkName(info.newer)}。
        </p>
      )}
      {fw.releaseNotes.length > 0 && (
        <>
          <h3 className="sub">版本说明</h3>
          <ReleaseNotes notes={fw.releaseNotes} />
        </>
      )}
      {info.outline.releaseNotes.length > 0 && (
        <>
          <h3 className="sub">报告提纲（{info.outline.edition}）</h3>
          <ReleaseNotes notes={info.outline.releaseNotes} />
        </>
      )}
      {info.origin && (
        <p className="muted small-print">
          本工作区由「{info.origin.fileName}」（{info.origin.school}，{info.origin.year}年度，校验值{' '}
          {info.origin.sha256.slice(0, 12)}…）新建。
        </p>
      )}
      <div className="form-actions wrap">
        <button type="button" onClick={openNextYear} disabled={!!busy} data-testid="open-next-year">
          新建下一年度报告…
        </button>
        {info.newer && !ro && (
          <button type="button" onClick={() => void previewSwitch('upgrade')} disabled={!!busy}>
            升级到 {info.newer.edition}…
          </button>
        )}
      </div>
      {!ro && (
        <div className="form">
          <h3 className="sub">使用省市发布的指标体系</h3>
          <p className="muted small-print">
            省、市或区县发布的指标体系文件（.json，或其 Excel 形式
            .xlsx）会先完整检查，再保存到本工作区中；审阅时按它校验。
          </p>
          {!backend.native && (
            <label>
              <span>指标体系文件</span>
              <input
                value={path}
                onChange={(e) => setPath(e.target.value)}
                spellCheck={false}
                data-testid="framework-path"
              />
            </label>
          )}
          <div className="form-actions">
            <button type="button" onClick={() => void chooseFile()} disabled={!!busy}>
              {backend.native ? '选择指标体系文件…' : '检查并使用'}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
