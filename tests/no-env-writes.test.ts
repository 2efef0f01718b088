/**
 * The program never writes to the process's environment (setenv/unsetenv, which Node does for
 * `process.env.X = …` and `delete process.env.X` on the main thread) once anything else may be running: only at
 * its very start, before any other thread or native library is at work (START_ONLY). Native libraries read theirs from other
 * threads while the program runs (libjpeg's getenv "JPEGMEM" as sharp decodes each photo), and a getenv that meets
 * setenv moving the environment crashed `qar report` with SIGSEGV (core/charts/canvas-module.ts says how the one
 * switch the program needs is given instead: on a copy of the environment, swapped in for a moment).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canvasModule } from '../core/charts/canvas-module';
import { REPO_ROOT } from './helpers/cli';

const WRITE =
  /process\.env(?:\.[A-Za-z_$][\w$]*|\[[^\]]+\])\s*(?:=(?!=)|\+=|\?\?=|\|\|=)|delete\s+process\.env|Object\.assign\(\s*process\.env/;

/** Writes made at the start of a process, before any thread of its own or native library runs. */
const START_ONLY = [
  // libuv reads it when its threadpool first starts: set by the CLI's first step for one-file commands
  'core/cli/one-file-runtime.ts',
  // the app's main process, before its window or any workspace opens
  'electron/main.ts',
];

function sources(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx|mjs)$/.test(f) && !f.includes('node_modules'))
    .map((f) => join(dir, f));
}

describe('the environment', () => {
  it('is never written to by the program (core, db, electron, renderer, bin) but at its very start', () => {
    const files = ['core', 'db', 'electron', 'renderer', 'bin'].flatMap(sources).filter((f) => !START_ONLY.includes(f));
    expect(files.length).toBeGreaterThan(100);
    const writes = files.flatMap((f) =>
      readFileSync(join(REPO_ROOT, f), 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          WRITE.test(line) && !line.trim().startsWith('//') ? [`${f}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(writes).toEqual([]);
    // the pattern itself finds what it must
    expect(WRITE.test("process.env.X = '1';")).toBe(true);
    expect(WRITE.test('delete process.env[key];')).toBe(true);
    expect(WRITE.test("process.env[key] = '1';")).toBe(true);
    expect(WRITE.test("if (process.env.X === '1')")).toBe(false);
  });

  it('keeps its own object while the canvas loads with its switch on a copy', () => {
    const before = process.env;
    canvasModule();
    expect(process.env).toBe(before);
    expect(process.env.DISABLE_SYSTEM_FONTS_LOAD).toBeUndefined();
  });
});
