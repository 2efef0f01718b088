/**
 * Saves of numbers that fail as on a full disk: the browser host's answer to values.set is what the service
 * answers when SQLite reports SQLITE_FULL (the same mapping: core/fs/disk-errors). Undo with
 * page.unroute(VALUES_SET).
 */
import type { Page, Route } from 'playwright-core';
import { expectedError } from '../../core/fs/disk-errors';

export const VALUES_SET = '**/api/values.set';

/** Routes every save of a number to the full-disk answer; returns the error (its code and Chinese message). */
export async function failSavesAsDiskFull(page: Page): Promise<{ code: string; message: string }> {
  const full = expectedError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
  if (!full) throw new Error('SQLITE_FULL is not mapped to an expected error');
  await page.route(VALUES_SET, (r: Route) =>
    r.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: full.code, message: full.message } }),
    }),
  );
  return { code: full.code, message: full.message };
}
