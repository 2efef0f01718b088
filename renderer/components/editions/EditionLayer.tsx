/**
 * The editions' dialogs, wherever the user is: 新建下一年度报告, what it (or an upgrade) did, and the preview of a
 * framework switch waiting for 确认. Also keeps the open workspace's framework info current.
 */
import { useEffect } from 'react';
import { frameworkName } from '../../../core/framework/name';
import { useApp } from '../../store/app';
import {
  cancelSwitch,
  closeReport,
  confirmSwitch,
  loadFrameworkInfo,
  previewSwitch,
  useEditions,
} from '../../store/editions';
import { Dialog } from '../Dialog';
import { NextYearDialog } from './NextYearDialog';

/**
 * The host's report lines (core/workspace/next-year.ts describeNextYear): a line indented with spaces belongs to
 * the line before it (「未带入 … 项数据：」 and its reasons), so it is listed under it, not as a point of its own.
 */
function EditionLines({ lines }: { lines: string[] }) {
  const items: { text: string; sub: string[] }[] = [];
  for (const l of lines) {
    const last = items[items.length - 1];
    if (/^\s/.test(l) && last) last.sub.push(l.trim());
    else items.push({ text: l.trim(), sub: [] });
  }
  return (
    <ul className="edition-lines">
      {items.map((it, i) => (
        // the same line may come twice; the order is fixed
        // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list, never reordered
        <li key={i}>
          {it.text}
          {it.sub.length > 0 && (
            <ul>
              {it.sub.map((t, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: as above
                <li key={j}>{t}</li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}

export function EditionLayer() {
  const path = useApp((s) => s.session?.path ?? null);
  const report = useEditions((s) => s.report);
  const pending = useEditions((s) => s.pendingSwitch);
  const busy = useEditions((s) => s.busy);

  // re-read whenever another workspace is opened (the path is what changes)
  useEffect(() => {
    if (path !== undefined) void loadFrameworkInfo();
  }, [path]);

  return (
    <>
      <NextYearDialog />
      {report && (
        <Dialog title={report.title} cancelLabel="知道了" onCancel={closeReport} testId="edition-report">
          <EditionLines lines={report.lines} />
        </Dialog>
      )}
      {pending && (
        <Dialog
          title={pending.kind === 'upgrade' ? '升级到新年度的指标体系' : '使用指标体系文件'}
          confirmLabel={pending.kind === 'upgrade' ? '升级' : '使用'}
          busy={!!busy}
          onConfirm={() => void confirmSwitch()}
          onCancel={cancelSwitch}
          testId="switch-preview"
        >
          <p className="muted">以下是将要发生的变化（尚未修改文件）。数据不会被删除：无法对应的数值仍保存在文件中。</p>
          <EditionLines lines={pending.preview.lines} />
          {pending.preview.framework.releaseNotes.length > 0 && (
            <>
              <h4>版本说明</h4>
              <ReleaseNotes notes={pending.preview.framework.releaseNotes} />
            </>
          )}
        </Dialog>
      )}
    </>
  );
}

const CONFIDENCE: Record<string, string> = { C: '已核实', P: '部分核实', U: '待核实' };

/** 版本说明 lines, each with how sure it is (待核实 in the warning colour). */
export function ReleaseNotes({ notes }: { notes: readonly { text: string; confidence: string }[] }) {
  return (
    <ul className="release-notes">
      {notes.map((n) => (
        <li key={n.text}>
          <span className={`conf conf-${n.confidence}`}>{CONFIDENCE[n.confidence] ?? n.confidence}</span>
          {n.text}
        </li>
      ))}
    </ul>
  );
}

/** Above every view: the workspace's report year has a newer builtin edition than the one it follows. */
export function EditionBanner() {
  const info = useEditions((s) => s.info);
  const ro = useApp((s) => s.session?.readOnly ?? true);
  if (!info?.newer) return null;
  return (
    <div className="banner warn" role="status" data-testid="edition-banner">
      <strong>新年度版本</strong>
      本工作区是 {info.reportYear}年度报告，使用的是指标体系{frameworkName(info.framework)}；已有新年度的版本
      {frameworkName(info.newer)}。
      {!ro && (
        <button type="button" className="small" onClick={() => void previewSwitch('upgrade')}>
          查看变化并升级…
        </button>
      )}
    </div>
  );
}
