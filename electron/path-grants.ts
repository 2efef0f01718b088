/**
 * The desktop app's path grants: every path the user chose (native dialogs, the command line, the OS file
 * association, the recent-files list) is granted in the path policy (core/api/path-policy.ts, mode 'granted')
 * as it is chosen, so the API accepts exactly those from the page. Electron-free, so a test can drive it.
 */
import { resolve } from 'node:path';
import type { ApiHostContext, PickOpenPurpose, PickSavePurpose } from '../core/api/context';
import type { GrantAccess, PathPolicy } from '../core/api/path-policy';

type Dialogs = Pick<ApiHostContext, 'pickOpen' | 'pickSave'> & Required<Pick<ApiHostContext, 'pickOpenMany'>>;

/** Grant without throwing: a malformed path (relative, NUL) is simply not granted, and the API refuses it later. */
export function tryGrant(paths: PathPolicy, path: string, access: GrantAccess = 'write'): boolean {
  try {
    paths.grant(path, access);
    return true;
  } catch {
    return false;
  }
}

/** The native dialogs, each granting what the user picked before the page learns the path. */
export function grantingDialogs(paths: PathPolicy, d: Dialogs): Dialogs {
  return {
    async pickOpen(purpose: PickOpenPurpose) {
      const p = await d.pickOpen(purpose);
      if (p) tryGrant(paths, p, 'write');
      return p;
    },
    async pickSave(purpose: PickSavePurpose, defaultName: string) {
      const p = await d.pickSave(purpose, defaultName);
      if (p) tryGrant(paths, p, purpose === 'folder' ? 'folder' : 'write');
      return p;
    },
    async pickOpenMany(kind) {
      const ps = await d.pickOpenMany(kind);
      // schools' files are only reviewed: read access (a folder: the files directly inside it)
      for (const p of ps) tryGrant(paths, p, kind === 'folder' ? 'folder' : 'read');
      return ps;
    },
  };
}

/** A .qar named on a command line (file association, second instance), made absolute against its working folder. */
export function grantCommandLineFile(paths: PathPolicy, file: string, cwd: string): string | null {
  const abs = resolve(cwd, file);
  return tryGrant(paths, abs, 'write') ? abs : null;
}
