import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QarError } from '../core/errors';
import {
  formatPath,
  jsonErrorIndex,
  loadFrameworkFile,
  MAX_FRAMEWORK_BYTES,
  parseFramework,
} from '../core/framework/loader';

const GAOZHI = join(import.meta.dirname, '..', 'templates', 'frameworks', 'cn-2024-gaozhi.json');
const baseText = readFileSync(GAOZHI, 'utf8');
// biome-ignore lint/suspicious/noExplicitAny: test fixtures mutate raw JSON freely
type Raw = any;
const base = (): Raw => JSON.parse(baseText);

/** The error thrown by parseFramework for a mutated copy of the 高职 framework. */
function failure(mutate: (fw: Raw) => void, label = '测试框架.json'): QarError {
  const fw = base();
  mutate(fw);
  return failureOfText(JSON.stringify(fw, null, 2), label);
}
function failureOfText(text: string, label = '测试框架.json'): QarError {
  try {
    parseFramework(text, label);
  } catch (e) {
    expect(e).toBeInstanceOf(QarError);
    return e as QarError;
  }
  throw new Error('expected parseFramework to refuse the file');
}
const indexOfIndicator = (fw: Raw, id: string): [number, number] => {
  for (let t = 0; t < fw.tables.length; t++) {
    const i = fw.tables[t].indicators.findIndex((x: Raw) => x.id === id);
    if (i >= 0) return [t, i];
  }
  throw new Error(id);
};
const indexOfRule = (fw: Raw, id: string): number => fw.rules.findIndex((r: Raw) => r.id === id);

const tmp = mkdtempSync(join(tmpdir(), 'qar-fw-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseFramework: valid input', () => {
  it('accepts the shipped 高职 framework and applies defaults', () => {
    const fw = parseFramework(baseText, 'cn-2024-gaozhi.json');
    expect(fw.id).toBe('cn-2024-gaozhi');
    expect(fw.tables).toHaveLength(6);
    expect(fw.rules.every((r) => Array.isArray(r.categories))).toBe(true);
  });
  it('accepts a UTF-8 byte order mark', () => {
    expect(parseFramework(`\ufeff${baseText}`, 'bom.json').id).toBe('cn-2024-gaozhi');
  });
  it('formats paths the way users read them', () => {
    expect(formatPath(['tables', 2, 'indicators', 5, 'formula'])).toBe('tables[2].indicators[5].formula');
    expect(formatPath(['rules', 0, 'aliases', 'a-b'])).toBe('rules[0].aliases["a-b"]');
  });
});

describe('parseFramework: malformed files name file, place and problem', () => {
  it('not JSON: file name and line', () => {
    const e = failureOfText('{\n  "format": "qar-framework",\n  "id": oops\n}', '坏文件.json');
    expect(e.code).toBe('FRAMEWORK');
    expect(e.message).toContain('「坏文件.json」');
    expect(e.message).toContain('不是有效的 JSON');
    expect(e.message).toMatch(/第 3 行/);
  });

  it('locates JSON syntax errors', () => {
    expect(jsonErrorIndex(baseText)).toBe(-1);
    expect(jsonErrorIndex('{"a": [1, 2,]}')).toBe(12);
    expect(jsonErrorIndex('{"a": 1,}')).toBe(8);
    expect(jsonErrorIndex('{"a" 1}')).toBe(5);
    expect(jsonErrorIndex('{"a": "x\\q"}')).toBe(8); // at the bad escape
    expect(jsonErrorIndex('[1] x')).toBe(4);
    expect(jsonErrorIndex('{"a": {"b": [true, nul]}}')).toBe(19);
    expect(jsonErrorIndex('{"a": 1')).toBe(7);
    const e = failureOfText('{\n  "x": 1,\n}', '逗号.json');
    expect(e.message).toContain('第 3 行第 1 列');
  });

  it('not a framework at all', () => {
    const e = failureOfText(JSON.stringify({ format: 'qar-outline', formatVersion: 1 }));
    expect(e.message).toContain('format 应为 "qar-framework"');
    expect(failureOfText('[1,2,3]').message).toContain('应是一个 JSON 对象');
  });

  it('newer format version', () => {
    const e = failure((fw) => {
      fw.formatVersion = 9;
    });
    expect(e.message).toContain('更新版本');
  });

  it('wrong indicator type: path and allowed values', () => {
    const e = failure((fw) => {
      fw.tables[2].indicators[5].type = 'bogus';
    });
    expect(e.message).toContain('「测试框架.json」');
    expect(e.message).toContain('tables[2].indicators[5].type');
    expect(e.message).toContain('percent');
  });

  it('missing field and wrong value type', () => {
    const e = failure((fw) => {
      delete fw.tables[0].indicators[1].name;
      fw.rules[0].severity = 3;
    });
    expect(e.message).toContain('tables[0].indicators[1].name：缺少此项');
    expect(e.message).toContain('rules[0].severity');
  });

  it('unknown rule kind', () => {
    const e = failure((fw) => {
      fw.rules[4].kind = 'magic';
    });
    expect(e.message).toContain('rules[4].kind');
    expect(e.message).toContain('threshold');
  });

  it('formula naming a missing indicator', () => {
    let path = '';
    const e = failure((fw) => {
      const [t, i] = indexOfIndicator(fw, 'grad_placement_rate');
      fw.tables[t].indicators[i].formula = 'grad_placed / grad_totl * 100';
      path = `tables[${t}].indicators[${i}].formula`;
    });
    expect(e.message).toContain(path);
    expect(e.message).toContain('「grad_totl」不存在');
  });

  it('formula syntax error reports the position', () => {
    const e = failure((fw) => {
      const [t, i] = indexOfIndicator(fw, 'dual_teacher_rate');
      fw.tables[t].indicators[i].formula = 'teachers_dual / * 100';
    });
    expect(e.message).toMatch(/formula/);
    expect(e.message).toMatch(/第 \d+ 个字符/);
  });

  it('rule expression error names the rule and position', () => {
    let idx = -1;
    const e = failure((fw) => {
      idx = indexOfRule(fw, 'national.student_teacher_ratio');
      fw.rules[idx].expr = 'student_teacher_ratio <= 18 &&';
    });
    expect(e.message).toContain(`rules[${idx}].expr`);
    expect(e.message).toContain('national.student_teacher_ratio');
    expect(e.message).toMatch(/第 \d+ 个字符/);
  });

  it('duplicate indicator and rule ids', () => {
    const e = failure((fw) => {
      fw.tables[5].indicators[0].id = 'grad_total';
      fw.rules[1].id = fw.rules[0].id;
    });
    expect(e.message).toContain('指标编号「grad_total」与 tables[0].indicators[0] 重复');
    expect(e.message).toContain('规则编号');
    expect(e.message).toContain('rules[1].id');
  });

  it('citation to a document that is not declared', () => {
    const e = failure((fw) => {
      fw.rules[0].citation.doc = 'nowhere';
    });
    expect(e.message).toContain('rules[0].citation.doc');
    expect(e.message).toContain('「nowhere」不在 documents 中');
  });

  it('partOf: missing parent, other table, cycle', () => {
    const missing = failure((fw) => {
      const [t, i] = indexOfIndicator(fw, 'teachers_dual');
      fw.tables[t].indicators[i].partOf = 'no_such';
    });
    expect(missing.message).toMatch(/partOf：所属指标「no_such」不存在/);
    const otherTable = failure((fw) => {
      const [t, i] = indexOfIndicator(fw, 'teachers_dual');
      fw.tables[t].indicators[i].partOf = 'grad_total';
    });
    expect(otherTable.message).toContain('不在同一张表中');
    const cycle = failure((fw) => {
      const [t, i] = indexOfIndicator(fw, 'staff_total');
      fw.tables[t].indicators[i].partOf = 'teachers_dual';
    });
    expect(cycle.message).toContain('形成循环');
  });

  it('formulas that depend on each other in a circle', () => {
    const e = failure((fw) => {
      const [t, i] = indexOfIndicator(fw, 'grad_placed');
      fw.tables[t].indicators[i].formula = 'grad_placement_rate * grad_total / 100';
    });
    expect(e.message).toContain('计算公式之间形成循环');
  });

  it('rule references: missing indicator, derived without formula, min > max, bad category, since > deadline', () => {
    const e = failure((fw) => {
      fw.rules[indexOfRule(fw, 'completeness.national_checks')].indicators.push('ghost');
      fw.rules[indexOfRule(fw, 'derived.grad_placed')].indicator = 'grad_total';
      const range = fw.rules[indexOfRule(fw, 'range.grad_monthly_income')];
      range.min = 50000;
      fw.rules[indexOfRule(fw, 'std2004.general.books_per_student')].categories = ['综合', '魔法'];
      fw.rules[indexOfRule(fw, 'cq.dual_teacher_rate_2027')].since = 2030;
    });
    expect(e.message).toContain('「ghost」不存在');
    // only the first three problems are spelled out; the rest are counted
    expect(e.message).toMatch(/另有 2 处问题/);
    const derived = failure((fw) => {
      fw.rules[indexOfRule(fw, 'derived.grad_placed')].indicator = 'grad_total';
    });
    expect(derived.message).toContain('核对的指标「grad_total」没有计算公式');
    const cat = failure((fw) => {
      fw.rules[indexOfRule(fw, 'std2004.general.books_per_student')].categories = ['综合', '魔法'];
    });
    expect(cat.message).toContain('学校类别「魔法」');
    const since = failure((fw) => {
      fw.rules[indexOfRule(fw, 'cq.dual_teacher_rate_2027')].since = 2030;
    });
    expect(since.message).toContain('起始年份 2030 晚于截止年份 2027');
    const minmax = failure((fw) => {
      fw.rules[indexOfRule(fw, 'range.grad_monthly_income')].min = 50000;
    });
    expect(minmax.message).toContain('min（50000）大于 max（30000）');
  });

  it('unknown message placeholder', () => {
    const e = failure((fw) => {
      fw.rules[0].message = '{year}年数值为{valeu}';
    });
    expect(e.message).toContain('rules[0].message');
    expect(e.message).toContain('{valeu}');
  });

  it('case-length needs a maximum', () => {
    const e = failure((fw) => {
      delete fw.rules[indexOfRule(fw, 'structure.case_length')].max;
    });
    expect(e.message).toContain('缺少字数上限');
  });
});

describe('parseFramework: hostile files are refused', () => {
  const refusedWith = (text: string, ...parts: string[]) => {
    const e = failureOfText(text, 'hostile.json');
    expect(e.code).toBe('FRAMEWORK');
    expect(e.message).toContain('「hostile.json」');
    for (const p of parts) expect(e.message).toContain(p);
    return e;
  };

  it('__proto__ key anywhere (JSON.parse makes it an own property)', () => {
    const text = baseText.replace('"id": "grad_total",', '"__proto__": { "polluted": true }, "id": "grad_total",');
    expect(text).not.toBe(baseText);
    refusedWith(text, '__proto__', 'tables[0].indicators[0]');
    expect(({} as Raw).polluted).toBeUndefined();
  });

  it('constructor / prototype / dunder keys', () => {
    const fw = base();
    fw.rules[2].constructor = { prototype: { isAdmin: true } };
    refusedWith(JSON.stringify(fw), 'rules[2].constructor', '被禁止的键名');
    const fw2 = base();
    fw2.documents.x = { title: 't', prototype: 1 };
    refusedWith(JSON.stringify(fw2), 'prototype');
    const fw3 = base();
    fw3.tables[1].__defineGetter__ = 1;
    refusedWith(JSON.stringify(fw3), '__defineGetter__');
  });

  it('formulas and rules that try to reach globals, prototypes or process', () => {
    const attacks = [
      "constructor.constructor('return process')()",
      'process.exit(1)',
      'grad_total.constructor',
      'this.x',
      'globalThis',
      'require("fs")',
      'eval(1)',
      'grad_total["__proto__"]',
      '(() => 1)()',
      'grad_total = 1',
      'toString(grad_total)',
      'grad_total; 1',
    ];
    for (const a of attacks) {
      const fw = base();
      const idx = indexOfRule(fw, 'national.student_teacher_ratio');
      fw.rules[idx].expr = a;
      const e = failureOfText(JSON.stringify(fw), 'hostile.json');
      expect(e.message, a).toContain(`rules[${idx}].expr`);
    }
    const fw = base();
    const [t, i] = indexOfIndicator(fw, 'grad_placement_rate');
    fw.tables[t].indicators[i].formula = 'process.mainModule';
    refusedWith(JSON.stringify(fw), 'formula');
  });

  it('indicator ids that shadow prototype members or functions', () => {
    for (const id of ['constructor', 'valueof', 'hasownproperty', 'process', 'pct']) {
      const fw = base();
      fw.tables[5].indicators[0].id = id;
      refusedWith(JSON.stringify(fw), 'tables[5].indicators[0].id');
    }
  });

  it('absurd size', () => {
    const big = `{"format":"qar-framework","pad":"${'x'.repeat(MAX_FRAMEWORK_BYTES)}"}`;
    refusedWith(big, '过大');
    // multi-byte text: few UTF-16 units but many bytes
    const cjk = `{"format":"qar-framework","pad":"${'框'.repeat(MAX_FRAMEWORK_BYTES / 3 + 10)}"}`;
    expect(cjk.length).toBeLessThan(MAX_FRAMEWORK_BYTES);
    refusedWith(cjk, '过大');
  });

  it('absurd nesting and node counts', () => {
    const deep = `{"format":"qar-framework","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const e = failureOfText(deep, 'hostile.json');
    expect(e.message).toMatch(/嵌套超过|不是有效的 JSON/);
    const many = `{"format":"qar-framework","x":[${Array.from({ length: 300_000 }, () => '0').join(',')}]}`;
    expect(many.length).toBeLessThan(MAX_FRAMEWORK_BYTES);
    refusedWith(many, '内容过多');
  });

  it('loadFrameworkFile refuses an oversized file before reading it and reports missing files', () => {
    const path = join(tmp, 'huge.json');
    writeFileSync(path, Buffer.alloc(MAX_FRAMEWORK_BYTES + 1, 0x20));
    expect(() => loadFrameworkFile(path)).toThrow(/「huge\.json」过大/);
    let err: unknown;
    try {
      loadFrameworkFile(join(tmp, 'missing.json'));
    } catch (e) {
      err = e;
    }
    expect((err as QarError).code).toBe('NOT_FOUND');
    expect((err as QarError).message).toContain('找不到指标框架文件');
  });

  it('loadFrameworkFile names the file in errors', () => {
    const path = join(tmp, '省级框架.json');
    const fw = base();
    fw.tables[0].indicators[0].formula = 'nope +';
    writeFileSync(path, JSON.stringify(fw));
    expect(() => loadFrameworkFile(path)).toThrow(/「省级框架\.json」.*tables\[0\]\.indicators\[0\]\.formula/);
  });
});
