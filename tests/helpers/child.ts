/** Spawning a TypeScript helper under node + tsx (not the tsx wrapper: a SIGKILL must reach the process itself). */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './cli';

export interface Child {
  proc: ChildProcessWithoutNullStreams;
  /** everything printed so far */
  out(): string;
  /** resolves once the output contains `text` (rejects if the child exits first) */
  waitFor(text: string | RegExp): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnHelper(script: string, args: string[]): Child {
  return spawnNode(['--import', 'tsx', join(REPO_ROOT, 'tests/helpers', script)], args, script);
}

/** node with `nodeArgs` (a script, perhaps a loader) and `args`; `label` names it in errors. */
export function spawnNode(nodeArgs: string[], args: string[], label: string, env?: NodeJS.ProcessEnv): Child {
  const script = label;
  const proc = spawn(process.execPath, [...nodeArgs, ...args], { cwd: REPO_ROOT, ...(env ? { env } : {}) });
  let out = '';
  let err = '';
  let ended: string | null = null;
  const waiters: { re: string | RegExp; resolve: (s: string) => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (typeof w.re === 'string' ? out.includes(w.re) : w.re.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(out);
      }
    }
  };
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  proc.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => {
      ended = `${script} exited (${code ?? signal}): ${out}\n${err}`;
      for (const w of waiters.splice(0)) w.reject(new Error(`${script} exited (${code ?? signal}): ${out}\n${err}`));
      resolve({ code, signal });
    });
  });
  return {
    proc,
    out: () => out,
    waitFor: (re) =>
      new Promise<string>((resolve, reject) => {
        waiters.push({ re, resolve, reject });
        check();
        if (ended !== null && waiters.some((w) => w.re === re)) reject(new Error(ended));
      }),
    exited,
  };
}
