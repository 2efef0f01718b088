/**
 * docs/使用说明.md is written from the same text as the in-app help (renderer/help/content.ts), so the two never
 * drift apart: `npx tsx scripts/write-help-markdown.ts` rewrites the file and a unit test checks it is current.
 */
import { HELP_INTRO, HELP_SECTIONS, HELP_TITLE, type HelpBlock, type HelpSection } from './content';

function blockToMarkdown(b: HelpBlock): string {
  switch (b.kind) {
    case 'p':
      return b.text;
    case 'h':
      return `### ${b.text}`;
    case 'tip':
      return `> 提示：${b.text}`;
    case 'list':
      return b.items.map((i) => `- ${i}`).join('\n');
    case 'steps':
      return b.items.map((i, n) => `${n + 1}. ${i}`).join('\n');
  }
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces become hyphens. */
export function slug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

export function helpToMarkdown(sections: readonly HelpSection[] = HELP_SECTIONS): string {
  const toc = sections.map((s, i) => `${i + 1}. [${s.title}](#${slug(`${i + 1}. ${s.title}`)})`).join('\n');
  const body = sections.map((s, i) => [`## ${i + 1}. ${s.title}`, ...s.blocks.map(blockToMarkdown)].join('\n\n'));
  return `${[
    `# ${HELP_TITLE}`,
    '<!-- 本文件由 renderer/help/content.ts 生成（npx tsx scripts/write-help-markdown.ts），与程序中的「使用说明」内容相同；请改 content.ts 后重新生成。 -->',
    HELP_INTRO,
    `## 目录\n\n${toc}`,
    ...body,
  ].join('\n\n')}\n`;
}
