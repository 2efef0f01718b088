/**
 * The title, edition and version a workspace's framework goes by (named with core/framework/name frameworkName,
 * as `qar new` and the app name it), read from its file's top level alone: the copy stored in the workspace, else
 * the builtin file named after its id (an edition file carries its own title). Nothing is checked or resolved, so
 * `qar info` stays a quick look at a file (the loader, its schemas and the edition chain are not loaded); undefined
 * when the file cannot say, and the caller names the framework by its id.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameworkRef, StoredFramework } from '../model';
import { frameworksDir } from './templates-dir';

export interface FrameworkHeading {
  title: string;
  edition: string;
  version: string;
}

/** The heading a framework's JSON text declares for `ref.id`; the version is the workspace's. */
function headingIn(text: string, ref: FrameworkRef): FrameworkHeading | undefined {
  try {
    const v = JSON.parse(text) as { id?: unknown; title?: unknown; edition?: unknown };
    if (v?.id !== ref.id || typeof v.title !== 'string' || !v.title.trim() || typeof v.edition !== 'string') return;
    return { title: v.title.trim(), edition: v.edition, version: ref.version };
  } catch {
    return undefined;
  }
}

export function frameworkHeading(
  ref: FrameworkRef,
  stored?: Pick<StoredFramework, 'id' | 'version' | 'json'>,
): FrameworkHeading | undefined {
  if (stored && stored.id === ref.id && stored.version === ref.version) return headingIn(stored.json, ref);
  // a builtin id is a file name (core/framework/registry.ts builtinFrameworkAlone)
  if (!/^[a-z0-9][a-z0-9-]*$/.test(ref.id)) return undefined;
  try {
    return headingIn(readFileSync(join(frameworksDir(), `${ref.id}.json`), 'utf8'), ref);
  } catch {
    return undefined;
  }
}
