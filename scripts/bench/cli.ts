/**
 * Bench: how long `qar` takes to start, on `qar info` (whose own work is a few ms): whole processes, paired and
 * interleaved, with the file cache warm (the first run of each is an untimed warm-up; "cold" here means a new
 * process, not an empty disk cache). Sides: bare `node -e 0` (the floor), the bundle run directly, bin/qar.mjs
 * (bundle + its staleness check), `npm run qar` (what the README tells people to type), and tsx on the sources
 * directly and through npm (`npm run qar:dev`, which is what `npm run qar` was before the bundle). The bundle keeps
 * V8's compiled code between runs (core/cli.ts): warm in every column but the one that empties it before each run
 * (the first run after an install or an update).
 * QAR_BENCH_PAIRS_CLI rounds (default 8). Target from issue #16: `qar info` cold start ≤ 0.5 s, judged on what the
 * installed `qar` command runs (bin/qar.mjs: the staleness check, then the bundle). `npm run qar -- info` is printed
 * beside it with npm's own start (`npm -v`), which that command pays on top and the installed command does not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceInfo } from '../../core/service';
import { ensureCliBundle, ROOT } from '../cli-bundle.mjs';
import { envInt, fmtRatio, fmtSecs, median, NODE, type Proc, ratios, runPaired, runProc } from './lib/measure';

export const name = '命令行启动（qar info，整进程，成对交替）';

const TARGET_MS = 500;

export async function run(): Promise<void> {
  await ensureCliBundle();
  const dir = mkdtempSync(join(tmpdir(), 'qar-bench-cli-'));
  try {
    const qar = join(dir, 'demo.qar');
    await runProc({ label: 'demo', cmd: NODE, args: [join(ROOT, 'out/cli/cli.mjs'), 'demo', '--out', qar] });
    const work: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await workspaceInfo(qar);
      work.push(performance.now() - t0);
    }
    const tsx = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
    const procs: Proc[] = [
      { label: 'node -e 0', cmd: NODE, args: ['-e', '0'] },
      { label: 'node out/cli/cli.mjs info', cmd: NODE, args: [join(ROOT, 'out/cli/cli.mjs'), 'info', qar] },
      {
        label: 'node out/cli/cli.mjs info（编译缓存为空）',
        cmd: NODE,
        args: [join(ROOT, 'out/cli/cli.mjs'), 'info', qar],
        env: { ...process.env, QAR_CACHE_DIR: join(dir, 'cache') },
        prepare: () => rmSync(join(dir, 'cache.code'), { recursive: true, force: true }),
      },
      { label: 'node bin/qar.mjs info', cmd: NODE, args: [join(ROOT, 'bin/qar.mjs'), 'info', qar] },
      { label: 'npm -v（npm 自身的启动）', cmd: 'npm', args: ['-v'], cwd: ROOT },
      { label: 'npm run qar -- info', cmd: 'npm', args: ['run', '-s', 'qar', '--', 'info', qar], cwd: ROOT },
      { label: 'tsx core/cli.ts info', cmd: NODE, args: [tsx, join(ROOT, 'core/cli.ts'), 'info', qar] },
      { label: 'npm run qar:dev -- info', cmd: 'npm', args: ['run', '-s', 'qar:dev', '--', 'info', qar], cwd: ROOT },
    ];
    const rounds = envInt('QAR_BENCH_PAIRS_CLI', 8);
    const t = await runPaired(procs, rounds);
    const floor = t.get('node -e 0') ?? [];
    console.log(`工作本身（进程内 workspaceInfo，20 次）：中位数 ${median(work).toFixed(1)} ms`);
    for (const p of procs) {
      const xs = t.get(p.label) ?? [];
      const rel = p.label === 'node -e 0' ? '' : `，相当于裸 Node 启动的 ${fmtRatio(ratios(xs, floor))} 倍`;
      console.log(`  ${p.label.padEnd(32)} ${fmtSecs(xs)}${rel}`);
    }
    const installed = t.get('node bin/qar.mjs info') ?? [];
    const now = t.get('npm run qar -- info') ?? [];
    const before = t.get('npm run qar:dev -- info') ?? [];
    const npmOwn = t.get('npm -v（npm 自身的启动）') ?? [];
    const met = (xs: number[]) => (median(xs) <= TARGET_MS ? '达到' : '未达到');
    console.log(
      `★ qar info（安装后的 qar 命令，即 node bin/qar.mjs）：中位数 ${(median(installed) / 1000).toFixed(2)} s（目标 ≤ ${TARGET_MS / 1000} s：${met(installed)}）`,
    );
    console.log(
      `  npm run qar -- info：中位数 ${(median(now) / 1000).toFixed(2)} s（≤ ${TARGET_MS / 1000} s：${met(now)}；其中 npm 自身启动约 ${(median(npmOwn) / 1000).toFixed(2)} s）；` +
        `打包前（tsx，经 npm）/ 现在：${fmtRatio(ratios(before, now))}（${rounds} 轮）`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
