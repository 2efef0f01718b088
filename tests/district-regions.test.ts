/**
 * A district draft from schools of different regions with no --name: the reader of the printed draft must see which
 * regions it covers. It used to read 「本地区职业教育质量年度报告」 and 「本地区共有职业学校 3 所」 — a name that names
 * nothing — and a joined name ending in 区 must not turn into 「全区」 (as if it were one district).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFramework } from '../core/framework/registry';
import { districtNameOf, regionScope } from '../core/review/district';
import { buildDistrictFiles, type DistrictFiles } from '../core/review/district-files';
import { writeExportAsWorkspace } from '../core/service';
import { SPECS } from './fixtures/review/district-set';
import { type SchoolSpec, schoolExport } from './fixtures/review/schools';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-district-regions-');
let res: DistrictFiles;
let text = '';

function write(file: string, spec: SchoolSpec, fwId: string, region: string): void {
  const ex = schoolExport(spec, getFramework(fwId));
  ex.profile = { ...ex.profile, region };
  writeExportAsWorkspace(ex, join(tmp.dir, 'in', file));
}

beforeAll(async () => {
  mkdirSync(join(tmp.dir, 'in'));
  write('a.qar', SPECS.A, 'cn-2024-gaozhi', '重庆市示例区');
  write('b.qar', SPECS.B, 'cn-2024-gaozhi', '重庆市示例区');
  write('c.qar', SPECS.C, 'cn-2024-zhongzhi', '重庆市另一区');
  const out = join(tmp.dir, '区域.docx');
  res = await buildDistrictFiles({ paths: [join(tmp.dir, 'in')], out });
  const xml = (await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')?.async('string')) ?? '';
  text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
});
afterAll(() => tmp.cleanup());

describe('district draft of schools from different regions, no name given', () => {
  it('names the regions it covers, never 「本地区」, and says so', () => {
    expect(res.written).toBe(true);
    if (!res.written) return;
    expect(res.title).toBe('重庆市示例区、重庆市另一区职业教育质量年度报告（2024年度）');
    expect(text).toContain('重庆市示例区、重庆市另一区共有职业学校 3 所');
    expect(text).not.toContain('本地区');
    expect(text).not.toContain('全区');
    expect(res.nameNote).toContain('「重庆市示例区、重庆市另一区」');
  });

  it('lists a left-out value as the school entered it, with its unit', () => {
    // 乙 stored 毕业去向落实率 87.09 where its parts give 85.90: the note printed 「毕业去向落实率」 85.90（填报值 87.09%…）,
    // as if the school had entered 85.90, and 「教职工总数」 1400 with no unit
    expect(text).toContain('乙高等职业学院2024年「毕业去向落实率」（填报值 99.00% 与按公式计算的');
    expect(text).not.toMatch(/「毕业去向落实率」 \d/);
    expect(text).toContain('乙高等职业学院2024年「教职工总数」 1400人（');
  });

  it('lists up to three regions, most schools first; more read 「…等 N 个地区」', () => {
    const ws = (region: string) => ({ profile: { region } });
    expect(districtNameOf([ws('渝中区'), ws(' 渝中区 ')])).toEqual({ name: '渝中区', shared: true });
    expect(districtNameOf([ws('江北区'), ws('渝中区'), ws('渝中区')])).toEqual({
      name: '渝中区、江北区',
      shared: false,
    });
    expect(districtNameOf([ws('甲区'), ws('乙区'), ws('丙区'), ws('丁区'), ws('丁区')])?.name).toBe(
      '丁区、甲区等 4 个地区',
    );
    // a school with no region is not a region
    expect(districtNameOf([ws(''), ws('渝中区')])).toEqual({ name: '渝中区', shared: false });
    expect(districtNameOf([ws(''), ws('')])).toBeUndefined();
    // several regions are no one kind of region: the name itself, not 全区
    expect(regionScope('渝中区、江北区')).toEqual({ all: '渝中区、江北区', inside: '渝中区、江北区' });
    expect(regionScope('丁区、甲区等 4 个地区').all).toBe('丁区、甲区等 4 个地区');
  });
});
