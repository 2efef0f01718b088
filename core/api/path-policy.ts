/**
 * Which file-system paths the API may touch. The page is the untrusted side (it shows other people's text), so a
 * path it sends is used only when the user chose it:
 *
 *  - 'granted' (desktop app): paths the user picked in a native dialog, the file given on the command line / by
 *    the OS file association, the recent-files list, and workspaces the API itself opened. A granted folder
 *    (folder dialog) lets the API read the files directly inside it, never write them.
 *  - 'confined' (browser test host): anything under the host's roots (its --out-dir), plus granted paths
 *    (the --workspace it was started with, the test's queued dialog answers).
 *  - 'any' (unit tests): only the shape checks below.
 *
 * Every check first normalises: absolute, no NUL, `resolve`d (no `..` left), and compared by its real path
 * (symlinks followed where the file or its folder exists), so neither `..` nor a symlink beats the policy.
 * Writes must also carry the expected extension. Refusals are QarError('FORBIDDEN' / 'BAD_INPUT') in Chinese.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve, sep } from 'node:path';
import { QarError } from '../errors';
import { MAX_PATH_CHARS } from './file-path';

export type PathPolicyMode = 'granted' | 'confined' | 'any';
/** read: open/import only; write: also overwrite (with the expected extension); folder: read the files in it */
export type GrantAccess = 'read' | 'write' | 'folder';

export interface PathUse {
  /** the API writes this file (create, export, save, or open a workspace for editing) */
  write?: boolean;
  /** required extension(s), lower case with the dot: '.docx' */
  ext?: string | readonly string[];
  /** the path may name a folder: a granted folder itself; with write, also the folder of a file the user chose
   *  to save (the API then creates a NEW file there under its own name, e.g. 示例学校.qar) */
  folder?: boolean;
  /** what the file is, for the message: 「Word 报告的文件名须以 .docx 结尾。」 */
  what?: string;
}

export interface PathPolicy {
  readonly mode: PathPolicyMode;
  /** Remember a path the user chose (dialog, command line, recent list). Access only ever grows. */
  grant(path: string, access?: GrantAccess): void;
  /** The normalised absolute path to use, or a thrown QarError when this use is not allowed. */
  check(path: string, use?: PathUse): string;
}

export interface PathPolicyOptions {
  mode: PathPolicyMode;
  /** 'confined': folders whose whole tree may be read and written */
  roots?: readonly string[];
  /** case-insensitive file systems compare paths in lower case; default process.platform */
  platform?: string;
}

export const REFUSED_NOT_CHOSEN = '只能使用在对话框中选择的文件。请通过“文件”菜单选择文件。';
export const REFUSED_OUTSIDE_ROOTS = '只能使用本次启动时指定的输出文件夹或工作区中的文件，请换一个路径。';

/** Shape checks shared by every mode; returns the resolved absolute path. */
export function normalisePath(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length === 0) throw new QarError('BAD_INPUT', '请选择文件路径。');
  if (raw.length > MAX_PATH_CHARS) throw new QarError('BAD_INPUT', '文件路径过长。');
  if (raw.includes('\0')) throw new QarError('BAD_INPUT', '文件路径含有无效字符，请重新选择文件。');
  // Windows device and verbatim namespaces (\\.\PhysicalDrive0, \\?\C:\…) are never a document
  if (/^[\\/]{2}[?.][\\/]/.test(raw)) throw new QarError('BAD_INPUT', '不支持这种文件路径，请重新选择文件。');
  if (!isAbsolute(raw)) throw new QarError('BAD_INPUT', '文件路径须为完整路径（从根目录或盘符开始），请重新选择文件。');
  return resolve(raw);
}

/** The real path: symlinks resolved for the part that exists; a file about to be created keeps its own name. */
export function canonicalPath(abs: string): string {
  try {
    return realpathSync.native(abs);
  } catch {
    const parent = dirname(abs);
    if (parent === abs) return abs;
    return join(canonicalPath(parent), basename(abs));
  }
}

function requireExt(path: string, ext: string | readonly string[], what: string | undefined): void {
  const exts = typeof ext === 'string' ? [ext] : ext;
  if (!exts.includes(extname(path).toLowerCase())) {
    throw new QarError('BAD_INPUT', `${what ?? '文件'}的文件名须以 ${exts.join(' 或 ')} 结尾。`);
  }
}

export function createPathPolicy(opts: PathPolicyOptions): PathPolicy {
  const platform = opts.platform ?? process.platform;
  const fold = platform === 'win32' || platform === 'darwin';
  const key = (abs: string) => {
    const c = canonicalPath(abs);
    return fold ? c.toLowerCase() : c;
  };
  const files = new Map<string, 'read' | 'write'>();
  const folders = new Set<string>();
  /** folders of files picked in a save dialog: usable as a target folder (示例学校 goes there), not their files */
  const saveFolders = new Set<string>();
  const roots = (opts.roots ?? []).map((r) => key(normalisePath(r)));

  const under = (k: string, root: string) => k === root || k.startsWith(root.endsWith(sep) ? root : root + sep);

  const allowed = (k: string, use: PathUse): boolean => {
    const file = files.get(k);
    if (file === 'write' || (file === 'read' && !use.write)) return true;
    if (!use.write && folders.has(dirname(k))) return true;
    if (use.folder && (folders.has(k) || (use.write && saveFolders.has(k)))) return true;
    if (opts.mode === 'confined' && roots.some((r) => under(k, r))) return true;
    return false;
  };

  return {
    mode: opts.mode,
    grant(path, access = 'write') {
      const k = key(normalisePath(path));
      if (access === 'folder') {
        folders.add(k);
        return;
      }
      if (files.get(k) !== 'write') files.set(k, access);
      if (access === 'write') saveFolders.add(dirname(k));
    },
    check(path, use = {}) {
      const abs = normalisePath(path);
      if (use.ext) requireExt(abs, use.ext, use.what);
      if (opts.mode === 'any') return abs;
      if (allowed(key(abs), use)) return abs;
      throw new QarError('FORBIDDEN', opts.mode === 'granted' ? REFUSED_NOT_CHOSEN : REFUSED_OUTSIDE_ROOTS);
    },
  };
}
