import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import type { WorkspaceExport } from '../core/model';
import { openWorkspace } from '../core/service';
import {
  createWorkspace,
  exportToJson,
  importWorkspace,
  parseWorkspaceExport,
  reportOutline,
} from '../core/workspace-io';
import { makeTempDir, sha256File, sideFilesOf } from './helpers/files';
import { buildFixtureWorkspace, FIXTURE_FRAMEWORK, FIXTURE_PROFILE } from './helpers/workspace';

const tmp = makeTempDir();
let original: string;
let firstJson: string;

beforeAll(async () => {
  original = join(tmp.dir, '原始.qar');
  const s = await buildFixtureWorkspace(original);
  firstJson = exportToJson(s.exportData());
  s.close();
});
afterAll(() => tmp.cleanup());

function badInput(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(QarError);
    expect((e as QarError).code).toBe('BAD_INPUT');
    return (e as QarError).message;
  }
  throw new Error('expected BAD_INPUT');
}

const clone = (): WorkspaceExport => JSON.parse(firstJson) as WorkspaceExport;

describe('export / import', () => {
  it('export → import → export is byte-identical, images and change log included', async () => {
    const exp = JSON.parse(firstJson) as WorkspaceExport;
    expect(exp.assets).toHaveLength(2);
    expect(Object.keys(exp.assetData)).toHaveLength(2);
    expect(exp.changes.length).toBeGreaterThanOrEqual(5);
    expect(exp.comments).toHaveLength(2);

    const copy = join(tmp.dir, '副本.qar');
    importWorkspace(firstJson, copy);
    expect(sideFilesOf(copy)).toEqual([]);
    const s = await openWorkspace(copy, { readonly: true });
    const secondJson = exportToJson(s.exportData());
    const bytes = s.getAssetBytes(exp.assets[0]!.id);
    s.close();
    expect(secondJson).toBe(firstJson);
    expect(bytes.toString('base64')).toBe(exp.assetData[exp.assets[0]!.id]);
  });

  it('an existing target is refused (CONFLICT) and left unchanged; --replace swaps it atomically', async () => {
    const target = join(tmp.dir, '已有.qar');
    createWorkspace(target, { profile: { ...FIXTURE_PROFILE, name: '别的学校' }, framework: FIXTURE_FRAMEWORK });
    const before = sha256File(target);
    expect(() => importWorkspace(firstJson, target)).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(sha256File(target)).toBe(before);
    importWorkspace(firstJson, target, { replace: true });
    const s = await openWorkspace(target, { readonly: true });
    expect(s.getWorkspace().profile.name).toBe(FIXTURE_PROFILE.name);
    s.close();
  });

  it('bad input names the JSON path in Chinese; no target and no temp file is left behind', () => {
    const target = join(tmp.dir, '不应出现.qar');
    const cases: [unknown, RegExp][] = [
      ['{"format": "qar-workspace", ', /不是有效的 JSON/],
      ['[1,2]', /不是工作区导出数据/],
      ['{"a":1}', /不是质量年报工作台导出的工作区 JSON/],
      [
        { ...clone(), values: clone().values.map((v, i) => (i === 3 ? { ...v, value: '12' } : v)) },
        /「values\[3\]\.value」应为数字/,
      ],
      [{ ...clone(), profile: { ...clone().profile, level: '大学' } }, /「profile\.level」应为/],
      [{ ...clone(), years: undefined }, /「years」缺失/],
      [{ ...clone(), sections: [...clone().sections, { ...clone().sections[0]! }] }, /重复/],
      [{ ...clone(), values: [...clone().values, { ...clone().values[0]!, year: 2030 }] }, /不在 years 列表中/],
      [{ ...clone(), blocks: clone().blocks.map((b) => ({ ...b, sectionId: 'gone' })) }, /blocks\[0\]\.sectionId/],
      [
        {
          ...clone(),
          assetData: Object.fromEntries(Object.entries(clone().assetData).map(([k, v]) => [k, v.slice(0, 40)])),
        },
        /图片数据与其大小或校验值不符/,
      ],
      [{ ...clone(), formatVersion: 9 }, /更新版本/],
    ];
    for (const [input, msg] of cases) {
      let m: string;
      try {
        importWorkspace(input, target);
        throw new Error(`accepted: ${String(msg)}`);
      } catch (e) {
        expect(e).toBeInstanceOf(QarError);
        m = (e as QarError).message;
      }
      expect(m).toMatch(msg);
      expect(existsSync(target)).toBe(false);
    }
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('a failure while writing (e.g. a cyclic comment thread) leaves no half-written target', () => {
    const target = join(tmp.dir, '半截.qar');
    const exp = clone();
    const [a, b] = exp.comments;
    exp.comments = [
      { ...a!, parentId: b!.id },
      { ...b!, parentId: a!.id },
    ];
    expect(badInput(() => importWorkspace(exp, target))).toMatch(/批注/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('parseWorkspaceExport accepts the parsed object as well as the text', () => {
    expect(parseWorkspaceExport(clone()).profile.name).toBe(FIXTURE_PROFILE.name);
  });
});

describe('createWorkspace', () => {
  it('lays out the outline for the report year, three data years by default', async () => {
    const p = join(tmp.dir, '新建.qar');
    createWorkspace(p, {
      profile: { ...FIXTURE_PROFILE, level: '中职' },
      framework: { id: 'cn-2024-zhongzhi', version: '1' },
    });
    const s = await openWorkspace(p);
    const ws = s.getWorkspace();
    const outline = reportOutline();
    expect(ws.years.map((y) => y.year)).toEqual([2022, 2023, 2024]);
    expect(ws.chapters.map((c) => c.key)).toEqual(['preface', ...outline.chapters.map((c) => c.key)]);
    expect(ws.chapters.every((c) => c.year === 2024)).toBe(true);
    expect(ws.sections.map((x) => x.key)).toEqual(outline.chapters.flatMap((c) => c.sections.map((x) => x.key)));
    expect(ws.framework).toEqual({ id: 'cn-2024-zhongzhi', version: '1' });
    s.close();
    expect(() => createWorkspace(p, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
  });

  it('refuses a missing folder with NOT_FOUND', () => {
    expect(() =>
      createWorkspace(join(tmp.dir, '没有的文件夹', 'x.qar'), {
        profile: FIXTURE_PROFILE,
        framework: FIXTURE_FRAMEWORK,
      }),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('a stale -wal left at the target path is not replayed into the new file', async () => {
    const p = join(tmp.dir, '残留.qar');
    writeFileSync(`${p}-wal`, Buffer.alloc(4096, 7));
    createWorkspace(p, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
    const s = await openWorkspace(p, { readonly: true });
    expect(s.getWorkspace().profile.name).toBe(FIXTURE_PROFILE.name);
    s.close();
  });
});
