/**
 * `qar report FILE.qar [--year Y] [--styles official|report|official-gb2312] [--charts native|png] --out OUT.docx|OUT.pdf`:
 * the Word report, or its PDF (through LibreOffice, else the paged preview printed by Chromium; the line says which).
 */
import { chartFigureDecisions, describeChartDecisions } from '../docx/chart-choice';
// not ../docx/export: run-export loads the writer's heavy modules only once the photos are under way
import { exportReportDocx, startYearPhotos, yearPhotoWork } from '../docx/run-export';
import { getReportStyles } from '../docx/styles';
import { tocPagesNote } from '../docx/toc-note';
import { unmatchedImagesNotice } from '../docx/unmatched-images';
import type { TocPagesInfo } from '../docx/write';
import { yearPhotoFigures } from '../docx/year-photos';
import { QarError } from '../errors';
import { resolveWorkspace } from '../framework/resolve';
import { writeAtomically } from '../fs/atomic';
import { handOverNotice, openWorkspace } from '../service';
import { fileSizeText } from './file-size';
import { parseReportArgs, REPORT_USAGE } from './report-args';
import { takeHeadStart } from './report-head-start';
import type { CliCommand } from './types';

export const command: CliCommand = {
  summary: '生成质量年度报告 Word 文档（.docx）或 PDF，工作区以只读方式打开',
  usage: REPORT_USAGE,
  async run(args) {
    const a = parseReportArgs(args);
    const { out, format, charts, year } = a;
    // the PDF route (LibreOffice's process handling, Chromium) is loaded only for a PDF
    const pdfRoute = format === 'pdf' ? await import('../pdf/report-pdf') : undefined;
    await pdfRoute?.assertPdfEngine();

    // LibreOffice starts while the workspace is opened and read; export.ts (the page pass and with it docx and
    // chart.js) is loaded here only when there is a pass: without one, run-export starts the photos before they load
    const mode = process.env.QAR_PAGE_PASS;
    const pass = mode === 'none' || mode === 'estimate' ? undefined : await import('../docx/export');
    pass?.startPagePassEarly();
    // check 'read', not quick_check: every table but the images and the history is checked in full (indexes
    // included), and each image the report prints is checked as it is read, against the sha256 recorded for it
    // (WorkspaceSession.checkedAssets), so the 20 MB of photos are read once, not twice: quick_check read every page
    // of them before the first photo could start (issue #16). Bytes unlike their record get the whole file's
    // quick_check there and then, and a file that fails it is refused as before; every read-write open (the app,
    // `qar set`) still runs the full check, and the header, schema and row checks run here as on every open.
    // Nothing is written.
    try {
      const session = await openWorkspace(a.path, { readonly: true, check: 'read' });
      try {
        const notice = handOverNotice(session);
        if (notice) console.log(notice);
        const ws = session.getWorkspace();
        const images = session.checkedAssets(ws.assets);
        const { assetBytes, assetSha256 } = images;
        const y = year ?? ws.profile.reportYear;
        // --styles wins; else the layout the school chose in the app (kept in its file); else 公文版式
        const layout = a.styles ?? ws.reportLayout ?? 'official';
        // the photos the head start began before this command loaded, when the checked rows agree with what it read;
        // else, without the page pass, the year's photos start resizing now, before the framework and the model
        const photos =
          takeHeadStart({
            path: a.path,
            year: y,
            layout,
            assets: ws.assets,
            photoIds: [...new Set(yearPhotoFigures(ws, y).map((f) => f.image.assetId))],
            again: () =>
              yearPhotoWork(ws, y, layout, assetBytes, assetSha256) ?? {
                ids: [],
                submitted: Promise.resolve(),
                done: Promise.resolve(new Map()),
              },
          }) ?? startYearPhotos(ws, y, layout, assetBytes, assetSha256);
        // this thread is about to resolve the framework, build the model and load the writer: let the photos reach
        // the threadpool first, so that the second core works from now on instead of after all that
        if (photos) await photos.submitted;
        const { framework: fw, outline } = resolveWorkspace(ws);
        const styles = getReportStyles(layout);
        const known = ws.years.some((i) => i.year === y) || ws.chapters.some((c) => c.year === y);
        if (!known) {
          const have = [...new Set([...ws.years.map((i) => i.year), ...ws.chapters.map((c) => c.year)])].sort();
          throw new QarError(
            'BAD_INPUT',
            `工作区里没有 ${y} 年度的数据或报告内容（已有：${have.map((v) => `${v}年`).join('、') || '无'}），请用 --year 指定年度。`,
          );
        }
        // process.hrtime, not performance.now(): the global `performance` loads node:perf_hooks at first touch
        // (about 5 ms of this thread at start, for one timer)
        const t0 = process.hrtime.bigint();
        let tocPages: TocPagesInfo | undefined;
        const { model, docx } = await exportReportDocx(ws, fw, assetBytes, {
          year: y,
          styles,
          outline,
          charts,
          ...(photos ? { photos } : {}),
          assetSha256,
          onTocPages: (info) => {
            tocPages = info;
          },
        });
        const chartLine = describeChartDecisions(chartFigureDecisions(model, styles, charts));
        let how = '';
        let bytes = docx.length;
        if (pdfRoute) {
          const pdf = await pdfRoute.writeReportPdf(docx, out, {
            workspacePath: a.path,
            year: y,
            layout,
          });
          bytes = pdf.bytes;
          how = `PDF 由${pdfRoute.PDF_ENGINE_TEXT[pdf.engine]}${pdf.engine === 'libreoffice' && !pdf.fieldsUpdated ? '（目录页码未能刷新，为文件中缓存的页码）' : ''}`;
        } else {
          // written beside the target and renamed: an old report is never left half-overwritten
          writeAtomically(out, docx, '文件是否正在 Word 中打开');
        }
        const s = model.stats;
        const secs = (Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1);
        const extra = [chartLine, how, format === 'docx' ? tocPagesNote(tocPages) : ''].filter(Boolean).join('；');
        console.log(
          `已生成报告：${out}（${model.meta.fullTitle}；${s.chapters} 章 ${s.sections} 节，图 ${s.figures} 幅（照片 ${s.photos}、图表 ${s.charts}），表 ${s.tables} 张，案例 ${s.cases} 个，附表 ${s.appendixTables} 张；${extra ? `${extra}；` : ''}${fileSizeText(bytes)}，用时 ${secs} 秒）。`,
        );
        if (images.unmatched.length > 0) console.log(unmatchedImagesNotice(images.unmatched));
        return 0;
      } finally {
        session.close();
      }
    } finally {
      pass?.stopPagePassEarly();
    }
  },
};
