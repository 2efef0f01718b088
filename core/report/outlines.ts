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
import { Confidence, type Framework, ReleaseNote, SCHOOL_KIND } from '../framework/schema';
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
let files: readonly { file: string; raw: unknown }[] | undefined;

/** Every builtin outline file, read and parsed as JSON (once per process): cheap, unlike checking them. */
function outlineFiles(): readonly { file: string; raw: unknown }[] {
  if (!files) {
    const dir = templatesSubdir('outlines', '内置报告提纲');
    files = readdirSync(dir)
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
  }
  return files;
}

type RawOutline = { id?: unknown; extends?: unknown; kind?: unknown; edition?: unknown };
const rawOf = (raw: unknown): RawOutline => (raw !== null && typeof raw === 'object' ? (raw as RawOutline) : {});

/** The one file whose id is `id`, or undefined when there is none or more than one (the full list says which). */
function fileOf(id: string): { file: string; raw: unknown } | undefined {
  const hits = outlineFiles().filter((p) => rawOf(p.raw).id === id);
  return hits.length === 1 ? hits[0] : undefined;
}

const alone = new Map<string, Outline>();

/**
 * One outline checked alone, with the outlines it extends: a report needs one of the builtin outlines, and checking
 * all of them (JSON schema, editions applied) took ~15 ms of every export. Undefined when the files do not say plainly
 * which is which (then the full list decides, with its message); the full list's own checks (no two files share an
 * id, every edition's base exists) run wherever the list is used and in the tests of the shipped files.
 */
function outlineAlone(id: string, depth = 0): Outline | undefined {
  const hit = cache?.find((o) => o.id === id) ?? alone.get(id);
  if (hit) return hit;
  const found = depth > 8 ? undefined : fileOf(id);
  if (!found) return undefined;
  const { file, raw } = found;
  const ext = rawOf(raw).extends;
  let o: Outline;
  if (ext === undefined) o = parseOutline(raw, `报告提纲文件「${file}」`);
  else {
    const base = typeof ext === 'string' ? outlineAlone(ext, depth + 1) : undefined;
    if (!base) return undefined;
    o = editionOutline(base, raw, file);
  }
  if (o.id !== id) return undefined;
  alone.set(id, o);
  return o;
}

function editionOutline(base: Outline, raw: unknown, file: string): Outline {
  const ed = OutlineEdition.safeParse(raw);
  if (!ed.success) bad(file, `${ed.error.issues[0]?.path.join('.')}：${ed.error.issues[0]?.message}`);
  return parseOutline(applyChanges(base, ed.data, file), `报告提纲文件「${file}」`);
}

/**
 * An outline's id, kind and edition as its file says (an edition's kind and edition default to its base's), without
 * checking it; undefined for anything unclear.
 */
function headOf(id: string, depth = 0): { id: string; kind: string; edition: string } | undefined {
  const found = depth > 8 ? undefined : fileOf(id);
  if (!found) return undefined;
  const r = rawOf(found.raw);
  const base =
    r.extends === undefined ? undefined : typeof r.extends === 'string' ? headOf(r.extends, depth + 1) : undefined;
  if (r.extends !== undefined && !base) return undefined;
  // a whole outline without a kind is a 学校年报 (the schema's default)
  const kind = r.kind ?? (base ? base.kind : SCHOOL_KIND);
  const edition = r.edition ?? base?.edition;
  return typeof kind === 'string' && typeof edition === 'string' ? { id, kind, edition } : undefined;
}

/** Every builtin outline, ordered by id. */
export function builtinOutlines(): Outline[] {
  if (!cache) {
    const raws = outlineFiles();
    const byId = new Map<string, Outline>();
    let pending = [...raws];
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
        const o = editionOutline(base, p.raw, p.file);
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
  const o = outlineAlone(id) ?? builtinOutlines().find((x) => x.id === id);
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
  // chosen from what the files say, then that one checked alone (outlineAlone); the full list when unclear
  const ids = outlineFiles().map((p) => rawOf(p.raw).id);
  const heads = ids.map((id) => (typeof id === 'string' ? headOf(id) : undefined));
  if (heads.every((h) => h !== undefined)) {
    const best = pickEdition(heads, kind, year);
    const o = best ? outlineAlone(best.id) : undefined;
    if (!best || (o && o.kind === best.kind && o.edition === best.edition)) return o;
  }
  return pickEdition(builtinOutlines(), kind, year);
}

/** The newest edition of `kind` no later than `year` (the larger id between two of one year). */
function pickEdition<T extends { id: string; kind: string; edition: string }>(
  all: readonly T[],
  kind: string,
  year: number,
): T | undefined {
  return all
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
  files = undefined;
  alone.clear();
}
