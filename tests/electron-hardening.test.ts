/**
 * #14.10: the packaged app's fuses (read from electron-builder.yml, as electron-builder reads it), the app://
 * protocol that serves the renderer instead of file:// (path confinement, CSP on every response), and DevTools
 * off in production. 'electron' is mocked: the binary is not available here.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ protocol: { handle: vi.fn(), registerSchemesAsPrivileged: vi.fn() } }));

import { APP_CSP } from '../core/host/security';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  appRequestPath,
  handleAppRequest,
  registerAppProtocol,
} from '../electron/protocol';
import { secureWebPreferences } from '../electron/security';
import { REPO_ROOT } from './helpers/cli';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-protocol-');
const renderer = join(tmp.dir, 'out', 'renderer');
beforeAll(() => {
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>质量年报工作台</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmp.dir, 'out', 'secret.txt'), 'secret');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
});
afterAll(() => tmp.cleanup());

const get = (url: string, method = 'GET') => handleAppRequest({ url, method }, renderer, APP_CSP);

describe('packaged build fuses (electron-builder.yml)', () => {
  const config = yaml.load(readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as {
    electronFuses?: Record<string, boolean>;
    asar?: boolean;
  };

  it('turns off run-as-node, NODE_OPTIONS and --inspect; app only from an integrity-checked asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
    });
    expect(config.asar).toBe(true);
  });

  it('names only fuses electron-builder 26 knows (a typo would be silently ignored)', () => {
    const known = readFileSync(join(REPO_ROOT, 'node_modules/app-builder-lib/out/configuration.d.ts'), 'utf8');
    const fuses = known.slice(known.indexOf('export interface FuseOptionsV1'));
    for (const k of Object.keys(config.electronFuses ?? {})) expect(fuses).toMatch(new RegExp(`\\b${k}\\?: boolean`));
  });
});

describe('app:// protocol', () => {
  it('is a standard, secure scheme without service workers', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true, allowServiceWorkers: false, bypassCSP: false },
    });
    expect(APP_ENTRY_URL).toBe('app://qar/index.html');
  });

  it('serves the renderer files with their type and the CSP header', async () => {
    const index = await get(APP_ENTRY_URL);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await index.text()).toContain('质量年报工作台');
    const js = await get('app://qar/assets/app.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('app://qar/')).status).toBe(200);
  });

  it.each([
    'app://qar/../secret.txt',
    'app://qar/..%2Fsecret.txt',
    'app://qar/%2e%2e/secret.txt',
    'app://qar/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://qar/assets/..%5C..%5Csecret.txt',
    'app://qar/assets%00/app.js',
    'app://qar/nope.js',
    'app://other/index.html',
    'app://user:pw@qar/index.html',
    'file:///etc/passwd',
    'not a url',
  ])('refuses %s with 404 and never reads outside the folder', async (url) => {
    const r = await get(url);
    expect(r.status).toBe(404);
    expect(r.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await r.text()).not.toContain('secret');
  });

  it('maps paths only inside the renderer folder', () => {
    expect(appRequestPath('app://qar/assets/app.js', renderer)).toBe(join(renderer, 'assets', 'app.js'));
    expect(appRequestPath('app://qar/../../secret.txt', renderer)).toBe(join(renderer, 'secret.txt'));
    expect(appRequestPath('app://qar/%2e%2e/secret.txt', renderer)).toBe(join(renderer, 'secret.txt'));
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405);
    const head = await get(APP_ENTRY_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('registerAppProtocol wires the handler on the app scheme', async () => {
    const handle = vi.fn();
    registerAppProtocol({ handle }, renderer, APP_CSP);
    expect(handle).toHaveBeenCalledWith('app', expect.any(Function));
    const fn = handle.mock.calls[0]?.[1] as (r: { url: string; method: string }) => Promise<Response>;
    expect((await fn({ url: APP_ENTRY_URL, method: 'GET' })).status).toBe(200);
  });

  it('main.ts loads app://, never file://, and registers the scheme before ready', () => {
    const main = readFileSync(join(REPO_ROOT, 'electron', 'main.ts'), 'utf8');
    expect(main).not.toMatch(/loadFile\(/);
    expect(main).toMatch(/loadURL\(APP_ENTRY_URL\)/);
    expect(main.indexOf('registerSchemesAsPrivileged')).toBeLessThan(main.indexOf('app.whenReady()'));
    expect(main).toMatch(/devTools: !app\.isPackaged/);
  });
});

describe('DevTools', () => {
  it('are off in a production build and on only for a developer build', () => {
    expect(secureWebPreferences('/p.cjs', { devTools: false }).devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', { devTools: true }).devTools).toBe(true);
  });
});
