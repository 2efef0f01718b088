/**
 * The data view's toolbar: 导入 Excel / 导出 Excel (native dialogs in the desktop app; a path field in the browser
 * host) and 年度 — add a year column and say whether a year has graduates (graduate indicators are required only
 * in years with graduates).
 */
import { type KeyboardEvent, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReportYearInfo } from '../../core/model';
import { gridValues } from '../lib/values';
import { checkNewYear, yearsOf } from '../lib/years';
import { useApp } from '../store/app';
import { backend } from '../store/backend';
import { defaultXlsxName, exportXlsx, previewXlsxImport, useFiles } from '../store/files';

export function DataToolbar() {
  const session = useApp((s) => s.session);
  const fileCommand = useApp((s) => s.fileCommand);
  const busy = useFiles((s) => s.busy);
  const [path, setPath] = useState('');
  const [yearsOpen, setYearsOpen] = useState(false);
  const yearsToggle = useRef<HTMLButtonElement>(null);
  /** 收起 or Esc: the panel closes and its button has the focus again (the focused control inside is gone) */
  const closeYears = () => {
    setYearsOpen(false);
    yearsToggle.current?.focus();
  };
  const escCloses = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !yearsOpen || e.nativeEvent.isComposing) return;
    e.preventDefault();
    closeYears();
  };
  const values = useApp((s) => s.values);
  const recompute = useApp((s) => s.recompute);
  // derived cells whose stored copy disagrees with the formula, in any year (core/values, as the grid marks them)
  const conflicts = useMemo(() => {
    if (!session) return 0;
    const years = session.workspace.years.map((y) => y.year);
    return gridValues(values, session.framework).conflicts(years).length;
  }, [values, session]);

  // The path box shows the end of the path, the file name, when the user is not typing in it (an input shows
  // its start, which at 1093 px cut the file name off); the whole path is the box's value and its tooltip.
  const pathBox = useRef<HTMLInputElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new path (the default one arriving) moves its end
  useLayoutEffect(() => {
    const el = pathBox.current;
    if (!el) return;
    const showEnd = () => {
      if (document.activeElement !== el) el.scrollLeft = el.scrollWidth;
    };
    showEnd();
    // the box narrows with the window (and the side panel): keep its end in view
    const resized = new ResizeObserver(showEnd);
    resized.observe(el);
    // leaving the box puts it back at its start: at its end again, once the browser has done so
    const left = () => requestAnimationFrame(showEnd);
    el.addEventListener('blur', left);
    return () => {
      resized.disconnect();
      el.removeEventListener('blur', left);
    };
  }, [path]);

  useEffect(() => {
    if (backend.native) return;
    backend
      .pickSavePath(defaultXlsxName(), 'xlsx')
      .then((p) => p && setPath((cur) => cur || p))
      .catch(() => undefined);
  }, []);

  // 文件 › 导入 Excel… / 导出 Excel… from the menu (desktop app: the native dialog asks for the file).
  // Consumed once, so coming back to this view later does not run it again.
  const command = fileCommand?.command;
  useEffect(() => {
    if (command !== 'export-xlsx' && command !== 'import-xlsx') return;
    useApp.setState({ fileCommand: null });
    if (command === 'export-xlsx') void exportXlsx();
    else void previewXlsxImport();
  }, [command]);

  if (!session) return null;
  const ro = session.readOnly;
  return (
    <div className="data-toolbar">
      <div className="tool-group">
        <button
          type="button"
          className="small"
          onClick={() => void previewXlsxImport(path)}
          disabled={ro || !!busy}
          data-testid="xlsx-import"
        >
          导入 Excel{backend.native ? '…' : ''}
        </button>
        <button
          type="button"
          className="small"
          onClick={() => void exportXlsx(path)}
          disabled={!!busy}
          data-testid="xlsx-export"
        >
          导出 Excel{backend.native ? '…' : ''}
        </button>
        {!backend.native && (
          <input
            className="xlsx-path"
            ref={pathBox}
            value={path}
            title={path}
            onChange={(e) => setPath(e.target.value)}
            aria-label="Excel 文件路径"
            spellCheck={false}
          />
        )}
        {busy && <span className="muted">{busy}</span>}
        {conflicts > 0 && !ro && (
          <button
            type="button"
            className="small"
            onClick={() => void recompute()}
            title="这些自动计算的单元格保存的数值与按公式计算的结果不一致（表格、报告和校验都采用计算值）。点击后用计算值替换保存的数值，并记入修改记录。"
            data-testid="recompute-all"
          >
            按公式重新计算（{conflicts} 处）
          </button>
        )}
      </div>
      <div className="tool-group right">
        <button
          type="button"
          className={yearsOpen ? 'small on' : 'small'}
          ref={yearsToggle}
          aria-expanded={yearsOpen}
          onClick={() => setYearsOpen(!yearsOpen)}
          onKeyDown={escCloses}
          data-testid="years-toggle"
        >
          年度设置
        </button>
      </div>
      {yearsOpen && <YearsPanel onClose={closeYears} onKeyDown={escCloses} />}
    </div>
  );
}

function YearsPanel({ onClose, onKeyDown }: { onClose: () => void; onKeyDown: (e: KeyboardEvent) => void }) {
  const session = useApp((s) => s.session);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  if (!session) return null;
  const ro = session.readOnly;
  const reportYear = session.workspace.profile.reportYear;
  const stored = session.workspace.years;
  const shown = yearsOf(reportYear, stored);
  const infoOf = (y: number) => stored.find((x) => x.year === y);

  const applyYears = (years: ReportYearInfo[]) => {
    useApp.getState().patchWorkspace((s) => ({ ...s, workspace: { ...s.workspace, years } }));
    // graduate indicators become (not) required: the findings change
    void useApp.getState().revalidate();
  };

  const toggle = async (year: number, hasGraduates: boolean) => {
    const st = useApp.getState();
    const before = stored;
    const known = !!infoOf(year);
    // optimistic, like the grid: the checkbox follows the click at once; a refused save puts it back
    st.patchWorkspace((s) => ({
      ...s,
      workspace: {
        ...s.workspace,
        years: known
          ? s.workspace.years.map((y) => (y.year === year ? { ...y, hasGraduates } : y))
          : [...s.workspace.years, { year, hasGraduates, note: '' }],
      },
    }));
    const years = await st.track(
      known ? backend.updateYear(year, { hasGraduates }) : backend.addYear(year, hasGraduates),
    );
    if (years) applyYears(years);
    else st.patchWorkspace((s) => ({ ...s, workspace: { ...s.workspace, years: before } }));
  };

  const add = async () => {
    const y = checkNewYear(
      text,
      shown.filter((x) => infoOf(x)),
      reportYear,
    );
    if (typeof y === 'string') return setError(y);
    setError('');
    const years = await useApp.getState().track(backend.addYear(y, true));
    if (years) {
      applyYears(years);
      setText('');
      useApp.getState().notify('info', `已添加${y}年度`);
    }
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Esc from any control inside closes the panel
    <div className="years-panel" data-testid="years-panel" onKeyDown={onKeyDown}>
      <h4>年度</h4>
      <p className="muted">
        没有毕业生的年度（如新办学校、学制未满），毕业生相关指标不作必填要求（教职成司函〔2024〕29号）。
      </p>
      <ul>
        {shown.map((y) => {
          const info = infoOf(y);
          return (
            <li key={y} data-year={y}>
              <span className="year-name">
                {y}年{y === reportYear ? '（报告年度）' : ''}
              </span>
              <label>
                <input
                  type="checkbox"
                  checked={info?.hasGraduates ?? true}
                  disabled={ro}
                  onChange={(e) => void toggle(y, e.target.checked)}
                  aria-label={`${y}年 本年度有毕业生`}
                />
                本年度有毕业生
              </label>
            </li>
          );
        })}
      </ul>
      {!ro && (
        <div className="add-year">
          <input
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setError('');
            }}
            onKeyDown={(e) => e.key === 'Enter' && void add()}
            placeholder={`例如 ${(shown[0] ?? reportYear) - 1}`}
            aria-label="要添加的年度"
            inputMode="numeric"
            maxLength={4}
          />
          <button type="button" className="small" onClick={() => void add()}>
            添加年度
          </button>
        </div>
      )}
      {error && <p className="field-error">{error}</p>}
      <button type="button" className="link-btn" onClick={onClose}>
        收起
      </button>
    </div>
  );
}
