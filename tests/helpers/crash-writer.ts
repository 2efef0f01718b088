/**
 * Child process for the crash tests: `node --import tsx crash-writer.ts MODE ARGS…`. It works on a workspace
 * until the parent kills it with SIGKILL, printing `BEGIN n KIND` before each step and `ACK n KIND DETAIL`
 * once the step is saved (returned from the store), so the parent knows which edits were acknowledged.
 *
 *   spill  FILE COUNT     commits COUNT values (A-COMMITTED), then journals and spills a big uncommitted
 *                          transaction into the file (B-STARTED) and waits to be killed (tests/db-crash.test.ts)
 *   edit   FILE SEED      value edits, paragraph rewrites and photos (image + photo block), chosen by SEED
 *   import JSON FILE XLSX… writes the JSON export as new workspaces (3 names, replacing), and merges the
 *                          workbooks in turn into FILE (each changes one value)
 *   export FILE OUTDIR    a value edit, a snapshot and an export (JSON, Excel, Word in turn) to OUTDIR, repeated
 *   migrate FILE          opens an older-schema FILE for writing (backup, migration) and closes it
 * Every mode prints READY just before its first step.
 */
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../../core/fs/atomic';
import { runReportExport } from '../../core/host/report-job';
import { importJsonFile, openWorkspace } from '../../core/service';
import { exportWorkspaceXlsx, importValuesXlsx } from '../../core/xlsx/session';
import { WorkspaceStore } from '../../db/store';
import { paragraphText, rng, sha256 } from './crash-shared';

const [mode, ...args] = process.argv.slice(2) as [string, ...string[]];
const say = (line: string) => writeSync(1, `${line}\n`);

/** PNG-looking bytes of ~size (the store checks the signature, not the picture). */
function photoBytes(n: number, size: number): Buffer {
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) body.writeUInt32LE((Math.imul(i + 1, 2654435761) ^ n) >>> 0, i);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), body]);
}

async function spill(path: string, countA: number): Promise<void> {
  const store = await WorkspaceStore.open(path);
  const batchA = Array.from({ length: countA }, (_, i) => ({
    year: 2024,
    indicatorId: `a_${String(i).padStart(4, '0')}`,
    value: i + 0.5,
  }));
  store.setValues(batchA, 'manual');
  say('A-COMMITTED');
  const db = store.opened.db;
  const insert = db.prepare(
    "INSERT INTO indicator_values (year, indicator_id, value, note, source, updated_at) VALUES (2024, ?, ?, ?, '', '2024-09-01T00:00:00.000Z')",
  );
  const note = '未提交'.repeat(150);
  db.transaction(() => {
    db.prepare('UPDATE indicator_values SET value = -1').run();
    for (let i = 0; i < 20000; i++) insert.run(`b_${i}`, i, note);
    say('B-STARTED');
    // block inside the open transaction until the parent kills us
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
  })();
  say('NOT-KILLED');
}

async function edit(path: string, seed: number): Promise<void> {
  const s = await openWorkspace(path);
  const ws = s.getWorkspace();
  const para = ws.blocks.find((b) => b.content.kind === 'paragraph')!;
  const section = ws.sections[0]!;
  const next = rng(seed);
  say('READY');
  for (let n = 0; n < 100_000; n++) {
    const r = next();
    const kind = r < 0.55 ? 'value' : r < 0.85 ? 'para' : 'photo';
    say(`BEGIN ${n} ${kind}`);
    if (kind === 'value') {
      s.setValues([{ year: 2024, indicatorId: `crash_${n}`, value: n }], 'manual');
      say(`ACK ${n} value`);
    } else if (kind === 'para') {
      s.updateBlock(para.id, { kind: 'paragraph', lead: '段首句。', text: paragraphText(n) });
      say(`ACK ${n} para`);
    } else {
      const bytes = photoBytes(n, 150_000 + Math.floor(next() * 150_000));
      const a = s.addAsset(bytes, { mime: 'image/png', width: 400, height: 300, caption: `照片${n}` });
      s.createBlock(section.id, { kind: 'photo', assetId: a.id, caption: `照片${n}` });
      say(`ACK ${n} photo ${sha256(bytes)}`);
    }
  }
}

async function importMode(json: string, path: string, workbooks: string[]): Promise<void> {
  const s = await openWorkspace(path);
  const books = workbooks.map((w) => readFileSync(w));
  say('READY');
  for (let n = 0; n < 100_000; n++) {
    if (n % 2 === 0) {
      const target = `${path}.导入${(n / 2) % 3}.qar`;
      say(`BEGIN ${n} json`);
      await importJsonFile(json, target, { replace: true });
      say(`ACK ${n} json ${target}`);
    } else {
      const k = ((n - 1) / 2) % books.length;
      say(`BEGIN ${n} xlsx ${k}`);
      const r = await importValuesXlsx(s, books[k]!, { dryRun: false });
      say(`ACK ${n} xlsx ${k} ${r.applied?.logged ?? 0}`);
    }
  }
}

async function exportMode(path: string, outDir: string): Promise<void> {
  const s = await openWorkspace(path);
  say('READY');
  for (let n = 0; n < 100_000; n++) {
    const kind = ['json', 'xlsx', 'docx'][n % 3]!;
    // what the app does around an export: the edit before it, and the snapshot taken on export
    say(`BEGIN ${2 * n} saved`);
    s.setValues([{ year: 2024, indicatorId: `export_${2 * n}`, value: 2 * n }], 'manual');
    s.versions().snapshot('export', `导出 ${n}`);
    say(`ACK ${2 * n} saved`);
    say(`BEGIN ${2 * n + 1} ${kind}`);
    const out = join(outDir, `导出.${kind}`);
    if (kind === 'json') s.exportJsonFile(out);
    else if (kind === 'xlsx') writeAtomically(out, await exportWorkspaceXlsx(s));
    else await runReportExport({ workspacePath: path, outPath: out });
    say(`ACK ${2 * n + 1} ${kind} ${sha256(readFileSync(out))}`);
  }
}

async function migrate(path: string): Promise<void> {
  say('READY');
  say('BEGIN 0 migrate');
  const s = await WorkspaceStore.open(path);
  say(`ACK 0 migrate ${s.schemaVersion}`);
  s.close();
  say('ACK 1 closed');
}

if (mode === 'spill') await spill(args[0]!, Number(args[1]));
else if (mode === 'edit') await edit(args[0]!, Number(args[1]));
else if (mode === 'import') await importMode(args[0]!, args[1]!, args.slice(2));
else if (mode === 'export') await exportMode(args[0]!, args[1]!);
else if (mode === 'migrate') await migrate(args[0]!);
else throw new Error(`unknown mode ${mode}`);
