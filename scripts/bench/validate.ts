/**
 * Bench: validating the demo school against the shipped 高职 framework (its rule and indicator counts are printed
 * as read from the framework: 83 rules of which 64 switched on, 83 indicators; plus the narrative scan).
 * Two figures, judged separately:
 *  - the engine alone, in process: one workspace many times (median / p95, first run incl. compiling the
 *    framework), the same school as a new object each time (what the app validates after an edit: the workspace
 *    read again from the file), then 200 different workspaces (the demo with its values varied, as a district reviewer would
 *    validate a batch). Target ≤ 20 ms per workspace.
 *  - the whole `qar validate FILE.qar` process (start-up, open + checks, read, validate, print), the bundled CLI
 *    and tsx paired and interleaved, and what share of it the engine is. QAR_BENCH_PAIRS_VALIDATE (default 6).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFramework } from '../../core/framework/registry';
import type { Workspace } from '../../core/model';
import { validateWorkspace } from '../../core/validate/engine';
import { buildDemoExport } from '../../seeds/demo/index';
import { variant } from '../../tests/fixtures/validate/variants';
import { ensureCliBundle, ROOT } from '../cli-bundle.mjs';
import {
  envInt,
  fmtRatio,
  fmtSecs,
  median as medianOf,
  NODE,
  type Proc,
  ratios,
  runPaired,
  runProc,
} from './lib/measure';

export const name = '校验引擎';

const TARGET_MS = 20;
const ITERATIONS = 300;
const BATCH = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function fmt(ms: number): string {
  return `${ms.toFixed(2)} ms`;
}

export async function run(): Promise<void> {
  const demo = (await buildDemoExport()) as Workspace;
  const fw = getFramework(demo.framework.id);
  const on = fw.rules.filter((r) => r.enabled !== false).length;
  console.log(
    `框架 ${fw.id}：${fw.tables.reduce((n, t) => n + t.indicators.length, 0)} 项指标、${fw.rules.length} 条规则` +
      `（启用 ${on} 条，关闭 ${fw.rules.length - on} 条）；` +
      `示例学校 ${demo.values.length} 项数据、${demo.blocks.length} 个内容块`,
  );

  let t0 = performance.now();
  const first = validateWorkspace(demo, fw);
  const firstMs = performance.now() - t0;
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    t0 = performance.now();
    validateWorkspace(demo, fw);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const engineMedian = percentile(times, 50);
  const p95 = percentile(times, 95);
  console.log(
    `单个工作区 ×${ITERATIONS}：中位数 ${fmt(engineMedian)}，p95 ${fmt(p95)}，首次（含编译框架）${fmt(firstMs)}；` +
      `结果 错误 ${first.summary.error} / 警告 ${first.summary.warning} / 提示 ${first.summary.info}` +
      `  [目标 ≤ ${TARGET_MS} ms：${p95 <= TARGET_MS ? '达到' : '未达到'}]`,
  );

  // what the app validates after an edit: the workspace as read again from the file, a new object each time
  const copies = Array.from({ length: ITERATIONS }, () => structuredClone(demo));
  const fresh: number[] = [];
  for (const ws of copies) {
    t0 = performance.now();
    validateWorkspace(ws, fw);
    fresh.push(performance.now() - t0);
  }
  fresh.sort((a, b) => a - b);
  console.log(
    `同一学校每次重新读出（新对象，如编辑后的校验）×${ITERATIONS}：中位数 ${fmt(percentile(fresh, 50))}，p95 ${fmt(percentile(fresh, 95))}`,
  );

  const batch = Array.from({ length: BATCH }, (_, i) => variant(demo, i));
  let findings = 0;
  t0 = performance.now();
  for (const ws of batch) findings += validateWorkspace(ws, fw).findings.length;
  const total = performance.now() - t0;
  const per = total / BATCH;
  console.log(
    `${BATCH} 个不同工作区（同一进程）：共 ${fmt(total)}，平均每个 ${fmt(per)}，共 ${findings} 条发现` +
      `  [目标 ≤ ${TARGET_MS} ms：${per <= TARGET_MS ? '达到' : '未达到'}]`,
  );

  // the whole process
  await ensureCliBundle();
  const dir = mkdtempSync(join(tmpdir(), 'qar-bench-validate-'));
  try {
    const qar = join(dir, 'demo.qar');
    await runProc({ label: 'demo', cmd: NODE, args: [join(ROOT, 'out/cli/cli.mjs'), 'demo', '--out', qar] });
    const procs: Proc[] = [
      { label: 'bundle', cmd: NODE, args: [join(ROOT, 'out/cli/cli.mjs'), 'validate', qar] },
      {
        label: 'tsx',
        cmd: NODE,
        args: [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'core/cli.ts'), 'validate', qar],
      },
    ];
    const rounds = envInt('QAR_BENCH_PAIRS_VALIDATE', 6);
    const t = await runPaired(procs, rounds);
    const b = t.get('bundle') ?? [];
    const x = t.get('tsx') ?? [];
    console.log(
      `qar validate 整进程（${rounds} 轮成对交替）：打包 ${fmtSecs(b)}；tsx ${fmtSecs(x)}；tsx/打包 ${fmtRatio(ratios(x, b))}`,
    );
    console.log(
      `  其中校验引擎（中位数 ${fmt(engineMedian)}）约占整进程的 ${((engineMedian / medianOf(b)) * 100).toFixed(1)}%`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
