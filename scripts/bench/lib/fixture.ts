/**
 * Bench fixtures shared between runs in the temp folder (generated photos, workspaces), created atomically:
 * built in a private folder, listed with their sha256 in MANIFEST.json, then renamed into place in one step.
 * A fixture is used only when its manifest matches what is on disk (file count and every hash); otherwise it is
 * rebuilt. So a run never sees a half-written fixture from another run (one saw 31 of 33 photos before).
 * QAR_BENCH_FRESH=1 rebuilds every fixture.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MANIFEST = 'MANIFEST.json';

interface Manifest {
  files: Record<string, string>;
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Why the fixture folder cannot be used, or null when every file listed is there with its hash and no other. */
export function fixtureProblem(dir: string, expectCount: number): string | null {
  const mf = join(dir, MANIFEST);
  if (!existsSync(mf)) return 'missing';
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(mf, 'utf8')) as Manifest;
  } catch {
    return 'unreadable manifest';
  }
  const listed = Object.keys(m.files).sort();
  const present = readdirSync(dir)
    .filter((f) => f !== MANIFEST)
    .sort();
  if (listed.length !== expectCount) return `manifest lists ${listed.length} files, expected ${expectCount}`;
  if (present.join('\n') !== listed.join('\n'))
    return `folder holds ${present.length} files, manifest ${listed.length}`;
  for (const f of listed) if (sha256(join(dir, f)) !== m.files[f]) return `${f}: content changed`;
  return null;
}

/**
 * The folder `name` in the temp dir holding exactly `expectCount` files made by `build` (which writes into the
 * folder it is given). Returns the folder path and whether it was built now.
 */
export async function ensureFixture(
  name: string,
  expectCount: number,
  build: (dir: string) => Promise<void> | void,
): Promise<{ dir: string; built: boolean; ms: number }> {
  const dir = join(tmpdir(), name);
  if (process.env.QAR_BENCH_FRESH !== '1' && fixtureProblem(dir, expectCount) === null)
    return { dir, built: false, ms: 0 };
  const t0 = performance.now();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await build(tmp);
  const files = readdirSync(tmp).sort();
  const manifest: Manifest = { files: Object.fromEntries(files.map((f) => [f, sha256(join(tmp, f))])) };
  writeFileSync(join(tmp, MANIFEST), JSON.stringify(manifest, null, 1));
  const problem = fixtureProblem(tmp, expectCount);
  if (problem) throw new Error(`bench fixture ${name} built wrong: ${problem}`);
  // swap: the old folder (if any) moves aside first; a rename into a non-empty folder would fail
  const old = `${dir}.old-${process.pid}`;
  if (existsSync(dir)) renameSync(dir, old);
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // another run put its own complete copy there in between: use that one if it checks out
    if (fixtureProblem(dir, expectCount) !== null) throw e;
    rmSync(tmp, { recursive: true, force: true });
  }
  rmSync(old, { recursive: true, force: true });
  return { dir, built: true, ms: performance.now() - t0 };
}
