import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../core/api/dispatch';
import { createApiHandlers } from '../core/api-handlers';
import { QarError } from '../core/errors';
import { WorkspaceStore } from '../db/store';
import { fakeCtx } from './api-fakes';
import { runCli } from './helpers/cli';
import { fixtureForFile } from './helpers/fixture-file';

const fixture = fixtureForFile();
const damaged = (name: string, sql: string) => fixture.copy(`${name}.qar`, sql);

function expectOneChineseLine(r: { code: number; stderr: string }, ...parts: (string | RegExp)[]): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/[\u4e00-\u9fff]/);
  expect(lines[0]).not.toMatch(/at |Error|内部错误/);
  for (const p of parts) expect(lines[0]).toMatch(p);
}

describe('every row is checked, with the place named (defect 4)', () => {
  it('a profile row with report_year 1999: validate and info exit 2 with one line naming profile/report_year', () => {
    const p = damaged('年份1999', 'UPDATE profile SET report_year = 1999 WHERE id = 1');
    for (const args of [
      ['validate', p],
      ['info', p],
      ['report', p, '--out', join(fixture.dir(), '报告.docx')],
    ]) {
      const r = runCli(args);
      expectOneChineseLine(r, /^「年份1999\.qar」中的数据已损坏/, /profile 表/, /「report_year」/, /1999/);
    }
  });

  it('the store refuses with CORRUPT and the place', async () => {
    const p = damaged('年份1999b', 'UPDATE profile SET report_year = 1999 WHERE id = 1');
    const s = await WorkspaceStore.open(p, { readonly: true });
    const err = (() => {
      try {
        s.getProfile();
      } catch (e) {
        return e;
      }
    })() as QarError;
    s.close();
    expect(err).toBeInstanceOf(QarError);
    expect(err.code).toBe('CORRUPT');
    expect(err.message).toMatch(
      /学校信息（profile 表，编号为 1 的行）的「report_year」不能小于 2000（文件中为「1999」）/,
    );
  });

  it('a block whose JSON content has the wrong shape names the field inside the JSON', () => {
    const p = damaged(
      '内容块',
      `UPDATE blocks SET content = '{"kind":"paragraph","lead":"甲。","text":12}'
         WHERE id = (SELECT id FROM blocks WHERE json_extract(content, '$.kind') = 'paragraph' LIMIT 1)`,
    );
    expectOneChineseLine(runCli(['validate', p]), /blocks 表/, /「content\.text」应为文本/);
  });

  it('a value row with an impossible indicator id names indicator_values/indicator_id', () => {
    const p = damaged(
      '指标编号',
      "INSERT INTO indicator_values (year, indicator_id, value, note, source, updated_at) VALUES (2024, 'Bad-Id', 1, '', '', '2024-09-01T00:00:00.000Z')",
    );
    expectOneChineseLine(
      runCli(['export', p, '--out', join(fixture.dir(), 'x.json')]),
      /indicator_values 表/,
      /「indicator_id」/,
    );
  });

  it('the API answers CORRUPT with the same sentence (never INTERNAL)', async () => {
    const p = damaged('接口', 'UPDATE profile SET report_year = 1999 WHERE id = 1');
    const ctx = fakeCtx();
    const handlers = createApiHandlers(ctx);
    const r = await dispatch(handlers, 'workspace.open', { path: p, readonly: true });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CORRUPT');
      expect(r.error.message).toMatch(/report_year/);
    }
  });
});
