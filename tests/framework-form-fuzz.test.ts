/**
 * The Excel form of a framework is input from outside: hostile until checked. Fixed-seed fuzzing of the form's
 * cells (a few hundred cases on the sheet grid, plus damaged workbook bytes) checks that every outcome is either
 * a framework that passes every loader check, or one Chinese refusal (QarError) — never a crash, a hang, a value
 * that slipped past the checks, or an English message. Bounded: the whole run has a time budget.
 */
import { describe, expect, it } from 'vitest';
import { isQarError } from '../core/errors';
import { exportFrameworkForm } from '../core/framework/form/export';
import { type FormGrid, importFrameworkForm, importFrameworkGrid, readFormGrid } from '../core/framework/form/import';
import { parseFramework } from '../core/framework/loader';
import { getFramework } from '../core/framework/registry';
import { frameworkText } from '../core/framework/resolve';

/** mulberry32: a small, fixed-seed generator (the same cases every run). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values a spreadsheet cell can hold, the awkward ones first. */
const NASTY: unknown[] = [
  null,
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  '__defineGetter__',
  'process.exit(1)',
  'constructor.constructor("return process")()',
  'a'.repeat(40_000),
  '１２３',
  '-1',
  '4.5',
  '1e309',
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  1e308,
  3,
  true,
  new Date(0),
  { error: '#REF!' },
  { formula: 'A1+1' },
  { formula: 'A1+1', result: 7 },
  { richText: [{ text: '待' }, { text: '核实' }] },
  { text: 'https://example.com', hyperlink: 'https://example.com' },
  '\u0000\u0001',
  '\ud800',
  '否',
  '是',
  '待核实',
  '省市目标',
  '国家标准',
  '百分比',
  'student_teacher_ratio <= 1',
  'no_such_indicator > 0',
  '{__proto__}',
  '错误',
];

function mutate(grid: FormGrid, r: () => number): string {
  const names = [...grid.keys()];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const sheet = pick(names);
  const rows = grid.get(sheet) as unknown[][];
  const op = r();
  if (op < 0.05) {
    grid.delete(sheet);
    return `删除工作表 ${sheet}`;
  }
  if (op < 0.1 && rows.length > 1) {
    rows.splice(1 + Math.floor(r() * (rows.length - 1)), 1);
    return `删除 ${sheet} 一行`;
  }
  if (op < 0.15) {
    rows.push(Array.from({ length: 20 }, () => pick(NASTY)));
    return `${sheet} 新增一行`;
  }
  const row = Math.floor(r() * rows.length);
  const target = rows[row] as unknown[];
  const col = Math.floor(r() * Math.max(1, target.length + 2));
  const v = pick(NASTY);
  target[col] = v;
  return `${sheet} [${row},${col}] = ${typeof v === 'string' ? JSON.stringify(v.slice(0, 20)) : String(v)}`;
}

describe('framework Excel form: fixed-seed fuzz', () => {
  it('every mutated form is either a valid framework or one Chinese refusal', { timeout: 240_000 }, async () => {
    const fw = getFramework('cn-2025-gaozhi');
    const bytes = await exportFrameworkForm(fw, { now: new Date('2025-01-01T00:00:00Z') });
    const base = await readFormGrid(bytes, 'fuzz.xlsx');
    const started = performance.now();
    const BUDGET_MS = 120_000;
    const CASES = 300;
    let accepted = 0;
    let refused = 0;
    let ran = 0;
    for (let seed = 1; seed <= CASES && performance.now() - started < BUDGET_MS; seed++) {
      const r = rng(seed);
      const grid: FormGrid = new Map([...base].map(([k, rows]) => [k, rows.map((row) => [...row])]));
      const steps: string[] = [];
      const n = 1 + Math.floor(r() * 4);
      for (let i = 0; i < n; i++) steps.push(mutate(grid, r));
      try {
        const out = importFrameworkGrid(grid, 'fuzz.xlsx');
        // what is accepted passes the loader again from its own text
        expect(() => parseFramework(frameworkText(out.framework), 'again.json'), steps.join('；')).not.toThrow();
        accepted++;
      } catch (e) {
        if (!isQarError(e)) throw new Error(`seed ${seed}（${steps.join('；')}）：非预期错误 ${String(e)}`);
        expect(e.message, `seed ${seed}`).toMatch(/[\u4e00-\u9fff]/);
        expect(e.message, `seed ${seed}`).not.toMatch(/\bat \w+ \(|TypeError|undefined is not/);
        expect(e.message.length, `seed ${seed}`).toBeLessThan(3000);
        refused++;
      }
      ran++;
    }
    console.log(
      `fuzz: ${ran} cases, ${accepted} accepted, ${refused} refused, ${Math.round(performance.now() - started)} ms`,
    );
    expect(ran).toBeGreaterThanOrEqual(200);
    // both outcomes happen: the fuzz reaches past the first check
    expect(accepted).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
    // nothing reached the prototype of plain objects
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('damaged workbook bytes are refused in Chinese', { timeout: 120_000 }, async () => {
    const bytes = await exportFrameworkForm(getFramework('cn-2025-qiye'));
    const r = rng(99);
    for (let i = 0; i < 20; i++) {
      const copy = Buffer.from(bytes);
      const kind = i % 3;
      let damaged: Buffer;
      if (kind === 0) damaged = copy.subarray(0, Math.floor(r() * copy.length));
      else if (kind === 1) {
        for (let k = 0; k < 50; k++) copy[Math.floor(r() * copy.length)] = Math.floor(r() * 256);
        damaged = copy;
      } else damaged = Buffer.concat([copy.subarray(0, 200), Buffer.alloc(1000, 0x41)]);
      try {
        const out = await importFrameworkForm(damaged, 'damaged.xlsx');
        // a flip that misses every part that matters still yields a checked framework
        expect(() => parseFramework(frameworkText(out.framework), 'again.json')).not.toThrow();
      } catch (e) {
        if (!isQarError(e)) throw new Error(`case ${i}: 非预期错误 ${String(e)}`);
        expect(e.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});
