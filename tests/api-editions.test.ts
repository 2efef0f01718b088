/**
 * The editions' API methods against real .qar files, through the dispatcher: a new workspace gets its report
 * year's edition; 新建下一年度报告 takes only a granted path and never changes last year's file; the edition notice
 * and the one-step upgrade; a province's framework file is checked before anything is written and stored with its
 * hash; a stored framework that does not match its hash is refused everywhere (editor and review); the lossless
 * JSON export carries the edition parts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FrameworkInfo, FrameworkSwitchOut, WorkspaceInfo } from '../core/api';
import { type ApiHandlers, dispatch } from '../core/api/dispatch';
import { createPathPolicy, REFUSED_NOT_CHOSEN } from '../core/api/path-policy';
import { createApiHandlers, SessionSlot } from '../core/api-handlers';
import { getFramework } from '../core/framework/registry';
import { frameworkText, resolveSchoolFramework } from '../core/framework/resolve';
import { loadForReview } from '../core/review/load';
import { reviewWorkspaces } from '../core/review/review';
import { openWorkspace, writeExportAsWorkspace } from '../core/service';
import { exportToJson, importWorkspace } from '../core/workspace-io';
import { buildDemoExport } from '../seeds/demo/index';
import { fakeCtx } from './api-fakes';
import { makeTempDir, sha256File } from './helpers/files';

let tmp: ReturnType<typeof makeTempDir>;
let slot: SessionSlot;
let handlers: ApiHandlers;
let demo: string;

const PROFILE = { name: '新学校', code: '', level: '高职', category: '工科', region: '', reportYear: 2025 } as const;

beforeEach(() => {
  tmp = makeTempDir('qar-api-editions-');
  demo = join(tmp.dir, '示例学校2024.qar');
  writeExportAsWorkspace(buildDemoExport(), demo);
  slot = new SessionSlot();
  handlers = createApiHandlers(fakeCtx(), slot);
});
afterEach(() => {
  slot.close();
  tmp.cleanup();
});

async function call<T>(method: string, input?: unknown): Promise<T> {
  const r = await dispatch(handlers, method, input, { checkOutput: true });
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.data as T;
}
async function fails(method: string, input: unknown): Promise<{ code: string; message: string }> {
  const r = await dispatch(handlers, method, input, { checkOutput: true });
  if (r.ok) throw new Error(`${method} should have failed`);
  return r.error;
}

describe('editions through the API', () => {
  it('workspace.create gives the report year its edition and says which', async () => {
    const r = await call<WorkspaceInfo & { note: string }>('workspace.create', {
      path: join(tmp.dir, '新.qar'),
      profile: PROFILE,
    });
    expect(r.framework).toEqual({ id: 'cn-2025-gaozhi', version: '2025.1' });
    expect(r.note).toContain(
      '按报告年度选用指标体系《职业教育质量年度报告指标框架（2025年度·高等职业学校）》（版本 2025.1）',
    );
    expect(r.note).not.toContain('cn-2025-gaozhi');
    const k = await call<WorkspaceInfo & { note: string }>('workspace.create', {
      path: join(tmp.dir, '企业.qar'),
      kind: '企业年报',
      profile: { ...PROFILE, name: '某企业' },
    });
    expect(k.framework.id).toBe('cn-2025-qiye');
    const ws = await call<{ chapters: { title: string }[] }>('workspace.get', {});
    expect(ws.chapters.map((c) => c.title)).toContain('参与人才培养');
  });

  it('workspace.nextYear: a granted source only; the open source is closed first and never changed', async () => {
    const paths = createPathPolicy({ mode: 'granted' });
    handlers = createApiHandlers(fakeCtx({ paths }), slot);
    const target = join(tmp.dir, '示例学校2025.qar');
    const sha = sha256File(demo);
    paths.grant(target, 'write');
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    const refused = await fails('workspace.nextYear', { source: demo, path: target });
    expect(refused).toEqual({ code: 'FORBIDDEN', message: REFUSED_NOT_CHOSEN });

    // the user opened last year's file: it is granted, and it is the open workspace
    paths.grant(demo, 'write');
    await call('workspace.open', { path: demo });
    const r = await call<WorkspaceInfo & { lines: string[] }>('workspace.nextYear', {
      source: demo,
      path: target,
      year: 2025,
      withPhotos: true,
    });
    expect(r).toMatchObject({ path: target, reportYear: 2025, framework: { id: 'cn-2025-gaozhi' } });
    expect(r.lines.join('\n')).toContain('照片 10 张');
    expect(slot.current?.path).toBe(target);
    // opened read-write by the user before, the file was closed first (at rest, whole) and then only read:
    // the hash recorded as the origin is the file as it is now
    const info = await call<FrameworkInfo>('framework.info', {});
    const atRest = sha256File(demo);
    expect(info.origin).toMatchObject({ fileName: '示例学校2024.qar', year: 2024, sha256: atRest });
    expect(info.newer).toBeUndefined();

    // a year not after last year's: refused, and the user is back on last year's file, unchanged
    await call('workspace.open', { path: demo });
    const bad = await fails('workspace.nextYear', { source: demo, path: join(tmp.dir, 'x.qar'), year: 2023 });
    paths.grant(join(tmp.dir, 'x.qar'), 'write');
    const bad2 = await fails('workspace.nextYear', { source: demo, path: join(tmp.dir, 'x.qar'), year: 2023 });
    expect(bad.code).toBe('FORBIDDEN');
    expect(bad2.message).toContain('应晚于上一年度文件的报告年度');
    expect(slot.current?.path).toBe(demo);
    slot.close();
  });

  it('workspace.nextYear from a file picked on the start page (not open): its bytes never change', async () => {
    const sha = sha256File(demo);
    const r = await call<WorkspaceInfo & { lines: string[] }>('workspace.nextYear', {
      source: demo,
      path: join(tmp.dir, '新.qar'),
    });
    expect(r.reportYear).toBe(2025);
    expect(sha256File(demo)).toBe(sha);
    expect((await call<FrameworkInfo>('framework.info', {})).origin?.sha256).toBe(sha);
  });

  it('framework.info shows a newer edition; framework.upgrade previews, then upgrades keeping the values', async () => {
    const old = join(tmp.dir, '旧版.qar');
    await call('workspace.create', { path: old, profile: PROFILE, frameworkId: 'cn-2024-gaozhi' });
    await call('values.set', {
      changes: [
        { year: 2025, indicatorId: 'students_fulltime', value: 9000 },
        { year: 2024, indicatorId: 'students_fulltime', value: 8800 },
      ],
      how: 'manual',
    });
    const info = await call<FrameworkInfo>('framework.info', {});
    expect(info.framework).toMatchObject({ id: 'cn-2024-gaozhi', source: 'builtin' });
    expect(info.newer?.id).toBe('cn-2025-gaozhi');
    expect(info.newer?.releaseNotes.length).toBeGreaterThan(1);

    const preview = await call<FrameworkSwitchOut>('framework.upgrade', {});
    expect(preview.applied).toBe(false);
    expect(preview.lines.join('\n')).toContain('保留 2 项数据');
    expect((await call<{ framework: { id: string } }>('workspace.get', {})).framework.id).toBe('cn-2024-gaozhi');

    const done = await call<FrameworkSwitchOut>('framework.upgrade', { dryRun: false });
    expect(done).toMatchObject({ applied: true, unmapped: 0, framework: { id: 'cn-2025-gaozhi' } });
    const ws = await call<{ framework: { id: string }; values: unknown[] }>('workspace.get', {});
    expect(ws.framework.id).toBe('cn-2025-gaozhi');
    expect(ws.values).toHaveLength(2);
    expect((await call<FrameworkInfo>('framework.info', {})).newer).toBeUndefined();
    expect((await fails('framework.upgrade', { dryRun: false })).message).toContain('无需升级');
  });

  it('framework.use checks the file first, previews, then stores it with its hash', async () => {
    await call('workspace.create', { path: join(tmp.dir, '学校.qar'), profile: PROFILE });
    const hostile = join(tmp.dir, '恶意.json');
    writeFileSync(hostile, '{"format":"qar-framework","formatVersion":1,"constructor":{"prototype":{"x":1}}}');
    const e = await fails('framework.use', { path: hostile, dryRun: false });
    expect(e.code).toBe('FRAMEWORK');
    expect(e.message).toMatch(/被禁止的键名/);

    const province = JSON.parse(frameworkText(getFramework('cn-2025-gaozhi')));
    Object.assign(province, { id: 'cq-2025-gaozhi', version: '1', title: '重庆框架' });
    const file = join(tmp.dir, '重庆.json');
    writeFileSync(file, JSON.stringify(province));
    const preview = await call<FrameworkSwitchOut>('framework.use', { path: file });
    expect(preview.applied).toBe(false);
    expect((await call<{ framework: { id: string } }>('workspace.get', {})).framework.id).toBe('cn-2025-gaozhi');
    const done = await call<FrameworkSwitchOut>('framework.use', { path: file, dryRun: false });
    expect(done.applied).toBe(true);
    const info = await call<FrameworkInfo>('framework.info', {});
    expect(info.framework).toMatchObject({ id: 'cq-2025-gaozhi', source: 'stored', sourceName: '重庆.json' });
    expect(info.framework.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await call<{ title: string }>('framework.get', {})).title).toBe('重庆框架');
  });

  it('a stored framework that does not match its hash is refused in the editor and skipped in review', async () => {
    const path = join(tmp.dir, '学校.qar');
    await call('workspace.create', { path, profile: PROFILE });
    const province = JSON.parse(frameworkText(getFramework('cn-2025-gaozhi')));
    Object.assign(province, { id: 'cq-2025-gaozhi', version: '1' });
    const file = join(tmp.dir, '重庆.json');
    writeFileSync(file, JSON.stringify(province));
    await call('framework.use', { path: file, dryRun: false });
    slot.close();
    // someone edits the stored text behind the app's back
    const db = new Database(path);
    db.prepare("UPDATE stored_framework SET json = replace(json, '<= 18', '<= 99')").run();
    db.close();
    await call('workspace.open', { path });
    const e = await fails('validate.run', {});
    expect(e.code).toBe('FRAMEWORK');
    expect(e.message).toContain('校验值不符');
    slot.close();
    const loaded = await loadForReview([path]);
    const s = reviewWorkspaces(loaded, { resolveFramework: resolveSchoolFramework });
    expect(s.files[0]).toMatchObject({ status: 'skipped' });
    expect(s.files[0]?.reason).toContain('校验值不符');
  });

  it('the JSON export carries the stored framework, the origin, the references and the case library', async () => {
    const target = join(tmp.dir, '示例学校2025.qar');
    await call('workspace.nextYear', { source: demo, path: target });
    const province = JSON.parse(frameworkText(getFramework('cn-2025-gaozhi')));
    Object.assign(province, { id: 'cq-2025-gaozhi', version: '1' });
    const file = join(tmp.dir, '重庆.json');
    writeFileSync(file, JSON.stringify(province));
    await call('framework.use', { path: file, dryRun: false });
    const json = join(tmp.dir, '导出.json');
    await call('export.json', { path: json });
    slot.close();
    const text = readFileSync(json, 'utf8');
    const copy = join(tmp.dir, '副本.qar');
    importWorkspace(text, copy);
    const s = await openWorkspace(copy, { readonly: true });
    try {
      // lossless: the copy exports to the same bytes
      expect(exportToJson(s.exportData())).toBe(text);
      const ws = s.getWorkspace();
      expect(ws.storedFramework?.id).toBe('cq-2025-gaozhi');
      expect(ws.origin?.fileName).toBe('示例学校2024.qar');
      expect(ws.references?.length).toBeGreaterThan(20);
      expect(ws.caseLibrary?.length).toBeGreaterThan(10);
    } finally {
      s.close();
    }
    // a tampered stored framework in a JSON export is refused on import
    const exp = JSON.parse(text) as { storedFramework: { json: string } };
    const changed = exp.storedFramework.json.replace('student_teacher_ratio <= 18', 'student_teacher_ratio <= 99');
    expect(changed).not.toBe(exp.storedFramework.json);
    exp.storedFramework.json = changed;
    expect(() => importWorkspace(JSON.stringify(exp), join(tmp.dir, '坏.qar'))).toThrow(/storedFramework.*校验值/);
  });
});
