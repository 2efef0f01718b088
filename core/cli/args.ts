/**
 * Strict argument parsing for `qar` commands: known options only, each at most once, exact positional count.
 * Mistakes become one Chinese line (QarError BAD_INPUT → exit 2) that repeats the command's usage.
 */
import { QarError } from '../errors';

export interface ArgSpec {
  /** e.g. 'qar export 文件.qar --out 输出.json' */
  usage: string;
  /** names of the positionals, for messages: ['工作区文件'] */
  positionals: string[];
  /** option name (without --) -> kind */
  options: Record<string, 'string' | 'boolean'>;
  /** options that must be given */
  required?: string[];
  /** names of positionals that may follow the required ones, or be left out: ['输出文件'] */
  optional?: string[];
}

export interface ParsedArgs {
  positionals: string[];
  strings: Record<string, string>;
  flags: Record<string, boolean>;
}

export function parseArgs(args: readonly string[], spec: ArgSpec): ParsedArgs {
  const fail = (msg: string): never => {
    throw new QarError('BAD_INPUT', `参数有误：${msg}。用法：${spec.usage}`);
  };
  const out: ParsedArgs = { positionals: [], strings: {}, flags: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const kind = spec.options[name];
      if (!kind) fail(`不认识的选项「${a}」`);
      if (name in out.strings || name in out.flags) fail(`选项「--${name}」重复`);
      if (kind === 'boolean') {
        if (eq >= 0) fail(`选项「--${name}」不带值`);
        out.flags[name] = true;
      } else {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined || v === '' || (eq < 0 && v.startsWith('--'))) fail(`选项「--${name}」后面缺少值`);
        out.strings[name] = v as string;
      }
    } else if (a.startsWith('-') && a.length > 1) {
      fail(`不认识的选项「${a}」`);
    } else {
      out.positionals.push(a);
    }
  }
  if (out.positionals.length < spec.positionals.length) {
    fail(`缺少${spec.positionals[out.positionals.length]}`);
  }
  const most = spec.positionals.length + (spec.optional?.length ?? 0);
  if (out.positionals.length > most) {
    fail(`多余的参数「${out.positionals[most]}」`);
  }
  for (const r of spec.required ?? []) {
    if (!(r in out.strings)) fail(`缺少选项「--${r}」`);
  }
  return out;
}

/**
 * The file a command writes, given either as its one positional (`qar demo 示例.qar`, as the other commands take
 * their file) or as `--out` (as `qar new`): exactly one of the two.
 */
export function outputPositionalOrOut(a: ParsedArgs, usage: string): string {
  const given = a.positionals[0];
  const out = a.strings.out;
  if (given !== undefined && out !== undefined) {
    throw new QarError(
      'BAD_INPUT',
      `参数有误：输出文件给了两次（「${given}」和 --out「${out}」），只给一个。用法：${usage}`,
    );
  }
  const path = given ?? out;
  if (path === undefined) throw new QarError('BAD_INPUT', `参数有误：缺少输出文件。用法：${usage}`);
  return path;
}

/** Refuses an output path with the wrong extension, e.g. `--out 报告.txt` where .json is expected. */
export function requireExtension(path: string, ext: string, what: string): void {
  if (!path.toLowerCase().endsWith(ext)) {
    throw new QarError('BAD_INPUT', `参数有误：${what}「${path}」应以 ${ext} 结尾。`);
  }
}
