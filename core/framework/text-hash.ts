/** The sha256 of a framework file's text (its UTF-8 bytes): how stored and shipped framework files are keyed. */
import { createHash } from 'node:crypto';

export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
