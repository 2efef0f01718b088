/**
 * `npm run bench`: every benchmark section in scripts/bench/*.ts, one after the other, printing figures.
 * Each section exports `name` and `run(): Promise<void>` and prints its own lines. Comparisons are whole
 * processes run paired and interleaved, printed as ratios (median and range): those are the figures of record;
 * absolute times are printed for scale. A missed target is reported, never thrown: a slow machine never fails
 * the bench (a command that breaks does: its section prints the error and the run ends with exit code 1).
 * `npm run bench -- validate` runs only the sections whose file name contains "validate".
 *
 * The default run takes a few minutes (plus one-off fixtures in the temp folder, reused afterwards). Longer runs:
 *   QAR_BENCH_PAIRS=8                       report: rounds of ours / pandoc / limit (default 4)
 *   QAR_BENCH_REPEATS=4                     report: first/second export pairs (default 2)
 *   QAR_BENCH_PAIRS_CLI=20                  start-up rounds (default 8)
 *   QAR_BENCH_PAIRS_VALIDATE=12             validate process rounds (default 6)
 *   QAR_BENCH_REVIEW_SIZES=20,100,400,1000  review growth curve (default 20,100)
 *   QAR_BENCH_REVIEW_RUNS=3                 review: runs per size (default 1; the largest size at least 2)
 *   QAR_BENCH_UI_EDITS=100                  UI edit → findings samples (default 40)
 *   QAR_BENCH_CLI=tsx                       run `qar` through tsx on the sources (the figures before the bundle)
 *   QAR_BENCH_BASE_CLI=…/out/cli/cli.mjs    report, review: another build of the CLI (main's) as a paired column
 *   QAR_BENCH_FRESH=1                       rebuild the cached fixtures
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchSection {
  name: string;
  run: () => Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(join(here, 'bench'))
  .filter((f) => f.endsWith('.ts') && f.includes(filter))
  .sort();

console.log(`质量年报工作台 benchmark — node ${process.version}, ${process.platform}/${process.arch}`);
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, 'bench', f)).href)) as BenchSection;
  console.log(`\n== ${mod.name} (${f}) ==`);
  const t0 = performance.now();
  try {
    await mod.run();
  } catch (e) {
    console.log(`【本部分出错，未完成】${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
  console.log(`(section took ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
