/**
 * Serving the built renderer (out/renderer) to a page: one confinement rule for both doors, the browser host's
 * HTTP server and the desktop app's app:// protocol. A URL path maps to a file inside the folder or to nothing:
 * `..`, encoded `..` or slashes, backslashes and NUL never leave it.
 */
import { extname, join, resolve, sep } from 'node:path';

export const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.ico': 'image/x-icon',
};

export function mimeOf(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The absolute file inside `rootDir` that a URL path names ('/' is index.html), or null when the path is not
 * well-formed or would leave the folder. `rootDir` must be absolute. Existence is not checked here.
 */
export function resolveStaticPath(rootDir: string, urlPath: string): string | null {
  const root = resolve(rootDir);
  // encoded separators and dots-with-escapes are never part of our own asset names
  if (/%(2f|5c|00)/i.test(urlPath)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  const file = resolve(join(root, rel === '/' || rel === '' ? 'index.html' : rel));
  if (file === root || !file.startsWith(root + sep)) return null;
  return file;
}
