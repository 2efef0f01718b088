/**
 * One call through the API contract, the same for every door (Electron IPC, the browser host, tests):
 * check the method name, validate the input with its zod schema, run the handler, validate the output (in dev and
 * test), and wrap everything in the `{ ok, data | error }` envelope with a Chinese message.
 *
 * Pure apart from console logging of unexpected errors (so a developer sees the stack; the user sees one line).
 */
import type * as z from 'zod';
// the one locale by its own path: the `locales` namespace carries all of zod's ~50 languages into every bundle
import zhCNLocale from 'zod/v4/locales/zh-CN.js';
import {
  type ApiContract,
  type ApiError,
  type ApiMethod,
  type ApiOutput,
  type ApiParsedInput,
  type ApiResult,
  apiContract,
  isApiMethod,
} from '../api';
import { isQarError } from '../errors';
import { expectedError } from '../fs/disk-errors';

/** One implementation per method; receives the validated input. */
export type ApiHandlers = { [M in ApiMethod]: (input: ApiParsedInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>> };

export interface DispatchOptions {
  /** validate outputs too (catches contract drift early); default: on unless NODE_ENV is 'production' */
  checkOutput?: boolean;
  /** where unexpected errors are logged; default console.error */
  log?: (message: string, error: unknown) => void;
}

const zhCN = zhCNLocale().localeError;

/** Zod issues as one Chinese sentence: 输入有误：changes[0].value：无效输入：期望 数字，实际接收 string。 */
export function formatIssues(error: z.ZodError, max = 3): string {
  const parts = error.issues.slice(0, max).map((i) => {
    const path = i.path
      .map((p, k) => (typeof p === 'number' ? `[${p}]` : `${k === 0 ? '' : '.'}${String(p)}`))
      .join('');
    return path ? `${path}：${i.message}` : i.message;
  });
  const more = error.issues.length > max ? `等 ${error.issues.length} 处` : '';
  return `输入有误：${parts.join('；')}${more}。`;
}

export function internalError(e: unknown): ApiError {
  const detail = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: `内部错误：${detail}。请把这行信息反馈给开发者。` };
}

/** Any thrown value as an envelope error: QarError passes through, the rest becomes 内部错误. */
export function toApiError(e: unknown): ApiError {
  const expected = expectedError(e);
  if (expected) return { code: expected.code, message: expected.message };
  return internalError(e);
}

export function parseInput<M extends ApiMethod>(
  method: M,
  raw: unknown,
): { ok: true; data: ApiParsedInput<M> } | { ok: false; error: ApiError } {
  const schema = apiContract[method].input as ApiContract[M]['input'];
  // A missing body means "no arguments": methods without input take {}.
  const r = schema.safeParse(raw === undefined || raw === null ? {} : raw, { error: zhCN });
  if (r.success) return { ok: true, data: r.data as ApiParsedInput<M> };
  return { ok: false, error: { code: 'BAD_INPUT', message: formatIssues(r.error) } };
}

function defaultCheckOutput(): boolean {
  return typeof process === 'undefined' || process.env?.NODE_ENV !== 'production';
}

/** Run one API call and always answer with an envelope (never throws). */
export async function dispatch(
  handlers: ApiHandlers,
  method: unknown,
  rawInput: unknown,
  opts: DispatchOptions = {},
): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `未知的操作「${String(method).slice(0, 60)}」。` } };
  }
  const input = parseInput(method, rawInput);
  if (!input.ok) return input;
  const log = opts.log ?? ((m: string, e: unknown) => console.error(m, e));
  try {
    const handler = handlers[method] as (i: unknown) => unknown;
    const data = await handler(input.data);
    if (opts.checkOutput ?? defaultCheckOutput()) {
      const out = apiContract[method].output.safeParse(data);
      if (!out.success) {
        log(`[api] ${method} returned data outside its contract`, out.error);
        return {
          ok: false,
          error: internalError(new Error(`「${method}」的返回数据不符合接口约定（${formatIssues(out.error)}）`)),
        };
      }
      return { ok: true, data: out.data };
    }
    return { ok: true, data };
  } catch (e) {
    if (!isQarError(e) && !expectedError(e)) log(`[api] ${method} failed`, e);
    return { ok: false, error: toApiError(e) };
  }
}
