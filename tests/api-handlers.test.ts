/**
 * The API handlers against real .qar files: every call goes through the dispatcher (zod in, envelope out),
 * and what a call changes is checked by reading the SQLite file with a separate connection.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_METHODS, apiContract } from '../core/api';
import { type ApiHandlers, dispatch } from '../core/api/dispatch';
import { createApiHandlers, decodeBase64, freeFileName, SessionSlot } from '../core/api-handlers';
import { createWorkspace } from '../core/workspace-io';
import { fakeCtx } from './api-fakes';
import { makePng, makeTempDir } from './helpers/files';
import { FIXTURE_FRAMEWORK, FIXTURE_PROFILE } from './helpers/workspace';

let tmp: ReturnType<typeof makeTempDir>;
let slot: SessionSlot;
let handlers: ApiHandlers;
let qar: string;

beforeEach(() => {
  tmp = makeTempDir('qar-api-');
  qar = join(tmp.dir, '学校.qar');
  createWorkspace(qar, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
  slot = new SessionSlot();
  handlers = createApiHandlers(fakeCtx(), slot);
});
afterEach(() => {
  slot.close();
  tmp.cleanup();
});

const call = (method: string, input?: unknown) => dispatch(handlers, method, input, { checkOutput: true });

function rows<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(qar, { readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

describe('api handlers', () => {
  it('implement every contract method, and nothing else', () => {
    expect(Object.keys(handlers).sort()).toEqual([...API_METHODS].sort());
  });

  it('values.set writes the real SQLite file and records the change log', async () => {
    expect((await call('workspace.open', { path: qar })).ok).toBe(true);
    const r = await call('values.set', {
      changes: [
        { year: 2024, indicatorId: 'students_total', value: 9001 },
        { year: 2024, indicatorId: 'grad_employment_rate', value: null, note: '无数据' },
      ],
      how: 'paste',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const data = r.data as { values: { indicatorId: string; value: number | null }[] };
    expect(data.values.map((v) => [v.indicatorId, v.value]).sort()).toEqual([
      ['grad_employment_rate', null],
      ['students_total', 9001],
    ]);

    const stored = rows<{ value: number | null }>(
      "SELECT value FROM indicator_values WHERE year = 2024 AND indicator_id = 'students_total'",
    );
    expect(stored).toEqual([{ value: 9001 }]);
    const log = rows<{ old_value: number | null; new_value: number | null; how: string }>(
      "SELECT old_value, new_value, how FROM change_log WHERE indicator_id = 'students_total'",
    );
    expect(log).toEqual([{ old_value: null, new_value: 9001, how: 'paste' }]);

    await call('values.set', { changes: [{ year: 2024, indicatorId: 'students_total', value: 9100 }], how: 'manual' });
    const h = await call('values.history', { year: 2024, indicatorId: 'students_total' });
    expect(h.ok && (h.data as { entries: { newValue: number; how: string }[] }).entries.map((e) => e.newValue)).toEqual(
      [9001, 9100],
    );
  });

  it('refuses bad input in Chinese and changes nothing', async () => {
    await call('workspace.open', { path: qar });
    const r = await call('values.set', {
      changes: [{ year: 2024, indicatorId: 'students_total', value: '九千' }],
      how: 'manual',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('BAD_INPUT');
    expect(r.error.message).toMatch(/^输入有误：changes\[0\]\.value/);
    expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
    const extra = await call('workspace.get', { sneaky: 1 });
    expect(extra.ok || extra.error.code).toBe('BAD_INPUT');
    expect(rows('SELECT * FROM indicator_values')).toEqual([]);
  });

  it('answers unknown methods and a missing workspace with envelopes', async () => {
    const u = await call('values.drop', {});
    expect(u).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: '未知的操作「values.drop」。' } });
    const w = await call('workspace.get', {});
    expect(w.ok).toBe(false);
    expect(!w.ok && w.error.message).toContain('还没有打开工作区');
  });

  it('passes QarError through and turns other failures into 内部错误', async () => {
    const r = await call('workspace.open', { path: join(tmp.dir, '不存在.qar') });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('NOT_FOUND');
    const boom = await dispatch(
      {
        ...handlers,
        'app.info': () => {
          throw new TypeError('x is undefined');
        },
      },
      'app.info',
      {},
      { log: () => {} },
    );
    expect(boom).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '内部错误：x is undefined。请把这行信息反馈给开发者。' },
    });
  });

  it('catches a handler whose output breaks the contract', async () => {
    const bad = await dispatch(
      { ...handlers, 'workspace.recent': () => ({ items: [{ path: 1 }] }) } as unknown as ApiHandlers,
      'workspace.recent',
      {},
      { checkOutput: true, log: () => {} },
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe('INTERNAL');
  });

  it('read-only workspaces refuse writes with the store message', async () => {
    await call('workspace.open', { path: qar, readonly: true });
    const r = await call('values.set', {
      changes: [{ year: 2024, indicatorId: 'students_total', value: 1 }],
      how: 'manual',
    });
    expect(!r.ok && r.error.code).toBe('READ_ONLY');
    const info = await call('app.info', {});
    expect(info.ok && (info.data as { workspace: { readonly: boolean } }).workspace.readonly).toBe(true);
  });

  it('narrative, comments and assets round-trip through the API', async () => {
    await call('workspace.open', { path: qar });
    const ws = await call('workspace.get', {});
    expect(ws.ok).toBe(true);
    if (!ws.ok) return;
    const { sections } = ws.data as { sections: { id: string }[] };
    const sectionId = sections[0]!.id;
    const img = await call('assets.add', { dataBase64: makePng(64, 48, 3).toString('base64'), caption: '实训室' });
    expect(img.ok).toBe(true);
    if (!img.ok) return;
    const assetId = (img.data as { id: string }).id;
    const got = await call('assets.get', { id: assetId });
    expect(got.ok && (got.data as { dataUrl: string }).dataUrl).toMatch(/^data:image\/(png|jpeg);base64,/);
    const b1 = await call('blocks.create', {
      sectionId,
      content: { kind: 'paragraph', lead: '段首句。', text: '正文' },
    });
    const b2 = await call('blocks.create', { sectionId, content: { kind: 'photo', assetId, caption: '图' } });
    expect(b1.ok && b2.ok).toBe(true);
    if (!b1.ok || !b2.ok) return;
    const ids = [(b2.data as { id: string }).id, (b1.data as { id: string }).id];
    const re = await call('blocks.reorder', { sectionId, ids });
    expect(re.ok && (re.data as { blocks: { id: string }[] }).blocks.map((b) => b.id)).toEqual(ids);

    const c = await call('comments.add', { target: { type: 'workspace' }, body: '请补充数据来源', author: '区县审核' });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const parentId = (c.data as { id: string }).id;
    const reply = await call('comments.reply', { parentId, body: '已补充', author: '学校' });
    expect(reply.ok && (reply.data as { parentId: string }).parentId).toBe(parentId);
    const resolved = await call('comments.resolve', { id: parentId });
    expect(resolved.ok && (resolved.data as { status: string }).status).toBe('resolved');
    const open = await call('comments.list', { status: 'open' });
    expect(open.ok && (open.data as { comments: unknown[] }).comments).toHaveLength(1);
    expect(rows('SELECT id FROM comments')).toHaveLength(2);
  });

  it('assets.add refuses garbage and oversized images in Chinese', async () => {
    await call('workspace.open', { path: qar });
    const junk = await call('assets.add', { dataBase64: Buffer.from('not an image at all').toString('base64') });
    expect(!junk.ok && junk.error.message).toMatch(/[\u4e00-\u9fff]/);
    // one byte over 50 MB: inside the contract's base64 bound, refused by the image pipeline
    const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0);
    makePng(8, 8).copy(big);
    const r = await call('assets.add', { dataBase64: big.toString('base64') });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('TOO_LARGE');
    expect(!r.ok && r.error.message).toMatch(/50/);
    expect(rows('SELECT id FROM assets')).toEqual([]);
  });

  it('workspace.saveAs writes a consistent copy and opens it', async () => {
    await call('workspace.open', { path: qar });
    await call('values.set', { changes: [{ year: 2024, indicatorId: 'students_total', value: 77 }], how: 'manual' });
    const copy = join(tmp.dir, '副本.qar');
    const r = await call('workspace.saveAs', { path: copy });
    expect(r.ok && (r.data as { path: string }).path).toBe(copy);
    const db = new Database(copy, { readonly: true });
    expect(db.prepare('SELECT value FROM indicator_values').all()).toEqual([{ value: 77 }]);
    db.close();
    const again = await call('workspace.saveAs', { path: copy });
    expect(!again.ok && again.error.code).toBe('CONFLICT');
  });

  it('export.json writes the lossless export; import.json makes a new workspace from it', async () => {
    await call('workspace.open', { path: qar });
    await call('values.set', { changes: [{ year: 2024, indicatorId: 'students_total', value: 5 }], how: 'manual' });
    const out = join(tmp.dir, '导出.json');
    const e = await call('export.json', { path: out });
    expect(e.ok && (e.data as { bytes: number }).bytes).toBeGreaterThan(100);
    const target = join(tmp.dir, '导入.qar');
    const i = await call('import.json', { path: out, target });
    expect(i.ok && (i.data as { path: string }).path).toBe(target);
    const db = new Database(target, { readonly: true });
    expect(db.prepare('SELECT value FROM indicator_values').all()).toEqual([{ value: 5 }]);
    db.close();
  });

  it('years and chapters', async () => {
    await call('workspace.open', { path: qar });
    const y = await call('years.add', { year: 2025 });
    expect(y.ok && (y.data as { years: { year: number }[] }).years.map((x) => x.year)).toContain(2025);
    expect((await call('years.add', { year: 2025 })).ok).toBe(false);
    const ch = await call('chapters.create', { year: 2024, title: '特色创新' });
    expect(ch.ok).toBe(true);
    if (!ch.ok) return;
    const upd = await call('chapters.update', { id: (ch.data as { id: string }).id, intro: '概述' });
    expect(upd.ok && (upd.data as { intro: string }).intro).toBe('概述');
  });
});

describe('helpers', () => {
  it('freeFileName never returns an existing file', () => {
    const t = makeTempDir();
    try {
      const first = freeFileName(t.dir, '示例学校.qar');
      expect(first).toBe(join(t.dir, '示例学校.qar'));
      createWorkspace(first, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
      expect(freeFileName(t.dir, '示例学校.qar')).toBe(join(t.dir, '示例学校（2）.qar'));
    } finally {
      t.cleanup();
    }
  });

  it('decodeBase64 accepts data URLs and refuses junk', () => {
    expect(decodeBase64('data:image/png;base64,AAEC').toString('hex')).toBe('000102');
    expect(() => decodeBase64('@@@')).toThrow(/图片数据格式不正确/);
  });

  it('every contract input is a strict object (unknown keys refused)', () => {
    for (const m of API_METHODS) {
      const r = apiContract[m].input.safeParse({ __proto_probe__: 1 });
      expect(r.success, m).toBe(false);
    }
  });
});

describe('api handlers with the real framework, validation and report', () => {
  it('workspace.create → values.set findings → validate.run → report.model → report.export with progress', async () => {
    const t = makeTempDir('qar-api-report-');
    const ctx = fakeCtx();
    const s = new SessionSlot();
    const h = createApiHandlers(ctx, s);
    try {
      const frameworks = await dispatch(h, 'framework.list', {});
      expect(frameworks.ok && (frameworks.data as { items: { id: string }[] }).items.map((f) => f.id)).toContain(
        'cn-2024-gaozhi',
      );
      const path = join(t.dir, '新学校.qar');
      const created = await dispatch(h, 'workspace.create', {
        path,
        profile: FIXTURE_PROFILE,
        frameworkId: 'cn-2024-gaozhi',
      });
      expect(created.ok).toBe(true);
      expect(ctx.recent.list().map((r) => r.path)).toEqual([path]);

      const set = await dispatch(h, 'values.set', {
        changes: [{ year: 2024, indicatorId: 'students_total', value: 9000 }],
        how: 'manual',
      });
      expect(set.ok).toBe(true);
      if (!set.ok) return;
      const d = set.data as { findings: { ruleId: string }[]; summary: { error: number } };
      // an almost empty workspace breaks completeness rules: findings must come back with the save
      expect(d.findings.length).toBeGreaterThan(0);
      expect(d.summary.error).toBeGreaterThan(0);

      const v = await dispatch(h, 'validate.run', { year: 2024 });
      expect(v.ok && (v.data as { summary: { error: number } }).summary.error).toBe(d.summary.error);

      const model = await dispatch(h, 'report.model', {});
      expect(model.ok && (model.data as { chapters: unknown[] }).chapters.length).toBeGreaterThan(0);

      const out = join(t.dir, '报告.docx');
      const r = await dispatch(h, 'report.export', { path: out, jobId: 'job-1' });
      expect(r.ok).toBe(true);
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
      const progress = ctx.events
        .filter((e) => e.event === 'job.progress')
        .map((e) => e.payload as { jobId: string; percent: number });
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.every((p) => p.jobId === 'job-1')).toBe(true);
      expect(progress.at(-1)?.percent).toBe(100);
    } finally {
      s.close();
      t.cleanup();
    }
  });
});
