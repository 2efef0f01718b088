/**
 * Fuzz: the small importers — a comments file into a school's .qar (API importComments and `qar comments import`
 * in-process), a framework file (loadFrameworkFile), and a picture (prepareImage, what assets.add runs).
 * Invariants: accepted, or one typed Chinese error; on refusal the workspace is byte for byte unchanged; a
 * framework that loads has only whitelisted expressions (it went through the loader's checks); bounded time/memory.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { loadFrameworkFile } from '../../core/framework/loader';
import { getFramework } from '../../core/framework/registry';
import { prepareImage } from '../../core/images';
import {
  addReviewComment,
  commentsFileJson,
  createReviewFile,
  exportSchoolComments,
  importComments,
  parseCommentsFile,
  replyToComment,
  resolveReviewComment,
  upsertSchool,
} from '../../core/review/comments';
import { openWorkspace } from '../../core/service';
import { readSmallTextFile } from '../../core/small-file';
import { SPECS } from '../fixtures/review/district-set';
import { writeSchool } from '../fixtures/review/schools';
import { REPO_ROOT } from '../helpers/cli';
import { cliOutcome, runCliInProcess } from '../helpers/cli-inproc';
import { makePng, makeTempDir, sha256File } from '../helpers/files';
import {
  FUZZ_SEED,
  fuzzCases,
  fuzzTimeout,
  mutateBytes,
  mutateJsonText,
  newStats,
  Rng,
  report,
  runCase,
} from '../helpers/fuzz';

// long local runs (QAR_FUZZ_CASES) need more than the default 60 s per test
vi.setConfig({ testTimeout: fuzzTimeout(fuzzCases(300)) });

const tmp = makeTempDir('qar-fuzz-small-');
let school: string;
let comments: string;
afterAll(() => tmp.cleanup());

beforeAll(() => {
  school = writeSchool(tmp.dir, '甲.qar', SPECS.A, getFramework('cn-2024-gaozhi'));
  const clock = {
    now: () => '2025-02-01T09:00:00.000Z',
    newId: (() => {
      let i = 0;
      return () => `c-${++i}`;
    })(),
  };
  let rf = createReviewFile({ reviewer: '区审阅组', ...clock });
  rf = upsertSchool(rf, { name: SPECS.A.name, code: 'A001', level: '高职' }, {}, clock);
  const a = addReviewComment(
    rf,
    'A001',
    { target: { type: 'cell', tableId: 'resources', indicatorId: 'counselors', year: 2024 }, body: '请核对。' },
    clock,
  );
  const b = addReviewComment(a.file, 'A001', { target: { type: 'workspace' }, body: '总体意见。' }, clock);
  const c = replyToComment(b.file, 'A001', a.comment.id, '补充说明。', clock);
  rf = resolveReviewComment(c.file, 'A001', b.comment.id, true, clock);
  comments = commentsFileJson(exportSchoolComments(rf, 'A001', clock));
});

describe('fuzz: small importers', () => {
  it('comments files: imported or refused in Chinese, the workspace untouched on refusal', async () => {
    const r = new Rng(FUZZ_SEED + 4);
    const api = newStats();
    const cli = newStats();
    const n = fuzzCases(200);
    // as in the app: the school's workspace is open for editing while comments files are chosen and imported
    const editing = join(tmp.dir, '编辑中.qar');
    copyFileSync(school, editing);
    const s = await openWorkspace(editing);
    for (let i = 0; i < n; i++) {
      const m = mutateJsonText(r, comments);
      const input = join(tmp.dir, `批注-${i}.json`);
      writeFileSync(input, m.text);
      const before = JSON.stringify(s.listComments());
      let refused = false;
      await runCase(
        api,
        `case ${i} ${m.how}`,
        async () => {
          try {
            importComments(
              parseCommentsFile(readSmallTextFile(input, 10 * 1024 * 1024, '批注')),
              s.getWorkspace().profile,
              s,
            );
            return 'accepted';
          } catch (e) {
            refused = true;
            throw e;
          }
        },
        () => (refused && JSON.stringify(s.listComments()) !== before ? 'comments changed although refused' : null),
      );
      if (i % 10 === 0) {
        const work = join(tmp.dir, `命令行-${i}.qar`);
        copyFileSync(school, work);
        const b = sha256File(work);
        await runCase(cli, `cli case ${i} ${m.how}`, async () => {
          const res = await runCliInProcess(['comments', 'import', input, '--into', work]);
          if (res.code !== 0 && sha256File(work) !== b) throw new Error('workspace changed although refused');
          return cliOutcome(res);
        });
      }
    }
    s.close();
    report('comments import (API)', api);
    report('comments import (CLI sample)', cli);
  });

  it('framework files: loaded through every check or refused in Chinese', async () => {
    const r = new Rng(FUZZ_SEED + 5);
    const stats = newStats();
    const text = readFileSync(join(REPO_ROOT, 'templates', 'frameworks', 'cn-2024-zhongzhi.json'), 'utf8');
    const n = fuzzCases(250);
    for (let i = 0; i < n; i++) {
      const m = mutateJsonText(r, text);
      const p = join(tmp.dir, `体系-${i}.json`);
      writeFileSync(p, m.text);
      await runCase(stats, `case ${i} ${m.how}`, async () => {
        const fw = loadFrameworkFile(p);
        if (!Array.isArray(fw.tables) || fw.tables.length === 0) throw new Error('loaded a framework without tables');
        return 'accepted';
      });
    }
    report('framework file', stats);
  });

  it('pictures: prepared or refused in Chinese', async () => {
    const r = new Rng(FUZZ_SEED + 6);
    const stats = newStats();
    const jpeg = await sharp(makePng(120, 80, 3))
      .jpeg({ quality: 80 })
      .toBuffer();
    const png = makePng(64, 48, 9);
    const webp = await sharp(makePng(50, 50, 4))
      .webp()
      .toBuffer();
    /** a PNG whose header claims 60000 × 60000 (a decompression bomb) */
    const bomb = Buffer.from(png);
    bomb.writeUInt32BE(60000, 16);
    bomb.writeUInt32BE(60000, 20);
    const others = [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'),
      Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
      Buffer.from('BM\x00\x00', 'latin1'),
      Buffer.from('\x00\x00\x00\x18ftypheic', 'latin1'),
      Buffer.from('MZ\x90\x00', 'latin1'),
      bomb,
    ];
    const n = fuzzCases(200);
    for (let i = 0; i < n; i++) {
      const base = r.pick([jpeg, png, webp, jpeg, png]);
      const m = r.chance(0.1) ? { bytes: r.pick(others), how: 'other format' } : mutateBytes(r, base);
      await runCase(stats, `case ${i} ${m.how}`, async () => {
        const img = await prepareImage(m.bytes);
        if (img.width < 1 || img.height < 1 || img.data.length === 0) throw new Error('empty picture accepted');
        return 'accepted';
      });
    }
    report('image add (prepareImage)', stats);
  });
});
