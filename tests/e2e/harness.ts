/**
 * End-to-end harness: builds the renderer when its sources are newer than out/renderer, starts the browser host
 * (scripts/host.ts) on 127.0.0.1 with a temp output folder, and launches Debian's Chromium through
 * playwright-core with a fresh profile. Never downloads a browser. Also used by scripts/bench/ui.ts.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS as CORE_CHROMIUM_ARGS } from '../../core/pdf/chromium';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_OUT = join(ROOT, 'out/renderer');
export const SCREENSHOTS = join(ROOT, 'artifacts/screenshots');
export const CHROMIUM = process.env.QAR_CHROMIUM ?? '/usr/bin/chromium';

/** The same flags the app's own Chromium print uses (core/pdf/chromium.ts). */
export const CHROMIUM_ARGS = [...CORE_CHROMIUM_ARGS];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** vite build of renderer/ into out/renderer, unless the build is newer than every source it depends on. */
export function buildRendererIfNeeded(): void {
  const index = join(RENDERER_OUT, 'index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'core')));
  if (existsSync(index) && statSync(index).mtimeMs > sources && !process.env.QAR_E2E_REBUILD) return;
  execFileSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '-c', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

export interface Host {
  url: string;
  outDir: string;
  stop(): Promise<void>;
}

/** Starts scripts/host.ts and resolves once it prints QAR_HOST_READY. */
export async function startHost(
  opts: { outDir?: string; args?: string[]; env?: Record<string, string> } = {},
): Promise<Host> {
  const outDir = opts.outDir ?? mkdtempSync(join(tmpdir(), 'qar-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      'scripts/host.ts',
      '--port',
      '0',
      '--out-dir',
      outDir,
      ...(opts.args ?? []),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } },
  );
  let log = '';
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`host did not start in 60 s:\n${log}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /QAR_HOST_READY (\{.*\})/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        ok((JSON.parse(m[1]) as { url: string }).url);
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`host exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    outDir,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** console errors and page errors seen so far (CSP violations land here) */
  errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1440, height: 900 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'qar-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
    locale: 'zh-CN',
    acceptDownloads: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The start page's 打开示例学校: the demo school opened, its grid showing. */
export async function openDemo(page: Page, host: Host): Promise<void> {
  await page.goto(host.url);
  await page.getByRole('button', { name: '打开示例学校' }).click();
  await page.getByTestId('grid').waitFor();
}

/** A booted app: the browser host, Chromium and its page; close() stops both. */
export interface DemoApp {
  host: Host;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export interface BootOptions {
  /**
   * true (default): the host opens the demo school as it starts (`--demo`, the same 'workspace.openDemo' call as
   * the start page's 打开示例学校, into the same output folder) and the page shows its grid. false: the page is
   * left blank, for a file that goes to the start page, or opens the demo there (openDemo), in a test of its own.
   */
  open?: boolean;
  /** the host's own arguments and environment (--workspace FILE, QAR_SOFFICE …); with them, `open` must be false */
  host?: { args?: string[]; env?: Record<string, string> };
  viewport?: { width: number; height: number };
  /** runs before anything loads (a dialog handler) */
  onPage?: (page: Page) => void;
}

/**
 * How an app e2e file starts (in its beforeAll): the renderer built if its sources changed, then the browser host
 * on a temp output folder and Chromium with a fresh profile, started side by side (each takes seconds on a
 * loaded machine, and neither needs the other until the page loads). If a step fails, what was started is
 * stopped before the error is thrown.
 */
export async function bootDemo(opts: BootOptions = {}): Promise<DemoApp> {
  const open = opts.open !== false;
  if (open && opts.host) throw new Error('bootDemo: a host with its own arguments is booted with open: false');
  buildRendererIfNeeded();
  const [h, b] = await Promise.allSettled([
    startHost(open ? { args: ['--demo'] } : (opts.host ?? {})),
    launchBrowser(opts.viewport),
  ]);
  const host = h.status === 'fulfilled' ? h.value : undefined;
  const browser = b.status === 'fulfilled' ? b.value : undefined;
  try {
    if (!host || !browser) throw h.status === 'rejected' ? h.reason : (b as PromiseRejectedResult).reason;
    opts.onPage?.(browser.page);
    if (open) {
      await browser.page.goto(host.url);
      await browser.page.getByTestId('grid').waitFor();
    }
  } catch (e) {
    await browser?.close();
    await host?.stop();
    throw e;
  }
  return {
    host,
    browser,
    page: browser.page,
    close: async () => {
      await browser.close();
      await host.stop();
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}

/** Both screen sizes the project checks: 1440×900, then 1093×614 (the page is left at 1440×900). */
export async function screenshotBothSizes(page: Page, name: string): Promise<void> {
  await screenshot(page, `${name}-1440`);
  await page.setViewportSize({ width: 1093, height: 614 });
  await screenshot(page, `${name}-1093`);
  await page.setViewportSize({ width: 1440, height: 900 });
}

/**
 * 立即重试 once the host is reachable again. The backoff may save the waiting work first: the button then goes
 * (the status turns 已保存), at once or in the middle of the click, and there is nothing left to retry — a click on a
 * button that is gone is not a failure. A button still there that cannot be clicked is. The caller waits for
 * 已保存 either way, which is what it checks.
 */
export async function retryNowIfStillWaiting(page: Page): Promise<void> {
  const button = page.getByTestId('retry-now');
  try {
    await button.click({ timeout: 10_000 });
  } catch (e) {
    if ((await button.count()) > 0) throw e;
  }
}
