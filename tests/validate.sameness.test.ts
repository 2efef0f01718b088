/**
 * The engine's findings do not change when it is made faster: every workspace of the planted-defect suites, the
 * demo (bound and typed figures, every year) and 40 varied demos (values scaled, removed, marked 「不适用」, typed
 * 100× off, numbers in the text changed; tests/fixtures/validate/variants.ts) are validated and their whole results
 * — every finding with every field, in order, the summary and the compliance matrix's rule status — compared with
 * the results recorded before the speed work (tests/fixtures/validate/findings.golden.txt, one finding a line:
 * rule, place, severity and message to read, and a SHA-256 of the whole finding (citation, hint, detail, status …)
 * so that no field can change unseen; the varied demos without the message, to keep the record small).
 *
 * A deliberate change of what the engine says updates the record: `npx vitest run tests/validate.sameness.test.ts
 * -u`, and the diff of the .txt file is the review of that change.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getFramework } from '../core/framework/registry';
import type { Framework } from '../core/framework/schema';
import type { Workspace } from '../core/model';
import { type ValidateOptions, validateWorkspace } from '../core/validate/engine';
import type { ValidationResult } from '../core/validate/types';
import { buildDemoExport } from '../seeds/demo/index';
import { plantedDefects } from './fixtures/validate/planted';
import { demoSchool, noGraduatesSchool, zhongzhiSchool } from './fixtures/validate/schools';
import { SLIPS } from './fixtures/validate/slips';
import { roughVariant, variant } from './fixtures/validate/variants';
import { loadTestFramework, testOutline } from './fixtures/validate/workspace';

interface Case {
  name: string;
  ws: () => Workspace;
  fw?: () => Framework;
  opts?: ValidateOptions;
  /** many findings: recorded without their messages */
  brief?: boolean;
}

const boundDemo = () => structuredClone(buildDemoExport()) as Workspace;

const CASES: Case[] = [
  ...[2022, 2023, 2024].map((year) => ({ name: `demo (bound figures) ${year}`, ws: boundDemo, opts: { year } })),
  ...[2023, 2024].map((year) => ({ name: `demo (typed figures) ${year}`, ws: demoSchool, opts: { year } })),
  { name: '中职 school', ws: zhongzhiSchool },
  { name: '中职 school without graduates', ws: noGraduatesSchool },
  {
    name: 'planted defects (test framework)',
    ws: plantedDefects,
    fw: loadTestFramework,
    opts: { outline: testOutline },
  },
  ...SLIPS.map((s) => ({ name: `slip ${s.cls}: ${s.name}`, ws: s.make })),
  ...Array.from({ length: 8 }, (_, i) => ({
    name: `bound demo, values varied #${i}`,
    ws: () => variant(boundDemo(), i),
    brief: true,
  })),
  ...Array.from({ length: 16 }, (_, i) => ({
    name: `typed demo, rough variant #${i}`,
    ws: () => roughVariant(demoSchool(), i),
    brief: true,
  })),
  ...Array.from({ length: 16 }, (_, i) => ({
    name: `bound demo, rough variant #${i}`,
    ws: () => roughVariant(boundDemo(), 100 + i),
    brief: true,
  })),
];

const digest = (x: unknown) => createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16);

/** A result as lines: the summary, the rule status, then one finding a line (every field in the digest, in order). */
function asLines(c: Case, r: ValidationResult): string {
  const lines = [
    `## ${c.name}`,
    `summary ${JSON.stringify(r.summary)} ruleStatus ${Object.keys(r.ruleStatus).length} rules ${digest(r.ruleStatus)}`,
    ...r.findings.map((f) => [f.key, f.severity, ...(c.brief ? [] : [f.message]), digest(f)].join(' | ')),
  ];
  return lines.join('\n');
}

describe('validation findings stay the same', () => {
  it('for every planted-defect workspace, the demo and 40 varied demos, finding for finding', async () => {
    const out: string[] = [];
    let findings = 0;
    for (const c of CASES) {
      const ws = c.ws();
      const r = validateWorkspace(ws, c.fw ? c.fw() : getFramework(ws.framework.id), c.opts);
      findings += r.findings.length;
      out.push(asLines(c, r));
    }
    // the record is worth comparing with only if the cases say a lot
    expect(findings).toBeGreaterThan(1000);
    await expect(`${out.join('\n\n')}\n`).toMatchFileSnapshot('./fixtures/validate/findings.golden.txt');
  });

  it('gives the same results when the same workspace is validated twice, and for a copy of it', () => {
    // memoised state must never leak from one validation into the next
    const ws = roughVariant(demoSchool(), 7);
    const fw = getFramework(ws.framework.id);
    const first = validateWorkspace(ws, fw);
    expect(validateWorkspace(ws, fw)).toEqual(first);
    expect(validateWorkspace(structuredClone(ws), fw)).toEqual(first);
    const other = roughVariant(demoSchool(), 8);
    expect(validateWorkspace(other, fw)).toEqual(validateWorkspace(structuredClone(other), fw));
  });
});
