/**
 * Expected failures carry a code and one Chinese sentence saying what is wrong and what to do.
 * The CLI prints `message` on stderr and exits 2; the API returns it to the UI; nothing else is shown to users.
 */
export type QarErrorCode =
  | 'BAD_INPUT' // unusable input: not JSON, wrong shape, text in a number cell …
  | 'NOT_FOUND' // file or item does not exist
  | 'CORRUPT' // a .qar that fails the integrity check or is not SQLite
  | 'FOREIGN' // a SQLite file that is not a .qar workspace
  | 'NEWER' // written by a newer version of the app
  | 'READ_ONLY' // the workspace is opened read-only
  | 'FRAMEWORK' // a framework file that is invalid or hostile
  | 'TOO_LARGE' // an image or file over the limits
  | 'CONFLICT' // e.g. the target file exists already
  | 'FORBIDDEN' // a path the user did not choose (core/api/path-policy.ts)
  | 'UNAVAILABLE' // a program the task needs is missing or did not finish (LibreOffice, a browser for PDF)
  | 'DISK_FULL' // no room left on the disk (core/fs/disk-errors.ts)
  | 'LOCKED'; // another program holds the workspace open for writing (db/lock.ts)

export class QarError extends Error {
  readonly code: QarErrorCode;
  constructor(code: QarErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QarError';
    this.code = code;
  }
}

/**
 * A new workspace's target is already there, and the caller did not say to replace it. The message fits every
 * caller (the app's dialogs too); the command line adds how to replace it (its --replace).
 */
export class TargetExistsError extends QarError {
  constructor(readonly targetPath: string) {
    super('CONFLICT', `目标文件「${fileName(targetPath)}」已存在，为免覆盖其中的内容，没有写入。请换一个文件名。`);
  }
}

/** The last part of a path, either separator. No node:path here: pure modules the renderer may share import this file. */
function fileName(p: string): string {
  return p.split(/[\\/]/).filter(Boolean).pop() ?? p;
}

export function isQarError(e: unknown): e is QarError {
  return e instanceof QarError;
}
