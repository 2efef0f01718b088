/**
 * electron/pdf-print.ts with a stand-in BrowserWindow (the Electron binary is not available here): it loads the
 * print route, waits for the paged preview to say done, prints, writes the file atomically and closes the window;
 * a failed preview leaves no file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { printReportPdfInElectron } from '../electron/pdf-print';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-electron-pdf-');
afterAll(() => tmp.cleanup());

function fakeWindow(states: string[]) {
  const log: string[] = [];
  class FakeWindow {
    webContents = {
      executeJavaScript: async () => states.shift() ?? 'done',
      printToPDF: async (o: { preferCSSPageSize?: boolean }) => {
        log.push(`print css=${o.preferCSSPageSize}`);
        return Buffer.from('%PDF-1.7 fake');
      },
    };
    destroy() {
      log.push('destroy');
    }
  }
  return { FakeWindow, log };
}

describe('printReportPdfInElectron', () => {
  it('prints the #print route once the preview is done, and names the engine', async () => {
    const { FakeWindow, log } = fakeWindow(['measuring', 'measuring', 'done']);
    const out = join(tmp.dir, '报告.pdf');
    const hashes: string[] = [];
    const r = await printReportPdfInElectron(
      { workspacePath: '/x.qar', outPath: out, year: 2024, format: 'pdf' },
      () => {},
      {
        BrowserWindow: FakeWindow as never,
        webPreferences: { sandbox: true, contextIsolation: true },
        load: async (_w, hash) => {
          hashes.push(hash);
        },
      },
    );
    expect(hashes).toEqual(['print?year=2024']);
    expect(log).toEqual(['print css=true', 'destroy']);
    expect(readFileSync(out, 'utf8')).toBe('%PDF-1.7 fake');
    expect(r).toMatchObject({ engine: 'electron', note: 'PDF 由本程序打印分页预览' });
  });

  it('refuses in Chinese when the preview fails, leaving no file and no window', async () => {
    const { FakeWindow, log } = fakeWindow(['measuring', 'error']);
    const out = join(tmp.dir, '失败.pdf');
    await expect(
      printReportPdfInElectron({ workspacePath: '/x.qar', outPath: out, format: 'pdf' }, () => {}, {
        BrowserWindow: FakeWindow as never,
        webPreferences: {},
        load: async () => {},
      }),
    ).rejects.toThrow(/分页预览没有完成/);
    expect(existsSync(out)).toBe(false);
    expect(log).toEqual(['destroy']);
  });
});
