/**
 * Fuzz: workspace JSON import (API importJsonFile, and the CLI `qar import X.json --into Y.qar` in-process for a
 * sample). Every mutated export is either imported or refused with one typed Chinese error; a refusal leaves no
 * target file and an existing target (with --replace) unchanged. Fixed seed; QAR_FUZZ_CASES for more cases.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { importJsonFile } from '../../core/service';
import { exportToJson } from '../../core/workspace-io';
import { cliOutcome, runCliInProcess } from '../helpers/cli-inproc';
import { makeTempDir, sha256File } from '../helpers/files';
import { FUZZ_SEED, fuzzCases, fuzzTimeout, mutateJsonText, newStats, Rng, report, runCase } from '../helpers/fuzz';
import { buildFixtureWorkspace } from '../helpers/workspace';

// long local runs (QAR_FUZZ_CASES) need more than the default 60 s per test
vi.setConfig({ testTimeout: fuzzTimeout(fuzzCases(300)) });

const tmp = makeTempDir('qar-fuzz-json-');
let json: string;
let existing: string;
beforeAll(async () => {
  const s = await buildFixtureWorkspace(join(tmp.dir, '原始.qar'));
  json = exportToJson(s.exportData());
  s.close();
  existing = join(tmp.dir, '已有.qar');
  await importJsonFile(writeJson('原始.json', Buffer.from(json)), existing);
});
afterAll(() => tmp.cleanup());

function writeJson(name: string, bytes: Buffer): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, bytes);
  return p;
}

describe('fuzz: JSON import', () => {
  it('every mutated export is imported or refused in Chinese, and a refusal writes nothing', async () => {
    const r = new Rng(FUZZ_SEED);
    const stats = newStats();
    const cli = newStats();
    const n = fuzzCases(250);
    for (let i = 0; i < n; i++) {
      const m = mutateJsonText(r, json);
      const input = writeJson(`输入-${i}.json`, m.text);
      const target = join(tmp.dir, `结果-${i}.qar`);
      let refused = false;
      await runCase(
        stats,
        `case ${i} ${m.how}`,
        async () => {
          try {
            await importJsonFile(input, target);
            return 'accepted';
          } catch (e) {
            refused = true;
            throw e;
          }
        },
        () => (refused && existsSync(target) ? 'target written although refused' : null),
      );
      rmSync(target, { force: true });
      if (i % 10 === 0) {
        // the CLI over an existing workspace with --replace: a refusal must leave it byte for byte
        const before = sha256File(existing);
        await runCase(cli, `cli case ${i} ${m.how}`, async () => {
          const res = await runCliInProcess(['import', input, '--into', existing, '--replace']);
          if (res.code !== 0 && sha256File(existing) !== before) throw new Error('existing target changed on refusal');
          if (res.code === 0) await importJsonFile(join(tmp.dir, '原始.json'), existing, { replace: true });
          return cliOutcome(res);
        });
      }
      rmSync(input, { force: true });
    }
    report('JSON import (API)', stats);
    report('JSON import (CLI sample)', cli);
  });
});
