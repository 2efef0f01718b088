/**
 * Builds the report bench's comparison processes (scripts/bench/sides/*.ts) the way the CLI is built
 * (scripts/cli-bundle.mjs), so that every side starts as plain Node running prebuilt JavaScript.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { NODE_BUNDLE_OPTIONS, ROOT } from '../../cli-bundle.mjs';

export const SIDES_DIR = join(ROOT, 'out', 'bench');

export async function buildSides(): Promise<{ pandocSide: string; limit: string }> {
  await build({
    ...(NODE_BUNDLE_OPTIONS as object),
    absWorkingDir: ROOT,
    entryPoints: {
      'pandoc-side': join(ROOT, 'scripts/bench/sides/pandoc-side.ts'),
      limit: join(ROOT, 'scripts/bench/sides/limit.ts'),
    },
    outdir: SIDES_DIR,
    // jszip is a devDependency: bundled like everything else but the native modules
  });
  return { pandocSide: join(SIDES_DIR, 'pandoc-side.mjs'), limit: join(SIDES_DIR, 'limit.mjs') };
}
