import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-district-empty-');
afterAll(() => tmp.cleanup());

describe('district draft with a school group that has no data yet', () => {
  it('says so instead of printing an empty clause', async () => {
    const dir = join(tmp.dir, 'schools');
    mkdirSync(dir);
    expect(runCli(['demo', '--out', join(dir, '高职.qar')]).code).toBe(0);
    expect(
      runCli(['new', '--out', join(dir, '中职.qar'), '--name', '某中职学校', '--level', '中职', '--year', '2024']).code,
    ).toBe(0);
    const out = join(tmp.dir, '草稿.docx');
    const r = runCli(['district', dir, '--out', out, '--name', '示例区']);
    expect(r.code, r.stderr).toBe(0);
    const xml = await (await JSZip.loadAsync(readFileSync(out))).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('中等职业学校 1 所（暂无汇总数据）');
    expect(text).not.toMatch(/所，[；。]/);
    expect(text).toContain('高等职业学校 1 所，全日制在校生 12216');
  });
});
