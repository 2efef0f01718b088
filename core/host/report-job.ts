/**
 * 导出 Word as one job: open the workspace read-only, build the report model, write the .docx, reporting
 * progress. Runs in the desktop app's worker thread (electron/report-worker.ts) and in-process in the browser
 * host and tests. Writes to a temp file beside the target and renames it, so a failed export never leaves a
 * half-written document over a good one.
 */
import { statSync } from 'node:fs';
import type { ReportJob, ReportProgress } from '../api/context';
import { buildReportModel, loadFramework, writeReportDocx } from '../api/deps';
import { getReportStyles } from '../docx/styles';
import { QarError } from '../errors';
import { writeAtomically } from '../fs/atomic';
import { openWorkspace } from '../service';

export async function runReportExport(
  job: ReportJob,
  onProgress: (p: ReportProgress) => void = () => {},
): Promise<{ path: string; bytes: number }> {
  if (!/\.docx$/i.test(job.outPath)) throw new QarError('BAD_INPUT', 'Word 报告的文件名须以 .docx 结尾。');
  onProgress({ stage: 'open', percent: 2, message: '正在读取工作区…' });
  const session = await openWorkspace(job.workspacePath, { readonly: true });
  try {
    const ws = session.getWorkspace();
    const fw = loadFramework(ws.framework, ws.storedFramework);
    onProgress({ stage: 'model', percent: 10, message: '正在编排报告结构…' });
    const model = buildReportModel(ws, fw, { year: job.year });
    const stageName = { images: '图片', charts: '图表', document: '正文', pages: '目录页码', pack: '打包' } as const;
    const docx = await writeReportDocx(
      model,
      (id) => session.getAssetBytes(id),
      getReportStyles(job.layout ?? 'official'),
      ({ stage, done, total }) => {
        const base = { images: 15, charts: 30, pages: 55, document: 80, pack: 90 }[stage];
        const span = { images: 15, charts: 25, pages: 25, document: 10, pack: 5 }[stage];
        const percent = Math.min(95, base + Math.round((span * done) / Math.max(1, total)));
        onProgress({ stage, percent, message: `正在生成${stageName[stage]}（${done}/${total}）…` });
      },
    );
    writeAtomically(job.outPath, docx, '文件是否正在 Word 中打开');
    const bytes = statSync(job.outPath).size;
    onProgress({ stage: 'done', percent: 100, message: '导出完成' });
    return { path: job.outPath, bytes };
  } finally {
    session.close();
  }
}
