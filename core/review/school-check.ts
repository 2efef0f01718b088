/**
 * One school's file, read and checked with the school's own framework (the one stored in its workspace, else the
 * builtin one: core/framework/resolve.ts): what `qar review` and the app's review do per school. It runs on a
 * worker thread of core/review/review-pool.ts or, when there is none, on the calling thread: the same function
 * either way, so a school gets the same entry, facts and findings wherever it was checked. The result is plain
 * data (it crosses threads); the workspace itself is dropped here.
 */
import { isQarError } from '../errors';
import { outlineOf, resolveSchoolFramework } from '../framework/resolve';
import { validateWorkspace } from '../validate/engine';
import { type LoadOptions, loadOne } from './load';
import { type CheckedInput, findingPlaces, type SchoolCheck, schoolFacts } from './review';

export interface SchoolCheckOptions {
  /** check this year; default the school's own report year */
  year?: number;
  /** where the file's hash comes from (core/review/file-hash.ts HashAhead) */
  hasher?: LoadOptions['hasher'];
}

/** Reads one file read-only and checks it; a file that cannot be used is an entry with its Chinese reason. */
export async function checkSchoolFile(path: string, opts: SchoolCheckOptions = {}): Promise<CheckedInput> {
  const loaded = await loadOne(path, opts.hasher ? { hasher: opts.hasher } : {});
  const ws = loaded.ws;
  if (!ws) return { file: loaded.file };
  let check: SchoolCheck;
  try {
    const fw = resolveSchoolFramework(ws.framework, ws.profile.level, ws);
    const outline = outlineOf(fw);
    const result = validateWorkspace(ws, fw, { year: opts.year ?? ws.profile.reportYear, outline });
    check = { result, places: findingPlaces(ws, result, outline) };
  } catch (e) {
    // decided by ReviewBuilder after its duplicate checks, as if the school had been checked there
    check = isQarError(e)
      ? { error: { code: e.code, message: e.message } }
      : { fatal: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  return { file: loaded.file, facts: schoolFacts(ws), check };
}
