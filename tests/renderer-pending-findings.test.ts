/**
 * The findings panel while a 「不适用」 mark waits in the save outbox (renderer/lib/pending-findings.ts): the host's
 * "missing" findings on a cell showing a mark not yet in its findings are set aside and not counted; nothing else
 * is touched (the renderer never validates).
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../core/validate/types';
import { splitFindings } from '../renderer/lib/pending-findings';

const at = (indicatorId: string, year: number, kind: string, severity: Finding['severity'] = 'warning'): Finding => ({
  ruleId: `r.${kind}`,
  kind,
  severity,
  message: `${indicatorId} ${year} ${kind}`,
  location: { type: 'cell', tableId: 't', tableName: '表', indicatorId, indicatorName: indicatorId, year },
  citation: null,
  hint: '',
  status: 'fail',
  unconfirmed: false,
});

describe('findings while a 「不适用」 mark waits to be saved', () => {
  const missing = at('rate', 2024, 'missing');
  const required = at('total', 2024, 'required', 'error');
  const ratio = at('rate', 2024, 'range', 'error');
  const findings = [missing, required, ratio];
  const summary = { error: 2, warning: 1, info: 0 };

  it('nothing waiting: the host findings and counts as they are (the same objects)', () => {
    const v = splitFindings(findings, summary, { 'rate|2024': '原因' }, {});
    expect(v.open).toEqual(findings);
    expect(v.waiting).toEqual([]);
    expect(v.summary).toBe(summary);
  });

  it('a mark waiting: only its cell’s missing kinds wait, uncounted; other rules and cells stay open', () => {
    const v = splitFindings(findings, summary, { 'rate|2024': '定向培养' }, { 'rate|2024': 'waiting' });
    expect(v.open).toEqual([required, ratio]);
    expect(v.waiting).toEqual([{ finding: missing, reason: '定向培养', saved: false }]);
    expect(v.summary).toEqual({ error: 2, warning: 0, info: 0 });
  });

  it('saved but the findings not refreshed yet: still set aside, said so', () => {
    const v = splitFindings(findings, summary, { 'rate|2024': '定向培养' }, { 'rate|2024': 3 });
    expect(v.waiting.map((w) => w.saved)).toEqual([true]);
  });

  it('the mark taken back or ended by a number (the cell shows no mark): the finding is open again', () => {
    const v = splitFindings(findings, summary, {}, { 'rate|2024': 'waiting' });
    expect(v.open).toEqual(findings);
    expect(v.summary).toEqual(summary);
  });
});
