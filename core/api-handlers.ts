/**
 * The API's implementation: one small function per contract method, each a call into core/service.ts (or the
 * bound parts in core/api/deps.ts). Inputs arrive already validated by core/api/dispatch.ts; errors are thrown
 * as QarError and become envelopes there. Electron main, the browser host and tests all build their handlers
 * here, so the three doors behave the same.
 */
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
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
import { createReviewHandlers } from './api/review-handlers';
import { QarError } from './errors';
import { writeAtomically } from './fs/atomic';
import { samePath } from './host/recent';
import { runReportExport } from './host/report-job';
import { libreOfficeAvailable, PDF_NEEDS_ENGINE } from './pdf/report-pdf';
import { isOutlineChapterKey } from './report/chapter-rules';
import { importComments, MAX_COMMENTS_FILE_BYTES, parseCommentsFile } from './review/comments';
import {
  createWorkspace,
  importJsonFile,
  openWorkspace,
  type WorkspaceSession,
  writeExportAsWorkspace,
} from './service';
import { readSmallTextFile } from './small-file';
import type { Finding } from './validate/types';
import { describePlannedChange } from './xlsx/plan';
import { exportWorkspaceXlsx, importValuesXlsx, readXlsxFile } from './xlsx/session';

export { isOutlineChapterKey };

function readCommentsText(path: string): string {
  return readSmallTextFile(path, MAX_COMMENTS_FILE_BYTES, '审核意见（批注）');
}

/** The open workspace of one window / host: at most one at a time. */
export class SessionSlot {
  private session: WorkspaceSession | null = null;

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
    if (old && old !== next) old.close();
  }

  close(): void {
    this.replace(null);
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
  const frameworkOf = (s: WorkspaceSession) => loadFramework(s.store.getFramework());

  /** Make `next` the open workspace, remember it, tell the host. */
  const adopt = (next: WorkspaceSession): WorkspaceInfo => {
    slot.replace(next);
    const info = workspaceInfo(next);
    // the page may reopen what the API opened (reload, 最近打开), no more than it was opened for
    ctx.paths.grant(info.path, info.readonly ? 'read' : 'write');
    ctx.recent.add(info.path, info.schoolName);
    ctx.onSessionChange?.(info);
    return info;
  };

  /** Findings of the given years after an edit. The write has committed already, so a validator failure
   *  must not turn into an error envelope (the user would think nothing was saved); validate.run reports it. */
  const findingsFor = (s: WorkspaceSession, years: number[]) => {
    try {
      const ws = s.getWorkspace();
      const fw = frameworkOf(s);
      const findings: Finding[] = years.flatMap((year) => validateWorkspace(ws, fw, { year }).findings);
      const summary = { error: 0, warning: 0, info: 0 };
      for (const f of findings) summary[f.severity]++;
      return { findings, summary };
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
      const { profile, frameworkId } = input;
      const path = ctx.paths.check(input.path, { write: true, ext: '.qar', what: '工作区' });
      const fw = listFrameworks().find((f) => f.id === frameworkId);
      if (!fw) throw new QarError('NOT_FOUND', `找不到指标体系「${frameworkId}」，请从列表中选择。`);
      return adopt(await createWorkspace(path, { profile, framework: { id: fw.id, version: fw.version } }));
    },
    'workspace.open': async ({ path, readonly }) =>
      adopt(
        await openWorkspace(ctx.paths.check(path, readonly ? {} : { write: true, ext: '.qar', what: '工作区' }), {
          readonly,
        }),
      ),
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
      await s.saveCopy(path, { replace });
      return adopt(await openWorkspace(path, { readonly: false }));
    },
    'workspace.close': () => {
      slot.close();
      ctx.onSessionChange?.(null);
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
      return { values, ...findingsFor(s, [...new Set(changes.map((c) => c.year))].sort()) };
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
      if (ch && isOutlineChapterKey(ch.key)) {
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
      const bytes = await exportWorkspaceXlsx(slot.require());
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
    'report.export': async ({ year, jobId, charts, layout, ...input }: ApiParsedInput<'report.export'>) => {
      const format = input.format ?? (/\.pdf$/i.test(input.path) ? 'pdf' : 'docx');
      const path = ctx.paths.check(input.path, {
        write: true,
        ext: format === 'pdf' ? '.pdf' : '.docx',
        what: format === 'pdf' ? 'PDF 报告' : 'Word 报告',
      });
      const s = slot.require();
      const id = jobId ?? randomJobId();
      const started = Date.now();
      const job = { workspacePath: s.path, outPath: path, year, format, charts, ...(layout ? { layout } : {}) };
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
      const bytes = slot.require().exportJsonFile(path);
      return { path, bytes, ms: Date.now() - started };
    },
    'import.json': async (input) => {
      const path = ctx.paths.check(input.path);
      const target = ctx.paths.check(input.target, { write: true, ext: '.qar', what: '工作区' });
      await (ctx.importJson ?? importJsonFile)(path, target);
      return adopt(await openWorkspace(target));
    },

    // district reviewer (schools' files read-only; comments in the reviewer's own review file)
    ...createReviewHandlers(ctx),
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
