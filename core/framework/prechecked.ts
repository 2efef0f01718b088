/**
 * Builtin frameworks checked once, when the CLI bundle is built, rather than at every start of a command.
 *
 * Why: opening one workspace for a report or a validation parsed and checked its builtin framework (zod schema,
 * meaning checks) at every start: about 50 ms of the one thread the report's photos also wait for, to re-learn a
 * fact about a file shipped with the program (issue #16). scripts/cli-bundle.mjs runs framework-precheck.mjs
 * (./precheck-main.ts) on each new build; it checks every shipped framework the ordinary way (registry.ts) and
 * writes templates/checked/<id>.json beside templates/frameworks: the checked Framework and the sha256 of the
 * text of every file it was made from (an edition's own file and each file it extends).
 *
 * Why it is safe: an entry speaks only for exactly those texts. It is used only when every file it names still
 * reads to the same sha256, so a framework file edited, replaced or updated since the build is checked as
 * before (and refused as before, when it is wrong). An entry that cannot be read or is not in this format is
 * ignored, with the same result. The entries sit in the program's own folder, built with the bundle that reads
 * them; sources run through tsx, the app and a QAR_TEMPLATES_DIR folder without a checked/ folder check as before.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeAtomically } from '../fs/atomic';
import { readFrameworkText } from './loader';
import type { Framework } from './schema';
import { sha256Text } from './text-hash';

export const CHECKED_FORMAT = 'qar-checked-framework';
const CHECKED_FORMAT_VERSION = 1;

/** One file a checked framework was made from, by name in the frameworks folder. */
export interface CheckedFile {
  name: string;
  sha256: string;
}

interface CheckedEntry {
  format: typeof CHECKED_FORMAT;
  formatVersion: number;
  id: string;
  files: CheckedFile[];
  framework: Framework;
}

/** templates/checked, beside the frameworks folder `dir`. */
export const checkedDir = (frameworksDir: string): string => join(dirname(frameworksDir), 'checked');

/**
 * The framework `id` as checked when the program was built, when templates/checked holds an entry for it and
 * every file the entry names reads to the same sha256 now; else undefined (check it the ordinary way).
 */
export function precheckedFramework(frameworksDir: string, id: string): Framework | undefined {
  let entry: Partial<CheckedEntry>;
  try {
    entry = JSON.parse(readFileSync(join(checkedDir(frameworksDir), `${id}.json`), 'utf8')) as Partial<CheckedEntry>;
  } catch {
    return undefined; // none, or unreadable: checked as before
  }
  if (
    entry?.format !== CHECKED_FORMAT ||
    entry.formatVersion !== CHECKED_FORMAT_VERSION ||
    entry.id !== id ||
    !Array.isArray(entry.files) ||
    entry.files.length === 0 ||
    !entry.framework ||
    typeof entry.framework !== 'object' ||
    entry.framework.id !== id
  )
    return undefined;
  for (const f of entry.files) {
    if (typeof f?.name !== 'string' || !/^[a-z0-9][a-z0-9-]*\.json$/.test(f.name)) return undefined;
    try {
      if (sha256Text(readFrameworkText(join(frameworksDir, f.name))) !== f.sha256) return undefined;
    } catch {
      return undefined;
    }
  }
  return entry.framework;
}

/** Writes the entry for `framework`, made from `files` (names in `frameworksDir`), written whole or not at all. */
export function writeCheckedFramework(frameworksDir: string, framework: Framework, files: readonly string[]): void {
  const entry: CheckedEntry = {
    format: CHECKED_FORMAT,
    formatVersion: CHECKED_FORMAT_VERSION,
    id: framework.id,
    files: files.map((name) => ({ name, sha256: sha256Text(readFrameworkText(join(frameworksDir, name))) })),
    framework,
  };
  const dir = checkedDir(frameworksDir);
  mkdirSync(dir, { recursive: true });
  writeAtomically(join(dir, `${framework.id}.json`), JSON.stringify(entry));
}
