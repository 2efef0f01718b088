/**
 * Defect 2 (#14): the .qar alone is complete after every save — copying only the file (no -wal/-journal) right
 * after 200 value edits and a paragraph edit gives a file with all of them and the change log. The journal
 * decision (rollback journal + synchronous=FULL) is explained and measured in docs/architecture.md and
 * scripts/bench/journal.ts.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openWorkspace } from '../core/service';
import { makeTempDir } from './helpers/files';
import { buildFixtureWorkspace } from './helpers/workspace';

const tmp = makeTempDir();
afterAll(() => tmp.cleanup());

describe('the .qar alone is complete after every save (defect 2)', () => {
  it('copying only the .qar of an open workspace after 200 value edits and a paragraph edit loses nothing', async () => {
    const p = join(tmp.dir, '在用.qar');
    const s = await buildFixtureWorkspace(p);
    const logBefore = s.history({}).length;
    for (let i = 0; i < 200; i++) {
      s.setValues([{ year: 2024, indicatorId: `edit_${String(i).padStart(3, '0')}`, value: i * 1.5 }], 'manual');
    }
    const para = s.getWorkspace().blocks.find((b) => b.content.kind === 'paragraph')!;
    s.updateBlock(para.id, { kind: 'paragraph', lead: '改写后的段首句。', text: '改写后的正文'.repeat(300) });
    // what a user does: copy the file while the program is still open; no side file is there to forget
    expect(existsSync(`${p}-wal`)).toBe(false);
    const copy = join(tmp.dir, '拷走的.qar');
    copyFileSync(p, copy);

    const c = await openWorkspace(copy, { readonly: true });
    const values = c.store.getValues(2024).filter((v) => v.indicatorId.startsWith('edit_'));
    expect(values).toHaveLength(200);
    expect(values[199]).toMatchObject({ indicatorId: 'edit_199', value: 199 * 1.5 });
    expect(c.history({}).length).toBe(logBefore + 200);
    const b = c.store.getBlock(para.id).content;
    expect(b).toMatchObject({ lead: '改写后的段首句。' });
    c.close();
    s.close();
  });

  it('while open, the file uses the rollback journal with synchronous=FULL, and nothing is left beside it after', async () => {
    const p = join(tmp.dir, '模式.qar');
    const s = await buildFixtureWorkspace(p);
    expect(s.store.opened.db.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(s.store.opened.db.pragma('synchronous', { simple: true })).toBe(2);
    s.close();
    for (const side of ['-wal', '-shm', '-journal', '.lock']) expect(existsSync(`${p}${side}`)).toBe(false);
  });
});
