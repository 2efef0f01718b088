/**
 * `qar report FILE.qar [--year Y] [--styles official|report|official-gb2312] [--charts native|png] --out OUT.docx|OUT.pdf`:
 * the Word report, or its PDF (through LibreOffice, else the paged preview printed by Chromium; the line says which).
 */
import {
  CHART_EXPORT_MODES,
  type ChartExportMode,
  chartFigureDecisions,
  describeChartDecisions,
} from '../docx/chart-choice';
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
import { reportFormatOf } from '../pdf/report-format';
import { handOverNotice, openWorkspace } from '../service';
import { parseArgs } from './args';
import { fileSizeText } from './file-size';
import { REPORT_OPTIONS, stopHeadStart, takeHeadStart } from './report-head-start';
import type { CliCommand } from './types';

const USAGE =
  'qar report 工作区.qar [--year 年度] [--styles official（公文版式）|report（报告版式）|official-gb2312] [--charts native|png] --out 报告.docx|报告.pdf';

function parseCharts(text: string | undefined): ChartExportMode {
  if (text === undefined) return 'native';
  if ((CHART_EXPORT_MODES as readonly string[]).includes(text)) return text as ChartExportMode;
  throw new QarError(
    'BAD_INPUT',
    `参数有误：--charts 应为 native（可编辑的 Word 图表）或 png（图片），收到「${text}」。用法：${USAGE}`,
  );
}

function parseYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const y = Number(text);
  if (!/^\d{4}$/.test(text) || y < 2000 || y > 2100) {
    throw new QarError('BAD_INPUT', `参数有误：年度「${text}」不是 2000–2100 之间的四位年份。用法：${USAGE}`);
  }
  return y;
}

export const command: CliCommand = {
  summary: '生成质量年度报告 Word 文档（.docx）或 PDF，工作区以只读方式打开',
  usage: USAGE,
  async run(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['工作区文件（.qar）'],
      options: REPORT_OPTIONS,
      required: ['out'],
    });
    const out = a.strings.out as string;
    if (!/\.(docx|pdf)$/i.test(out))
      throw new QarError('BAD_INPUT', `参数有误：输出文件应以 .docx 或 .pdf 结尾（收到「${out}」）。用法：${USAGE}`);
    const format = reportFormatOf(out);
    const charts = parseCharts(a.strings.charts);
    const year = parseYear(a.strings.year);
    // the PDF route (LibreOffice's process handling, Chromium) is loaded only for a PDF
    const pdfRoute = format === 'pdf' ? await import('../pdf/report-pdf') : undefined;
    await pdfRoute?.assertPdfEngine();
    // an unknown --styles is refused before the file is opened
    if (a.strings.styles !== undefined) getReportStyles(a.strings.styles);

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
      const session = await openWorkspace(a.positionals[0] as string, { readonly: true, check: 'read' });
      try {
        const notice = handOverNotice(session);
        if (notice) console.log(notice);
        const ws = session.getWorkspace();
        const images = session.checkedAssets(ws.assets);
        const { assetBytes, assetSha256 } = images;
        const photoYear = year ?? ws.profile.reportYear;
        const photoLayout = a.strings.styles ?? ws.reportLayout ?? 'official';
        // the photos the head start began before this command loaded, when the checked rows agree with what it read;
        // else, without the page pass, the year's photos start resizing now, before the framework and the model
        const photos =
          takeHeadStart({
            path: a.positionals[0] as string,
            year: photoYear,
            layout: photoLayout,
            assets: ws.assets,
            photoIds: [...new Set(yearPhotoFigures(ws, photoYear).map((f) => f.image.assetId))],
            again: () =>
              yearPhotoWork(ws, photoYear, photoLayout, assetBytes, assetSha256) ?? {
                ids: [],
                submitted: Promise.resolve(),
                done: Promise.resolve(new Map()),
              },
          }) ?? startYearPhotos(ws, photoYear, photoLayout, assetBytes, assetSha256);
        // this thread is about to resolve the framework, build the model and load the writer: let the photos reach
        // the threadpool first, so that the second core works from now on instead of after all that
        if (photos) await photos.submitted;
        const { framework: fw, outline } = resolveWorkspace(ws);
        // --styles wins; else the layout the school chose in the app (kept in its file); else 公文版式
        const layout = a.strings.styles ?? ws.reportLayout ?? 'official';
        const styles = getReportStyles(layout);
        const y = year ?? ws.profile.reportYear;
        const known = ws.years.some((i) => i.year === y) || ws.chapters.some((c) => c.year === y);
        if (!known) {
          const have = [...new Set([...ws.years.map((i) => i.year), ...ws.chapters.map((c) => c.year)])].sort();
          throw new QarError(
            'BAD_INPUT',
            `工作区里没有 ${y} 年度的数据或报告内容（已有：${have.map((v) => `${v}年`).join('、') || '无'}），请用 --year 指定年度。`,
          );
        }
        const t0 = performance.now();
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
            workspacePath: a.positionals[0] as string,
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
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
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
      stopHeadStart(); // not taken: no further photo is read for it
    }
  },
};
