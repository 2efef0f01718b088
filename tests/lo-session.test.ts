/**
 * The page pass's LibreOffice (core/docx/lo-session.ts): one LibreOffice per export, driven over UNO; its first
 * clean stop leaves its profile as a template, and later sessions start from a copy of it (never the template
 * itself), which spares LibreOffice making a profile at every export.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Packer } from 'docx';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { LibreOfficeSession } from '../core/docx/lo-session';
import { getReportStyles } from '../core/docx/styles';
import { buildReportDocument } from '../core/docx/write';
import { buildReportModel } from '../core/report/build';
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
});
