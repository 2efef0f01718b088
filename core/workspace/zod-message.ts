/**
 * Turns a zod failure into one Chinese sentence naming the JSON path, e.g. 「values[3].value」应为数字.
 * Users see these when an imported file or an API call has the wrong shape; zod's own English never reaches them.
 */
import type * as z from 'zod';
import { QarError } from '../errors';

const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文本',
  boolean: 'true 或 false',
  array: '数组（[…]）',
  object: '对象（{…}）',
  null: 'null',
};

/** values[3].value style path; the root is called 「(整个文件)」. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(整个文件)';
}

/** The value at a zod issue's path in the input (undefined when the path does not exist). */
export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return '数组';
  if (typeof v === 'number') return Number.isFinite(v) ? `数字 ${v}` : String(v);
  if (typeof v === 'string') return `文本「${v.length > 20 ? `${v.slice(0, 20)}…` : v}」`;
  if (typeof v === 'object') return '对象';
  if (typeof v === 'boolean') return `逻辑值 ${v}`;
  return '无法识别的值';
}

/** One issue -> one Chinese clause (without the trailing advice). */
export function issueMessage(issue: z.core.$ZodIssue, input: unknown): string {
  const where = `「${formatPath(issue.path)}」`;
  const got = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const want = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (got === undefined) return `${where}缺失，应为${want}`;
      return `${where}应为${want}，实际是${describe(got)}`;
    }
    case 'invalid_value': {
      const want = issue.values.map((v) => JSON.stringify(v)).join(' / ');
      // a missing field (found by the fuzz suite: 「实际是undefined」 reached users)
      if (got === undefined) return `${where}缺失，应为 ${want}${issue.values.length > 1 ? ' 之一' : ''}`;
      return `${where}应为 ${want} 之一，实际是${describe(got)}`;
    }
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `${where}太短（至少 ${String(issue.minimum)}）`
        : `${where}不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `${where}太长（最多 ${String(issue.maximum)}）`
        : `${where}不能大于 ${String(issue.maximum)}`;
    case 'invalid_union':
      return `${where}的内容不符合任何一种允许的格式`;
    case 'unrecognized_keys':
      return `${where}含有未知字段 ${issue.keys.join('、')}`;
    case 'invalid_format':
      return `${where}格式不正确${/[\u4e00-\u9fff]/.test(issue.message) ? `（${issue.message}）` : ''}`;
    default:
      // custom/regex messages in core/model.ts are already Chinese
      return /[\u4e00-\u9fff]/.test(issue.message) ? `${where}${issue.message}` : `${where}的值不正确`;
  }
}

/** Parses or throws QarError BAD_INPUT with the first issue in Chinese, prefixed by what was being read. */
export function parseOrBadInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
  advice = '',
): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0]!;
  const more = r.error.issues.length > 1 ? `（另有 ${r.error.issues.length - 1} 处问题）` : '';
  throw new QarError('BAD_INPUT', `${what}：${issueMessage(first, input)}${more}。${advice}`.trim());
}
