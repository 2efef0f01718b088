/**
 * The API's implementation: one small function per contract method, each a call into core/service.ts (or the
 * bound parts in core/api/deps.ts). Inputs arrive already validated by core/api/dispatch.ts; errors are thrown
 * as QarError and become envelopes there. Electron main, the browser host and tests all build their handlers
 * here, so the three doors behave the same.
 */
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { SNAPSHOT_LIMIT } from '../db/history';
import type { ApiParsedInput, JobProgress, WorkspaceInfo } from './api';
import type { ApiHostContext } from './api/context';
import {
  buildReportModel,
  demoWorkspace,
  listFrameworks,
  loadFramework,
  prepareImage,
  validateWorkspace,
} from './api/deps';
import type { ApiHandlers } from './api/dispatch';
import { createEditionHandlers } from './api/edition-handlers';
import { createReviewHandlers } from './api/review-handlers';
import { QarError } from './errors';
import { pickEdition } from './framework/editions';
import { getFramework } from './framework/registry';
import { outlineOf } from './framework/resolve';
import { allIndicators } from './framework/schema';
import { writeAtomically } from './fs/atomic';
import { describeRecord, type NameLookup } from './history/describe';
import { samePath } from './host/recent';
import { runReportExport } from './host/report-job';
import { libreOfficeAvailable, PDF_NEEDS_ENGINE } from './pdf/report-pdf';
import { isOutlineChapterKey } from './report/chapter-rules';
import { importComments, MAX_COMMENTS_FILE_BYTES, parseCommentsFile } from './review/comments';
import {
  createWorkspace,
  handOverNotice,
  importJsonFile,
  openWorkspace,
  type WorkspaceSession,
  writeExportAsWorkspace,
} from './service';
import { readSmallTextFile } from './small-file';
import { describePlannedChange } from './xlsx/plan';
import { exportWorkspaceXlsx, importValuesXlsx, readXlsxFile } from './xlsx/session';

export { isOutlineChapterKey };

function readCommentsText(path: string): string {
  return readSmallTextFile(path, MAX_COMMENTS_FILE_BYTES, '审核意见（批注）');
}

/** The open workspace of one window / host: at most one at a time. */
export class SessionSlot {
  private session: WorkspaceSession | null = null;

  /** told when closing the previous workspace (on opening another) could not complete; see closeDatabase */
  constructor(private readonly onCloseProblem?: (path: string, e: unknown) => void) {}

  get current(): WorkspaceSession | null {
    return this.session;
  }

  require(): WorkspaceSession {
    if (!this.session) throw new QarError('NOT_FOUND', '还没有打开工作区。请先新建或打开一个工作区文件。');
    return this.session;
  }

  /** Swap in a newly opened session; the old one closes only after the new one opened fine. */
  replace(next: WorkspaceSession | null): void {
    const old = this.session;
    this.session = next;
    if (old && old !== next) {
      try {
        old.close();
      } catch (e) {
        // the new workspace is open already: the problem with the old one is reported, not thrown
        if (this.onCloseProblem) this.onCloseProblem(old.path, e);
        else throw e;
      }
    }
  }

  /** Closes the open workspace; a close that could not put everything into the file throws (QarError). */
  close(): void {
    const old = this.session;
    this.session = null;
    old?.close();
  }
}

export function workspaceInfo(s: WorkspaceSession): WorkspaceInfo {
  const profile = s.store.getProfile();
  return {
    path: s.path,
    readonly: s.readonly,
    schoolName: profile.name,
    level: profile.level,
    reportYear: profile.reportYear,
    framework: s.store.getFramework(),
    ...(s.notice ? { notice: s.notice } : {}),
  };
}

/** A file name in `dir` that does not exist yet: 示例学校.qar, 示例学校（2）.qar, … */
export function freeFileName(dir: string, fileName: string): string {
  const ext = extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  for (let i = 1; i < 1000; i++) {
    const candidate = join(dir, i === 1 ? fileName : `${stem}（${i}）${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
  throw new QarError('CONFLICT', `文件夹中同名文件过多，请换一个文件夹。`);
}

function randomJobId(): string {
  return `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function createApiHandlers(ctx: ApiHostContext, slot: SessionSlot = new SessionSlot()): ApiHandlers {
  const frameworkOf = (s: WorkspaceSession) => loadFramework(s.store.getFramework(), s.store.getStoredFramework());

  /** Make `next` the open workspace, remember it, tell the host. */
  const adopt = (next: WorkspaceSession): WorkspaceInfo => {
    slot.replace(next);
    if (next.notice) ctx.emit('workspace.notice', { kind: 'locked', path: next.path, text: next.notice });
    snapshot(next, 'open', '打开时');
    const info = workspaceInfo(next);
    // the page may reopen what the API opened (reload, 最近打开), no more than it was opened for
    ctx.paths.grant(info.path, info.readonly ? 'read' : 'write');
    ctx.recent.add(info.path, info.schoolName);
    ctx.onSessionChange?.(info);
    return info;
  };

  /**
   * Findings of the report after an edit: the report year's, which cover every year its appendix prints. The write
   * has committed already, so a validator failure must not turn into an error envelope (the user would think
   * nothing was saved); validate.run reports it.
   */
  const findingsAfterEdit = (s: WorkspaceSession) => {
    try {
      const r = validateWorkspace(s.getWorkspace(), frameworkOf(s));
      return { findings: r.findings, summary: r.summary };
    } catch (e) {
      console.warn('[api] validation after values.set failed', e);
      return { findings: [], summary: { error: 0, warning: 0, info: 0 } };
    }
  };

  const yearsOf = (s: WorkspaceSession) => ({ years: s.store.getYears() });

  /** The stored rows of the given cells, after a write. */
  const storedRows = (s: WorkspaceSession, cells: readonly { year: number; indicatorId: string }[]) => {
    const keys = new Set(cells.map((c) => `${c.year}\u0000${c.indicatorId}`));
    return keys.size ? s.store.getValues().filter((v) => keys.has(`${v.year}\u0000${v.indicatorId}`)) : [];
  };

  /** Indicator names for the history list; ids stand in when the framework cannot be loaded. */
  const namesOf = (s: WorkspaceSession): NameLookup => {
    try {
      const m = new Map(allIndicators(frameworkOf(s)).map((i) => [i.id, { name: i.name, unit: i.unit }]));
      return { indicator: (id) => m.get(id) };
    } catch {
      return { indicator: () => undefined };
    }
  };

  /** A snapshot for 历史版本 (on open, on export); never in the way of what the user asked for. */
  const snapshot = (s: WorkspaceSession, reason: 'open' | 'export', label: string) => {
    if (s.readonly) return;
    try {
      s.versions().snapshot(reason, label);
    } catch (e) {
      console.warn('[api] snapshot failed', e);
    }
  };

  /** Copying or exporting a file someone else is editing right now: say so (the copy holds what was saved). */
  const warnHandOver = (s: WorkspaceSession) => {
    const text = handOverNotice(s);
    if (text) ctx.emit('workspace.notice', { kind: 'hand-over', path: s.path, text });
  };

  const handlers: ApiHandlers = {
    'app.info': () => ({
      productName: '质量年报工作台',
      version: ctx.version,
      host: ctx.host,
      platform: ctx.platform,
      workspace: slot.current ? workspaceInfo(slot.current) : null,
    }),
    'app.closeReply': (reply) => {
      ctx.onCloseReply?.(reply);
      return { done: true as const };
    },
    'dialog.pickOpen': async ({ purpose }) => ({ path: await ctx.pickOpen(purpose) }),
    'dialog.pickSave': async ({ purpose, defaultName }) => ({ path: await ctx.pickSave(purpose, defaultName) }),

    // workspace ---------------------------------------------------------------------------------
    'workspace.create': async (input) => {
      const { profile, frameworkId, kind } = input;
      const path = ctx.paths.check(input.path, { write: true, ext: '.qar', what: '工作区' });
      // the edition of the report year unless the page names a framework
      const choice = pickEdition({ level: profile.level, year: profile.reportYear, ...(kind ? { kind } : {}) });
      let fw = choice.framework;
      let note = choice.note;
      if (frameworkId !== undefined && frameworkId !== fw.id) {
        const named = listFrameworks().find((f) => f.id === frameworkId);
        if (!named) throw new QarError('NOT_FOUND', `找不到指标体系「${frameworkId}」，请从列表中选择。`);
        fw = getFramework(named.id);
        note = `按所选使用指标体系「${fw.id}」（${fw.edition}，版本 ${fw.version}）。`;
      }
      const session = await createWorkspace(
        path,
        { profile, framework: { id: fw.id, version: fw.version } },
        { outline: outlineOf(fw) },
      );
      return { ...adopt(session), note };
    },
    'workspace.open': async ({ path, readonly }) => {
      const checked = ctx.paths.check(path, readonly ? {} : { write: true, ext: '.qar', what: '工作区' });
      // opening the file this window has open again (最近打开, a reload): let go of it first, or our own write lock
      // would make the new session read-only
      const cur = slot.current;
      if (cur && samePath(cur.path, checked)) slot.close();
      return adopt(
        await openWorkspace(checked, {
          readonly,
          // someone else is editing it: open read-only and say who, rather than refuse
          readonlyIfLocked: true,
        }),
      );
    },
    'workspace.openDemo': async (input) => {
      const { fileName } = input;
      // a folder the user chose; the file name is ours (freeFileName never overwrites)
      const dir = ctx.paths.check(input.dir, { folder: true, write: true });
      if (!existsSync(dir)) throw new QarError('NOT_FOUND', `文件夹「${dir}」不存在，请重新选择。`);
      const target = freeFileName(dir, fileName);
      writeExportAsWorkspace(await demoWorkspace(), target);
      return adopt(await openWorkspace(target));
    },
    'workspace.saveAs': async (input) => {
      const { replace } = input;
      const path = ctx.paths.check(input.path, { write: true, ext: '.qar', what: '工作区' });
      const s = slot.require();
      if (samePath(path, s.path)) throw new QarError('CONFLICT', '另存为的文件不能是当前打开的文件，请换一个文件名。');
      warnHandOver(s);
      await s.saveCopy(path, { replace });
      return adopt(await openWorkspace(path, { readonly: false }));
    },
    'workspace.close': () => {
      try {
        slot.close();
      } finally {
        ctx.onSessionChange?.(null);
      }
      return { done: true as const };
    },
    'workspace.get': () => slot.require().getWorkspace(),
    'workspace.recent': () => ({ items: ctx.recent.list() }),

    // framework ---------------------------------------------------------------------------------
    'framework.get': () => frameworkOf(slot.require()),
    'framework.list': () => ({ items: listFrameworks() }),

    // values ------------------------------------------------------------------------------------
    'values.set': ({ changes, how }) => {
      const s = slot.require();
      const { derived } = s.setValues(changes, how, frameworkOf(s));
      const values = storedRows(s, [...changes, ...derived]);
      return { values, ...findingsAfterEdit(s) };
    },
    'values.recompute': ({ cells }) => {
      const s = slot.require();
      const { derived } = s.recompute(frameworkOf(s), cells);
      return { changed: derived.length, values: storedRows(s, derived) };
    },
    'values.history': ({ year, indicatorId }) => ({ entries: slot.require().history({ year, indicatorId }) }),

    // validation --------------------------------------------------------------------------------
    'validate.run': ({ year }) => {
      const s = slot.require();
      return validateWorkspace(s.getWorkspace(), frameworkOf(s), { year });
    },

    // profile and years -------------------------------------------------------------------------
    'profile.set': ({ profile }) => slot.require().setProfile(profile),
    'years.add': ({ year, hasGraduates, note }) => {
      const s = slot.require();
      if (s.store.getYears().some((y) => y.year === year)) {
        throw new QarError('CONFLICT', `工作区中已有${year}年度。`);
      }
      s.putYear({ year, hasGraduates, note });
      return yearsOf(s);
    },
    'years.update': ({ year, hasGraduates, note }) => {
      const s = slot.require();
      const cur = s.store.getYears().find((y) => y.year === year);
      if (!cur) throw new QarError('NOT_FOUND', `工作区中没有${year}年度。`);
      s.putYear({ year, hasGraduates: hasGraduates ?? cur.hasGraduates, note: note ?? cur.note });
      return yearsOf(s);
    },

    // narrative ---------------------------------------------------------------------------------
    'chapters.create': ({ year, title, key, order }) => slot.require().store.createChapter({ year, title, key }, order),
    'chapters.update': ({ id, ...patch }) => slot.require().store.updateChapter(id, patch),
    'chapters.delete': ({ id }) => {
      const s = slot.require();
      const ch = s.store.getChapters().find((c) => c.id === id);
      if (ch && isOutlineChapterKey(ch.key, outlineOf(frameworkOf(s)))) {
        throw new QarError('BAD_INPUT', `「${ch.title}」是报告提纲规定的章，不能删除；可以修改章标题。`);
      }
      s.store.deleteChapter(id);
      return { done: true as const };
    },
    'chapters.reorder': ({ year, ids }) => {
      const s = slot.require();
      s.store.reorderChapters(year, ids);
      return { chapters: s.store.getChapters(year) };
    },
    'sections.create': ({ chapterId, title, key, order }) =>
      slot.require().store.createSection(chapterId, { title, key }, order),
    'sections.update': ({ id, title }) => slot.require().store.updateSection(id, { title }),
    'sections.delete': ({ id }) => {
      slot.require().store.deleteSection(id);
      return { done: true as const };
    },
    'sections.reorder': ({ chapterId, ids }) => {
      const s = slot.require();
      s.store.reorderSections(chapterId, ids);
      return { sections: s.store.getSections(chapterId) };
    },
    'blocks.create': ({ sectionId, content, order }) => slot.require().createBlock(sectionId, content, order),
    'blocks.update': ({ id, content }) => slot.require().updateBlock(id, content),
    'blocks.delete': ({ id }) => {
      slot.require().deleteBlock(id);
      return { done: true as const };
    },
    'blocks.reorder': ({ sectionId, ids }) => ({ blocks: slot.require().reorderBlocks(sectionId, ids) }),

    // assets ------------------------------------------------------------------------------------
    'assets.add': async ({ dataBase64, caption, credit }) => {
      const s = slot.require();
      // refuse before the (slow) image work
      if (s.readonly) throw new QarError('READ_ONLY', '工作区以只读方式打开，不能添加图片。');
      const bytes = decodeBase64(dataBase64);
      const img = await prepareImage(bytes);
      return s.addAsset(img.data, { mime: img.mime, width: img.width, height: img.height, caption, credit });
    },
    'assets.get': ({ id }) => {
      const s = slot.require();
      const meta = s.store.getAsset(id);
      return { id, mime: meta.mime, dataUrl: `data:${meta.mime};base64,${s.getAssetBytes(id).toString('base64')}` };
    },
    'assets.update': ({ id, ...patch }) => slot.require().store.updateAsset(id, patch),
    'assets.delete': ({ id }) => {
      slot.require().store.deleteAsset(id);
      return { done: true as const };
    },

    // comments ----------------------------------------------------------------------------------
    'comments.list': ({ status }) => ({ comments: slot.require().listComments(status) }),
    'comments.add': ({ target, body, author }) => slot.require().addComment({ target, body, author }),
    'comments.reply': ({ parentId, body, author }) => {
      const s = slot.require();
      const parent = s.listComments('all').find((c) => c.id === parentId);
      if (!parent) throw new QarError('NOT_FOUND', '找不到要回复的批注，可能已被删除。');
      return s.addComment({ parentId, target: parent.target, body, author });
    },
    'comments.resolve': ({ id, resolved }) => slot.require().resolveComment(id, resolved),

    'comments.import': ({ path }) => {
      const s = slot.require();
      if (s.readonly) throw new QarError('READ_ONLY', '工作区以只读方式打开，不能导入审核意见。');
      const file = parseCommentsFile(readCommentsText(ctx.paths.check(path)));
      return importComments(file, s.getWorkspace().profile, s);
    },

    // Excel ---------------------------------------------------------------------------------------
    'xlsx.export': async (input) => {
      const path = ctx.paths.check(input.path, { write: true, ext: '.xlsx', what: 'Excel 工作簿' });
      const started = Date.now();
      const s = slot.require();
      warnHandOver(s);
      snapshot(s, 'export', '导出 Excel 时');
      const bytes = await exportWorkspaceXlsx(s);
      writeAtomically(path, bytes, '文件是否正在 Excel 中打开');
      return { path, bytes: bytes.length, ms: Date.now() - started };
    },
    'xlsx.import': async (input) => {
      const { dryRun } = input;
      const path = ctx.paths.check(input.path, { ext: '.xlsx', what: 'Excel 工作簿' });
      const s = slot.require();
      if (!dryRun && s.readonly) throw new QarError('READ_ONLY', '工作区以只读方式打开，不能导入数据。');
      const r = await importValuesXlsx(s, readXlsxFile(path), { dryRun, parse: ctx.parseXlsx });
      return {
        read: r.read,
        changes: r.planned.map((p) => ({
          year: p.year,
          indicatorId: p.indicatorId,
          tableName: p.tableName,
          name: p.name,
          unit: p.unit,
          oldValue: p.oldValue,
          newValue: p.newValue,
          text: describePlannedChange(p),
        })),
        problems: r.problems,
        infos: r.infos,
        written: r.applied ? r.planned.length : 0,
      };
    },

    // report ------------------------------------------------------------------------------------
    'report.model': ({ year }) => {
      const s = slot.require();
      return buildReportModel(s.getWorkspace(), frameworkOf(s), { year });
    },
    'report.layout': ({ layout }) => ({ layout: slot.require().setReportLayout(layout) }),
    'report.export': async ({ year, jobId, charts, layout, ...input }: ApiParsedInput<'report.export'>) => {
      const format = input.format ?? (/\.pdf$/i.test(input.path) ? 'pdf' : 'docx');
      const path = ctx.paths.check(input.path, {
        write: true,
        ext: format === 'pdf' ? '.pdf' : '.docx',
        what: format === 'pdf' ? 'PDF 报告' : 'Word 报告',
      });
      const s = slot.require();
      warnHandOver(s);
      snapshot(s, 'export', '导出 Word 报告时');
      const id = jobId ?? randomJobId();
      const started = Date.now();
      // the layout the school chose is kept in its file (a copy prints the same); an explicit one wins
      const chosen = layout ?? s.store.getReportLayout();
      const job = { workspacePath: s.path, outPath: path, year, format, charts, ...(chosen ? { layout: chosen } : {}) };
      const progress = (p: Omit<JobProgress, 'jobId'>) => ctx.emit('job.progress', { ...p, jobId: id });
      // PDF: LibreOffice in the export job when installed, else the host's print of the paged preview
      const exporter =
        format === 'pdf' && !libreOfficeAvailable()
          ? (ctx.printReportPdf?.bind(ctx) ?? (() => Promise.reject(new QarError('UNAVAILABLE', PDF_NEEDS_ENGINE))))
          : (ctx.exportReport ?? runReportExport);
      try {
        const r = await exporter(job, progress);
        return {
          path: r.path,
          bytes: r.bytes,
          ms: Date.now() - started,
          format,
          ...(r.engine ? { engine: r.engine } : {}),
          note: r.note ?? '',
          warning: r.warning ?? '',
        };
      } catch (e) {
        ctx.emit('job.progress', { jobId: id, stage: 'error', percent: 100, message: '导出失败' });
        throw e;
      }
    },

    // JSON --------------------------------------------------------------------------------------
    'export.json': (input) => {
      const path = ctx.paths.check(input.path, { write: true, ext: '.json', what: 'JSON 文件' });
      const started = Date.now();
      const s = slot.require();
      warnHandOver(s);
      snapshot(s, 'export', '导出 JSON 时');
      const bytes = s.exportJsonFile(path);
      return { path, bytes, ms: Date.now() - started };
    },
    'import.json': async (input) => {
      const path = ctx.paths.check(input.path);
      const target = ctx.paths.check(input.target, { write: true, ext: '.qar', what: '工作区' });
      await (ctx.importJson ?? importJsonFile)(path, target);
      return adopt(await openWorkspace(target));
    },

    // 历史版本 ----------------------------------------------------------------------------------
    'history.list': ({ offset, limit }) => {
      const s = slot.require();
      const { total, records } = s.versions().list(offset, limit);
      const names = namesOf(s);
      return { total, items: records.map((r) => describeRecord(r, names)) };
    },
    'history.restore': ({ ref }) => {
      const s = slot.require();
      const done = s.versions().restore(ref);
      // say it with the indicator's name: the restore is the newest entry now
      const last = s.versions().list(0, 1).records[0];
      const item = last ? describeRecord(last, namesOf(s)) : undefined;
      return { message: item?.how === 'restore' ? `已恢复：${item.title.replace(/^恢复：/, '')}。` : done };
    },
    'history.snapshots': () => ({ items: slot.require().versions().listSnapshots(), limit: SNAPSHOT_LIMIT }),
    'history.restoreSnapshot': ({ id }) => ({ message: slot.require().versions().restoreSnapshot(id) }),

    // district reviewer (schools' files read-only; comments in the reviewer's own review file)
    ...createReviewHandlers(ctx),
    // editions: next year's workspace, 版本说明, upgrade, a province's framework file
    ...createEditionHandlers(ctx, slot, adopt),
  };
  return handlers;
}

/** Strict base64 (optionally a data URL): garbage is refused instead of silently decoding to junk bytes. */
export function decodeBase64(text: string): Buffer {
  const body = text.startsWith('data:') ? text.slice(text.indexOf(',') + 1) : text;
  const clean = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    throw new QarError('BAD_INPUT', '图片数据格式不正确，请重新选择图片。');
  }
  return Buffer.from(clean, 'base64');
}
