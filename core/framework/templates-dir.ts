/**
 * Where the shipped templates are (templates/frameworks, templates/outlines): found relative to this module file,
 * walking up from it, so the same code works from tsx/vitest (core/framework/), the bundled main process
 * (out/main/), the CLI bundle (out/cli/) and a packaged app (resources/). QAR_TEMPLATES_DIR overrides the search
 * (tests, unusual installs). Node built-ins only: `qar info` finds a framework's file without loading the loader.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QarError } from '../errors';

const FRAMEWORK_SUBDIR = join('templates', 'frameworks');

/** A folder of the shipped templates (templates/frameworks, templates/outlines), found as described above. */
export function templatesSubdir(sub: string, what: string): string {
  // an override folder may hold only some kinds of template (a test's frameworks): the rest are found as usual
  const override = process.env.QAR_TEMPLATES_DIR;
  if (override && existsSync(resolve(override, sub))) return resolve(override, sub);
  const rel = join('templates', sub);
  const candidates: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, rel));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  // Packaged Electron app: extraResources land in process.resourcesPath.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(join(resourcesPath, rel), join(resourcesPath, 'app', rel));
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new QarError('NOT_FOUND', `找不到${what}目录（${rel}），程序安装可能不完整，请重新安装。`);
  }
  return found;
}

/** The directory holding the builtin framework files. */
export function frameworksDir(): string {
  return templatesSubdir(FRAMEWORK_SUBDIR.slice('templates/'.length), '内置指标框架');
}
