/**
 * Bench: the .qar storage layer on a realistic-size workspace (3 years × 400 indicators, 40 blocks,
 * 20 images of ~400 KB): saving a pasted grid, opening (with the integrity check), reading the whole workspace,
 * JSON export and import. Targets: paste of 1 200 cells ≤ 200 ms, open + read ≤ 500 ms, export / import ≤ 3 s each.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWorkspace } from '../../core/service';
import { createWorkspace, exportToJson, importWorkspace } from '../../core/workspace-io';

export const name = '工作区存储（.qar）';

function line(label: string, ms: number, target: number): void {
  const mark = ms <= target ? '达标' : '未达标';
  console.log(`${label}: ${ms.toFixed(0)} ms（目标 ≤ ${target} ms，${mark}）`);
}

async function time<T>(fn: () => T | Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
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
    const grid = [2022, 2023, 2024].flatMap((year) =>
      Array.from({ length: 400 }, (_, i) => ({ year, indicatorId: `ind_${i}`, value: i * 1.25 + year })),
    );
    const [, pasteMs] = await time(() => s.setValues(grid, 'paste'));
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

    const [opened, openMs] = await time(async () => {
      const o = await openWorkspace(p, { readonly: true });
      o.getWorkspace();
      return o;
    });
    line('只读打开（含完整性检查）并读取整个工作区', openMs, 500);
    const [json, exportMs] = await time(() => exportToJson(opened.exportData()));
    opened.close();
    line(`导出 JSON（${(json.length / 1024 / 1024).toFixed(1)} MB）`, exportMs, 3000);
    const [, importMs] = await time(() => importWorkspace(json, join(dir, '导入.qar')));
    line('导入 JSON 为新的 .qar', importMs, 3000);
    const back = await openWorkspace(join(dir, '导入.qar'), { readonly: true });
    const same = exportToJson(back.exportData()) === json;
    back.close();
    console.log(`导出→导入→导出一致：${same ? '是' : '否'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
