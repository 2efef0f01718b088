/**
 * `qar report`'s head start (core/cli/report-head-start.ts): the photos start from a plain read of the file before
 * the command's modules load and the file is checked. These tests hold it to its promise: its work is taken only
 * when the checked workspace agrees with what it read; a photo whose bytes are unlike its recorded sha256 is made
 * again the ordinary way (with the ordinary notice); a file the checks refuse is refused as before; and the report
 * is the same document with or without it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { headStartPending, startReportHeadStart, stopHeadStart, takeHeadStart } from '../core/cli/report-head-start';
import type { PhotoWork } from '../core/docx/media';
import { yearPhotoFigures } from '../core/docx/year-photos';
import { openWorkspace } from '../core/service';
import { runCliInProcess } from './helpers/cli-inproc';
import { sha256File } from './helpers/files';
import { valueImportsFrom } from './helpers/imports';
import { fixtureCopies } from './helpers/workspace';

// the fixture prints two photos: one in a photo block, one in a case (tests/helpers/workspace.ts)
const { copyOf, bytes } = fixtureCopies('qar-head-start-');
afterEach(() => {
  stopHeadStart();
  vi.unstubAllEnvs();
});

const emptyWork = (): PhotoWork => ({ ids: [], submitted: Promise.resolve(), done: Promise.resolve(new Map()) });

/** Starts the head start for `p`, then opens `p` the checked way and asks for its work as core/cli/report.ts does. */
async function startAndTake(p: string, over: { layout?: string; year?: number } = {}) {
  startReportHeadStart([p, '--out', `${p}.docx`]);
  const s = await openWorkspace(p, { readonly: true, check: 'read' });
  try {
    const ws = s.getWorkspace();
    const year = over.year ?? ws.profile.reportYear;
    const again = vi.fn(emptyWork);
    const work = takeHeadStart({
      path: p,
      year,
      layout: over.layout ?? 'official',
      assets: ws.assets,
      photoIds: [...new Set(yearPhotoFigures(ws, year).map((f) => f.image.assetId))],
      again,
    });
    const pictures = work ? await work.done : undefined;
    return { work, pictures, again, ws };
  } finally {
    s.close();
  }
}

async function partsOf(docx: string): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(readFileSync(docx));
  const out = new Map<string, string>();
  for (const n of Object.keys(zip.files).sort()) {
    // core.xml holds the time of writing
    if (n === 'docProps/core.xml' || zip.files[n]?.dir) continue;
    const data = await (zip.file(n) as JSZip.JSZipObject).async('nodebuffer');
    // docx numbers bookmarks (w:id) and drawings (wp:docPr id) from counters kept for the process, which the
    // first run here has moved on; nothing else differs between two runs
    out.set(
      n,
      n.endsWith('.xml') ? data.toString('utf8').replace(/\b(w:)?id="\d+"/g, 'id=""') : data.toString('base64'),
    );
  }
  return out;
}

describe('qar report head start', () => {
  it('is taken when the checked workspace agrees: every photo made once, from the bytes their hashes record', async () => {
    const { work, pictures, again, ws } = await startAndTake(copyOf('一致.qar'));
    expect(work).toBeDefined();
    expect(again).not.toHaveBeenCalled();
    const ids = ws.assets.map((a) => a.id).sort();
    expect([...(pictures?.keys() ?? [])].sort()).toEqual(ids);
    for (const pic of pictures?.values() ?? []) expect(pic.data.length).toBeGreaterThan(0);
  });

  it('is not taken for another layout or year than the one it read (the command starts its own photos)', async () => {
    expect((await startAndTake(copyOf('版式.qar'), { layout: 'report' })).work).toBeUndefined();
    expect((await startAndTake(copyOf('年度.qar'), { year: 2031 })).work).toBeUndefined();
  });

  it('a photo whose bytes are unlike its recorded sha256: the photos are made again the ordinary way', async () => {
    const p = copyOf('校验值不符.qar');
    const db = new Database(p);
    db.prepare('UPDATE assets SET sha256 = ? WHERE caption = ?').run('0'.repeat(64), '实训课堂');
    db.close();
    const { work, pictures, again } = await startAndTake(p);
    expect(work).toBeDefined();
    expect(again).toHaveBeenCalledTimes(1);
    // what `again` made is what the writer gets
    expect(pictures?.size).toBe(0);
  });

  it('does not start for a file that needs recovery or migration first (a journal beside it)', async () => {
    const p = copyOf('有日志.qar');
    writeFileSync(`${p}-journal`, Buffer.alloc(512, 1));
    startReportHeadStart([p, '--out', `${p}.docx`]);
    expect(headStartPending()).toBe(false);
    expect((await startAndTake(p)).work).toBeUndefined();
  });

  it('starts nothing for arguments the command refuses (photos handed to sharp would hold the refusal back)', async () => {
    const p = copyOf('参数.qar');
    for (const bad of [
      ['--charts', 'bogus'],
      ['--year', '1999'],
      ['--styles', 'bogus'],
    ]) {
      startReportHeadStart([p, ...bad, '--out', `${p}.docx`]);
      expect(headStartPending()).toBe(false);
    }
    startReportHeadStart([p, '--out', `${p}.txt`]);
    expect(headStartPending()).toBe(false);
    // the command's own refusal, through core/cli.ts, leaves no head start behind
    const r = await runCliInProcess(['report', p, '--charts', 'bogus', '--out', `${p}.docx`]);
    expect(r.code).toBe(2);
    expect(r.stderr[0]).toMatch(/^参数有误：--charts 应为 native/);
    expect(headStartPending()).toBe(false);
  });

  it('the report is the same document, part for part, with the head start and without it', async () => {
    const withIt = copyOf('有预启动.qar');
    const without = copyOf('无预启动.qar');
    // pictures for charts (native charts carry random ids) and no page pass (LibreOffice's passes vary with its cache)
    const args = ['--charts', 'png'];
    vi.stubEnv('QAR_PAGE_PASS', 'none');
    const r1 = await runCliInProcess(['report', withIt, ...args, '--out', `${withIt}.docx`]);
    vi.stubEnv('QAR_REPORT_HEAD_START', 'off');
    const r2 = await runCliInProcess(['report', without, ...args, '--out', `${without}.docx`]);
    expect([r1.code, r2.code]).toEqual([0, 0]);
    expect(r1.stderr).toEqual([]);
    expect(await partsOf(`${withIt}.docx`)).toEqual(await partsOf(`${without}.docx`));
  }, 60_000);

  it('garbage, a cut-off copy, a newer file and a block that is not JSON: the same refusal as without it, file unchanged', async () => {
    const notJson = copyOf('正文非JSON.qar');
    const db = new Database(notJson);
    // what the file's CHECK (json_valid) keeps out, as a hand-made file could hold it
    db.pragma('ignore_check_constraints = ON');
    db.prepare("UPDATE blocks SET content = '{不是 JSON' WHERE rowid = (SELECT min(rowid) FROM blocks)").run();
    db.close();
    const newer = copyOf('新版本.qar');
    const ndb = new Database(newer);
    ndb.pragma(`user_version = ${(ndb.pragma('user_version', { simple: true }) as number) + 1}`);
    ndb.close();
    const files = [
      copyOf('乱码.qar', Buffer.from('这不是工作区文件'.repeat(400))),
      copyOf('截断.qar', bytes().subarray(0, Math.floor(bytes().length / 2))),
      newer,
      notJson,
    ];
    for (const p of files) {
      const before = sha256File(p);
      startReportHeadStart([p, '--out', `${p}.docx`]);
      expect(headStartPending()).toBe(false);
      const r = await runCliInProcess(['report', p, '--out', `${p}.docx`]);
      vi.stubEnv('QAR_REPORT_HEAD_START', 'off');
      const plain = await runCliInProcess(['report', p, '--out', `${p}.2.docx`]);
      vi.unstubAllEnvs();
      expect(r.code).toBe(2);
      expect(r.stderr).toEqual(plain.stderr);
      expect(r.stderr[0]).toMatch(/[\u4e00-\u9fff]/);
      expect(sha256File(p)).toBe(before);
    }
  }, 60_000);

  it('a file whose checks fail after the head start read it is refused as before, and left unchanged', async () => {
    // a row the checks refuse (a block whose content is not a block), in a file SQLite reads without complaint
    const p = copyOf('内容有误.qar');
    const db = new Database(p);
    db.prepare(
      "UPDATE blocks SET content = json_object('kind', 'photo') WHERE rowid = (SELECT min(rowid) FROM blocks)",
    ).run();
    db.close();
    // a file the head start takes up (its photos started)
    startReportHeadStart([p, '--out', `${p}.docx`]);
    expect(headStartPending()).toBe(true);
    stopHeadStart();
    const before = sha256File(p);
    const r = await runCliInProcess(['report', p, '--out', `${p}.docx`]);
    expect(headStartPending()).toBe(false);
    vi.stubEnv('QAR_REPORT_HEAD_START', 'off');
    const plain = await runCliInProcess(['report', p, '--out', `${p}.2.docx`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(plain.stderr);
    expect(r.stderr).toHaveLength(1);
    expect(sha256File(p)).toBe(before);
  }, 60_000);

  it('loads only what it needs: not the workspace schemas, the formulas or the chart rules (they load while the photos work)', () => {
    const reached = valueImportsFrom('core/cli/report-head-start.ts');
    // what it does need, so that the walk itself is known to work
    for (const f of ['core/docx/media.ts', 'core/docx/styles.ts', 'core/images.ts', 'db/connect.ts'])
      expect(reached).toContain(f);
    for (const f of [
      'core/model.ts',
      'core/framework/schema.ts',
      'core/charts/print-rules.ts',
      'core/docx/chart-choice.ts',
    ])
      expect(reached).not.toContain(f);
  });
});
