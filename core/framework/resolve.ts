/**
 * The framework a workspace follows, and the outline it is written against — one lookup for every door (CLI, API,
 * Excel, review):
 *  - a framework stored inside the workspace (a province's file, `qar framework use`) when the workspace's
 *    reference names it: its text is checked against its sha256 and then through the full loader, because a .qar
 *    from another school is outside input too;
 *  - else a builtin one (templates/frameworks), or the derived framework of a saved district draft
 *    (district--<高职 id>--<中职 id>), rebuilt from the builtin ones and kept (it is pure).
 */
import { QarError } from '../errors';
import type { FrameworkRef, SchoolLevel, StoredFramework, Workspace } from '../model';
import type { Outline } from '../report/outline';
import { outlineFor } from '../report/outlines';
import { districtFrameworkFromId, isDistrictFrameworkId } from '../review/district';
import { parseFramework } from './loader';
import { deepFreeze, getFramework } from './registry';
import type { Framework } from './schema';
import { sha256Text } from './text-hash';

const derived = new Map<string, Framework>();
/** Checked stored frameworks by the sha256 of their text (the same file in many workspaces is parsed once). */
const storedByHash = new Map<string, Framework>();

export { sha256Text } from './text-hash';

/** The text a framework is stored as: stable, so the same framework always has the same hash. */
export function frameworkText(fw: Framework): string {
  return `${JSON.stringify(fw, null, 2)}\n`;
}

/** The stored framework, verified: its hash, the full loader checks, and that it is what its row says it is. */
export function storedFrameworkOf(sf: StoredFramework): Framework {
  const hit = storedByHash.get(sf.sha256);
  if (hit && hit.id === sf.id && hit.version === sf.version) return hit;
  const label = `工作区中保存的指标体系「${sf.sourceName || sf.id}」`;
  if (sha256Text(sf.json) !== sf.sha256) {
    throw new QarError(
      'FRAMEWORK',
      `${label}与其校验值不符（工作区文件可能被改动过），不能使用。请向学校重新索取工作区，或重新导入该指标体系。`,
    );
  }
  const fw = parseFramework(sf.json, label);
  if (fw.id !== sf.id || fw.version !== sf.version) {
    throw new QarError('FRAMEWORK', `${label}的编号或版本与登记的不一致（${fw.id} ${fw.version}），不能使用。`);
  }
  // checked once and frozen: every caller shares it, nobody may change it
  const frozen = deepFreeze(fw);
  storedByHash.set(sf.sha256, frozen);
  return frozen;
}

/** The framework a reference names: the stored copy when it is that one, else builtin or district-derived. */
export function frameworkOf(ref: Pick<FrameworkRef, 'id' | 'version'>, stored?: StoredFramework): Framework {
  if (stored && stored.id === ref.id && stored.version === ref.version) return storedFrameworkOf(stored);
  if (!isDistrictFrameworkId(ref.id)) return getFramework(ref.id);
  let fw = derived.get(ref.id);
  if (!fw) {
    fw = districtFrameworkFromId(ref.id, getFramework);
    derived.set(ref.id, fw);
  }
  return fw;
}

/**
 * The framework a school's workspace was checked with, for review (the CLI and the API check schools with the
 * same frameworks): the one stored in its workspace (a province's file) or a builtin one; a workspace naming a
 * framework this program does not have cannot be checked by it, and the message says so.
 */
export function resolveSchoolFramework(
  ref: FrameworkRef,
  level: SchoolLevel,
  ws?: Pick<Workspace, 'storedFramework'>,
): Framework {
  try {
    return frameworkOf(ref, ws?.storedFramework);
  } catch (e) {
    if (e instanceof QarError && e.code === 'NOT_FOUND') {
      throw new QarError(
        'NOT_FOUND',
        `${e.message}（该校工作区使用的框架本程序没有，无法按其框架校验；学校层次：${level}）`,
      );
    }
    throw e;
  }
}

/** The workspace's framework (its stored copy when it has one for its reference). */
export function workspaceFramework(ws: Pick<Workspace, 'framework' | 'storedFramework'>): Framework {
  return frameworkOf(ws.framework, ws.storedFramework);
}

/** Where a workspace's framework comes from, in words: 内置 or the file stored in it. */
export function frameworkSource(ws: Pick<Workspace, 'framework' | 'storedFramework'>): 'builtin' | 'stored' {
  const sf = ws.storedFramework;
  return sf && sf.id === ws.framework.id && sf.version === ws.framework.version ? 'stored' : 'builtin';
}

/** The outline the framework is written against (templates/outlines). */
export function outlineOf(fw: Framework): Outline {
  return outlineFor(fw);
}

/** Framework and outline of a workspace, together (what validation and the report builder need). */
export function resolveWorkspace(ws: Pick<Workspace, 'framework' | 'storedFramework'>): {
  framework: Framework;
  outline: Outline;
} {
  const framework = workspaceFramework(ws);
  return { framework, outline: outlineOf(framework) };
}
