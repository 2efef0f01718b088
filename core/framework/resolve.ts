/**
 * The framework a workspace follows, by its reference: a builtin one (templates/frameworks), or the derived
 * framework of a saved district draft (district--<高职 id>--<中职 id>), rebuilt from the builtin ones and kept
 * (it is pure). Every door (CLI, API, Excel) asks here, so a district draft validates, prints and exports alike.
 * Review asks here too (resolveSchoolFramework), so the CLI and the API check schools with the same frameworks.
 */
import { QarError } from '../errors';
import type { FrameworkRef, SchoolLevel } from '../model';
import { districtFrameworkFromId, isDistrictFrameworkId } from '../review/district';
import { getFramework } from './registry';
import type { Framework } from './schema';

const derived = new Map<string, Framework>();

export function frameworkOf(ref: Pick<FrameworkRef, 'id'>): Framework {
  if (!isDistrictFrameworkId(ref.id)) return getFramework(ref.id);
  let fw = derived.get(ref.id);
  if (!fw) {
    fw = districtFrameworkFromId(ref.id, getFramework);
    derived.set(ref.id, fw);
  }
  return fw;
}

/**
 * The framework a school's workspace was checked with, for review: its own (builtin) one; a workspace naming a
 * framework this program does not have cannot be checked by it, and the message says so.
 */
export function resolveSchoolFramework(ref: FrameworkRef, level: SchoolLevel): Framework {
  try {
    return getFramework(ref.id);
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
