/**
 * The framework a workspace follows, by its reference: a builtin one (templates/frameworks), or the derived
 * framework of a saved district draft (district--<高职 id>--<中职 id>), rebuilt from the builtin ones and kept
 * (it is pure). Every door (CLI, API, Excel) asks here, so a district draft validates, prints and exports alike.
 */
import type { FrameworkRef } from '../model';
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
