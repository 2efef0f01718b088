/**
 * `qar comments <子命令>`: the reviewer's comments, kept in a review file (qar-review) outside the schools' files.
 *
 *   qar comments add REVIEW.json --school 代码或校名 --body 文字 [--target 位置] [--author 姓名] [--reply-to 批注编号]
 *   qar comments resolve REVIEW.json --school 代码或校名 --id 批注编号 [--reopen]
 *   qar comments list REVIEW.json|SCHOOL.qar [--school 代码或校名]
 *   qar comments export REVIEW.json --school 代码或校名 --out 批注.json|批注.docx|批注.xlsx [--workspace SCHOOL.qar]
 *   qar comments import 批注.json --into SCHOOL.qar
 *
 * --target: workspace (default) | cell:表:指标:年度 | block:块编号 | finding:规则编号[:定位键]
 * export --out: .json is the file the school imports; .docx / .xlsx are for reading, with every place in words,
 * read from the school's .qar (the one recorded in the review file, or --workspace), opened read-only.
 * A review file that does not exist is created by `add` only after the school is known to it (`qar review
 * --review-file` adds the schools); `add --name` is not offered to keep school identity tied to reviewed files.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { QarError } from '../errors';
import { resolveSchoolFramework } from '../framework/resolve';
import type { Framework } from '../framework/schema';
import { writeAtomically } from '../fs/atomic';
import type { CommentTarget, ReviewComment } from '../model';
import { describeTarget, type PlaceSource } from '../review/comment-places';
import {
  addReviewComment,
  checkCommentsFileSchool,
  exportSchoolComments,
  findSchool,
  importComments,
  MAX_COMMENTS_FILE_BYTES,
  MAX_REVIEW_FILE_BYTES,
  parseCommentsFile,
  parseReviewFile,
  type ReviewFile,
  replyToComment,
  resolveReviewComment,
  reviewFileJson,
} from '../review/comments';
import { commentsFileBytes, placeSourceFromFile, requireCommentsFormat } from '../review/comments-export';
import { openWorkspace } from '../service';
import { readSmallTextFile } from '../small-file';
import { parseArgs } from './args';
import type { CliCommand } from './types';

const USAGE = [
  'qar comments add 审阅.json --school 学校代码或校名 --body 批注内容 [--target 位置] [--author 姓名] [--reply-to 批注编号]',
  'qar comments resolve 审阅.json --school 学校代码或校名 --id 批注编号 [--reopen]',
  'qar comments list 审阅.json|学校.qar [--school 学校代码或校名]',
  'qar comments export 审阅.json --school 学校代码或校名 --out 批注.json|批注.docx|批注.xlsx [--workspace 学校.qar]',
  'qar comments import 批注.json --into 学校.qar',
].join('；');

function loadReview(path: string): ReviewFile {
  return parseReviewFile(readSmallTextFile(path, MAX_REVIEW_FILE_BYTES, '审阅'));
}

/** workspace | cell:表:指标:年度 | block:编号 | finding:规则[:键] */
export function parseTarget(raw: string | undefined): CommentTarget {
  if (!raw || raw === 'workspace') return { type: 'workspace' };
  const [type, ...rest] = raw.split(':');
  const bad = (): never => {
    throw new QarError(
      'BAD_INPUT',
      `参数有误：批注位置「${raw}」无法识别，应为 workspace、cell:表:指标:年度、block:块编号 或 finding:规则编号[:定位键]。`,
    );
  };
  if (type === 'cell' && rest.length === 3 && /^\d{4}$/.test(rest[2] as string)) {
    return { type: 'cell', tableId: rest[0] as string, indicatorId: rest[1] as string, year: Number(rest[2]) };
  }
  if (type === 'block' && rest.length === 1 && rest[0]) return { type: 'block', blockId: rest[0] };
  if (type === 'finding' && rest.length >= 1 && rest[0])
    return { type: 'finding', ruleId: rest[0], key: rest.slice(1).join(':') };
  return bad();
}

function targetText(t: CommentTarget): string {
  switch (t.type) {
    case 'cell':
      return `单元格 ${t.tableId}/${t.indicatorId}/${t.year}年`;
    case 'block':
      return `段落块 ${t.blockId}`;
    case 'finding':
      return `问题 ${t.ruleId}${t.key ? `（${t.key}）` : ''}`;
    default:
      return '整个工作区';
  }
}

/** Each comment with where it points: in words when the school's workspace is at hand, else by the ids typed. */
function printComments(list: readonly ReviewComment[], places?: PlaceSource): void {
  if (list.length === 0) console.log('（没有批注）');
  for (const c of list) {
    const indent = c.parentId ? '    ↳ ' : '';
    const where = places ? describeTarget(c.target, places).text : targetText(c.target);
    console.log(
      `${indent}[${c.status === 'resolved' ? '已解决' : '未解决'}] ${c.id} ${c.author || '（未署名）'}：${c.body}（${where}）`,
    );
  }
}

const sub: Record<string, (args: string[]) => Promise<number>> = {
  async add(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['审阅文件'],
      options: { school: 'string', body: 'string', target: 'string', author: 'string', 'reply-to': 'string' },
      required: ['school', 'body'],
    });
    const path = a.positionals[0] as string;
    const rf = loadReview(path);
    const school = a.strings.school as string;
    const author = a.strings.author;
    const r = a.strings['reply-to']
      ? replyToComment(rf, school, a.strings['reply-to'], a.strings.body as string, author ? { author } : {})
      : addReviewComment(rf, school, {
          target: parseTarget(a.strings.target),
          body: a.strings.body as string,
          ...(author ? { author } : {}),
        });
    writeAtomically(path, reviewFileJson(r.file));
    console.log(`已添加批注 ${r.comment.id}（${targetText(r.comment.target)}）。`);
    return 0;
  },
  async resolve(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['审阅文件'],
      options: { school: 'string', id: 'string', reopen: 'boolean' },
      required: ['school', 'id'],
    });
    const path = a.positionals[0] as string;
    const next = resolveReviewComment(
      loadReview(path),
      a.strings.school as string,
      a.strings.id as string,
      !a.flags.reopen,
    );
    writeAtomically(path, reviewFileJson(next));
    console.log(a.flags.reopen ? `批注 ${a.strings.id} 已重新打开。` : `批注 ${a.strings.id} 已标记为已解决。`);
    return 0;
  },
  async list(args) {
    const a = parseArgs(args, { usage: USAGE, positionals: ['审阅文件或学校工作区'], options: { school: 'string' } });
    const path = a.positionals[0] as string;
    if (/\.qar$/i.test(path)) {
      const s = await openWorkspace(path, { readonly: true });
      try {
        const ws = s.getWorkspace();
        // 「人才培养质量计分卡 · 毕业去向落实率 · 2024年」 rather than 「单元格 scorecard/grad_placement_rate/2024年」
        let fw: Framework | undefined;
        try {
          fw = resolveSchoolFramework(ws.framework, ws.profile.level, ws);
        } catch {
          fw = undefined; // a framework not found: tables and rules named by their ids, as before
        }
        printComments(s.listComments(), { ws, ...(fw ? { fw } : {}), note: '' });
      } finally {
        s.close();
      }
      return 0;
    }
    const rf = loadReview(path);
    const schools = a.strings.school ? [findSchool(rf, a.strings.school)] : rf.schools;
    for (const s of schools) {
      console.log(`${s.school.name}${s.school.code ? `（${s.school.code}）` : ''}：`);
      printComments(s.comments);
    }
    return 0;
  },
  async export(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['审阅文件'],
      options: { school: 'string', out: 'string', workspace: 'string' },
      required: ['school', 'out'],
    });
    const out = a.strings.out as string;
    const format = requireCommentsFormat(out);
    const rf = loadReview(a.positionals[0] as string);
    const school = findSchool(rf, a.strings.school as string);
    const cf = exportSchoolComments(rf, a.strings.school as string);
    const named = a.strings.workspace;
    const bytes = await commentsFileBytes(cf, format, async () => {
      const src = await placeSourceFromFile(
        named ?? school.file.path,
        school.school,
        school.file.sha256,
        resolveSchoolFramework,
      );
      // a file named on the command line must be usable; the one recorded in the review file may have moved
      if (named && src.unusable)
        throw new QarError('BAD_INPUT', `--workspace 指定的文件不能用：${src.unusable}。没有写出文件。`);
      return src;
    });
    writeAtomically(out, bytes);
    const what = { json: '批注文件', docx: 'Word 文档', xlsx: 'Excel 表格' }[format];
    console.log(`已导出「${cf.school.name}」的批注 ${cf.comments.length} 条（${what}）：${out}。`);
    return 0;
  },
  async import(args) {
    const a = parseArgs(args, {
      usage: USAGE,
      positionals: ['批注文件'],
      options: { into: 'string' },
      required: ['into'],
    });
    const cf = parseCommentsFile(readSmallTextFile(a.positionals[0] as string, MAX_COMMENTS_FILE_BYTES, '批注'));
    const into = a.strings.into as string;
    if (!existsSync(into))
      throw new QarError('NOT_FOUND', `找不到工作区文件「${basename(into)}」，请检查路径是否正确。`);
    // the school is checked on a read-only open first: a refused file is not even opened for writing
    const ro = await openWorkspace(into, { readonly: true });
    try {
      checkCommentsFileSchool(cf, ro.getWorkspace().profile);
    } finally {
      ro.close();
    }
    const session = await openWorkspace(into);
    try {
      const r = importComments(cf, session.getWorkspace().profile, session);
      console.log(
        `已导入批注：新增 ${r.added} 条，已存在跳过 ${r.skipped} 条，标记已解决 ${r.resolved} 条（来自审阅人${cf.reviewer ? `「${cf.reviewer}」` : ''}）。`,
      );
    } finally {
      session.close();
    }
    return 0;
  },
};

export const command: CliCommand = {
  summary: '审阅批注：在审阅文件中添加、回复、解决批注，按校导出批注文件，导入学校工作区',
  usage: USAGE,
  async run(args) {
    const [name, ...rest] = args;
    const fn = name ? sub[name] : undefined;
    if (!fn) {
      throw new QarError('BAD_INPUT', `参数有误：${name ? `不认识的子命令「${name}」` : '缺少子命令'}。用法：${USAGE}`);
    }
    return fn(rest);
  },
};
