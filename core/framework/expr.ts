/**
 * Safe expressions for framework formulas and rules ("grad_placed / grad_total * 100", "teachers_double >= 0.5 * x").
 *
 * Framework files may come from users, so an expression is DATA: it is lexed (to reject anything outside the
 * whitelist with an exact character position), parsed by jsep, and converted into our own small AST. Only
 * numbers, true/false, snake_case indicator ids, a few operators and whitelisted functions survive. Evaluation
 * walks that AST with Maps and switch statements: no eval, no property lookup on user-supplied strings.
 *
 * Missing data is `undefined` all the way up (never NaN, never 0): a rule over missing values has "no data".
 */
import jsep from 'jsep';
import { QarError } from '../errors';

export const MAX_EXPR_LENGTH = 500;
export const MAX_EXPR_DEPTH = 32;

export type UnaryOp = '-' | '+' | '!';
export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '<'
  | '<='
  | '>'
  | '>='
  | '=='
  | '!='
  | '==='
  | '!=='
  | '&&'
  | '||';

/** Whitelisted functions. prev/has take an indicator id; the rest take expressions. */
export const ALLOWED_FUNCTIONS = [
  'min', // min(a, b, …)
  'max', // max(a, b, …)
  'abs', // abs(x)
  'round', // round(x) / round(x, decimals)
  'sum', // sum(a, b, …): no data when any part is missing
  'coalesce', // coalesce(a, b, …): the first present value (coalesce(x, 0) treats missing as 0 on purpose)
  'ratio', // ratio(a, b) = a / b
  'pct', // pct(a, b) = a / b * 100
  'prev', // prev(id): the previous year's value
  'has', // has(id): true when the value is present
] as const;
export type FunctionName = (typeof ALLOWED_FUNCTIONS)[number];

export type ExprNode =
  | { readonly type: 'num'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'id'; readonly name: string }
  | { readonly type: 'unary'; readonly op: UnaryOp; readonly arg: ExprNode }
  | { readonly type: 'binary'; readonly op: BinaryOp; readonly left: ExprNode; readonly right: ExprNode }
  | { readonly type: 'cond'; readonly test: ExprNode; readonly yes: ExprNode; readonly no: ExprNode }
  | { readonly type: 'call'; readonly fn: FunctionName; readonly args: readonly ExprNode[] };

export type ExprValue = number | boolean | undefined;

export interface ExprScope {
  get(id: string): number | undefined;
  prev(id: string): number | undefined;
}

/** A refused or malformed expression. `position` is 1-based (the character the message talks about). */
export class ExprError extends QarError {
  readonly position: number;
  readonly source: string;
  constructor(message: string, position: number, source: string) {
    super('FRAMEWORK', message);
    this.name = 'ExprError';
    this.position = position;
    this.source = source;
  }
}

const FUNCTION_ARITY = new Map<FunctionName, { min: number; max: number; idArg: boolean }>([
  ['min', { min: 1, max: 20, idArg: false }],
  ['max', { min: 1, max: 20, idArg: false }],
  ['abs', { min: 1, max: 1, idArg: false }],
  ['round', { min: 1, max: 2, idArg: false }],
  ['sum', { min: 1, max: 50, idArg: false }],
  ['coalesce', { min: 1, max: 20, idArg: false }],
  ['ratio', { min: 2, max: 2, idArg: false }],
  ['pct', { min: 2, max: 2, idArg: false }],
  ['prev', { min: 1, max: 1, idArg: true }],
  ['has', { min: 1, max: 1, idArg: true }],
]);

const UNARY_OPS = new Set<string>(['-', '+', '!']);
const BINARY_OPS = new Set<string>([
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
  '===',
  '!==',
  '&&',
  '||',
]);
/** Operators the lexer recognises, longest first; anything recognised but not allowed is refused by name. */
const LEXED_OPS = [
  '>>>=',
  '===',
  '!==',
  '>>>',
  '**=',
  '<<=',
  '>>=',
  '**',
  '<=',
  '>=',
  '==',
  '!=',
  '&&',
  '||',
  '??',
  '?.',
  '<<',
  '>>',
  '=>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '++',
  '--',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '!',
  '?',
  ':',
  '(',
  ')',
  ',',
  '=',
  '&',
  '|',
  '^',
  '~',
];
const ALLOWED_PUNCT = new Set<string>([...UNARY_OPS, ...BINARY_OPS, '?', ':', '(', ')', ',']);

const INDICATOR_ID_RE = /^[a-z][a-z0-9_]{0,63}$/;
/** Names that must never reach a lookup, even through a Map: prototype members and JS keywords. */
const RESERVED_NAMES = new Set<string>([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
  ...Object.getOwnPropertyNames(Object.prototype).map((n) => n.toLowerCase()),
  ...Object.getOwnPropertyNames(Function.prototype).map((n) => n.toLowerCase()),
  'prototype',
  'constructor',
  '__proto__',
  'this',
  'null',
  'undefined',
  'nan',
  'infinity',
  'new',
  'typeof',
  'void',
  'delete',
  'in',
  'instanceof',
  'function',
  'return',
  'var',
  'let',
  'const',
  'class',
  'import',
  'export',
  'await',
  'yield',
  'globalthis',
  'window',
  'process',
  'require',
  'eval',
]);

function isFunctionName(name: string): name is FunctionName {
  return FUNCTION_ARITY.has(name as FunctionName);
}

function fail(src: string, index0: number, what: string): never {
  throw new ExprError(`表达式第 ${index0 + 1} 个字符处${what}：${src}`, index0 + 1, src);
}

/** True when the name is a usable indicator id (snake_case, never a prototype member or keyword). */
export function isSafeIdentifier(name: string): boolean {
  return INDICATOR_ID_RE.test(name) && !RESERVED_NAMES.has(name) && !isFunctionName(name);
}

// ---------------------------------------------------------------------------------------------
// Lexical whitelist: exact positions for everything we refuse.

const NUMBER_RE = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
const WORD_RE = /^[A-Za-z_$\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/;

function lexCheck(src: string): void {
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = NUMBER_RE.exec(rest);
    if (num) {
      const after = src[i + num[0].length];
      if (after === '.') fail(src, i + num[0].length, '不允许使用成员访问');
      if (after !== undefined && /[A-Za-z_$\u0080-\uffff]/.test(after))
        fail(src, i, `的数字「${num[0]}${after}」写法不正确`);
      i += num[0].length;
      continue;
    }
    const word = WORD_RE.exec(rest);
    if (word) {
      const name = word[0];
      if (name === 'true' || name === 'false') {
        i += name.length;
        continue;
      }
      if (name === 'this') fail(src, i, '不允许使用 this');
      if (/[\u0080-\uffff]/.test(name)) fail(src, i, `不允许使用「${name}」：指标编号只能用小写字母、数字和下划线`);
      let j = i + name.length;
      while (src[j] === ' ' || src[j] === '\t') j++;
      const isCall = src[j] === '(';
      if (isCall) {
        if (!isFunctionName(name)) fail(src, i, `不允许调用函数「${name}」（可用：${ALLOWED_FUNCTIONS.join('、')}）`);
      } else if (isFunctionName(name)) {
        fail(src, i, `函数「${name}」后面必须跟括号`);
      } else if (RESERVED_NAMES.has(name) || RESERVED_NAMES.has(name.toLowerCase())) {
        fail(src, i, `不允许使用保留名称「${name}」`);
      } else if (!INDICATOR_ID_RE.test(name)) {
        fail(src, i, `不允许使用「${name}」：指标编号只能用小写字母开头的小写字母、数字和下划线`);
      }
      i += name.length;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') fail(src, i, '不允许使用字符串');
    if (ch === '.') fail(src, i, '不允许使用成员访问');
    if (ch === '[' || ch === ']') fail(src, i, '不允许使用成员访问或数组');
    if (ch === '{' || ch === '}') fail(src, i, '不允许使用对象或语句块');
    if (ch === ';') fail(src, i, '不允许使用多条语句');
    const op = LEXED_OPS.find((o) => rest.startsWith(o));
    if (!op) fail(src, i, `不允许使用字符「${ch}」`);
    if (op === '?.') fail(src, i, '不允许使用成员访问');
    if (!ALLOWED_PUNCT.has(op)) fail(src, i, `不允许使用运算符「${op}」`);
    i += op.length;
  }
}

// ---------------------------------------------------------------------------------------------
// Structural whitelist over jsep's AST (defence in depth: the lexer already refused most things).

function structural(src: string, what: string): never {
  // jsep nodes carry no positions; point at the first character so the message still has one.
  throw new ExprError(`表达式${what}：${src}`, 1, src);
}

function convert(src: string, n: jsep.Expression, depth: number): ExprNode {
  if (depth > MAX_EXPR_DEPTH) structural(src, `嵌套超过 ${MAX_EXPR_DEPTH} 层`);
  switch (n.type) {
    case 'Literal': {
      const v = (n as jsep.Literal).value;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) structural(src, '中的数字超出范围');
        return { type: 'num', value: v };
      }
      if (typeof v === 'boolean') return { type: 'bool', value: v };
      return structural(src, '只允许数字和 true/false 常量，不允许字符串或 null');
    }
    case 'Identifier': {
      const name = (n as jsep.Identifier).name;
      if (!isSafeIdentifier(name)) structural(src, `不允许使用「${name}」`);
      return { type: 'id', name };
    }
    case 'UnaryExpression': {
      const u = n as jsep.UnaryExpression;
      if (!UNARY_OPS.has(u.operator)) structural(src, `不允许使用运算符「${u.operator}」`);
      return { type: 'unary', op: u.operator as UnaryOp, arg: convert(src, u.argument, depth + 1) };
    }
    case 'BinaryExpression': {
      const b = n as jsep.BinaryExpression;
      if (!BINARY_OPS.has(b.operator)) structural(src, `不允许使用运算符「${b.operator}」`);
      return {
        type: 'binary',
        op: b.operator as BinaryOp,
        left: convert(src, b.left, depth + 1),
        right: convert(src, b.right, depth + 1),
      };
    }
    case 'ConditionalExpression': {
      const c = n as jsep.ConditionalExpression;
      return {
        type: 'cond',
        test: convert(src, c.test, depth + 1),
        yes: convert(src, c.consequent, depth + 1),
        no: convert(src, c.alternate, depth + 1),
      };
    }
    case 'CallExpression': {
      const c = n as jsep.CallExpression;
      if (c.callee.type !== 'Identifier') structural(src, '只允许直接调用白名单函数');
      const fn = (c.callee as jsep.Identifier).name;
      if (!isFunctionName(fn)) structural(src, `不允许调用函数「${fn}」`);
      const arity = FUNCTION_ARITY.get(fn)!;
      const argc = c.arguments.length;
      if (argc < arity.min || argc > arity.max) {
        const want = arity.min === arity.max ? `${arity.min}` : `${arity.min}–${arity.max}`;
        structural(src, `中函数「${fn}」需要 ${want} 个参数，实际为 ${argc} 个`);
      }
      if (arity.idArg) {
        const a = c.arguments[0]!;
        if (a.type !== 'Identifier') structural(src, `中函数「${fn}」的参数必须是一个指标编号`);
      }
      return { type: 'call', fn, args: c.arguments.map((a) => convert(src, a, depth + 1)) };
    }
    case 'MemberExpression':
      return structural(src, '不允许使用成员访问');
    case 'ThisExpression':
      return structural(src, '不允许使用 this');
    case 'ArrayExpression':
      return structural(src, '不允许使用数组');
    case 'Compound':
    case 'SequenceExpression':
      return structural(src, '只能是一个表达式，不允许用逗号或空格连接多个表达式');
    default:
      return structural(src, `不允许使用「${n.type}」结构`);
  }
}

/** Parses and whitelists an expression. Throws ExprError (a QarError with code FRAMEWORK) with a Chinese message. */
export function parseExpr(src: string): ExprNode {
  if (typeof src !== 'string') throw new ExprError('表达式必须是文字', 1, String(src));
  if (src.length > MAX_EXPR_LENGTH) {
    throw new ExprError(`表达式过长（${src.length} 个字符，最多 ${MAX_EXPR_LENGTH} 个）`, MAX_EXPR_LENGTH + 1, src);
  }
  if (src.trim() === '') throw new ExprError('表达式不能为空', 1, src);
  lexCheck(src);
  // Bracket depth bounds jsep's recursion before it runs (the length limit alone allows ~250 levels).
  let open = 0;
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '(') open++;
    else if (src[i] === ')') open--;
    if (open > MAX_EXPR_DEPTH) fail(src, i, `括号嵌套超过 ${MAX_EXPR_DEPTH} 层`);
  }
  let ast: jsep.Expression;
  try {
    ast = jsep(src);
  } catch (e) {
    const index = typeof (e as { index?: unknown }).index === 'number' ? (e as { index: number }).index : 0;
    const desc = (e as { description?: unknown }).description;
    fail(
      src,
      Math.min(index, Math.max(src.length - 1, 0)),
      `语法错误（${typeof desc === 'string' ? desc : '无法解析'}）`,
    );
  }
  if (!ast) structural(src, '不能为空');
  return convert(src, ast, 0);
}

/** Every indicator id the expression reads (including inside prev()/has()), in order of first appearance. */
export function identifiersOf(node: ExprNode): string[] {
  const seen = new Set<string>();
  const walk = (n: ExprNode): void => {
    switch (n.type) {
      case 'id':
        seen.add(n.name);
        return;
      case 'unary':
        walk(n.arg);
        return;
      case 'binary':
        walk(n.left);
        walk(n.right);
        return;
      case 'cond':
        walk(n.test);
        walk(n.yes);
        walk(n.no);
        return;
      case 'call':
        for (const a of n.args) walk(a);
        return;
      default:
        return;
    }
  };
  walk(node);
  return [...seen];
}

// ---------------------------------------------------------------------------------------------
// Evaluation: three-valued (value / no data), finite numbers only.

export interface EvaluateOptions {
  /** absolute tolerance for == / != (and === / !==) between numbers; sums compared "within 1" etc. */
  tolerance?: number;
}

/** Relative slack so that 0.1 + 0.2 == 0.3 holds with tolerance 0. */
const EPS = 1e-9;

function num(v: ExprValue): number | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}
function truthy(v: ExprValue): boolean | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'boolean' ? v : v !== 0;
}
function finite(x: number): number | undefined {
  return Number.isFinite(x) ? x : undefined;
}
function roundTo(x: number, d: number): number {
  const f = 10 ** d;
  // Number.EPSILON nudge so that 1.005 rounds to 1.01 as people expect.
  return Math.round((x + Math.sign(x) * Number.EPSILON * Math.abs(x)) * f) / f;
}

function equal(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol + EPS * Math.max(1, Math.abs(a), Math.abs(b));
}

function evalNode(n: ExprNode, scope: ExprScope, tol: number): ExprValue {
  switch (n.type) {
    case 'num':
    case 'bool':
      return n.value;
    case 'id': {
      const v = scope.get(n.name);
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    }
    case 'unary': {
      const a = evalNode(n.arg, scope, tol);
      if (n.op === '!') {
        const t = truthy(a);
        return t === undefined ? undefined : !t;
      }
      const x = num(a);
      if (x === undefined) return undefined;
      return n.op === '-' ? -x : x;
    }
    case 'binary': {
      if (n.op === '&&' || n.op === '||') {
        // Kleene logic: false && ? = false, true || ? = true; otherwise unknown stays unknown.
        const l = truthy(evalNode(n.left, scope, tol));
        if (n.op === '&&' && l === false) return false;
        if (n.op === '||' && l === true) return true;
        const r = truthy(evalNode(n.right, scope, tol));
        if (n.op === '&&') return r === false ? false : l === undefined || r === undefined ? undefined : true;
        return r === true ? true : l === undefined || r === undefined ? undefined : false;
      }
      const l = num(evalNode(n.left, scope, tol));
      const r = num(evalNode(n.right, scope, tol));
      if (l === undefined || r === undefined) return undefined;
      switch (n.op) {
        case '+':
          return finite(l + r);
        case '-':
          return finite(l - r);
        case '*':
          return finite(l * r);
        case '/':
          return r === 0 ? undefined : finite(l / r);
        case '%':
          return r === 0 ? undefined : finite(l % r);
        case '<':
          return l < r && !equal(l, r, 0);
        case '<=':
          return l <= r || equal(l, r, 0);
        case '>':
          return l > r && !equal(l, r, 0);
        case '>=':
          return l >= r || equal(l, r, 0);
        case '==':
        case '===':
          return equal(l, r, tol);
        case '!=':
        case '!==':
          return !equal(l, r, tol);
        default:
          return undefined;
      }
    }
    case 'cond': {
      const t = truthy(evalNode(n.test, scope, tol));
      if (t === undefined) return undefined;
      return evalNode(t ? n.yes : n.no, scope, tol);
    }
    case 'call':
      return callFn(n.fn, n.args, scope, tol);
    default:
      return undefined;
  }
}

function numbers(args: readonly ExprNode[], scope: ExprScope, tol: number): number[] | undefined {
  const out: number[] = [];
  for (const a of args) {
    const v = num(evalNode(a, scope, tol));
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

function callFn(fn: FunctionName, args: readonly ExprNode[], scope: ExprScope, tol: number): ExprValue {
  switch (fn) {
    case 'prev': {
      const a = args[0];
      if (a?.type !== 'id') return undefined;
      const v = scope.prev(a.name);
      return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
    }
    case 'has': {
      const a = args[0];
      if (a?.type !== 'id') return false;
      const v = scope.get(a.name);
      return typeof v === 'number' && Number.isFinite(v);
    }
    case 'coalesce': {
      for (const a of args) {
        const v = num(evalNode(a, scope, tol));
        if (v !== undefined) return v;
      }
      return undefined;
    }
    default:
      break;
  }
  const xs = numbers(args, scope, tol);
  if (!xs) return undefined;
  switch (fn) {
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
    case 'abs':
      return Math.abs(xs[0]!);
    case 'sum':
      return finite(xs.reduce((s, x) => s + x, 0));
    case 'round': {
      const d = xs[1] ?? 0;
      if (!Number.isInteger(d) || d < 0 || d > 10) return undefined;
      return finite(roundTo(xs[0]!, d));
    }
    case 'ratio':
      return xs[1] === 0 ? undefined : finite(xs[0]! / xs[1]!);
    case 'pct':
      return xs[1] === 0 ? undefined : finite((xs[0]! / xs[1]!) * 100);
    default:
      return undefined;
  }
}

/**
 * Evaluates a parsed expression. Missing values (and division by zero) give `undefined` = no data; results
 * are always finite numbers or booleans otherwise.
 */
export function evaluate(node: ExprNode, scope: ExprScope, opts: EvaluateOptions = {}): ExprValue {
  return evalNode(node, scope, opts.tolerance ?? 0);
}

/** Scope over plain Maps (tests, previews): current-year and previous-year values by indicator id. */
export function mapScope(current: ReadonlyMap<string, number>, previous?: ReadonlyMap<string, number>): ExprScope {
  return {
    get: (id) => current.get(id),
    prev: (id) => previous?.get(id),
  };
}
