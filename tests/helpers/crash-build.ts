/**
 * The crash suite starts dozens of writer processes; through tsx each one spends seconds loading modules on a busy
 * machine. So the writer (tests/helpers/crash-writer.ts) is bundled once per test file with esbuild into
 * node_modules/.cache (inside the repo, so its native modules resolve from node_modules as usual) and started
 * with plain node and a compile cache (the same bundling options as the CLI's, scripts/cli-bundle.mjs).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { NODE_BUNDLE_OPTIONS } from '../../scripts/cli-bundle.mjs';
import { REPO_ROOT } from './cli';

export interface BundledWriter {
  file: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

export async function bundleCrashWriter(): Promise<BundledWriter> {
  const dir = join(REPO_ROOT, 'node_modules', '.cache', 'qar-crash');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `crash-writer-${process.pid}.mjs`);
  const { outExtension: _perDir, ...options } = NODE_BUNDLE_OPTIONS;
  await build({ ...options, entryPoints: [join(REPO_ROOT, 'tests/helpers/crash-writer.ts')], outfile: file });
  return {
    file,
    env: {
      ...process.env,
      // the bundle does not sit next to db/migrations
      QAR_MIGRATIONS_DIR: join(REPO_ROOT, 'db', 'migrations'),
      NODE_COMPILE_CACHE: join(dir, 'compile-cache'),
    },
    cleanup: () => rmSync(file, { force: true }),
  };
}
