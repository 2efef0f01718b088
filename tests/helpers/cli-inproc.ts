/**
 * The `qar` CLI run in-process (core/cli.ts main), capturing what it prints: the fuzz suite samples hundreds of
 * CLI cases, which a child process per case (≈ 1 s each for tsx) could not afford. Exit code and stdout/stderr
 * are exactly what the command decides; only the process boundary is skipped (tests/helpers/cli.ts spawns it).
 */
import { vi } from 'vitest';
import { main } from '../../core/cli';
import { QarError } from '../../core/errors';

export interface InProcResult {
  code: number;
  stdout: string[];
  stderr: string[];
}

export async function runCliInProcess(args: string[]): Promise<InProcResult> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const warn = vi.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  try {
    const code = await main(args);
    return { code, stdout: out, stderr: err.flatMap((l) => l.split('\n')) };
  } finally {
    log.mockRestore();
    error.mockRestore();
    warn.mockRestore();
  }
}

/** The CLI contract for a fuzzed input: exit 0/1/2; a refusal prints exactly one Chinese line on stderr. */
export function cliContractProblem(r: InProcResult): string | null {
  if (![0, 1, 2].includes(r.code)) return `exit ${r.code}: ${r.stderr.join(' | ').slice(0, 300)}`;
  if (r.code === 2) {
    if (r.stderr.length < 1) return 'exit 2 without a message';
    // the xlsx import lists problems: a first Chinese line, then one Chinese line per problem
    if (!r.stderr.every((l) => /[\u4e00-\u9fff]/.test(l)))
      return `non-Chinese stderr: ${r.stderr.join(' | ').slice(0, 300)}`;
  }
  return null;
}

/** A CLI run as a fuzz outcome: exit 0/1 accepted; exit 2 a refusal whose message is its stderr (checked as one). */
export function cliOutcome(r: InProcResult): 'accepted' | { refused: unknown } {
  const bad = cliContractProblem(r);
  if (bad) throw new Error(bad);
  return r.code === 2 ? { refused: new QarError('BAD_INPUT', r.stderr.join('\n')) } : 'accepted';
}
