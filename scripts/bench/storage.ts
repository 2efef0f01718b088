/**
 * Bench: the .qar storage layer on a realistic-size workspace (3 years × 400 indicators, 40 blocks,
 * 20 images of ~400 KB): saving a pasted grid, opening (with the integrity check), reading the whole workspace,
 * JSON export and import. Each figure is the median of RUNS runs (max beside it), in process.
 * Targets: paste of 1 200 cells ≤ 200 ms, open + read ≤ 500 ms, export / import ≤ 3 s each.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspace } from '../../core/service';
import { createWorkspace, exportToJson, importWorkspace } from '../../core/workspace-io';
import { median } from './lib/measure';

export const name = '工作区存储（.qar）';

const RUNS = 5;

function line(label: string, times: number[], target: number): void {
  const m = median(times);
  const mark = m <= target ? '达标' : '未达标';
  console.log(
    `${label}: 中位数 ${m.toFixed(0)} ms，最大 ${Math.max(...times).toFixed(0)} ms（${times.length} 次；目标 ≤ ${target} ms，${mark}）`,
  );
}

/** Runs fn RUNS times (run index given), returning the last result and every time. */
async function time<T>(fn: (run: number) => T | Promise<T>): Promise<[T, number[]]> {
  const times: number[] = [];
  let r: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    r = await fn(i);
    times.push(performance.now() - t0);
  }
  return [r as T, times];
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'qar-bench-'));
  try {
    const p = join(dir, '基准.qar');
    createWorkspace(p, {
      profile: { name: '基准学校', level: '高职', category: '工科', reportYear: 2024 },
      framework: { id: 'cn-2024-gaozhi', version: 'bench' },
    });
    const s = await openWorkspace(p);
    // every run pastes different numbers, so each one really changes 1 200 values (and logs them)
    const grid = (run: number) =>
      [2022, 2023, 2024].flatMap((year) =>
        Array.from({ length: 400 }, (_, i) => ({ year, indicatorId: `ind_${i}`, value: i * 1.25 + year + run })),
      );
    const [, pasteMs] = await time((run) => s.setValues(grid(run), 'paste'));
    line('粘贴 1200 个单元格（一个事务，含修改记录）', pasteMs, 200);
    const sec = s.getWorkspace().sections;
    // a JPEG-looking payload: SOI marker + random bytes (storage does not decode images)
    for (let i = 0; i < 20; i++) {
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(400 * 1024)]);
      const a = s.addAsset(jpeg, { mime: 'image/jpeg', width: 2400, height: 1600 });
      s.createBlock(sec[i % sec.length]!.id, { kind: 'photo', assetId: a.id, caption: `图 ${i}` });
      s.createBlock(sec[i % sec.length]!.id, { kind: 'paragraph', lead: '段首句。', text: '正文'.repeat(400) });
    }
    s.close();
    console.log(`文件大小：${(statSync(p).size / 1024 / 1024).toFixed(1)} MB`);

    const [, openMs] = await time(async () => {
      const o = await openWorkspace(p, { readonly: true });
      o.getWorkspace();
      o.close();
    });
    const opened = await openWorkspace(p, { readonly: true });
    line('只读打开（含完整性检查）并读取整个工作区', openMs, 500);
    const [json, exportMs] = await time(() => exportToJson(opened.exportData()));
    opened.close();
    line(`导出 JSON（${(json.length / 1024 / 1024).toFixed(1)} MB）`, exportMs, 3000);
    const [, importMs] = await time((run) =>
      importWorkspace(json, join(dir, run === RUNS - 1 ? '导入.qar' : `导入-${run}.qar`)),
    );
    line('导入 JSON 为新的 .qar', importMs, 3000);
    const back = await openWorkspace(join(dir, '导入.qar'), { readonly: true });
    const same = exportToJson(back.exportData()) === json;
    back.close();
    console.log(`导出→导入→导出一致：${same ? '是' : '否'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
