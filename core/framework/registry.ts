/**
 * The frameworks shipped with the app (templates/frameworks/*.json), loaded once and cached.
 *
 * The templates folder is found relative to this module file, walking up from it, so the same code works from
 * tsx/vitest (core/framework/), the bundled main process (out/main/) and a packaged app (resources/).
 * QAR_TEMPLATES_DIR overrides the search (tests, unusual installs).
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QarError } from '../errors';
import type { SchoolLevel } from '../model';
import { loadFrameworkFile } from './loader';
import type { Framework } from './schema';

const FRAMEWORK_SUBDIR = join('templates', 'frameworks');

/** The directory holding the builtin framework files. */
export function frameworksDir(): string {
  const override = process.env.QAR_TEMPLATES_DIR;
  if (override) return resolve(override, 'frameworks');
  const candidates: string[] = [];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(join(dir, FRAMEWORK_SUBDIR));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  // Packaged Electron app: extraResources land in process.resourcesPath.
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath)
    candidates.push(join(resourcesPath, FRAMEWORK_SUBDIR), join(resourcesPath, 'app', FRAMEWORK_SUBDIR));
  const found = candidates.find((c) => existsSync(c));
  if (!found) {
    throw new QarError('NOT_FOUND', '找不到内置指标框架目录（templates/frameworks），程序安装可能不完整，请重新安装。');
  }
  return found;
}

let cache: readonly Framework[] | undefined;

/** Frozen so that no caller can change the shared cached copy by accident. */
function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v && typeof v === 'object' && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const child of Object.values(v)) stack.push(child);
    }
  }
  return value;
}

/** Every builtin framework, parsed and checked once per process, ordered by id. */
export function builtinFrameworks(): Framework[] {
  if (!cache) {
    const dir = frameworksDir();
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    const list = files.map((f) => deepFreeze(loadFrameworkFile(join(dir, f))));
    const ids = new Set<string>();
    for (const fw of list) {
      if (ids.has(fw.id)) throw new QarError('FRAMEWORK', `内置指标框架编号「${fw.id}」重复，程序安装可能已损坏。`);
      ids.add(fw.id);
    }
    cache = Object.freeze(list.sort((a, b) => a.id.localeCompare(b.id)));
  }
  return [...cache];
}

/** Drops the cache (tests that point QAR_TEMPLATES_DIR elsewhere). */
export function clearFrameworkCache(): void {
  cache = undefined;
}

export function getFramework(id: string): Framework {
  const fw = builtinFrameworks().find((f) => f.id === id);
  if (!fw) {
    const known = builtinFrameworks()
      .map((f) => `${f.id}（${f.title}）`)
      .join('、');
    throw new QarError('NOT_FOUND', `找不到指标框架「${id}」。可用的框架：${known || '无'}。`);
  }
  return fw;
}

/**
 * The framework for a school level and edition (default: the newest edition for that level).
 * 职业本科 schools report with the 高职 tables (学校年报 by 中职/高职（含职业本科）, 教职成司函〔2023〕28号).
 */
export function frameworkFor(level: SchoolLevel, edition?: string): Framework {
  const lookup = level === '职业本科' ? '高职' : level;
  const candidates = builtinFrameworks().filter((f) => f.level === lookup && (!edition || f.edition === edition));
  if (candidates.length === 0) {
    const what = edition ? `${edition}${level}` : level;
    throw new QarError('NOT_FOUND', `没有适用于${what}学校的内置指标框架，请导入相应的框架文件。`);
  }
  // Editions are written 2024年度 / 2025年度: the leading year orders them.
  const year = (f: Framework) => Number.parseInt(f.edition, 10) || 0;
  return candidates.sort((a, b) => year(b) - year(a) || b.version.localeCompare(a.version))[0] as Framework;
}
