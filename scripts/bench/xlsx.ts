/**
 * Bench: Excel export/import of the demo school's indicator values (6 sheets, 3 years), and how fast a zip bomb
 * is refused. Targets: export ≤ 1 s, read + plan ≤ 1 s, bomb refusal ≤ 5 s (it is inflated up to the 60 MB cap).
 */
import JSZip from 'jszip';
import { getFramework } from '../../core/framework/registry';
import { exportValuesXlsx } from '../../core/xlsx/export';
import { parseValuesXlsx } from '../../core/xlsx/import';
import { planValueChanges } from '../../core/xlsx/plan';
import { buildDemoExport } from '../../seeds/demo/index';

export const name = 'Excel 导入导出（指标数据表）';

function line(label: string, ms: number, target: number): void {
  console.log(`${label}: ${ms.toFixed(0)} ms（目标 ≤ ${target} ms，${ms <= target ? '达标' : '未达标'}）`);
}

export async function run(): Promise<void> {
  const ws = buildDemoExport();
  const fw = getFramework(ws.framework.id);
  let t0 = performance.now();
  const bytes = await exportValuesXlsx(ws, fw);
  line(`导出示例学校指标数据（${(bytes.length / 1024).toFixed(1)} KB）`, performance.now() - t0, 1000);
  t0 = performance.now();
  const parsed = await parseValuesXlsx(bytes, fw, [2022, 2023, 2024]);
  const plan = planValueChanges(ws, fw, parsed.changes);
  line(`读取并比对（${parsed.changes.length} 个数值，${plan.length} 项不同）`, performance.now() - t0, 1000);

  const z = new JSZip();
  z.file('xl/workbook.xml', '<workbook/>');
  z.file('xl/worksheets/sheet1.xml', Buffer.alloc(200 * 1024 * 1024));
  const bomb = await z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  t0 = performance.now();
  const refused = await parseValuesXlsx(bomb, fw, [2024]).then(
    () => false,
    () => true,
  );
  line(
    `拒绝 ${(bomb.length / 1024).toFixed(0)} KB 的压缩炸弹（解压 200 MB）${refused ? '' : '【未拒绝！】'}`,
    performance.now() - t0,
    5000,
  );
}
