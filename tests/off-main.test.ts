/**
 * #14.6: in the desktop app, workbooks and JSON exports are parsed in a worker thread with a heap cap and a time
 * limit (electron/off-main.ts → electron/import-worker.ts → core/host/import-job.ts). Runs the real worker script
 * (TypeScript through tsx); answers must be the same as in-process, and running out of memory or time must come
 * back as one Chinese sentence, never a dead main process.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQarError } from '../core/errors';
import { getFramework } from '../core/framework/registry';
import { IMPORT_JOB_LIMITS } from '../core/host/import-job';
import { runWorkerJob } from '../core/host/worker-job';
import type { WorkspaceExport } from '../core/model';
import { openWorkspace } from '../core/service';
import { exportToJson } from '../core/workspace-io';
import { parseValuesXlsx } from '../core/xlsx/import';
import { offMainImports } from '../electron/off-main';
import { REPO_ROOT } from './helpers/cli';
import { makeTempDir } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';
import { makeXlsx, millionRowsSheet } from './helpers/xlsx-parts';

const SCRIPT = join(REPO_ROOT, 'electron', 'import-worker.ts');
const TSX = ['--import', 'tsx'];
const off = offMainImports(SCRIPT, TSX);
const fw = getFramework('cn-2024-gaozhi');
const tmp = makeTempDir('qar-off-main-');
let json: string;
beforeAll(async () => {
  const s = await buildFixtureWorkspace(join(tmp.dir, '原始.qar'));
  json = exportToJson(s.exportData());
  s.close();
});
afterAll(() => tmp.cleanup());

async function workbook(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('教学资源表');
  s.addRow(['指标编号', '指标名称', '2024年']);
  s.addRow(['counselors', '专职辅导员数', 35]);
  s.addRow(['', '不存在的指标', 3]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

describe('imports off the main process', () => {
  it('a workbook parsed in the worker gives exactly the in-process result', async () => {
    const bytes = await workbook();
    expect(await off.parseXlsx(bytes, fw, [2024])).toEqual(await parseValuesXlsx(bytes, fw, [2024]));
  });

  it("a workbook over the row limit is refused in the worker with the guard's message", async () => {
    // (the million-row workbook itself is in tests/xlsx-limits.test.ts; over the limit is enough here)
    const bytes = await makeXlsx([{ name: '教学资源表', xml: millionRowsSheet(30_000) }], undefined, 1);
    const e = await rejection(off.parseXlsx(bytes, fw, [2024]));
    expect(isQarError(e)).toBe(true);
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/行数超过 20000 行/);
  });

  it('running out of the heap cap ends the worker with a Chinese TOO_LARGE, the caller carries on', async () => {
    const bytes = await workbook();
    const job = { kind: 'xlsx', bytes, framework: fw, years: [2024] };
    const e = await rejection(
      runWorkerJob(
        SCRIPT,
        job,
        { maxOldGenerationSizeMb: 4, timeoutMs: 60_000 },
        { what: '读取 Excel 工作簿', execArgv: TSX },
      ),
    );
    expect(isQarError(e)).toBe(true);
    expect(e.message).toMatch(/读取 Excel 工作簿时内存用量超过上限（4 MB）/);
    expect(await off.parseXlsx(bytes, fw, [2024])).toMatchObject({ sheets: ['教学资源表'] });
  });

  it('overrunning the time limit stops the worker with a Chinese TOO_LARGE', async () => {
    const job = { kind: 'xlsx', bytes: await workbook(), framework: fw, years: [2024] };
    const e = await rejection(
      runWorkerJob(
        SCRIPT,
        job,
        { maxOldGenerationSizeMb: 256, timeoutMs: 1 },
        { what: '读取 Excel 工作簿', execArgv: TSX },
      ),
    );
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/超过 0 秒仍未完成|超过 \d+ 秒仍未完成/);
  });

  it('a JSON export is imported in the worker; a smuggled picture is refused there with nothing written', async () => {
    const good = join(tmp.dir, '好.json');
    writeFileSync(good, json);
    const target = join(tmp.dir, '好.qar');
    await off.importJson(good, target);
    const s = await openWorkspace(target, { readonly: true });
    expect(exportToJson(s.exportData())).toBe(json);
    s.close();

    const exp = JSON.parse(json) as WorkspaceExport;
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    Object.assign(exp.assets[0]!, { bytes: svg.length, sha256: createHash('sha256').update(svg).digest('hex') });
    exp.assetData[exp.assets[0]!.id] = svg.toString('base64');
    const bad = join(tmp.dir, '坏.json');
    writeFileSync(bad, exportToJson(exp));
    const e = await rejection(off.importJson(bad, join(tmp.dir, '坏.qar')));
    expect(isQarError(e)).toBe(true);
    expect(e.message).toMatch(/SVG/);
    expect(existsSync(join(tmp.dir, '坏.qar'))).toBe(false);
  });

  it('limits are set for both jobs', () => {
    expect(IMPORT_JOB_LIMITS.xlsx.maxOldGenerationSizeMb).toBeLessThanOrEqual(1024);
    expect(IMPORT_JOB_LIMITS.json.timeoutMs).toBeGreaterThan(0);
  });
});
