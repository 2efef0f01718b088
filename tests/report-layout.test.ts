/**
 * The report layout (公文版式 / 报告版式) belongs to the workspace (#11 Deliver 5: "chosen per workspace"): it is kept
 * in the .qar (migration 006), so a copied file, the CLI and every computer print the school's choice; --styles and
 * an explicit export layout still win. Before, the choice lived in one browser's localStorage.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { dispatch } from '../core/api/dispatch';
import { createApiHandlers } from '../core/api-handlers';
import { openWorkspace } from '../core/service';
import { fakeCtx } from './api-fakes';
import { runCli } from './helpers/cli';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-layout-');
afterAll(() => tmp.cleanup());
const f = (n: string) => join(tmp.dir, n);

async function stylesXml(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  return (await zip.file('word/styles.xml')?.async('string')) ?? '';
}

describe('the report layout is kept in the workspace file', () => {
  it('set through the API, read back after reopening, carried by JSON export/import, used by qar report', {
    timeout: 240_000,
  }, async () => {
    const made = runCli([
      'new',
      '--kind',
      '企业年报',
      '--name',
      '重庆示例汽车股份有限公司',
      '--level',
      '高职',
      '--year',
      '2025',
      '--out',
      f('企业.qar'),
    ]);
    expect(made.code, made.stderr).toBe(0);

    const handlers = createApiHandlers(fakeCtx());
    expect((await dispatch(handlers, 'workspace.open', { path: f('企业.qar') })).ok).toBe(true);
    const bad = await dispatch(handlers, 'report.layout', { layout: 'fancy' });
    expect(bad.ok).toBe(false);
    expect((await dispatch(handlers, 'report.layout', { layout: 'report' })).ok).toBe(true);
    await dispatch(handlers, 'workspace.close', {});

    const s = await openWorkspace(f('企业.qar'), { readonly: true });
    expect(s.getWorkspace().reportLayout).toBe('report');
    s.close();

    // the copy made by export/import prints the same way
    expect(runCli(['export', f('企业.qar'), '--out', f('企业.json')]).code).toBe(0);
    expect(JSON.parse(readFileSync(f('企业.json'), 'utf8')).reportLayout).toBe('report');
    expect(runCli(['import', f('企业.json'), '--into', f('副本.qar')]).code).toBe(0);

    const plain = runCli(['report', f('副本.qar'), '--out', f('默认.docx')]);
    expect(plain.code, plain.stderr).toBe(0);
    const chosen = runCli(['report', f('副本.qar'), '--styles', 'report', '--out', f('报告版式.docx')]);
    const official = runCli(['report', f('副本.qar'), '--styles', 'official', '--out', f('公文版式.docx')]);
    expect(chosen.code + official.code).toBe(0);
    const [a, b, c] = await Promise.all([
      stylesXml(f('默认.docx')),
      stylesXml(f('报告版式.docx')),
      stylesXml(f('公文版式.docx')),
    ]);
    expect(a).toBe(b); // no --styles: the workspace's 报告版式
    expect(a).not.toBe(c); // --styles still wins
  });
});
