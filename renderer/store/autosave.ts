/**
 * Flushing typed work that is waiting for its debounce (store/outbox.ts holds it): on blur, view change, page
 * hide and before closing. While anything is queued or retried the status line says so.
 */
import { outbox } from './saves';

export function flushSave(key: string): void {
  outbox.flush(key);
}

export function flushAllSaves(): void {
  outbox.flush();
}
