/**
 * The district reviewer's screen (区县审核): which files to review, the last review (matrix, aggregates,
 * findings, file list), the reviewer's review file with its comments, and the exports. Schools' .qar files are
 * only read; every comment is written into the reviewer's own review file right away.
 */
import { create } from 'zustand';
import type { ReviewCommentTarget, ReviewFileState, ReviewRunOut } from '../../core/api/review-contract';
import { districtNameOf } from '../../core/review/district-name';
import { DEFAULT_MATRIX_FILTER, type MatrixFilter } from '../views/review/matrix-model';
import { useApp } from './app';
import { backend, reviewBackend } from './backend';

export type ReviewTab = 'matrix' | 'summary' | 'findings' | 'files';
export type CommentsFormat = 'docx' | 'xlsx' | 'json';
export const COMMENTS_FORMAT_LABEL: Readonly<Record<CommentsFormat, string>> = {
  docx: 'Word 文档',
  xlsx: 'Excel 表格',
  json: '导入用数据文件',
};

/** What the 添加审核意见 dialog is about: a school, where in it, and a line saying so. */
export interface CommentDraft {
  schoolIndex: number;
  target: ReviewCommentTarget;
  /** e.g. 「专职辅导员与全日制在校生比例不低于1:200」 */
  about: string;
}

export interface DistrictResult {
  out: string;
  save: string | null;
  title: string;
  schools: number;
  charts: number;
  cases: number;
  appendixTables: number;
  /** schools of one level on different frameworks or versions: the draft follows the majority's */
  frameworkWarnings?: string[];
}

interface ReviewState {
  /** the review screen is shown instead of the start page */
  active: boolean;
  /** one path a line: .qar files or folders */
  inputText: string;
  year: string;
  result: ReviewRunOut | null;
  /** the paths the result was made from (the district draft uses the same) */
  reviewedPaths: string[];
  tab: ReviewTab;
  /** the compliance matrix's filters and grouping (kept while switching tabs) */
  matrixFilter: MatrixFilter;
  schoolIndex: number;
  reviewFile: ReviewFileState | null;
  reviewer: string;
  draft: CommentDraft | null;
  districtOpen: boolean;
  district: DistrictResult | null;
  /** Chinese text of the running operation */
  busy: string | null;
  /** the last files written, newest first (shown so the browser host's paths are visible) */
  written: { label: string; path: string }[];
}

const initial = {
  inputText: '',
  year: '',
  result: null,
  reviewedPaths: [],
  tab: 'matrix' as ReviewTab,
  matrixFilter: DEFAULT_MATRIX_FILTER,
  schoolIndex: 0,
  draft: null,
  districtOpen: false,
  district: null,
  busy: null,
  written: [],
};

export const useReview = create<ReviewState>(() => ({
  active: false,
  reviewFile: null,
  reviewer: '',
  ...initial,
}));

const set = useReview.setState;
const get = useReview.getState;
const errText = (e: unknown) => (e instanceof Error && e.message ? e.message : '操作失败，请重试');
const notify = (kind: 'error' | 'info', text: string) => useApp.getState().notify(kind, text);

/** The review file's key of a school: its code when it has one, else its name (as core/review/comments does). */
export function schoolKey(r: ReviewRunOut, schoolIndex: number): string {
  const s = r.schools[schoolIndex];
  return s ? s.code.trim() || s.name : '';
}

export function splitPaths(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

async function withBusy<T>(text: string, fn: () => Promise<T>): Promise<T | undefined> {
  set({ busy: text });
  try {
    return await fn();
  } catch (e) {
    notify('error', errText(e));
    return undefined;
  } finally {
    set({ busy: null });
  }
}

function remember(label: string, path: string): void {
  set((s) => ({ written: [{ label, path }, ...s.written.filter((w) => w.path !== path)].slice(0, 8) }));
}

/**
 * Where to write: the native dialog in Electron; in the browser host a free name in its output folder (the host's
 * answer to pickSave never overwrites), so the e2e test drives the same buttons.
 */
function savePath(name: string, purpose: 'json' | 'docx' | 'xlsx' | 'workspace' | 'comments'): Promise<string | null> {
  return reviewBackend.pickSavePath(name, purpose);
}

export const review = {
  enter(): void {
    set({ active: true });
  },
  exit(): void {
    set({ active: false });
  },
  setInputText(inputText: string): void {
    set({ inputText });
  },
  /** Electron: multi-select .qar files or a folder; adds them to the list. */
  async pick(kind: 'qar-files' | 'folder'): Promise<void> {
    try {
      const paths = await reviewBackend.pickInputs(kind);
      if (paths.length === 0) return;
      const have = splitPaths(get().inputText);
      set({ inputText: [...have, ...paths.filter((p) => !have.includes(p))].join('\n') });
    } catch (e) {
      notify('error', errText(e));
    }
  },

  async run(): Promise<void> {
    const paths = splitPaths(get().inputText);
    if (paths.length === 0) return notify('error', '请先选择或填写要审核的学校文件（.qar）或文件夹');
    const y = get().year.trim();
    if (y && !/^\d{4}$/.test(y)) return notify('error', '审核年度应为四位数字，例如 2024');
    const result = await withBusy('正在审核（只读打开各校文件）…', () =>
      reviewBackend.run(paths, y ? Number(y) : undefined),
    );
    if (!result) return;
    set({ result, reviewedPaths: paths, schoolIndex: 0, tab: 'matrix', district: null });
    notify('info', `${result.line}。`);
    // the review file learns the reviewed schools when it is open; a new one is offered on the first comment
    const rf = get().reviewFile;
    if (rf) await review.openReviewFile(rf.path);
  },

  setTab(tab: ReviewTab): void {
    set({ tab });
  },
  setMatrixFilter(patch: Partial<MatrixFilter>): void {
    set((s) => ({ matrixFilter: { ...s.matrixFilter, ...patch } }));
  },
  selectSchool(schoolIndex: number, tab: ReviewTab = 'findings'): void {
    set({ schoolIndex, tab });
  },
  setReviewer(reviewer: string): void {
    set({ reviewer });
  },

  // review file ----------------------------------------------------------------------------------
  async openReviewFile(path: string): Promise<boolean> {
    const p = path.trim();
    if (!p.toLowerCase().endsWith('.json')) {
      notify('error', '审核意见文件须以 .json 结尾');
      return false;
    }
    const st = await withBusy('正在打开审核意见文件…', () => reviewBackend.openFile(p, get().reviewer || undefined));
    if (!st) return false;
    set({ reviewFile: st, reviewer: get().reviewer || st.file.reviewer });
    return true;
  },
  /** 打开已有的审核意见文件 (Electron dialog). */
  async pickReviewFile(): Promise<void> {
    const p = await reviewBackend.pickReviewFile().catch(() => null);
    if (p) await review.openReviewFile(p);
  },
  /** A review file to write into: the open one, else a new one (dialog / the host's output folder). */
  async ensureReviewFile(): Promise<boolean> {
    if (get().reviewFile) return true;
    const r = get().result;
    const p = await savePath(`审核意见（${r?.year ?? ''}年度）.json`, 'json').catch(() => null);
    if (!p) return false;
    return review.openReviewFile(p);
  },

  // comments -------------------------------------------------------------------------------------
  startComment(draft: CommentDraft): void {
    set({ draft });
  },
  cancelComment(): void {
    set({ draft: null });
  },
  async addComment(body: string): Promise<boolean> {
    const { draft, result, reviewer } = get();
    if (!draft || !result) return false;
    if (!body.trim()) {
      notify('error', '审核意见不能为空');
      return false;
    }
    if (!(await review.ensureReviewFile())) return false;
    const st = await withBusy('正在保存审核意见…', () =>
      reviewBackend.addComment(schoolKey(result, draft.schoolIndex), draft.target, body.trim(), reviewer || undefined),
    );
    if (!st) return false;
    set({ reviewFile: st, draft: null });
    notify('info', `已添加审核意见，已保存到 ${st.path}`);
    return true;
  },
  async reply(schoolIndex: number, parentId: string, body: string): Promise<boolean> {
    const { result, reviewer } = get();
    if (!result || !body.trim()) return false;
    const st = await withBusy('正在保存回复…', () =>
      reviewBackend.reply(schoolKey(result, schoolIndex), parentId, body.trim(), reviewer || undefined),
    );
    if (st) set({ reviewFile: st });
    return !!st;
  },
  async resolve(schoolIndex: number, id: string, resolved: boolean): Promise<void> {
    const { result } = get();
    if (!result) return;
    const st = await withBusy('正在保存…', () => reviewBackend.resolve(schoolKey(result, schoolIndex), id, resolved));
    if (st) set({ reviewFile: st });
  },

  // exports --------------------------------------------------------------------------------------
  async exportSummary(kind: 'xlsx' | 'docx'): Promise<void> {
    const r = get().result;
    if (!r) return;
    const p = await savePath(`审核汇总（${r.year}年度）.${kind}`, kind).catch(() => null);
    if (!p) return;
    const out = await withBusy(`正在导出审核汇总（${kind === 'xlsx' ? 'Excel' : 'Word'}）…`, () =>
      reviewBackend.exportSummary(p),
    );
    if (!out) return;
    remember(kind === 'xlsx' ? '审核汇总（Excel）' : '审核汇总（Word）', out.path);
    notify('info', `已导出审核汇总：${out.path}`);
  },
  /**
   * 导出该校审核意见: Word / Excel to read (places in words), or the .json the school imports. The save dialog
   * offers all three formats, the chosen one first; the file's extension decides.
   */
  async exportComments(schoolIndex: number, format: CommentsFormat): Promise<void> {
    const r = get().result;
    const s = r?.schools[schoolIndex];
    if (!r || !s) return;
    if (!get().reviewFile) return notify('error', '该校还没有审核意见，请先添加审核意见');
    const p = await savePath(`${s.name}审核意见.${format}`, 'comments').catch(() => null);
    if (!p) return;
    const out = await withBusy('正在导出该校审核意见…', () =>
      reviewBackend.exportComments(schoolKey(r, schoolIndex), p),
    );
    if (!out) return;
    const what = COMMENTS_FORMAT_LABEL[out.format];
    remember(`${s.name}审核意见（${what}，${out.count} 条）`, out.path);
    notify(
      'info',
      out.format === 'json'
        ? `已导出「${s.name}」的审核意见 ${out.count} 条：${out.path}（发给学校，在学校工作区中「导入审核意见」）`
        : `已导出「${s.name}」的审核意见 ${out.count} 条（${what}）：${out.path}`,
    );
  },

  setDistrictOpen(districtOpen: boolean): void {
    set({ districtOpen });
  },
  async buildDistrict(opts: { name: string; save: boolean }): Promise<void> {
    const { result, reviewedPaths } = get();
    if (!result) return;
    // named as the draft itself will be (core/review/district-files.ts): the schools' region(s) when no name is given
    const region =
      opts.name.trim() ||
      districtNameOf(result.files.flatMap((f) => (f.status === 'reviewed' && f.school ? [{ profile: f.school }] : [])))
        ?.name ||
      '本地区';
    const out = await savePath(`${region}${result.year}年度职业教育质量年度报告（草稿）.docx`, 'docx').catch(
      () => null,
    );
    if (!out) return;
    let save: string | undefined;
    if (opts.save) {
      const p = await savePath(`${region}区域报告草稿.qar`, 'workspace').catch(() => null);
      if (!p) return;
      save = p;
    }
    const r = await withBusy('正在生成区域报告草稿（汇总、图表、案例集）…', () =>
      reviewBackend.buildDistrict({
        paths: reviewedPaths,
        out,
        year: result.year,
        ...(opts.name.trim() ? { name: opts.name.trim() } : {}),
        ...(save ? { save } : {}),
      }),
    );
    if (!r) return;
    set({ district: r, districtOpen: true });
    remember('区域报告草稿（Word）', r.out);
    if (r.save) remember('区域报告草稿（工作区）', r.save);
    notify('info', `已生成区域报告草稿：${r.out}`);
  },

  /** Opens a file in the school editor (a school's file read-only; a district draft for editing). */
  async openInEditor(path: string, readOnly: boolean): Promise<void> {
    await useApp.getState().enter(() => backend.open(path, readOnly), '正在打开…');
  },

  reset(): void {
    set({ ...initial });
  },
};
