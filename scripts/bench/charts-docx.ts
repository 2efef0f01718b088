/**
 * Bench: the demo school's charts in the Word report, as pictures (7 PNGs at print size, 220 dpi) and as native
 * editable charts (ChartRun + embedded workbooks + the unit-title pass): the whole .docx written both ways, so the
 * difference is what the chart mode costs. Median of 3 runs each, after one warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderChartPng } from '../../core/charts/render-node';
import { writeReportDocx } from '../../core/docx/write';
import { frameworkOf } from '../../core/framework/resolve';
import { buildReportModel } from '../../core/report/build';
import { openWorkspace, writeExportAsWorkspace } from '../../core/service';
import { buildDemoExport } from '../../seeds/demo/index';

export const name = '报告中的图表（图片 / 可编辑图表）';

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qar-bench-charts-docx-'));
  const qar = join(dir, 'demo.qar');
  writeExportAsWorkspace(buildDemoExport(), qar);
  const session = await openWorkspace(qar, { readonly: true });
  try {
    const ws = session.getWorkspace();
    const model = buildReportModel(ws, frameworkOf(ws.framework));
    const write = (charts: 'png' | 'native') =>
      writeReportDocx(model, {
        assetBytes: (id) => session.getAssetBytes(id),
        renderChart: (spec, size) => renderChartPng(spec, { ...size, showTitle: false }),
        charts,
      });
    for (const mode of ['png', 'native'] as const) {
      await write(mode);
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        bytes = (await write(mode)).length;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      console.log(
        `demo report .docx with charts as ${mode === 'png' ? 'PNG pictures' : 'native charts'}: median ${times[1]!.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(' / ')}), ${(bytes / 1024).toFixed(0)} KB`,
      );
    }
  } finally {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
