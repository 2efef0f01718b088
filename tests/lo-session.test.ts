/**
 * The page pass's LibreOffice (core/docx/lo-session.ts): one LibreOffice per export, driven over UNO; its first
 * clean stop leaves its profile as a template, and later sessions start from a copy of it (never the template
 * itself), which spares LibreOffice making a profile at every export.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Packer } from 'docx';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LibreOfficeSession } from '../core/docx/lo-session';
import { getReportStyles } from '../core/docx/styles';
import { buildReportDocument } from '../core/docx/write';
import { buildReportModel } from '../core/report/build';
import { BUNDLE, ensureCliBundle } from '../scripts/cli-bundle.mjs';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-lo-session-test-');
afterAll(() => tmp.cleanup());

async function probeFile(): Promise<{ path: string; anchors: string[] }> {
  const model = buildReportModel(buildDemoExport(), demoFramework());
  const doc = buildReportDocument(model, getReportStyles('official'), new Map(), { tocProbe: true }, () => {});
  const path = join(tmp.dir, 'probe.docx');
  writeFileSync(path, await Packer.toBuffer(doc));
  return { path, anchors: model.toc.filter((e) => e.level === 1).map((e) => e.anchor) };
}

/** Processes whose command line names `dir` (Linux's /proc): a session's driver, launcher and soffice.bin. */
function processesNaming(dir: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(dir)) out.push(`${pid} ${cmd.slice(0, 80)}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe('LibreOffice session', () => {
  it('lays a probe out, leaves its profile as a template when it stops, and the next session starts from it', async () => {
    const { path, anchors } = await probeFile();
    const template = join(tmp.dir, 'templates', 'lo');
    const first = LibreOfficeSession.start('soffice', { profileTemplate: template });
    expect(first).toBeDefined();
    const a = await first?.layout(path, anchors);
    expect(a?.last).toBeGreaterThan(3);
    expect(Object.keys(a?.heads ?? {})).toEqual(anchors);
    expect(a?.marks).toMatch(/QARTOC0#\s*1\s*#/);
    expect(existsSync(template)).toBe(false); // made when the session stops, not before
    first?.close();
    await vi.waitFor(() => expect(existsSync(join(template, 'user'))).toBe(true), { timeout: 90_000, interval: 200 });
    // whole: no half-made copies left beside it
    expect(readdirSync(join(tmp.dir, 'templates'))).toEqual(['lo']);

    const second = LibreOfficeSession.start('soffice', { profileTemplate: template });
    const b = await second?.layout(path, anchors);
    second?.close();
    expect(b).toEqual(a);
  }, 240_000);

  it('says undefined for a file that is not there, and goes on with the next', async () => {
    const { path, anchors } = await probeFile();
    const s = LibreOfficeSession.start('soffice');
    expect(await s?.layout(join(tmp.dir, 'missing.docx'), anchors)).toBeUndefined();
    const ok = await s?.layout(path, anchors);
    s?.close();
    expect(ok?.last).toBeGreaterThan(3);
  }, 240_000);

  // a repeat export whose page facts are all cached stops the LibreOffice it started early, while it is still
  // starting: soffice is a launcher, and killing it alone left soffice.bin running for good (found in the bench)
  it.runIf(process.platform === 'linux')(
    'stopped while LibreOffice is still starting, nothing of it is left running',
    async () => {
      const s = LibreOfficeSession.start('soffice');
      if (!s) throw new Error('no LibreOffice session here');
      await vi.waitFor(() => expect(processesNaming(s.dir).some((p) => p.includes('soffice.bin'))).toBe(true), {
        timeout: 60_000,
        interval: 10,
      });
      s.close();
      expect(await s.ready).toBe(false);
      await vi.waitFor(() => expect(processesNaming(s.dir)).toEqual([]), { timeout: 60_000, interval: 100 });
    },
    120_000,
  );

  it.runIf(process.platform === 'linux')(
    'stopped once ready, nothing of it is left running',
    async () => {
      const s = LibreOfficeSession.start('soffice');
      if (!s) throw new Error('no LibreOffice session here');
      expect(await s.ready).toBe(true);
      s.close();
      await vi.waitFor(() => expect(processesNaming(s.dir)).toEqual([]), { timeout: 60_000, interval: 100 });
    },
    120_000,
  );

  // the repeat export's way: the page facts all come from the cache, so the LibreOffice started early is stopped
  // and the command ends at once (the bench found one soffice.bin left running after every such export)
  it.runIf(process.platform === 'linux')(
    'a repeat qar report (page facts cached) leaves no LibreOffice running',
    async () => {
      const root = join(tmp.dir, 'repeat');
      mkdirSync(join(root, 'tmp'), { recursive: true });
      // the page pass on (the unit tests' setup turns it off), and every temp folder of the run inside `root`
      const { QAR_PAGE_PASS: _off, ...rest } = process.env;
      const env = { ...rest, TMPDIR: join(root, 'tmp'), QAR_CACHE_DIR: join(root, 'cache') };
      const qar = join(root, 'demo.qar');
      const run = (args: string[]) => {
        const r = spawnSync(process.execPath, [BUNDLE, ...args], { env, encoding: 'utf8', timeout: 180_000 });
        expect(r.status, r.stderr).toBe(0);
      };
      await ensureCliBundle();
      run(['demo', '--out', qar]);
      run(['report', qar, '--out', join(root, 'first.docx')]);
      run(['report', qar, '--out', join(root, 'again.docx')]);
      await vi.waitFor(() => expect(processesNaming(join(root, 'tmp'))).toEqual([]), {
        timeout: 60_000,
        interval: 200,
      });
    },
    400_000,
  );
});
