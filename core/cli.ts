#!/usr/bin/env node
/**
 * The `qar` command line: `npm run -s qar -- <command> …`. A stable contract (see docs/architecture.md).
 * Each command lives in core/cli/<name>.ts and is registered below. Expected failures (QarError) print one
 * Chinese line on stderr and exit 2; commands choose 0/1 themselves (validate: 1 when errors are found).
 */
import nodeModule from 'node:module';
import { nodeVersionProblem } from './cli/node-version';
import type { CliCommand } from './cli/types';
import { isQarError, TargetExistsError } from './errors';
import { codeCacheDir } from './fs/derived-cache-dir';
import { expectedError } from './fs/disk-errors';

const commands: Record<string, () => Promise<CliCommand>> = {
  // registry: one line per command, name -> lazy import (keeps `qar info` fast)
  demo: () => import('./cli/demo').then((m) => m.command),
  info: () => import('./cli/info').then((m) => m.command),
  new: () => import('./cli/new').then((m) => m.command),
  export: () => import('./cli/export').then((m) => m.command),
  import: () => import('./cli/import').then((m) => m.command),
  validate: () => import('./cli/validate').then((m) => m.command),
  report: () => import('./cli/report').then((m) => m.command),
  selfcheck: () => import('./cli/selfcheck').then((m) => m.command),
  review: () => import('./cli/review').then((m) => m.command),
  district: () => import('./cli/district').then((m) => m.command),
  comments: () => import('./cli/comments').then((m) => m.command),
  framework: () => import('./cli/framework').then((m) => m.command),
};

/** Commands that read many schools' files in one run. */
const MANY_FILES: ReadonlySet<string> = new Set(['review', 'district']);

function usage(): string {
  const names = Object.keys(commands).sort().join(', ');
  return `用法：qar <命令> [参数]。可用命令：${names}。qar --help 列出各命令的说明，qar <命令> --help 显示该命令的用法。示例：npm run -s qar -- demo --out 示例学校.qar`;
}

/** `qar --help`: every command with what it does, and how to ask one for its usage. */
async function overview(): Promise<string> {
  const lines = await Promise.all(
    Object.keys(commands)
      .sort()
      .map(async (n) => `  ${n.padEnd(10)}${(await (commands[n] as () => Promise<CliCommand>)()).summary}`),
  );
  return `质量年报工作台命令行。用法：qar <命令> [参数]\n\n${lines.join('\n')}\n\n查看某个命令的用法：qar <命令> --help，例如 qar report --help。`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(name ? await overview() : usage());
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    console.error(`未知命令「${name}」。${usage()}`);
    return 2;
  }
  // before any native module loads: on an older Node, better-sqlite3 crashes the process without a word
  const tooOld = nodeVersionProblem();
  if (tooOld) {
    console.error(tooOld);
    return 2;
  }
  // before the command's modules load: their compiled code comes from the last run (about 0.1 s of a report's start);
  // a folder that cannot be written only means compiling as before (Node reports it and goes on)
  const codeCache = codeCacheDir();
  // Node's deprecation notices are English and for developers. Bundled, a library's old call (exceljs's zip writer:
  // new Buffer(), DEP0005) no longer looks like a library's to Node (it checks for node_modules in the caller's
  // path) and `qar review --out x.xlsx` printed the notice to the user.
  process.noDeprecation = true;
  if (codeCache) nodeModule.enableCompileCache?.(codeCache);
  // a one-file command's threadpool (./cli/one-file-runtime.ts says why); set first, before any other thread runs
  if (!MANY_FILES.has(name)) (await import('./cli/one-file-runtime')).tuneForOneFile();
  // `qar report`: the photos start resizing now, before the command's own modules load and the workspace is
  // checked and read; the command takes that work only if what it then reads agrees (core/cli/report-head-start.ts)
  const headStart = name === 'report' ? await import('./cli/report-head-start') : undefined;
  headStart?.startReportHeadStart(rest);
  // zod compiles each object schema to JavaScript at its first parse (its JIT): worth it where thousands of rows
  // pass one schema (a review or district draft of many schools), not in a one-file command that parses each
  // schema a few times — there compiling cost more than it saved (qar validate of the demo school: the builtin
  // framework's check 70 → 26 ms, the outlines 41 → 8 ms, profiled). Same checks, same messages either way.
  // Set after the head start, which parses nothing with zod (loading zod first held its photos back), and before
  // the command's own modules load, so before any schema parses.
  if (!MANY_FILES.has(name)) (await import('./zod-jitless')).zodJitless();
  try {
    // a workspace this run locks for writing names the command line as its holder
    (await import('../db/lock')).setLockAppName('qar 命令行');
    const cmd = await load();
    // `qar report --help`: the user asked how, which is not a mistake (exit 0, on stdout)
    if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h' || rest[0] === 'help')) {
      const forms = cmd.usage.split('；');
      console.log(`${cmd.summary}。\n用法：${forms.length > 1 ? `\n  ${forms.join('\n  ')}` : forms[0]}`);
      return 0;
    }
    return await cmd.run(rest);
  } catch (e) {
    const expected = isQarError(e) ? e : expectedError(e);
    if (expected) {
      // every command that writes a new workspace takes --replace
      const hint = e instanceof TargetExistsError ? '如确定要覆盖，请加上 --replace。' : '';
      console.error(expected.message + hint);
      return 2;
    }
    console.error(`内部错误：${e instanceof Error ? e.message : String(e)}。请把这行信息反馈给开发者。`);
    return 3;
  } finally {
    headStart?.stopHeadStart(); // not taken (the command failed): no further photo is read for it
  }
}

const invokedDirectly = process.argv[1] && /cli\.(ts|js|mjs)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
