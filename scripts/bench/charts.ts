/**
 * Bench: chart PNGs for the Word report (bar and line, 600 × 340 logical px at 250 dpi) and the image
 * pipeline on a phone-sized photo (4000 × 3000 JPEG -> 2400 px storage copy -> 1800 px print copy).
 * Targets: a chart PNG ≤ 600 ms (toolchain.md measured 0.1–0.6 s), prepareImage of a 12 MP photo ≤ 1.5 s.
 */
import sharp from 'sharp';
import { renderChartPng } from '../../core/charts/render-node';
import type { ChartSpec } from '../../core/charts/spec';
import { prepareImage, prepareImageForPrint } from '../../core/images';

export const name = '图表与图片处理';

const CHART_TARGET_MS = 600;
const IMAGE_TARGET_MS = 1500;

const bar: ChartSpec = {
  type: 'bar',
  title: '2022-2024年毕业生就业半年内平均月收入（元）',
  categories: ['2022届', '2023届', '2024届'],
  series: [
    { label: '高职', values: [4000.85, 4150, 4322.5], kind: 'bar', role: 'data', decimals: 2 },
    { label: '中职', values: [3500.2, null, 3720.65], kind: 'bar', role: 'compare', decimals: 2 },
    { label: '国家标准 4200', values: [4200, 4200, 4200], kind: 'line', dashed: true, role: 'reference', decimals: 0 },
  ],
  unit: '元',
  yAxisLabel: '元',
  decimals: 2,
  yMin: 0,
  yMax: 5000,
  yStep: 1000,
  source: '',
  warnings: [],
};
const line: ChartSpec = {
  ...bar,
  type: 'line',
  title: '2020-2024年毕业去向落实率',
  categories: ['2020届', '2021届', '2022届', '2023届', '2024届'],
  series: [
    { label: '高职', values: [88.1, 89.5, 91.2, 92.57, 93.1], kind: 'line', role: 'data', decimals: 2 },
    {
      label: '重庆市目标 90%',
      values: [90, 90, 90, 90, 90],
      kind: 'line',
      dashed: true,
      role: 'reference',
      decimals: 0,
    },
  ],
  unit: '%',
  yAxisLabel: '',
  yMin: 80,
  yMax: 100,
  yStep: 5,
};

async function timeIt(label: string, runs: number, target: number, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm-up: font registration, Chart.js registration, sharp init
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  const max = times[times.length - 1]!;
  const verdict = median <= target ? 'ok' : 'MISSED';
  console.log(`${label}: median ${median.toFixed(0)} ms, max ${max.toFixed(0)} ms (target ≤ ${target} ms: ${verdict})`);
}

/** A 4000 × 3000 photo-like JPEG (gradients plus grain), about what a phone gives. */
async function phonePhoto(): Promise<Buffer> {
  const w = 4000;
  const h = 3000;
  const raw = Buffer.alloc(w * h * 3);
  let s = 1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      const i = (y * w + x) * 3;
      const g = (s >> 16) & 15;
      raw[i] = ((x * 200) / w + g) | 0;
      raw[i + 1] = ((y * 200) / h + g) | 0;
      raw[i + 2] = 120 + g;
    }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

export async function run(): Promise<void> {
  const barPng = await renderChartPng(bar);
  const linePng = await renderChartPng(line);
  console.log(
    `chart PNG sizes: bar ${(barPng.length / 1024).toFixed(0)} KB, line ${(linePng.length / 1024).toFixed(0)} KB`,
  );
  await timeIt('bar chart PNG (600×340 @ 250 dpi)', 10, CHART_TARGET_MS, () => renderChartPng(bar));
  await timeIt('line chart PNG (600×340 @ 250 dpi)', 10, CHART_TARGET_MS, () => renderChartPng(line));

  const photo = await phonePhoto();
  console.log(`input photo: 4000×3000 JPEG, ${(photo.length / 1024 / 1024).toFixed(1)} MB`);
  const stored = await prepareImage(photo);
  console.log(`stored copy: ${stored.width}×${stored.height} ${stored.mime}, ${(stored.bytes / 1024).toFixed(0)} KB`);
  await timeIt('prepareImage 4000×3000 JPEG -> 2400 px', 5, IMAGE_TARGET_MS, () => prepareImage(photo));
  await timeIt('prepareImageForPrint 2400 px -> 1800 px, q82', 5, IMAGE_TARGET_MS, () =>
    prepareImageForPrint(stored.data, { maxWidthPx: 1800, quality: 82 }),
  );
}
