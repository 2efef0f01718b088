/**
 * Fuzz: Excel import (API parseValuesXlsx, and the CLI `qar import X.xlsx --into Y.qar` in-process for a sample).
 * Mutations: byte damage of the whole zip, damage inside one part (XML) re-zipped, parts removed or duplicated,
 * zip tricks (stored entries, traversal names, case-folded duplicates), shared-string indexes out of range, huge
 * and odd numbers, deep XML nesting, whole-sheet merges and validations. Invariants: problems (Chinese, one line
 * each) or a typed Chinese error; the workspace file unchanged when the CLI refuses; bounded time and memory.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, it, vi } from 'vitest';
import { QarError } from '../../core/errors';
import { getFramework } from '../../core/framework/registry';
import { createWorkspace } from '../../core/workspace-io';
import { parseValuesXlsx } from '../../core/xlsx/import';
import { cliContractProblem, runCliInProcess } from '../helpers/cli-inproc';
import { makeTempDir, sha256File } from '../helpers/files';
import { FUZZ_SEED, fuzzCases, fuzzTimeout, mutateBytes, newStats, Rng, report, runCase } from '../helpers/fuzz';
import { FIXTURE_FRAMEWORK, FIXTURE_PROFILE } from '../helpers/workspace';

// long local runs (QAR_FUZZ_CASES) need more than the default 60 s per test
vi.setConfig({ testTimeout: fuzzTimeout(fuzzCases(300)) });

const fw = getFramework('cn-2024-gaozhi');
const YEARS = [2022, 2023, 2024];
const tmp = makeTempDir('qar-fuzz-xlsx-');
let valid: Buffer;
let parts: Record<string, Buffer>;
let qar: string;

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('教学资源表');
  s.addRow(['指标编号', '指标名称', '2023年', '2024年']);
  s.addRow(['counselors', '专职辅导员数', 30, 35]);
  s.addRow(['', '专任教师数', '1,200', { formula: '1000+2', result: 1002 }]);
  s.addRow(['students_total', '', '约三百', 9001]);
  s.mergeCells('F1:G2');
  s.getCell('H3').dataValidation = { type: 'whole', operator: 'between', formulae: [0, 10], allowBlank: true };
  wb.addWorksheet('说明').addRow(['这是说明', '不导入']);
  valid = Buffer.from(await wb.xlsx.writeBuffer());
  const z = await JSZip.loadAsync(valid);
  parts = {};
  for (const f of Object.values(z.files)) if (!f.dir) parts[f.name] = await f.async('nodebuffer');
  qar = join(tmp.dir, '学校.qar');
  createWorkspace(qar, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
});
afterAll(() => tmp.cleanup());

const SHEET = 'xl/worksheets/sheet1.xml';

async function zipOf(files: Record<string, Buffer | string>, r: Rng): Promise<Buffer> {
  const z = new JSZip();
  for (const [k, v] of Object.entries(files)) z.file(k, v, { compression: r.chance(0.2) ? 'STORE' : 'DEFLATE' });
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
}

/** XML-level tricks inside the first sheet. */
const SHEET_TRICKS: ((r: Rng, xml: string) => string)[] = [
  (_r, x) => x.replace(/<v>[^<]*<\/v>/, '<v>1e308</v>'),
  (_r, x) => x.replace(/<v>[^<]*<\/v>/, '<v>NaN</v>'),
  (_r, x) => x.replace(/<v>[^<]*<\/v>/, '<v>-0</v>'),
  (_r, x) => x.replace(/<v>[^<]*<\/v>/, `<v>${'9'.repeat(400)}</v>`),
  (_r, x) => x.replace(/<c r="([A-Z]+\d+)"([^>]*)>/, '<c r="$1" t="s"><v>99999999</v></c><c r="Z99"$2>'),
  (_r, x) => x.replace(/<c r="([A-Z]+\d+)"/, '<c r="XFD1048576"'),
  (_r, x) => x.replace(/<c r="([A-Z]+\d+)"/, '<c r="A0"'),
  (_r, x) => x.replace(/<c r="([A-Z]+\d+)"/, '<c r="!!"'),
  (_r, x) => x.replace(/<row r="(\d+)"/, '<row r="99999999999"'),
  (_r, x) =>
    x.replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'),
  (_r, x) => x.replace(/sqref="[^"]*"/, 'sqref="A1:XFD1048576"'),
  (_r, x) => x.replace(/ref="F1:G2"/, 'ref="G2:F1"'),
  (r, x) => x.replace('<sheetData>', `<sheetData>${'<x>'.repeat(1000 + r.int(20000))}`),
  (_r, x) => x.replace(/<t[^>]*>[^<]*<\/t>/, `<t>${'长'.repeat(40000)}</t>`),
  (_r, x) => x.replace(/encoding="UTF-8"/, 'encoding="UTF-16"'),
  (_r, x) => x.replace('<?xml', '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><?xml'),
  (_r, x) => `${x}<trailing/>`,
  (r, x) => x.slice(0, r.int(x.length)),
];

async function mutant(r: Rng): Promise<{ bytes: Buffer; how: string }> {
  const kind = r.int(8);
  if (kind <= 1) {
    const m = mutateBytes(r, valid);
    return { bytes: m.bytes, how: `zip-bytes:${m.how}` };
  }
  const files: Record<string, Buffer | string> = { ...parts };
  const names = Object.keys(parts);
  if (kind === 2) {
    const name = r.pick(names);
    const m = mutateBytes(r, parts[name] as Buffer);
    files[name] = m.bytes;
    return { bytes: await zipOf(files, r), how: `part ${name}:${m.how}` };
  }
  if (kind === 3) {
    const name = r.pick(names);
    delete files[name];
    return { bytes: await zipOf(files, r), how: `without ${name}` };
  }
  if (kind === 4) {
    const trick = r.int(SHEET_TRICKS.length);
    files[SHEET] = (SHEET_TRICKS[trick] as (r: Rng, x: string) => string)(r, (parts[SHEET] as Buffer).toString('utf8'));
    return { bytes: await zipOf(files, r), how: `sheet trick ${trick}` };
  }
  if (kind === 5) {
    const extra = r.pick([
      ['../../evil.xml', '<x/>'],
      ['XL/WORKBOOK.XML', '<workbook/>'],
      ['xl/worksheets/sheet1.XML', '<worksheet/>'],
      ['xl/worksheets/sheet99.xml', (parts[SHEET] as Buffer).toString('utf8')],
      ['xl/media/image1.png', Buffer.alloc(1024 * 1024, 7)],
      ['/abs.xml', '<x/>'],
    ] as const);
    files[extra[0]] = extra[1];
    return { bytes: await zipOf(files, r), how: `extra ${extra[0]}` };
  }
  if (kind === 6) {
    const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"><si><t>${r.pick(['指标编号', '', '2024', '\u0000'])}</t></si></sst>`;
    files['xl/sharedStrings.xml'] = sst;
    files[SHEET] = (parts[SHEET] as Buffer)
      .toString('utf8')
      .replace(/<c r="A1"[^>]*>.*?<\/c>/, '<c r="A1" t="s"><v>7</v></c>');
    return { bytes: await zipOf(files, r), how: 'shared string index out of range' };
  }
  // two tricks at once
  let xml = (parts[SHEET] as Buffer).toString('utf8');
  const a = r.int(SHEET_TRICKS.length);
  const b = r.int(SHEET_TRICKS.length);
  xml = (SHEET_TRICKS[b] as (r: Rng, x: string) => string)(
    r,
    (SHEET_TRICKS[a] as (r: Rng, x: string) => string)(r, xml),
  );
  files[SHEET] = xml;
  return { bytes: await zipOf(files, r), how: `sheet tricks ${a}+${b}` };
}

describe('fuzz: Excel import', () => {
  it('every mutated workbook gives Chinese problems or one typed Chinese error', async () => {
    const r = new Rng(FUZZ_SEED + 1);
    const stats = newStats();
    const cli = newStats();
    const n = fuzzCases(200);
    for (let i = 0; i < n; i++) {
      const m = await mutant(r);
      await runCase(stats, `case ${i} ${m.how}`, async () => {
        const res = await parseValuesXlsx(m.bytes, fw, YEARS);
        for (const p of [...res.problems, ...res.infos]) {
          if (!/[\u4e00-\u9fff]/.test(p.message) || p.message.includes('\n')) {
            throw new Error(`problem not one Chinese line: ${p.message.slice(0, 200)}`);
          }
        }
        return 'accepted';
      });
      if (i % 10 === 0) {
        const input = join(tmp.dir, `输入-${i}.xlsx`);
        writeFileSync(input, m.bytes);
        const work = join(tmp.dir, `学校-${i}.qar`);
        copyFileSync(qar, work);
        const before = sha256File(work);
        await runCase(cli, `cli case ${i} ${m.how}`, async () => {
          const res = await runCliInProcess(['import', input, '--into', work, '--dry-run']);
          if (sha256File(work) !== before) throw new Error('dry run changed the workspace');
          // a refused workbook lists its problems: a first line, then one Chinese line each
          const bad = cliContractProblem(res);
          if (bad) throw new Error(bad);
          return res.code === 2 ? { refused: new QarError('BAD_INPUT', res.stderr[0] ?? '') } : 'accepted';
        });
      }
    }
    report('Excel import (API)', stats);
    report('Excel import (CLI sample, --dry-run)', cli);
  });
});
