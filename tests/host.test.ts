/**
 * The browser host: 127.0.0.1 only, serves the renderer with the token and CSP, the API with the same envelopes,
 * refuses other hosts/origins/tokens and bad JSON, streams events, and keeps static paths inside the folder.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../core/host/http-host';
import { APP_CSP } from '../core/host/security';
import { createWorkspace } from '../core/workspace-io';
import { makeTempDir } from './helpers/files';
import { FIXTURE_FRAMEWORK, FIXTURE_PROFILE } from './helpers/workspace';

let tmp: ReturnType<typeof makeTempDir>;
let host: RunningHost;
let qar: string;

beforeAll(async () => {
  tmp = makeTempDir('qar-host-');
  const renderer = join(tmp.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(
    join(renderer, 'index.html'),
    '<!doctype html><html><head><title>质量年报工作台</title></head><body></body></html>',
  );
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
  qar = join(tmp.dir, '学校.qar');
  createWorkspace(qar, { profile: FIXTURE_PROFILE, framework: FIXTURE_FRAMEWORK });
  mkdirSync(join(tmp.dir, 'out'));
  host = await startHost({
    rendererDir: renderer,
    outDir: join(tmp.dir, 'out'),
    token: 't0ken',
    version: '1.2.3',
    allow: [qar],
  });
});
afterAll(async () => {
  await host.close();
  tmp.cleanup();
});

/** Raw request so the Host and Origin headers can be set freely (fetch forbids them). */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method, path, headers: { host: `127.0.0.1:${host.port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const api = (method: string, input: unknown, headers: Record<string, string> = {}) =>
  raw(
    'POST',
    `/api/${method}`,
    { 'content-type': 'application/json', 'x-qar-token': 't0ken', ...headers },
    JSON.stringify(input),
  );

describe('browser host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.port).toBeGreaterThan(0);
  });

  it('serves the page with the token meta and the CSP header', async () => {
    const r = await raw('GET', '/');
    expect(r.status).toBe(200);
    expect(r.text).toContain('<meta name="qar-token" content="t0ken" />');
    expect(r.headers['content-security-policy']).toBe(APP_CSP);
    expect(r.headers['x-frame-options']).toBe('DENY');
    const js = await raw('GET', '/assets/app.js');
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('keeps static paths inside the renderer folder', async () => {
    const r = await raw('GET', '/..%2Fsecret.txt');
    expect(r.status).toBe(403);
    expect(r.text).not.toContain('secret');
  });

  it('serves the API with the same envelopes, against a real workspace', async () => {
    const info = await api('app.info', {});
    expect(info.status).toBe(200);
    expect(JSON.parse(info.text)).toMatchObject({
      ok: true,
      data: { host: 'browser', version: '1.2.3', workspace: null },
    });
    const open = JSON.parse((await api('workspace.open', { path: qar })).text);
    expect(open).toMatchObject({ ok: true, data: { schoolName: FIXTURE_PROFILE.name, readonly: false } });
    const set = JSON.parse(
      (await api('values.set', { changes: [{ year: 2024, indicatorId: 'students_total', value: 321 }], how: 'manual' }))
        .text,
    );
    expect(set.ok).toBe(true);
    const ws = JSON.parse((await api('workspace.get', {})).text);
    expect(ws.data.values).toMatchObject([{ indicatorId: 'students_total', value: 321 }]);
    const save = JSON.parse((await api('dialog.pickSave', { purpose: 'docx', defaultName: '报告.docx' })).text);
    expect(save.data.path).toBe(join(tmp.dir, 'out', '报告.docx'));
  });

  it('refuses other origins, hosts and missing tokens', async () => {
    const evil = await api('app.info', {}, { origin: 'http://evil.example' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.text)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await api('app.info', {}, { host: 'attacker.example:80' })).status).toBe(403);
    expect((await api('app.info', {}, { 'x-qar-token': 'wrong' })).status).toBe(403);
    expect((await api('app.info', {}, { origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });

  it('refuses bad JSON, non-JSON bodies, GET on methods and unknown methods', async () => {
    const bad = await raw(
      'POST',
      '/api/app.info',
      { 'content-type': 'application/json', 'x-qar-token': 't0ken' },
      '{nope',
    );
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.message).toBe('请求内容不是有效的 JSON。');
    const form = await raw('POST', '/api/app.info', { 'content-type': 'text/plain', 'x-qar-token': 't0ken' }, '{}');
    expect(form.status).toBe(415);
    expect((await raw('GET', '/api/app.info', { 'x-qar-token': 't0ken' })).status).toBe(404);
    const unknown = await api('files.delete', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error.code).toBe('UNKNOWN_METHOD');
    const invalid = JSON.parse((await api('values.history', { year: 'x' })).text);
    expect(invalid.error.code).toBe('BAD_INPUT');
  });

  it('streams events to the page over SSE (token required)', async () => {
    expect((await raw('GET', '/api/events')).status).toBe(403);
    const got = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/events?token=t0ken',
          headers: { host: `127.0.0.1:${host.port}` },
        },
        (res) => {
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString('utf8');
            if (buf.includes(': connected'))
              host.emit('job.progress', { jobId: 'j', stage: 'docx', percent: 40, message: '生成中' });
            const m = /data: (.*)\n\n/.exec(buf);
            if (m) {
              req.destroy();
              resolve(m[1]!);
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(got)).toEqual({
      event: 'job.progress',
      payload: { jobId: 'j', stage: 'docx', percent: 40, message: '生成中' },
    });
  });
});
