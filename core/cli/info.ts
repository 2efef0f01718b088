/** `qar info FILE.qar [--json]`: a Chinese summary of a workspace, opened read-only (the file is never changed). */
import { latestSchemaVersion } from '../../db/migrate';
import { frameworkName } from '../framework/name';
import { workspaceInfo } from '../service';
import { parseArgs } from './args';
import type { CliCommand } from './types';

const USAGE = 'qar info 工作区.qar [--json]';

export const command: CliCommand = {
  summary: '显示工作区概况（学校、年度、数据和内容数量、文件结构版本）',
  usage: USAGE,
  async run(args) {
    const a = parseArgs(args, { usage: USAGE, positionals: ['工作区文件（.qar）'], options: { json: 'boolean' } });
    const info = await workspaceInfo(a.positionals[0]!);
    if (a.flags.json) {
      console.log(JSON.stringify(info, null, 2));
      return 0;
    }
    const p = info.profile;
    const c = info.counts;
    const lines = [
      `学校：${p.name}（${p.level}，${p.category}类${p.region ? `，${p.region}` : ''}）`,
      `学校标识码：${p.code || '—'}`,
      `报告年度：${p.reportYear}年度`,
      // named as `qar new` names it: its title (which carries its edition) and version; by its id only when its
      // file cannot say
      `指标体系：${info.frameworkHeading ? frameworkName(info.frameworkHeading) : `「${info.framework.id}」（版本 ${info.framework.version}）`}${
        info.storedFramework &&
        info.storedFramework.id === info.framework.id &&
        info.storedFramework.version === info.framework.version
          ? `，保存在工作区中（来自「${info.storedFramework.sourceName || info.storedFramework.id}」，sha256 ${info.storedFramework.sha256.slice(0, 12)}…）`
          : ''
      }`,
      ...(info.origin
        ? [
            `来自上一年度：「${info.origin.fileName}」（${info.origin.school}，${info.origin.year}年度，sha256 ${info.origin.sha256.slice(0, 12)}…）`,
          ]
        : []),
      `数据年度：${info.years.length ? info.years.map((y) => `${y}年`).join('、') : '—'}`,
      `指标数据：${c.values} 项；修改记录：${c.changes} 条`,
      `报告内容：${c.chapters} 章 ${c.sections} 节 ${c.blocks} 个内容块`,
      `图片：${c.assets} 张；批注：${c.comments} 条`,
      `文件结构版本：${info.fileSchemaVersion}（本程序支持 ${latestSchemaVersion()}）`,
    ];
    console.log(lines.join('\n'));
    return 0;
  },
};
