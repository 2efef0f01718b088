/**
 * Adding a photo without freezing the window. The file is read in a Web Worker (workers/photo.worker.ts), with
 * progress, and in the browser host also sent from there: on the page, a base64 loop and fetch() with a 14 MB body
 * blocked the window for about a second per photo. The decoding, turning upright, stripping of metadata and
 * downscaling happen on the workspace's side (core/images.ts prepareImage with sharp: the Electron main process or
 * the browser host, never the page). Each photo in flight is a job with its phase and a 取消: cancelled while
 * reading, the worker stops; cancelled once sent, the stored picture is deleted again when it arrives, so nothing
 * is left behind.
 */
import { create } from 'zustand';
import type { AssetMeta } from '../../core/model';
import { api, hostToken } from '../api/client';
import type { PhotoWorkerIn, PhotoWorkerOut } from '../workers/photo.worker';
import { useApp } from './app';
import { backend } from './backend';

export type PhotoResult = { assetId: string } | { error: string } | { cancelled: true };

export interface PhotoJob {
  id: number;
  name: string;
  phase: 'read' | 'process';
  /** 0–1 of the reading */
  fraction: number;
  cancel(): void;
}

export const usePhotoJobs = create<{ jobs: PhotoJob[] }>(() => ({ jobs: [] }));

let jobIds = 0;

function update(id: number, patch: Partial<PhotoJob>): void {
  usePhotoJobs.setState((s) => ({ jobs: s.jobs.map((j) => (j.id === id ? { ...j, ...patch } : j)) }));
}

function remove(id: number): void {
  usePhotoJobs.setState((s) => ({ jobs: s.jobs.filter((j) => j.id !== id) }));
}

type Outcome = { meta: AssetMeta } | { error: string } | { cancelled: true };

/**
 * Reads (and in the browser host sends) the file in a Web Worker; the page only relays messages. Cancelled while
 * reading, the worker is stopped (nothing reached the workspace); once sent, the answer is awaited and undone.
 */
function runWorker(
  file: File,
  id: number,
  cancelled: () => boolean,
  onTerminate: (stop: () => void) => void,
): Promise<Outcome> {
  const native = api.transport === 'electron';
  const worker = new Worker(new URL('../workers/photo.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Outcome>((resolve) => {
    let sent = false;
    const finish = (o: Outcome) => {
      worker.terminate();
      resolve(o);
    };
    onTerminate(() => {
      if (!sent) finish({ cancelled: true }); // still reading: nothing reached the workspace
    });
    worker.onerror = () => finish({ error: `“${file.name}”无法读取，请换一张图片` });
    worker.onmessage = async (e: MessageEvent<PhotoWorkerOut>) => {
      const m = e.data;
      if (m.type === 'progress') update(id, { fraction: m.fraction });
      else if (m.type === 'sending') {
        sent = true;
        update(id, { phase: 'process', fraction: 1 });
        performance.mark('qar-photo-send');
      } else if (m.type === 'read') {
        // the desktop app: the bridge to the main process is on the page
        sent = true;
        worker.terminate();
        if (cancelled()) return resolve({ cancelled: true });
        update(id, { phase: 'process', fraction: 1 });
        performance.mark('qar-photo-send');
        try {
          resolve({ meta: await backend.addAsset(file.name, m.base64) });
        } catch (err) {
          resolve({ error: err instanceof Error && err.message ? err.message : '图片无法读取，请换一张图片' });
        }
      } else if (m.type === 'done') {
        finish(m.response.ok ? { meta: m.response.data } : { error: m.response.error.message });
      } else finish({ error: m.message });
    };
    const msg: PhotoWorkerIn = { file, token: native ? null : hostToken(document) };
    worker.postMessage(msg);
  });
}

/** Reads a picked or dropped image and stores it; the Chinese error of a bad or huge image, or cancelled. */
export async function addImageFile(file: File): Promise<PhotoResult> {
  if (!/^image\/(jpeg|png)$/.test(file.type) && !/\.(jpe?g|png)$/i.test(file.name)) {
    return { error: `“${file.name}”不是 JPG 或 PNG 图片，请选择照片文件` };
  }
  if (file.size > 50 * 1024 * 1024) {
    return { error: `“${file.name}”太大（${(file.size / 1024 / 1024).toFixed(0)} MB），请选择 50 MB 以内的图片` };
  }
  const id = ++jobIds;
  let cancelled = false;
  let stop = () => {};
  const cancel = () => {
    cancelled = true;
    stop();
    remove(id);
    useApp.getState().notify('info', `已取消添加图片“${file.name}”`);
  };
  usePhotoJobs.setState((s) => ({ jobs: [...s.jobs, { id, name: file.name, phase: 'read', fraction: 0, cancel }] }));
  try {
    // marks for the e2e test and the bench: which phase a long task fell into
    performance.mark('qar-photo-read');
    const out = await runWorker(
      file,
      id,
      () => cancelled,
      (fn) => {
        stop = fn;
      },
    );
    performance.mark('qar-photo-stored');
    if ('error' in out) return cancelled ? { cancelled: true } : out;
    if ('cancelled' in out) return out;
    if (cancelled) {
      // the workspace finished after 取消: take the picture out again (it is in no block yet)
      await backend.deleteAsset(out.meta.id).catch(() => {});
      return { cancelled: true };
    }
    const meta = out.meta;
    useApp
      .getState()
      .patchWorkspace((s) => ({ ...s, workspace: { ...s.workspace, assets: [...s.workspace.assets, meta] } }));
    return { assetId: meta.id };
  } finally {
    remove(id);
  }
}
