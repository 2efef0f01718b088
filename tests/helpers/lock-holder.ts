/**
 * Child process that opens a workspace for writing and holds it: `node --import tsx lock-holder.ts FILE.qar`.
 * Prints `HELD <pid>` once it holds the write lock; a line `edit N` on stdin saves value N (prints `EDITED N`), a
 * line `close` closes cleanly and exits; otherwise it waits to be killed (tests/db-lock.test.ts, e2e).
 */
import { createInterface } from 'node:readline';
import { openWorkspace } from '../../core/service';
import { setLockAppName } from '../../db/lock';

setLockAppName('测试用编辑程序');
const s = await openWorkspace(process.argv[2]!);
process.stdout.write(`HELD ${process.pid}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const edit = /^edit (\d+)$/.exec(line.trim());
  if (edit) {
    s.setValues([{ year: 2024, indicatorId: 'counselors', value: Number(edit[1]) }], 'manual');
    process.stdout.write(`EDITED ${edit[1]}\n`);
  }
  if (line.trim() === 'close') {
    s.close();
    process.stdout.write('CLOSED\n');
    process.exit(0);
  }
}
