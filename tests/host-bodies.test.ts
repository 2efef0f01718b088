/**
 * #14.6 for the browser host: request bodies are capped one by one (413) and all together (503 with a Chinese
 * message): five parallel 79 MB bodies used to be buffered at once. Scaled down here (1 MB bodies, 2.5 MB budget).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { type ClientRequest, request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUSY_MESSAGE,
  MAX_BODY_BYTES,
  MAX_BODY_BYTES_IN_FLIGHT,
  type RunningHost,
  startHost,
} from '../core/host/http-host';
import { makeTempDir } from './helpers/files';

const MB = 1024 * 1024;
const PART = Math.round(0.9 * MB);
let tmp: ReturnType<typeof makeTempDir>;
let host: RunningHost;

beforeAll(async () => {
  tmp = makeTempDir('qar-host-bodies-');
  const renderer = join(tmp.dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  mkdirSync(join(tmp.dir, 'out'));
  host = await startHost({
    rendererDir: renderer,
    outDir: join(tmp.dir, 'out'),
    token: 't0ken',
    maxBodyBytes: MB,
    maxInFlightBytes: 2.5 * MB,
  });
});
afterAll(async () => {
  await host.close();
  tmp.cleanup();
});

interface Reply {
  status: number;
  text: string;
}

/** A POST whose body is sent later (`finish`), so several can be in flight at once. */
function open(length: number, chunked = false): { req: ClientRequest; reply: Promise<Reply>; finish: () => void } {
  let req!: ClientRequest;
  const reply = new Promise<Reply>((resolve, reject) => {
    req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path: '/api/app.info',
        headers: {
          host: `127.0.0.1:${host.port}`,
          'content-type': 'application/json',
          'x-qar-token': 't0ken',
          ...(chunked ? {} : { 'content-length': String(length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    // the server closes a refused upload early; a destroyed request errors by design
    req.on('error', (e: Error & { code?: string }) =>
      ['EPIPE', 'ECONNRESET'].includes(e.code ?? '') || req.destroyed ? undefined : reject(e),
    );
  });
  const body = `{"pad":"${'x'.repeat(Math.max(0, length - 10))}"}`.slice(0, length);
  req.write(body.slice(0, 10));
  req.flushHeaders();
  return { req, reply, finish: () => req.end(body.slice(10)) };
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe('request bodies in the browser host', () => {
  it('the real limits: 80 MB each, two at a time', () => {
    expect(MAX_BODY_BYTES).toBe(80 * MB);
    expect(MAX_BODY_BYTES_IN_FLIGHT).toBe(160 * MB);
  });

  it('a body declared over the limit gets 413 before it is read', async () => {
    const r = open(2 * MB);
    const reply = await r.reply;
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.text).error.message).toMatch(/请求内容过大/);
    r.req.destroy();
    await until(() => host.inFlightBytes() === 0);
  });

  it('bodies beyond the in-flight budget get 503 in Chinese; the budget frees when a body completes', async () => {
    const a = open(PART);
    const b = open(PART);
    await until(() => host.inFlightBytes() >= 2 * PART);
    const c = open(PART);
    const busy = await c.reply;
    expect(busy.status).toBe(503);
    expect(JSON.parse(busy.text).error.message).toBe(BUSY_MESSAGE);
    expect(host.inFlightBytes()).toBeLessThanOrEqual(2.5 * MB);
    a.finish();
    b.finish();
    expect((await a.reply).status).toBe(200);
    expect((await b.reply).status).toBe(200);
    await until(() => host.inFlightBytes() === 0);
    const d = open(PART);
    d.finish();
    expect((await d.reply).status).toBe(200);
  });

  it('a chunked body (no Content-Length) is counted as it arrives', async () => {
    const a = open(PART);
    const b = open(PART);
    await until(() => host.inFlightBytes() >= 2 * PART);
    const c = open(PART, true);
    c.finish();
    expect((await c.reply).status).toBe(503);
    a.finish();
    b.finish();
    await Promise.all([a.reply, b.reply]);
    await until(() => host.inFlightBytes() === 0);
  });

  it('a client that gives up mid-body frees its share', async () => {
    const a = open(PART);
    await until(() => host.inFlightBytes() >= PART);
    a.req.destroy();
    await until(() => host.inFlightBytes() === 0);
  });
});
