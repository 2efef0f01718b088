/** Rewrites docs/使用说明.md from the in-app help text: `npx tsx scripts/write-help-markdown.ts`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpToMarkdown } from '../renderer/help/markdown';

const out = join(import.meta.dirname, '../docs/使用说明.md');
writeFileSync(out, helpToMarkdown(), 'utf8');
console.log(`已写入 ${out}`);
