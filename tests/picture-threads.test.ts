/**
 * The photos' threads yield to the writer's thread (issue #16, core/proc/picture-threads.ts): once the report's
 * pipeline has loaded sharp, libuv's threadpool and every libvips thread run 10 nice steps behind the main thread,
 * which keeps its priority, so that laying out the charts and writing the document is not starved by eight picture
 * threads on two cores. QAR_PICTURE_NICE=0 leaves every thread as it was (what the bench compares against).
 * Linux only: elsewhere nice is not per thread and the module changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { PICTURE_THREAD_NICE } from '../core/proc/picture-threads';
import { spawnNode } from './helpers/child';
import { REPO_ROOT } from './helpers/cli';

interface Thread {
  id: number;
  name: string;
  nice: number;
}

async function threadsOfChild(env: NodeJS.ProcessEnv): Promise<{ pid: number; threads: Thread[] }> {
  const child = spawnNode(
    ['--import', 'tsx', `${REPO_ROOT}/tests/helpers/picture-threads-child.ts`],
    [],
    'picture-threads-child.ts',
    env,
  );
  const { code } = await child.exited;
  expect(code, child.out()).toBe(0);
  return JSON.parse(child.out().trim().split('\n').at(-1) as string);
}

describe.runIf(process.platform === 'linux')('the picture threads’ priority (Linux)', () => {
  it('libuv’s and libvips’ threads step back, the main thread does not', async () => {
    const env = { ...process.env };
    delete env.QAR_PICTURE_NICE;
    const { pid, threads } = await threadsOfChild(env);
    const pictures = threads.filter((t) => t.name === 'libuv-worker' || t.name.startsWith('libvips'));
    // both kinds are there: sharp ran on the threadpool and libvips started threads of its own
    expect(pictures.some((t) => t.name.startsWith('libvips'))).toBe(true);
    expect(pictures.some((t) => t.name === 'libuv-worker')).toBe(true);
    // a step back from the main thread's own (a test run started niced keeps its order)
    const main = threads.find((t) => t.id === pid)?.nice ?? Number.NaN;
    expect(main).toBeLessThan(19);
    for (const t of pictures) expect(t, t.name).toMatchObject({ nice: Math.min(19, main + PICTURE_THREAD_NICE) });
    // V8's and Node's own threads (compiling, collecting) keep the main thread's priority
    for (const t of threads.filter((x) => x.name === 'node')) expect(t.nice).toBe(main);
  });

  it('QAR_PICTURE_NICE=0 leaves every thread as it was', async () => {
    const { pid, threads } = await threadsOfChild({ ...process.env, QAR_PICTURE_NICE: '0' });
    expect(threads.some((t) => t.name.startsWith('libvips'))).toBe(true);
    const main = threads.find((t) => t.id === pid)?.nice;
    for (const t of threads) expect(t, t.name).toMatchObject({ nice: main });
  });
});
