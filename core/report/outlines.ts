/**
 * The builtin report outlines (templates/outlines/*.json), read once per process. A file is either a whole outline
 * or an outline edition: `extends` + a list of changes, each with its confidence and note, resolved here into the
 * same Outline shape and checked by the same schema. Which outline a framework uses: `outlineFor`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { QarError } from '../errors';
import { editionYearOf, templatesSubdir } from '../framework/registry';
import { Confidence, type Framework, ReleaseNote } from '../framework/schema';
import { SchoolLevel } from '../model';
import { OUTLINE_FORMAT, type Outline, OutlineChapter, OutlineSection, parseOutline } from './outline';

/** An outline file is a few KB; anything much larger is not one. */
const MAX_OUTLINE_BYTES = 256 * 1024;

const ChangeBase = z.object({ confidence: Confidence, note: z.string().max(500).default('') });
const ChapterPatch = z.object({
  title: z.string().min(1).max(100).optional(),
  optional: z.boolean().optional(),
  confidence: Confidence.optional(),
  note: z.string().max(500).optional(),
});
const OutlineChange = z.discriminatedUnion('op', [
  ChangeBase.extend({ op: z.literal('addChapter'), after: z.string().max(50).optional(), chapter: OutlineChapter }),
  ChangeBase.extend({ op: z.literal('updateChapter'), key: z.string().max(50), set: ChapterPatch }),
  ChangeBase.extend({ op: z.literal('removeChapter'), key: z.string().max(50) }),
  ChangeBase.extend({
    op: z.literal('addSection'),
    chapter: z.string().max(50),
    after: z.string().max(50).optional(),
    section: OutlineSection,
  }),
  ChangeBase.extend({ op: z.literal('removeSection'), chapter: z.string().max(50), key: z.string().max(50) }),
]);

const OutlineEdition = z.object({
  format: z.literal(OUTLINE_FORMAT),
  formatVersion: z.literal(1),
  extends: z.string().min(1).max(100),
  id: z.string().min(1).max(100),
  edition: z.string().min(1).max(50).optional(),
  kind: z.string().min(1).max(20).optional(),
  levels: z.array(SchoolLevel).min(1).max(3).optional(),
  title: z.string().min(1).max(100).optional(),
  titles: z.partialRecord(SchoolLevel, z.string().min(1).max(100)).optional(),
  basis: z.string().max(2000).optional(),
  releaseNotes: z.array(ReleaseNote).min(1).max(50),
  changes: z.array(OutlineChange).max(100).default([]),
});

function bad(file: string, text: string): never {
  throw new QarError('BAD_INPUT', `报告提纲文件「${file}」有误：${text}。程序安装可能已损坏，请重新安装。`);
}

function applyChanges(base: Outline, ed: z.infer<typeof OutlineEdition>, file: string): unknown {
  const o = structuredClone(base) as Outline;
  const chapter = (key: string, at: string) =>
    o.chapters.find((c) => c.key === key) ?? bad(file, `${at}：没有章「${key}」`);
  ed.changes.forEach((c, i) => {
    const at = `changes[${i}]`;
    switch (c.op) {
      case 'addChapter': {
        const idx = c.after === undefined ? o.chapters.length : o.chapters.findIndex((x) => x.key === c.after) + 1;
        if (idx === 0) bad(file, `${at}.after：没有章「${c.after}」`);
        o.chapters.splice(idx, 0, structuredClone(c.chapter));
        return;
      }
      case 'updateChapter':
        Object.assign(chapter(c.key, `${at}.key`), c.set);
        return;
      case 'removeChapter':
        o.chapters = o.chapters.filter((x) => x !== chapter(c.key, `${at}.key`));
        return;
      case 'addSection': {
        const ch = chapter(c.chapter, `${at}.chapter`);
        const idx = c.after === undefined ? ch.sections.length : ch.sections.findIndex((s) => s.key === c.after) + 1;
        if (idx === 0) bad(file, `${at}.after：章「${c.chapter}」中没有节「${c.after}」`);
        ch.sections.splice(idx, 0, structuredClone(c.section));
        return;
      }
      case 'removeSection': {
        const ch = chapter(c.chapter, `${at}.chapter`);
        if (!ch.sections.some((s) => s.key === c.key)) bad(file, `${at}.key：章「${c.chapter}」中没有节「${c.key}」`);
        ch.sections = ch.sections.filter((s) => s.key !== c.key);
        return;
      }
    }
  });
  const { extends: from, changes: _changes, ...head } = ed;
  const defined = Object.fromEntries(Object.entries(head).filter(([, v]) => v !== undefined));
  return { ...o, ...defined, basedOn: from };
}

let cache: readonly Outline[] | undefined;

/** Every builtin outline, ordered by id. */
export function builtinOutlines(): Outline[] {
  if (!cache) {
    const dir = templatesSubdir('outlines', '内置报告提纲');
    const raws = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((file) => {
        const text = readFileSync(join(dir, file), 'utf8');
        if (text.length > MAX_OUTLINE_BYTES) bad(file, '文件过大');
        try {
          return { file, raw: JSON.parse(text) as unknown };
        } catch {
          return bad(file, '不是有效的 JSON');
        }
      });
    const byId = new Map<string, Outline>();
    let pending = raws;
    while (pending.length > 0) {
      const next: typeof pending = [];
      for (const p of pending) {
        const ext = (p.raw as { extends?: unknown } | null)?.extends;
        if (ext === undefined) {
          const o = parseOutline(p.raw, `报告提纲文件「${p.file}」`);
          if (byId.has(o.id)) bad(p.file, `提纲编号「${o.id}」重复`);
          byId.set(o.id, o);
          continue;
        }
        const base = typeof ext === 'string' ? byId.get(ext) : undefined;
        if (!base) {
          next.push(p);
          continue;
        }
        const ed = OutlineEdition.safeParse(p.raw);
        if (!ed.success) bad(p.file, `${ed.error.issues[0]?.path.join('.')}：${ed.error.issues[0]?.message}`);
        const o = parseOutline(applyChanges(base, ed.data, p.file), `报告提纲文件「${p.file}」`);
        if (byId.has(o.id)) bad(p.file, `提纲编号「${o.id}」重复`);
        byId.set(o.id, o);
      }
      const stuck = next.length === pending.length ? next[0] : undefined;
      if (stuck) bad(stuck.file, `所依据的提纲「${String((stuck.raw as { extends?: unknown }).extends)}」不存在`);
      pending = next;
    }
    cache = Object.freeze([...byId.values()].sort((a, b) => a.id.localeCompare(b.id)));
  }
  return [...cache];
}

export function getOutline(id: string): Outline {
  const o = builtinOutlines().find((x) => x.id === id);
  if (!o) {
    const known = builtinOutlines()
      .map((x) => x.id)
      .join('、');
    throw new QarError('NOT_FOUND', `找不到报告提纲「${id}」。可用的提纲：${known}。`);
  }
  return o;
}

/** Every report kind some builtin outline lays out (学校年报, 企业年报, 区域年报 …), in a stable order. */
export function reportKinds(): string[] {
  return [...new Set(builtinOutlines().map((o) => o.kind))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

/**
 * The newest outline of a kind whose edition is not later than `year` (an older outline lays out a later year
 * when nothing newer exists); undefined when the kind has none that early.
 */
export function outlineForYear(kind: string, year: number): Outline | undefined {
  return builtinOutlines()
    .filter((o) => o.kind === kind && editionYearOf(o.edition) <= year)
    .sort((a, b) => editionYearOf(b.edition) - editionYearOf(a.edition) || b.id.localeCompare(a.id))[0];
}

/** The outline a framework is written against: its own `outline`, else its kind's for its edition. */
export function outlineFor(fw: Pick<Framework, 'outline' | 'kind' | 'edition'>): Outline {
  if (fw.outline) return getOutline(fw.outline);
  const o = outlineForYear(fw.kind, editionYearOf(fw.edition));
  if (!o) throw new QarError('NOT_FOUND', `没有适用于「${fw.kind}」（${fw.edition}）的内置报告提纲。`);
  return o;
}

/** Drops the cache (tests that point QAR_TEMPLATES_DIR elsewhere). */
export function clearOutlineCache(): void {
  cache = undefined;
}
