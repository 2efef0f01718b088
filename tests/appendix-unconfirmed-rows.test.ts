/**
 * A 2026年度 高职 report's 附表 and the rows the 2025 edition added as 待核实 ([U]: editions_and_rows_2026.md §6.2/
 * §6.3; templates/frameworks/cn-2025-gaozhi.json): 「具有高级专业技术职务的专任教师数」, its ratio and
 * 「年生均财政专项经费」. Left empty, they were printed in every school's 附表 as national-table rows reading
 * 「—」, as if the school had no data for an official row; an unconfirmed row ships switched off. Once the school
 * types a value, the row is the school's own data and is printed (nothing typed is dropped).
 * Real .qar through the CLI, the real .docx read back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../core/service';
import { runCliInProcess } from './helpers/cli-inproc';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-appendix-u-');
afterAll(() => tmp.cleanup());

async function docxText(path: string): Promise<string> {
  const xml = (await (await JSZip.loadAsync(readFileSync(path))).file('word/document.xml')?.async('string')) ?? '';
  // one line per table row: its cells' text joined by |
  return xml
    .split('</w:tr>')
    .map((row) =>
      row
        .split('</w:tc>')
        .map((c) => [...c.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
        .join('|'),
    )
    .join('\n');
}

describe('附表 of a 2026年度 高职 report: 待核实 rows', () => {
  it('an empty 待核实 row is left out; one the school filled is printed with its value', {
    timeout: 180_000,
  }, async () => {
    const qar = join(tmp.dir, '学校.qar');
    const made = await runCliInProcess([
      'new',
      '--out',
      qar,
      '--name',
      '重庆测试职业技术学院',
      '--level',
      '高职',
      '--category',
      '工科',
      '--year',
      '2026',
    ]);
    expect(made.code, made.stderr.join('\n')).toBe(0);
    const s = await openWorkspace(qar);
    try {
      s.setValues(
        [
          { year: 2026, indicatorId: 'teachers_fulltime', value: 620 },
          { year: 2026, indicatorId: 'special_funding_per_student', value: 1520.5 },
          { year: 2026, indicatorId: 'special_funding', value: 1800 },
        ],
        'manual',
      );
    } finally {
      s.close();
    }
    const out = join(tmp.dir, '报告.docx');
    const r = await runCliInProcess(['report', qar, '--out', out]);
    expect(r.code, r.stderr.join('\n')).toBe(0);
    const text = await docxText(out);
    const rows = text.split('\n');
    // the confirmed-enough rows stay, empty or not
    expect(rows.some((l) => l.includes('|其中：专任教师数|人|—|620'))).toBe(true);
    expect(rows.some((l) => l.includes('|本省去向落实率|%|—|—'))).toBe(true);
    // the empty 待核实 rows are not printed as national rows
    expect(text).not.toContain('具有高级专业技术职务');
    // the one the school filled is printed, with its value
    expect(rows.some((l) => l.includes('|年生均财政专项经费|元|—|1520.50'))).toBe(true);
  });
});
