/**
 * Property: for random part values, the number a derived indicator shows is the same everywhere — the grid (the
 * renderer's own function over the values it holds), the report appendix cell, the validation messages (a rule
 * that quotes the value, and the narrative check reading the grid's text back) and the review aggregate of the
 * school alone. A seeded PRNG makes every run the same; a failure prints the seed and the case.
 */
import { describe, expect, it } from 'vitest';
import type { Framework, Indicator, Rule } from '../core/framework/schema';
import type { Workspace } from '../core/model';
import { buildReportModel } from '../core/report/build';
import { formatValue as appendixText } from '../core/report/format';
import { aggregateLevel } from '../core/review/aggregate';
import { validateWorkspace } from '../core/validate/engine';
import { cellText, gridValues } from '../renderer/lib/values';
import { buildDemoExport, demoFramework } from '../seeds/demo/index';
import { mulberry32 } from '../seeds/demo/prng';

const YEAR = 2024;
const SEED = 20250109;
const CASES = 120;
/** derived indicators checked, with how a sentence in the report would name them */
const CHECKED = ['grad_placement_rate', 'dual_teacher_rate', 'student_teacher_ratio'] as const;

/** The demo framework plus one always-failing info rule per checked indicator: its message quotes the value. */
function frameworkWithQuotes(): Framework {
  const fw = demoFramework();
  const quote = (id: string): Rule =>
    ({
      id: `test.quote.${id}`,
      kind: 'threshold',
      title: '测试引用',
      severity: 'info',
      enabled: true,
      confidence: 'C',
      message: '',
      hint: '测试用规则',
      categories: [],
      levels: [],
      expr: `${id} < 0`,
      indicator: id,
    }) as Rule;
  return { ...fw, rules: [...fw.rules, ...CHECKED.map(quote)] };
}

const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/**
 * Rates that land exactly half-way at the third decimal (x/40000·100 with x even: 94.585, 0.005 …): where
 * binary rounding (toFixed), half-even (some toLocaleString) and half-up on the written digits disagree.
 */
const TIES = [37834, 2, 6, 10, 398, 39998, 20002, 12346];

/** A demo workspace with random parts in the report year; some with a stored copy of the rate (stale or not). */
function randomCase(r: () => number, base: Workspace, tie?: number) {
  const ws = structuredClone(base);
  const set = (id: string, value: number | null) => {
    ws.values = ws.values.filter((v) => !(v.year === YEAR && v.indicatorId === id));
    ws.values.push({ year: YEAR, indicatorId: id, value, note: '', source: '', updatedAt: '2025-01-05T00:00:00.000Z' });
  };
  const total = tie === undefined ? int(r, 1, 6000) : 40000;
  let left = tie ?? int(r, 0, total);
  const parts: Record<string, number> = {};
  for (const id of ['grad_contract', 'grad_flexible', 'grad_startup']) {
    parts[id] = int(r, 0, left);
    left -= parts[id] as number;
  }
  parts.grad_further_study = left;
  set('grad_total', total);
  for (const [id, v] of Object.entries(parts)) set(id, v);
  // teachers: parts within their wholes (else the aggregate rightly leaves the school out; checked below too)
  const professional = int(r, 1, 3000);
  const fulltime = professional + int(r, 0, 500);
  set('staff_total', fulltime + int(r, 0, 300));
  set('teachers_fulltime', fulltime);
  set('teachers_professional', professional);
  set('teachers_dual', int(r, 0, professional));
  set('teachers_practice_month', int(r, 0, professional));
  set('teachers_postgrad', int(r, 0, fulltime));
  set('students_equivalent', int(r, 1000, 400000) / 10);
  set('teachers_total', int(r, 100, 40000) / 10);
  // the demo stores a copy of every derived value: drop them, or keep a random (stale or exact) one for the rate
  for (const id of ['grad_placed', 'dual_teacher_rate', 'student_teacher_ratio']) set(id, null);
  const pick = r();
  const exact = (Object.values(parts).reduce((a, b) => a + b, 0) / total) * 100;
  set('grad_placement_rate', pick < 0.5 ? null : pick < 0.75 ? Math.round(exact * 100) / 100 : int(r, 0, 10000) / 100);
  return ws;
}

describe('one value everywhere (property, seeded)', () => {
  it(`for ${CASES} random cases: grid = appendix = findings = narrative check = review aggregate`, () => {
    const fw = frameworkWithQuotes();
    const inds = new Map(fw.tables.flatMap((t) => t.indicators).map((i) => [i.id, i] as [string, Indicator]));
    const base = structuredClone(buildDemoExport()) as unknown as Workspace;
    const r = mulberry32(SEED);
    for (let n = 0; n < CASES + TIES.length; n++) {
      const ws = randomCase(r, base, TIES[n - CASES]);
      const label = `seed ${SEED}, case ${n}`;
      const map: Record<string, number | null> = {};
      for (const v of ws.values) map[`${v.indicatorId}|${v.year}`] = v.value;
      const grid = gridValues(map, fw);
      const appendix = buildReportModel(ws, fw).appendix.tables.flatMap((t) => t.rows);
      const result = validateWorkspace(ws, fw, { year: YEAR });
      const agg = aggregateLevel([ws], fw, [YEAR], '高职');

      for (const id of CHECKED) {
        const ind = inds.get(id)!;
        const res = grid.resolve(id, YEAR);
        const shown = cellText(res, ind);
        const printed = appendix.find((x) => x.indicatorId === id)!.values[1]!;
        if (res.value === undefined) {
          expect(printed, `${label} ${id}`).toBe('—');
          continue;
        }
        // the grid drops trailing zeros for non-percent numbers (15.4), the appendix keeps them (15.40:1)
        expect(Number(printed.replace(/:1$/, '')), `${label} ${id}: grid ${shown}, appendix ${printed}`).toBe(
          Number(shown),
        );
        const unit = ind.type === 'percent' ? '%' : ind.type === 'ratio' ? ':1' : ind.unit;
        const quote = result.findings.find((f) => f.ruleId === `test.quote.${id}`)!;
        expect(quote.message, label).toContain(`为 ${appendixText(res.value, ind.decimals)}${unit}`);
        // the review aggregate of this school alone: the same figure, or left out and listed when the school's
        // data contradicts itself (a stale stored copy)
        const row = agg.rows.find((x) => x.indicatorId === id)!;
        if (res.conflict) expect(row.excludedCount[YEAR], label).toBe(1);
        if (row.excludedCount[YEAR]) {
          expect(row.values[YEAR], label).toBeNull();
          expect(
            agg.excluded.some((e) => e.rows.includes(ind.name)),
            label,
          ).toBe(true);
        } else {
          expect(appendixText(row.values[YEAR], ind.decimals), `${label} ${id}`).toBe(printed.replace(/:1$/, ''));
        }
      }

      // a conflict is reported by the derived rule with the grid's number as the computed one
      const rate = grid.resolve('grad_placement_rate', YEAR);
      const derived = result.findings.find((f) => f.ruleId === 'derived.grad_placement_rate');
      expect(!!derived, `${label}: conflict ${rate.conflict}`).toBe(rate.conflict);
      if (derived) expect(derived.message, label).toContain(`${cellText(rate, inds.get('grad_placement_rate')!)}%`);

      // the narrative check reads the grid's text back: the same number passes, another one is quoted against it
      if (rate.value !== undefined) {
        const text = cellText(rate, inds.get('grad_placement_rate')!);
        const target = ws.blocks.find((b) => b.content.kind === 'paragraph')!.id;
        const para = (t: string): Workspace => {
          const w = structuredClone(ws);
          w.blocks.find((b) => b.id === target)!.content = { kind: 'paragraph', lead: '就业质量稳步提升。', text: t };
          return w;
        };
        // only this paragraph's findings (the demo's own text quotes its original 90.98%)
        const narr = (w: Workspace) =>
          validateWorkspace(w, fw, { year: YEAR }).findings.filter(
            (f) => f.ruleId === 'narrative.key_numbers' && f.location.type === 'block' && f.location.blockId === target,
          );
        expect(narr(para(`${YEAR}年毕业去向落实率为 ${text}%。`)), label).toEqual([]);
        const other = (Number(text) + (Number(text) >= 50 ? -1.5 : 1.5)).toFixed(2);
        const flagged = narr(para(`${YEAR}年毕业去向落实率为 ${other}%。`));
        expect(flagged.length, label).toBe(1);
        expect(flagged[0]!.message, label).toContain(`${text}%`);
      }
    }
  });
});
