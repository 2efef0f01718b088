/**
 * First screen: open the demo school (the quickest way in), create a workspace, open a file, or pick one of
 * the recently opened. In Electron paths come from native dialogs; in the browser host they are text fields
 * pre-filled with a path in the host's output folder.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { SchoolCategory, type SchoolLevel } from '../../core/model';
import { likelyReportYear } from '../../core/report/season';
import { NextYearCard } from '../components/editions/NextYearDialog';
import { formatDateTime } from '../lib/time';
import { useApp } from '../store/app';
import { backend } from '../store/backend';
import { ReviewEntryCard } from './review/ReviewEntryCard';

const CATEGORIES = SchoolCategory.options;
const LEVELS: SchoolLevel[] = ['高职', '中职'];

function fileNameFor(school: string): string {
  const clean = school.replace(/[/\\:*?"<>|]/g, '').trim();
  return `${clean || '新建学校'}.qar`;
}

function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : path;
}

export function StartPage() {
  const recent = useApp((s) => s.recent);
  const busy = useApp((s) => s.busy);
  const loadRecent = useApp((s) => s.loadRecent);
  const enter = useApp((s) => s.enter);
  const openHelp = useApp((s) => s.openHelp);
  const setAboutOpen = useApp((s) => s.setAboutOpen);
  const [folder, setFolder] = useState('');
  const [name, setName] = useState('');
  const [level, setLevel] = useState<SchoolLevel>('高职');
  const [category, setCategory] = useState<SchoolCategory>('工科');
  // the year being written now (November 2026: 2026年度), not always last year
  const [year, setYear] = useState(() => likelyReportYear());
  const [path, setPath] = useState('');
  const [pathTouched, setPathTouched] = useState(false);
  const [openPath, setOpenPath] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [formError, setFormError] = useState('');

  useEffect(() => {
    void loadRecent();
    if (!backend.native) {
      // the browser host answers with a path in its output folder: a sensible default for the text fields
      backend
        .pickSavePath('新建学校.qar', 'workspace')
        .then((p) => p && setFolder(dirOf(p)))
        .catch(() => setFolder(''));
    }
  }, [loadRecent]);

  useEffect(() => {
    if (!pathTouched && folder) setPath(joinPath(folder, fileNameFor(name)));
  }, [folder, name, pathTouched]);

  const openDemo = async () => {
    let dir = folder;
    if (backend.native || !dir) {
      const p = await backend.pickSavePath('示例学校.qar', 'workspace');
      if (!p) return;
      dir = dirOf(p);
    }
    await enter(() => backend.openDemo(dir), '正在打开示例学校…');
  };

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setFormError('');
    if (!name.trim()) return setFormError('请填写学校名称');
    let target = path.trim();
    if (backend.native) {
      const p = await backend.pickSavePath(fileNameFor(name), 'workspace');
      if (!p) return;
      target = p;
    }
    if (!target) return setFormError('请填写保存位置');
    if (!target.endsWith('.qar')) return setFormError('保存位置须以 .qar 结尾');
    let note = '';
    const ok = await enter(async () => {
      const s = await backend.create({ path: target, name: name.trim(), level, category, reportYear: year });
      note = s.note;
      return s;
    }, '正在新建工作区…');
    // which edition of the framework the report year got (2025年度 → cn-2025-…), said once
    if (ok && note) useApp.getState().notify('info', note);
  };

  const open = async (p?: string, ro = readOnly) => {
    let target = p ?? openPath.trim();
    if (!p && backend.native) {
      const picked = await backend.pickOpenPath();
      if (!picked) return;
      target = picked;
    }
    if (!target) return useApp.getState().notify('error', '请填写要打开的文件路径');
    await enter(() => backend.open(target, ro), '正在打开…');
  };

  return (
    <div className="start">
      <header className="start-head">
        <div className="start-logo" aria-hidden="true">
          质
        </div>
        <div>
          <h1>质量年报工作台</h1>
          <p className="muted">职业学校质量年度报告：数据填报、指标校验、报告撰写与 Word 导出</p>
        </div>
        <button
          type="button"
          className="start-help icon-btn help-btn"
          onClick={() => openHelp()}
          data-testid="start-help"
        >
          ？ 使用说明
        </button>
      </header>

      {busy && (
        <div className="busy-line" role="status">
          {busy}
        </div>
      )}

      <div className="start-grid">
        <section className="card demo-card">
          <h2>第一次使用？</h2>
          <p>
            打开一所示例学校，看看填好的六张指标表、校验结果和一份写好的年度报告。示例会另存为一个新文件，随意修改不影响其他工作区。
          </p>
          <button type="button" className="primary big" onClick={() => void openDemo()} disabled={!!busy}>
            打开示例学校
          </button>
        </section>

        <section className="card">
          <h2>新建工作区</h2>
          <form className="form" onSubmit={(e) => void create(e)}>
            <label>
              <span>学校名称</span>
              <input
                id="new-school-name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="例如：重庆某某职业技术学院"
                maxLength={100}
              />
            </label>
            <div className="form-row">
              <label>
                <span>办学层次</span>
                <select value={level} onChange={(e) => setLevel(e.target.value as SchoolLevel)}>
                  {LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {l}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>学校类别</span>
                <select value={category} onChange={(e) => setCategory(e.target.value as SchoolCategory)}>
                  {CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span>报告年度</span>
                <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
                  {[0, 1, 2, 3].map((d) => {
                    const y = new Date().getFullYear() - d;
                    return (
                      <option key={y} value={y}>
                        {y}年度
                      </option>
                    );
                  })}
                </select>
              </label>
            </div>
            {!backend.native && (
              <label>
                <span>保存位置</span>
                <input
                  value={path}
                  onChange={(e) => {
                    setPath(e.target.value);
                    setPathTouched(true);
                  }}
                  placeholder="/path/学校名称.qar"
                  spellCheck={false}
                />
              </label>
            )}
            {formError && <p className="field-error">{formError}</p>}
            <div className="form-actions">
              <button type="submit" className="primary" disabled={!!busy}>
                {backend.native ? '选择保存位置并新建…' : '新建'}
              </button>
            </div>
          </form>
        </section>

        <section className="card">
          <h2>打开</h2>
          {backend.native ? (
            <div className="form">
              <label className="check">
                <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
                以只读方式打开（审阅）
              </label>
              <div className="form-actions">
                <button type="button" onClick={() => void open()} disabled={!!busy}>
                  选择文件…
                </button>
              </div>
            </div>
          ) : (
            <form
              className="form"
              onSubmit={(e) => {
                e.preventDefault();
                void open();
              }}
            >
              <label>
                <span>文件路径（.qar）</span>
                <input
                  value={openPath}
                  onChange={(e) => setOpenPath(e.target.value)}
                  spellCheck={false}
                  placeholder={folder ? joinPath(folder, '学校.qar') : ''}
                />
              </label>
              <label className="check">
                <input type="checkbox" checked={readOnly} onChange={(e) => setReadOnly(e.target.checked)} />
                以只读方式打开（审阅）
              </label>
              <div className="form-actions">
                <button type="submit" disabled={!!busy}>
                  打开
                </button>
              </div>
            </form>
          )}

          <h3 className="sub">最近打开</h3>
          {recent.length === 0 ? (
            <p className="muted empty">还没有打开过的工作区。</p>
          ) : (
            <ul className="recent">
              {recent.map((r) => (
                <li key={r.path}>
                  <button type="button" className="recent-item" onClick={() => void open(r.path, false)} title={r.path}>
                    <strong>{r.name}</strong>
                    <span className="muted path">{r.path}</span>
                    <span className="muted when">{formatDateTime(r.openedAt)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>

        <NextYearCard />
        <ReviewEntryCard />
      </div>
      <footer className="start-foot muted">
        所有数据只保存在本机的工作区文件中，一个学校一个文件；复制文件即可提交。
        <button type="button" className="link-btn" onClick={() => openHelp()}>
          使用说明
        </button>
        <button type="button" className="link-btn" onClick={() => setAboutOpen(true)}>
          关于
        </button>
      </footer>
    </div>
  );
}
