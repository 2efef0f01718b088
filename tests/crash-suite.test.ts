/**
 * The crash-safety suite (#14): a writer is killed with SIGKILL at random moments (fixed seeds) while editing with
 * photos, importing, exporting and migrating, QAR_CRASH_TRIALS times each (default 20). After every kill:
 *   - the file opens in the app (read-write, as the desktop app opens it) and every acknowledged edit is there;
 *   - the .qar ALONE, copied the instant the writer died (no -journal, no -wal), holds every acknowledged edit —
 *     or, only when the kill fell inside a save, is refused as damaged (counted; never silently incomplete);
 *   - once the app has opened and closed the file (and written the interrupted output again), nothing is left
 *     over: no journal, lock, temp or partial backup file.
 * The counts are printed at the end (trials, kills inside a step, refused copies, failures).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAtomically } from '../core/fs/atomic';
import { importJsonFile, openWorkspace, type WorkspaceSession } from '../core/service';
import { exportToJson, exportWorkspace } from '../core/workspace-io';
import { exportWorkspaceXlsx } from '../core/xlsx/session';
import { applyMigrations, latestSchemaVersion } from '../db/migrate';
import { WorkspaceStore } from '../db/store';
import { editBook } from './fixtures/xlsx/workbook';
import { spawnNode } from './helpers/child';
import { type BundledWriter, bundleCrashWriter } from './helpers/crash-build';
import { paragraphText, rng, sha256 } from './helpers/crash-shared';
import { makePng, makeTempDir } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

const TRIALS = Number(process.env.QAR_CRASH_TRIALS ?? 20);
const CONCURRENCY = 2;
const SEED = 14_2025;

const tmp = makeTempDir('qar-crash-');
let fixture: string;
let writer: BundledWriter;

interface Step {
  n: number;
  kind: string;
  rest: string[];
}
interface Run {
  acks: Step[];
  /** the step that had begun and was not acknowledged when the writer died */
  inflight: Step | null;
  finished: boolean;
}
interface Counts {
  trials: number;
  insideStep: number;
  aloneRefused: number;
  failures: number;
}
const counts: Record<string, Counts> = {};

/** Runs the writer, kills it `delayMs` after READY (the random kill point), and parses what it acknowledged. */
async function runAndKill(args: string[], delayMs: number): Promise<Run> {
  const child = spawnNode([writer.file], args, 'crash-writer', writer.env);
  await child.waitFor(/READY/);
  // the kill point of this trial: a deliberate random delay, not a wait for a state
  await new Promise((r) => setTimeout(r, delayMs));
  child.proc.kill('SIGKILL');
  const { signal } = await child.exited;
  const acks: Step[] = [];
  let inflight: Step | null = null;
  for (const line of child.out().split('\n')) {
    const [tag, n, kind, ...rest] = line.trim().split(' ');
    if (tag === 'BEGIN') inflight = { n: Number(n), kind: kind!, rest };
    if (tag === 'ACK') {
      acks.push({ n: Number(n), kind: kind!, rest });
      if (inflight?.n === Number(n)) inflight = null;
    }
  }
  return { acks, inflight, finished: signal !== 'SIGKILL' };
}

/** Trials with a small pool (the machine has two cores); each failure is collected, not thrown midway. */
async function trials(
  mode: string,
  run: (i: number, r: () => number) => Promise<{ inside: boolean; refused: boolean }>,
) {
  const c: Counts = { trials: 0, insideStep: 0, aloneRefused: 0, failures: 0 };
  counts[mode] = c;
  const errors: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < TRIALS) {
      const i = next++;
      try {
        const o = await run(i, rng(SEED + i * 7919 + mode.length));
        c.trials++;
        if (o.inside) c.insideStep++;
        if (o.refused) c.aloneRefused++;
      } catch (e) {
        c.trials++;
        c.failures++;
        errors.push(`trial ${i}: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  expect(errors, errors.join('\n\n')).toEqual([]);
  expect(c.trials).toBe(TRIALS);
}

/** Opens the .qar-alone copy read-only and checks it; refused only when the kill fell inside a save. */
async function checkAlone(alone: string, run: Run, check: (s: WorkspaceSession) => void): Promise<boolean> {
  let s: WorkspaceSession;
  try {
    s = await openWorkspace(alone, { readonly: true });
  } catch (e) {
    if (!run.inflight) throw new Error(`the .qar alone was refused although no save was in progress: ${String(e)}`);
    expect((e as { code?: string }).code).toBe('CORRUPT');
    return true;
  }
  try {
    check(s);
  } finally {
    s.close();
  }
  return false;
}

function trialDir(mode: string, i: number): { dir: string; side: string } {
  const dir = join(tmp.dir, `${mode}-${i}`);
  const side = join(tmp.dir, `${mode}-${i}-copies`);
  mkdirSync(dir);
  mkdirSync(side);
  return { dir, side };
}

const listing = (dir: string) => readdirSync(dir).sort();

beforeAll(async () => {
  writer = await bundleCrashWriter();
  fixture = join(tmp.dir, '模板.qar');
  (await buildFixtureWorkspace(fixture)).close();
}, 120_000);

afterAll(() => {
  console.log('崩溃测试统计（每种情形）：');
  for (const [mode, c] of Object.entries(counts)) {
    console.log(
      `  ${mode}: ${c.trials} 次，其中 ${c.insideStep} 次杀在保存/写出过程中，单独拷贝 .qar 被拒（已损坏）${c.aloneRefused} 次，失败 ${c.failures} 次`,
    );
  }
  tmp.cleanup();
  writer?.cleanup();
});

describe('crash safety: kill -9 at random points', () => {
  it(`while editing with photos (${TRIALS} trials)`, async () => {
    await trials('edit', async (i, r) => {
      const { dir, side } = trialDir('edit', i);
      const qar = join(dir, '编辑.qar');
      copyFileSync(fixture, qar);
      const original = (await WorkspaceStore.open(qar, { readonly: true })).getWorkspace();
      const para = original.blocks.find((b) => b.content.kind === 'paragraph')!;
      const run = await runAndKill(['edit', qar, String(SEED + i)], Math.floor(r() * 2000));
      const alone = join(side, '单独拷贝.qar');
      copyFileSync(qar, alone);

      const check = (s: WorkspaceSession) => {
        const ws = s.getWorkspace();
        const values = new Map(ws.values.filter((v) => v.year === 2024).map((v) => [v.indicatorId, v.value]));
        const acked = (k: string) => run.acks.filter((a) => a.kind === k);
        const inflight = (k: string) => (run.inflight?.kind === k ? run.inflight.n : -1);
        for (const a of acked('value')) expect(values.get(`crash_${a.n}`), `value ${a.n}`).toBe(a.n);
        for (const id of values.keys()) {
          if (!id.startsWith('crash_')) continue;
          const n = Number(id.slice(6));
          expect(acked('value').some((a) => a.n === n) || n === inflight('value'), `unacknowledged ${id}`).toBe(true);
        }
        const lastPara = acked('para').at(-1);
        const text = (ws.blocks.find((b) => b.id === para.id)!.content as { text: string }).text;
        const allowed = [lastPara ? paragraphText(lastPara.n) : (para.content as { text: string }).text];
        if (inflight('para') >= 0) allowed.push(paragraphText(inflight('para')));
        expect(allowed).toContain(text);
        for (const a of acked('photo')) {
          const b = ws.blocks.find((x) => x.content.kind === 'photo' && x.content.caption === `照片${a.n}`);
          expect(b, `photo ${a.n}`).toBeDefined();
          const assetId = (b!.content as { assetId: string }).assetId;
          expect(sha256(s.getAssetBytes(assetId))).toBe(a.rest[0]);
        }
        // the history of every acknowledged paragraph rewrite survived too
        const rewrites = s.store.opened.db
          .prepare("SELECT count(*) AS n FROM edit_log WHERE kind = 'block' AND action = 'update' AND target_id = ?")
          .get(para.id) as { n: number };
        expect(rewrites.n).toBeGreaterThanOrEqual(acked('para').length);
      };

      const refused = await checkAlone(alone, run, check);
      const s = await openWorkspace(qar);
      try {
        check(s);
      } finally {
        s.close();
      }
      expect(listing(dir)).toEqual(['编辑.qar']);
      return { inside: run.inflight !== null, refused };
    });
  }, 900_000);

  it(`while importing (JSON into new files, Excel into an open one) (${TRIALS} trials)`, async () => {
    // a JSON export with some weight (photos), and three workbooks that each change one value
    const src = join(tmp.dir, '导入源.qar');
    copyFileSync(fixture, src);
    const s0 = await openWorkspace(src);
    const sec = s0.getWorkspace().sections[0]!;
    for (let k = 0; k < 6; k++) {
      // real pictures: a JSON import checks every one as 插入图片 does
      const a = s0.addAsset(makePng(640, 480, k), { mime: 'image/png', width: 640, height: 480, caption: `大图${k}` });
      s0.createBlock(sec.id, { kind: 'photo', assetId: a.id, caption: `大图${k}` });
    }
    const exp = exportWorkspace(s0.store);
    const json = join(tmp.dir, '导入源.json');
    writeFileSync(json, exportToJson(exp));
    const xlsx = await exportWorkspaceXlsx(s0);
    s0.close();
    const books: string[] = [];
    for (const v of [77, 78, 79]) {
      const { bytes } = await editBook(xlsx, [{ sheet: '教学资源表', id: 'counselors', year: 2024, value: v }]);
      const p = join(tmp.dir, `辅导员${v}.xlsx`);
      writeFileSync(p, bytes);
      books.push(p);
    }

    await trials('import', async (i, r) => {
      const { dir, side } = trialDir('import', i);
      const qar = join(dir, '学校.qar');
      copyFileSync(fixture, qar);
      const run = await runAndKill(['import', json, qar, ...books], Math.floor(r() * 3000));
      const alone = join(side, '单独拷贝.qar');
      copyFileSync(qar, alone);

      const lastXlsx = run.acks.filter((a) => a.kind === 'xlsx').at(-1);
      const allowed = new Set<number | null>([lastXlsx ? [77, 78, 79][Number(lastXlsx.rest[0])]! : null]);
      if (run.inflight?.kind === 'xlsx') allowed.add([77, 78, 79][Number(run.inflight.rest[0])]!);
      const check = (s: WorkspaceSession) => {
        const v = s.store.getValues(2024).find((x) => x.indicatorId === 'counselors')?.value ?? null;
        expect(allowed.has(v), `counselors = ${v}`).toBe(true);
      };
      const refused = await checkAlone(alone, run, check);
      const s = await openWorkspace(qar);
      try {
        check(s);
      } finally {
        s.close();
      }
      // every imported file there is complete; every acknowledged one is there
      const targets = [0, 1, 2].map((k) => `${qar}.导入${k}.qar`);
      for (const a of run.acks.filter((x) => x.kind === 'json')) expect(existsSync(a.rest[0]!)).toBe(true);
      for (const t of targets) {
        if (!existsSync(t)) {
          // never written completely: writing it again (what the user does) clears what the crash left
          await importJsonFile(json, t, { replace: true });
        }
        const w = await openWorkspace(t);
        expect(w.getWorkspace().blocks).toHaveLength(exp.blocks.length);
        expect(w.getWorkspace().assets).toHaveLength(exp.assets.length);
        w.close();
      }
      expect(listing(dir)).toEqual(['学校.qar', ...targets.map((t) => t.slice(dir.length + 1))].sort());
      return { inside: run.inflight !== null, refused };
    });
  }, 900_000);

  it(`while exporting JSON, Excel and Word from an open workspace (${TRIALS} trials)`, async () => {
    await trials('export', async (i, r) => {
      const { dir, side } = trialDir('export', i);
      const out = join(side, '输出');
      mkdirSync(out);
      const qar = join(dir, '学校.qar');
      copyFileSync(fixture, qar);
      const run = await runAndKill(['export', qar, out], Math.floor(r() * 5000));
      const alone = join(side, '单独拷贝.qar');
      copyFileSync(qar, alone);
      const saved = run.acks.filter((a) => a.kind === 'saved');
      const check = (s: WorkspaceSession) => {
        const values = new Map(s.store.getValues(2024).map((v) => [v.indicatorId, v.value]));
        for (const a of saved) expect(values.get(`export_${a.n}`), `export_${a.n}`).toBe(a.n);
        // one snapshot per acknowledged save (each followed an edit), none lost
        expect(s.versions().listSnapshots().length).toBeGreaterThanOrEqual(Math.min(saved.length, 20));
      };
      const refused = await checkAlone(alone, run, check);
      const s = await openWorkspace(qar);
      try {
        check(s);
        // every output there is whole: the last acknowledged version, or (if it was being written) the new one
        for (const kind of ['json', 'xlsx', 'docx']) {
          const p = join(out, `导出.${kind}`);
          const lastAck = run.acks.filter((a) => a.kind === kind).at(-1);
          if (!existsSync(p)) {
            expect(lastAck, `${kind} acknowledged but missing`).toBeUndefined();
          } else {
            const bytes = readFileSync(p);
            if (kind === 'json') expect(JSON.parse(bytes.toString('utf8')).format).toBe('qar-workspace');
            else expect(Object.keys((await JSZip.loadAsync(bytes)).files)).toContain('[Content_Types].xml');
            if (run.inflight?.kind !== kind && lastAck) expect(sha256(bytes)).toBe(lastAck.rest[0]);
          }
        }
        // the user exports again (every exporter writes through writeAtomically): what the crash left beside
        // the outputs goes; the Word bytes are written as they are, generating the report again proves nothing more
        s.exportJsonFile(join(out, '导出.json'));
        writeAtomically(join(out, '导出.xlsx'), await exportWorkspaceXlsx(s));
        const docx = join(out, '导出.docx');
        writeAtomically(docx, existsSync(docx) ? readFileSync(docx) : Buffer.from('x'));
      } finally {
        s.close();
      }
      expect(listing(out)).toEqual(['导出.docx', '导出.json', '导出.xlsx']);
      expect(listing(dir)).toEqual(['学校.qar']);
      return { inside: run.inflight !== null, refused };
    });
  }, 1_200_000);

  it(`while migrating an older file (${TRIALS} trials)`, async () => {
    // a version-1 file of some size, as an earlier version left it
    const old = join(tmp.dir, '旧版.qar');
    const db = new Database(old);
    applyMigrations(db, 1);
    db.exec(`INSERT INTO profile VALUES (1, '旧文件学院', '', '高职', '工科', '', 2024, 'cn-2024-gaozhi', '1');
             INSERT INTO report_years (year) VALUES (2023), (2024);
             INSERT INTO chapters VALUES ('ch1', 2024, 'talent', '人才培养', 0, '');
             INSERT INTO sections VALUES ('s1', 'ch1', 'talent.moral', '立德树人', 0);`);
    const ins = db.prepare("INSERT INTO indicator_values VALUES (?, ?, ?, ?, '', '2024-09-01T00:00:00.000Z')");
    const blk = db.prepare("INSERT INTO blocks VALUES (?, 's1', ?, ?, '2024-09-01T00:00:00.000Z')");
    db.transaction(() => {
      for (let k = 0; k < 3000; k++) ins.run(2023 + (k % 2), `old_${k}`, k / 4, '旧'.repeat(100));
      for (let k = 0; k < 200; k++) {
        blk.run(`b${k}`, k, JSON.stringify({ kind: 'paragraph', lead: '甲。', text: '旧正文'.repeat(300) }));
      }
    })();
    db.close();
    const expected = sha256(
      Buffer.from(JSON.stringify((await WorkspaceStore.open(old, { readonly: true })).getValues())),
    );
    expect(statSync(old).size).toBeGreaterThan(1024 * 1024);

    // how long an uninterrupted migration takes here: the kill points spread over it (and a little after)
    const cal = join(tmp.dir, '校准.qar');
    copyFileSync(old, cal);
    const child = spawnNode([writer.file], ['migrate', cal], 'crash-writer', writer.env);
    await child.waitFor(/READY/);
    const t0 = performance.now();
    await child.exited;
    const span = Math.max(50, (performance.now() - t0) * 1.2);

    await trials('migrate', async (i, r) => {
      const { dir, side } = trialDir('migrate', i);
      const qar = join(dir, '旧版.qar');
      copyFileSync(old, qar);
      const run = await runAndKill(['migrate', qar], Math.floor(r() * span));
      const alone = join(side, '单独拷贝.qar');
      copyFileSync(qar, alone);
      const check = (s: WorkspaceSession) => {
        expect(sha256(Buffer.from(JSON.stringify(s.store.getValues())))).toBe(expected);
        expect(s.getWorkspace().blocks).toHaveLength(200);
      };
      const refused = await checkAlone(alone, run, check);
      const s = await openWorkspace(qar);
      try {
        expect(s.store.schemaVersion).toBe(latestSchemaVersion());
        check(s);
      } finally {
        s.close();
      }
      // left: the file, and the backups of the two attempts at most (the killed one, if it got that far, and
      // ours) — each complete, at the old version, with all the data; never a partial one
      const names = listing(dir);
      // (each migration is its own transaction: a writer killed between two leaves the file at the one between)
      const backups = names.filter((n) => /^旧版\.qar\.bak-v\d+-/.test(n));
      expect(
        names.filter((n) => !backups.includes(n)),
        names.join(' '),
      ).toEqual(['旧版.qar']);
      expect(backups.length).toBeLessThanOrEqual(2);
      for (const b of backups) {
        const bdb = new Database(join(dir, b), { readonly: true });
        expect(bdb.pragma('user_version', { simple: true })).toBe(Number(/bak-v(\d+)-/.exec(b)![1]));
        expect(bdb.pragma('integrity_check', { simple: true })).toBe('ok');
        expect((bdb.prepare('SELECT count(*) AS n FROM indicator_values').get() as { n: number }).n).toBe(3000);
        bdb.close();
      }
      return { inside: run.inflight !== null, refused };
    });
  }, 900_000);
});
