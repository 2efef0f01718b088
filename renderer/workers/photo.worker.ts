/**
 * Reads a photo off the page's thread (store/photos.ts starts it). Handing a 10 MB file to the workspace from the page
 * blocked it for about a second (the base64 text built in script, then fetch() copying a 14 MB string body on the
 * page's thread), so the file is read here, with progress, and — in the browser host — sent here too. In the desktop
 * app the API bridge lives on the page (preload), so the text goes back to the page for that one call.
 * The picture itself (decode, upright, metadata, downscale) is still made in one place: core/images.ts.
 */
import type { ApiResponse } from '../../core/api';
import { createHttpBridge } from '../api/client';

export type PhotoWorkerIn = { file: File; token: string | null };
export type PhotoWorkerOut =
  | { type: 'progress'; fraction: number }
  | { type: 'read'; base64: string }
  | { type: 'sending' }
  | { type: 'done'; response: ApiResponse<'assets.add'> }
  | { type: 'failed'; message: string };

const ctx = self as unknown as {
  postMessage(m: PhotoWorkerOut): void;
  onmessage: ((e: MessageEvent<PhotoWorkerIn>) => void) | null;
};

function read(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) ctx.postMessage({ type: 'progress', fraction: e.loaded / e.total });
    };
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

ctx.onmessage = async (e) => {
  const { file, token } = e.data;
  try {
    const base64 = await read(file);
    if (token === null) return ctx.postMessage({ type: 'read', base64 });
    ctx.postMessage({ type: 'sending' });
    const response = await createHttpBridge({ token }).invoke('assets.add', {
      fileName: file.name,
      dataBase64: base64,
    });
    ctx.postMessage({ type: 'done', response });
  } catch {
    ctx.postMessage({ type: 'failed', message: `“${file.name}”无法读取，请换一张图片` });
  }
};
