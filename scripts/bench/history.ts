/**
 * Bench: 历史版本 on the demo school — how big one snapshot of the whole workspace is (it bounds what keeping
 * SNAPSHOT_LIMIT of them costs), how long taking one takes (done on open and on export), listing a page of the
 * history, and restoring a whole snapshot.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspace, writeExportAsWorkspace } from '../../core/service';
import { SNAPSHOT_LIMIT } from '../../db/history';
import { buildDemoExport } from '../../seeds/demo/index';

export const name = '历史版本（快照与恢复）';

function ms(t0: number): string {
  return `${(performance.now() - t0).toFixed(0)} ms`;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qar-bench-history-'));
  try {
    const p = join(dir, '示例.qar');
    writeExportAsWorkspace(buildDemoExport(), p);
    const s = await openWorkspace(p);
    try {
      let t0 = performance.now();
      const id = s.versions().snapshot('open', '基准');
      console.log(`拍一个快照：${ms(t0)}`);
      const row = s.store.opened.db.prepare('SELECT length(data) AS n FROM snapshots WHERE id = ?').get(id) as {
        n: number;
      };
      const kb = row.n / 1024;
      console.log(
        `一个快照的大小（gzip 后，不含图片字节）：${kb.toFixed(1)} KB；保留 ${SNAPSHOT_LIMIT} 个约 ${((kb * SNAPSHOT_LIMIT) / 1024).toFixed(1)} MB（文件本身 ${(statSync(p).size / 1024 / 1024).toFixed(1)} MB）`,
      );
      const para = s.getWorkspace().blocks.find((b) => b.content.kind === 'paragraph')!;
      for (let i = 0; i < 50; i++) {
        s.setValues([{ year: 2024, indicatorId: 'students_fulltime', value: 10000 + i }], 'manual');
        s.updateBlock(para.id, { kind: 'paragraph', lead: '段首句。', text: `第 ${i} 稿` });
      }
      t0 = performance.now();
      s.versions().list(0, 50);
      console.log(`列出一页修改记录（50 条）：${ms(t0)}`);
      t0 = performance.now();
      s.versions().restoreSnapshot(id!);
      console.log(`把整个工作区恢复到快照：${ms(t0)}`);
    } finally {
      s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
