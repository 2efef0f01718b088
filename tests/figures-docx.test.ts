/**
 * Bound figures end to end on a real .qar (SQLite): a paragraph holding markers prints the data's value in the
 * Word report (plain text, no field a reader must update); a value changed in the workspace changes the Word text;
 * the markers survive JSON export and import; a figure without data is a finding and prints 「—」.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { figureMarker } from '../core/figures/tokens';
import { frameworkOf } from '../core/framework/resolve';
import { openWorkspace, writeExportAsWorkspace } from '../core/service';
import { validateWorkspace } from '../core/validate/engine';
import { buildDemoExport } from '../seeds/demo/index';
import { runCliInProcess } from './helpers/cli-inproc';
import { makeTempDir } from './helpers/files';

const tmp = makeTempDir('qar-figures-docx-');
afterAll(() => tmp.cleanup());

const RATE = figureMarker({ form: 'fig', indicatorId: 'grad_placement_rate', year: 2024 });
const CHANGE = figureMarker({ form: 'chg', indicatorId: 'grad_placement_rate', year: 2024, baseYear: 2023 });
const LEAD = `毕业去向落实率达到${RATE}。`;

/** The paragraphs of the document body as text (w:t runs joined per w:p), with their raw XML. */
async function docxParagraphs(path: string): Promise<{ text: string; xml: string }[]> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const doc = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return [...doc.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => ({
    xml: m[0],
    text: [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  }));
}

async function report(qar: string, name: string): Promise<{ text: string; xml: string }> {
  const out = join(tmp.dir, name);
  const r = await runCliInProcess(['report', qar, '--out', out]);
  expect(r.stderr).toEqual([]);
  expect(r.code).toBe(0);
  const p = (await docxParagraphs(out)).find((x) => x.text.startsWith('毕业去向落实率达到'));
  expect(p, 'the bound paragraph is in the docx').toBeDefined();
  return p as { text: string; xml: string };
}

describe('bound figures in the Word report', () => {
  const qar = join(tmp.dir, 'demo.qar');
  let blockId = '';

  it('prints the value and the comparison as plain text; a changed part changes the text', async () => {
    writeExportAsWorkspace(buildDemoExport(), qar);
    const s = await openWorkspace(qar);
    try {
      const ws = s.getWorkspace();
      const talent = ws.chapters.find((c) => c.key === 'talent')!;
      const sec = ws.sections.find((x) => x.chapterId === talent.id)!;
      blockId = s.createBlock(sec.id, { kind: 'paragraph', lead: LEAD, text: `就业质量稳中有升，${CHANGE}。` }, 0).id;
    } finally {
      s.close();
    }
    const before = await report(qar, 'before.docx');
    // 3389 / 3725 placed (seeds/demo/values.ts) → 90.98%
    expect(before.text).toMatch(/^毕业去向落实率达到90\.98%。就业质量稳中有升，较上年(提高|下降) [\d.]+ 个百分点。$/);
    expect(before.text).not.toContain('{{');
    // plain text: no field, no content control a reader must update
    expect(before.xml).not.toMatch(/w:fldChar|w:instrText|w:fldSimple|w:sdt/);

    const s2 = await openWorkspace(qar);
    try {
      const fw = frameworkOf(s2.getWorkspace().framework);
      const placed = s2.getWorkspace().values.find((v) => v.indicatorId === 'grad_contract' && v.year === 2024)!;
      // 40 more graduates placed by contract: the rate is computed from its parts (core/values)
      s2.setValues([{ year: 2024, indicatorId: 'grad_contract', value: (placed.value ?? 0) + 40 }], 'manual', fw);
    } finally {
      s2.close();
    }
    const after = await report(qar, 'after.docx');
    const rate = (((3389 + 40) / 3725) * 100).toFixed(2);
    expect(after.text.startsWith(`毕业去向落实率达到${rate}%。`)).toBe(true);
    expect(after.text).not.toBe(before.text);
  }, 120_000);

  it('markers survive JSON export and import', async () => {
    const json = join(tmp.dir, 'demo.json');
    const back = join(tmp.dir, 'back.qar');
    expect((await runCliInProcess(['export', qar, '--out', json])).code).toBe(0);
    expect(readFileSync(json, 'utf8')).toContain(RATE); // the stored form, as is
    expect((await runCliInProcess(['import', json, '--into', back])).code).toBe(0);
    const s = await openWorkspace(back, { readonly: true });
    try {
      const b = s.getWorkspace().blocks.find((x) => x.id === blockId)!;
      expect(b.content).toMatchObject({ kind: 'paragraph', lead: LEAD, text: `就业质量稳中有升，${CHANGE}。` });
    } finally {
      s.close();
    }
  }, 60_000);

  it('a figure without data prints 「—」 and is a finding at its block', async () => {
    const s = await openWorkspace(qar);
    try {
      const fw = frameworkOf(s.getWorkspace().framework);
      s.setValues([{ year: 2024, indicatorId: 'grad_total', value: null }], 'manual', fw);
      const res = validateWorkspace(s.getWorkspace(), fw);
      const f = res.findings.filter((x) => x.ruleId === 'builtin.bound-figures');
      expect(f.map((x) => x.message)).toContain(
        '正文引用的「毕业去向落实率（2024年）」没有数据：表格中2024年的值未填写，报告在此处印出「—」',
      );
      // at the block that cites it; the demo's own bound figures that need 2024's 毕业生数 say so at theirs
      expect(f.some((x) => x.location.type === 'block' && x.location.blockId === blockId)).toBe(true);
      expect(f.every((x) => x.location.type === 'block' && x.severity === 'warning')).toBe(true);
      expect(f.every((x) => /「(毕业生数|毕业去向落实率|升学率|自主创业比例)（2024年/.test(x.message))).toBe(true);
    } finally {
      s.close();
    }
    const p = await report(qar, 'missing.docx');
    expect(p.text.startsWith('毕业去向落实率达到—。')).toBe(true);
  }, 120_000);

  it('a unit typed again after a figure that prints its own is a finding, and the text is printed as typed', async () => {
    const s = await openWorkspace(qar);
    try {
      const ws = s.getWorkspace();
      const fw = frameworkOf(ws.framework);
      s.setValues([{ year: 2024, indicatorId: 'grad_total', value: 3725 }], 'manual', fw);
      const grads = figureMarker({ form: 'fig', indicatorId: 'grad_total', year: 2024 });
      const growth = figureMarker({ form: 'pct', indicatorId: 'grad_total', year: 2024, baseYear: 2023 });
      s.updateBlock(blockId, {
        kind: 'paragraph',
        lead: LEAD,
        text: `毕业生${grads}人，${growth}%；毕业生${grads}，人均……`,
      });
      const f = validateWorkspace(s.getWorkspace(), fw).findings.filter(
        (x) => x.ruleId === 'builtin.bound-figures' && x.location.type === 'block' && x.location.blockId === blockId,
      );
      expect(f.map((x) => x.message)).toEqual([
        '正文引用的「毕业生数（2024年）」印出时已带单位「人」，其后又写了「人」，报告在此处印出「3725 人人」',
        expect.stringMatching(
          /^正文引用的「毕业生数（2024年较2023年增长率）」印出时已带单位「%」，其后又写了「%」，报告在此处印出「较上年(增长|下降) [\d.]+%%」$/,
        ),
      ]);
      expect(f[0]?.hint).toBe('请删除引用后面手写的「人」。');
    } finally {
      s.close();
    }
    // said, not changed: the report prints what the school wrote
    const p = await report(qar, 'unit-twice.docx');
    expect(p.text).toContain('毕业生3725 人人，较上年');
  }, 120_000);
});
