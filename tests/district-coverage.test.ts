/**
 * A district figure computed by formula covers only the schools that have all its inputs, while its parts printed
 * beside it in the 附表 are each summed over the schools that have that part: with one 高职 school's 2024
 * “双师型”教师数 missing, the draft printed “双师型”教师数 (1 school), 专业课教师数 (2 schools) and a “双师型”教师比例
 * that is not their quotient, with nothing to say why. The draft's 前言 now names such figures and their coverage.
 * Real .qar files (the review set), `qar district` through the CLI, the Word file read back from its XML and the
 * saved draft opened as a workspace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../core/cli';
import { openWorkspace } from '../core/service';
import { type DistrictSet, writeDistrictSet } from './fixtures/review/district-set';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-district-coverage-');
let set: DistrictSet;
/** a school's own 2024 专业课教师数 and “双师型”教师数, as stored in its file */
const a = { professional: 0, dual: 0 };
const b = { professional: 0, dual: 0 };

async function teachers(file: string, into: { professional: number; dual: number }): Promise<void> {
  const w = await openWorkspace(file, { readonly: true });
  const v = (id: string) => w.getWorkspace().values.find((x) => x.indicatorId === id && x.year === 2024)?.value;
  into.professional = v('teachers_professional') as number;
  into.dual = v('teachers_dual') as number;
  w.close();
}

beforeAll(async () => {
  set = writeDistrictSet(tmp.dir);
  await teachers(set.files.A, a);
  await teachers(set.files.B, b);
  expect(a.professional * b.professional * b.dual).toBeGreaterThan(0);
  // 甲 left its 2024 “双师型”教师数 empty: 专业课教师数 still has both 高职 schools, the ratio only 乙
  const w = await openWorkspace(set.files.A);
  w.setValues([{ year: 2024, indicatorId: 'teachers_dual', value: null }], 'manual');
  w.close();
}, 120_000);
afterAll(() => tmp.cleanup());

describe('district draft: a formula figure over fewer schools than its parts', () => {
  it('the 前言 names the figure, the year and how many schools each side covers', async () => {
    const out = join(tmp.dir, '区域报告.docx');
    const save = join(tmp.dir, '区域报告.qar');
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main(['district', set.dir, '--out', out, '--save', save, '--name', '示例区'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    const note = '高职「“双师型”教师比例」2024年按 1 所学校计算（“双师型”教师数 1 所、专业课教师数 2 所学校有数据）';
    const w = await openWorkspace(save, { readonly: true });
    try {
      const ws = w.getWorkspace();
      const preface = ws.chapters.find((c) => c.order === 0)!;
      expect(preface.intro).toContain('草稿说明：以下按公式计算的指标只计入其计算所需数据齐全的学校');
      expect(preface.intro).toContain(note);
      // figures whose inputs cover the same schools are not listed
      expect(preface.intro).not.toContain('「生师比」');
      // the numbers themselves: the ratio is 乙's alone, the parts are summed over what each has
      const v = (id: string) => ws.values.find((x) => x.indicatorId === id && x.year === 2024)?.value;
      expect(v('gz_teachers_dual')).toBe(b.dual);
      expect(v('gz_teachers_professional')).toBe(a.professional + b.professional);
      expect(v('gz_dual_teacher_rate')).toBeCloseTo((b.dual / b.professional) * 100, 2);
      expect(v('gz_dual_teacher_rate')).not.toBeCloseTo((b.dual / (a.professional + b.professional)) * 100, 0);
    } finally {
      w.close();
    }
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
    expect(text).toContain(note);
  });
});
