/**
 * Draws the charts of the demo school's report (and one more) as the export does and prints each picture's SHA-1
 * and how many font families the canvas knows, as JSON on stdout: run in a child process by
 * tests/charts-render.test.ts, with the environment under test.
 */
import { createHash } from 'node:crypto';
import { canvasModule } from '../../core/charts/canvas-module';
import { renderChartPng } from '../../core/charts/render-node';
import type { ChartSpec } from '../../core/charts/spec';
import { figuresOf } from '../../core/docx/media';
import { buildReportModel } from '../../core/report/build';
import { buildDemoExport, demoFramework } from '../../seeds/demo/index';

/** The specs drawn: the demo's charts, plus labels in scripts no CJK font covers (drawn as the font draws them). */
export function chartSpecsForHashes(): ChartSpec[] {
  const demo = buildReportModel(buildDemoExport(), demoFramework());
  const specs = figuresOf(demo).flatMap((f) => (f.chart ? [f.chart] : []));
  const first = specs[0];
  if (!first) throw new Error('the demo has no chart');
  return [...specs, { ...first, categories: first.categories.map((c, i) => `${c} مرحبا ไทย 𠀀${i}`) }];
}

export async function chartHashes(): Promise<string[]> {
  const out: string[] = [];
  for (const spec of chartSpecsForHashes())
    out.push(
      createHash('sha1')
        .update(await renderChartPng(spec, { showTitle: false, dpi: 220 }))
        .digest('hex'),
    );
  return out;
}

if (process.argv[1]?.endsWith('chart-hashes.ts')) {
  chartHashes().then((hashes) => {
    const families = canvasModule().GlobalFonts.families.length;
    process.stdout.write(`${JSON.stringify({ hashes, families })}\n`);
  });
}
