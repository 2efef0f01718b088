/** A small but complete fixture workspace: values in three years, change log, narrative, two images, comments. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openWorkspace, type WorkspaceSession } from '../../core/service';
import { createWorkspace } from '../../core/workspace-io';
import { makePng, makeTempDir } from './files';

export const FIXTURE_PROFILE = {
  name: '测试职业技术学院',
  code: '4150012345',
  level: '高职',
  category: '工科',
  region: '重庆市',
  reportYear: 2024,
} as const;

export const FIXTURE_FRAMEWORK = { id: 'cn-2024-gaozhi', version: '2024.1' };

/** Creates the fixture at `path` and returns it open read-write (close it yourself). */
export async function buildFixtureWorkspace(path: string): Promise<WorkspaceSession> {
  createWorkspace(path, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
  const s = await openWorkspace(path);
  s.putYear({ year: 2023, hasGraduates: false, note: '该年无毕业生' });
  s.setValues(
    [
      { year: 2022, indicatorId: 'students_total', value: 8123 },
      { year: 2023, indicatorId: 'students_total', value: 8456, source: '学校教务系统' },
      { year: 2024, indicatorId: 'students_total', value: 9001.5, note: '含非全日制' },
      { year: 2024, indicatorId: 'grad_employment_rate', value: 96.27 },
      { year: 2024, indicatorId: 'intl_students', value: null, note: '无数据' },
    ],
    'manual',
  );
  s.setValues([{ year: 2024, indicatorId: 'students_total', value: 9002 }], 'paste');
  const ws = s.getWorkspace();
  const talent = ws.chapters.find((c) => c.key === 'talent')!;
  const moral = ws.sections.find((x) => x.chapterId === talent.id)!;
  const photo1 = s.addAsset(makePng(40, 30, 1), { mime: 'image/png', width: 40, height: 30, caption: '实训课堂' });
  const photo2 = s.addAsset(makePng(20, 20, 2), { mime: 'image/png', width: 20, height: 20, credit: '宣传部' });
  s.createBlock(moral.id, { kind: 'paragraph', lead: '立德树人成效显著。', text: '学校坚持……' });
  s.createBlock(moral.id, {
    kind: 'case',
    title: '红岩精神进课堂',
    body: '案例正文',
    photos: [{ assetId: photo1.id, caption: '图注一' }],
  });
  const photoBlock = s.createBlock(moral.id, { kind: 'photo', assetId: photo2.id, caption: '校园一角' });
  s.createBlock(moral.id, {
    kind: 'chart',
    caption: '在校生规模',
    indicators: ['students_total'],
    years: [2022, 2023, 2024],
  });
  s.createBlock(moral.id, { kind: 'table', caption: '表', columns: ['项目', '数量'], rows: [['专业', '42']] });
  const c = s.addComment({
    target: { type: 'block', blockId: photoBlock.id },
    author: '区县审核员',
    body: '请补充图片来源',
  });
  s.addComment({ parentId: c.id, target: { type: 'workspace' }, author: '学校', body: '已补充' });
  s.resolveComment(c.id);
  return s;
}

/**
 * For a test file that works on copies of the fixture: builds it once (beforeAll) in a temp folder removed afterwards,
 * keeps its bytes, and writes them (or other bytes: damaged, cut off) under a name there.
 */
export function fixtureCopies(prefix: string): {
  dir: string;
  bytes(): Buffer;
  copyOf(name: string, bytes?: Buffer): string;
} {
  const tmp = makeTempDir(prefix);
  let sound: Buffer | undefined;
  beforeAll(async () => {
    const p = join(tmp.dir, '原始.qar');
    (await buildFixtureWorkspace(p)).close();
    sound = readFileSync(p);
  });
  afterAll(() => tmp.cleanup());
  const bytes = () => {
    if (!sound) throw new Error('fixtureCopies: the fixture is built in beforeAll');
    return sound;
  };
  return {
    dir: tmp.dir,
    bytes,
    copyOf: (name, data = bytes()) => {
      const p = join(tmp.dir, name);
      writeFileSync(p, data);
      return p;
    },
  };
}
