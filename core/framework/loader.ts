/**
 * Loading indicator framework files (templates/frameworks/*.json and files users import).
 *
 * A framework file is untrusted DATA: it is size-limited, parsed as JSON (never evaluated), walked for hostile
 * keys and absurd nesting, checked by the zod schema, and then checked for meaning: unique ids, every
 * referenced indicator / document exists, every formula and rule expression passes the safe expression parser
 * (core/framework/expr.ts) and names only indicators. Every refusal is a QarError('FRAMEWORK') whose Chinese
 * message names the file, the place inside it (tables[2].indicators[5].formula) and what is wrong.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type * as z from 'zod';
// the one locale by its own path: `z.locales` carries all of zod's ~50 languages into every bundle
import zhCN from 'zod/v4/locales/zh-CN.js';
import { QarError } from '../errors';
import { SchoolCategory } from '../model';
import { ALLOWED_FUNCTIONS, ExprError, identifiersOf, isSafeIdentifier, parseExpr } from './expr';
import {
  FRAMEWORK_FORMAT,
  FRAMEWORK_FORMAT_VERSION,
  Framework,
  type Indicator,
  type Rule,
  SCHOOL_KIND,
  TableId,
} from './schema';

/** Far above a real framework (the 2024 files are ~100 KB) and small enough to parse instantly. */
export const MAX_FRAMEWORK_BYTES = 2 * 1024 * 1024;
/** The format nests 6 levels deep; anything much deeper is an attack on recursive code downstream. */
export const MAX_JSON_DEPTH = 16;
/** Objects, arrays and values together. */
export const MAX_JSON_NODES = 200_000;
/** How many problems one message lists before summarising the rest. */
const MAX_REPORTED = 3;

/**
 * Keys that JSON.parse turns into own properties and that later code (spreads, merges, lookups by key) could
 * treat as the prototype chain. The format never uses them, nor any key starting with "__".
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Placeholders the validation engine fills in rule messages (documented in docs/frameworks.md). A rule may
 * also name any indicator id of the framework, e.g. {teachers_dual}, to print that indicator's value.
 */
export const MESSAGE_PLACEHOLDERS = [
  'name', // the indicator's Chinese name
  'value', // the value checked (formatted with its unit)
  'unit',
  'year',
  'reference', // the rule's reference value (threshold / target)
  'deadline', // target deadline year
  'since', // the year a target was set
  'expected', // derived: the recomputed value
  'difference', // derived: |stated − recomputed|
  'tolerance',
  'previous', // yoy: last year's value
  'prev', // yoy: same as previous
  'prevYear', // yoy: last year
  'computed', // derived: same as expected
  'diff', // derived: same as difference
  'formula', // derived: the indicator's formula
  'gap', // target: how far the value is from the reference
  'values', // consistency / threshold: the values involved, 「名称 数值」 joined
  'title', // the rule's title
  'school', // the school's name
  'category', // the school's category (综合、工科 …)
  'written', // narrative: the text as written
  'count', // structure: how many items are missing
  'label', // structure: a label for the place
  'change', // yoy: signed relative change, e.g. +62.5%
  'min',
  'max',
  'table', // a table's Chinese name
  'chapter', // structure: chapter title
  'case', // structure: 【案例 X-Y】 label
  'figure', // structure: 图 X-Y label
  'length', // structure: a case body's length in characters
  'found', // narrative: the number found in the text
] as const;
const PLACEHOLDER_SET = new Set<string>(MESSAGE_PLACEHOLDERS);
const FUNCTION_SET = new Set<string>(ALLOWED_FUNCTIONS);
const CATEGORY_SET = new Set<string>(SchoolCategory.options);

export type PathPart = string | number | symbol;

/** tables[2].indicators[5].formula — how a place in the file is shown to users. */
export function formatPath(path: readonly PathPart[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const s = String(p);
      out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? (out ? `.${s}` : s) : `[${JSON.stringify(s)}]`;
    }
  }
  return out || '（文件顶层）';
}

export function refuse(fileLabel: string, problems: readonly string[]): never {
  const shown = problems.slice(0, MAX_REPORTED).join('；');
  const more = problems.length > MAX_REPORTED ? `；另有 ${problems.length - MAX_REPORTED} 处问题` : '';
  throw new QarError('FRAMEWORK', `指标框架文件「${fileLabel}」有误：${shown}${more}。请修改该文件后重新导入。`);
}

// ---------------------------------------------------------------------------------------------
// Step 1: text -> JSON value, with size and structure limits.

function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < index && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: index - last };
}

/**
 * Index of the first JSON syntax error (V8's own message has no position any more). Iterative, so deeply
 * nested input cannot exhaust the stack; only called after JSON.parse has failed.
 */
export function jsonErrorIndex(text: string): number {
  const n = text.length;
  let i = 0;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const literal = (): boolean => {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"') {
        const code = text.charCodeAt(i);
        if (code < 0x20) return false;
        if (text[i] === '\\') {
          const e = text[i + 1];
          if (e === 'u') {
            if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
            i += 6;
            continue;
          }
          if (e === undefined || !'"\\/bfnrt'.includes(e)) return false;
          i += 2;
          continue;
        }
        i++;
      }
      if (i >= n) return false;
      i++;
      return true;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return true;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  // stack of open containers: '{' expecting key, ':' after key, '[' in array
  const stack: Array<'{' | '['> = [];
  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push(c);
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          stack.pop();
          i++;
          expectValue = false;
          continue;
        }
        if (c === '{') {
          if (text[i] !== '"' || !literal()) return i;
          ws();
          if (text[i] !== ':') return i;
          i++;
        }
        continue;
      }
      if (!literal()) return i;
      expectValue = false;
      continue;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return i < n ? i : -1;
    const c = text[i];
    if (c === ',') {
      i++;
      if (top === '{') {
        ws();
        if (text[i] !== '"' || !literal()) return i;
        ws();
        if (text[i] !== ':') return i;
        i++;
      }
      expectValue = true;
      continue;
    }
    if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
      stack.pop();
      i++;
      continue;
    }
    return i;
  }
}

function parseJson(text: string, fileLabel: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // A failure of JSON.parse itself on absurd nesting (RangeError) is reported the same way.
    const index = jsonErrorIndex(text);
    let where = '';
    if (index >= 0) {
      const { line, column } = lineColumn(text, Math.min(index, text.length));
      where = `（第 ${line} 行第 ${column} 列附近）`;
    }
    throw new QarError(
      'FRAMEWORK',
      `指标框架文件「${fileLabel}」不是有效的 JSON${where}：请检查括号、引号和逗号是否成对、完整。`,
      { cause: e },
    );
  }
}

/** Iterative walk (no recursion to exhaust): forbidden keys, nesting depth, node count. */
export function checkJsonShape(root: unknown, fileLabel: string): void {
  const stack: Array<{ v: unknown; path: PathPart[] }> = [{ v: root, path: [] }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: PathPart[] };
    nodes++;
    if (nodes > MAX_JSON_NODES) refuse(fileLabel, [`内容过多（超过 ${MAX_JSON_NODES} 个数据项），不是正常的指标框架`]);
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH)
      refuse(fileLabel, [`${formatPath(path)} 嵌套超过 ${MAX_JSON_DEPTH} 层，不是正常的指标框架`]);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key) || key.startsWith('__')) {
        refuse(fileLabel, [`${formatPath([...path, key])} 使用了被禁止的键名「${key}」（可能是恶意文件）`]);
      }
      stack.push({ v: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Step 2: zod schema, with Chinese messages.

const TYPE_NAMES: Record<string, string> = {
  string: '文字',
  number: '数字',
  int: '整数',
  boolean: 'true 或 false',
  array: '列表',
  object: '对象',
  undefined: '空',
  null: 'null',
};
const zhLocale = zhCN().localeError;

/** Chinese issue text: the common cases in plain words, zod's zh-CN locale for the rest. */
export const issueMessage: z.core.$ZodErrorMap = (iss) => {
  if (iss.code === 'invalid_type') {
    if (iss.input === undefined) return '缺少此项';
    return `应为${TYPE_NAMES[iss.expected] ?? iss.expected}`;
  }
  if (iss.code === 'invalid_union' && iss.path?.[iss.path.length - 1] === 'kind') {
    return `规则类型（kind）必须是以下之一：${RULE_KINDS.join('、')}`;
  }
  if (iss.code === 'invalid_value' && iss.values.length === 1) return `应为 ${JSON.stringify(iss.values[0])}`;
  return zhLocale(iss);
};
const RULE_KINDS = [
  'completeness',
  'range',
  'consistency',
  'derived',
  'yoy',
  'threshold',
  'target',
  'structure',
  'narrative',
];

// ---------------------------------------------------------------------------------------------
// Step 3: meaning.

interface Problem {
  path: PathPart[];
  text: string;
}

class Checker {
  readonly problems: Problem[] = [];
  private readonly indicatorIds = new Map<string, { table: string; path: PathPart[]; ind: Indicator }>();

  constructor(private readonly fw: Framework) {}

  add(path: PathPart[], text: string): void {
    this.problems.push({ path, text });
  }

  run(): void {
    this.tables();
    this.indicators();
    this.renamed();
    this.rules();
  }

  private tables(): void {
    const ids = new Set<string>();
    const orders = new Set<number>();
    this.fw.tables.forEach((t, ti) => {
      if (ids.has(t.id)) this.add(['tables', ti, 'id'], `表「${t.id}」重复出现`);
      if (orders.has(t.order)) this.add(['tables', ti, 'order'], `表序号 ${t.order} 重复`);
      ids.add(t.id);
      orders.add(t.order);
    });
    // a 学校年报 keeps the national six tables (their ids are what the appendix and other tools rely on)
    if (this.fw.kind === SCHOOL_KIND) {
      const six = TableId.options;
      if (this.fw.tables.length !== six.length) {
        this.add(
          ['tables'],
          `学校年报的指标框架应有 ${six.length} 张表（${six.join('、')}），现有 ${this.fw.tables.length} 张`,
        );
      }
      this.fw.tables.forEach((t, ti) => {
        if (!(six as readonly string[]).includes(t.id)) {
          this.add(['tables', ti, 'id'], `学校年报的表编号应为 ${six.join('、')} 之一，不能是「${t.id}」`);
        }
        if (t.order > six.length) this.add(['tables', ti, 'order'], `学校年报的表序号应为 1–${six.length}`);
      });
    }
  }

  /** Earlier editions' ids (old → new): the new id must exist here, the old one must not (it would be ambiguous). */
  private renamed(): void {
    for (const [from, to] of Object.entries(this.fw.renamed)) {
      if (!this.indicatorIds.has(to)) this.add(['renamed', from], `改名后的指标「${to}」不在本框架中`);
      if (this.indicatorIds.has(from))
        this.add(['renamed', from], `旧指标编号「${from}」仍在本框架中，不能同时登记为已改名`);
    }
  }

  private indicators(): void {
    this.fw.tables.forEach((t, ti) => {
      t.indicators.forEach((ind, ii) => {
        const path: PathPart[] = ['tables', ti, 'indicators', ii];
        if (!isSafeIdentifier(ind.id)) {
          this.add([...path, 'id'], `指标编号「${ind.id}」是保留名称或函数名，不能使用`);
        }
        const prior = this.indicatorIds.get(ind.id);
        if (prior) this.add([...path, 'id'], `指标编号「${ind.id}」与 ${formatPath(prior.path)} 重复`);
        else this.indicatorIds.set(ind.id, { table: t.id, path, ind });
      });
    });
    for (const [id, { table, path, ind }] of this.indicatorIds) {
      this.citation(path, ind.citation?.doc);
      if (ind.partOf !== undefined) {
        const parent = this.indicatorIds.get(ind.partOf);
        if (!parent) this.add([...path, 'partOf'], `所属指标「${ind.partOf}」不存在`);
        else if (ind.partOf === id) this.add([...path, 'partOf'], '指标不能是它自己的一部分');
        else if (parent.table !== table) this.add([...path, 'partOf'], `所属指标「${ind.partOf}」不在同一张表中`);
      }
      if (ind.formula !== undefined) {
        const ids = this.expression([...path, 'formula'], ind.formula, `指标 ${id} 的计算公式`);
        if (ids?.includes(id)) this.add([...path, 'formula'], '计算公式不能引用指标自身');
      }
    }
    this.partOfCycles();
    this.sumsOfParts();
    this.formulaCycles();
  }

  /** A whole declared the sum of its parts must have parts to add up. */
  private sumsOfParts(): void {
    const wholes = new Set<string>();
    for (const { ind } of this.indicatorIds.values()) if (ind.partOf !== undefined) wholes.add(ind.partOf);
    for (const [id, { path, ind }] of this.indicatorIds) {
      if (ind.sumOfParts && !wholes.has(id)) {
        this.add([...path, 'sumOfParts'], '标为“等于其中各项之和”，但没有任何指标的 partOf 指向它');
      }
    }
  }

  private partOfCycles(): void {
    for (const [id, { path }] of this.indicatorIds) {
      const seen = new Set<string>([id]);
      let cur = this.indicatorIds.get(id)?.ind.partOf;
      while (cur !== undefined) {
        if (seen.has(cur)) {
          this.add([...path, 'partOf'], `“其中”关系形成循环（${[...seen, cur].join(' → ')}）`);
          break;
        }
        seen.add(cur);
        cur = this.indicatorIds.get(cur)?.ind.partOf;
      }
    }
  }

  /** Derived indicators must not depend on themselves through other formulas (the engine would loop). */
  private formulaCycles(): void {
    const deps = new Map<string, string[]>();
    for (const [id, { ind }] of this.indicatorIds) {
      if (ind.formula === undefined) continue;
      try {
        deps.set(id, identifiersOf(parseExpr(ind.formula)));
      } catch {
        // already reported by expression()
      }
    }
    const state = new Map<string, 1 | 2>(); // 1 = on the current path, 2 = done
    for (const start of deps.keys()) {
      if (state.has(start)) continue;
      const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
      state.set(start, 1);
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as { id: string; next: number };
        const children = deps.get(top.id) ?? [];
        if (top.next >= children.length) {
          state.set(top.id, 2);
          stack.pop();
          continue;
        }
        const child = children[top.next++] as string;
        if (state.get(child) === 1) {
          const cycle = [...stack.slice(stack.findIndex((s) => s.id === child)).map((s) => s.id), child];
          const at = this.indicatorIds.get(top.id)?.path ?? [];
          this.add([...at, 'formula'], `计算公式之间形成循环（${cycle.join(' → ')}）`);
          return;
        }
        if (!state.has(child) && deps.has(child)) {
          state.set(child, 1);
          stack.push({ id: child, next: 0 });
        }
      }
    }
  }

  private citation(path: PathPart[], doc: string | undefined): void {
    if (doc === undefined) return;
    if (!Object.hasOwn(this.fw.documents, doc)) {
      this.add([...path, 'citation', 'doc'], `引用的文件编号「${doc}」不在 documents 中`);
    }
  }

  /** Parses an expression; reports problems; returns the indicator ids it reads (or undefined on error). */
  private expression(path: PathPart[], src: string, what: string): string[] | undefined {
    let ids: string[];
    try {
      ids = identifiersOf(parseExpr(src));
    } catch (e) {
      if (e instanceof ExprError) {
        this.add(path, `${what}在第 ${e.position} 个字符处有误（${e.message}）`);
        return undefined;
      }
      throw e;
    }
    for (const id of ids) {
      // expr.ts whitelists already; the loader refuses again so a change there cannot open a hole here.
      if (FUNCTION_SET.has(id) || !isSafeIdentifier(id)) this.add(path, `${what}使用了不允许的名称「${id}」`);
      else if (!this.indicatorIds.has(id)) this.add(path, `${what}引用的指标「${id}」不存在`);
    }
    return ids;
  }

  private ref(path: PathPart[], id: string, what: string): void {
    if (!this.indicatorIds.has(id)) this.add(path, `${what}引用的指标「${id}」不存在`);
  }

  private message(path: PathPart[], text: string, what: string): void {
    for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
      const name = m[1] as string;
      if (!PLACEHOLDER_SET.has(name) && !this.indicatorIds.has(name)) {
        this.add(path, `${what}中的占位符「{${name}}」既不是可用占位符，也不是本框架的指标编号`);
      }
    }
  }

  private rules(): void {
    const seen = new Map<string, number>();
    this.fw.rules.forEach((rule, ri) => {
      const p: PathPart[] = ['rules', ri];
      const what = `规则 ${rule.id} `;
      const prior = seen.get(rule.id);
      if (prior !== undefined) this.add([...p, 'id'], `规则编号「${rule.id}」与 rules[${prior}] 重复`);
      else seen.set(rule.id, ri);
      this.citation(p, rule.citation?.doc);
      this.message([...p, 'message'], rule.message, what);
      this.message([...p, 'hint'], rule.hint, what);
      if (rule.when !== undefined) this.expression([...p, 'when'], rule.when, `${what}的适用条件`);
      rule.categories.forEach((c, ci) => {
        if (!CATEGORY_SET.has(c)) {
          this.add([...p, 'categories', ci], `学校类别「${c}」不在 ${SchoolCategory.options.join('、')} 之中`);
        }
      });
      this.ruleBody(rule, p, what);
    });
  }

  private ruleBody(rule: Rule, p: PathPart[], what: string): void {
    switch (rule.kind) {
      case 'completeness':
      case 'yoy':
        for (const [i, id] of rule.indicators.entries()) this.ref([...p, 'indicators', i], id, what);
        return;
      case 'range':
        this.ref([...p, 'indicator'], rule.indicator, what);
        if (rule.min === undefined && rule.max === undefined) this.add(p, `${what}至少要有 min 或 max`);
        if (rule.min !== undefined && rule.max !== undefined && rule.min > rule.max) {
          this.add([...p, 'min'], `${what}的 min（${rule.min}）大于 max（${rule.max}）`);
        }
        return;
      case 'consistency':
        this.expression([...p, 'expr'], rule.expr, `${what}的表达式`);
        return;
      case 'derived': {
        this.ref([...p, 'indicator'], rule.indicator, what);
        const target = this.indicatorIds.get(rule.indicator);
        if (target && target.ind.formula === undefined) {
          this.add([...p, 'indicator'], `${what}核对的指标「${rule.indicator}」没有计算公式`);
        }
        return;
      }
      case 'threshold':
        this.expression([...p, 'expr'], rule.expr, `${what}的表达式`);
        this.ref([...p, 'indicator'], rule.indicator, what);
        return;
      case 'target':
        this.expression([...p, 'expr'], rule.expr, `${what}的表达式`);
        this.ref([...p, 'indicator'], rule.indicator, what);
        if (rule.since !== undefined && rule.since > rule.deadline) {
          this.add([...p, 'since'], `${what}的起始年份 ${rule.since} 晚于截止年份 ${rule.deadline}`);
        }
        return;
      case 'structure':
        if (rule.check === 'case-length' && rule.max === undefined) this.add([...p, 'max'], `${what}缺少字数上限 max`);
        return;
      case 'narrative':
        for (const [i, id] of rule.indicators.entries()) this.ref([...p, 'indicators', i], id, what);
        for (const id of Object.keys(rule.aliases)) this.ref([...p, 'aliases', id], id, what);
        return;
    }
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Step 1 for any framework-like JSON file (a framework, an edition file): size, BOM, JSON syntax, forbidden keys,
 * depth and node count. Returns the parsed value (not yet checked for meaning).
 */
export function parseFrameworkJson(text: string, fileLabel: string): unknown {
  if (typeof text !== 'string') refuse(fileLabel, ['内容不是文本']);
  // UTF-8 bytes ≥ UTF-16 units, so the cheap length test settles most oversized inputs before encoding.
  if (text.length > MAX_FRAMEWORK_BYTES || new TextEncoder().encode(text).length > MAX_FRAMEWORK_BYTES) {
    throw new QarError(
      'FRAMEWORK',
      `指标框架文件「${fileLabel}」过大（超过 ${MAX_FRAMEWORK_BYTES / 1024 / 1024} MB），不是正常的指标框架，已拒绝导入。`,
    );
  }
  const raw = parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, fileLabel);
  checkJsonShape(raw, fileLabel);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    refuse(fileLabel, ['文件内容应是一个 JSON 对象']);
  }
  return raw;
}

/** A place in the framework and what is wrong there (Chinese). */
export interface FrameworkProblem {
  path: PathPart[];
  text: string;
}

/**
 * Steps 2 and 3 without throwing: the format head, the zod schema and the meaning checks. An empty list means
 * the value is a valid framework. Callers that know where each path came from (the Excel form) map paths to
 * cells; `checkFramework` turns the list into the usual one-line refusal.
 */
export function frameworkProblems(raw: unknown): { framework?: Framework; problems: FrameworkProblem[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [{ path: [], text: '文件内容应是一个 JSON 对象' }] };
  }
  const head = raw as Record<string, unknown>;
  if (head.format !== FRAMEWORK_FORMAT) {
    return { problems: [{ path: ['format'], text: `format 应为 "${FRAMEWORK_FORMAT}"，这不是指标框架文件` }] };
  }
  if (typeof head.formatVersion === 'number' && head.formatVersion > FRAMEWORK_FORMAT_VERSION) {
    return {
      problems: [
        {
          path: ['formatVersion'],
          text: `formatVersion 为 ${head.formatVersion}，由更新版本的程序生成（本程序支持 ${FRAMEWORK_FORMAT_VERSION}），请升级程序`,
        },
      ],
    };
  }
  const parsed = Framework.safeParse(raw, { error: issueMessage });
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((i) => ({ path: [...i.path], text: i.message })) };
  }
  const checker = new Checker(parsed.data);
  checker.run();
  if (checker.problems.length > 0) return { problems: checker.problems };
  return { framework: parsed.data, problems: [] };
}

/** Steps 2 and 3: throws QarError('FRAMEWORK') naming the file, the place and the problem. */
export function checkFramework(raw: unknown, fileLabel: string): Framework {
  checkJsonShape(raw, fileLabel);
  const { framework, problems } = frameworkProblems(raw);
  if (!framework)
    refuse(
      fileLabel,
      problems.map((p) => `${formatPath(p.path)}：${p.text}`),
    );
  return framework;
}

/**
 * Parses and checks a framework file's text. `fileLabel` names the file in messages (e.g. its file name).
 * Throws QarError('FRAMEWORK') with a Chinese message naming the file, the place and the problem.
 */
export function parseFramework(text: string, fileLabel: string): Framework {
  return checkFramework(parseFrameworkJson(text, fileLabel), fileLabel);
}

/** Reads a framework-like file's text with the size limit applied before reading. */
export function readFrameworkText(path: string): string {
  const label = basename(path);
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch (e) {
    throw new QarError('NOT_FOUND', `找不到指标框架文件「${path}」，请确认路径是否正确。`, { cause: e });
  }
  // Refuse before reading: a hostile multi-GB file must not be loaded into memory.
  if (size > MAX_FRAMEWORK_BYTES) {
    throw new QarError(
      'FRAMEWORK',
      `指标框架文件「${label}」过大（超过 ${MAX_FRAMEWORK_BYTES / 1024 / 1024} MB），不是正常的指标框架，已拒绝导入。`,
    );
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new QarError('NOT_FOUND', `无法读取指标框架文件「${path}」，请确认文件存在且有读取权限。`, { cause: e });
  }
}

/** Reads and checks a framework file. NOT_FOUND when it cannot be read; FRAMEWORK when it is invalid. */
export function loadFrameworkFile(path: string): Framework {
  return parseFramework(readFrameworkText(path), basename(path));
}
