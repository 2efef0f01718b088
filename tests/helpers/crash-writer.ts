/**
 * Child process for the crash test (tests/db-crash.test.ts): commits batch A through the store, then starts a big
 * transaction B, writes enough to journal and spill uncommitted pages into the file, tells the parent "B-STARTED" and waits
 * to be killed with SIGKILL.
 */
import { writeSync } from 'node:fs';
import { WorkspaceStore } from '../../db/store';

const [path, countA] = process.argv.slice(2);
const store = await WorkspaceStore.open(path!);
const batchA = Array.from({ length: Number(countA) }, (_, i) => ({
  year: 2024,
  indicatorId: `a_${String(i).padStart(4, '0')}`,
  value: i + 0.5,
}));
store.setValues(batchA, 'manual');
writeSync(1, 'A-COMMITTED\n');

const db = store.opened.db;
const insert = db.prepare(
  "INSERT INTO indicator_values (year, indicator_id, value, note, source, updated_at) VALUES (2024, ?, ?, ?, '', 'x')",
);
const note = '未提交'.repeat(150);
db.transaction(() => {
  db.prepare('UPDATE indicator_values SET value = -1').run();
  for (let i = 0; i < 20000; i++) insert.run(`b_${i}`, i, note);
  writeSync(1, 'B-STARTED\n');
  // block inside the open transaction until the parent kills us
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
})();
writeSync(1, 'NOT-KILLED\n');
