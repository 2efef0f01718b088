/**
 * store/unsent.ts: a dialog's unsaved text per place survives the page (localStorage, as a reload keeps it), an
 * emptied box or a saved text keeps nothing, and a storage that refuses writes still keeps the text for the page.
 * The dialogs themselves: tests/e2e/ui-audit.test.ts (不适用) and review.test.ts (审核意见).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

/** a Storage over a Map; `full` makes every write throw as a full quota does */
function fakeStorage(full = false): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => {
      if (full) throw new DOMException('quota', 'QuotaExceededError');
      m.set(k, v);
    },
  };
}

/** the module as a freshly loaded page sees it */
const load = async () => {
  vi.resetModules();
  return import('../renderer/store/unsent');
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('unsaved dialog text (store/unsent.ts)', () => {
  it('is kept per place across a reload until it is saved or emptied', async () => {
    vi.stubGlobal('localStorage', fakeStorage());
    let u = await load();
    const here = u.unsentKey('na', '/学校/2024.qar', 'grad_local_rate', 2024);
    const there = u.unsentKey('na', '/学校/2024.qar', 'grad_local_rate', 2023);
    u.keepUnsent(here, '本校2024届毕业生均为定向培养');
    expect(u.unsentText(there)).toBeUndefined();
    u = await load(); // the page reloaded
    expect(u.unsentText(here)).toBe('本校2024届毕业生均为定向培养');
    u.keepUnsent(here, '');
    u = await load();
    expect(u.unsentText(here)).toBeUndefined();
    u.keepUnsent(here, '定向培养');
    u.dropUnsent(here); // saved
    u = await load();
    expect(u.unsentText(here)).toBeUndefined();
  });

  /** a workspace file as the dialogs see it: its path and the ids of its outline chapters (its identity) */
  const file = (path: string, ...chapterIds: string[]) => ({
    path,
    workspace: { chapters: chapterIds.map((id) => ({ id, key: `k${id}` })) },
  });

  it("another school's file saved later at the same path does not see this file's text", async () => {
    vi.stubGlobal('localStorage', fakeStorage());
    let u = await load();
    const a = file('/学校/2024.qar', 'a1', 'a2', 'a3');
    const b = file('/学校/2024.qar', 'b1', 'b2', 'b3');
    u.keepUnsent(u.workspaceUnsentKey('na', a, 'grad_local_rate', 2024), '本校2024届毕业生均为定向培养');
    u = await load();
    expect(u.unsentText(u.workspaceUnsentKey('na', b, 'grad_local_rate', 2024))).toBeUndefined();
    u.keepUnsent(u.workspaceUnsentKey('na', b, 'grad_local_rate', 2024), '乙校的原因');
    u = await load();
    // the first file at that path again: its own text, not the other one's
    expect(u.unsentText(u.workspaceUnsentKey('na', a, 'grad_local_rate', 2024))).toBe('本校2024届毕业生均为定向培养');
    expect(u.unsentText(u.workspaceUnsentKey('na', b, 'grad_local_rate', 2024))).toBe('乙校的原因');
  });

  it('text typed before keys named the file is not lost: the file at that path takes it, and only that one', async () => {
    const store = fakeStorage();
    vi.stubGlobal('localStorage', store);
    // as the previous version kept it: by path only
    store.setItem(
      `qar:unsent:v1:${JSON.stringify(['na', '/学校/2024.qar', 'grad_local_rate', 2024])}`,
      '旧版本里输入的原因',
    );
    let u = await load();
    const a = file('/学校/2024.qar', 'a1', 'a2', 'a3');
    const b = file('/学校/2024.qar', 'b1', 'b2', 'b3');
    expect(u.unsentText(u.workspaceUnsentKey('na', a, 'grad_local_rate', 2024))).toBe('旧版本里输入的原因');
    u = await load();
    expect(u.unsentText(u.workspaceUnsentKey('na', a, 'grad_local_rate', 2024))).toBe('旧版本里输入的原因');
    expect(u.unsentText(u.workspaceUnsentKey('na', b, 'grad_local_rate', 2024))).toBeUndefined();
    // another cell of the same file: nothing
    expect(u.unsentText(u.workspaceUnsentKey('na', a, 'grad_local_rate', 2023))).toBeUndefined();
  });

  it('a storage that refuses writes still keeps the text while the page is open', async () => {
    vi.stubGlobal('localStorage', fakeStorage(true));
    const u = await load();
    const k = u.unsentKey('review', 'B001', {
      type: 'cell',
      tableId: 'resources',
      indicatorId: 'counselors',
      year: 2024,
    });
    u.keepUnsent(k, '专职辅导员仅 2 人');
    expect(u.unsentText(k)).toBe('专职辅导员仅 2 人');
  });
});
