/**
 * Bench: Excel export/import of the demo school's indicator values (6 sheets, 3 years), and how fast a zip bomb
 * is refused. Each figure is the median of RUNS runs in process (max beside it).
 * Targets: export ≤ 1 s, read + plan ≤ 1 s, bomb refusal ≤ 5 s (it is inflated up to the 60 MB cap).
 */
import JSZip from 'jszip';
import { getFramework } from '../../core/framework/registry';
import { exportValuesXlsx } from '../../core/xlsx/export';
import { parseValuesXlsx } from '../../core/xlsx/import';
import { planValueChanges } from '../../core/xlsx/plan';
import { buildDemoExport } from '../../seeds/demo/index';
import { median } from './lib/measure';

export const name = 'Excel 导入导出（指标数据表）';

const RUNS = 5;

function line(label: string, times: number[], target: number): void {
  const m = median(times);
  console.log(
    `${label}: 中位数 ${m.toFixed(0)} ms，最大 ${Math.max(...times).toFixed(0)} ms（${times.length} 次；目标 ≤ ${target} ms，${m <= target ? '达标' : '未达标'}）`,
  );
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number[]]> {
  const times: number[] = [];
  let r: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    r = await fn();
    times.push(performance.now() - t0);
  }
  return [r as T, times];
}

export async function run(): Promise<void> {
  const ws = buildDemoExport();
  const fw = getFramework(ws.framework.id);
  const [bytes, exportMs] = await timed(() => exportValuesXlsx(ws, fw));
  line(`导出示例学校指标数据（${(bytes.length / 1024).toFixed(1)} KB）`, exportMs, 1000);
  const [[parsed, plan], readMs] = await timed(async () => {
    const p = await parseValuesXlsx(bytes, fw, [2022, 2023, 2024]);
    return [p, planValueChanges(ws, fw, p.changes)] as const;
  });
  line(`读取并比对（${parsed.changes.length} 个数值，${plan.length} 项不同）`, readMs, 1000);

  const z = new JSZip();
  z.file('xl/workbook.xml', '<workbook/>');
  z.file('xl/worksheets/sheet1.xml', Buffer.alloc(200 * 1024 * 1024));
  const bomb = await z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  const [refused, bombMs] = await timed(() =>
    parseValuesXlsx(bomb, fw, [2024]).then(
      () => false,
      () => true,
    ),
  );
  line(
    `拒绝 ${(bomb.length / 1024).toFixed(0)} KB 的压缩炸弹（解压 200 MB）${refused ? '' : '【未拒绝！】'}`,
    bombMs,
    5000,
  );
}
