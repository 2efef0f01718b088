/**
 * Whole-process measurements for the benches: spawn a command, time it from spawn to exit (start-up, module
 * loading, the work and the file write all inside), optionally its peak RSS; run several commands paired and
 * interleaved (round 1 A B C, round 2 C B A, …) so that a machine getting busier or quieter affects every side
 * alike; and the order statistics printed beside every figure. Benchmarks measure; nothing here throws on a slow
 * machine (a failed command does throw: a figure of a run that did not do its work would be a lie).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Proc {
  label: string;
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** runs before each timed run, outside the timer (e.g. a fresh copy of the input file) */
  prepare?: () => void;
}

export interface ProcRun {
  ms: number;
  stdout: string;
  stderr: string;
  /** peak resident set size of the process (and of its largest descendant), when measurable */
  maxRssMb?: number;
  /** CPU time (user + system, all threads), measured with the peak RSS: on a busy machine it says more than wall */
  cpuMs?: number;
}

/** Counts from the environment (QAR_BENCH_*), for longer runs than the few-minute default. */
export function envInt(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

const GNU_TIME = '/usr/bin/time';

/** Processes an earlier run may leave behind for a moment after it exits (LibreOffice shutting down). */
const STRAY = ['soffice.bin', 'oosplash'];

/**
 * Before a timed run, outside its timer: waits (up to 15 s) until no LibreOffice an earlier run started is still
 * shutting down, then flushes the dirty pages earlier runs wrote. Without this, the run after `ours` or pandoc+LO
 * shared the cores with that LibreOffice's exit and the run after a big write paid for its write-back, so one
 * side paid for another's work (Linux; elsewhere only the flush).
 */
async function quietMachine(): Promise<void> {
  if (process.platform === 'linux') {
    const until = performance.now() + 15_000;
    while (
      performance.now() < until &&
      STRAY.some((name) => spawnSync('pgrep', ['-x', name], { stdio: 'ignore' }).status === 0)
    )
      await new Promise((r) => setTimeout(r, 50));
  }
  if (process.platform !== 'win32') spawnSync('sync', { stdio: 'ignore' });
}

/** Spawns and waits; the time covers spawn → exit. With `rss`, runs under GNU time for the peak RSS and CPU time. */
export async function runProc(p: Proc, opts: { rss?: boolean } = {}): Promise<ProcRun> {
  p.prepare?.();
  await quietMachine();
  const rssFile = opts.rss && existsSync(GNU_TIME) ? join(mkdtempSync(join(tmpdir(), 'qar-bench-rss-')), 'rss') : '';
  const [cmd, args] = rssFile ? [GNU_TIME, ['-f', '%M %U %S', '-o', rssFile, p.cmd, ...p.args]] : [p.cmd, p.args];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: p.cwd, env: p.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      let maxRssMb: number | undefined;
      let cpuMs: number | undefined;
      if (rssFile) {
        const [kb, user, sys] = (readFileSync(rssFile, 'utf8').trim().split('\n').at(-1) ?? '').split(' ').map(Number);
        maxRssMb = (kb ?? Number.NaN) / 1024;
        cpuMs = ((user ?? Number.NaN) + (sys ?? Number.NaN)) * 1000;
        rmSync(join(rssFile, '..'), { recursive: true, force: true });
      }
      if (code !== 0) {
        reject(new Error(`${p.label} exited with ${code}: ${stderr.trim().slice(0, 400)}`));
        return;
      }
      resolve({
        ms,
        stdout,
        stderr,
        ...(maxRssMb !== undefined ? { maxRssMb } : {}),
        ...(cpuMs !== undefined ? { cpuMs } : {}),
      });
    });
  });
}

/**
 * Runs every proc once per round, the order reversed every other round (A B C, C B A, …), after one untimed
 * warm-up run of each (file cache, tsx cache, font cache) unless the caller did its own. Returns the times per label, index = round.
 */
export async function runPaired(
  procs: Proc[],
  rounds: number,
  opts: { warmup?: boolean; onRun?: (label: string, round: number, run: ProcRun) => void } = {},
): Promise<Map<string, number[]>> {
  const onRun = opts.onRun;
  if (opts.warmup !== false)
    for (const p of procs) {
      const run = await runProc(p); // not inside onRun?.(…): its arguments would not run without a callback
      onRun?.(p.label, -1, run);
    }
  const times = new Map<string, number[]>(procs.map((p) => [p.label, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? procs : [...procs].reverse();
    for (const p of order) {
      const run = await runProc(p);
      times.get(p.label)?.push(run.ms);
      onRun?.(p.label, r, run);
    }
  }
  return times;
}

export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (i - lo);
}
export const median = (xs: readonly number[]) => quantile(xs, 0.5);

/** Per-round ratios a[i] / b[i] of paired runs. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x / (b[i] as number));
}

/** "1.23 (1.10–1.41)": median and range, the way every ratio of record is printed. */
export function fmtRatio(xs: readonly number[]): string {
  return `${median(xs).toFixed(2)}（${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}）`;
}

/** "2.31 s (2.20–2.52 s)" */
export function fmtSecs(msList: readonly number[]): string {
  const s = (ms: number) => (ms / 1000).toFixed(2);
  return `${s(median(msList))} s（${s(Math.min(...msList))}–${s(Math.max(...msList))} s）`;
}

/**
 * A copy flushed to disk before it is used: otherwise the kernel writes the copy's dirty pages back while the
 * timed process runs, and the first run on a fresh copy looked 30 % slower than the second for that alone.
 */
export function copySynced(from: string, to: string): void {
  copyFileSync(from, to);
  const fd = openSync(to, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The node that runs the bench runs every child too (Node 22 from PATH, not whatever `node` the shell has). */
export const NODE = process.execPath;

export function commandVersion(cmd: string, args = ['--version']): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout.split('\n')[0] ?? '').trim() : null;
}
