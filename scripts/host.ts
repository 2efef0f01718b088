/**
 * The browser host for end-to-end tests and for trying the UI without Electron:
 *
 *   npm run -s host -- [--workspace FILE.qar [--readonly]] [--demo] [--port N] [--out-dir DIR] [--renderer DIR]
 *
 * Serves the built renderer (default out/renderer; build with `npm run build`) and the API on 127.0.0.1 only.
 * Port: --port, else $QAR_HOST_PORT, else any free port. Prints one line when ready:
 *   QAR_HOST_READY {"url":"http://127.0.0.1:PORT/","port":PORT,"token":"…"}
 * Stops on SIGINT/SIGTERM, closing the workspace cleanly.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dispatch } from '../core/api/dispatch';
import { startHost } from '../core/host/http-host';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      options: {
        workspace: { type: 'string' },
        readonly: { type: 'boolean', default: false },
        demo: { type: 'boolean', default: false },
        port: { type: 'string' },
        'out-dir': { type: 'string' },
        renderer: { type: 'string', default: 'out/renderer' },
      },
      strict: true,
      allowPositionals: false,
    });
  try {
    args = parse();
  } catch (e) {
    fail(
      `参数错误：${e instanceof Error ? e.message : String(e)}。用法：npm run -s host -- [--workspace 文件.qar] [--demo] [--port 端口] [--out-dir 文件夹]`,
    );
  }
  const v = args.values;
  const portText = v.port ?? process.env.QAR_HOST_PORT ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`端口「${portText}」无效，请填写 0–65535 的整数。`);
  const outDir = v['out-dir'] ? resolve(v['out-dir']) : mkdtempSync(join(tmpdir(), 'qar-host-'));
  let version = '0.0.0';
  try {
    version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // run from another folder: the version only shows in 关于
  }

  const workspace = v.workspace ? resolve(v.workspace) : undefined;
  // the page may use the output folder and the workspace named here, nothing else (core/api/path-policy.ts)
  const host = await startHost({
    rendererDir: resolve(v.renderer ?? 'out/renderer'),
    outDir,
    port,
    version,
    ...(workspace ? { allow: [workspace] } : {}),
  });
  if (workspace) {
    const r = await dispatch(host.handlers, 'workspace.open', { path: workspace, readonly: v.readonly });
    if (!r.ok) {
      await host.close();
      fail(r.error.message);
    }
  } else if (v.demo) {
    const r = await dispatch(host.handlers, 'workspace.openDemo', { dir: outDir });
    if (!r.ok) {
      await host.close();
      fail(r.error.message);
    }
  }
  console.log(`QAR_HOST_READY ${JSON.stringify({ url: host.url, port: host.port, token: host.token, outDir })}`);
  const stop = () => {
    host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
