/**
 * File tools of the school editor: 导出 Excel, 导入 Excel (a dry run first, shown as a preview; written only on
 * 确认导入) and 导入审核意见. In Electron the path comes from the native dialog; in the browser host the views
 * pass the path typed in their text field.
 */
import { create } from 'zustand';
import { useApp } from './app';
import { flushAllSaves } from './autosave';
import { backend } from './backend';
import type { XlsxImportResult } from './types';

export interface XlsxPreview {
  path: string;
  result: XlsxImportResult;
}

interface FilesState {
  preview: XlsxPreview | null;
  /** Chinese text of the running operation, e.g. 正在读取工作簿… */
  busy: string | null;
}

export const useFiles = create<FilesState>(() => ({ preview: null, busy: null }));

const errText = (e: unknown) => (e instanceof Error && e.message ? e.message : '操作失败，请重试');
const notify = (kind: 'error' | 'info', text: string) => useApp.getState().notify(kind, text);

/** The path to use: the native dialog's in Electron, else the typed one (checked for its extension). */
async function resolvePath(
  typed: string | undefined,
  pick: () => Promise<string | null>,
  ext: string,
  what: string,
): Promise<string | null> {
  if (backend.native) return pick();
  const p = (typed ?? '').trim();
  if (!p) {
    notify('error', `请填写${what}的路径`);
    return null;
  }
  if (!p.toLowerCase().endsWith(ext)) {
    notify('error', `${what}须以 ${ext} 结尾`);
    return null;
  }
  return p;
}

export function defaultXlsxName(): string {
  const p = useApp.getState().session?.workspace.profile;
  return `${p?.name ?? '学校'}指标数据（${p?.reportYear ?? ''}年度）.xlsx`;
}

export async function exportXlsx(typed?: string): Promise<string | null> {
  flushAllSaves();
  const path = await resolvePath(typed, () => backend.pickSavePath(defaultXlsxName(), 'xlsx'), '.xlsx', 'Excel 文件');
  if (!path) return null;
  useFiles.setState({ busy: '正在导出 Excel…' });
  try {
    const r = await backend.exportXlsx(path);
    notify('info', `已导出 Excel：${r.path}`);
    return r.path;
  } catch (e) {
    notify('error', errText(e));
    return null;
  } finally {
    useFiles.setState({ busy: null });
  }
}

/** Step 1: read the workbook and list what would change (nothing is written). */
export async function previewXlsxImport(typed?: string): Promise<void> {
  const st = useApp.getState();
  if (st.session?.readOnly) return notify('error', '此工作区为只读，不能导入数据');
  flushAllSaves();
  const path = await resolvePath(typed, () => backend.pickOpenPath('xlsx'), '.xlsx', 'Excel 文件');
  if (!path) return;
  useFiles.setState({ busy: '正在读取工作簿…' });
  try {
    const result = await backend.importXlsx(path, true);
    useFiles.setState({ preview: { path, result } });
  } catch (e) {
    notify('error', errText(e));
  } finally {
    useFiles.setState({ busy: null });
  }
}

/** Step 2 (确认导入): write the previewed workbook, then refresh the grid and the findings. */
export async function confirmXlsxImport(): Promise<void> {
  const preview = useFiles.getState().preview;
  if (!preview) return;
  useFiles.setState({ busy: '正在导入…' });
  try {
    const r = await useApp.getState().track(backend.importXlsx(preview.path, false));
    if (!r) return;
    if (r.problems.length > 0) {
      // the file changed since the preview: show the new problems instead
      useFiles.setState({ preview: { path: preview.path, result: r } });
      return;
    }
    useFiles.setState({ preview: null });
    await useApp.getState().reload();
    notify('info', `已从 Excel 导入 ${r.written} 个数值`);
  } finally {
    useFiles.setState({ busy: null });
  }
}

export function cancelXlsxImport(): void {
  useFiles.setState({ preview: null });
}

export async function importCommentsFile(typed?: string): Promise<void> {
  const st = useApp.getState();
  if (st.session?.readOnly) return notify('error', '此工作区为只读，不能导入审核意见');
  const path = await resolvePath(typed, () => backend.pickOpenPath('json'), '.json', '审核意见文件');
  if (!path) return;
  useFiles.setState({ busy: '正在导入审核意见…' });
  try {
    const r = await backend.importComments(path);
    await useApp.getState().reload({ clearUndo: false });
    useApp.getState().showComments(null);
    notify(
      'info',
      `已导入审核意见：新增 ${r.added} 条${r.skipped ? `，已有 ${r.skipped} 条跳过` : ''}${r.resolved ? `，${r.resolved} 条已由审核人标记解决` : ''}`,
    );
  } catch (e) {
    notify('error', errText(e));
  } finally {
    useFiles.setState({ busy: null });
  }
}
