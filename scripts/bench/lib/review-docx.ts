/**
 * Bench: the district reviewer's two Word outputs, as the reviewer makes them: `qar review FILES… --out X.docx`
 * (the review summary) and `qar district FILES… --out Y.docx` (the district report draft), whole processes of the
 * bundled CLI, with the page pass over LibreOffice that gives their 目录 its page numbers (it was timed in process
 * with docx's own estimate before, which is not what the CLI runs). Each run starts with an empty export cache
 * (no page facts kept from an earlier run) and a LibreOffice profile template made by an untimed warm-up run, as
 * a reviewer's machine has after its first export. CPU time counts LibreOffice too: the runs go through a small
 * Python parent that adopts and waits for every descendant (prctl CHILD_SUBREAPER), so LibreOffice's own
 * time, spent after the CLI has handed it the probe, is in the figure.
 * QAR_BENCH_BASE_CLI=…/out/cli/cli.mjs runs that build beside ours, paired and interleaved (ours/base ratios:
 * on a machine others are using, those are the figures to read). QAR_BENCH_DOCX_RUNS rounds (default 1).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../cli-bundle.mjs';
import { envInt, fmtRatio, median, NODE, ratios, runProc } from './measure';

/** Runs argv as a child subreaper, waits for every descendant, prints its CPU time (user + sys) on stderr. */
const SUBREAPER = `
import ctypes, os, resource, subprocess, sys, time
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans (LibreOffice) come to us
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("QARCPU %.3f" % (r.ru_utime + r.ru_stime), file=sys.stderr)
sys.exit(rc)
`;

interface Run {
  ms: number;
  cpu: number;
}

const secs = (xs: readonly number[]) =>
  `${(median(xs) / 1000).toFixed(1)} s${xs.length > 1 ? `（${(Math.min(...xs) / 1000).toFixed(1)}–${(Math.max(...xs) / 1000).toFixed(1)}）` : ''}`;

export async function wordOutputs(paths: readonly string[], baseCli: string | undefined): Promise<void> {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/python3')) {
    console.log('Word 输出（整进程）：需要 Linux 和 python3 统计 LibreOffice 的 CPU 时间，本机跳过。');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'qar-bench-review-docx-'));
  const sides = [['ours', join(ROOT, 'out/cli/cli.mjs')] as const, ...(baseCli ? [['base', baseCli] as const] : [])];
  const jobs = [
    { what: '审阅汇总 .docx（qar review --out）', args: (out: string) => ['review', ...paths, '--out', out] },
    {
      what: '区域报告草稿 .docx（qar district）',
      args: (out: string) => ['district', ...paths, '--out', out, '--name', '示例区'],
    },
  ];
  const rounds = envInt('QAR_BENCH_DOCX_RUNS', 1);
  try {
    const run = async (
      side: string,
      cli: string,
      args: (out: string) => string[],
      cache: string,
      pages = 'layout',
    ): Promise<Run> => {
      const r = await runProc({
        label: side,
        cmd: '/usr/bin/python3',
        args: ['-c', SUBREAPER, NODE, cli, ...args(join(dir, `${side}.docx`))],
        env: { ...process.env, QAR_CACHE_DIR: cache, QAR_PAGE_PASS: pages },
      });
      return { ms: r.ms, cpu: Number(/QARCPU ([\d.]+)/.exec(r.stderr)?.[1] ?? Number.NaN) * 1000 };
    };
    // warm-up: each side's LibreOffice profile template (left beside its cache folder) and compile cache
    for (const [side, cli] of sides) await run(side, cli, jobs[0]?.args ?? (() => []), join(dir, `warm-${side}`, 'c'));
    const fresh = (side: string) => {
      const at = join(dir, 'run');
      rmSync(at, { recursive: true, force: true });
      mkdirSync(at);
      for (const kept of ['c.lo-profile', 'c.code']) {
        const from = join(dir, `warm-${side}`, kept);
        if (existsSync(from)) cpSync(from, join(at, kept), { recursive: true });
      }
      return join(at, 'c');
    };
    console.log(
      `Word 输出（${paths.length} 所，整进程，含 LibreOffice 排版目录页码；每次导出缓存为空，LibreOffice 配置模板已有；CPU 含 LibreOffice）：`,
    );
    for (const job of jobs) {
      const got = new Map<string, Run[]>(sides.map(([s]) => [s, []]));
      const none: Run[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const [side, cli] of r % 2 === 0 ? sides : [...sides].reverse())
          got.get(side)?.push(await run(side, cli, job.args, fresh(side)));
        // the same without the page pass (目录 numbers left to Word): what the pass costs
        none.push(await run('ours', join(ROOT, 'out/cli/cli.mjs'), job.args, fresh('ours'), 'none'));
      }
      const ours = got.get('ours') ?? [];
      const base = got.get('base') ?? [];
      const ms = (xs: Run[]) => xs.map((x) => x.ms);
      const cpu = (xs: Run[]) => xs.map((x) => x.cpu);
      console.log(
        `  ${job.what}：${secs(ms(ours))}，CPU ${secs(cpu(ours))}（${ours.length} 次）；不排页码（QAR_PAGE_PASS=none）${secs(ms(none))}，CPU ${secs(cpu(none))}`,
      );
      if (base.length)
        console.log(
          `    base：${secs(ms(base))}，CPU ${secs(cpu(base))}；ours/base 时间 ${fmtRatio(ratios(ms(ours), ms(base)))}，CPU ${fmtRatio(ratios(cpu(ours), cpu(base)))}`,
        );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
