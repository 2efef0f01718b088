/**
 * The frameworks shipped with the app (templates/frameworks/*.json), loaded once and cached.
 *
 * The templates folder is found relative to this module file, walking up from it, so the same code works from
 * tsx/vitest (core/framework/), the bundled main process (out/main/) and a packaged app (resources/).
 * QAR_TEMPLATES_DIR overrides the search (tests, unusual installs).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { QarError } from '../errors';
import type { SchoolLevel } from '../model';
import { editionBaseId, isEditionValue, resolveEdition } from './edition';
import { checkFramework, parseFrameworkJson, readFrameworkText } from './loader';
import { precheckedFramework, writeCheckedFramework } from './prechecked';
import { type Framework, SCHOOL_KIND } from './schema';
import { frameworksDir } from './templates-dir';

export { frameworksDir, templatesSubdir } from './templates-dir';

let cache: readonly Framework[] | undefined;

/** Frozen so that no caller can change the shared cached copy by accident. */
export function deepFreeze<T>(value: T): T {
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

/**
 * Every builtin framework, parsed and checked once per process, ordered by id. Edition files (`extends`) are
 * resolved after the file they extend, through the same checks (core/framework/edition.ts).
 */
export function builtinFrameworks(): Framework[] {
  if (!cache) {
    const dir = frameworksDir();
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
    const byId = new Map<string, Framework>();
    const add = (fw: Framework) => {
      if (byId.has(fw.id)) throw new QarError('FRAMEWORK', `内置指标框架编号「${fw.id}」重复，程序安装可能已损坏。`);
      // the same object getFramework handed out before the list was needed (identical content, checked alike)
      byId.set(fw.id, byFile.get(fw.id) ?? deepFreeze(fw));
    };
    let editions: { file: string; raw: unknown }[] = [];
    for (const f of files) {
      const raw = parseFrameworkJson(readFrameworkText(join(dir, f)), f);
      if (isEditionValue(raw)) editions.push({ file: f, raw });
      else add(checkFramework(raw, f));
    }
    // an edition may extend another edition: resolve in passes until nothing is left
    while (editions.length > 0) {
      const ready = editions.filter((e) => byId.has(editionBaseId(e.raw) ?? ''));
      if (ready.length === 0) {
        const e = editions[0] as { file: string; raw: unknown };
        throw new QarError(
          'FRAMEWORK',
          `内置指标框架「${e.file}」所依据的「${editionBaseId(e.raw) ?? '（未写明）'}」不存在，程序安装可能已损坏。`,
        );
      }
      for (const e of ready) {
        add(
          resolveEdition(e.raw, e.file, (id) => {
            const base = byId.get(id);
            if (!base) throw new QarError('NOT_FOUND', id);
            return base;
          }),
        );
      }
      editions = editions.filter((e) => !ready.includes(e));
    }
    cache = Object.freeze([...byId.values()].sort((a, b) => a.id.localeCompare(b.id)));
  }
  return [...cache];
}

/** Drops the cache (tests that point QAR_TEMPLATES_DIR elsewhere). */
export function clearFrameworkCache(): void {
  cache = undefined;
  byFile.clear();
  madeFrom.clear();
}

/** Builtin frameworks loaded alone by getFramework (file named after its id), by id. */
const byFile = new Map<string, Framework>();
/** The files each of byFile's frameworks was made from: its own, then those it extends. */
const madeFrom = new Map<string, string[]>();
/** Off while the checked entries are being written: they must come from the checks themselves. */
let usePrechecked = true;

/**
 * The builtin framework `id` from its own file `<id>.json` (and, for an edition, the files it extends), through
 * the same checks as builtinFrameworks, without reading and checking the other eight: opening one workspace for a
 * report or a validation needs one framework, and checking all of them took a quarter of a second at every start.
 * Undefined when no file is named so or the file says another id (then the full list decides). The full list's
 * own check that no two files share an id runs wherever the list is used (the app's framework picker, `qar
 * framework list`) and in the tests of the shipped files.
 */
function builtinFrameworkAlone(id: string, depth = 0): Framework | undefined {
  const hit = cache?.find((f) => f.id === id) ?? byFile.get(id);
  if (hit) return hit;
  if (depth > 8 || !/^[a-z0-9][a-z0-9-]*$/.test(id)) return undefined;
  const file = `${id}.json`;
  const dir = frameworksDir();
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  // checked when the program was built, from these very files (./prechecked.ts)
  const prechecked = usePrechecked ? precheckedFramework(dir, id) : undefined;
  if (prechecked) {
    byFile.set(id, deepFreeze(prechecked));
    return prechecked;
  }
  const raw = parseFrameworkJson(readFrameworkText(path), file);
  let fw: Framework;
  let files = [file];
  if (isEditionValue(raw)) {
    const baseId = editionBaseId(raw) ?? '';
    // an edition whose base is not loadable alone is left to the full list (and its message)
    if (baseId === id || !builtinFrameworkAlone(baseId, depth + 1)) return undefined;
    fw = resolveEdition(raw, file, (b) => {
      const base = builtinFrameworkAlone(b, depth + 1);
      if (!base) throw new QarError('NOT_FOUND', b);
      return base;
    });
    files = [file, ...(madeFrom.get(baseId) ?? [])];
  } else fw = checkFramework(raw, file);
  if (fw.id !== id) return undefined;
  byFile.set(id, deepFreeze(fw));
  madeFrom.set(id, files);
  return fw;
}

/**
 * Checks every builtin framework the way getFramework does (never from an earlier build's entries) and writes
 * templates/checked/<id>.json for each (./prechecked.ts); returns the ids written. Run when the CLI bundle is
 * built (./precheck-main.ts). A file that fails its check gets no entry: the command refuses it as before.
 */
export function writeCheckedBuiltins(): string[] {
  const dir = frameworksDir();
  const written: string[] = [];
  clearFrameworkCache();
  usePrechecked = false;
  try {
    for (const name of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const id = name.slice(0, -'.json'.length);
      let fw: Framework | undefined;
      try {
        fw = builtinFrameworkAlone(id);
      } catch {
        continue;
      }
      const files = madeFrom.get(id);
      if (!fw || !files) continue;
      writeCheckedFramework(dir, fw, files);
      written.push(id);
    }
  } finally {
    usePrechecked = true;
    clearFrameworkCache();
  }
  return written;
}

export function getFramework(id: string): Framework {
  const fw = builtinFrameworkAlone(id) ?? builtinFrameworks().find((f) => f.id === id);
  if (!fw) {
    const known = builtinFrameworks()
      .map((f) => `${f.id}（${f.title}）`)
      .join('、');
    throw new QarError('NOT_FOUND', `找不到指标框架「${id}」。可用的框架：${known || '无'}。`);
  }
  return fw;
}

/** 2025年度 → 2025: editions are written with the year first. */
export function editionYearOf(edition: string): number {
  return Number.parseInt(edition, 10) || 0;
}

/**
 * The builtin frameworks of a report kind a school of `level` may use, newest edition first. A 学校年报 follows the
 * school's level; 职业本科 schools report with the 高职 tables (学校年报 by 中职/高职（含职业本科）, 教职成司函〔2023〕28号).
 * Other kinds (企业年报) do not depend on the school's level (their outline says which levels may start one).
 */
export function frameworksOfKind(level: SchoolLevel, kind: string = SCHOOL_KIND): Framework[] {
  const lookup = level === '职业本科' ? '高职' : level;
  return builtinFrameworks()
    .filter((f) => f.kind === kind && (kind !== SCHOOL_KIND || f.level === lookup))
    .sort((a, b) => editionYearOf(b.edition) - editionYearOf(a.edition) || b.version.localeCompare(a.version));
}

/** The framework for a school level and edition (default: the newest edition for that level), of a report kind. */
export function frameworkFor(level: SchoolLevel, edition?: string, kind: string = SCHOOL_KIND): Framework {
  const candidates = frameworksOfKind(level, kind).filter((f) => !edition || f.edition === edition);
  if (candidates.length === 0) {
    const what = edition ? `${edition}${level}` : level;
    throw new QarError(
      'NOT_FOUND',
      `没有适用于${what}学校的内置${kind === SCHOOL_KIND ? '' : `「${kind}」`}指标框架，请导入相应的框架文件。`,
    );
  }
  return candidates[0] as Framework;
}
