import { describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import {
  ALLOWED_FUNCTIONS,
  ExprError,
  type ExprNode,
  evaluate,
  identifiersOf,
  isSafeIdentifier,
  MAX_EXPR_LENGTH,
  mapScope,
  parseExpr,
} from '../core/framework/expr';

const cur = new Map<string, number>([
  ['grad_total', 200],
  ['grad_placed', 190],
  ['students', 1800],
  ['teachers', 100],
  ['zero', 0],
]);
const prev = new Map<string, number>([['students', 1500]]);
const scope = mapScope(cur, prev);
const ev = (src: string, tolerance?: number) => evaluate(parseExpr(src), scope, { tolerance });

function refused(src: string): ExprError {
  try {
    parseExpr(src);
  } catch (e) {
    expect(e).toBeInstanceOf(ExprError);
    expect(e).toBeInstanceOf(QarError);
    expect((e as QarError).code).toBe('FRAMEWORK');
    return e as ExprError;
  }
  throw new Error(`accepted: ${src}`);
}

describe('parseExpr: accepted expressions', () => {
  it('builds our own AST, not jsep nodes', () => {
    const n = parseExpr('grad_placed / grad_total * 100');
    expect(n).toEqual({
      type: 'binary',
      op: '*',
      left: {
        type: 'binary',
        op: '/',
        left: { type: 'id', name: 'grad_placed' },
        right: { type: 'id', name: 'grad_total' },
      },
      right: { type: 'num', value: 100 },
    } satisfies ExprNode);
  });

  it('accepts the whole whitelist', () => {
    const src =
      '!(a < 1) && (b <= 2 || c > 3) && d >= -4 && e == +5 && f != 6 && g === 7 && h !== 8 && (i % 2 + j - k * l / m) > 0 ? min(a, b) : max(abs(c), round(d, 2), sum(e, f), prev(g), has(h) ? 1 : 0, ratio(i, j), pct(k, l), coalesce(m, 0))';
    const n = parseExpr(src);
    expect(identifiersOf(n)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm']);
  });

  it('lists the allowed functions', () => {
    expect([...ALLOWED_FUNCTIONS].sort()).toEqual(
      ['abs', 'coalesce', 'has', 'max', 'min', 'pct', 'prev', 'ratio', 'round', 'sum'].sort(),
    );
  });

  it('identifiersOf includes prev()/has() arguments once, in order', () => {
    expect(identifiersOf(parseExpr('students > prev(students) && has(teachers) && students > 0'))).toEqual([
      'students',
      'teachers',
    ]);
  });
});

describe('parseExpr: hostile and malformed expressions are refused', () => {
  it.each([
    ['a.b', 2, '成员访问'],
    ['grad_total.constructor', 11, '成员访问'],
    ['a[0]', 2, '成员访问'],
    ["a['x']", 2, '成员访问'],
    ['a?.b', 2, '成员访问'],
    ['__proto__', 1, '__proto__'],
    ['constructor', 1, '保留名称'],
    ['prototype > 1', 1, '保留名称'],
    ['x + hasownproperty', 5, '不允许'],
    ['tostring(1)', 1, '不允许调用函数'],
    ['valueOf', 1, '保留名称'],
    ['eval(1)', 1, '不允许调用函数'],
    ['Math.max(1, 2)', 1, '不允许使用「Math」'],
    ['process', 1, '保留名称'],
    ['this', 1, 'this'],
    ['this.x', 1, 'this'],
    ['"abc"', 1, '字符串'],
    ["a == 'x'", 6, '字符串'],
    ['`x`', 1, '字符串'],
    ['[1, 2]', 1, '数组'],
    ['{a: 1}', 1, '对象'],
    ['a; b', 2, '多条语句'],
    ['a = 1', 3, '运算符「=」'],
    ['a & b', 3, '运算符「&」'],
    ['a | b', 3, '运算符「|」'],
    ['~a', 1, '运算符「~」'],
    ['a ** 2', 3, '运算符「**」'],
    ['a ?? b', 3, '运算符「??」'],
    ['a >> 1', 3, '运算符「>>」'],
    ['a => a', 3, '运算符「=>」'],
    ['foo(1)', 1, '不允许调用函数「foo」'],
    ['min', 1, '后面必须跟括号'],
    ['MyValue', 1, '指标编号'],
    ['学生数 > 1', 1, '指标编号'],
    ['null', 1, '保留名称'],
    ['undefined', 1, '保留名称'],
    ['1.2.3', 4, '成员访问'],
    ['2x', 1, '写法不正确'],
    ['a @ b', 3, '字符「@」'],
    ['\\u0061', 1, '字符'],
  ])('%s → position %i', (src, position, words) => {
    const e = refused(src);
    expect(e.position).toBe(position);
    expect(e.message).toContain(words);
    expect(e.message).toContain(`表达式第 ${position} 个字符处`);
  });

  it('refuses structures jsep builds from allowed characters', () => {
    expect(refused('a b').message).toContain('只能是一个表达式');
    expect(refused('a, b').message).toContain('只能是一个表达式');
    expect(refused('(a, b)').message).toContain('只能是一个表达式');
    expect(refused('(a)(b)').message).toContain('不允许调用函数');
    expect(refused('-a--').message).toContain('运算符「--」');
    expect(refused('prev(a + 1)').message).toContain('参数必须是一个指标编号');
    expect(refused('has(1)').message).toContain('参数必须是一个指标编号');
    expect(refused('abs(1, 2)').message).toContain('需要 1 个参数');
    expect(refused('ratio(1)').message).toContain('需要 2 个参数');
    expect(refused('1e999 > 1').message).toContain('超出范围');
    expect(refused('true(1)').message).toContain('白名单函数');
  });

  it('refuses syntax errors with a position', () => {
    const e = refused('a + ');
    expect(e.message).toContain('语法错误');
    expect(e.position).toBeGreaterThan(0);
    expect(refused('(a + b').message).toContain('语法错误');
    expect(refused('a ? b').message).toContain('语法错误');
    expect(refused('').message).toContain('不能为空');
    expect(refused('   ').message).toContain('不能为空');
  });

  it('refuses huge input and deep nesting', () => {
    const long = Array.from({ length: 200 }, () => 'a').join(' + ');
    expect(long.length).toBeGreaterThan(MAX_EXPR_LENGTH);
    expect(refused(long).message).toContain('表达式过长');
    expect(refused(`${'('.repeat(40)}a${')'.repeat(40)}`).message).toContain('嵌套');
    expect(refused(`${'- '.repeat(60)}a`).message).toContain('嵌套');
    expect(refused('x'.repeat(100_000)).message).toContain('表达式过长');
  });

  it('isSafeIdentifier', () => {
    expect(isSafeIdentifier('grad_total')).toBe(true);
    for (const bad of ['__proto__', 'constructor', 'prototype', 'tostring', 'Grad', '1a', 'min', 'has', '']) {
      expect(isSafeIdentifier(bad), bad).toBe(false);
    }
  });
});

describe('evaluate', () => {
  it('computes arithmetic, comparisons and functions', () => {
    expect(ev('grad_placed / grad_total * 100')).toBe(95);
    expect(ev('round(grad_placed / 3, 2)')).toBe(63.33);
    expect(ev('round(1.005, 2)')).toBe(1.01);
    expect(ev('pct(grad_placed, grad_total)')).toBe(95);
    expect(ev('ratio(students, teachers)')).toBe(18);
    expect(ev('min(3, students, 7)')).toBe(3);
    expect(ev('max(3, students, 7)')).toBe(1800);
    expect(ev('abs(-4)')).toBe(4);
    expect(ev('sum(1, 2, 3)')).toBe(6);
    expect(ev('students % 7')).toBe(1800 % 7);
    expect(ev('students / teachers <= 18')).toBe(true);
    expect(ev('students / teachers < 18')).toBe(false);
    expect(ev('0.1 + 0.2 == 0.3')).toBe(true);
    expect(ev('grad_placed > grad_total ? 1 : 2')).toBe(2);
    expect(ev('!(students > 0)')).toBe(false);
    expect(ev('-students + +teachers')).toBe(-1700);
  });

  it('reads previous-year values and presence', () => {
    expect(ev('students / prev(students) - 1')).toBeCloseTo(0.2);
    expect(ev('prev(teachers)')).toBeUndefined();
    expect(ev('has(students)')).toBe(true);
    expect(ev('has(missing)')).toBe(false);
    expect(ev('coalesce(missing, 0)')).toBe(0);
    expect(ev('coalesce(missing, students)')).toBe(1800);
  });

  it('missing data gives undefined, never NaN or 0', () => {
    for (const src of [
      'missing',
      'missing + 1',
      'missing * 0',
      'missing > 1',
      '-missing',
      '!missing',
      'min(missing, 1)',
      'sum(1, missing)',
      'abs(missing)',
      'round(missing, 2)',
      'students / zero',
      'students % zero',
      'ratio(students, zero)',
      'pct(students, zero)',
      'missing ? 1 : 2',
      'true && missing > 1',
      'false || missing > 1',
      'round(1.5, 0.5)',
    ]) {
      expect(ev(src), src).toBeUndefined();
    }
  });

  it('uses Kleene logic for && and ||', () => {
    expect(ev('false && missing > 1')).toBe(false);
    expect(ev('missing > 1 && false')).toBe(false);
    expect(ev('true || missing > 1')).toBe(true);
    expect(ev('missing > 1 || true')).toBe(true);
    expect(ev('!has(missing) || missing > 1')).toBe(true);
  });

  it('applies tolerance to == and !=', () => {
    expect(ev('students == 1801')).toBe(false);
    expect(ev('students == 1801', 1)).toBe(true);
    expect(ev('students != 1801', 1)).toBe(false);
    expect(ev('students === 1803', 2)).toBe(false);
  });

  it('never looks names up on objects', () => {
    const hostileScope = {
      get: (id: string) => (id === 'grad_total' ? 5 : undefined),
      prev: () => undefined,
    };
    // A prototype-ish id cannot even be parsed; an unknown safe id is simply missing.
    expect(() => parseExpr('constructor')).toThrow(ExprError);
    expect(evaluate(parseExpr('to_string + 1'), hostileScope)).toBeUndefined();
    expect(evaluate(parseExpr('grad_total + 1'), hostileScope)).toBe(6);
  });
});
