/**
 * 导出 Word / PDF as one job: open the workspace read-only, build the report model, write the .docx, reporting
 * progress; for a PDF, have LibreOffice convert that .docx (core/pdf). Runs in the desktop app's worker thread
 * (electron/report-worker.ts) and in-process in the browser host and tests. Writes to a temp file beside the target
 * and renames it, so a failed export never leaves a half-written document over a good one.
 */
import { statSync } from 'node:fs';
import type { ReportJob, ReportJobResult, ReportProgress } from '../api/context';
import { buildReportModel, loadFramework, writeReportDocx } from '../api/deps';
import { chartFigureDecisions, describeChartDecisions } from '../docx/chart-choice';
import { getReportStyles } from '../docx/styles';
import { tocPagesNote } from '../docx/toc-note';
import { unmatchedImagesNotice } from '../docx/unmatched-images';
import type { TocPagesInfo } from '../docx/write';
import { QarError } from '../errors';
import { writeAtomically } from '../fs/atomic';
import { docxToPdfWithLibreOffice, PDF_ENGINE_TEXT } from '../pdf/report-pdf';
import { openWorkspace } from '../service';

export async function runReportExport(
  job: ReportJob,
  onProgress: (p: ReportProgress) => void = () => {},
): Promise<ReportJobResult> {
  const format = job.format ?? 'docx';
  const ext = format === 'pdf' ? /\.pdf$/i : /\.docx$/i;
  if (!ext.test(job.outPath))
    throw new QarError(
      'BAD_INPUT',
      format === 'pdf' ? 'PDF 报告的文件名须以 .pdf 结尾。' : 'Word 报告的文件名须以 .docx 结尾。',
    );
  const charts = job.charts ?? 'native';
  onProgress({ stage: 'open', percent: 2, message: '正在读取工作区…' });
  // check 'read', as `qar report` (core/cli/report.ts): every table but the images and the history is checked in
  // full, and each image the report prints is checked as it is read against the sha256 recorded for it
  // (checkedAssets), so the photos are read once, not once more by integrity_check at every export; bytes unlike
  // their record get the whole file's quick_check there and then, and a file that fails it is refused
  const session = await openWorkspace(job.workspacePath, { readonly: true, check: 'read' });
  // a PDF's steps take the first 70 %; LibreOffice the rest
  const scale = format === 'pdf' ? 0.7 : 1;
  try {
    const ws = session.getWorkspace();
    const images = session.checkedAssets(ws.assets);
    const fw = loadFramework(ws.framework, ws.storedFramework);
    onProgress({ stage: 'model', percent: 10, message: '正在编排报告结构…' });
    const model = buildReportModel(ws, fw, { year: job.year });
    const stageName = { images: '图片', charts: '图表', document: '正文', pages: '目录页码', pack: '打包' } as const;
    const styles = getReportStyles(job.layout ?? 'official');
    let tocPages: TocPagesInfo | undefined;
    const docx = await writeReportDocx(
      model,
      images.assetBytes,
      styles,
      ({ stage, done, total }) => {
        const base = { images: 15, charts: 30, pages: 55, document: 80, pack: 90 }[stage];
        const span = { images: 15, charts: 25, pages: 25, document: 10, pack: 5 }[stage];
        const percent = Math.min(95, base + Math.round((span * done) / Math.max(1, total)));
        onProgress({
          stage,
          percent: Math.round(percent * scale),
          message: `正在生成${stageName[stage]}（${done}/${total}）…`,
        });
      },
      {
        charts,
        assetSha256: images.assetSha256,
        onTocPages: (info) => {
          tocPages = info;
        },
      },
    );
    const chartNote = describeChartDecisions(chartFigureDecisions(model, styles, charts));
    const imagesNote = images.unmatched.length > 0 ? unmatchedImagesNotice(images.unmatched) : '';
    if (format === 'pdf') {
      onProgress({ stage: 'pdf', percent: 72, message: '正在用 LibreOffice 转换 PDF…' });
      const pdf = await docxToPdfWithLibreOffice(docx, job.outPath);
      onProgress({ stage: 'done', percent: 100, message: '导出完成' });
      const how = `PDF 由${PDF_ENGINE_TEXT.libreoffice}${pdf.fieldsUpdated ? '' : '（目录页码未能刷新）'}`;
      return {
        path: pdf.path,
        bytes: pdf.bytes,
        engine: 'libreoffice',
        note: [how, chartNote].filter(Boolean).join('；'),
        ...(imagesNote ? { warning: imagesNote } : {}),
      };
    }
    writeAtomically(job.outPath, docx, '文件是否正在 Word 中打开');
    const bytes = statSync(job.outPath).size;
    onProgress({ stage: 'done', percent: 100, message: '导出完成' });
    return {
      path: job.outPath,
      bytes,
      note: [chartNote, tocPagesNote(tocPages)].filter(Boolean).join('；'),
      ...(imagesNote ? { warning: imagesNote } : {}),
    };
  } finally {
    session.close();
  }
}
