/**
 * The UI's Backend on the typed API client. One place that knows method names; the views call these.
 */
import type { ReviewCommentTarget, ReviewFileState, ReviewRunOut } from '../../core/api/review-contract';
import type { Framework } from '../../core/framework/schema';
import type { Workspace } from '../../core/model';
import { ApiCallError, api } from '../api/client';
import type { Backend, Session } from './types';

async function loadSession(info: { path: string; readonly: boolean }, newer = false): Promise<Session> {
  const [workspace, framework] = await Promise.all([
    api.must('workspace.get', {}) as Promise<Workspace>,
    api.must('framework.get', {}) as Promise<Framework>,
  ]);
  return { path: info.path, readOnly: info.readonly || newer, newer, workspace, framework };
}

const assetUrls = new Map<string, Promise<string>>();
let jobCounter = 0;

export const backend: Backend = {
  native: api.transport === 'electron',

  async current() {
    const info = await api.must('app.info', {});
    return info.workspace ? loadSession(info.workspace) : null;
  },
  onWorkspaceChanged(cb) {
    return api.on('workspace.changed', (p) => cb(p.workspace !== null));
  },
  onMenu(cb) {
    return api.on('menu.command', (p) => cb(p.command));
  },
  onCloseRequested(cb) {
    return api.on('app.closeRequested', (p) => cb(p.requestId));
  },
  async closeReply(requestId, unsaved, items) {
    await api.must('app.closeReply', { requestId, unsaved, items: items.slice(0, 20).map((x) => x.slice(0, 300)) });
  },
  async recent() {
    return (await api.must('workspace.recent', {})).items;
  },
  async pickSavePath(defaultName, purpose) {
    return (await api.must('dialog.pickSave', { purpose, defaultName })).path;
  },
  async pickOpenPath(kind = 'workspace') {
    return (await api.must('dialog.pickOpen', { purpose: kind })).path;
  },
  async workspace() {
    return api.must('workspace.get', {}) as Promise<Workspace>;
  },
  async exportXlsx(path) {
    return { path: (await api.must('xlsx.export', { path })).path };
  },
  async exportJson(path) {
    return { path: (await api.must('export.json', { path })).path };
  },
  async importJson(path, target) {
    return loadSession(await api.must('import.json', { path, target }));
  },
  async appInfo() {
    const info = await api.must('app.info', {});
    return { productName: info.productName, version: info.version, host: info.host };
  },
  async importXlsx(path, dryRun) {
    return api.must('xlsx.import', { path, dryRun });
  },
  async addYear(year, hasGraduates) {
    return (await api.must('years.add', { year, hasGraduates })).years;
  },
  async updateYear(year, patch) {
    return (await api.must('years.update', { year, ...patch })).years;
  },
  async replyComment(parentId, body, author) {
    return api.must('comments.reply', { parentId, body, author });
  },
  async resolveComment(id, resolved) {
    return api.must('comments.resolve', { id, resolved });
  },
  async importComments(path) {
    return api.must('comments.import', { path });
  },
  async createChapter(year, title, order) {
    return api.must('chapters.create', { year, title, ...(order === undefined ? {} : { order }) });
  },
  async deleteChapter(id) {
    await api.must('chapters.delete', { id });
  },
  async create(input) {
    // the main side picks the edition of the report year for the school's level and says which (note)
    const info = await api.must('workspace.create', {
      path: input.path,
      ...(input.kind ? { kind: input.kind } : {}),
      profile: {
        name: input.name,
        level: input.level,
        category: input.category,
        reportYear: input.reportYear,
        code: '',
        region: '',
      },
    });
    return { ...(await loadSession(info)), note: info.note };
  },
  async open(path, readOnly = false) {
    try {
      return await loadSession(await api.must('workspace.open', { path, readonly: readOnly }));
    } catch (e) {
      // a file from a newer version: look, never touch
      if (e instanceof ApiCallError && e.code === 'NEWER' && !readOnly) {
        const r = await api.call('workspace.open', { path, readonly: true });
        if (r.ok) return loadSession(r.data, true);
      }
      throw e;
    }
  },
  async openDemo(dir) {
    return loadSession(await api.must('workspace.openDemo', { dir }));
  },
  async close() {
    await api.must('workspace.close', {});
    assetUrls.clear();
  },
  async setProfile(profile) {
    await api.must('profile.set', { profile });
  },
  async setValues(values, how) {
    const r = await api.must('values.set', {
      how,
      changes: values.map((v) => ({ indicatorId: v.indicatorId, year: v.year, value: v.value })),
    });
    const stored = r.values.map((v) => ({ indicatorId: v.indicatorId, year: v.year, value: v.value }));
    return { findings: r.findings, summary: r.summary, ruleStatus: {}, stored, values: r.values };
  },
  async setNotApplicable(indicatorId, year, note) {
    const mark = note === null ? { notApplicable: false } : { notApplicable: true, note };
    const r = await api.must('values.set', { how: 'manual', changes: [{ indicatorId, year, value: null, ...mark }] });
    return { findings: r.findings, summary: r.summary, ruleStatus: {}, values: r.values };
  },
  async setReportLayout(layout) {
    await api.must('report.layout', { layout });
  },
  async recompute(cells) {
    const r = await api.must('values.recompute', cells?.length ? { cells } : {});
    return r.values.map((v) => ({ indicatorId: v.indicatorId, year: v.year, value: v.value }));
  },
  async history(indicatorId, year) {
    return (await api.must('values.history', { indicatorId, year })).entries;
  },
  async validate(year) {
    return api.must('validate.run', { year });
  },
  async updateChapter(id, patch) {
    await api.must('chapters.update', { id, ...patch });
  },
  async addSection(chapterId, title) {
    return api.must('sections.create', { chapterId, title });
  },
  async renameSection(id, title) {
    await api.must('sections.update', { id, title });
  },
  async deleteSection(id) {
    await api.must('sections.delete', { id });
  },
  async reorderSections(chapterId, ids) {
    await api.must('sections.reorder', { chapterId, ids });
  },
  async addBlock(sectionId, content, order) {
    return api.must('blocks.create', { sectionId, content, order });
  },
  async updateBlock(id, content) {
    return api.must('blocks.update', { id, content });
  },
  async deleteBlock(id) {
    await api.must('blocks.delete', { id });
  },
  async reorderBlocks(sectionId, ids) {
    await api.must('blocks.reorder', { sectionId, ids });
  },
  async addAsset(fileName, dataBase64) {
    return api.must('assets.add', { fileName, dataBase64 });
  },
  async deleteAsset(id) {
    await api.must('assets.delete', { id });
  },
  assetUrl(id) {
    let p = assetUrls.get(id);
    if (!p) {
      p = api.must('assets.get', { id }).then((r) => r.dataUrl);
      p.catch(() => assetUrls.delete(id));
      assetUrls.set(id, p);
    }
    return p;
  },
  async reportModel(year) {
    return api.must('report.model', { year });
  },
  async exportReport(year, path, opts, onProgress) {
    jobCounter += 1;
    const jobId = `ui-${Date.now().toString(36)}-${jobCounter}`;
    const off = api.on('job.progress', (p) => {
      if (p.jobId === jobId) onProgress({ percent: p.percent, stage: p.message || p.stage });
    });
    try {
      const r = await api.must('report.export', {
        path,
        year,
        jobId,
        format: opts.format,
        charts: opts.charts,
        ...(opts.layout ? { layout: opts.layout } : {}),
      });
      onProgress({ percent: 100, stage: '完成' });
      return { path: r.path, note: r.note, warning: r.warning };
    } finally {
      off();
    }
  },
};

/** The district reviewer's calls (区县审核): schools' files are only read; comments go to the review file. */
export const reviewBackend = {
  async pickInputs(kind: 'qar-files' | 'folder'): Promise<string[]> {
    return (await api.must('review.pickInputs', { kind })).paths;
  },
  async pickSavePath(
    defaultName: string,
    purpose: 'json' | 'docx' | 'xlsx' | 'workspace' | 'comments',
  ): Promise<string | null> {
    return (await api.must('dialog.pickSave', { purpose, defaultName })).path;
  },
  async pickReviewFile(): Promise<string | null> {
    return (await api.must('dialog.pickOpen', { purpose: 'json' })).path;
  },
  run(paths: string[], year?: number): Promise<ReviewRunOut> {
    return api.must('review.run', { paths, ...(year ? { year } : {}) });
  },
  exportSummary(path: string, name?: string) {
    return api.must('review.exportSummary', { path, ...(name ? { name } : {}) });
  },
  openFile(path: string, reviewer?: string): Promise<ReviewFileState> {
    return api.must('review.openFile', { path, ...(reviewer ? { reviewer } : {}) });
  },
  addComment(school: string, target: ReviewCommentTarget, body: string, author?: string): Promise<ReviewFileState> {
    return api.must('review.addComment', { school, target, body, ...(author ? { author } : {}) });
  },
  reply(school: string, parentId: string, body: string, author?: string): Promise<ReviewFileState> {
    return api.must('review.replyComment', { school, parentId, body, ...(author ? { author } : {}) });
  },
  resolve(school: string, id: string, resolved: boolean): Promise<ReviewFileState> {
    return api.must('review.resolveComment', { school, id, resolved });
  },
  exportComments(school: string, path: string) {
    return api.must('review.exportComments', { school, path });
  },
  buildDistrict(input: { paths: string[]; out: string; save?: string; name?: string; year?: number }) {
    return api.must('district.build', input);
  },
};
