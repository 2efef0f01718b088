/**
 * Editions in the page: 新建下一年度报告 (from the open workspace or a file picked on the start page), the open
 * workspace's framework and 版本说明 with a newer edition's one-step upgrade, a province's framework file, and the
 * 上一年度参考 side pane of the writing view. Its own store (the writing store belongs to the editor and its undo).
 */
import { create } from 'zustand';
import type { FrameworkInfo, FrameworkSwitchOut } from '../../core/api';
import type { OutlineOptional } from '../../core/report/chapter-numbers';
import { api } from '../api/client';
import { useApp } from './app';
import { flushAllSaves } from './autosave';
import { backend } from './backend';

export interface NextYearForm {
  /** last year's file; '' = ask (start page) */
  source: string;
  /** what the form says about it (the open school, or the file picked) */
  sourceLabel: string;
  sourceYear: number | null;
}

interface EditionsState {
  info: FrameworkInfo | null;
  /** the 新建下一年度报告 dialog (null: closed) */
  nextYear: NextYearForm | null;
  /** what the last 新建下一年度报告 or upgrade did, shown once in a dialog */
  report: { title: string; lines: string[] } | null;
  /** a planned framework switch waiting for 确认 (upgrade or a province's file) */
  pendingSwitch: { kind: 'upgrade' | 'use'; path?: string; preview: FrameworkSwitchOut } | null;
  /** the 上一年度参考 pane is open */
  referenceOpen: boolean;
  busy: string | null;
}

/** Narrow windows start with the reference pane folded (the editor needs the width); wide ones with it open. */
const WIDE = 1280;

export const useEditions = create<EditionsState>(() => ({
  info: null,
  nextYear: null,
  report: null,
  pendingSwitch: null,
  referenceOpen: typeof window === 'undefined' || window.innerWidth >= WIDE,
  busy: null,
}));

const errText = (e: unknown) => (e instanceof Error && e.message ? e.message : '操作失败，请重试');
const notify = (kind: 'error' | 'info', text: string) => useApp.getState().notify(kind, text);

/**
 * The open workspace's outline as the chapter-number rule reads it (core/report/chapter-numbers.ts); undefined until
 * framework.info has answered (the places then number by the school outline).
 */
export function outlineOptional(info: FrameworkInfo | null | undefined): OutlineOptional | undefined {
  const o = info?.outline;
  return o ? { preface: { key: o.prefaceKey }, chapters: o.chapters } : undefined;
}

/** Reads the open workspace's framework, outline and 版本说明 (after opening, upgrading, switching). */
export async function loadFrameworkInfo(): Promise<void> {
  if (!useApp.getState().session) {
    useEditions.setState({ info: null });
    return;
  }
  try {
    useEditions.setState({ info: await api.must('framework.info', {}) });
  } catch (e) {
    useEditions.setState({ info: null });
    notify('error', errText(e));
  }
}

/** Opens the 新建下一年度报告 form: from the open workspace, or (start page) from a file to pick. */
export function openNextYear(): void {
  const s = useApp.getState().session;
  useEditions.setState({
    nextYear: s
      ? { source: s.path, sourceLabel: s.workspace.profile.name, sourceYear: s.workspace.profile.reportYear }
      : { source: '', sourceLabel: '', sourceYear: null },
  });
}

export function closeNextYear(): void {
  useEditions.setState({ nextYear: null });
}

/** The native open dialog (Electron) or the host's queued answer: last year's file. */
export async function pickLastYear(): Promise<string | null> {
  return backend.pickOpenPath('workspace');
}

function fileNameFor(name: string, year: number): string {
  const clean = name.replace(/[/\\:*?"<>|]/g, '').trim() || '学校';
  return `${clean}（${year}年度）.qar`;
}

/** The save dialog's suggestion for the new file. */
export async function pickNextYearTarget(name: string, year: number): Promise<string | null> {
  return backend.pickSavePath(fileNameFor(name, year), 'workspace');
}

/**
 * Makes next year's workspace and opens it. Last year's file is only read; pending edits of the open workspace
 * are saved first.
 */
export async function createNextYear(input: { source: string; path: string; year?: number; withPhotos: boolean }) {
  flushAllSaves();
  useEditions.setState({ busy: '正在新建下一年度报告…' });
  let lines: string[] = [];
  const ok = await useApp.getState().enter(async () => {
    const r = await api.must('workspace.nextYear', {
      source: input.source,
      path: input.path,
      withPhotos: input.withPhotos,
      ...(input.year ? { year: input.year } : {}),
    });
    lines = r.lines;
    const session = await backend.current();
    if (!session) throw new Error('新工作区未能打开');
    return session;
  }, '正在新建下一年度报告…');
  useEditions.setState({ busy: null });
  if (ok) {
    const s = useApp.getState().session;
    useEditions.setState({
      nextYear: null,
      referenceOpen: window.innerWidth >= WIDE,
      report: { title: `已新建 ${s?.workspace.profile.reportYear ?? ''}年度报告`, lines },
    });
    useApp.getState().setView('writing');
    await loadFrameworkInfo();
  }
  return ok;
}

/** Step 1 of an upgrade or a province's file: what would happen (nothing is written). */
export async function previewSwitch(kind: 'upgrade' | 'use', path?: string): Promise<void> {
  flushAllSaves();
  useEditions.setState({ busy: kind === 'upgrade' ? '正在比对新年度的指标体系…' : '正在检查指标体系文件…' });
  try {
    const preview =
      kind === 'upgrade'
        ? await api.must('framework.upgrade', { dryRun: true })
        : await api.must('framework.use', { path: path ?? '', dryRun: true });
    useEditions.setState({ pendingSwitch: { kind, ...(path ? { path } : {}), preview } });
  } catch (e) {
    notify('error', errText(e));
  } finally {
    useEditions.setState({ busy: null });
  }
}

/** Step 2 (确认): switch, then re-read the workspace, its findings and the framework. */
export async function confirmSwitch(): Promise<void> {
  const p = useEditions.getState().pendingSwitch;
  if (!p) return;
  useEditions.setState({ busy: '正在更换指标体系…' });
  try {
    const r =
      p.kind === 'upgrade'
        ? await api.must('framework.upgrade', { to: p.preview.framework.id, dryRun: false })
        : await api.must('framework.use', { path: p.path ?? '', dryRun: false });
    useEditions.setState({
      pendingSwitch: null,
      // named in the lines (「title」（版本 …）); the id means nothing to the school
      report: {
        title: p.kind === 'upgrade' ? `已升级到${r.framework.edition}的指标体系` : '已使用新的指标体系',
        lines: r.lines,
      },
    });
    // the framework changed under the session: read it again whole
    const session = await backend.current();
    if (session) useApp.setState({ session });
    await useApp.getState().reload({ clearUndo: true });
    await loadFrameworkInfo();
  } catch (e) {
    notify('error', errText(e));
  } finally {
    useEditions.setState({ busy: null });
  }
}

export function cancelSwitch(): void {
  useEditions.setState({ pendingSwitch: null });
}

export function closeReport(): void {
  useEditions.setState({ report: null });
}

export function toggleReference(): void {
  useEditions.setState((s) => ({ referenceOpen: !s.referenceOpen }));
}

/** Copies text to the clipboard; says so (or why not). */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    notify('info', '已复制到剪贴板');
  } catch {
    notify('error', '无法访问剪贴板，请选中文字后按 Ctrl+C 复制');
  }
}
