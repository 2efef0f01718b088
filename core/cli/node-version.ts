/**
 * The oldest Node.js the command line runs on: package.json's engines (tests/cli-node-version.test.ts keeps the two
 * equal). better-sqlite3's native module is built for one Node ABI, and on an older Node it does not fail with an
 * error but crashes the process (a segfault on Node 20, found running the bundled `qar` with a system Node): the
 * user saw nothing at all. Checked before any command's modules load.
 */
export const MIN_NODE_VERSION = '22.12.0';

const parts = (v: string) => v.split('.').map((p) => Number.parseInt(p, 10) || 0);

/** A Chinese sentence when `version` (process.versions.node) is older than MIN_NODE_VERSION, else undefined. */
export function nodeVersionProblem(version: string = process.versions.node): string | undefined {
  const have = parts(version);
  const need = parts(MIN_NODE_VERSION);
  for (let i = 0; i < need.length; i++) {
    const h = have[i] ?? 0;
    const n = need[i] as number;
    if (h > n) return undefined;
    if (h < n) {
      return `本命令需要 Node.js ${MIN_NODE_VERSION} 或更高版本，当前为 ${version}。请安装 Node.js 22 LTS（或更新版本）后重试。`;
    }
  }
  return undefined;
}
