/**
 * Edition files: a framework written as "base id + a list of changes" (templates/frameworks/cn-2025-gaozhi.json
 * extends cn-2024-gaozhi), so a data fix in the base reaches every edition built on it.
 *
 * `resolveEdition` applies the changes to a copy of the base and hands the result to the loader's full check
 * (`checkFramework`): an edition resolves into exactly the Framework shape everything else reads, with every
 * limit and meaning check of a plain framework file. Each change says how sure we are of it (confidence) and why
 * (note), like every fact in the framework. Changes are applied in order; a change naming something the base
 * does not have is refused with its place in the edition file (changes[3].id).
 */
import * as z from 'zod';
import { QarError } from '../errors';
import { IndicatorId } from '../model';
import {
  checkJsonShape,
  type FrameworkProblem,
  formatPath,
  frameworkProblems,
  issueMessage,
  type PathPart,
  refuse,
} from './loader';
import {
  Confidence,
  FRAMEWORK_FORMAT,
  FRAMEWORK_FORMAT_VERSION,
  FRAMEWORK_ID_PATTERN,
  type Framework,
  FrameworkTable,
  Indicator,
  ReleaseNote,
  Rule,
  SourceDocument,
  TableKey,
} from './schema';

export const EDITION_FORMAT = 'qar-framework-edition';
export const EDITION_FORMAT_VERSION = 1;

const FrameworkIdText = z.string().regex(FRAMEWORK_ID_PATTERN, '框架编号只能包含小写字母、数字、点、下划线和连字符');

/** Every change carries how sure we are of it and why it is made (source, or what is still 待核实). */
const ChangeBase = z.object({
  confidence: Confidence,
  note: z.string().max(500).default(''),
});

/**
 * Patches are checked on the whole indicator / rule after merging (a schema's defaults must not fill fields the
 * patch leaves alone, so the patch itself is only a map of field → value here).
 */
const Patch = z.record(z.string().max(50), z.unknown());

export const EditionChange = z.discriminatedUnion('op', [
  ChangeBase.extend({
    op: z.literal('addIndicator'),
    table: TableKey,
    /** inserted after this indicator (same table); default: at the end of the table */
    after: IndicatorId.optional(),
    indicator: Indicator,
  }),
  ChangeBase.extend({ op: z.literal('updateIndicator'), id: IndicatorId, set: Patch }),
  ChangeBase.extend({ op: z.literal('removeIndicator'), id: IndicatorId }),
  /** a new id for an indicator: formulas, parts and rules follow, and workspaces are upgraded through `renamed` */
  ChangeBase.extend({ op: z.literal('renameIndicator'), from: IndicatorId, to: IndicatorId }),
  ChangeBase.extend({ op: z.literal('addTable'), table: FrameworkTable }),
  ChangeBase.extend({ op: z.literal('addRule'), rule: Rule }),
  ChangeBase.extend({ op: z.literal('updateRule'), id: z.string().min(1).max(100), set: Patch }),
  ChangeBase.extend({ op: z.literal('removeRule'), id: z.string().min(1).max(100) }),
  ChangeBase.extend({
    op: z.literal('setDocument'),
    key: z.string().regex(/^[a-z0-9_-]{1,50}$/),
    document: SourceDocument,
  }),
]);
export type EditionChange = z.infer<typeof EditionChange>;

export const EditionFile = z.object({
  format: z.literal(EDITION_FORMAT),
  formatVersion: z.literal(EDITION_FORMAT_VERSION),
  /** the framework this edition is built on (a builtin id) */
  extends: FrameworkIdText,
  id: FrameworkIdText,
  version: z.string().min(1).max(50),
  edition: z.string().min(1).max(50).optional(),
  title: z.string().min(1).max(200).optional(),
  region: z.string().max(50).optional(),
  outline: FrameworkIdText.optional(),
  /** 版本说明: short lines on what differs from the base */
  releaseNotes: z.array(ReleaseNote).min(1).max(50),
  changes: z.array(EditionChange).max(500).default([]),
});
export type EditionFile = z.infer<typeof EditionFile>;

/** True when a parsed JSON value claims to be an edition file (decided by its `format`). */
export function isEditionValue(raw: unknown): boolean {
  return !!raw && typeof raw === 'object' && (raw as { format?: unknown }).format === EDITION_FORMAT;
}

/** The base id an edition value names, without checking the rest (so a registry can order its files). */
export function editionBaseId(raw: unknown): string | undefined {
  const ext = isEditionValue(raw) ? (raw as { extends?: unknown }).extends : undefined;
  return typeof ext === 'string' ? ext : undefined;
}

const ident = /[a-z][a-z0-9_]*/g;

/** Renames an indicator id inside an expression (ids are [a-z][a-z0-9_]*; nothing else in the syntax matches). */
function renameInExpr(src: string, from: string, to: string): string {
  return src.replace(ident, (m) => (m === from ? to : m));
}

type Mutable = Record<string, unknown>;

class Applier {
  readonly problems: FrameworkProblem[] = [];
  /** where an item of the resolved framework came from: the change index that last touched it */
  readonly touchedBy = new Map<string, number>();

  constructor(
    readonly fw: Framework,
    readonly baseId: string,
  ) {}

  /** Records a problem; false so that `return this.add(…)` reads as "not applied". */
  private add(path: PathPart[], text: string): false {
    this.problems.push({ path, text });
    return false;
  }

  private findIndicator(id: string): { table: Framework['tables'][number]; index: number } | undefined {
    for (const table of this.fw.tables) {
      const index = table.indicators.findIndex((i) => i.id === id);
      if (index >= 0) return { table, index };
    }
    return undefined;
  }

  private ruleIndex(id: string): number {
    return this.fw.rules.findIndex((r) => r.id === id);
  }

  /** Applies one change; false when it was refused (the problem is recorded). */
  apply(change: EditionChange, ci: number): boolean {
    const at: PathPart[] = ['changes', ci];
    const missingIndicator = (id: string, field: string) =>
      this.add([...at, field], `指标「${id}」在基础框架「${this.baseId}」中不存在（或已被前面的修改删除）`);
    switch (change.op) {
      case 'addIndicator': {
        const table = this.fw.tables.find((t) => t.id === change.table);
        if (!table) return this.add([...at, 'table'], `表「${change.table}」在基础框架「${this.baseId}」中不存在`);
        if (this.findIndicator(change.indicator.id)) {
          return this.add([...at, 'indicator', 'id'], `指标编号「${change.indicator.id}」已存在`);
        }
        let index = table.indicators.length;
        if (change.after !== undefined) {
          const after = table.indicators.findIndex((i) => i.id === change.after);
          if (after < 0) return this.add([...at, 'after'], `表「${change.table}」中没有指标「${change.after}」`);
          index = after + 1;
        }
        table.indicators.splice(index, 0, structuredClone(change.indicator));
        this.touchedBy.set(`i:${change.indicator.id}`, ci);
        return true;
      }
      case 'updateIndicator': {
        const found = this.findIndicator(change.id);
        if (!found) return missingIndicator(change.id, 'id');
        if ('id' in change.set)
          return this.add([...at, 'set', 'id'], '不能用 updateIndicator 修改指标编号，请用 renameIndicator');
        const merged = { ...found.table.indicators[found.index], ...structuredClone(change.set) };
        const parsed = Indicator.safeParse(merged, { error: issueMessage });
        if (!parsed.success) {
          for (const i of parsed.error.issues) this.add([...at, 'set', ...i.path], i.message);
          return true;
        }
        found.table.indicators[found.index] = parsed.data;
        this.touchedBy.set(`i:${change.id}`, ci);
        return true;
      }
      case 'removeIndicator': {
        const found = this.findIndicator(change.id);
        if (!found) return missingIndicator(change.id, 'id');
        found.table.indicators.splice(found.index, 1);
        return true;
      }
      case 'renameIndicator': {
        const found = this.findIndicator(change.from);
        if (!found) return missingIndicator(change.from, 'from');
        if (this.findIndicator(change.to)) return this.add([...at, 'to'], `指标编号「${change.to}」已存在`);
        this.renameEverywhere(change.from, change.to);
        // earlier editions' ids that pointed at the old id now point at the new one, and the old id itself maps
        for (const [k, v] of Object.entries(this.fw.renamed)) if (v === change.from) this.fw.renamed[k] = change.to;
        this.fw.renamed[change.from] = change.to;
        this.touchedBy.set(`i:${change.to}`, ci);
        return true;
      }
      case 'addTable': {
        if (this.fw.tables.some((t) => t.id === change.table.id)) {
          return this.add([...at, 'table', 'id'], `表「${change.table.id}」已存在`);
        }
        this.fw.tables.push(structuredClone(change.table));
        for (const i of change.table.indicators) this.touchedBy.set(`i:${i.id}`, ci);
        return true;
      }
      case 'addRule': {
        if (this.ruleIndex(change.rule.id) >= 0)
          return this.add([...at, 'rule', 'id'], `规则编号「${change.rule.id}」已存在`);
        this.fw.rules.push(structuredClone(change.rule));
        this.touchedBy.set(`r:${change.rule.id}`, ci);
        return true;
      }
      case 'updateRule': {
        const ri = this.ruleIndex(change.id);
        if (ri < 0)
          return this.add(
            [...at, 'id'],
            `规则「${change.id}」在基础框架「${this.baseId}」中不存在（或已被前面的修改删除）`,
          );
        const cur = this.fw.rules[ri] as Rule;
        if ('id' in change.set && change.set.id !== cur.id) {
          return this.add([...at, 'set', 'id'], '不能用 updateRule 修改规则编号，请删除后新增');
        }
        const parsed = Rule.safeParse({ ...cur, ...structuredClone(change.set) }, { error: issueMessage });
        if (!parsed.success) {
          for (const i of parsed.error.issues) this.add([...at, 'set', ...i.path], i.message);
          return true;
        }
        this.fw.rules[ri] = parsed.data;
        this.touchedBy.set(`r:${change.id}`, ci);
        return true;
      }
      case 'removeRule': {
        const ri = this.ruleIndex(change.id);
        if (ri < 0)
          return this.add(
            [...at, 'id'],
            `规则「${change.id}」在基础框架「${this.baseId}」中不存在（或已被前面的修改删除）`,
          );
        this.fw.rules.splice(ri, 1);
        return true;
      }
      case 'setDocument':
        this.fw.documents[change.key] = structuredClone(change.document);
        return true;
    }
  }

  /** The id changes in its table, in every formula, part-of link, rule reference and narrative alias. */
  private renameEverywhere(from: string, to: string): void {
    for (const t of this.fw.tables) {
      for (const ind of t.indicators) {
        if (ind.id === from) ind.id = to;
        if (ind.partOf === from) ind.partOf = to;
        if (ind.formula) ind.formula = renameInExpr(ind.formula, from, to);
      }
    }
    const swap = (ids: string[]) => ids.map((x) => (x === from ? to : x));
    for (const r of this.fw.rules as Mutable[]) {
      for (const key of ['expr', 'when'] as const) {
        if (typeof r[key] === 'string') r[key] = renameInExpr(r[key] as string, from, to);
      }
      if (r.indicator === from) r.indicator = to;
      if (Array.isArray(r.indicators)) r.indicators = swap(r.indicators as string[]);
      if (r.aliases && typeof r.aliases === 'object' && Object.hasOwn(r.aliases, from)) {
        const aliases = r.aliases as Record<string, string[]>;
        aliases[to] = aliases[from] as string[];
        delete aliases[from];
      }
      for (const key of ['message', 'hint'] as const) {
        if (typeof r[key] === 'string') {
          r[key] = (r[key] as string).replace(/\{([a-z][a-z0-9_]*)\}/g, (m, id) => (id === from ? `{${to}}` : m));
        }
      }
    }
  }
}

/** 「规则 x（rules[3].expr）」: a place in the resolved framework, in words an editor of the edition file can find. */
function describeResolved(fw: Framework, path: readonly PathPart[]): string {
  const [a, b, c, d] = path;
  if (a === 'tables' && typeof b === 'number' && c === 'indicators' && typeof d === 'number') {
    const id = fw.tables[b]?.indicators[d]?.id;
    if (id) return `指标 ${id}（${formatPath(path)}）`;
  }
  if (a === 'rules' && typeof b === 'number') {
    const id = fw.rules[b]?.id;
    if (id) return `规则 ${id}（${formatPath(path)}）`;
  }
  return formatPath(path);
}

/**
 * Resolves an edition value (already through parseFrameworkJson's size and shape limits) against its base.
 * `getBase` returns a CHECKED framework by id (builtin registry); it is never modified.
 */
export function resolveEdition(raw: unknown, fileLabel: string, getBase: (id: string) => Framework): Framework {
  const parsed = EditionFile.safeParse(raw, { error: issueMessage });
  if (!parsed.success)
    refuse(
      fileLabel,
      parsed.error.issues.map((i) => `${formatPath(i.path)}：${i.message}`),
    );
  const ed = parsed.data;
  if (ed.id === ed.extends) refuse(fileLabel, [`id：版本编号「${ed.id}」不能与所依据的框架相同`]);
  let base: Framework;
  try {
    base = getBase(ed.extends);
  } catch (e) {
    if (e instanceof QarError) refuse(fileLabel, [`extends：找不到所依据的指标框架「${ed.extends}」`]);
    throw e;
  }
  const fw = structuredClone(base) as Framework;
  Object.assign(fw, {
    id: ed.id,
    version: ed.version,
    basedOn: base.id,
    releaseNotes: ed.releaseNotes,
    ...(ed.edition !== undefined ? { edition: ed.edition } : {}),
    ...(ed.title !== undefined ? { title: ed.title } : {}),
    ...(ed.region !== undefined ? { region: ed.region } : {}),
    ...(ed.outline !== undefined ? { outline: ed.outline } : {}),
  });
  const applier = new Applier(fw, base.id);
  ed.changes.forEach((c, i) => {
    applier.apply(c, i);
  });
  if (applier.problems.length > 0) {
    refuse(
      fileLabel,
      applier.problems.map((p) => `${formatPath(p.path)}：${p.text}`),
    );
  }
  // the result must pass every check a plain framework file passes
  const { framework, problems } = frameworkProblems(fw);
  if (!framework || problems.length > 0) {
    refuse(
      `${fileLabel}（按「${base.id}」展开后）`,
      problems.map((p) => `${describeResolved(fw, p.path)}：${p.text}`),
    );
  }
  // checkFramework's other step (its schema and meaning checks have just passed on this very value)
  checkJsonShape(fw, fileLabel);
  return framework;
}

export { FRAMEWORK_FORMAT, FRAMEWORK_FORMAT_VERSION };
