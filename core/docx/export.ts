/**
 * One call from a workspace to .docx bytes, with the real chart renderer (Node canvas): what the CLI, the
 * app's export worker and the benchmark use. Node-only (sharp, @napi-rs/canvas); the renderer never imports it.
 */
import { renderChartPng } from '../charts/render-node';
import type { Framework } from '../framework/schema';
import type { Workspace } from '../model';
import { type BuildReportOptions, buildReportModel } from '../report/build';
import type { ReportModel } from '../report/model';
import type { ReportStyles } from './styles';
import { type ProgressFn, writeReportDocx } from './write';

export interface ExportReportOptions extends BuildReportOptions {
  styles?: ReportStyles;
  onProgress?: ProgressFn;
}

export async function exportReportDocx(
  ws: Workspace,
  fw: Framework,
  assetBytes: (id: string) => Buffer | Uint8Array | Promise<Buffer | Uint8Array>,
  opts: ExportReportOptions = {},
): Promise<{ model: ReportModel; docx: Buffer }> {
  const model = buildReportModel(ws, fw, opts);
  const docx = await writeReportDocx(model, {
    assetBytes,
    // the caption is printed under the figure, so the picture carries no title of its own
    renderChart: (spec, size) => renderChartPng(spec, { ...size, showTitle: false }),
    ...(opts.styles ? { styles: opts.styles } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  return { model, docx };
}
