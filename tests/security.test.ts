/**
 * The app's boundaries against a hostile page: the path policy (granted in the desktop app, confined in the browser
 * host) on real temp files and through the real handlers, the desktop dialogs granting what the user picked, the
 * contract's size limits, and the real browser host refusing traversal and oversized bodies. Nothing is mocked
 * except that no Electron is loaded (electron/path-grants.ts is Electron-free).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { apiContract, MAX_IMAGE_BASE64_CHARS } from '../core/api';
import type { ApiHostContext } from '../core/api/context';
import { dispatch, parseInput } from '../core/api/dispatch';
import { createPathPolicy, type PathPolicy, REFUSED_NOT_CHOSEN, REFUSED_OUTSIDE_ROOTS } from '../core/api/path-policy';
import { createApiHandlers, SessionSlot } from '../core/api-handlers';
import { type RunningHost, startHost, TOO_LARGE_MESSAGE } from '../core/host/http-host';
import { APP_CSP, APP_CSP_META } from '../core/host/security';
import { createWorkspace } from '../core/workspace-io';
import { grantCommandLineFile, grantingDialogs } from '../electron/path-grants';
import { fakeCtx } from './api-fakes';
import { makeTempDir, sha256File } from './helpers/files';
import { FIXTURE_FRAMEWORK, FIXTURE_PROFILE } from './helpers/workspace';

const ROOT = join(import.meta.dirname, '..');

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('expected a refusal');
}

// ---------------------------------------------------------------------------------------------
describe('path policy', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('qar-policy-');
  });
  afterEach(() => tmp.cleanup());

  it('granted: only chosen files; a refusal says so in Chinese', () => {
    const p = createPathPolicy({ mode: 'granted' });
    const chosen = join(tmp.dir, '学校.qar');
    const other = join(tmp.dir, '别的.qar');
    expect(errorOf(() => p.check(chosen))).toEqual({ code: 'FORBIDDEN', message: REFUSED_NOT_CHOSEN });
    expect(REFUSED_NOT_CHOSEN).toBe('只能使用在对话框中选择的文件。请通过“文件”菜单选择文件。');
    p.grant(chosen);
    expect(p.check(chosen, { write: true, ext: '.qar' })).toBe(chosen);
    expect(errorOf(() => p.check(other)).code).toBe('FORBIDDEN');
  });

  it('normalises before deciding: .. segments, relative paths, NUL bytes, device paths', () => {
    const p = createPathPolicy({ mode: 'granted' });
    const chosen = join(tmp.dir, 'a.json');
    p.grant(chosen);
    // a detour through .. that lands on the granted file is that file
    expect(p.check(join(tmp.dir, 'sub', '..', 'a.json'))).toBe(chosen);
    // .. cannot climb out of a granted file's name
    expect(errorOf(() => p.check(`${chosen}/../../../etc/passwd`)).code).toBe('FORBIDDEN');
    expect(errorOf(() => p.check('a.json')).message).toMatch(/完整路径/);
    expect(errorOf(() => p.check(`${chosen}\0.png`)).message).toMatch(/无效字符/);
    expect(errorOf(() => p.check('\\\\.\\PhysicalDrive0')).code).toBe('BAD_INPUT');
    expect(errorOf(() => p.check('x'.repeat(5000))).message).toMatch(/过长/);
  });

  it('writes need the expected extension, even on a granted file', () => {
    const p = createPathPolicy({ mode: 'granted' });
    const chosen = join(tmp.dir, 'bashrc');
    p.grant(chosen);
    expect(errorOf(() => p.check(chosen, { write: true, ext: '.docx', what: 'Word 报告' })).message).toBe(
      'Word 报告的文件名须以 .docx 结尾。',
    );
  });

  it('read grants stay read-only; folder grants read the files directly inside, never write or descend', () => {
    const p = createPathPolicy({ mode: 'granted' });
    const school = join(tmp.dir, '学校.qar');
    p.grant(school, 'read');
    expect(p.check(school)).toBe(school);
    expect(errorOf(() => p.check(school, { write: true, ext: '.qar' })).code).toBe('FORBIDDEN');

    const folder = join(tmp.dir, '报送');
    mkdirSync(join(folder, '子目录'), { recursive: true });
    p.grant(folder, 'folder');
    expect(p.check(folder, { folder: true })).toBe(folder);
    expect(p.check(join(folder, '甲.qar'))).toBe(join(folder, '甲.qar'));
    expect(errorOf(() => p.check(join(folder, '甲.qar'), { write: true, ext: '.qar' })).code).toBe('FORBIDDEN');
    expect(errorOf(() => p.check(join(folder, '子目录', '乙.qar'))).code).toBe('FORBIDDEN');
    // the folder is not a file to read or write by itself without saying so
    expect(errorOf(() => p.check(folder)).code).toBe('FORBIDDEN');
  });

  it('a symlink inside a granted folder cannot reach outside it', () => {
    const p = createPathPolicy({ mode: 'granted' });
    const folder = join(tmp.dir, 'in');
    const outside = join(tmp.dir, 'out');
    mkdirSync(folder);
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.qar'), 'secret');
    symlinkSync(join(outside, 'secret.qar'), join(folder, 'link.qar'));
    p.grant(folder, 'folder');
    expect(errorOf(() => p.check(join(folder, 'link.qar'))).code).toBe('FORBIDDEN');
  });

  it('the folder of a file chosen in a save dialog is a target folder only for a write (示例学校)', () => {
    const p = createPathPolicy({ mode: 'granted' });
    p.grant(join(tmp.dir, '示例学校.qar'), 'write');
    expect(p.check(tmp.dir, { folder: true, write: true })).toBe(tmp.dir);
    expect(errorOf(() => p.check(tmp.dir, { folder: true })).code).toBe('FORBIDDEN');
    expect(errorOf(() => p.check(join(tmp.dir, '其他.qar'))).code).toBe('FORBIDDEN');
  });

  it('case-insensitive platforms compare paths in lower case', () => {
    const p = createPathPolicy({ mode: 'granted', platform: 'darwin' });
    p.grant(join(tmp.dir, 'Report.DOCX'));
    expect(p.check(join(tmp.dir, 'report.docx'), { write: true, ext: '.docx' })).toBe(join(tmp.dir, 'report.docx'));
    const linux = createPathPolicy({ mode: 'granted', platform: 'linux' });
    linux.grant(join(tmp.dir, 'Report.docx'));
    expect(errorOf(() => linux.check(join(tmp.dir, 'report.docx'))).code).toBe('FORBIDDEN');
  });

  it('confined: the whole tree under a root, nothing outside, no way out through .. or a symlink', () => {
    const root = join(tmp.dir, 'out');
    mkdirSync(join(root, 'deep'), { recursive: true });
    mkdirSync(join(tmp.dir, 'elsewhere'));
    symlinkSync(join(tmp.dir, 'elsewhere'), join(root, 'escape'));
    const p = createPathPolicy({ mode: 'confined', roots: [root] });
    expect(p.check(join(root, 'deep', 'x.json'), { write: true, ext: '.json' })).toBe(join(root, 'deep', 'x.json'));
    expect(errorOf(() => p.check(join(root, '..', 'x.json'), { write: true, ext: '.json' }))).toEqual({
      code: 'FORBIDDEN',
      message: REFUSED_OUTSIDE_ROOTS,
    });
    expect(errorOf(() => p.check(join(root, 'escape', 'x.json'), { write: true, ext: '.json' })).code).toBe(
      'FORBIDDEN',
    );
    // a sibling whose name starts like the root is not under it
    expect(errorOf(() => p.check(`${root}2/x.json`)).code).toBe('FORBIDDEN');
  });
});

// ---------------------------------------------------------------------------------------------
describe('handlers under the desktop policy (granted)', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let slot: SessionSlot;
  let paths: PathPolicy;
  let ctx: ApiHostContext;
  let qar: string;
  const picks: string[] = [];
  let call: (method: string, input?: unknown) => ReturnType<typeof dispatch>;

  beforeEach(() => {
    tmp = makeTempDir('qar-granted-');
    qar = join(tmp.dir, '学校.qar');
    createWorkspace(qar, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
    paths = createPathPolicy({ mode: 'granted' });
    const dialogs = grantingDialogs(paths, {
      pickOpen: async () => picks.shift() ?? null,
      pickSave: async () => picks.shift() ?? null,
      pickOpenMany: async () => (picks.length ? [picks.shift() as string] : []),
    });
    ctx = fakeCtx({ paths, ...dialogs });
    slot = new SessionSlot();
    const handlers = createApiHandlers(ctx, slot);
    call = (method, input) => dispatch(handlers, method, input, { checkOutput: true, log: () => {} });
  });
  afterEach(() => {
    slot.close();
    tmp.cleanup();
  });

  it('workspace.open refuses a path the user did not choose, accepts it after the open dialog', async () => {
    const before = sha256File(qar);
    const refused = await call('workspace.open', { path: qar });
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: REFUSED_NOT_CHOSEN } });
    expect(slot.current).toBeNull();
    expect(sha256File(qar)).toBe(before);

    picks.push(qar);
    expect(await call('dialog.pickOpen', { purpose: 'workspace' })).toEqual({ ok: true, data: { path: qar } });
    const opened = await call('workspace.open', { path: qar });
    expect(opened.ok).toBe(true);
    expect(slot.current?.path).toBe(qar);
  });

  it('exports go only where the save dialog said, with the right extension; nothing is written otherwise', async () => {
    paths.grant(qar);
    expect((await call('workspace.open', { path: qar })).ok).toBe(true);
    const rogue = join(tmp.dir, 'bashrc.json');
    for (const [method, input] of [
      ['export.json', { path: rogue }],
      ['xlsx.export', { path: join(tmp.dir, 'x.xlsx') }],
      ['report.export', { path: join(tmp.dir, 'x.docx') }],
      ['workspace.saveAs', { path: join(tmp.dir, 'copy.qar') }],
      ['workspace.create', { path: join(tmp.dir, 'new.qar'), profile: FIXTURE_PROFILE, frameworkId: 'x' }],
      ['workspace.openDemo', { dir: join(tmp.dir, 'demo') }],
      ['import.json', { path: qar, target: join(tmp.dir, 'imported.qar') }],
      ['comments.import', { path: join(tmp.dir, 'c.json') }],
      ['xlsx.import', { path: join(tmp.dir, 'x.xlsx') }],
    ] as const) {
      const r = await call(method, input);
      expect(r, method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    // (the open workspace's own write lock aside)
    expect(readdirSync(tmp.dir).filter((f) => !/\.qar\.lock$/.test(f))).toEqual(['学校.qar']);

    // the save dialog grants the chosen file; a different extension on it is still refused
    const chosen = join(tmp.dir, '导出.json');
    picks.push(chosen);
    expect(await call('dialog.pickSave', { purpose: 'json', defaultName: '导出.json' })).toMatchObject({ ok: true });
    expect(await call('export.json', { path: chosen })).toMatchObject({ ok: true, data: { path: chosen } });
    expect(JSON.parse(readFileSync(chosen, 'utf8')).profile.name).toBe(FIXTURE_PROFILE.name);
  });

  it('a .docx is never written over a chosen file of another kind', async () => {
    paths.grant(qar);
    expect((await call('workspace.open', { path: qar })).ok).toBe(true);
    const rc = join(tmp.dir, '.bashrc');
    writeFileSync(rc, 'export PATH=/usr/bin');
    paths.grant(rc);
    const r = await call('report.export', { path: rc });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: 'Word 报告的文件名须以 .docx 结尾。' } });
    expect(readFileSync(rc, 'utf8')).toBe('export PATH=/usr/bin');
  });

  it('a school picked for review opens read-only only; its folder is read, never written', async () => {
    const folder = join(tmp.dir, '报送');
    mkdirSync(folder);
    const school = join(folder, '甲.qar');
    createWorkspace(school, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
    const before = sha256File(school);
    expect(await call('review.run', { paths: [folder] })).toMatchObject({ error: { code: 'FORBIDDEN' } });

    picks.push(folder);
    expect(await call('review.pickInputs', { kind: 'folder' })).toEqual({ ok: true, data: { paths: [folder] } });
    const run = await call('review.run', { paths: [folder] });
    expect(!run.ok && run.error.code).not.toBe('FORBIDDEN');
    expect(await call('workspace.open', { path: school, readonly: false })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('workspace.open', { path: school, readonly: true })).toMatchObject({
      ok: true,
      data: { readonly: true },
    });
    // reopening it read-write later is still refused (the API granted only what it opened)
    expect(await call('workspace.open', { path: school, readonly: false })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('review.openFile', { path: join(folder, '审核意见.json') })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('district.build', { paths: [folder], out: join(tmp.dir, '区域.docx') })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(existsSync(join(tmp.dir, '区域.docx'))).toBe(false);
    slot.close();
    expect(sha256File(school)).toBe(before);
  });

  it('the command line file is made absolute against its working folder and granted', () => {
    const abs = grantCommandLineFile(paths, '学校.qar', tmp.dir);
    expect(abs).toBe(qar);
    expect(paths.check(qar, { write: true, ext: '.qar' })).toBe(qar);
    expect(grantCommandLineFile(paths, 'x\0.qar', tmp.dir)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
describe('contract limits', () => {
  /** Walks a JSON schema: every string and array must be bounded (maxLength / enum / bounded pattern; maxItems). */
  function unbounded(node: unknown, at: string, out: string[]): void {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'string' && n.maxLength === undefined && n.enum === undefined && n.const === undefined) {
      const pattern = typeof n.pattern === 'string' ? n.pattern : '';
      const bounded = /^\^.*\$$/.test(pattern) && !/[*+]|\{\d+,\}/.test(pattern);
      if (!bounded) out.push(at);
    }
    if (n.type === 'array' && n.maxItems === undefined) out.push(`${at}[]`);
    for (const [k, v] of Object.entries(n)) {
      if (k === 'properties' && v && typeof v === 'object') {
        for (const [pk, pv] of Object.entries(v)) unbounded(pv, `${at}.${pk}`, out);
      } else if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) unbounded(x, `${at}.${k}${i}`, out);
      } else if (typeof v === 'object' && k !== 'properties') unbounded(v, `${at}.${k}`, out);
    }
  }

  it('every string and array of every method input has a maximum', () => {
    const found: string[] = [];
    for (const [method, c] of Object.entries(apiContract)) {
      unbounded(z.toJSONSchema(c.input as z.ZodType, { io: 'input', unrepresentable: 'any' }), method, found);
    }
    expect(found).toEqual([]);
  });

  it('huge inputs are refused at the boundary, in Chinese', () => {
    const bad = (method: keyof typeof apiContract, input: unknown) => {
      const r = parseInput(method, input);
      expect(r.ok, method).toBe(false);
      return r.ok ? '' : r.error.message;
    };
    // 51 MB of image bytes
    expect(bad('assets.add', { dataBase64: 'A'.repeat(MAX_IMAGE_BASE64_CHARS + 4) })).toMatch(/50 MB/);
    expect(parseInput('assets.add', { dataBase64: 'A'.repeat(1000) }).ok).toBe(true);
    expect(bad('workspace.open', { path: `/${'x'.repeat(5000)}.qar` })).toMatch(/过长/);
    expect(bad('workspace.open', { path: 'relative/学校.qar' })).toMatch(/完整路径/);
    expect(bad('workspace.open', { path: '/tmp/a\0.qar' })).toMatch(/无效字符/);
    expect(bad('review.run', { paths: Array.from({ length: 2001 }, (_, i) => `/s/${i}.qar`) })).toMatch(/^输入有误/);
    expect(bad('values.set', { how: 'manual', changes: Array(5001).fill({ year: 2024, indicatorId: 'a', value: 1 }) }));
    expect(
      bad('blocks.create', {
        sectionId: 's1',
        content: { kind: 'table', columns: ['a'], rows: [Array(21).fill('x')] },
      }),
    ).toMatch(/^输入有误/);
    expect(bad('comments.add', { target: { type: 'block', blockId: 'b1' }, body: 'x'.repeat(5001), author: '我' }));
    expect(bad('district.build', { paths: ['/s'], out: 'x.docx' })).toMatch(/完整路径/);
    expect(parseInput('workspace.open', { path: 'C:\\Users\\学校.qar' }).ok).toBe(true);
  });

  it('unexpected failures reach the page as one 内部错误 line, never a stack trace', async () => {
    const handlers = createApiHandlers(fakeCtx(), new SessionSlot());
    const broken = {
      ...handlers,
      'app.info': () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    };
    const r = await dispatch(broken, 'app.info', {}, { log: () => {} });
    expect(r.ok).toBe(false);
    const message = r.ok ? '' : r.error.message;
    expect(message).toMatch(/^内部错误：/);
    expect(message).not.toMatch(/\n|\bat .*:\d+:\d+/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('CSP and no eval', () => {
  it('the CSP allows no eval, no inline script and no remote origin', () => {
    for (const csp of [APP_CSP, APP_CSP_META]) {
      expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/object-src 'none'/);
    }
    expect(APP_CSP).toMatch(/frame-ancestors 'none'/);
    const html = readFileSync(join(ROOT, 'renderer/index.html'), 'utf8');
    expect(html).toContain(APP_CSP_META);
  });

  it('no eval, new Function or raw HTML injection in the app sources', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(e.name)) {
          const text = readFileSync(p, 'utf8');
          if (/\beval\s*\(|new\s+Function\s*\(|dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML/.test(text))
            offenders.push(p);
        }
      }
    };
    for (const d of ['core', 'renderer', 'electron']) walk(join(ROOT, d));
    expect(offenders).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('browser host boundaries', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let host: RunningHost;
  let outDir: string;
  let qar: string;

  beforeAll(async () => {
    tmp = makeTempDir('qar-host-sec-');
    const renderer = join(tmp.dir, 'renderer');
    mkdirSync(renderer);
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head></head><body>APP</body></html>');
    writeFileSync(join(tmp.dir, 'secret.txt'), 'TOP-SECRET');
    outDir = join(tmp.dir, 'out');
    mkdirSync(outDir);
    qar = join(outDir, '学校.qar');
    createWorkspace(qar, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
    host = await startHost({ rendererDir: renderer, outDir, token: 'tok' });
  });
  afterAll(async () => {
    await host.close();
    tmp.cleanup();
  });

  /** Raw request: the path goes out exactly as written (no URL normalisation on the client side). */
  function raw(method: string, path: string, body?: Buffer | string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          method,
          path,
          headers: {
            host: `127.0.0.1:${host.port}`,
            ...(body !== undefined ? { 'content-type': 'application/json', 'x-qar-token': 'tok' } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
  const api = async (method: string, input: unknown) =>
    JSON.parse((await raw('POST', `/api/${method}`, JSON.stringify(input))).text);

  it('static paths cannot leave the renderer folder (.., %2e%2e, encoded slashes, NUL)', async () => {
    for (const p of [
      '/../secret.txt',
      '/../../../../etc/passwd',
      '/%2e%2e/secret.txt',
      '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/..%2fsecret.txt',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e%2fsecret.txt',
      '/..\\secret.txt',
      '/%2e%2e%5csecret.txt',
    ]) {
      const r = await raw('GET', p);
      expect(r.text, p).not.toMatch(/TOP-SECRET|root:/);
      expect([200, 403], p).toContain(r.status);
      if (r.status === 200) expect(r.text, p).toContain('APP');
    }
    // NUL and broken escapes are refused like any path that leaves the folder (core/host/static-files.ts)
    expect((await raw('GET', '/index.html%00.txt')).status).toBe(403);
    expect((await raw('GET', '/%00')).status).toBe(403);
    expect((await raw('GET', '/%E0%A4%A')).status).toBe(403);
  });

  it('a write outside the output folder is refused and no file appears', async () => {
    expect((await api('workspace.open', { path: qar })).ok).toBe(true);
    const outside = join(tmp.dir, 'evil.json');
    for (const path of [outside, `${outDir}/../evil.json`, join(outDir, '..', 'evil.json')]) {
      const r = await api('export.json', { path });
      expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: REFUSED_OUTSIDE_ROOTS } });
    }
    expect(await api('xlsx.export', { path: join(tmp.dir, 'evil.xlsx') })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(await api('workspace.open', { path: join(tmp.dir, 'secret.txt'), readonly: true })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(readdirSync(tmp.dir).sort()).toEqual(['out', 'renderer', 'secret.txt']);
    // inside the output folder the same export works
    const inside = join(outDir, '导出.json');
    expect(await api('export.json', { path: inside })).toMatchObject({ ok: true, data: { path: inside } });
  });

  it("the save stand-in keeps the page's suggested name inside the output folder", async () => {
    const r = await api('dialog.pickSave', { purpose: 'json', defaultName: '../../../etc/evil.json' });
    expect(r.ok).toBe(true);
    expect(r.data.path.startsWith(`${outDir}/`)).toBe(true);
    expect(r.data.path.slice(outDir.length + 1)).not.toMatch(/[\\/]/);
  });

  it('refuses an oversized body with a Chinese 413 and keeps serving', async () => {
    const big = Buffer.alloc(81 * 1024 * 1024, 0x41);
    const r = await raw('POST', '/api/assets.add', big);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text)).toEqual({ ok: false, error: { code: 'TOO_LARGE', message: TOO_LARGE_MESSAGE } });
    expect(TOO_LARGE_MESSAGE).toMatch(/80 MB/);
    expect((await api('app.info', {})).ok).toBe(true);
  });
});
