/**
 * Bench: district review at growing scale. Workspaces: 4 of every 5 are 高职 copies of the demo school (with its
 * 10 photos, ~1.3 MB a file, values scaled and graduates shifted so every school differs), 1 of 5 a 中职 school
 * from the review test fixtures; generated once into the temp folder (an atomic, hash-checked fixture;
 * QAR_BENCH_FRESH=1 rebuilds).
 *  - growth curve: the whole `qar review FILES… --out SUMMARY.xlsx` process (bundled CLI, start-up and the file
 *    write included) for each size in QAR_BENCH_REVIEW_SIZES (default 20,100; issue #16 asks for 20,100,400,1000):
 *    wall time, CPU time (user + system, all threads) and peak RSS (GNU time), per school and per added school,
 *    so flat memory shows as a flat slope. The schools are checked on worker threads (core/review/review-files.ts
 *    reviewThreads: one per core on 4 or more, one thread and the main one on 2–3): wall below CPU time is that
 *    parallelism; on a machine others are using, CPU
 *    time and the paired ratio are the figures to read.
 *    Each size runs QAR_BENCH_REVIEW_RUNS times (default 1; the largest size at least twice): median and range.
 *    Target (issue #16): 1 000 schools ≤ 10 s and ≤ 300 MB, printed as met or not, never judged by a test.
 *    QAR_BENCH_BASE_CLI=…/out/cli/cli.mjs (another build, say main's) runs beside ours, paired and interleaved,
 *    with the ratio ours/base: on a machine others are using, that ratio is the figure to read.
 *  - where the time goes, in process on the first 100: the streamed review (hash, open read-only, read,
 *    validate, aggregate) on the worker threads and on this thread alone and the .xlsx; then the .docx summary
 *    and the district draft of those 100 as whole processes with their page pass (scripts/bench/lib/review-docx.ts).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFramework } from '../../core/framework/registry';
import type { WorkspaceExport } from '../../core/model';
import { reviewFiles, reviewThreads } from '../../core/review/review-files';
import { writeReviewXlsx } from '../../core/review/xlsx';
import { writeExportAsWorkspace } from '../../core/service';
import { latestSchemaVersion } from '../../db/migrate';
import { buildDemoExport } from '../../seeds/demo/index';
import { ownCase, schoolExport } from '../../tests/fixtures/review/schools';
import { ensureCliBundle, ROOT } from '../cli-bundle.mjs';
import { ensureFixture } from './lib/fixture';
import { envInt, fmtRatio, median, NODE, type ProcRun, ratios, runProc } from './lib/measure';
import { wordOutputs } from './lib/review-docx';

export const name = '区域审阅（规模增长曲线，整进程）';

/** The demo school with its photos, scaled by k and with `move` graduates shifted to 待就业 each year. */
function variedDemo(base: WorkspaceExport, i: number): WorkspaceExport {
  const k = 1 + (i % 4) * 0.25;
  const move = (i * 7) % 200;
  const fw = getFramework('cn-2024-gaozhi');
  const scaled = new Set(
    fw.tables.flatMap((t) =>
      t.indicators
        .filter((ind) => !ind.formula && (ind.type === 'count' || (ind.type === 'money' && ind.unit.includes('万'))))
        .map((ind) => ind.id),
    ),
  );
  const typeOf = new Map(fw.tables.flatMap((t) => t.indicators).map((x) => [x.id, x.type]));
  const values = base.values.map((v) => {
    if (v.value === null || !scaled.has(v.indicatorId)) return v;
    let value = typeOf.get(v.indicatorId) === 'count' ? Math.round(v.value * k) : Math.round(v.value * k * 100) / 100;
    if (v.indicatorId === 'grad_contract') value -= move;
    if (v.indicatorId === 'grad_unplaced') value += move;
    return { ...v, value };
  });
  const name = `示例第${i + 1}职业技术学院`;
  return {
    ...base,
    profile: { ...base.profile, name, code: `G${String(i + 1).padStart(4, '0')}` },
    values,
    // each school's own cases: one text from many schools is printed once in a district draft (not the same work)
    blocks: base.blocks.map((b) => (b.content.kind === 'case' ? { ...b, content: ownCase(b.content, name) } : b)),
  };
}

const fileName = (i: number) => `${i % 5 === 4 ? 'z' : 'g'}${String(i).padStart(4, '0')}.qar`;

function generate(dir: string, count: number): void {
  const demo = buildDemoExport();
  const zz = getFramework('cn-2024-zhongzhi');
  for (let i = 0; i < count; i++) {
    const exp =
      i % 5 === 4
        ? schoolExport(
            {
              name: `示例第${i + 1}中等职业学校`,
              code: `Z${String(i + 1).padStart(4, '0')}`,
              level: '中职',
              scale: 1 + (i % 3),
              moveToUnplaced: (i * 3) % 50,
            },
            zz,
          )
        : variedDemo(demo, i);
    writeExportAsWorkspace(exp, join(dir, fileName(i)));
  }
}

function line(label: string, ms: number): void {
  console.log(`${label}: ${(ms / 1000).toFixed(2)} s`);
}

function sizes(): number[] {
  const raw = process.env.QAR_BENCH_REVIEW_SIZES ?? '20,100';
  const list = raw
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  return list.length ? [...new Set(list)].sort((a, b) => a - b) : [20, 100];
}

/** issue #16 */
const TARGET = { schools: 1000, ms: 10_000, rssMb: 300 };

const range = (xs: readonly number[], f: (x: number) => string) =>
  xs.length > 1 ? `（${f(Math.min(...xs))}–${f(Math.max(...xs))}）` : '';

export async function run(): Promise<void> {
  await ensureCliBundle();
  const ns = sizes();
  const max = ns.at(-1) as number;
  const fx = await ensureFixture(`qar-bench-review-v4-n${max}-schema${latestSchemaVersion()}`, max, (dir) =>
    generate(dir, max),
  );
  if (fx.built) line(`生成 ${max} 个工作区（一次性，之后复用）`, fx.ms);
  const all = Array.from({ length: max }, (_, i) => join(fx.dir, fileName(i)));
  const runs = envInt('QAR_BENCH_REVIEW_RUNS', 1);
  const baseCli = process.env.QAR_BENCH_BASE_CLI;

  // growth curve: whole processes
  const out = mkdtempSync(join(tmpdir(), 'qar-bench-review-out-'));
  try {
    console.log(
      `qar review 整进程（打包的命令行，输出 .xlsx；时间含启动和写文件，内存为进程峰值 RSS）${baseCli ? `；对照构建 base：${baseCli}` : ''}：`,
    );
    let prev: { n: number; ms: number; rss: number } | undefined;
    let first: { n: number; rss: number } | undefined;
    for (const n of ns) {
      const files = all.slice(0, n);
      const mb = files.reduce((a, p) => a + statSync(p).size, 0) / 1024 / 1024;
      const side = (label: string, cli: string) => ({
        label,
        cmd: NODE,
        args: [cli, 'review', ...files, '--out', join(out, `review-${label}-${n}.xlsx`)],
      });
      const ours: ProcRun[] = [];
      const base: ProcRun[] = [];
      const rounds = n === max ? Math.max(2, runs) : runs;
      for (let r = 0; r < rounds; r++) {
        // paired and interleaved: ours first in even rounds, base first in odd ones
        const order = baseCli && r % 2 === 1 ? ['base', 'ours'] : ['ours', 'base'];
        for (const which of order) {
          if (which === 'ours') ours.push(await runProc(side('ours', join(ROOT, 'out/cli/cli.mjs')), { rss: true }));
          else if (baseCli) base.push(await runProc(side('base', baseCli), { rss: true }));
        }
      }
      const ms = ours.map((r) => r.ms);
      const cpu = ours.map((r) => r.cpuMs ?? Number.NaN);
      const rssList = ours.map((r) => r.maxRssMb ?? Number.NaN);
      const t = median(ms);
      const rss = median(rssList);
      const slope = prev
        ? `；比上一档每多一所 +${((t - prev.ms) / (n - prev.n)).toFixed(1)} ms、+${((rss - prev.rss) / (n - prev.n)).toFixed(3)} MB`
        : '';
      console.log(
        `  ${String(n).padStart(5)} 所（${mb.toFixed(0)} MB）：${(t / 1000).toFixed(2)} s${range(ms, (x) => (x / 1000).toFixed(2))}` +
          `（CPU ${(median(cpu) / 1000).toFixed(2)} s），` +
          `峰值内存 ${rss.toFixed(0)} MB${range(rssList, (x) => x.toFixed(0))}，每所 ${(t / n).toFixed(1)} ms${slope}` +
          `（${ours.length} 次）`,
      );
      if (baseCli && base.length) {
        const bms = base.map((r) => r.ms);
        const brss = base.map((r) => r.maxRssMb ?? Number.NaN);
        const bcpu = base.map((r) => r.cpuMs ?? Number.NaN);
        console.log(
          `         base：${(median(bms) / 1000).toFixed(2)} s${range(bms, (x) => (x / 1000).toFixed(2))}（CPU ${(median(bcpu) / 1000).toFixed(2)} s），峰值内存 ${median(brss).toFixed(0)} MB；` +
            `ours/base 时间 ${fmtRatio(ratios(ms, bms))}，CPU ${fmtRatio(ratios(cpu, bcpu))}，内存 ${fmtRatio(ratios(rssList, brss))}`,
        );
      }
      prev = { n, ms: t, rss };
      first ??= { n, rss };
      if (n === TARGET.schools) {
        const okT = t <= TARGET.ms;
        const okM = rss <= TARGET.rssMb;
        console.log(
          `  目标（issue #16）：${TARGET.schools} 所 ≤ ${TARGET.ms / 1000} s ${okT ? '达标' : '未达标'}，≤ ${TARGET.rssMb} MB ${okM ? '达标' : '未达标'}` +
            `（本机负载 ${loadavg()[0]?.toFixed(1)}，2 核；负载高时时间只作参考，以 ours/base 比值为准）`,
        );
      }
    }
    if (first && prev && prev.n > first.n) {
      console.log(
        `  内存增长：${first.n} → ${prev.n} 所，峰值 ${first.rss.toFixed(0)} → ${prev.rss.toFixed(0)} MB（每多一所 +${((prev.rss - first.rss) / (prev.n - first.n)).toFixed(3)} MB）`,
      );
    }
    if (!ns.includes(TARGET.schools))
      console.log(`  （目标按 ${TARGET.schools} 所判断：QAR_BENCH_REVIEW_SIZES=20,100,400,1000）`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }

  // where the time goes, in process
  const paths = all.slice(0, Math.min(100, max));
  const tHere = performance.now();
  await reviewFiles(paths, { threads: 0 });
  const t0 = performance.now();
  const shared = reviewThreads(1000, availableParallelism()); // how qar review shares out a province's files here
  const s = await reviewFiles(paths, shared);
  const tReview = performance.now();
  const xlsx = await writeReviewXlsx(s);
  const tXlsx = performance.now();
  console.log(`进程内分段（${paths.length} 所）：`);
  line('  逐校：SHA-256 + 只读打开 + 读取 + 校验，再合规矩阵 + 区域汇总（本线程逐所）', t0 - tHere);
  line(
    `  同上，各校在 ${shared.threads} 个工作线程${shared.hereToo ? '和本线程' : ''}上检查（qar review 的做法；此处线程从源码经 tsx 启动，含转译时间）`,
    tReview - t0,
  );
  line(`  写 .xlsx（${(xlsx.length / 1024).toFixed(0)} KB）`, tXlsx - tReview);
  const unchanged = s.files.every((f) => f.sha256Before !== '' && f.sha256Before === f.sha256After);
  console.log(
    `  审阅 ${s.schools.length} 所，跳过 ${s.files.length - s.schools.length} 个；规则列 ${s.matrix.rules.length}；问题 ${s.findings.length} 条；文件均未改动：${unchanged ? '是' : '否'}`,
  );
  // the two Word outputs, whole processes with the page pass (scripts/bench/lib/review-docx.ts)
  await wordOutputs(paths, baseCli);
}
